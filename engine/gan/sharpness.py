"""How sharp a picture is: the variance of its Laplacian.

The Laplacian (each pixel minus the mean of its four neighbours, times 4)
is large where ink meets paper abruptly and near zero where a picture fades
smoothly, so its variance over a picture is a standard focus measure: a
blurred copy of a picture always scores lower (Pech-Pacheco et al. 2000,
Diatom autofocusing in brightfield microscopy; "LAP4" in Pertuz et al. 2013,
Analysis of focus measure operators for shape-from-focus). The operator is
SciPy's ``scipy.ndimage.laplace``; edges are extended by their nearest pixel,
so a picture's border adds no false edge. A colour picture's figure is the
mean of its three channels' figures.
"""

from __future__ import annotations

import numpy as np


def laplacian_variance(images: np.ndarray) -> np.ndarray:
    """Variance of the Laplacian of each picture: images (n, h, w) or
    (n, h, w, c) -> (n,), colour channels averaged.

    Units: (intensity per pixel)^2, with intensity from -1 (black) to 1 (full).
    """
    from scipy import ndimage

    images = np.asarray(images, dtype=np.float64)
    if images.ndim == 3:
        images = images[..., None]
    return np.array([
        np.mean([ndimage.laplace(img[..., c], mode="nearest").var()
                 for c in range(img.shape[-1])])
        for img in images
    ])  # fmt: skip
