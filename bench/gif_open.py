"""What each default GIF opens on: its first frame against the scene's poster.

The poster (<Scene>.png) is the frame the scene marks as its point; the GIF
should open on it, for article thumbnails and readers with motion turned off.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from bench.gif_fidelity import psnr


def figures(renders: Path, names: list[str]) -> dict:
    """{scene: PSNR (dB) of the GIF's first frame against the poster, both at
    the GIF's size}."""
    out = {}
    for name in names:
        with Image.open(renders / f"{name}.gif") as gif:
            first = np.asarray(gif.convert("RGB"))
        poster = Image.open(renders / f"{name}.png").convert("RGB")
        poster = poster.resize(first.shape[1::-1], Image.Resampling.LANCZOS)
        out[name] = round(psnr([np.asarray(poster)], [first]), 2)
    return out
