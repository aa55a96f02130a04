"""Drawing helpers shared by scenes: point clouds, step counters, schedule plots.

Each returns a Mobject driven by a ``ValueTracker`` through an updater, so a
scene animates it by animating the tracker. None uses LaTeX.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Dot,
    ImageMobject,
    Line,
    ValueTracker,
    VGroup,
    VMobject,
    config,
)
from manim.constants import RESAMPLING_ALGORITHMS

from scenes.kit import style
from scenes.kit.counter import counter  # noqa: F401 (scenes import it from here)
from scenes.kit.raster import rasterize_points
from scenes.kit.text import label

# (points, colour, opacity) layers for a given tracker value
LayerFn = Callable[[float], list[tuple[np.ndarray, str, float]]]


def frame_at(frames: np.ndarray, s: float) -> np.ndarray:
    """Linear interpolation between recorded frames: frames (F, ...), s in [0, F-1]."""
    s = float(np.clip(s, 0, len(frames) - 1))
    k = int(np.floor(s))
    if k >= len(frames) - 1:
        return frames[-1]
    f = s - k
    return (1 - f) * frames[k] + f * frames[k + 1]


def point_cloud(
    layers_at: LayerFn,
    tracker: ValueTracker,
    extent: float,
    side: float,
    radius_px: float = 2.2,
) -> ImageMobject:
    """A square image of point layers, ``side`` units wide, redrawn as ``tracker`` runs.

    The image is rasterised at the on-screen pixel size so dots stay sharp.
    """
    size_px = max(16, int(round(side / config.frame_width * config.pixel_width)))
    # Scale the dot with the output so 480p and 1080p look alike.
    radius = max(1.0, radius_px * config.pixel_height / 720)

    # The last layers drawn and their image: a cloud often holds still while
    # something else moves (its tracker, or the opacity it reads, unchanged),
    # and the same layers give the same image, so it is not rasterised again.
    last: dict = {}

    def draw(value: float) -> np.ndarray:
        layers = layers_at(value)
        key = [
            (np.ascontiguousarray(p).tobytes(), np.shape(p), str(c), float(o))
            for p, c, o in layers
        ]
        if last.get("key") != key:
            last["key"] = key
            last["image"] = rasterize_points(layers, extent, size_px, radius)
        # a copy: Manim fades an image by writing into its pixel array
        return last["image"].copy()

    cloud = ImageMobject(draw(tracker.get_value()))
    cloud.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
    cloud.height = side
    cloud.add_updater(lambda m: setattr(m, "pixel_array", draw(tracker.get_value())))
    return cloud


def schedule_plot(
    signal: np.ndarray,
    noise: np.ndarray,
    palette: style.Palette,
    step: Callable[[], float],
    width: float = 5.0,
    height: float = 2.4,
) -> VGroup:
    """Signal and noise shares against step, with the current step marked.

    ``signal``/``noise`` are (T+1,) arrays from the trace; ``step()`` gives the
    current (fractional) step.
    """
    total = len(signal) - 1
    axes = Axes(
        x_range=[0, total, total / 4],
        y_range=[0, 1, 0.5],
        x_length=width,
        y_length=height,
        tips=False,
        axis_config={"color": palette.muted, "include_numbers": False},
    )
    steps = np.arange(total + 1)
    sig = axes.plot_line_graph(
        steps, signal, line_color=palette.signal, add_vertex_dots=False, stroke_width=4
    )
    noi = axes.plot_line_graph(
        steps, noise, line_color=palette.noise, add_vertex_dots=False, stroke_width=4
    )

    sig_label = label("signal left", palette.signal).next_to(axes.c2p(0, 1), UP, 0.15)
    sig_label.align_to(axes, LEFT)
    noi_label = label("noise", palette.noise).next_to(sig_label, RIGHT, 0.5)
    x_label = label(f"noise level: step 0 to {total}", palette.muted).next_to(
        axes, DOWN, 0.15
    )
    y_top = label("1", palette.muted).next_to(axes.c2p(0, 1), LEFT, 0.1)
    y_bottom = label("0", palette.muted).next_to(axes.c2p(0, 0), LEFT, 0.1)

    def at(t: float, values: np.ndarray):
        return axes.c2p(t, np.interp(t, steps, values))

    marker = Line(axes.c2p(0, 0), axes.c2p(0, 1), color=palette.accent, stroke_width=3)
    marker.add_updater(
        lambda m: m.put_start_and_end_on(axes.c2p(step(), 0), axes.c2p(step(), 1))
    )
    sig_dot = Dot(at(0, signal), color=palette.signal, radius=0.07)
    sig_dot.add_updater(lambda d: d.move_to(at(step(), signal)))
    noi_dot = Dot(at(0, noise), color=palette.noise, radius=0.07)
    noi_dot.add_updater(lambda d: d.move_to(at(step(), noise)))
    return VGroup(
        axes,
        sig,
        noi,
        sig_label,
        noi_label,
        x_label,
        y_top,
        y_bottom,
        marker,
        sig_dot,
        noi_dot,
    )


def arrow_field(
    ends_at: Callable[[], np.ndarray],
    starts: np.ndarray,
    colour: str,
    stroke_width: float = 2.0,
    tip: float = 0.09,
    min_tip: float = 0.0,
) -> VGroup:
    """Many arrows as two mobjects (all shafts, all heads), redrawn every frame.

    ``starts`` is (n, 3) in scene units; ``ends_at()`` returns the current (n, 3)
    ends. One VMobject per arrow would be rebuilt hundreds of times a frame; two
    whose points are set from numpy arrays render many times faster.

    Heads are ``tip`` long, or 45% of a short arrow; never below ``min_tip``
    (scene units), so a short arrow still shows its direction (as matplotlib's
    quiver ``minlength`` does), at the cost of its length reading a little long.
    """
    shafts = VMobject(stroke_color=colour, stroke_width=stroke_width)
    heads = VMobject(stroke_width=0, fill_color=colour, fill_opacity=1.0)

    def line_curves(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        # straight cubic Bezier a -> b: anchors and handles at thirds, (n, 4, 3)
        return np.stack([a, a + (b - a) / 3, a + 2 * (b - a) / 3, b], 1)

    def redraw(_=None):
        ends = ends_at()
        d = ends - starts
        length = np.linalg.norm(d, axis=1, keepdims=True)
        keep = length[:, 0] > 1e-3
        a, b, d, length = starts[keep], ends[keep], d[keep], length[keep]
        unit = d / length
        normal = np.column_stack([-unit[:, 1], unit[:, 0], np.zeros(len(unit))])
        size = np.maximum(np.minimum(tip, 0.45 * length), min(min_tip, tip))
        base = b - unit * size
        shafts.set_points(
            line_curves(a, base).reshape(-1, 3) if len(a) else np.zeros((0, 3))
        )
        left, right = base + normal * size * 0.55, base - normal * size * 0.55
        # each head a closed triangle b -> left -> right -> b: its three curves
        # one after another, (n, 12, 3), so no head's points mix with another's
        tri = (
            np.concatenate(
                [line_curves(b, left), line_curves(left, right), line_curves(right, b)],
                1,
            )
            if len(a)
            else None
        )
        heads.set_points(tri.reshape(-1, 3) if tri is not None else np.zeros((0, 3)))

    redraw()
    group = VGroup(shafts, heads)
    group.add_updater(lambda g: redraw())
    return group
