"""A training curve that grows as a scene runs: loss against training step.

Shared by the GAN chapter (forger and inspector losses) and the diffusion
chapter (the denoiser's error over training), so both draw curves alike.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Axes, VGroup, VMobject

from scenes.kit import style
from scenes.kit.text import label


def loss_plot(
    curves: list[tuple[np.ndarray, str, str]],
    until: Callable[[], float],
    pal: style.Palette,
    width: float,
    height: float,
    x_label: str,
    x_values: np.ndarray | None = None,
    y_range: tuple[float, float] | None = None,
    y_texts: tuple[str, str] | None = None,
) -> VGroup:
    """Curves drawn up to round ``until()`` (a fractional round index), growing
    as it runs.

    ``curves`` holds (values per round, colour, name). x is ``x_values`` per
    round (say, the training step each round was recorded at, so the axis is
    uniform in steps however unevenly rounds were recorded), else the round
    index. The y axis runs from 0 to the largest value rounded up to a half,
    or over ``y_range`` (bottom, top) if given; ``y_texts`` (bottom, top)
    replace the numbers written at its ends.
    """
    n = len(curves[0][0])
    rounds = np.arange(n)
    xs = rounds if x_values is None else np.asarray(x_values, dtype=float)
    x_end = float(xs[-1])
    if y_range is None:
        bottom = 0.0
        top = float(np.ceil(max(float(c.max()) for c, _, _ in curves) * 2) / 2)
    else:
        bottom, top = map(float, y_range)
    low_text, top_text = y_texts if y_texts is not None else ("0", f"{top:g}")
    axes = Axes(
        x_range=[0, x_end, x_end],
        y_range=[bottom, top, top - bottom],
        x_length=width,
        y_length=height,
        tips=False,
        axis_config={"color": pal.muted, "include_numbers": False},
    )
    size = style.LABEL_SIZE
    ticks = VGroup(
        label(low_text, pal.muted, size).next_to(axes.c2p(0, bottom), LEFT, 0.08),
        label(top_text, pal.muted, size).next_to(axes.c2p(0, top), LEFT, 0.08),
        label(x_label, pal.muted, size).next_to(axes, DOWN, 0.1),
    )
    names = VGroup(*[label(name, colour, size) for _, colour, name in curves]).arrange(
        RIGHT, buff=0.35
    )
    names.next_to(axes, UP, 0.1).align_to(axes, LEFT)
    lines = VGroup()
    for values, colour, _ in curves:
        line = VMobject(stroke_color=colour, stroke_width=3)

        def redraw(m, values=values):
            r = float(np.clip(until(), 0, n - 1))
            k = int(np.floor(r))
            x = float(np.interp(r, rounds, xs))
            px = np.append(xs[: k + 1], x)
            py = np.append(values[: k + 1], np.interp(r, rounds, values))
            # axes.c2p maps one point; map all at once through its origin and units
            origin = axes.c2p(0, 0)
            x_unit, y_unit = axes.c2p(1, 0) - origin, axes.c2p(0, 1) - origin
            m.set_points_as_corners(
                origin + np.outer(px, x_unit) + np.outer(py, y_unit)
            )

        redraw(line)
        line.add_updater(redraw)
        lines.add(line)
    return VGroup(axes, ticks, names, lines)  # still parts first, the curves last
