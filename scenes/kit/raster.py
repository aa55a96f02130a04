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
        hits = np.zeros((span, span), np.float32)
        # A dot's coverage is 1 however many overlap.
        hits[iy[inside], ix[inside]] = 1.0
        # Stamp the disk: each kernel offset is a shifted view (no copies), and a
        # pixel keeps the strongest coverage any nearby dot gives it.
        cover = np.zeros((size_px, size_px), np.float32)
        for dy, dx, w in kernel:
            view = hits[pad - dy : pad - dy + size_px, pad - dx : pad - dx + size_px]
            np.maximum(cover, view * w if w < 1 else view, out=cover)
        covers.append((cover * opacity, hex_to_rgb(colour)))
    # "Over" compositing, later layers on top. Colour maths only where something
    # is drawn: dots cover a small share of the image.
    alpha = np.zeros((size_px, size_px), np.float32)
    for a, _ in covers:
        alpha = alpha * (1 - a) + a
    drawn = np.nonzero(alpha)
    rgb = np.zeros((len(drawn[0]), 3), np.float32)  # premultiplied, drawn pixels only
    for a, colour in covers:
        a = a[drawn][:, None]
        rgb = rgb * (1 - a) + colour * a
    out = np.zeros((size_px, size_px, 4), np.uint8)
    # Stored un-premultiplied, as Pillow (and so Manim) expects RGBA.
    out[drawn + (slice(0, 3),)] = np.clip(rgb / alpha[drawn][:, None], 0, 255).astype(
        np.uint8
    )
    out[..., 3] = np.clip(alpha * 255, 0, 255).astype(np.uint8)
    return out
