"""Prompts in several phrasings, and prompts in words the drawing model never saw.

The text-to-image model with a frozen pretrained encoder
(``engine/hybrid/frozen.py``) is trained on a few phrasings of every training
combination, all made of the chapter's own words ("red circle top left", "a red
circle in the top left", ...). It is then asked in words no training prompt
holds but English does: synonyms ("crimson", "disc", "upper") and a longer
phrasing ("... at the top left of the picture"). A pretrained encoder has met
those words in its own training; the small encoder trained here has not.

Numpy only; the encoder itself is run in ``engine/hybrid/frozen.py``.

    python -m engine.hybrid.wording      # print the phrasings and the rewordings
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.core.config_args import ConfigError
from engine.hybrid.data import (
    ALL_COMBOS,
    COLOURS,
    HORIZONTAL,
    SHAPES,
    TRAIN_COMBOS,
    VERTICAL,
    VOCAB,
    Combo,
)

# Training phrasings: every word in them is one of the chapter's words, or a
# small function word ("a", "in", "the", "is").
PHRASINGS = (
    "{colour} {shape} {vertical} {horizontal}",
    "a {colour} {shape} in the {vertical} {horizontal}",
    "{vertical} {horizontal}: a {colour} {shape}",
    "the {shape} is {colour}, {vertical} {horizontal}",
)

# Words no training prompt holds, each meaning one of the chapter's words.
SYNONYMS = {
    "red": ("crimson", "scarlet"),
    "green": ("emerald",),
    "blue": ("navy",),
    "circle": ("disc",),
    "square": ("box",),
    "top": ("upper",),
    "bottom": ("lower",),
}
KINDS = ("colour", "shape", "place", "phrasing")  # what a rewording changed
# A phrasing with words (of, picture) no training prompt holds.
LONG_PHRASING = "a {colour} {shape} at the {vertical} {horizontal} of the picture"


@dataclass(frozen=True)
class Reworded:
    """A prompt in new words: ``text``, the combination it means, and ``kind``
    (which word was replaced: "colour", "shape", "place" or "phrasing")."""

    text: str
    combo: Combo
    kind: str
    new_word: str


def parts(combo: Combo) -> dict[str, str]:
    vertical, horizontal = combo.position.split()
    return {"colour": combo.colour, "shape": combo.shape, "vertical": vertical,
            "horizontal": horizontal}  # fmt: skip


def phrasings(combo: Combo) -> list[str]:
    """Every training phrasing of ``combo``."""
    return [p.format(**parts(combo)) for p in PHRASINGS]


def reworded(combos=TRAIN_COMBOS) -> list[Reworded]:
    """Every prompt in new words for ``combos`` (default: the combinations in
    training, so the words are all that is new): for each combination, each
    synonym of its colour, shape and vertical place put in the first phrasing,
    and the combination in the long phrasing."""
    out = []
    for combo in combos:
        p = parts(combo)
        slot_of = {"colour": "colour", "shape": "shape", "vertical": "place"}
        for slot, kind in slot_of.items():
            for new in SYNONYMS.get(p[slot], ()):
                text = PHRASINGS[0].format(**{**p, slot: new})
                out.append(Reworded(text, combo, kind, new))
        out.append(Reworded(LONG_PHRASING.format(**p), combo, "phrasing", "picture"))
    return out


def known_words(text: str) -> list[str]:
    """The words of ``text`` the small trained-from-scratch encoder knows, in
    order: what it can read of a prompt (colour, shape and place words)."""
    words = text.lower().replace(",", " ").replace(":", " ").split()
    return [w for w in words if w in VOCAB and not w.startswith("<")]


def meaning(text: str) -> Combo:
    """The combination a prompt in the chapter's words or their synonyms means;
    ConfigError (one line) unless it names one colour, one shape, top or
    bottom, and left or right."""
    back = {new: old for old, news in SYNONYMS.items() for new in news}
    words = [back.get(w, w) for w in
             text.lower().replace(",", " ").replace(":", " ").split()]  # fmt: skip
    found = {}
    for name, options in (("colour", COLOURS), ("shape", SHAPES),
                          ("top or bottom", VERTICAL),
                          ("left or right", HORIZONTAL)):  # fmt: skip
        named = [w for w in words if w in options]
        if len(named) != 1:
            raise ConfigError(f"{text!r} must name one {name}, e.g. "
                              "'crimson disc upper left'")  # fmt: skip
        found[name] = named[0]
    return Combo(found["colour"], found["shape"],
                 f"{found['top or bottom']} {found['left or right']}")  # fmt: skip


if __name__ == "__main__":
    for text in phrasings(ALL_COMBOS[0]):
        print("train:", text)
    for r in reworded(ALL_COMBOS[:2]):
        print(f"{r.kind:9s} {r.text!r} -> small encoder reads {known_words(r.text)}")
