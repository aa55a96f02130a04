"""The words a tune prompt is made of, which combinations of them exist, and
which are held out of training.

A prompt asks for three properties of a tune, one word each:

- speed: ``slow`` (long notes: 2-4 beats each) or ``fast`` (mostly one beat);
- direction: ``rising``, ``falling`` or ``steady`` (the line the pitches
  follow over time);
- ending: ``high`` (the last note is F5 or above), ``low`` (G4 or below) or
  ``home`` (the home note of the key, C5).

plus the filler words ``tune`` and ``ending``, as in "slow rising tune ending
high". The model always reads the words in that order (``canonical_words``),
``<start>`` first, so attention has somewhere to rest.

Some combinations are held out: no training tune has them, though every word
and every pair of words appears in training, so the model has to put together
words it met apart (as ``engine/hybrid/data.py`` holds out colour, shape and
place combinations).

Numpy only (no torch): the prompt check ``engine/sound/tune_prompt/prompt.py``
imports this module and must be quick.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

START = "<start>"
SPEEDS = ("slow", "fast")
DIRECTIONS = ("rising", "falling", "steady")
ENDINGS = ("high", "low", "home")
FILLERS = ("tune", "ending")
VOCAB = (START, *SPEEDS, *DIRECTIONS, *ENDINGS, *FILLERS)
WORD_ID = {w: i for i, w in enumerate(VOCAB)}
PROMPT_LENGTH = 6  # <start> speed direction tune ending <ending>

# The scale degrees (notes.py: 0 = C4 ... 14 = C6) each ending allows for the
# last note: disjoint, so a last note has one reading at most.
ENDING_DEGREES = {
    "high": tuple(range(10, 15)),  # F5 G5 A5 B5 C6
    "low": tuple(range(0, 5)),  # C4 D4 E4 F4 G4
    "home": (7,),  # C5, the home note in the middle of the range
}

BEATS = 16  # every training tune lasts 16 beats (four bars of four)


@dataclass(frozen=True)
class Combo:
    """One combination of the three properties a prompt asks for."""

    speed: str
    direction: str
    ending: str

    @property
    def words(self) -> list[str]:
        """The prompt the model reads, without ``<start>``:
        e.g. ['slow', 'rising', 'tune', 'ending', 'high']."""
        return [self.speed, self.direction, "tune", "ending", self.ending]

    @property
    def prompt(self) -> str:
        return " ".join(self.words)

    def codes(self) -> tuple[int, int, int]:
        """(speed, direction, ending) as indices into SPEEDS, DIRECTIONS, ENDINGS."""
        return (SPEEDS.index(self.speed), DIRECTIONS.index(self.direction),
                ENDINGS.index(self.ending))


ALL_COMBOS = tuple(Combo(s, d, e) for s, d, e in product(SPEEDS, DIRECTIONS, ENDINGS))

# Never in training. Each word is held out at most twice, and every pair of
# words (speed-direction, speed-ending, direction-ending) still appears in
# some training combination. Rising to a low end and falling to a high one are
# kept in training: only one start and end fit each (C4 to G4, C6 to F5).
HELD_OUT = (
    ("slow", "rising", "high"),
    ("fast", "falling", "low"),
    ("fast", "steady", "home"),
    ("slow", "steady", "low"),
)


def is_held_out(combo: Combo) -> bool:
    """True if no training tune has ``combo`` (it is in HELD_OUT)."""
    return (combo.speed, combo.direction, combo.ending) in HELD_OUT


TRAIN_COMBOS = tuple(c for c in ALL_COMBOS if not is_held_out(c))


def prompt_ids(combo: Combo) -> list[int]:
    """Word ids (PROMPT_LENGTH,) of the prompt the model reads, ``<start>`` first."""
    return [WORD_ID[START]] + [WORD_ID[w] for w in combo.words]


if __name__ == "__main__":
    print(f"{len(ALL_COMBOS)} combinations, {len(TRAIN_COMBOS)} in training")
    print("held out:", "; ".join(" ".join(h) for h in HELD_OUT))
