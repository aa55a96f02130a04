"""Reading a picture back from its pixels: colour, shape and place, by simple rules.

An independent check on the models that draw the pictures of
``engine/data/shapes.py`` (the hybrid chapter's text-to-image model, the GAN
chapter's image-to-image one): no network, nothing learned from any model's
output. The ink is every pixel well above black. Its colour is the nearest of
the three colours in hue (RGB over its sum, so shade does not matter); its
place is the quarter holding the ink's centre; its shape comes from two moments
of the ink about its centre:

- skew, down the picture: a triangle standing on its base has most ink low
  down and a thin tail up to its apex, so its skew is negative (about -0.6),
  while a circle or square is balanced (about 0);
- corner weight, E[dx^2 dy^2] / (E[dx^2] E[dy^2]): 1 for a square, whose
  ink reaches into its corners, 2/3 for a disc.

The same rules run on fresh real pictures, so the check's own accuracy is known
(``python -m engine.data.shape_reader``). Numpy only.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import numpy as np

from engine.data.shapes import (
    ALL_COMBOS,
    COLOURS,
    POSITIONS,
    RGB,
    SHAPES,
    SIDE,
    make_dataset,
)

INK = 0.25  # a pixel is ink if its brightest channel is above this share of the
# brightest pixel's, and above INK_FLOOR (0..1) outright
INK_FLOOR = 0.3
MIN_INK_PIXELS = 4  # fewer ink pixels than this is "nothing drawn"
TRIANGLE_SKEW = -0.22  # skew below this (a tail up to an apex): a triangle
SQUARE_CORNERS = 0.87  # corner weight above this: a square (below: a circle)
NOTHING = -1  # the code read when no ink is found


@dataclass
class Reading:
    """What the rules read in a batch of pictures, one entry per picture."""

    colour: np.ndarray  # (n,) index into COLOURS, or NOTHING
    shape: np.ndarray  # (n,) index into SHAPES, or NOTHING
    position: np.ndarray  # (n,) index into POSITIONS, or NOTHING
    ink: np.ndarray  # (n, SIDE, SIDE) bool: the pixels read as the shape

    def agrees(self, colour, shape, position) -> np.ndarray:
        """(n,) bool: all three read as asked."""
        same = (self.colour == colour) & (self.shape == shape)
        return same & (self.position == position)


def read(images: np.ndarray) -> Reading:
    """Read pictures (n, SIDE, SIDE, 3) in -1 (black) .. 1."""
    rgb = np.clip((np.asarray(images, dtype=np.float64) + 1) / 2, 0, 1)
    n = len(rgb)
    brightest = rgb.max(-1)  # (n, h, w)
    peak = brightest.reshape(n, -1).max(1)[:, None, None]  # (n, 1, 1)
    ink = (brightest > INK * peak) & (brightest > INK_FLOOR)
    colour, shape, position = (np.full(n, NOTHING) for _ in range(3))
    refs = np.array([RGB[c] for c in COLOURS])
    refs = refs / refs.sum(1, keepdims=True)  # (colours, 3): hue of each colour
    ys, xs = np.mgrid[0:SIDE, 0:SIDE] + 0.5  # pixel centres; y grows downwards
    for i in range(n):
        if ink[i].sum() < MIN_INK_PIXELS:
            continue
        mean = rgb[i][ink[i]].mean(0)  # (3,)
        colour[i] = int(np.argmin(((refs - mean / max(mean.sum(), 1e-9)) ** 2).sum(1)))
        w = brightest[i] * ink[i]  # ink weights (h, w)
        w = w / w.sum()
        cx, cy = (w * xs).sum(), (w * ys).sum()
        position[i] = POSITIONS.index(
            f"{'top' if cy < SIDE / 2 else 'bottom'} "
            f"{'left' if cx < SIDE / 2 else 'right'}"
        )
        dx, dy = xs - cx, ys - cy
        ex, ey = (w * dx**2).sum(), (w * dy**2).sum()
        if min(ex, ey) < 1e-6:  # a single line of ink: no shape to speak of
            continue
        skew = (w * dy**3).sum() / ey**1.5  # y downwards: an apex above is < 0
        corners = (w * dx**2 * dy**2).sum() / (ex * ey)
        if skew < TRIANGLE_SKEW:
            shape[i] = SHAPES.index("triangle")
        else:
            shape[i] = SHAPES.index("square" if corners > SQUARE_CORNERS else "circle")
    return Reading(colour, shape, position, ink)


def accuracy_on_real(n: int, seed: int) -> dict[str, float]:
    """The rules' own accuracy on ``n`` fresh real pictures of every combination."""
    images, index = make_dataset(n, seed, ALL_COMBOS)
    codes = np.array([ALL_COMBOS[k].codes() for k in index])  # (n, 3)
    r = read(images)
    return {
        "colour": float((r.colour == codes[:, 0]).mean()),
        "shape": float((r.shape == codes[:, 1]).mean()),
        "position": float((r.position == codes[:, 2]).mean()),
        "all": float(r.agrees(*codes.T).mean()),
    }


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    print({k: round(v, 4) for k, v in accuracy_on_real(count, seed=123).items()})
