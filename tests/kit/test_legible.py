"""Legible at GIF size: no text whose capitals are under 12 px tall at 854x480,
measured from the glyphs as drawn, however the text was sized or scaled."""

from __future__ import annotations

import numpy as np
import pytest
from manim import UP, FadeIn

from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.counter import counter
from scenes.kit.text import label
from scenes.output.catalog import ordered
from tests.support.rendering import FRAME_H, check_legible, render_for_test


class Shrunk(ExplainerScene):
    """A readable caption, then a label built at the smallest size and a
    second one scaled down after it was built, and one turned upright."""

    def construct(self):
        self.narrate("Small print follows.")
        ok = label("fine", self.palette.text).shift(UP * 2)
        tiny = label("tiny print", self.palette.text, style.LABEL_SIZE - 4)
        scaled = label("scaled away", self.palette.text).scale(0.5).shift(UP)
        upright = label("upright", self.palette.text).rotate(np.pi / 2).shift(UP * 3)
        self.play(FadeIn(ok), FadeIn(tiny), FadeIn(scaled), FadeIn(upright))


def test_small_text_is_named_with_its_time_and_height(tmp_path):
    with pytest.raises(AssertionError) as err:
        render_for_test(Shrunk, tmp_path / "none.npz", tmp_path)
    message = str(err.value)
    assert "text under 12 px in the GIF" in message
    assert "'tiny print'" in message and "'scaled away'" in message
    assert "'fine'" not in message and "'upright'" not in message
    assert "'Small print follows.'" not in message
    assert "9.7 px" in message and "6.1 px" in message  # 16 pt; 20 pt halved


class BigH(ExplainerScene):
    """One capital H, scaled up 4x so its pixels can be counted at TINY size."""

    def construct(self):
        self.narrate("H.")
        self.h = label("H", self.palette.text).scale(4).shift(UP * 1.5)
        self.play(FadeIn(self.h))
        self.wait(0.5)


def test_capital_height_is_measured_from_the_rendered_glyphs(tmp_path):
    # the check's figure against pixels: the H's ink rows in the last frame,
    # rescaled from TINY's 216 rows to the GIF's 480, match what it computes
    out = render_for_test(BigH, tmp_path / "none.npz", tmp_path)
    frame = out.frames[-1].astype(int)
    bg = np.array(out.frames[0][0, 0], int)
    ink = np.abs(frame - bg).sum(-1) > 120
    rows = np.flatnonzero(ink[: FRAME_H // 2].any(1))  # the H, above the caption
    measured = (rows.max() - rows.min() + 1) * 480 / FRAME_H
    from scenes.kit.text import cap_units

    computed = 4 * cap_units(style.LABEL_SIZE) * style.GIF_PX_PER_UNIT
    assert measured == pytest.approx(computed, abs=480 / FRAME_H * 1.5)
    assert cap_units(style.LABEL_SIZE) * style.GIF_PX_PER_UNIT >= style.MIN_TEXT_PX


def test_a_counter_is_measured_by_its_height_however_wide_its_number(tmp_path):
    class Counting(ExplainerScene):
        def construct(self):
            self.narrate("Counting.")
            c = counter("pass {} of 1000", lambda: 1000, self.palette,
                        style.LABEL_SIZE)  # fmt: skip
            self.play(FadeIn(c))
            self.found = self.small_text()

    out = render_for_test(Counting, tmp_path / "none.npz", tmp_path)
    assert out.scene.found == []
    check_legible("Counting", out.scene)


def test_every_catalog_scene_is_named_in_a_test_that_renders_it():
    # render_for_test runs check_legible on every render; each catalog scene
    # must be rendered by some test, so none escapes the check
    from pathlib import Path

    tests = Path(__file__).resolve().parents[1]
    source = "\n".join(p.read_text() for p in tests.rglob("test_*.py"))
    for _, scene in ordered():
        assert scene in source, f"no test renders {scene}"

