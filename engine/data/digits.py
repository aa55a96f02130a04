"""Real handwritten digits: the 1,797 8x8 images scikit-learn ships (no download).

Pixels are rescaled from 0..16 ink to -1..1, so clean images sit in the same
range the diffusion model's guesses are clipped to.
"""

from __future__ import annotations

import numpy as np

SIDE = 8  # images are SIDE x SIDE
NUM_CLASSES = 10


def load_digits_scaled() -> tuple[np.ndarray, np.ndarray]:
    """(images (N, 8, 8) float32 in [-1, 1], labels (N,) int64)."""
    from sklearn.datasets import load_digits

    bunch = load_digits()
    images = (bunch.images.astype(np.float32) / 8.0) - 1.0
    return images, bunch.target.astype(np.int64)
