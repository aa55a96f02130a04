"""The long-range recall tasks: pairs given early, a long stretch of filler, a
question naming one of them.

One example with ``pairs`` = P and distance d reads

    remember <name=colour> x P  <filler x (d - 2)>  who <name>

and the answer, the word after the asked name, is that name's colour. Each
pair is one word ("ada=red"), so a single attention layer can find it by its
name and read its colour off it. The question word (the asked name, last) sits
d positions after the LAST pair; the asked pair is d to d + P - 1 back. With
P = 1 it is the plain "carry one symbol over a long gap" task (Hochreiter &
Schmidhuber 1997, LSTM experiments 2 and 6); with several pairs it is
multi-query associative recall as in Zoology (Arora et al. 2023), where a
fixed-size recurrent memory has to hold every pair until it knows which is
asked. Names, colours and filler words are disjoint and made up here.

Everything is drawn from a numpy Generator, so a seed gives the same examples.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NAMES = ("ada", "bob", "cy", "dee", "eve", "finn", "gus", "hal")
COLOURS = ("red", "blue", "green", "gold", "grey", "pink", "teal", "plum")
FILLER = ("the", "a", "river", "stone", "walked", "slowly", "over", "near",
          "hill", "and", "then", "rain", "fell", "on", "old", "roof", "bird",
          "sang", "at", "tree", "light", "came", "through", "window", "cold",
          "wind", "blew", "across", "field", "small", "dog", "ran")  # fmt: skip
REMEMBER, QUESTION = "remember", "who"
PAIRS = tuple(f"{n}={c}" for n in NAMES for c in COLOURS)  # name-major
VOCAB = (REMEMBER, QUESTION, *NAMES, *COLOURS, *PAIRS, *FILLER)
NAME_IDS = np.arange(2, 2 + len(NAMES))
COLOUR_IDS = NAME_IDS[-1] + 1 + np.arange(len(COLOURS))
PAIR_IDS = COLOUR_IDS[-1] + 1 + np.arange(len(PAIRS))
FILLER_IDS = PAIR_IDS[-1] + 1 + np.arange(len(FILLER))
MIN_DISTANCE = 2  # the question word is at least two after the last pair


@dataclass
class Batch:
    """Examples of one distance: tokens (B, P + d + 1), answer colour ids (B,),
    position of the asked pair (B,), distance d and pairs P.

    Pairs sit at positions 1..P, 'who' at P + d - 1, the asked name at
    P + d (the last); the answer is read off the output at the last position.
    """

    tokens: np.ndarray
    answer: np.ndarray
    asked: np.ndarray
    distance: int
    pairs: int

    @property
    def question_position(self) -> int:
        return self.pairs + self.distance


def make_batch(distance: int, size: int, rng: np.random.Generator,
               pairs: int = 1) -> Batch:
    """``size`` examples whose question is ``distance`` words after the last of
    ``pairs`` pairs (distinct names, colours drawn freely).

    Raises ValueError for a distance below 2, a size below 1, or pairs outside
    1..len(NAMES).
    """
    if distance < MIN_DISTANCE or size < 1 or not 1 <= pairs <= len(NAMES):
        raise ValueError(
            f"need distance >= {MIN_DISTANCE}, size >= 1 and 1 <= pairs <= "
            f"{len(NAMES)}, got distance {distance}, size {size}, pairs {pairs}"
        )
    names = np.argsort(rng.random((size, len(NAMES))), 1)[:, :pairs]  # (B, P)
    colours = rng.integers(0, len(COLOURS), (size, pairs))  # (B, P)
    which = rng.integers(0, pairs, size)  # (B,) the asked pair
    rows = np.arange(size)
    tokens = np.empty((size, pairs + distance + 1), dtype=np.int64)
    tokens[:, 0] = VOCAB.index(REMEMBER)
    tokens[:, 1:pairs + 1] = PAIR_IDS[names * len(COLOURS) + colours]
    tokens[:, pairs + 1:-2] = rng.choice(FILLER_IDS, (size, distance - 2))
    tokens[:, -2] = VOCAB.index(QUESTION)
    tokens[:, -1] = NAME_IDS[names[rows, which]]
    answer = COLOUR_IDS[colours[rows, which]].astype(np.int64)
    return Batch(tokens, answer, 1 + which, distance, pairs)


def training_distance(low: int, high: int, rng: np.random.Generator) -> int:
    """A distance drawn log-uniformly from low..high (as many 8-16 as 256-512)."""
    return int(round(np.exp(rng.uniform(np.log(low), np.log(high)))))


def words(tokens: np.ndarray) -> list[str]:
    """Token ids (T,) -> their words."""
    return [VOCAB[int(t)] for t in tokens]
