"""Manim's Cairo camera, made cheaper where a frame's pixels cannot change.

Two places, both checked on Manim CE 0.22.0 (Cairo renderer, pycairo 1.29):

Images. To draw an ImageMobject, Manim pastes it into a transparent image the
size of the whole frame and alpha-composites that over the whole frame, every
frame: a full-frame composite per image, even for a small one. Where the
pasted image is fully transparent the composite leaves the frame as it was
(Pillow copies the destination pixel when the source's alpha is 0), so
compositing only the box that holds its pixels gives the same frame, for less
work. Placing the image (a perspective resample of its pixels onto its
corners) is also done afresh every frame; the placed box is kept and
composited again while the image's pixels, its corners and the frame are
exactly the same.

Paths. Every frame of a play Manim rebuilds each redrawn VMobject's Cairo
path from its points in Python, one ``curve_to`` per Bezier curve after
splitting the points into subpaths (``Camera.set_cairo_context_path``): the
largest share of drawing a frame (ModeCollapse: 17.7 s of 51.7 s). Most of
those mobjects do not change from frame to frame (the still letters and axes
painted over a moving one), so the path Cairo built is kept
(``ctx.copy_path``) and replayed (``ctx.append_path``) while the mobject's
points and the context's transform are exactly the same; a mobject whose
points changed by a single bit is built afresh. Cairo stores a path in its
own fixed-point device coordinates, so a path replayed under the same
transform is the same path, and the frames are the same pixels
(tests/kit/test_render_speed.py).
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
from manim import Camera
from PIL import Image


class ExplainerCamera(Camera):
    # Paths kept, the least recently drawn dropped first: a scene shows a few
    # thousand distinct still shapes (each letter is one) at a time. Bounded
    # by the bytes of points too: a shape whose points change every frame (an
    # arrow field of thousands of curves) never comes back, and must not fill
    # memory while it passes through.
    PATH_CACHE_SIZE = 8192
    PATH_CACHE_BYTES = 32_000_000  # of points; a Cairo path takes about as much
    # Placed images kept: an image that changes every frame never comes back,
    # so a few are enough for the still ones.
    IMAGE_CACHE_SIZE = 32

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._paths: OrderedDict = OrderedDict()  # key -> (path, bytes)
        self._path_bytes = 0
        self._images: OrderedDict = OrderedDict()
        self._placed = None

    def set_cairo_context_path(self, ctx, vmobject):
        points = vmobject.points
        if len(points) == 0:
            # Manim leaves the context's current path as it is here.
            return super().set_cairo_context_path(ctx, vmobject)
        # Everything Manim's path depends on: the points (to the bit), how it
        # splits them into subpaths, and the transform into pixels.
        key = (
            points.tobytes(),
            points.shape,
            points.dtype.str,
            type(vmobject),
            vmobject.n_points_per_cubic_curve,
            vmobject.tolerance_for_point_equality,
            tuple(ctx.get_matrix()),
        )
        kept = self._paths.get(key)
        if kept is None:
            super().set_cairo_context_path(ctx, vmobject)
            size = len(key[0])
            self._paths[key] = (ctx.copy_path(), size)
            self._path_bytes += size
            while len(self._paths) > self.PATH_CACHE_SIZE or (
                self._path_bytes > self.PATH_CACHE_BYTES and len(self._paths) > 1
            ):
                self._path_bytes -= self._paths.popitem(last=False)[1][1]
        else:
            self._paths.move_to_end(key)
            ctx.new_path()
            ctx.append_path(kept[0])
        return self

    def display_image_mobject(self, image_mobject, pixel_array: np.ndarray) -> None:
        # Everything Manim's placement of the image depends on: its pixels,
        # its corners, how it is resampled, and the frame it is drawn in.
        pixels = image_mobject.get_pixel_array()
        key = (
            pixels.tobytes(),
            pixels.shape,
            pixels.dtype.str,
            image_mobject.points.tobytes(),
            image_mobject.resampling_algorithm,
            self.pixel_width,
            self.pixel_height,
            self.frame_width,
            self.frame_height,
            np.asarray(self.frame_center, float).tobytes(),
        )
        if key in self._images:
            self._images.move_to_end(key)
            placed = self._images[key]
        else:
            # Manim's own placement, caught where it hands the frame-sized
            # image to overlay_PIL_image; None if it draws nothing
            self._placed = None
            super().display_image_mobject(image_mobject, pixel_array)
            placed, self._placed = self._placed, None
            self._images[key] = placed
            if len(self._images) > self.IMAGE_CACHE_SIZE:
                self._images.popitem(last=False)
            return  # drawn by Manim's own code just now
        if placed is not None:
            self._composite(pixel_array, *placed)

    def overlay_PIL_image(self, pixel_array: np.ndarray, image: Image.Image) -> None:
        box = image.getbbox()  # where any pixel has alpha above 0
        over = None if box is None else image.crop(box)
        if box is not None:
            self._composite(pixel_array, box, over)
        self._placed = None if box is None else (box, over)

    @staticmethod
    def _composite(pixel_array: np.ndarray, box, over: Image.Image) -> None:
        left, top, right, bottom = box
        under = Image.fromarray(
            np.ascontiguousarray(pixel_array[top:bottom, left:right])
        )
        pixel_array[top:bottom, left:right] = np.asarray(
            Image.alpha_composite(under, over), dtype="uint8"
        )
