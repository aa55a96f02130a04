"""Showing small images (8x8 digits, noise, guesses) as crisp Manim ImageMobjects."""

from __future__ import annotations

import numpy as np
from manim import ImageMobject, ValueTracker
from manim.constants import RESAMPLING_ALGORITHMS

from scenes.kit.raster import hex_to_rgb


def ink_to_rgba(image: np.ndarray, paper: str, ink: str) -> np.ndarray:
    """An image in ink units (-1 paper .. 1 full ink) -> RGBA uint8, (h, w, 4).

    Values outside -1..1 (pure noise goes well beyond) are clipped for display.
    """
    a = (np.clip(image, -1, 1)[..., None] + 1) / 2  # (h, w, 1) in 0..1
    return opaque_rgba((1 - a) * hex_to_rgb(paper) + a * hex_to_rgb(ink))


def opaque_rgba(rgb: np.ndarray) -> np.ndarray:
    """Float RGB (..., 3) in 0..255 -> opaque RGBA uint8 (..., 4), rounded."""
    out = np.empty((*rgb.shape[:-1], 4), np.uint8)
    out[..., :3] = np.clip(np.rint(rgb), 0, 255).astype(np.uint8)
    out[..., 3] = 255
    return out


def crisp_image(rgba: np.ndarray, height: float) -> ImageMobject:
    """An ImageMobject ``height`` units tall, one crisp square per array cell."""
    mob = ImageMobject(rgba)
    mob.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
    mob.height = height
    return mob


def pixel_image(image: np.ndarray, paper: str, ink: str, height: float) -> ImageMobject:
    """A still image ``height`` scene units tall, one crisp square per pixel."""
    return crisp_image(ink_to_rgba(image, paper, ink), height)


def live_image(
    frames: np.ndarray,
    tracker: ValueTracker,
    paper: str,
    ink: str,
    height: float,
    blend: bool = True,
) -> ImageMobject:
    """An image that shows ``frames[k]`` (frames: (F, h, w)) as ``tracker`` moves.

    With ``blend``, fractional tracker values cross-fade between recorded frames.
    """

    def at(value: float) -> np.ndarray:
        s = float(np.clip(value, 0, len(frames) - 1))
        k = int(np.floor(s))
        if not blend or k >= len(frames) - 1:
            return frames[min(k, len(frames) - 1)]
        f = s - k
        return (1 - f) * frames[k] + f * frames[k + 1]

    mob = pixel_image(at(tracker.get_value()), paper, ink, height)
    mob.add_updater(
        lambda m: setattr(
            m, "pixel_array", ink_to_rgba(at(tracker.get_value()), paper, ink)
        )
    )
    return mob
