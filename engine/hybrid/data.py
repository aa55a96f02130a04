"""Pictures and the prompts that describe them: the hybrid chapter's training data.

Every picture is one shape on black (``engine/data/shapes.py``, shared with
the GAN chapter): a colour (red, green, blue), a shape (circle, square,
triangle) and a place (one of four quarters of the picture), with its size,
exact spot and shade drawn at random. Its prompt names those three things in
four words, e.g. "red circle top left". Some combinations are
held out: no training picture shows them, though every word in them is seen in
other combinations, so the model has to put words together it met apart.

Numpy only (no torch): the prompt check that ``make scene PROMPT=...`` runs
before anything else (``engine/hybrid/prompt.py``) imports this module, and
must be quick.

    python -m engine.hybrid.data      # print a few prompts and the held-out set
"""

from __future__ import annotations

import numpy as np

from engine.data import shapes
from engine.data.shapes import (  # noqa: F401 (the chapter's names for them)
    ALL_COMBOS,
    COLOURS,
    HORIZONTAL,
    POSITIONS,
    RGB,
    SHADE,
    SHAPES,
    SIDE,
    SIZE,
    SUPERSAMPLE,
    VERTICAL,
    Combo,
    draw,
)

GRID = 8  # the denoiser works on (and attends from) a GRID x GRID grid of cells
CELL = SIDE // GRID  # pixels per cell side: each cell is a 3x3 patch of pixels

START = "<start>"  # begins every prompt: somewhere for attention to rest
VOCAB = (START, *COLOURS, *SHAPES, *VERTICAL, *HORIZONTAL)
WORDS_PER_PROMPT = 4  # a colour, a shape, top or bottom, left or right

# (colour, shape, position): never drawn in training. Each colour, shape and
# place is held out twice at most, no colour-shape pair more than once, so every
# word and every pair of them still appears in training.
HELD_OUT = (
    ("red", "circle", "bottom right"),
    ("red", "triangle", "top left"),
    ("green", "square", "bottom left"),
    ("green", "circle", "top right"),
    ("blue", "triangle", "bottom left"),
    ("blue", "square", "top right"),
)


def is_held_out(combo: Combo) -> bool:
    """True if no training picture shows ``combo`` (it is in HELD_OUT)."""
    return (combo.colour, combo.shape, combo.position) in HELD_OUT


TRAIN_COMBOS = tuple(c for c in ALL_COMBOS if not is_held_out(c))


def tokens_of(words: list[str]) -> list[int]:
    """Token ids of a prompt's words, ``<start>`` first."""
    return [VOCAB.index(START)] + [VOCAB.index(w) for w in words]


def make_dataset(n: int, seed: int, combos: tuple[Combo, ...] = TRAIN_COMBOS):
    """``n`` pictures of combinations drawn evenly from ``combos`` (by default
    the training ones: held-out combinations are never in TRAIN_COMBOS).

    Returns (images (n, SIDE, SIDE, 3) float32 in [-1, 1], combo index into
    ALL_COMBOS (n,) int64); see ``engine.data.shapes.make_dataset``.
    """
    return shapes.make_dataset(n, seed, combos)


def dataset_combos(n: int, seed: int, combos: tuple[Combo, ...] = TRAIN_COMBOS):
    """The combination of each picture ``make_dataset(n, seed, combos)`` draws,
    as an index into ALL_COMBOS (n,), without drawing the pictures."""
    return shapes.dataset_combos(n, seed, combos)


def prompt_tokens(combo_index: np.ndarray) -> np.ndarray:
    """Token ids (n, 1 + WORDS_PER_PROMPT) of each combination's prompt in its
    natural order, e.g. "<start> red circle top left"."""
    return np.array(
        [tokens_of(ALL_COMBOS[int(k)].prompt.split()) for k in combo_index],
        dtype=np.int64,
    )


if __name__ == "__main__":
    print(f"{len(ALL_COMBOS)} combinations, {len(TRAIN_COMBOS)} in training")
    print("held out:", "; ".join(" ".join(h) for h in HELD_OUT))
    for row in prompt_tokens(dataset_combos(5, seed=0)):
        print(" ".join(VOCAB[t] for t in row))
