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


def test_counter_lays_out_each_number_width_once(monkeypatch):
    # the glyph a number starts at is found once per layout, not every frame
    import scenes.kit.counter as counter_module

    calls = []
    real_label = counter_module.label
    monkeypatch.setattr(
        counter_module,
        "label",
        lambda *a, **k: calls.append(a[0]) or real_label(*a, **k),
    )
    pal = style.palette()
    now = {"v": 10}
    shown = counter("step {} of 99", lambda: now["v"], pal)
    built = len(calls)
    for v in range(11, 60):
        now["v"] = v
        shown.update()
    assert len(calls) == built  # same width: nothing built again
    now["v"] = 100
    shown.update()
    assert 1 <= len(calls) - built <= 2  # a new width: its layout, once


def test_a_value_shown_again_is_drawn_on_the_same_points():
    # digits placed once per slot and kept: coming back to a value gives the
    # points it had the first time, to the bit
    pal = style.palette()
    now = {"v": 5}
    shown = counter("step {:,} of 1,000", lambda: now["v"], pal)
    shown.shift([1.5, -2.0, 0])
    first = [g.points.copy() for g in shown.submobjects]
    for v in (77, 1000, 6, 5):
        now["v"] = v
        shown.update()
    again = [g.points for g in shown.submobjects]
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
