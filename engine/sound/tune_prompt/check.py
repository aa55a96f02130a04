"""Reading a tune's speed, direction and ending back from its notes, by fixed
rules: the independent check of the tune-prompt chapter. It never sees the
model or the generator, only (scale degree, beats) pairs (``notes.notes_of``).

- speed: the mean number of beats a note lasts. ``fast`` if at most
  FAST_BEATS, ``slow`` if at least SLOW_BEATS, neither in between.
- direction: a straight line fitted by least squares to the pitch sounding on
  each beat (scale degrees over time in beats); its rise over the tune is the
  slope times the beats from first to last. ``rising`` if the rise is at least
  +MOVE_DEGREES, ``falling`` if at most -MOVE_DEGREES, ``steady`` if within
  +-STEADY_DEGREES, neither in between.
- ending: the last note. ``high``, ``low`` or ``home`` if it is one of
  ``data.ENDING_DEGREES`` for that word, neither otherwise.

"Neither" is -1. Numpy only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.sound.tune_prompt.data import DIRECTIONS, ENDING_DEGREES, ENDINGS, SPEEDS

FAST_BEATS = 1.5  # mean beats a note, at most, for a fast tune
SLOW_BEATS = 2.0  # mean beats a note, at least, for a slow tune
MOVE_DEGREES = 3.0  # fitted rise (scale degrees), at least, to rise or fall
STEADY_DEGREES = 1.5  # fitted rise, at most either way, to stay steady
NEITHER = -1


@dataclass(frozen=True)
class Reading:
    """What the rules read from one tune: codes into SPEEDS, DIRECTIONS and
    ENDINGS (-1: none of them), and the measured amounts behind them."""

    speed: int
    direction: int
    ending: int
    beats_per_note: float  # mean beats a note (0 for a tune with no notes)
    rise: float  # fitted rise in scale degrees over the tune (0 if under 2 beats)
    last: int  # scale degree of the last note (-1 for no notes)

    def codes(self) -> tuple[int, int, int]:
        return (self.speed, self.direction, self.ending)

    def agrees(self, asked: tuple[int, int, int]) -> bool:
        """True if all three properties read are the ones ``asked``."""
        return self.codes() == tuple(int(a) for a in asked)

    def words(self) -> list[str]:
        """The property words read, '?' where none fits."""
        return [names[c] if c >= 0 else "?"
                for names, c in zip((SPEEDS, DIRECTIONS, ENDINGS), self.codes(),
                                    strict=True)]


def beat_pitches(notes: list[tuple[int, int]]) -> np.ndarray:
    """The scale degree sounding on each beat: (total beats,) float64."""
    return np.repeat([float(d) for d, _ in notes], [int(b) for _, b in notes])


def fitted_rise(notes: list[tuple[int, int]]) -> float:
    """Rise of the least-squares line through the beat pitches, over the tune:
    slope (degrees a beat) times (beats - 1). 0 for fewer than two beats."""
    y = beat_pitches(notes)
    if len(y) < 2:
        return 0.0
    t = np.arange(len(y), dtype=np.float64)
    slope = np.polyfit(t, y, 1)[0]
    return float(slope * (len(y) - 1))


def read(notes: list[tuple[int, int]]) -> Reading:
    """The Reading of one tune given as (scale degree, beats) pairs."""
    if not notes:
        return Reading(NEITHER, NEITHER, NEITHER, 0.0, 0.0, NEITHER)
    per_note = float(np.mean([b for _, b in notes]))
    speed = (SPEEDS.index("fast") if per_note <= FAST_BEATS
             else SPEEDS.index("slow") if per_note >= SLOW_BEATS else NEITHER)
    rise = fitted_rise(notes)
    direction = (DIRECTIONS.index("rising") if rise >= MOVE_DEGREES
                 else DIRECTIONS.index("falling") if rise <= -MOVE_DEGREES
                 else DIRECTIONS.index("steady") if abs(rise) <= STEADY_DEGREES
                 else NEITHER)
    last = int(notes[-1][0])
    ending = next((ENDINGS.index(name) for name, degrees in ENDING_DEGREES.items()
                   if last in degrees), NEITHER)
    return Reading(speed, direction, ending, per_note, rise, last)
