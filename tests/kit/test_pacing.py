"""The pacing rule: a caption stays until it can be read, the last frame 3 s."""

from __future__ import annotations

import numpy as np
import pytest
from manim import Circle, Create

from scenes.kit import pacing
from scenes.kit.base import CAPTION_OUT, ExplainerScene
from scenes.output.captions import vtt_text
from tests.support.rendering import TINY, render_for_test

LONG = "A caption of sixty characters needs four seconds to be read."


def test_reading_time_is_characters_over_fifteen_and_never_under_one_and_a_half():
    assert pacing.reading_seconds("Hi.") == 1.5
    assert pacing.reading_seconds("x" * 30) == 2.0
    assert pacing.reading_seconds(LONG) == pytest.approx(len(LONG) / 15)


def test_too_fast_names_each_cue_shown_for_less_than_its_reading_time():
    srt = (
        "1\n00:00:00,000 --> 00:00:01,000\nHi.\n\n"
        f"2\n00:00:01,000 --> 00:00:07,000\n{LONG}\n\n"
        f"3\n00:00:07,000 --> 00:00:08,000\n{LONG}\n"
    )
    fast = pacing.too_fast(srt)
    assert len(fast) == 2
    assert fast[0].startswith("1.00 s for 3 characters (needs 1.50 s)")
    assert fast[1].startswith(f"1.00 s for {len(LONG)} characters")


class Hurried(ExplainerScene):
    """Two long captions back to back, then a quick animation and the end."""

    def construct(self):
        self.narrate(LONG)
        self.narrate(LONG + " Again.")
        self.play(Create(Circle()), run_time=0.5)


@pytest.fixture(scope="module")
def hurried(tmp_path_factory):
    out = tmp_path_factory.mktemp("hurried")
    return render_for_test(Hurried, out / "none.npz", out)


def test_a_caption_waits_for_the_one_before_it_to_be_read(hurried):
    cues = pacing.cues(hurried.files[".srt"].read_text())
    assert [text for _, _, text in cues] == [LONG, LONG + " Again."]
    (s0, e0, _), (s1, e1, _) = cues
    # held its reading time, then faded out before the next one came
    assert e0 - s0 == pytest.approx(
        pacing.reading_seconds(LONG) + CAPTION_OUT, abs=0.11
    )
    assert e1 - s1 >= pacing.reading_seconds(LONG + " Again.") - 0.05
    assert pacing.too_fast(hurried.files[".srt"].read_text()) == []


def test_the_last_frame_is_held_three_seconds(hurried):
    # GIF frames at TINY's 5 fps: the last 3 s are 15 identical frames
    frames = hurried.frames
    still = 1
    while still < len(frames) and np.array_equal(frames[-1 - still], frames[-1]):
        still += 1
    assert still / TINY.gif_fps >= pacing.FINAL_HOLD - 1 / TINY.gif_fps


class Empty(ExplainerScene):
    def construct(self):
        self.narrate("  ")


def test_an_empty_caption_is_refused_and_nothing_is_written(tmp_path):
    with pytest.raises(pacing.CaptionError, match="an empty caption"):
        render_for_test(Empty, tmp_path / "none.npz", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_webvtt_escapes_what_would_start_a_tag_or_an_entity():
    vtt = vtt_text([{"start": 1.25, "end": 3723.5, "text": "<0.1% & 2 > 1"}])
    assert vtt == (
        "WEBVTT\n\n00:00:01.250 --> 01:02:03.500\n&lt;0.1% &amp; 2 &gt; 1\n"
    )


def test_a_long_line_is_cut_where_a_subtitler_would_cut_it():
    def fits(s):
        return len(s) <= 45

    line = "Each word sends a query: what it is looking for, in every other word."
    assert pacing.split_caption(line, fits) == [
        "Each word sends a query:",
        "what it is looking for, in every other word.",
    ]
    assert pacing.split_caption("Short enough.", fits) == ["Short enough."]
    long = "one two three four five six seven eight nine ten eleven twelve thirteen"
    parts = pacing.split_caption(long, fits)
    assert all(fits(p) for p in parts) and " ".join(parts) == long
    assert pacing.split_caption("x" * 50, fits) == ["x" * 50]  # no space: kept


class Wordy(ExplainerScene):
    def construct(self):
        self.narrate(LONG + " " + LONG)


def test_a_caption_wider_than_the_frame_becomes_captions_that_fit(tmp_path):
    out = render_for_test(Wordy, tmp_path / "none.npz", tmp_path)
    texts = [t for _, _, t in pacing.cues(out.files[".srt"].read_text())]
    assert len(texts) >= 2 and " ".join(texts) == LONG + " " + LONG
    assert all(out.scene.caption_fits(t) for t in texts)


class WordyThenMoving(ExplainerScene):
    """A line cut into captions, then an animation: it runs under the first."""

    def construct(self):
        self.narrate(LONG + " " + LONG)
        self.moved_at = self.renderer.time
        self.play(Create(Circle()), run_time=0.5)


def test_what_follows_a_split_line_runs_under_its_first_caption(tmp_path):
    out = render_for_test(WordyThenMoving, tmp_path / "none.npz", tmp_path)
    cues = pacing.cues(out.files[".srt"].read_text())
    assert len(cues) >= 2
    (s0, e0, first), (s1, _, _) = cues[0], cues[1]
    # the circle is drawn while the first part is up, not after it
    assert out.scene.moved_at < e0 - 0.5
    # and each later part still comes when the one before has been read
    assert s1 - s0 >= pacing.reading_seconds(first) - 0.05
    assert pacing.too_fast(out.files[".srt"].read_text()) == []


def test_what_neither_moves_nor_overlaps_anything_moving_is_painted_once():
    from manim import LEFT, RIGHT, UP, Dot, FadeIn, Square

    scene = ExplainerScene()
    scene.setup()
    mover = Square(1).shift(LEFT * 4)
    far = Square(1).shift(RIGHT * 4)  # drawn after the mover, far from it
    near = Square(1).shift(LEFT * 3.6)  # drawn after the mover, over it
    scene.add(mover, far, near)
    dot = Dot().shift(LEFT * 4)
    anims = [FadeIn(dot), mover.animate.shift(UP).build()]
    for anim in anims:
        anim.begin()
    redrawn = scene.get_moving_mobjects(*anims)
    assert mover in redrawn and near in redrawn
    assert far not in redrawn
