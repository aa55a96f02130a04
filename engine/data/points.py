"""2D datasets for the points models: toys generated from a seed (nothing
downloaded), or your own points from a CSV file (``engine/data/points_csv.py``).

Each is scaled to zero mean and unit spread so it sits on the same scale as the
N(0, I) noise the diffusion process ends in, and fits the fixed plot extents.

    python -m engine record points_diffusion --set dataset=my_points.csv
"""

from __future__ import annotations

import numpy as np

from engine.core.config_args import ConfigError
from engine.data import points_csv

# Fixed plot extents, stored in every points trace so frames line up.
EXTENT = 4.0

DATASETS = ("moons", "ring", "spiral")


def check_dataset(name: str) -> None:
    """ConfigError unless ``name`` is a built-in dataset or a usable points CSV."""
    if points_csv.is_csv(name):
        points_csv.pin(name)  # reads and checks the file
    elif name not in DATASETS:
        raise ConfigError(
            f"unknown dataset {name!r} (known: {', '.join(DATASETS)}, "
            "or a .csv file of x,y points)"
        )


def pinned(name: str) -> str:
    """A dataset name for a config: a CSV is pinned to its content (cache keys)."""
    return points_csv.pin(name) if points_csv.is_csv(name) else name


def make_points(name: str, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` points of dataset ``name``, shape (n, 2), float32.

    From a CSV: its points, normalised; ``n`` of them drawn without repeats when
    the file has that many, else every point at least once and the rest drawn
    again at random.
    """
    if points_csv.is_csv(name):
        pool = points_csv.load(name)  # (m, 2)
        if n <= len(pool):
            return pool[rng.choice(len(pool), n, replace=False)]
        extra = rng.choice(len(pool), n - len(pool), replace=True)
        return pool[np.concatenate([rng.permutation(len(pool)), extra])]
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


def cluster_modes(
    points: np.ndarray, k: int, seed: int, tries: int = 5, most: int = 5_000
) -> tuple[np.ndarray, float]:
    """The ``k`` modes of a point set: k-means centres, the best of ``tries``
    k-means++ starts refined by Lloyd steps.

    Returns (centres (k, 2) float32, spread): the spread is the per-axis RMS
    distance of the points to their centre, the size a "mode" is measured in
    (for Gaussian blobs it is their standard deviation). Measured on at most
    ``most`` of the points, drawn with the seed.
    """
    rng = np.random.default_rng(seed)
    if len(points) > most:
        points = points[rng.choice(len(points), most, replace=False)]
    points = np.asarray(points, dtype=np.float64)
    if len(np.unique(points, axis=0)) < k:
        raise ConfigError(f"the points hold fewer than {k} distinct points ({k} modes)")

    def sq_dist(c: np.ndarray) -> np.ndarray:  # (n, k): |p|^2 - 2 p.c + |c|^2
        d = (points**2).sum(1)[:, None] - 2 * points @ c.T + (c**2).sum(1)[None]
        return np.maximum(d, 0)

    def kmeans() -> np.ndarray:
        c = np.empty((k, 2))
        c[0] = points[rng.integers(len(points))]
        d2 = sq_dist(c[:1])[:, 0]  # (n,) to the nearest centre so far
        for j in range(1, k):  # k-means++: far points are likelier next centres
            c[j] = points[rng.choice(len(points), p=d2 / d2.sum())]
            d2 = np.minimum(d2, sq_dist(c[j : j + 1])[:, 0])
        for _ in range(100):  # Lloyd: each centre to the mean of its points
            which = sq_dist(c).argmin(1)  # (n,)
            counts = np.bincount(which, minlength=k)[:, None]  # (k, 1)
            sums = np.zeros((k, 2))
            np.add.at(sums, which, points)
            new = np.where(counts > 0, sums / np.maximum(counts, 1), c)
            if np.allclose(new, c):
                break
            c = new
        return c

    best = min((kmeans() for _ in range(tries)), key=lambda c: sq_dist(c).min(1).sum())
    spread = float(np.sqrt(sq_dist(best).min(1).mean() / 2))
    return best.astype(np.float32), spread
