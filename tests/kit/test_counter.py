"""The counter widget draws exactly what a Text of the same string would."""

import numpy as np
import pytest
from manim import LEFT

from scenes.kit import style
from scenes.kit.counter import counter
from scenes.kit.text import label


@pytest.mark.parametrize(
    "template, values",
    [
        ("step {:,} of 1,000", [0, 7, 42, 999, 1000, 1234, 56789, 5]),
        ("{}% of the fakes near a mode", [3, 88, 100, 0]),
        ("modes covered: {} of 8", [0, 8, 1]),
        # "ff" and "fi" may be set as one glyph (a ligature): the digits must
        # still land in the number's slots, not one glyph further on
        ("different digits, final fakes: {} of 10", [10, 9, 1, 10]),
    ],
)
def test_counter_matches_text_of_each_value(template, values):
    pal = style.palette()
    now = {"v": values[0]}
    shown = counter(template, lambda: now["v"], pal)
    shown.shift([1.5, -2.0, 0])  # where a scene puts it
    left = shown.get_left()
    for v in values[1:]:
        now["v"] = v
        shown.update()
        real = label(template.format(v), pal.text, style.BODY_SIZE)
        real.move_to(left, aligned_edge=LEFT)
        drawn = [g.points for g in shown.submobjects if len(g.points)]
        assert len(drawn) == len(real.submobjects), v
        for ours, theirs in zip(drawn, real.submobjects, strict=True):
            np.testing.assert_allclose(ours, theirs.points, atol=1e-6)


def test_counter_template_needs_one_plain_field():
    pal = style.palette()
    for bad in ("no field", "{} and {}", "{name}"):
        with pytest.raises(ValueError, match="one {} field"):
            counter(bad, lambda: 1, pal)


def test_label_copies_are_independent_and_keep_their_points():
    pal = style.palette()
    a = label("attention", pal.text)
    b = label("attention", pal.text).shift([2, 0, 0])
    assert all(g.path_obj is None for g in a.family_members_with_points())
    np.testing.assert_allclose(b.get_center() - a.get_center(), [2, 0, 0])
