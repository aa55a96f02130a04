"""Tunes made to order: for a combination of speed, direction and ending
(``data.Combo``), a tune of ``data.BEATS`` beats that has exactly those
properties, drawn at random so that no two are alike. The training data of the
tune-prompt model. Numpy only.

How a tune is made:

- note lengths: a fast tune is mostly one-beat notes (0-3 of them last two
  beats); a slow one is made of 2-, 3- and 4-beat notes;
- pitches: the last note is drawn from the ending's notes
  (``data.ENDING_DEGREES``); a rising tune starts 4-9 scale steps below it, a
  falling one as far above, a steady one within a step of it; the notes in
  between follow a curved line from the first to the last, each nudged up or
  down a step at random;
- a draw whose line does not rise or fall clearly enough (or, for a steady
  tune, stays too tilted) is drawn again: the margins here are wider than the
  independent check's (``check.py``), so every tune made passes it.

    python -m engine.sound.tune_prompt.generate      # print a tune per combination
"""

from __future__ import annotations

import numpy as np

from engine.sound.notes import BOS, DEGREES, EOS, HOLD, NOTE_NAMES, encode
from engine.sound.tune_prompt.data import (
    ALL_COMBOS,
    BEATS,
    ENDING_DEGREES,
    TRAIN_COMBOS,
    Combo,
)

TUNE_TOKENS = BEATS + 2  # <s>, one token a beat, </s>
MIN_MOVE = 4  # scale steps between first and last note of a rising/falling tune
MAX_MOVE = 9
RISE_MARGIN = 3.5  # fitted rise a rising (falling) tune must reach, at least
STEADY_MARGIN = 1.0  # fitted rise a steady tune must stay within
TRIES = 200


def _lengths(speed: str, rng: np.random.Generator) -> list[int]:
    """Beats of each note, summing to BEATS."""
    if speed == "fast":
        longer = int(rng.integers(0, 4))  # two-beat notes among one-beat ones
        lengths = [2] * longer + [1] * (BEATS - 2 * longer)
        rng.shuffle(lengths)
        return lengths
    while True:  # slow: 2-4 beats a note, drawn until they fill the tune exactly
        lengths: list[int] = []
        while sum(lengths) < BEATS:
            lengths.append(int(rng.choice([2, 3, 4], p=[0.4, 0.35, 0.25])))
        if sum(lengths) == BEATS:
            return lengths


def _pitches(direction: str, ending: str, n: int, rng: np.random.Generator) -> list:
    """Scale degrees of ``n`` notes with the asked direction and ending."""
    choices = list(ENDING_DEGREES[ending])
    if direction == "rising":
        choices = [e for e in choices if e >= MIN_MOVE]
    elif direction == "falling":
        choices = [e for e in choices if e <= DEGREES - 1 - MIN_MOVE]
    last = int(rng.choice(choices))
    if direction == "steady":
        first = int(np.clip(last + rng.integers(-1, 2), 0, DEGREES - 1))
        line = np.full(n, float(last))
        line[0] = first
    else:
        room = last if direction == "rising" else DEGREES - 1 - last
        move = int(rng.integers(MIN_MOVE, min(MAX_MOVE, room) + 1))
        first = last - move if direction == "rising" else last + move
        bend = rng.uniform(0.6, 1.6)  # how the line curves: early or late movement
        frac = np.linspace(0.0, 1.0, n) ** bend
        line = first + (last - first) * frac
    nudge = rng.choice([-1, 0, 1], size=n, p=[0.25, 0.5, 0.25])
    nudge[0] = nudge[-1] = 0
    pitches = np.clip(np.round(line) + nudge, 0, DEGREES - 1).astype(int)
    pitches[-1] = last
    return [int(p) for p in pitches]


def _line_rise(pitches: list[int], lengths: list[int]) -> float:
    """Rise of the least-squares line through the pitch on each beat."""
    y = np.repeat(pitches, lengths).astype(np.float64)
    slope = np.polyfit(np.arange(len(y)), y, 1)[0]
    return float(slope * (len(y) - 1))


def make_tune(combo: Combo, rng: np.random.Generator) -> list[tuple[int, int]]:
    """A random tune with ``combo``'s properties: (scale degree, beats) pairs
    summing to BEATS beats. Raises RuntimeError if TRIES draws all miss the
    margins (a bug: every combination is reachable)."""
    for _ in range(TRIES):
        lengths = _lengths(combo.speed, rng)
        pitches = _pitches(combo.direction, combo.ending, len(lengths), rng)
        rise = _line_rise(pitches, lengths)
        ok = {
            "rising": rise >= RISE_MARGIN,
            "falling": rise <= -RISE_MARGIN,
            "steady": abs(rise) <= STEADY_MARGIN,
        }[combo.direction]
        if ok:
            return list(zip(pitches, lengths, strict=True))
    raise RuntimeError(f"no tune found for {combo.prompt!r}")


def tune_tokens(notes: list[tuple[int, int]]) -> list[str]:
    """The tokens of a tune: <s>, each note's name then a hold per extra beat, </s>."""
    out = [BOS]
    for degree, beats in notes:
        out += [NOTE_NAMES[degree]] + [HOLD] * (beats - 1)
    return out + [EOS]


def make_dataset(n: int, seed: int, combos: tuple[Combo, ...] = TRAIN_COMBOS):
    """``n`` tunes of combinations drawn evenly from ``combos`` (by default the
    training ones). Returns (token ids (n, TUNE_TOKENS) int64, combination of
    each as an index into ALL_COMBOS (n,) int64)."""
    rng = np.random.default_rng(seed)
    combo_index = _draw_combos(n, rng, combos)
    tokens = np.stack([encode(tune_tokens(make_tune(ALL_COMBOS[k], rng)))
                       for k in combo_index])
    return tokens, combo_index


def _draw_combos(n: int, rng: np.random.Generator, combos) -> np.ndarray:
    which = np.resize(np.arange(len(combos)), n)  # each combination as often
    rng.shuffle(which)
    return np.array([ALL_COMBOS.index(combos[k]) for k in which], dtype=np.int64)


def dataset_combos(n: int, seed: int, combos: tuple[Combo, ...] = TRAIN_COMBOS):
    """The combination of each tune ``make_dataset(n, seed, combos)`` makes, as
    an index into ALL_COMBOS (n,), without making the tunes."""
    return _draw_combos(n, np.random.default_rng(seed), combos)


if __name__ == "__main__":
    demo = np.random.default_rng(0)
    for c in ALL_COMBOS:
        print(f"{c.prompt:34s}", " ".join(tune_tokens(make_tune(c, demo))[1:-1]))
