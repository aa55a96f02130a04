"""The paired task the image-to-image GAN learns: a shrunken picture to the full one.

The pictures are the hybrid chapter's (``engine/data/shapes.py``: one coloured
circle, square or triangle in a quarter of a 24x24 picture, its size, spot and
shade drawn at random), each shape filled with thin diagonal stripes whose
offset is drawn at random too. The input is the picture shrunk to 8x8 by
averaging each 3x3 block of pixels (drawn back at 24x24, every block one flat
colour); the target is the full picture: super-resolution (Ledig et al. 2017,
SRGAN, sec. 1: a pixel-wise loss gives "overly smooth" textures).

The stripes repeat every 3 pixels along the diagonal, so every 3x3 block holds
each offset equally often: the shrunken picture keeps the colour, shape and
place, but says almost nothing about where the stripes go. Many full pictures
shrink to the same input; a network that predicts the per-pixel middle of
those answers (L1 alone) paints the stripes' average, a flat fill, while one
that must fool an inspector commits to one striped answer (Isola et al. 2017,
Image-to-Image Translation with Conditional Adversarial Networks, sec. 3.1).

Training and held-out pictures are drawn from different seeds, so no held-out
picture was trained on. The reader (``engine/data/shape_reader.py``) is a set of
fixed rules on pixels: nothing in it was learned, from these pictures or any.

Numpy only.
"""

from __future__ import annotations

import numpy as np

from engine.data.shapes import ALL_COMBOS, SIDE, make_dataset

FACTOR = 3  # the input keeps one colour per FACTOR x FACTOR block of pixels
PERIOD = 3  # stripes repeat every PERIOD pixels along the diagonal
DIM = 0.25  # a dark stripe keeps this share of the shape's colour


def striped(images: np.ndarray, rng: np.random.Generator, period: int = PERIOD,
            dim: float = DIM) -> np.ndarray:  # fmt: skip
    """Each picture's shape crossed by dark diagonal stripes at a random offset.

    images (n, h, w, 3) in -1 (black) .. 1 -> the same shape: along every
    diagonal x + y, ``period - period // 2`` pixels in each ``period`` keep
    their colour and the rest keep ``dim`` of it; black stays black.
    """
    n, h, w = images.shape[:3]
    ys, xs = np.mgrid[0:h, 0:w]
    offset = rng.integers(0, period, n)[:, None, None]
    lit = (xs + ys + offset) % period < (period + 1) // 2  # (n, h, w)
    keep = np.where(lit, 1.0, dim)[..., None]
    return (-1 + (images + 1) * keep).astype(np.float32)


def shrink(images: np.ndarray, factor: int = FACTOR) -> np.ndarray:
    """Each ``factor`` x ``factor`` block of pixels replaced by its mean colour.

    images (n, h, w, c) with h and w multiples of ``factor`` -> the same shape
    (the blocks drawn back at full size). Raises ValueError if they are not.
    """
    n, h, w, c = images.shape
    if h % factor or w % factor:
        raise ValueError(f"picture side {h}x{w} is not a multiple of {factor}")
    means = images.reshape(n, h // factor, factor, w // factor, factor, c).mean((2, 4))
    return means.repeat(factor, 1).repeat(factor, 2).astype(np.float32)


def pictures(n: int, seed: int, period: int = PERIOD, dim: float = DIM):
    """``n`` striped pictures of every combination of colour, shape and place.

    Returns (images (n, SIDE, SIDE, 3) float32 in -1..1, codes (n, 3): the
    colour, shape and place of each as indices into the hybrid chapter's
    COLOURS, SHAPES, POSITIONS of ``engine/data/shapes.py``).
    """
    images, index = make_dataset(n, seed, ALL_COMBOS)
    codes = np.array([ALL_COMBOS[int(k)].codes() for k in index], np.int32)
    return striped(images, np.random.default_rng(seed + 1), period, dim), codes


__all__ = ["FACTOR", "PERIOD", "DIM", "SIDE", "striped", "shrink", "pictures"]
