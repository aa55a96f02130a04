"""Power-law fits on log-log axes (Kaplan et al. 2020, "Scaling Laws for Neural
Language Models", eq. 1.1: L(N) = (N_c / N)^alpha_N).

Numpy only, so scenes' tests and the recorder share it.
"""

from __future__ import annotations

import numpy as np


def power_law(x, y) -> tuple[float, float, float]:
    """Fit y = a * x^(-alpha) by least squares on (log x, log y).

    x, y: (n,) positive numbers, n >= 2. Returns (a, alpha, R^2), R^2 of the
    straight line in log-log space (1 = every point on it). Raises ValueError
    for fewer than two points or a value that is not positive.
    """
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if x.shape != y.shape or x.ndim != 1 or len(x) < 2:
        raise ValueError(
            f"need two or more (x, y) pairs, got shapes {x.shape}, {y.shape}")
    if (x <= 0).any() or (y <= 0).any():
        raise ValueError("a power law needs positive x and y")
    lx, ly = np.log(x), np.log(y)
    slope, intercept = np.polyfit(lx, ly, 1)
    residual = ly - (slope * lx + intercept)
    total = ((ly - ly.mean()) ** 2).sum()
    r2 = 1.0 - (residual**2).sum() / total if total > 0 else 1.0
    return float(np.exp(intercept)), float(-slope), float(r2)


def cut_per_tenfold(alpha: float) -> float:
    """Share of y removed by each 10x in x when y ~ x^(-alpha): 1 - 10^-alpha."""
    return 1.0 - 10.0 ** (-alpha)
