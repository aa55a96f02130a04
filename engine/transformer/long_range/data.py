"""The long-range recall task: a name early, a long stretch of filler, a question.

One example of distance d reads

    remember <name> <filler x (d - 1)> who

and the answer, the word after ``who``, is the name: the question sits d
positions after the deciding word. Names and filler words are disjoint, so the
only way to answer is to carry the name (a recurrent network) or to look back
at it (attention) across the whole stretch. This is the "copy a symbol over a
long gap" family of tasks used to probe memory since Hochreiter & Schmidhuber
(1997, LSTM, experiments 2 and 6); the words are made up here.

Everything is drawn from a numpy Generator, so a seed gives the same examples.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NAMES = ("anna", "ben", "carl", "dora", "eli", "fay", "gus", "hana", "ivan",
         "june", "kai", "lena", "milo", "nora", "otto", "pia")  # fmt: skip
FILLER = ("the", "a", "river", "stone", "walked", "slowly", "over", "green",
          "hill", "and", "then", "rain", "fell", "on", "old", "roof", "bird",
          "sang", "near", "tree", "light", "came", "through", "window", "cold",
          "wind", "blew", "across", "field", "small", "dog", "ran")  # fmt: skip
REMEMBER, QUESTION = "remember", "who"
VOCAB = (REMEMBER, QUESTION, *NAMES, *FILLER)
NAME_IDS = np.arange(2, 2 + len(NAMES))  # ids of the names in VOCAB
FILLER_IDS = np.arange(2 + len(NAMES), len(VOCAB))


@dataclass
class Batch:
    """Examples of one distance: tokens (B, d + 2), answer ids (B,), distance d.

    The name sits at position 1, the question at position d + 1 (the last);
    the answer is to be read off the output at the last position.
    """

    tokens: np.ndarray
    answer: np.ndarray
    distance: int

    @property
    def name_position(self) -> int:
        return 1

    @property
    def question_position(self) -> int:
        return self.distance + 1


def make_batch(distance: int, size: int, rng: np.random.Generator) -> Batch:
    """``size`` examples whose question is ``distance`` words after the name.

    Raises ValueError for a distance below 1 or a size below 1.
    """
    if distance < 1 or size < 1:
        raise ValueError(f"distance and size must be >= 1, got {distance}, {size}")
    names = rng.choice(NAME_IDS, size)  # (B,)
    filler = rng.choice(FILLER_IDS, (size, distance - 1))  # (B, d - 1)
    tokens = np.empty((size, distance + 2), dtype=np.int64)
    tokens[:, 0] = VOCAB.index(REMEMBER)
    tokens[:, 1] = names
    tokens[:, 2:-1] = filler
    tokens[:, -1] = VOCAB.index(QUESTION)
    return Batch(tokens, names.astype(np.int64), distance)


def training_distance(low: int, high: int, rng: np.random.Generator) -> int:
    """A distance drawn log-uniformly from low..high (as many 8-16 as 256-512)."""
    return int(round(np.exp(rng.uniform(np.log(low), np.log(high)))))


def words(tokens: np.ndarray) -> list[str]:
    """Token ids (T,) -> their words."""
    return [VOCAB[int(t)] for t in tokens]
