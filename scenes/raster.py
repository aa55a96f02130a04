"""Drawing thousands of points as one image, which Manim shows as one ImageMobject.

A Manim ``Dot`` per point is far too slow to redraw every frame; splatting the
points into a numpy RGBA array is fast and gives round, anti-aliased dots.
"""

from __future__ import annotations

import numpy as np


def hex_to_rgb(color: str) -> np.ndarray:
    color = color.lstrip("#")
    return np.array([int(color[i : i + 2], 16) for i in (0, 2, 4)], dtype=np.float32)


def _disk_kernel(radius: float) -> list[tuple[int, int, float]]:
    """(dy, dx, weight) offsets of a soft-edged disk of ``radius`` pixels."""
    r = int(np.ceil(radius + 1))
    out = []
    for dy in range(-r, r + 1):
        for dx in range(-r, r + 1):
            w = np.clip(radius + 0.5 - np.hypot(dy, dx), 0.0, 1.0)
            if w > 0:
                out.append((dy, dx, float(w)))
    return out


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
    rgb = np.zeros((size_px, size_px, 3), np.float32)
    alpha = np.zeros((size_px, size_px), np.float32)
    kernel = _disk_kernel(radius_px)
    pad = int(np.ceil(radius_px + 2))
    for points, colour, opacity in layers:
        # Data units -> pixel centres; y flipped because image rows run downwards.
        px = (points[:, 0] + extent) / (2 * extent) * size_px - 0.5
        py = (extent - points[:, 1]) / (2 * extent) * size_px - 0.5
        ix, iy = np.rint(px).astype(int) + pad, np.rint(py).astype(int) + pad
        inside = (
            (ix >= 0) & (ix < size_px + 2 * pad) & (iy >= 0) & (iy < size_px + 2 * pad)
        )
        hits = np.zeros((size_px + 2 * pad, size_px + 2 * pad), np.float32)
        np.add.at(hits, (iy[inside], ix[inside]), 1.0)
        cover = np.zeros_like(hits)
        for dy, dx, w in kernel:
            np.maximum(
                cover, np.roll(np.roll(hits, dy, 0), dx, 1).clip(0, 1) * w, out=cover
            )
        a = cover[pad:-pad, pad:-pad] * opacity  # (size, size)
        colour_rgb = hex_to_rgb(colour)
        # "over" compositing of this layer onto what is already drawn
        rgb = rgb * (1 - a[..., None]) + colour_rgb * a[..., None]
        alpha = alpha * (1 - a) + a
    out = np.zeros((size_px, size_px, 4), np.uint8)
    safe = np.maximum(alpha, 1e-6)[..., None]
    # Stored un-premultiplied, as Pillow (and so Manim) expects RGBA.
    out[..., :3] = np.clip(rgb / safe, 0, 255).astype(np.uint8)
    out[..., 3] = np.clip(alpha * 255, 0, 255).astype(np.uint8)
    return out
