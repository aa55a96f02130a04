"""Manim's Cairo camera, compositing each image only where it has pixels.

To draw an ImageMobject, Manim pastes it into a transparent image the size of
the whole frame and alpha-composites that over the whole frame, every frame:
a full-frame composite per image, even for a small one. Where the pasted
image is fully transparent the composite leaves the frame as it was (Pillow
copies the destination pixel when the source's alpha is 0), so compositing
only the box that holds its pixels gives the same frame, for less work.
"""

from __future__ import annotations

import numpy as np
from manim import Camera
from PIL import Image


class ExplainerCamera(Camera):
    def overlay_PIL_image(self, pixel_array: np.ndarray, image: Image.Image) -> None:
        box = image.getbbox()  # where any pixel has alpha above 0
        if box is None:
            return  # all transparent: the frame stays as it is
        left, top, right, bottom = box
        under = Image.fromarray(
            np.ascontiguousarray(pixel_array[top:bottom, left:right])
        )
        over = image.crop(box)
        pixel_array[top:bottom, left:right] = np.asarray(
            Image.alpha_composite(under, over), dtype="uint8"
        )
