"""A text counter ("step 412 of 1,000") that follows a value every frame, cheaply.

Building a Text costs tens of milliseconds (Pango, then SVG parsing), and a
counter that changes every frame used to build one per value: in the GAN and
diffusion scenes that was the largest share of the render. Here Text is built
only for the few layouts a counter passes through (one per number of digits,
with every digit an 8), and each frame's digits are placed into the 8s' slots
from one set of digit shapes. The font's digits all share one advance width
(DejaVu Sans: tabular figures), so a digit sits in an 8's slot exactly as Pango
would have set it; tests compare the result with a real Text.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable

import numpy as np
from manim import LEFT, VGroup, VMobject

from scenes.kit import style
from scenes.kit.text import label, note_size

# Characters a number may take (thousands separators included); more is refused.
MAX_NUMBER_CHARS = 15


def _split(template: str) -> tuple[str, str, str]:
    """(prefix, format spec, suffix) of a template with one ``{}`` field."""
    fields = [f for f in string.Formatter().parse(template) if f[1] is not None]
    if len(fields) != 1 or fields[0][1] != "":
        raise ValueError(f"a counter template needs one {{}} field: {template!r}")
    prefix, _, spec, _ = fields[0]
    suffix = template[len(prefix) :].split("}", 1)[1]
    return prefix, spec or "", suffix


def _ink_chars(s: str) -> int:
    """How many glyphs Text makes of ``s`` (it drops white space)."""
    return sum(not c.isspace() for c in s)


class _DigitShapes:
    """The ten digits' outlines, and where each sits relative to an 8."""

    def __init__(self, colour: str, size: float):
        digits = label("0123456789", colour, size)
        eights = label("8888888888", colour, size)
        lefts = [g.get_left()[0] for g in eights.submobjects]
        self.advance = float(np.mean(np.diff(lefts)))  # one digit's width
        self.points = [g.points.copy() for g in digits.submobjects]
        eight = digits.submobjects[8]
        self.eight_left = eight.get_left()[0]
        self.eight_bottom = eight.get_bottom()[1]

    def placed(self, digit: int, slot: VMobject) -> np.ndarray:
        """The outline of ``digit`` set where the 8 ``slot`` stands."""
        dx = slot.get_left()[0] - self.eight_left + (8 - digit) * self.advance
        dy = slot.get_bottom()[1] - self.eight_bottom
        return self.points[digit] + np.array([dx, dy, 0.0])


def counter(
    template: str,
    value: Callable[[], int],
    palette: style.Palette,
    font_size: float = style.BODY_SIZE,
) -> VGroup:
    """Text such as ``"step {} of 200"`` (or ``"{:,}"``) that follows ``value()``.

    The returned group has a fixed number of glyph slots (unused ones hold no
    points): Manim fixes the list of moving mobjects when a play starts, so the
    glyphs change shape in place rather than being swapped.
    """
    prefix, spec, suffix = _split(template)
    colour = palette.text
    shapes = _DigitShapes(colour, font_size)
    layouts: dict[str, VGroup] = {}
    starts: dict[str, int] = {}  # layout key -> index of the number's first glyph
    placed: dict[tuple[str, int, str], np.ndarray] = {}  # (layout, glyph, digit)

    def number_start(layout: VGroup, key: str) -> int:
        # The number's first glyph, counted from the end: Pango may set letter
        # pairs of the prefix ("ff", "fi") as one glyph, so counting the
        # prefix's characters would land the digits one glyph too far on.
        return len(layout.submobjects) - len(
            label(key + suffix, colour, font_size).submobjects
        )

    def outlines(v: int) -> list[np.ndarray]:
        number = format(v, spec)
        if len(number) > MAX_NUMBER_CHARS or _ink_chars(number) != len(number):
            raise ValueError(f"counter cannot show {number!r}")
        key = re.sub(r"\d", "8", number)
        if key not in layouts:
            layouts[key] = label(prefix + key + suffix, colour, font_size)
        glyphs = layouts[key].submobjects
        if key not in starts:  # built once per layout, not once per frame
            starts[key] = number_start(layouts[key], key)
        start = starts[key]
        out = [g.points for g in glyphs]
        for i, char in enumerate(number):
            if char.isdigit():
                # A layout never moves, so a digit in one of its slots always
                # lands on the same points: placed once, not every frame (draw
                # copies them into the counter).
                slot = (key, start + i, char)
                if slot not in placed:
                    placed[slot] = shapes.placed(int(char), glyphs[start + i])
                out[start + i] = placed[slot]
        return out

    slots = _ink_chars(prefix + suffix) + MAX_NUMBER_CHARS
    shown = VGroup(*[VMobject() for _ in range(slots)])
    style_from = label(prefix + "8" + suffix, colour, font_size).submobjects[0]
    for glyph in shown.submobjects:
        glyph.match_style(style_from)

    def draw(m: VGroup, v: int) -> None:
        shapes_now = outlines(v)
        empty = [np.zeros((0, 3))] * (slots - len(shapes_now))
        for glyph, points in zip(m.submobjects, shapes_now + empty, strict=True):
            glyph.points = points.copy()

    draw(shown, value())
    note_size(shown, font_size, template, turns=False)
    state = {"v": value()}

    def update(m: VGroup):
        v = value()
        if v != state["v"]:
            state["v"] = v
            left = m.get_left()  # where the scene has put the counter
            draw(m, v)
            m.move_to(left, aligned_edge=LEFT)

    shown.add_updater(update)
    return shown
