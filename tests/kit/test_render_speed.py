"""What makes a render cheaper leaves every pixel as it was.

The camera replays a VMobject's Cairo path while its points and the transform
are unchanged (scenes/kit/camera.py); a point cloud is rasterised again only
when its layers change (scenes/kit/widgets.py).
"""

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Axes,
    Camera,
    Circle,
    DashedLine,
    ImageMobject,
    Line,
    Square,
    Text,
    ValueTracker,
    VMobject,
    tempconfig,
)

from scenes.kit import widgets
from scenes.kit.camera import ExplainerCamera
from scenes.kit.raster import rasterize_points

SIZE = {"pixel_height": 144, "pixel_width": 256}


def shapes() -> list:
    return [
        Text("mode collapse 0.42", font_size=30).shift(UP),
        Circle(1.2, color="#FF8800", fill_opacity=0.4, stroke_width=6),
        Square(2).rotate(0.3),
        Axes(x_range=[0, 5], y_range=[0, 3]).scale(0.5).shift(DOWN),
        Arrow(LEFT, 2 * RIGHT),
        DashedLine(3 * LEFT, 3 * RIGHT + UP),
        VMobject(),  # no points: Manim keeps the path before it
        Line(LEFT, LEFT),  # a single point, drawn as nothing
    ]


def frames(camera_class, steps: int = 4) -> list[np.ndarray]:
    """Frames of a small scene in which one shape moves and the rest stay."""
    mobs = shapes()
    camera = camera_class(background_color="#101418")
    out = []
    for k in range(steps):
        if k == 2:
            mobs[1].shift(0.3 * RIGHT)  # changes between frames
        if k == 3:
            mobs[0].set_color("#5EC8F2")  # colour only: the same path
        camera.reset()
        camera.capture_mobjects(mobs)
        out.append(camera.pixel_array.copy())
    return out


def test_replayed_paths_draw_manims_pixels():
    with tempconfig(SIZE):
        manims = frames(Camera)
        ours = frames(ExplainerCamera)
    for a, b in zip(manims, ours, strict=True):
        assert np.array_equal(a, b)
    assert not np.array_equal(manims[1], manims[2])  # the circle moved
    assert not np.array_equal(manims[2], manims[3])  # the text changed colour


def test_changed_mobject_is_drawn_afresh():
    with tempconfig(SIZE):
        camera = ExplainerCamera(background_color="#101418")
        square = Square(1, fill_opacity=1, color="#FFFFFF")
        camera.capture_mobjects([square])
        before = camera.pixel_array.copy()
        kept = len(camera._paths)
        camera.reset()
        camera.capture_mobjects([square])  # unchanged: replayed, no new path
        assert len(camera._paths) == kept
        assert np.array_equal(camera.pixel_array, before)
        square.shift(2 * RIGHT)
        camera.reset()
        camera.capture_mobjects([square])
        assert len(camera._paths) == kept + 1
        moved = camera.pixel_array.copy()
        fresh = Camera(background_color="#101418")
        fresh.capture_mobjects([square])
        assert np.array_equal(moved, fresh.pixel_array)
        assert not np.array_equal(moved, before)


def test_path_cache_is_bounded():
    with tempconfig(SIZE):
        camera = ExplainerCamera(background_color="#101418")
        camera.PATH_CACHE_SIZE = 5
        dot = Circle(0.2)
        for _ in range(12):
            dot.shift(0.1 * RIGHT)
            camera.capture_mobjects([dot])
        assert len(camera._paths) == 5


def test_point_cloud_redraws_only_changed_layers(monkeypatch):
    rng = np.random.default_rng(0)
    data = rng.normal(size=(300, 2))
    step = ValueTracker(0.0)
    opacity = ValueTracker(0.8)
    drawn = []

    def counted(*args):
        drawn.append(args[0][0][2])
        return rasterize_points(*args)

    monkeypatch.setattr(widgets, "rasterize_points", counted)

    def layers(s):
        return [(data * (1 + s), "#5EC8F2", opacity.get_value())]

    with tempconfig(SIZE):
        cloud = widgets.point_cloud(layers, step, extent=4.0, side=3.0)
        runs = [
            (0.0, 0.8, 0),
            (0.0, 0.8, 0),
            (0.5, 0.8, 1),
            (0.5, 0.3, 1),
            (0.5, 0.3, 0),
        ]
        for s, op, new in runs:
            drawn.clear()
            step.set_value(s)
            opacity.set_value(op)
            cloud.update()
            assert len(drawn) == new
            # the tracker's own value: a numpy float draws other pixels than 0.3
            layer = (data * (1 + step.get_value()), "#5EC8F2", opacity.get_value())
            want = rasterize_points([layer], 4.0, cloud.pixel_array.shape[0], 1.0)
            assert np.array_equal(cloud.pixel_array, want)
        # a fade writes into the image; the next frame is drawn as if afresh
        cloud.pixel_array[..., 3] //= 2
        cloud.update()
        assert np.array_equal(cloud.pixel_array, want)


def test_replayed_images_draw_manims_pixels():
    rng = np.random.default_rng(3)

    def picture(alpha):
        rgba = rng.integers(0, 256, (12, 20, 4), dtype=np.uint8)
        if alpha is not None:
            rgba[..., 3] = alpha
        return ImageMobject(rgba)

    with tempconfig(SIZE):
        mobs = [
            Square(3, fill_opacity=1, color="#5EC8F2"),
            picture(None).set(height=2.5).rotate(0.3),
            picture(255).set(height=1).shift(6.5 * LEFT),  # partly off the frame
            picture(0).set(height=2),  # all transparent
        ]
        manims = Camera(background_color="#101418")
        ours = ExplainerCamera(background_color="#101418")
        for k in range(4):
            if k == 2:
                mobs[1].pixel_array[..., :3] //= 2  # new pixels: placed afresh
            if k == 3:
                mobs[2].shift(0.5 * RIGHT)  # new corners: placed afresh
            for camera in (manims, ours):
                camera.reset()
                camera.capture_mobjects(mobs)
            assert np.array_equal(ours.pixel_array, manims.pixel_array)
        assert len(ours._images) == 5  # three at first, then two changed


def reference_rasterize(layers, extent, size_px, radius_px):
    """rasterize_points as first written: one pass per kernel offset and
    compositing on (n, 3) rows; the faster one must give the same bytes."""
    r = int(np.ceil(radius_px + 1))
    kernel = [
        (dy, dx, w)
        for dy in range(-r, r + 1)
        for dx in range(-r, r + 1)
        if (w := float(np.clip(radius_px + 0.5 - np.hypot(dy, dx), 0.0, 1.0))) > 0
    ]
    pad = int(np.ceil(radius_px + 2))
    covers = []
    for points, colour, opacity in layers:
        px = (points[:, 0] + extent) / (2 * extent) * size_px - 0.5
        py = (extent - points[:, 1]) / (2 * extent) * size_px - 0.5
        ix, iy = np.rint(px).astype(int) + pad, np.rint(py).astype(int) + pad
        span = size_px + 2 * pad
        inside = (ix >= 0) & (ix < span) & (iy >= 0) & (iy < span)
        hits = np.zeros((span, span), np.float32)
        hits[iy[inside], ix[inside]] = 1.0
        cover = np.zeros((size_px, size_px), np.float32)
        for dy, dx, w in kernel:
            view = hits[pad - dy : pad - dy + size_px, pad - dx : pad - dx + size_px]
            np.maximum(cover, view * np.float64(w) if w < 1 else view, out=cover)
        rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)], np.float32)
        covers.append((cover * opacity, rgb))
    alpha = np.zeros((size_px, size_px), np.float32)
    for a, _ in covers:
        alpha = alpha * (1 - a) + a
    drawn = np.nonzero(alpha)
    rgb = np.zeros((len(drawn[0]), 3), np.float32)
    for a, colour in covers:
        a = a[drawn][:, None]
        rgb = rgb * (1 - a) + colour * a
    out = np.zeros((size_px, size_px, 4), np.uint8)
    out[drawn + (slice(0, 3),)] = np.clip(rgb / alpha[drawn][:, None], 0, 255).astype(
        np.uint8
    )
    out[..., 3] = np.clip(alpha * 255, 0, 255).astype(np.uint8)
    return out


def test_rasterize_points_gives_the_same_bytes():
    rng = np.random.default_rng(1)
    cases = [
        ([], 3.0, 50, 1.5),
        ([(np.zeros((0, 2)), "#ffffff", 1.0)], 3.0, 50, 1.5),
        ([(rng.normal(size=(400, 2)), "#123456", 1.0)], 2.0, 64, 1.0),
        (
            [
                (rng.normal(size=(400, 2)) * 5, "#ff0000", np.float64(0.3)),
                (rng.normal(size=(100, 2)), "#00ff00", 0.7),
                (rng.normal(size=(50, 2)), "#0000ff", np.float32(1.0)),
            ],
            3.0,
            120,
            3.4,
        ),
        (
            [
                (rng.normal(size=(2000, 2)), "#5ec8f2", 0.85),
                (rng.normal(size=(500, 2)), "#ff8800", np.float64(0.9)),
            ],
            3.0,
            190,
            1.47,
        ),
    ]
    for case in cases:
        ours, want = rasterize_points(*case), reference_rasterize(*case)
        assert ours.dtype == want.dtype == np.uint8
        assert ours.shape == want.shape
        assert np.array_equal(ours, want)
        if case[0] and len(case[0][0][0]):
            assert want[..., 3].any()  # drew something


def test_path_cache_is_bounded_by_bytes():
    with tempconfig(SIZE):
        camera = ExplainerCamera(background_color="#101418")
        camera.PATH_CACHE_BYTES = 3 * Circle(0.2).points.nbytes
        dot = Circle(0.2)
        for _ in range(12):
            dot.shift(0.1 * RIGHT)
            camera.capture_mobjects([dot])
        assert len(camera._paths) == 3
        assert camera._path_bytes == 3 * dot.points.nbytes
