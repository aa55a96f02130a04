"""2D toy datasets for the points models, generated from a seed (nothing downloaded).

Each is scaled to zero mean and unit spread so it sits on the same scale as the
N(0, I) noise the diffusion process ends in, and fits the fixed plot extents.
"""

from __future__ import annotations

import numpy as np

# Fixed plot extents, stored in every points trace so frames line up.
EXTENT = 4.0

DATASETS = ("moons", "ring", "spiral")


def make_points(name: str, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` points of dataset ``name``, shape (n, 2), float32."""
    if name == "moons":
        pts = _moons(n, rng)
    elif name == "ring":
        angle = rng.uniform(0, 2 * np.pi, n)
        pts = np.stack([np.cos(angle), np.sin(angle)], 1) * 1.6
        pts += rng.normal(0, 0.06, (n, 2))
        return pts.astype(np.float32)
    elif name == "spiral":
        s = np.sqrt(rng.uniform(0.05, 1, n)) * 3 * np.pi
        pts = np.stack([s * np.cos(s), s * np.sin(s)], 1) / (np.pi * 1.1)
        pts += rng.normal(0, 0.05, (n, 2))
        return pts.astype(np.float32)
    else:
        raise ValueError(f"unknown dataset {name!r} (known: {', '.join(DATASETS)})")
    pts = (pts - pts.mean(0)) / pts.std(0).mean()
    return pts.astype(np.float32)


def _moons(n: int, rng: np.random.Generator) -> np.ndarray:
    """Two interleaving half circles, as in scikit-learn's make_moons."""
    upper = rng.random(n) < 0.5
    angle = rng.uniform(0, np.pi, n)
    x = np.where(upper, np.cos(angle), 1 - np.cos(angle))
    y = np.where(upper, np.sin(angle), 0.5 - np.sin(angle))
    pts = np.stack([x, y], 1)
    return pts + rng.normal(0, 0.06, (n, 2))
