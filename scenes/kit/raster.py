"""Drawing thousands of points as one image, which Manim shows as one ImageMobject.

A Manim ``Dot`` per point is far too slow to redraw every frame; splatting the
points into a numpy RGBA array is fast and gives round, anti-aliased dots.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np


def hex_to_rgb(color: str) -> np.ndarray:
    color = color.lstrip("#")
    return np.array([int(color[i : i + 2], 16) for i in (0, 2, 4)], dtype=np.float32)


@lru_cache(maxsize=16)
def _disk_kernel(
    radius: float,
) -> tuple[tuple[float, tuple[tuple[int, int], ...]], ...]:
    """The offsets of a soft-edged disk of ``radius`` pixels, grouped by
    weight: ``(weight, ((dy, dx), ...))``, one entry per distinct weight."""
    r = int(np.ceil(radius + 1))
    groups: dict[float, list[tuple[int, int]]] = {}
    for dy in range(-r, r + 1):
        for dx in range(-r, r + 1):
            w = np.clip(radius + 0.5 - np.hypot(dy, dx), 0.0, 1.0)
            if w > 0:
                groups.setdefault(float(w), []).append((dy, dx))
    return tuple((w, tuple(offsets)) for w, offsets in groups.items())


def rasterize_points(
    layers: list[tuple[np.ndarray, str, float]],
    extent: float,
    size_px: int,
    radius_px: float,
) -> np.ndarray:
    """Render point layers into a square RGBA image (size_px, size_px, 4), uint8.

    Parameters
    ----------
    layers
        ``(points, colour, opacity)`` drawn in order, later on top; ``points`` is
        (n, 2) in data units.
    extent
        Data coordinates from ``-extent`` to ``extent`` map onto the image, y up.
    size_px
        Side of the image in pixels (match the on-screen size for sharp dots).
    radius_px
        Dot radius in pixels.
    """
    kernel = _disk_kernel(radius_px)
    pad = int(np.ceil(radius_px + 2))
    covers = []  # per layer: (coverage 0..1 of each pixel, colour)
    for points, colour, opacity in layers:
        # Data units -> pixel centres; y flipped because image rows run downwards.
        px = (points[:, 0] + extent) / (2 * extent) * size_px - 0.5
        py = (extent - points[:, 1]) / (2 * extent) * size_px - 0.5
        ix, iy = np.rint(px).astype(int) + pad, np.rint(py).astype(int) + pad
        span = size_px + 2 * pad
        inside = (ix >= 0) & (ix < span) & (iy >= 0) & (iy < span)
        hits = np.zeros((span, span), bool)
        # A dot's coverage is 1 however many overlap.
        hits[iy[inside], ix[inside]] = True
        # Stamp the disk: each kernel offset is a shifted view (no copies), and a
        # pixel keeps the strongest coverage any nearby dot gives it. Offsets of
        # one weight are merged first (any dot there gives that weight), then
        # that weight is raised into place where it is near: the same maximum,
        # fewer passes, no temporary arrays.
        cover = np.zeros((size_px, size_px), np.float32)
        near = np.empty((size_px, size_px), bool)
        for w, offsets in kernel:
            near.fill(False)
            for dy, dx in offsets:
                near |= hits[
                    pad - dy : pad - dy + size_px, pad - dx : pad - dx + size_px
                ]
            np.maximum(cover, np.float32(w), out=cover, where=near)
        covers.append((cover * opacity, hex_to_rgb(colour)))
    if not covers:
        return np.zeros((size_px, size_px, 4), np.uint8)
    # "Over" compositing, later layers on top. Colour maths only where something
    # is drawn: dots cover a small share of the image. The bottom layer goes
    # over nothing, so it is its own alpha and colour (0 * (1 - a) + x is x).
    alpha = covers[0][0]
    for a, _ in covers[1:]:
        alpha = _over(alpha, a)
    flat = alpha.ravel()
    # drawn pixels by flat index, found on a bool mask: one index array, and
    # take() instead of fancy indexing, several times faster on a whole image
    drawn = np.flatnonzero(flat != 0)
    shown = flat.take(drawn)
    layer_alphas = [a.ravel().take(drawn) for a, _ in covers]
    out = np.zeros((size_px * size_px, 4), np.uint8)
    # One colour channel at a time, premultiplied: the same sums as on (n, 3)
    # rows, without numpy's slow broadcasting over a last axis of three.
    for c in range(3):
        value = None
        for a, (_, colour) in zip(layer_alphas, covers, strict=True):
            top = colour[c] * a
            value = top if value is None else value * (1 - a) + top
        # Stored un-premultiplied, as Pillow (and so Manim) expects RGBA.
        out[:, c][drawn] = _clip_255(value / shown).astype(np.uint8)
    out[:, 3] = _clip_255(flat * 255).astype(np.uint8)
    return out.reshape(size_px, size_px, 4)


def _over(alpha: np.ndarray, a: np.ndarray) -> np.ndarray:
    """``alpha * (1 - a) + a``, the same numbers, in one buffer."""
    t = 1 - a
    if t.dtype != np.result_type(alpha, t):
        return alpha * t + a
    np.multiply(alpha, t, out=t)
    np.add(t, a, out=t)
    return t


def _clip_255(x: np.ndarray) -> np.ndarray:
    """``np.clip(x, 0, 255)`` in place (``x`` is a fresh array); np.clip itself
    costs several times more on an image."""
    np.maximum(x, 0, out=x)
    np.minimum(x, 255, out=x)
    return x
