"""LongContextCost and LongContextTime render from a real tiny trace: log-log
charts of both ways of computing attention (memory, then time), with
sentences chosen by the measured slopes."""

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


def _render(name: str, tmp_path_factory):
    base = find_scene(name)

    def construct(self):
        base.construct(self)
        SHOWN[name] = self

    quick = type(f"Quick{name}", (base,), dict(
        sweep_seconds=1.0, hold_seconds=0.4, construct=construct))  # fmt: skip
    mp = pytest.MonkeyPatch()
    try:
        mp.setenv("TRACE", str(tiny_traces()["attention_cost"]))
        mp.setattr("scenes.output.render.find_scene", lambda n: quick)
        return render(name, TINY, tmp_path_factory.mktemp(name))
    finally:
        mp.undo()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return _render("LongContextCost", tmp_path_factory)


@pytest.fixture(scope="module")
def timed(tmp_path_factory):
    return _render("LongContextTime", tmp_path_factory)


def trace():
    return load(tiny_traces()["attention_cost"])


@pytest.mark.parametrize("name", ["LongContextCost", "LongContextTime"])
def test_each_renders_readable_and_paced(name, request):
    from tests.support.rendering import check_captions, check_legible

    out = request.getfixturevalue("rendered" if name == "LongContextCost"
                                  else "timed")  # fmt: skip
    assert sorted(out) == [".gif", ".mp4", ".png", ".srt", ".vtt"]
    check_captions(out, SHOWN[name])
    check_legible(name, SHOWN[name])
    seen = {s.replace(" ", "") for s in SHOWN[name].texts_seen}
    # each way named in plain words on screen, and the table's rows and columns
    for s in ("written out: stores the whole table",
              "fused: works through it in pieces",
              "looks at \u2192", "doing the looking \u2193", "brighter:"):
        assert s.replace(" ", "") in seen, s
    # each scene says at its start what it shows
    assert said(out).startswith(
        "This scene shows what long text costs in memory." if name ==
        "LongContextCost" else "Fused attention saves memory")


def test_memory_sentences_follow_the_measured_slopes(rendered):
    from scenes.transformer.cost import mb, scores, slope_words

    tr = trace()
    st, text, scene = tr.stats, said(rendered), SHOWN["LongContextCost"]
    top = int(tr["lengths"][-1])
    seen = {s.replace(" ", "") for s in scene.texts_seen}
    assert "one layer's attention: peak memory (MB)".replace(" ", "") in seen
    assert (f"memory grows {slope_words(st['written_bytes_exponent'])}, the "
            "dashed line.") in text
    assert (f"Fused: memory grows {slope_words(st['fused_bytes_exponent'])}, the "
            f"lower dashed line: {mb(tr['fused_peak_bytes'][-1])} at {top:,} "
            "words.") in text
    # length x length tied to the count, on screen and said
    assert f"that is {top:,} \u00d7 {top:,}: {scores(top)}." in text
    shown = " ".join(t.text for t in scene.product_label).replace(" ", "")
    assert shown == f"{top:,}\u00d7{top:,}={scores(top)}".replace(" ", "")
    assert scores(256) == "65,536 scores" and scores(4096) == "16.8 million scores"
    assert "length: the number of words" in text
    assert "length squared, length \u00d7 length" in text
    # both ways in plain words at first use
    assert "the steps are done together, a few rows at a time" in text
    assert "the table is never stored whole" in text
    assert "Every pair" not in text or "skipped" not in text
    assert ("a word may not look at words after it, so those are blanked: "
            "when writing, the next word is not there yet") in text.lower()
    assert "one layer: one round of reading" in text
    assert f"each step up the side is \u00d7{scene.y_factor[0]:,}" in text
    assert "each tick is 4 times the words" in text
    assert "the heart of a transformer" in text
    assert "practice language" in text  # where the sample words come from
    # the working-copies detour is gone; fewer figures are read out
    assert "working copies" not in text and "cache" not in text
    assert len(re.findall(r"\d[\d,.]*", text)) <= 20


def test_one_memory_headline_with_a_sense_of_scale(rendered):
    from scenes.transformer.cost import mb

    tr = trace()
    scene, text = SHOWN["LongContextCost"], said(rendered)
    top, heads = int(tr["lengths"][-1]), int(tr.config["heads"])
    peak, fpeak = float(tr["written_peak_bytes"][-1]), tr["fused_peak_bytes"][-1]
    assert (f"At {top:,} words, written out needs {mb(peak)} at its peak: about "
            f"{peak / 1e9:.1f} GB, for just one layer.") in text
    assert "A byte is one small unit of computer memory." in text
    assert scene.peak_label.text.replace(" ", "") == mb(peak).replace(" ", "")
    assert "=" not in scene.peak_label.text
    assert scene.fused_peak_label.text.replace(" ", "") == mb(fpeak).replace(" ", "")
    # the scratch copies are one plain footnote, only when the peak holds them
    note = " ".join(t.text for t in scene.peak_note).replace(" ", "")
    copies = peak / (4 * top**2) / heads >= 1.5
    assert ("scratch" in note) == copies and "MB:amillionbytes" in note
    # the takeaway, chosen by the slopes and the gap
    saves = (tr.stats["fused_bytes_exponent"]
             < tr.stats["written_bytes_exponent"] - 0.5 and peak / fpeak >= 10)
    assert scene.saves_said == saves
    assert ("Storingthetableiswhatcosts" in scene.takeaway.text.replace(" ", "")
            ) == saves  # fmt: skip


def test_short_lengths_stand_apart_on_log_axes(rendered):
    dots = SHOWN["LongContextCost"].written_dots
    ys = [d.get_center()[1] for d in dots]
    # memory quadruples per doubling: every step rises by the same visible amount
    steps = np.diff(ys)
    assert steps.min() > 0.15 and steps.max() - steps.min() < 0.05


def test_poster_puts_the_largest_measurement_where_it_belongs(rendered):
    scene = SHOWN["LongContextCost"]
    x, y = to_px(scene.written_dots[-1].get_center())
    img = poster(rendered)
    patch = img[int(y) - 2 : int(y) + 3, int(x) - 2 : int(x) + 3]
    assert near(patch, style.palette().data, tol=90).sum() >= 3


def test_the_last_doubling_names_the_lengths_it_joins(rendered):
    tr = trace()
    n, m = tr["lengths"], tr["written_peak_bytes"]
    step = float(m[-1] / m[-2])
    assert SHOWN["LongContextCost"].step_label.text.replace(" ", "") == \
        f"memory\u00d7{step:.1f}"
    assert (f"From {int(n[-2]):,} to {int(n[-1]):,} words, twice the words, "
            f"memory went up {step:.1f} times") in said(rendered)


def test_the_small_table_is_shaded_by_the_measured_weights(rendered):
    tr = trace()
    w = tr["example_weights"]
    scene = SHOWN["LongContextCost"]
    for r, shade in enumerate(scene.small_shade):
        assert int(np.argmax(shade)) == int(np.argmax(w[r])), r
        assert all(s == 0 for s in shade[r + 1 :])  # later words: outlines only
    # the count says what the small table shows: every pair, and those scored
    n = len(w)
    total, scored = scene.counts[0]
    assert total == n * n and scored == n * (n + 1) // 2
    squash = {s.replace(" ", "") for s in scene.texts_seen}
    assert f"{n}\u00d7{n}={n * n}scorescomputed;" in squash
    assert f"the{n * n - scored}whereawordwouldlookahead" in squash
    assert "words(eachtick=4\u00d7thewords)" in squash


def test_time_says_why_fused_still_takes_long(timed):
    tr = trace()
    scene, text = SHOWN["LongContextTime"], said(timed)
    n = len(tr["example_words"])
    assert scene.all_label.text.replace(" ", "") == f"all{n * n}stillcomputed"
    assert ("But fused still computes every pair's score; it just does not "
            "store them.") in text
    assert "So its work still grows as length squared" in text
    seen = {s.replace(" ", "") for s in scene.texts_seen}
    assert "one layer's attention: time (ms)".replace(" ", "") in seen
    assert "ms: thousandths of a second" in text
    # one length-squared and one length guide, named as the voice names them
    assert [t.text for t in scene.guide_labels] == ["length\u00b2", "length"]
    assert "the upper one grows as length squared, the lower one as length" in text


def test_time_explains_the_start_before_the_guides(timed):
    tr = trace()
    st, scene, text = tr.stats, SHOWN["LongContextTime"], said(timed)
    n, w = tr["lengths"].astype(float), tr["attn_seconds"].astype(float)
    k = int(np.searchsorted(n, int(st["long_from_length"])))
    early = np.polyfit(np.log(n[:4]), np.log(w[:4]), 1)[0]
    flat = k > 0 and early < 1.5
    assert scene.flat_said == flat
    assert ("At the shortest lengths" in text) == flat
    start = text.index(f"dashed guides start at {int(n[k]):,} words")
    if flat:
        assert text.index("At the shortest lengths") < start


def test_one_time_headline_and_the_yardstick_in_words(timed):
    from scenes.transformer.cost import ms, slope_words

    tr = trace()
    st, scene, text = tr.stats, SHOWN["LongContextTime"], said(timed)
    n, w, f = tr["lengths"], tr["attn_seconds"], tr["fused_seconds"]
    k = int(np.searchsorted(n, int(st["long_from_length"])))
    words_x, r_w, r_f = scene.time_steps
    assert np.isclose(words_x, n[-1] / n[k])
    assert np.isclose(r_w, w[-1] / w[k]) and np.isclose(r_f, f[-1] / f[k])
    top = int(n[-1])
    assert (f"At {top:,} words, written out took {ms(w[-1])}, fused "
            f"{ms(f[-1])}.") in text
    a, b = scene.end_labels
    assert a.text.replace(" ", "") == ms(w[-1]).replace(" ", "")
    assert b.text.replace(" ", "") == ms(f[-1]).replace(" ", "")
    dot = scene.fused_time_dots[-1].get_center()
    assert b.get_left()[0] > dot[0] and abs(b.get_center()[1] - dot[1]) < 0.1
    far = min(r_w, r_f) > 2 * words_x
    assert scene.far_said == far
    assert (f"{words_x:,.0f} times the words; both ways took far more than "
            f"{words_x:,.0f} times as long." in text) == far
    # no unmeasured cause, no per-method factors read out
    assert "faster than length squared here" not in text
    assert "Length squared would give" not in text
    steep = min(st["written_seconds_exponent"], st["fused_seconds_exponent"]) >= 1.5
    assert scene.time_said == steep
    close = scene.takeaway.text.replace(" ", "")
    assert ("Fusedsavesmemory,notwork" in close) == steep
    if steep:
        q_f = st["fused_seconds_exponent"]
        assert slope_words(q_f).replace(" ", "") in close
        assert "a model pays that again in every layer" in text
    assert len(re.findall(r"\d[\d,.]*", text)) <= 14
