"""Drawing helpers for the GAN chapter: the inspector's map, growing loss curves,
digit grids and small labels. numpy and Manim only; every value drawn comes from
a ``gan_points`` or ``gan_digits`` trace.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Dot,
    Group,
    Text,
    VGroup,
)

from scenes.kit import style
from scenes.kit.images import crisp_image, ink_to_rgba, opaque_rgba
from scenes.kit.plots import loss_plot  # noqa: F401 (ForgerVsInspector draws it)
from scenes.kit.raster import hex_to_rgb
from scenes.kit.text import label  # noqa: F401 (the GAN chapter's labels)

# The map's colour saturates at this |logit|: p(real) 0.32 or 0.68. A trained
# inspector's verdicts sit there (the recorded maps' 5th-95th percentiles are
# about 0.3 to 0.65), so that is where the colour scale spends its range.
HEAT_LOGIT = 0.75
HEAT_TINT = 0.9  # strongest mix of the tint: clearly seen
# "can't tell" is a grey a third of the way from the page to the muted colour:
# the map stands out from the page even where the inspector is unsure
HEAT_NEUTRAL = 0.35


def blend(frames: np.ndarray, s: float) -> np.ndarray:
    """Linear blend between recorded rounds: frames (R, ...), s in [0, R-1]."""
    s = float(np.clip(s, 0, len(frames) - 1))
    k = min(int(np.floor(s)), len(frames) - 2) if len(frames) > 1 else 0
    f = s - k
    if len(frames) == 1 or f <= 0:
        return frames[k]
    return (1 - f) * frames[k] + f * frames[k + 1]


def heat_rgba(prob: np.ndarray, pal: style.Palette) -> np.ndarray:
    """The inspector's probability of "real" (gy, gx) -> RGBA (gy, gx, 4), uint8.

    A grey a little off the page at 50/50; tinted toward the real-data colour
    where the inspector says real, toward the noise colour where it says fake.
    """
    p = np.clip(prob.astype(np.float64), 1e-6, 1 - 1e-6)
    v = np.clip(np.log(p / (1 - p)) / HEAT_LOGIT, -1, 1)[..., None]  # (gy, gx, 1)
    bg = hex_to_rgb(pal.background)
    grey = bg + (hex_to_rgb(pal.muted) - bg) * HEAT_NEUTRAL
    tint = np.where(v > 0, hex_to_rgb(pal.data), hex_to_rgb(pal.noise))
    rgb = grey + (tint - grey) * np.abs(v) * HEAT_TINT
    return opaque_rgba(rgb)


def heat_legend(pal: style.Palette, width: float = 3.0) -> Group:
    """A colour bar of the map's scale with its probabilities written under it."""
    p = 1 / (1 + np.exp(-np.linspace(-HEAT_LOGIT, HEAT_LOGIT, 64)))
    bar = crisp_image(heat_rgba(p[None, :], pal), 0.18)
    bar.stretch_to_fit_width(width)
    size = style.LABEL_SIZE
    ticks = VGroup(
        label("says fake", pal.noise, size),
        label("can't tell", pal.muted, size),
        label("says real", pal.data, size),
    )
    ticks[0].next_to(bar, DOWN, 0.08).align_to(bar, LEFT)
    ticks[1].next_to(bar, DOWN, 0.08)
    ticks[2].next_to(bar, DOWN, 0.08).align_to(bar, RIGHT)
    title = label("the inspector's verdict, at each place", pal.text, size)
    title.next_to(bar, UP, 0.1).align_to(bar, LEFT)
    return Group(title, bar, ticks)


def dot_legend(entries: list[tuple[str, str]], pal: style.Palette) -> VGroup:
    """Rows of a coloured dot and its meaning."""
    rows = VGroup(
        *[
            VGroup(Dot(color=colour, radius=0.07), label(text, pal.text)).arrange(
                RIGHT, buff=0.15
            )
            for colour, text in entries
        ]
    )
    return rows.arrange(DOWN, aligned_edge=LEFT, buff=0.12)


def digit_grid(images: np.ndarray, cols: int, pal: style.Palette) -> np.ndarray:
    """Images (n, h, w) in ink units as one RGBA grid, a 1-pixel gap between cells."""
    n, h, w = images.shape
    rows = int(np.ceil(n / cols))
    # gaps: the muted colour, half-way into the background, so cells read as cells
    gap = (hex_to_rgb(pal.muted) + hex_to_rgb(pal.background)) / 2
    out = np.empty((rows * (h + 1) - 1, cols * (w + 1) - 1, 4), np.uint8)
    out[..., :3] = np.rint(gap).astype(np.uint8)
    out[..., 3] = 255
    tiles = ink_to_rgba(images, pal.background, pal.text)  # (n, h, w, 4)
    for i in range(n):
        r, c = divmod(i, cols)
        out[r * (h + 1) : r * (h + 1) + h, c * (w + 1) : c * (w + 1) + w] = tiles[i]
    return out


def picture_grid(images: np.ndarray, cols: int, pal: style.Palette) -> np.ndarray:
    """Colour pictures (n, h, w, 3) in -1 (black) .. 1 as one RGBA grid, a
    1-pixel gap between cells (values beyond -1..1 clipped for display)."""
    n, h, w = images.shape[:3]
    rows = int(np.ceil(n / cols))
    gap = (hex_to_rgb(pal.muted) + hex_to_rgb(pal.background)) / 2
    out = np.empty((rows * (h + 1) - 1, cols * (w + 1) - 1, 4), np.uint8)
    out[..., :3] = np.rint(gap).astype(np.uint8)
    out[..., 3] = 255
    tiles = opaque_rgba((np.clip(images, -1, 1) + 1) * 127.5)
    for i in range(n):
        r, c = divmod(i, cols)
        out[r * (h + 1) : r * (h + 1) + h, c * (w + 1) : c * (w + 1) + w] = tiles[i]
    return out


def under(mob, text: str, colour: str, buff: float = 0.15) -> Text:
    return label(text, colour).next_to(mob, DOWN, buff)


def over(mob, text: str, colour: str, buff: float = 0.15) -> Text:
    return label(text, colour, style.BODY_SIZE - 2).next_to(mob, UP, buff)
