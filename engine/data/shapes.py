"""Pictures of one coloured shape on black, drawn at random: data two chapters use.

Every picture is one shape on black: a colour (red, green, blue), a shape
(circle, square, triangle) and a place (one of four quarters of the picture),
with its size, exact spot and shade drawn at random; edges are anti-aliased by
drawing at 4x and averaging down. The hybrid chapter (``engine/hybrid/``)
learns to draw them from a prompt; the GAN chapter's image-to-image model
(``engine/gan/pix2pix_data.py``) learns to redraw them, striped, from a
shrunken copy. ``engine/data/shape_reader.py`` reads them back by fixed rules.

Numpy only (no torch): the hybrid's prompt check must stay quick.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

import numpy as np

SIDE = 24  # pictures are SIDE x SIDE pixels, RGB
SUPERSAMPLE = 4  # shapes are drawn at 4x and averaged down: soft, anti-aliased edges

COLOURS = ("red", "green", "blue")
SHAPES = ("circle", "square", "triangle")
VERTICAL = ("top", "bottom")
HORIZONTAL = ("left", "right")
POSITIONS = ("top left", "top right", "bottom left", "bottom right")

# Each colour's RGB (0..1) at full shade; a picture's shade is 80-100% of it.
RGB = {
    "red": (0.95, 0.22, 0.2),
    "green": (0.2, 0.85, 0.3),
    "blue": (0.25, 0.45, 1.0),
}
SHADE = (0.8, 1.0)
SIZE = (8.5, 10.5)  # side of the shape's bounding box, in pixels
MARGIN = 0.5  # pixels kept clear between a shape and its quarter's edges


@dataclass(frozen=True)
class Combo:
    """What one picture shows: a colour, a shape and a place, as words."""

    colour: str
    shape: str
    position: str

    @property
    def prompt(self) -> str:
        """The four words that name it, e.g. "red circle top left"."""
        return f"{self.colour} {self.shape} {self.position}"

    def codes(self) -> tuple[int, int, int]:
        """Its indices into COLOURS, SHAPES and POSITIONS."""
        return (
            COLOURS.index(self.colour),
            SHAPES.index(self.shape),
            POSITIONS.index(self.position),
        )


ALL_COMBOS = tuple(Combo(c, s, p) for c, s, p in product(COLOURS, SHAPES, POSITIONS))


def _shape_mask(shape: str, size: float, cx: float, cy: float) -> np.ndarray:
    """Coverage (SIDE, SIDE) in 0..1 of a shape centred at (cx, cy), in pixels."""
    n = SIDE * SUPERSAMPLE
    centres = (np.arange(n) + 0.5) / SUPERSAMPLE  # sub-pixel centres, in pixels
    x, y = np.meshgrid(centres, centres)  # (n, n); y grows downwards
    dx, dy = x - cx, y - cy
    half = size / 2
    if shape == "square":
        inside = (np.abs(dx) <= half) & (np.abs(dy) <= half)
    elif shape == "circle":
        inside = dx**2 + dy**2 <= half**2
    elif shape == "triangle":  # apex up, base down, filling its bounding box
        inside = (np.abs(dy) <= half) & (np.abs(dx) <= (dy + half) / 2)
    else:
        raise ValueError(f"unknown shape {shape!r}")
    return inside.reshape(SIDE, SUPERSAMPLE, SIDE, SUPERSAMPLE).mean((1, 3))


def draw(combo: Combo, rng: np.random.Generator) -> np.ndarray:
    """One picture of ``combo``: (SIDE, SIDE, 3) float32 in -1 (black) .. 1."""
    size = rng.uniform(*SIZE)
    quarter = SIDE / 2
    row, col = POSITIONS.index(combo.position) // 2, POSITIONS.index(combo.position) % 2
    lo = size / 2 + MARGIN
    cx = col * quarter + rng.uniform(lo, quarter - lo)
    cy = row * quarter + rng.uniform(lo, quarter - lo)
    cover = _shape_mask(combo.shape, size, cx, cy)[..., None]  # (h, w, 1)
    colour = np.array(RGB[combo.colour]) * rng.uniform(*SHADE)  # (3,)
    return (2 * cover * colour - 1).astype(np.float32)


def make_dataset(n: int, seed: int, combos: tuple[Combo, ...] = ALL_COMBOS):
    """``n`` pictures of combinations drawn evenly from ``combos``.

    Returns (images (n, SIDE, SIDE, 3) float32 in [-1, 1], combo index into
    ALL_COMBOS (n,) int64).
    """
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(combos), n)  # drawn first: see dataset_combos
    images = np.stack([draw(combos[k], rng) for k in pick])
    return images, _all_index(pick, combos)


def dataset_combos(
    n: int, seed: int, combos: tuple[Combo, ...] = ALL_COMBOS
) -> np.ndarray:
    """The combination of each picture ``make_dataset(n, seed, combos)`` draws,
    as an index into ALL_COMBOS (n,), without drawing the pictures."""
    rng = np.random.default_rng(seed)
    return _all_index(rng.integers(0, len(combos), n), combos)


def _all_index(pick: np.ndarray, combos) -> np.ndarray:
    return np.array([ALL_COMBOS.index(combos[k]) for k in pick], dtype=np.int64)


__all__ = [
    "SIDE", "SUPERSAMPLE", "COLOURS", "SHAPES", "VERTICAL", "HORIZONTAL", "POSITIONS",
    "RGB", "SHADE", "SIZE", "MARGIN", "Combo", "ALL_COMBOS", "draw", "make_dataset",
    "dataset_combos",
]  # fmt: skip
