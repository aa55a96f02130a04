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
    assert (f"memory grows {slope_words(st['written_bytes_exponent'])}. ") in text
    assert f"it holds {mb(tr['written_peak_bytes'][-1])}" in text
    assert (f"Fused: memory grows {slope_words(st['fused_bytes_exponent'])}, "
            f"{mb(tr['fused_peak_bytes'][-1])} at the longest") in text
    # time growth is only called faster than length squared when its band says so
    from scenes.transformer.cost import growth_words

    said_bands = " ".join(SHOWN["scene"].time_said)
    assert ("faster than length squared" in said_bands) == any(
        2.0 ** st[k] > 4.4 for k in ("written_seconds_exponent",
                                     "fused_seconds_exponent"))  # fmt: skip
    assert growth_words(5.9) == "faster than length squared"
    assert growth_words(4.0) == "about like length squared"
    assert growth_words(3.3).startswith("between length and length squared")
    assert "roughly like length squared" not in text
    stays = st["fused_bytes_exponent"] < st["written_bytes_exponent"] and min(
        st["written_seconds_exponent"], st["fused_seconds_exponent"]) >= 1.5
    assert ("long text stays expensive" in text) == stays
    assert f"{scores(top)} of 4 bytes each, {mb(4 * top**2)} for one table" in text
    assert scores(256) == "65,536 scores" and scores(4096) == "16.8 million scores"
    assert "squeezed scales" in text and "ticks go \u00d74" in text
    # the log axis in plain words: what one step up the side multiplies by
    assert f"each step up the side is \u00d7{SHOWN['scene'].y_factor[0]:,}" in text
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
    assert (f"thetablesalone:{mb(heads * 4 * top**2)}".replace(" ", "")
            in note) == copies
    if not copies:
        assert f"about {tables:.0f} tables' worth" in text
    assert "scaled scores" not in text and "readers" not in text
    assert f"reads the text {heads} ways at once, each with its own table" in text
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


def test_the_time_chart_says_one_growth_band_and_gives_a_yardstick(rendered):
    from scenes.transformer.cost import ms

    tr = load(tiny_traces()["attention_cost"])
    st, scene, text = tr.stats, SHOWN["scene"], said(rendered)
    g_w, g_f = scene.time_steps
    assert np.isclose(g_w, 2.0 ** st["written_seconds_exponent"])
    assert np.isclose(g_f, 2.0 ** st["fused_seconds_exponent"])
    # each factor beside its own last dot, in its own colour
    from scenes.transformer.cost import growth_words

    fw, ff = scene.factor_labels
    assert fw.text.replace(" ", "") == f"\u00d7{g_w:.1f}perdoubling"
    assert ff.text.replace(" ", "") == f"\u00d7{g_f:.1f}perdoubling"
    for lab, dot in ((fw, scene.written_time_last), (ff, scene.fused_time_dots[-1])):
        assert lab.get_left()[0] > dot.get_center()[0]
        assert abs(lab.get_center()[1] - dot.get_center()[1]) < 0.6
    # 'ms' is put in plain words when the time chart first comes in
    assert text.index("ms: thousandths of a second") < text.index("Per doubling")
    # one short clause for each way, chosen by its own band
    assert (f"written out took {g_w:.1f} times the time: {growth_words(g_w)}; "
            f"fused {g_f:.1f} times: {growth_words(g_f)}.") in text
    # the yardstick: the shortest against the longest length, fused
    n, f = tr["lengths"], tr["fused_seconds"]
    ratio = float(f[-1] / f[0])
    assert (f"took {ms(f[0])} at {int(n[0]):,} words and {ms(f[-1])} at "
            f"{int(n[-1]):,}, {ratio:,.0f} times longer") in text
    assert "a model stacks many such layers" in text
    assert "for every word it writes" not in text
    shown = " ".join(t.text for t in scene.yardstick).replace(" ", "")
    assert ms(f[0]).replace(" ", "") in shown and f"\u00d7{ratio:,.0f}" in shown


def test_figures_are_placed_and_counted_honestly(rendered):
    scene = SHOWN["scene"]
    # the peak is 'about' so many tables, never a false '='
    assert "=" not in scene.peak_label.text
    # the fused end time sits right of the longest length's dot
    w, f = scene.end_labels
    dot = scene.fused_time_dots[-1].get_center()
    # right under the 4,096 dot (not beside the 2,048 one): its x span holds the dot
    assert f.get_left()[0] < dot[0] < f.get_right()[0] and f.get_top()[1] < dot[1]
    squash = {s.replace(" ", "") for s in scene.texts_seen}
    assert "words(dots:each\u00d72;ticks:\u00d74)" in squash
    # the count says what the small table shows: every pair, and those scored
    n = len(load(tiny_traces()["attention_cost"])["example_words"])
    total, scored = scene.counts[0]
    assert total == n * n and scored == n * (n + 1) // 2
    assert f"{n}\u00d7{n}={n * n}pairs,{scored}scored" in squash
