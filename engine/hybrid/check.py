"""What the hybrid chapter checks in its pictures, by simple rules.

Reading a picture back (colour, shape, place) is shared with the GAN chapter:
``engine/data/shape_reader.py``, re-exported here. This module adds what only
the text-to-image model needs: the quarter a prompt names, and how much of a
word's cross-attention lands inside it. Numpy only.
"""

from __future__ import annotations

import numpy as np

from engine.data.shape_reader import (  # noqa: F401 (the chapter's check)
    NOTHING,
    Reading,
    accuracy_on_real,
    read,
)
from engine.hybrid.data import CELL, SIDE


def quarter(position: int) -> np.ndarray:
    """(SIDE, SIDE) bool: the quarter of the picture POSITIONS[position] names."""
    half = SIDE // 2
    row, col = divmod(position, 2)
    out = np.zeros((SIDE, SIDE), dtype=bool)
    out[row * half : (row + 1) * half, col * half : (col + 1) * half] = True
    return out


def attention_inside(cross: np.ndarray, region: np.ndarray) -> np.ndarray:
    """Share of each word's attention mass that falls inside ``region``.

    cross: (..., token, GRID, GRID) weights of each cell of the picture on each
    token (a cell is a CELL x CELL patch of pixels, so its weight is spread
    evenly over them); region: (..., SIDE, SIDE) bool. Returns (..., token):
    0 if no attention lands in the region, 1 if all of it does.
    """
    pixels = np.repeat(np.repeat(cross, CELL, -2), CELL, -1)  # (..., token, H, W)
    inside = (pixels * region[..., None, :, :]).sum((-2, -1))
    return inside / np.maximum(pixels.sum((-2, -1)), 1e-12)
