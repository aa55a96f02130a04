"""TuneFromWords renders from a tune_prompt trace: the words, the notes on the
roll with lines to the words they look at, each tune heard after the voice
(the trace's own sound), and every figure and outcome line read from the
trace."""

from __future__ import annotations

import numpy as np
import pytest
from manim import Rectangle

from engine.core.trace import load
from scenes.kit.numbers import pct
from scenes.sound.tune_from_words import (
    LOOK_FLOOR,
    NEVER_SEEN_GOAL,
    SEEN_GOAL,
    TuneFromWords,
    closing_said,
    direction_shown,
    ending_shown,
    goals_said,
    heard_said,
    looked_said,
    luck_said,
    prompt_said,
    share_said,
    spec_rows,
    speed_shown,
    verdict_said,
)
from tests.sound.test_tune_prompt import tiny_traces
from tests.support.rendering import render_for_test


class QuickTune(TuneFromWords):
    note_seconds = 0.12
    quick_seconds = 0.1
    hold_seconds = 0.1


@pytest.fixture(scope="module")
def trace_path():
    return tiny_traces()["default"]


@pytest.fixture(scope="module")
def rendered(trace_path, tmp_path_factory):
    return render_for_test(QuickTune, trace_path, tmp_path_factory.mktemp("tune"))


def test_renders_every_file_and_each_sound_is_the_traces_tune(rendered, trace_path):
    tr = load(trace_path)
    assert {".mp4", ".gif", ".png", ".srt", ".vtt"} <= set(rendered.files)
    played = rendered.scene.played_sounds
    assert [s.name for _, s in played] == ["tune-fast-rising-high",
                                           "tune-slow-rising-high"]
    for p, (_, sound) in enumerate(played):
        n = int(tr["audio_length"][p])
        np.testing.assert_array_equal(sound.samples, tr["audio"][p, :n])
    wavs = sorted((rendered.out / "sounds").glob("TuneFromWords-*.wav"))
    assert len(wavs) == len(played)


def test_no_line_is_spoken_while_a_sound_plays(rendered):
    scene = rendered.scene
    for start, sound in scene.played_sounds:
        end = start + sound.seconds
        assert not [t for t, _ in scene._narration if start - 1e-6 < t < end - 1e-6]


def test_notes_sit_at_their_pitch_and_beat_and_lines_reach_the_words(rendered,
                                                                     trace_path):
    tr = load(trace_path)
    scene = rendered.scene
    p = 1  # the last tune written: its words and numbers are the scene's now
    count = int(tr["note_count"][p])
    start = 0
    for n in range(count):
        d, b = int(tr["note_degree"][p, n]), int(tr["note_beats"][p, n])
        rect = scene.note_rect(d, start, b, "#FFFFFF")
        assert rect.get_y() == pytest.approx(scene.y_of(d))
        assert rect.get_left()[0] >= scene.x_of(start) - 1e-6
        assert rect.get_right()[0] <= scene.x_of(start + b) + 1e-6
        lines = scene.look_lines(p, n, rect)
        weights = tr["note_attn"][p, n]
        assert len(lines) == int((weights >= LOOK_FLOOR).sum())
        # at least 2 px at 854x480, where a stroke unit is 0.6 px
        assert all(line.get_stroke_width() * 0.6 >= 2 for line in lines)
        heaviest = lines[-1]  # drawn last, thickest
        best = int(np.argmax(weights))
        assert heaviest.get_end()[0] == pytest.approx(scene.numbers[best].get_x())
        start += b
    assert start == 16 or count < 16


def said(srt: str) -> str:
    """The captions of an .srt, in order, as one text: a line the kit split
    over two captions reads whole again."""
    lines = [t for t in srt.splitlines()
             if t.strip() and not t.strip().isdigit() and "-->" not in t]
    return " ".join(t.strip() for t in lines)


def test_every_figure_said_is_the_traces(rendered, trace_path):
    tr = load(trace_path)
    s = tr.stats
    srt = said(rendered.files[".srt"].read_text(encoding="utf-8"))
    seen_right = round(s["seen_accuracy"] * s["seen_tunes"])
    never_right = round(s["heldout_accuracy"] * s["heldout_tunes"])
    assert f"Trained on: {share_said(seen_right, s['seen_tunes'])} of tunes" in srt
    luck = max(s["seen_chance"], s["heldout_chance"])
    lowest = min(s["seen_accuracy"], s["heldout_accuracy"])
    assert (f"Never heard: {share_said(never_right, s['heldout_tunes'])}. "
            + luck_said(luck, lowest)) in srt
    assert closing_said(s["seen_accuracy"], s["heldout_accuracy"]) in srt
    assert goals_said(SEEN_GOAL, NEVER_SEEN_GOAL) in srt
    assert "Played on a synthesised " in srt
    assert "Listen" not in srt  # the GIF is silent: nothing asks to listen
    assert "never heard together" in srt
    count = int(tr["note_count"][0])
    shares = tr["note_attn"][0, :count].mean(0)
    best = int(np.argmax(shares))
    word = "<start>" if best == 0 else str(tr["prompt_words"][0][best - 1])
    slots = [1, 2, len(shares) - 1]  # the speed, way and ending words
    role = dict(zip(slots, ("speed", "way", "ending"), strict=True)).get(best, "")
    assert looked_said(word, role, float(shares[best]), float(shares.min()),
                       float(shares[slots].min())) in srt
    texts = rendered.scene.texts_seen
    for p in range(2):
        verdict = "all three" if tr["read_right"][p] else "not as asked"
        assert verdict in srt
    assert any(t.startswith("speed: ") for t in texts)
    assert any("never heard: " in t for t in texts)
    assert f"over this tune's {count} notes" in texts
    assert f"random notes: {pct(s['seen_chance'])}" in texts
    assert f"random notes: {pct(s['heldout_chance'])}" in texts
    assert pct(float(shares[best])) in texts


def test_random_notes_ticks_are_wide_and_at_their_share(rendered):
    scene = rendered.scene
    track = Rectangle(width=6.0, height=0.34).move_to([-1.0, 0.5, 0])
    tick = scene.luck_tick(track, 0.048)
    # 2-3 px at 854x480, where a stroke unit is 0.6 px
    assert 2 <= tick.get_stroke_width() * 0.6 <= 3
    assert tick.get_x() == pytest.approx(track.get_left()[0] + 6.0 * 0.048)


def test_outcome_lines_follow_the_figures():
    assert "never heard these words together" in prompt_said("a b", True, True)
    assert "never heard" not in prompt_said("a b", False, True)
    assert prompt_said("a b", True, False).startswith("Now words it never heard")
    assert prompt_said("a b", False, False).startswith("Another prompt")
    assert looked_said("high", "ending", 0.549, 0.037, 0.121) == (
        "Most looking goes to \u201chigh\u201d, where it must end, yet "
        "each asked word gets some.")
    assert looked_said("fast", "speed", 0.5, 0.06, 0.2).endswith(
        "the speed asked, yet every word gets some.")
    assert looked_said("tune", "", 0.5, 0.01, 0.02) == (
        "Most looking goes to \u201ctune\u201d.")
    assert looked_said("way", "way", 0.3, 0.01, 0.02) == (
        "It looks at \u201cway\u201d more than at any other word, the way asked.")
    assert "start mark" in looked_said("<start>", "", 0.6, 0.01, 0.1)
    assert heard_said(["fast", "rising", "high"], "bell", True) == (
        "Played on a synthesised bell: quick notes, climbing, ending high.")
    assert heard_said(["slow", "falling", "home"], "bell", False) == (
        "Long notes, falling, ending on the home note.")
    assert goals_said(0.9, 0.7) == ("Goals set before training: 90% for trained "
                                    "combinations, 70% for new, harder ones.")
    assert spec_rows(80, 2500, 1200) == 39 and spec_rows(80, 1000, 1200) == 80
    names = ("slow", "fast")
    assert speed_shown(1, 1.07, names) == "speed: 1.1 beats a note \u2192 fast"
    assert speed_shown(-1, 1.7, names).endswith("neither")
    dirs = ("rising", "falling", "steady")
    assert direction_shown(1, -4.2, dirs) == ("way: down 4.2 scale steps \u2192 "
                                              "falling")
    assert direction_shown(-1, 2.2, dirs).endswith("unclear")
    assert ending_shown(0, "C6", ("high", "low", "home")).endswith("C6 \u2192 high")
    asked = ["slow", "rising", "high"]
    assert verdict_said(asked, asked, True) == ("Read back from the notes by fixed "
                                                "rules: all three, as the words "
                                                "asked.")
    miss = verdict_said(asked, ["slow", "steady", "home"], False)
    assert miss == ("Read back: not as asked: \u201crising\u201d was read as "
                    "steady, and 1 more miss.")
    assert closing_said(SEEN_GOAL, NEVER_SEEN_GOAL).startswith("Both goals met")
    assert luck_said(0.048, 0.862) == "Random notes get under 5%."
    assert luck_said(0.05, 0.862) == "Random notes get under 10%."
    assert luck_said(0.3, 0.862) == "Random notes get 30%."  # not far enough
    assert luck_said(0.6, 0.9) == "Random notes get 60%."
    assert closing_said(0.99, 0.5).startswith("It follows the words it trained on")
    assert closing_said(0.5, 0.9).startswith("A goal is missed")
    assert share_said(559, 560) == "99.8%" and share_said(1999, 2000) == "99.95%"
    assert share_said(5, 5) == "100%"
