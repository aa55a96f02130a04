"""The one place for colours, fonts and sizes. No scene hard-codes a colour.

Two themes: ``dark`` (default, for slides and dark pages) and ``light`` (for
white article pages). Chosen by the ``THEME`` environment variable, which
``make THEME=light`` sets.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Palette:
    name: str
    background: str
    text: str  # titles and body text
    muted: str  # axes, frames, secondary labels
    data: str  # real data points / images
    sample: str  # what the model generates
    guess: str  # the model's guess of the clean result
    signal: str  # share of signal in the noise schedule
    noise: str  # share of noise
    accent: str  # current-step markers, highlights


DARK = Palette(
    name="dark",
    background="#111318",
    text="#ECEFF4",
    muted="#8A92A0",  # 5.9:1 on the page: small grey notes stay readable
    data="#5EC8F2",
    sample="#F2B84B",
    guess="#B48EF0",
    signal="#5EC8F2",
    noise="#F27A5E",
    accent="#F2B84B",
)
LIGHT = Palette(
    name="light",
    background="#FFFFFF",
    text="#1F2328",
    muted="#656D78",  # 5.2:1 on white
    data="#0969DA",
    sample="#B35500",
    guess="#8250DF",
    signal="#0969DA",
    noise="#CF222E",
    accent="#B35500",
)
THEMES = {"dark": DARK, "light": LIGHT}

FONT = "DejaVu Sans"  # ships with Debian's fonts-dejavu-core, which Pango needs anyway
TITLE_SIZE = 40
BODY_SIZE = 26
LABEL_SIZE = 20  # the smallest size: its capitals are 12.2 px tall in a GIF
# No text smaller than this on screen: a capital letter's height in pixels in
# the 854x480 GIF (the smallest picture anyone sees), whatever the font size
# and however the text was scaled (ExplainerScene.small_text measures it).
MIN_TEXT_PX = 12.0
GIF_PX_PER_UNIT = 480 / 8  # Manim's frame is 8 units tall


class ThemeError(ValueError):
    pass


def palette() -> Palette:
    """The palette for the theme named by $THEME (default: dark)."""
    name = os.environ.get("THEME", "dark") or "dark"
    if name not in THEMES:
        raise ThemeError(f"unknown theme {name!r} (known: {', '.join(THEMES)})")
    return THEMES[name]
