"""The paired task the image-to-image GAN learns: a blocky digit to a clean one.

Each real 8x8 digit (``engine/data/digits.py``) is shrunk to 4x4 by averaging
each 2x2 block of pixels, then drawn back at 8x8 with every block one flat
grey: the input. The untouched digit is the target. Many clean digits shrink
to the same blocks, so the answer is not unique: a model that predicts the
per-pixel middle of the possible answers (L1 alone) draws them blurred, one
that must fool an inspector commits to one sharp answer (Isola et al. 2017,
Image-to-Image Translation with Conditional Adversarial Networks, sec. 3.1).

The digits are split three ways, by one seeded shuffle: the translator trains
on one part, the independent reader (``engine/data/digit_classifier.py``) on
another, and the held-out part is seen by neither.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BLOCK = 2  # the input keeps one grey value per BLOCK x BLOCK pixels


def blocky(images: np.ndarray, block: int = BLOCK) -> np.ndarray:
    """Each ``block`` x ``block`` square of pixels replaced by its mean.

    images (..., h, w) with h and w multiples of ``block`` -> the same shape.
    Raises ValueError if they are not.
    """
    *lead, h, w = images.shape
    if h % block or w % block:
        raise ValueError(f"image side {h}x{w} is not a multiple of {block}")
    cells = images.reshape(*lead, h // block, block, w // block, block)
    means = cells.mean(axis=(-3, -1), keepdims=True)
    return np.broadcast_to(means, cells.shape).reshape(images.shape).copy()


@dataclass
class Split:
    """Indices into the digits: the translator's, the reader's, held out."""

    train: np.ndarray
    reader: np.ndarray
    held_out: np.ndarray


def split(n: int, seed: int, held_out: float, reader: float) -> Split:
    """One seeded shuffle of ``n`` indices cut into three disjoint parts:
    ``held_out`` and ``reader`` are shares of n, the translator gets the rest."""
    order = np.random.default_rng(seed).permutation(n)
    n_held, n_reader = int(round(held_out * n)), int(round(reader * n))
    return Split(
        train=np.sort(order[n_held + n_reader :]),
        reader=np.sort(order[n_held : n_held + n_reader]),
        held_out=np.sort(order[:n_held]),
    )
