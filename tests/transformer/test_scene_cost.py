"""LongContextCost renders from a real tiny trace: log-log charts of both ways
of computing attention, with sentences chosen by the measured slopes."""

from __future__ import annotations

import re

import numpy as np
import pytest

from engine.core.trace import load
from scenes.kit import style
from scenes.output.catalog import find_scene
from scenes.output.render import Quality, render
from tests.transformer.test_scene_transformer import near, poster, said, to_px
from tests.transformer.traces import tiny_traces

TINY = Quality(pixel_height=216, frame_rate=5, gif_height=144, gif_fps=5)
SHOWN = {}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    base = find_scene("LongContextCost")

    def construct(self):
        base.construct(self)
        SHOWN["scene"] = self

    quick = type("QuickLongContextCost", (base,), dict(
        sweep_seconds=1.0, hold_seconds=0.4, construct=construct))  # fmt: skip
    mp = pytest.MonkeyPatch()
    try:
        mp.setenv("TRACE", str(tiny_traces()["attention_cost"]))
        mp.setattr("scenes.output.render.find_scene", lambda n: quick)
        return render("LongContextCost", TINY, tmp_path_factory.mktemp("cost"))
    finally:
        mp.undo()


def test_it_renders_readable_and_paced(rendered):
    from tests.support.rendering import check_captions, check_legible

    assert sorted(rendered) == [".gif", ".mp4", ".png", ".srt", ".vtt"]
    check_captions(rendered, SHOWN["scene"])
    check_legible("LongContextCost", SHOWN["scene"])


def test_it_names_each_way_and_the_layer_on_screen(rendered):
    seen = SHOWN["scene"].texts_seen
    squash = {s.replace(" ", "") for s in seen}
    for s in ("written out: stores the whole table",
              "fused: works through it in pieces",
              "one layer's attention: peak memory (MB)",
              "one layer's attention: time (ms)"):  # fmt: skip
        assert s.replace(" ", "") in squash, s


def test_sentences_follow_the_measured_slopes(rendered):
    from scenes.transformer.cost import mb, scores, slope_words

    tr = load(tiny_traces()["attention_cost"])
    st, text = tr.stats, said(rendered)
    top = int(tr["lengths"][-1])
    assert (f"memory grows {slope_words(st['written_bytes_exponent'])}.") in text
    assert f"it holds {mb(tr['written_peak_bytes'][-1])}" in text
    assert (f"Fused: memory grows {slope_words(st['fused_bytes_exponent'])}, "
            f"{mb(tr['fused_peak_bytes'][-1])} at the longest") in text
    # time: what each way computes, and a climb said only when measured
    climb = min(st["written_seconds_exponent"], st["fused_seconds_exponent"]) >= 1.5
    assert SHOWN["scene"].time_said == climb
    assert ("Both still climb much faster than length." in text) == climb
    # no cause for the speed is claimed: the trace does not measure one
    assert "keeps none" not in text and "because" not in text
    assert "skips" not in text  # what a kernel skips is not measured here
    assert "roughly like length squared" not in text
    stays = st["fused_bytes_exponent"] < st["written_bytes_exponent"] and min(
        st["written_seconds_exponent"], st["fused_seconds_exponent"]) >= 1.5
    assert ("long text stays expensive" in text) == stays
    assert f"{scores(top)} of 4 bytes each, {mb(4 * top**2)} for one table" in text
    assert scores(256) == "65,536 scores" and scores(4096) == "16.8 million scores"
    assert "squeezed" not in text and "each tick is 4 times the words" in text
    assert "length: the number of words" in text
    assert "length squared, length \u00d7 length" in text
    assert "never keeps it whole" in text
    # the counts agree: every pair computed, the look-ahead ones blanked
    assert "Every pair is scored, then" in text and "skipped" not in text
    # and why the look-ahead ones are blanked
    assert ("a word may not look at words after it, so those are blanked: "
            "when writing, the next word is not there yet") in text
    # layer and head in plain words
    assert "one layer: one round of reading" in text
    # the log axis in plain words: what one step up the side multiplies by
    assert f"each step up the side is \u00d7{SHOWN['scene'].y_factor[0]:,}" in text
    # no dots are spoken of before any are drawn
    assert "Each dot" not in text
    assert "the heart of a transformer" in text
    # the key/value cache has left the scene; fewer figures are read out
    assert "cache" not in text
    assert len(re.findall(r"\d[\d,.]*", text)) <= 20


def test_short_lengths_stand_apart_on_log_axes(rendered):
    dots = SHOWN["scene"].written_dots
    ys = [d.get_center()[1] for d in dots]
    # memory quadruples per doubling: every step rises by the same visible amount
    steps = np.diff(ys)
    assert steps.min() > 0.15 and steps.max() - steps.min() < 0.05


def test_poster_puts_the_largest_measurement_where_it_belongs(rendered):
    scene = SHOWN["scene"]
    x, y = to_px(scene.written_dots[-1].get_center())
    img = poster(rendered)
    patch = img[int(y) - 2 : int(y) + 3, int(x) - 2 : int(x) + 3]
    assert near(patch, style.palette().data, tol=90).sum() >= 3


def test_the_last_doubling_is_read_off_the_chart(rendered):
    tr = load(tiny_traces()["attention_cost"])
    m = tr["written_peak_bytes"]
    step = float(m[-1] / m[-2])
    assert SHOWN["scene"].step_label.text == f"\u00d7{step:.1f}"
    assert f"memory went up {step:.1f} times" in said(rendered)
    # the flat start of the time chart is explained only when it is there
    n, t = tr["lengths"].astype(float), tr["attn_seconds"].astype(float)
    early = np.polyfit(np.log(n[:4]), np.log(t[:4]), 1)[0]
    assert ("At the shortest lengths" in said(rendered)) == (early < 1.5)


def test_the_small_table_is_shaded_by_the_measured_weights(rendered):
    tr = load(tiny_traces()["attention_cost"])
    w = tr["example_weights"]
    for r, shade in enumerate(SHOWN["scene"].small_shade):
        assert int(np.argmax(shade)) == int(np.argmax(w[r])), r
        assert all(s == 0 for s in shade[r + 1 :])  # later words: outlines only


def test_the_peak_is_counted_in_tables_and_the_end_times_are_on_the_chart(rendered):
    from scenes.transformer.cost import mb, ms

    tr = load(tiny_traces()["attention_cost"])
    scene, text = SHOWN["scene"], said(rendered)
    top, heads = int(tr["lengths"][-1]), int(tr.config["heads"])
    peak = float(tr["written_peak_bytes"][-1])
    tables = peak / (4 * top**2)
    # the peak is said, and why it is more than the tables when it is
    copies = tables / heads >= 1.5
    assert (f"The tables alone hold {mb(heads * 4 * top**2)} at {top:,} words, "
            "but the computer keeps working copies while it computes, so at its "
            f"peak, the most it holds at once, it holds {mb(peak)}" in text) == copies
    note = " ".join(t.text for t in scene.peak_note).replace(" ", "")
    assert "peak:themostitholdsatonce" in note
    assert ("workingcopies" in note) == copies
    # the gap between the tables alone and the peak is bracketed and named
    assert scene.gap_label.text.replace(" ", "") == "workingcopies"
    # the tables alone are marked on the chart, at their height on the last line
    mark = scene.tables_mark.text.replace(" ", "")
    assert mark == f"{mb(heads * 4 * top**2)}:thetablesalone".replace(" ", "")
    if not copies:
        assert f"about {tables:.0f} tables' worth" in text
    assert "scaled scores" not in text and text.count("readers") == 1
    assert (f"reads the text with {heads} separate readers at once, called "
            "attention heads, each with its own table") in text
    # one number per measured peak, written beside its dot when it is said
    assert scene.peak_label.text.replace(" ", "") == mb(peak).replace(" ", "")
    fpeak = tr["fused_peak_bytes"][-1]
    assert scene.fused_peak_label.text.replace(" ", "") == mb(fpeak).replace(" ", "")
    # the two times said at the end are written beside their points
    w, f = scene.end_labels
    assert w.text.replace(" ", "") == ms(tr["attn_seconds"][-1]).replace(" ", "")
    assert f.text.replace(" ", "") == ms(tr["fused_seconds"][-1]).replace(" ", "")
    # a 'length' guide stands beside 'length squared'; no unexplained slopes
    squash = {s.replace(" ", "") for s in scene.texts_seen}
    assert "length" in squash and "length\u00b2" in squash
    assert not any(s.startswith("slope") for s in squash)


def test_the_time_chart_gives_a_yardstick_past_the_set_up_work(rendered):
    tr = load(tiny_traces()["attention_cost"])
    st, scene, text = tr.stats, SHOWN["scene"], said(rendered)
    n, w, f = tr["lengths"], tr["attn_seconds"], tr["fused_seconds"]
    k = int(np.searchsorted(n, int(st["long_from_length"])))
    words_x, r_w, r_f = scene.time_steps
    assert np.isclose(words_x, n[-1] / n[k])
    assert np.isclose(r_w, w[-1] / w[k]) and np.isclose(r_f, f[-1] / f[k])
    # 'ms' is put in plain words when the time chart first comes in
    assert text.index("ms: thousandths of a second") < text.index("From ")
    assert (f"From {int(n[k]):,} to {int(n[-1]):,} words, {words_x:,.0f} times "
            f"the words: written out took {r_w:,.0f} times the time, fused "
            f"{r_f:,.0f} times.") in text
    # the yardsticks, from the lengths: length squared and length
    assert (f"Length squared would give {words_x**2:,.0f} times, length "
            f"{words_x:,.0f}.") in text
    above = r_w > 1.1 * words_x**2
    assert scene.above_said == above
    assert ("Written out grew even faster than length squared here."
            in text) == above
    # the two end times are written as measured, with no cause
    close = " ".join(t.text for t in scene.takeaway).replace(" ", "")
    assert "because" not in close
    stays = st["fused_bytes_exponent"] < st["written_bytes_exponent"] and min(
        st["written_seconds_exponent"], st["fused_seconds_exponent"]) >= 1.5
    assert ("Fusedsavesmemory" in close) == stays
    assert "a model stacks many such layers" in text
    assert "for every word it writes" not in text
    shown = " ".join(t.text for t in scene.yardstick).replace(" ", "")
    assert f"writtenout\u00d7{r_w:,.0f}" in shown and f"fused\u00d7{r_f:,.0f}" in shown
    assert f"(\u00d7{words_x:,.0f}words),time:" in shown
    assert (f"length\u00b2wouldgive\u00d7{words_x**2:,.0f},length"
            f"\u00d7{words_x:,.0f}" in shown)
    # no per-doubling factors left on the chart
    squash = {s.replace(" ", "") for s in scene.texts_seen}
    assert not any("perdoubling" in s for s in squash)


def test_figures_are_placed_and_counted_honestly(rendered):
    scene = SHOWN["scene"]
    # the peak is 'about' so many tables, never a false '='
    assert "=" not in scene.peak_label.text
    # the fused end time sits right of the longest length's dot
    w, f = scene.end_labels
    dot = scene.fused_time_dots[-1].get_center()
    # right of the 4,096 dot, at its height
    assert f.get_left()[0] > dot[0] and abs(f.get_center()[1] - dot[1]) < 0.1
    squash = {s.replace(" ", "") for s in scene.texts_seen}
    assert "words(dots:each\u00d72;ticks:\u00d74)" in squash
    # the count says what the small table shows: every pair, and those scored
    n = len(load(tiny_traces()["attention_cost"])["example_words"])
    total, scored = scene.counts[0]
    assert total == n * n and scored == n * (n + 1) // 2
    assert f"{n}\u00d7{n}={n * n}scorescomputed;" in squash
    assert f"the{n * n - scored}whereawordwouldlookahead" in squash
