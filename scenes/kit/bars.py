"""Measured amounts side by side as bars on one linear scale.

Shared by the chapters that compare two figures of one kind (a guess's miss
against no guess at all; a cache's memory against the attention tables), so
"a bar for each, to one scale" looks the same in every scene.
"""

from __future__ import annotations

from manim import LEFT, RIGHT, UP, Rectangle, VGroup

from scenes.kit import style
from scenes.kit.text import label


def compare_bars(
    items: list[tuple[str, float, str, str]],
    pal: style.Palette,
    width: float = 4.6,
    bar_height: float = 0.3,
) -> VGroup:
    """Two or more measured amounts as bars on one linear scale, each with its
    name above and its value at its end: (name, amount, value as shown, colour).

    The largest amount is ``width`` long; a tiny one stays visible (at least
    0.03 units), so "51.4 MB against 1.0 MB" reads as the 50-fold gap it is.
    Returns a VGroup with ``bars`` (grow them) and ``labels`` (fade them).
    """
    top = max(a for _, a, _, _ in items)
    bars, labels = VGroup(), VGroup()
    y = 0.0
    for name, amount, shown, colour in items:
        bar = Rectangle(
            width=max(0.03, width * amount / top), height=bar_height, stroke_width=0
        ).set_fill(colour, opacity=1)
        bar.move_to([0, y, 0], aligned_edge=LEFT)
        title = label(name, pal.text, style.LABEL_SIZE).next_to(bar, UP, 0.08)
        title.align_to(bar, LEFT)
        value = label(shown, colour, style.LABEL_SIZE).next_to(bar, RIGHT, 0.15)
        bars.add(bar)
        labels.add(title, value)
        y -= bar_height + 0.55
    group = VGroup(bars, labels)
    group.bars, group.labels = bars, labels
    return group
