"""The explainer's camera draws exactly the frames Manim's own camera draws."""

import numpy as np
import pytest
from manim import LEFT, UP, Camera, Circle, ImageMobject, Square, tempconfig

from scenes.kit.camera import ExplainerCamera


def image(alpha: int | None, seed: int, size=(12, 20)) -> ImageMobject:
    """Random pixels; ``alpha`` for one opacity throughout, None for random."""
    rng = np.random.default_rng(seed)
    rgba = rng.integers(0, 256, (*size, 4), dtype=np.uint8)
    if alpha is not None:
        rgba[..., 3] = alpha
    return ImageMobject(rgba)


def scenes() -> dict[str, list]:
    return {
        "opaque, small": [image(255, 1).set(height=1.2).shift(LEFT + UP)],
        "half-transparent over shapes": [
            Square(3, fill_opacity=1, color="#5EC8F2"),
            Circle(1, fill_opacity=0.5, color="#FF8800"),
            image(None, 2).set(height=2.5),
        ],
        "partly off the frame": [image(200, 3).set(height=3).shift(6.5 * LEFT)],
        "wholly off the frame": [image(255, 4).set(height=1).shift(20 * LEFT)],
        "all transparent": [Square(2, fill_opacity=1), image(0, 5).set(height=4)],
        "rotated and stacked": [
            image(255, 6).set(height=3).rotate(0.4),
            image(None, 7).set(height=2).rotate(-1.1).shift(UP),
        ],
    }


@pytest.mark.parametrize("name", list(scenes()))
def test_frames_equal_manims_camera(name):
    with tempconfig({"pixel_height": 144, "pixel_width": 256}):
        frames = []
        for camera_class in (Camera, ExplainerCamera):
            camera = camera_class(background_color="#101418")
            camera.capture_mobjects(scenes()[name])
            frames.append(camera.pixel_array.copy())
    manims, ours = frames
    assert np.array_equal(ours, manims)
    if name != "wholly off the frame":
        assert len(np.unique(manims.reshape(-1, 4), axis=0)) > 1  # drew something
