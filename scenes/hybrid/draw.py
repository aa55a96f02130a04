"""Drawing helpers for the hybrid chapter: colour pictures, attention maps, wrapped
text and the figures' formats.

Pictures are the model's own RGB pixels (-1 black .. 1 full), shown as one
``ImageMobject`` each with nearest resampling, so every pixel stays a crisp
square. Attention maps are the trace's weights, one cell per 3x3 patch of the
picture (the patches the denoiser attends from). Every value drawn is handed in
from a trace; none is invented.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from manim import DOWN, LEFT, ImageMobject, Text, VGroup

from scenes.kit import style
from scenes.kit.images import crisp_image, opaque_rgba
from scenes.kit.numbers import ms, pct, times  # noqa: F401 (the chapter's helpers)
from scenes.kit.raster import hex_to_rgb
from scenes.transformer.draw import text


def picture_rgb(pixels: np.ndarray) -> np.ndarray:
    """Model pixels (..., h, w, 3) in -1..1 -> RGB floats 0..255 (static beyond
    -1..1 is clipped for display)."""
    return (np.clip(pixels, -1, 1) + 1) * 127.5


def picture(pixels: np.ndarray, height: float) -> ImageMobject:
    """One still picture (h, w, 3) in model units, ``height`` scene units tall."""
    return crisp_image(opaque_rgba(picture_rgb(pixels)), height)


def live(draw: Callable[[], np.ndarray], height: float) -> ImageMobject:
    """An image redrawn every frame from ``draw()`` (an RGBA uint8 array)."""
    mob = crisp_image(draw(), height)
    mob.add_updater(lambda m: setattr(m, "pixel_array", draw()))
    return mob


def pass_frame(frames: np.ndarray, s: float) -> np.ndarray:
    """The recorded frame (F, ...) after ``floor(s)`` denoiser passes, s in
    [0, F-1]. Each pass is shown as the model left it: a cross-fade between two
    passes would show pictures the model never made (and, of three static
    pictures at once, more colours than a GIF frame holds)."""
    k = int(np.clip(np.floor(s), 0, len(frames) - 1))
    return frames[k]


def upscale(cells: np.ndarray, side: int) -> np.ndarray:
    """An attention grid (..., gy, gx) spread over the picture's pixels (..., side,
    side): each cell covers the patch of pixels it attends from."""
    k = side // cells.shape[-1]
    return np.repeat(np.repeat(cells, k, -2), k, -1)


def normalised(weights: np.ndarray) -> np.ndarray:
    """Weights scaled so the largest is 1 (all zeros stay zeros)."""
    top = float(weights.max())
    return weights / top if top > 0 else weights


def wrapped(
    s: str, colour: str, size: float, width: float, line_gap: float = 0.08
) -> VGroup:
    """``s`` broken into lines no wider than ``width`` (greedy, at spaces), left
    aligned, one Text per line. Line widths are summed from each word's width
    (each word's Text is built once), so only the final lines are laid out."""
    space = text("x x", colour, size).width - 2 * text("x", colour, size).width
    width_in = width - 0.1  # words' widths summed run a little short of the line's
    lines: list[list[str]] = []
    used = 0.0
    for word in s.split():
        w = text(word, colour, size).width
        if lines and used + space + w <= width_in:
            lines[-1].append(word)
            used += space + w
        else:
            lines.append([word])
            used = w
    group = VGroup(*[text(" ".join(line), colour, size) for line in lines])
    group.arrange(DOWN, aligned_edge=LEFT, buff=line_gap)
    if group.width > width:
        group.scale_to_fit_width(width)
    return group


def nbytes(b: float) -> str:
    if b >= 1e6:
        return f"{b / 1e6:,.0f} MB" if b >= 1e8 else f"{b / 1e6:,.1f} MB"
    if b >= 1e3:
        return f"{b / 1e3:,.1f} KB"
    return f"{b:,.0f} bytes"


def label(s: str, colour: str, size: float = style.LABEL_SIZE) -> Text:
    return text(s, colour, size)


def heat_base(pal: style.Palette) -> str:
    """The grey a heat map starts from, where a word is read least: the
    palette's muted grey, 40% over its page, so it reads as "little" on a dark
    page and a light one alike. Returns "#rrggbb"."""
    rgb = 0.6 * hex_to_rgb(pal.background) + 0.4 * hex_to_rgb(pal.muted)
    return "#" + "".join(f"{round(float(c)):02X}" for c in rgb)


def heat_rgba(
    weights: np.ndarray, ink: np.ndarray, pal: style.Palette, k: int = 8
) -> np.ndarray:
    """A word's attention (gy, gx) as a heat map of its own, the size of the
    picture's pixels (``ink``: h, w bool, the shape's pixels) times ``k``: grey
    in the cell that reads the word least, the accent colour in the one that
    reads it most, the others in proportion;
    the shape's outline drawn over it in the text colour, so where the word is
    read can be told from where the shape is."""
    side = ink.shape[0]
    low = float(weights.min())
    a = upscale(normalised(weights - low), side)[..., None]  # (h, w, 1)
    rgb = (1 - a) * hex_to_rgb(heat_base(pal)) + a * hex_to_rgb(pal.accent)
    rgb = np.repeat(np.repeat(rgb, k, 0), k, 1)
    big = np.repeat(np.repeat(ink.astype(bool), k, 0), k, 1)
    edge = np.zeros_like(big)
    w = max(1, k // 4)  # the outline's thickness, in the map's pixels
    for dy, dx in ((w, 0), (-w, 0), (0, w), (0, -w)):
        edge |= big & ~np.roll(np.roll(big, dy, 0), dx, 1)
    rgb[edge] = hex_to_rgb(pal.text)
    return opaque_rgba(rgb)
