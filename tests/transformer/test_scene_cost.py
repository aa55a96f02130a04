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
              "fused: a few rows at a time",
              "looks at \u2192", "doing the looking \u2193"):
        assert s.replace(" ", "") in seen, s
    # the brightness key in each scene, so each stands alone
    assert ("brighter:" if name == "LongContextCost" else
            "brighter=looksmore") in seen  # fmt: skip
    # each scene says at its start what it shows
    assert said(out).startswith(
        "Attention, the heart of a transformer" if name ==
        "LongContextCost" else "Attention, the part of a chatbot's network "
        "that links words, scores every pair of words in a table")
    # what was measured said once, in plain words: the small model, with no
    # unexplained "test model" or "using the scores"
    assert said(out).count("small model") == 1
    assert "test model" not in said(out)
    assert "using the scores" not in said(out)


def test_memory_sentences_follow_the_measured_slopes(rendered):
    from scenes.transformer.cost import mb3, scores, slope_words

    tr = trace()
    st, text, scene = tr.stats, said(rendered), SHOWN["LongContextCost"]
    top = int(tr["lengths"][-1])
    seen = {s.replace(" ", "") for s in scene.texts_seen}
    assert "attention's peak memory (MB)".replace(" ", "") in seen
    assert (f"memory grows {slope_words(st['written_bytes_exponent'])}, the "
            "dashed line.") in text
    # "steeper" said only once both lines are drawn
    assert (f"Fused: memory grows {slope_words(st['fused_bytes_exponent'])}, "
            f"the dotted line: {mb3(tr['fused_peak_bytes'][-1])}. Each tick "
            "right,") in text
    assert "steeper" not in text
    # growth per tick right read end to end off each series' own dots
    n_, w_, f_ = tr["lengths"], tr["written_peak_bytes"], tr["fused_peak_bytes"]
    ticks = (len(n_) - 1) / 2
    x_step, w_tick, f_tick = scene.per_tick
    assert np.isclose(x_step, n_[2] / n_[0])
    assert np.isclose(w_tick, (w_[-1] / w_[0]) ** (1 / ticks))
    assert np.isclose(f_tick, (f_[-1] / f_[0]) ** (1 / ticks))
    # each step said beside its peak on screen, as the chart's own figure
    w_step, f_step = scene.step_labels
    assert w_step.text.replace(" ", "") == f"\u00d7{w_tick:.0f}atick"
    assert f_step.text.replace(" ", "") == f"\u00d7{f_tick:.0f}atick"
    why_rows = (f"fused's only {f_tick:.0f}, because each row it "
                "keeps is as long as the text.")
    assert (f"{x_step:.0f} times the words: written out's climbs "
            f"{w_tick:.0f} times, fused's ") in text
    assert (why_rows in text) == (
        0.75 * x_step <= f_tick <= 1.33 * x_step
        and st["fused_bytes_exponent"] < 1.2)
    # the two guides told apart by colour and by dash, each in its series'
    # colour (dots and guide one colour)
    sq, lin = scene.guides
    assert sq.get_color() != lin.get_color()
    assert sq.get_color() == scene.written_dots[0].get_color()
    assert sq.dash_length != lin.dash_length
    # length x length tied to the count, on screen and said
    assert f"that is {top:,} \u00d7 {top:,}: {scores(top)}." in text
    shown = " ".join(t.text for t in scene.product_label).replace(" ", "")
    assert shown == f"{top:,}\u00d7{top:,}={scores(top)}".replace(" ", "")
    assert scores(256) == "65,536 scores" and scores(4096) == "16.8 million scores"
    assert "length: the number of words" in text
    assert "length squared, length \u00d7 length" in text
    # both ways in plain words at first use
    assert ("The second, called fused, works through it a few rows at a "
            f"time, so memory stays low: at {top:,} words, a sliver." in text)
    # its bar holds a low, steady level, never empty, and says so
    assert scene.fused_level.height > 0
    assert f"afewrowsof{top:,}:" in seen
    # the bars to true scale at the longest length: fused a sliver, its
    # ratio written on it
    w_pk, f_pk = tr["written_peak_bytes"][-1], tr["fused_peak_bytes"][-1]
    level, full = scene.sliver
    assert np.isclose(level, max(0.03, full * f_pk / w_pk), rtol=0.05)
    r_ = float(w_pk / f_pk)
    gap = f"{r_:,.2g}" if r_ < 100 else f"{round(r_, -1):,.0f}"
    assert f"\u00d7{gap}smaller" in seen
    assert f"at{top:,}words,toscale" in seen and "(nottoscale)" not in seen
    assert "mix in" not in text
    assert "Every pair" not in text or "skipped" not in text
    # why later words are blanked, said and in the key
    assert ("A word may not look at later words: the model writes one word "
            "at a time, so it can only look back.") in text
    assert "(awordcanonly" in seen and "lookback)" in seen
    # the transformer in plain words
    assert "the kind of network behind chatbots" in text
    # MB put in words when the axis appears, before any MB is read out
    unit = text.index("Memory is in MB, millions of bytes;")
    assert unit < text.index(" MB")
    # the y axis step read off the chart, said once and on screen
    factor = scene.y_factor[-1]
    assert text.count(f"each tick up is {factor:,} times more.") == 1
    assert scene.tick_label.text.replace(" ", "") == \
        f"eachtickup={factor:,}\u00d7thememory"
    # no layers or heads named: the two ways, then the tables side by side
    assert "layer" not in text and "reader" not in text
    # what was measured, said once: one step of a small model
    assert ("We measured filling and using one table in our small model, "
            "two ways. The first, called written out, stores the whole "
            "table") in text
    assert "The second, called fused, works through it" in text
    assert "using the scores" not in text and "one pass" not in text
    assert "this computer" not in text
    assert not re.search(r"\bheads?\b", text)
    assert "the heart of a transformer" in text
    # no claim about which word a row looks at most
    assert "looks mostly" not in text and "look mostly" not in text
    assert "practice language" not in text and "cache" not in text
    assert len(re.findall(r"\d[\d,.]*", text)) <= 27


def test_one_memory_headline_with_a_sense_of_scale(rendered):
    from scenes.transformer.cost import mb, mb3, per_score, scores

    tr = trace()
    scene, text = SHOWN["LongContextCost"], said(rendered)
    top = int(tr["lengths"][-1])
    peak, fpeak = float(tr["written_peak_bytes"][-1]), tr["fused_peak_bytes"][-1]
    # the peak tied to the count of scores in one line, said and shown:
    # scores x measured bytes a score = the peak; no breakdown into copies
    per = per_score(peak, top)
    assert np.isclose(top**2 * float(per.replace(",", "")), peak, rtol=0.02)
    # the voice: the total and the count; the bytes a score on screen only
    assert f"Written out peaked at {mb(peak)}, for {scores(top)}." in text
    assert "bytes each" not in text
    assert [t.text.replace(" ", "") for t in scene.sum_label] == [
        f"for{scores(top)},".replace(" ", ""),
        f"about{per}bytesascore,measured"]
    assert "tables of scores" not in text and "copies" not in text
    assert "GB" not in text
    assert scene.peak_label.text.replace(" ", "") == mb(peak).replace(" ", "")
    assert scene.peak_label.font_size >= style.TITLE_SIZE - 0.5  # shown big
    assert "=" not in scene.peak_label.text
    assert scene.fused_peak_label.text.replace(" ", "") == mb3(fpeak).replace(" ", "")
    # the ratio said is the ratio of the two labels as shown, to 2 figures
    shown = float(mb(peak).split()[0].replace(",", "")) / float(
        mb3(fpeak).split()[0])
    if peak / fpeak >= 10:
        said_gap = re.search(r"fused needs about ([\d,.]+) times less", text)
        assert said_gap
        assert np.isclose(float(said_gap[1].replace(",", "")), shown, rtol=0.03)
    # the blanked squares marked, one per look-ahead square
    n = len(tr["example_words"])
    assert len(scene.blank_marks) == n * (n - 1) // 2
    # the takeaway, chosen by the slopes and the gap, on the arrow alone
    saves = (tr.stats["fused_bytes_exponent"]
             < tr.stats["written_bytes_exponent"] - 0.5 and peak / fpeak >= 10)
    assert scene.saves_said == saves
    assert ("So storing the whole table is what costs memory" in text) == saves
    if saves:
        assert scene.gap_label.text.startswith("\u00d7")
    # the end: at most a question handing over (no claims about time)
    assert scene.next_card.text.replace(" ", "") == "Next:doesfusedalsosavetime?"
    assert "Each doubling" not in text
    assert "Next scene" not in text and "runs faster" not in text
    assert "its time" not in text
    assert "not the work" not in text


def test_tables_drawn_to_scale(rendered):
    scene = SHOWN["LongContextCost"]
    (w1, h1), (w2, h2) = scene.scale_pair
    assert np.isclose(w2, 2 * w1, rtol=0.03) and np.isclose(h2, 2 * h1, rtol=0.03)
    # the long text's table dwarfs the small one, drawn as a dot in its corner
    top, n = int(trace()["lengths"][-1]), len(trace()["example_words"])
    huge, speck = scene.huge_table
    assert huge.width > 6
    # to scale unless under a few pixels: then drawn bigger, and said so
    assert np.isclose(speck.width, max(9.0 * 2 * n / top, 0.13), rtol=0.02)
    seen = {s.replace(" ", "") for s in scene.texts_seen}
    assert "thedotinthecorner" in seen
    assert ("(drawnbiggertobeseen)" in seen) == (9.0 * 2 * n / top < 0.13)


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


def test_the_memory_chart_keeps_to_its_guides(rendered):
    # no per-doubling step beat: the length-squared guide and the peak carry it
    assert "twice the words, memory went up" not in said(rendered)
    assert not hasattr(SHOWN["LongContextCost"], "step_label")


def test_the_small_table_is_shaded_by_the_measured_weights(rendered):
    tr = trace()
    w = tr["example_weights"]
    scene = SHOWN["LongContextCost"]
    for r, shade in enumerate(scene.small_shade):
        assert int(np.argmax(shade)) == int(np.argmax(w[r])), r
        assert all(s == 0 for s in shade[r + 1 :])  # later words: outlines only
    # before blanking, the later words' squares never outshine a real score
    real = [s for r, row in enumerate(scene.small_shade) for s in row[: r + 1]]
    assert scene.ahead_shade < min(real)
    # the count says what the small table shows: every pair, and those scored
    n = len(w)
    total, scored = scene.counts[0]
    assert total == n * n and scored == n * (n + 1) // 2
    squash = {s.replace(" ", "") for s in scene.texts_seen}
    assert f"{n}\u00d7{n}={n * n}scorescomputed;" in squash
    assert f"the{n * n - scored}whereawordwouldlookahead" in squash
    assert "words(eachtick=4\u00d7thewords)" in squash


def test_time_stands_alone_and_says_why_fused_still_takes_long(timed):
    tr = trace()
    scene, text = SHOWN["LongContextTime"], said(timed)
    n = len(tr["example_words"])
    # the table, length and both ways in plain words before any chart
    assert "Length means" not in text  # words, never "length", said here
    # the two ways introduced as names
    assert "the first, called written out, stores the whole table." in text
    assert ("The second, called fused, works through it a few rows at a "
            "time.") in text
    assert "one pass" not in text and "using the scores" not in text
    # what was measured, said once
    assert "this computer" not in text
    assert "We timed one attention step of our small model" in text
    # attention named in plain words in the opening
    assert text.startswith("Attention, the part of a chatbot's network that "
                           "links words, scores every pair of words")
    # the blanked squares marked red over the counting fill
    assert len(scene.blank_marks) == n * (n - 1) // 2
    assert all(m.z_index > 0 for m in scene.blank_marks)
    assert scene.all_label.text.replace(" ", "") == "bothways:allcomputed"
    # the computing fill and its label in a neutral colour, not fused's
    fused_c = scene.fused_time_dots[0].get_color()
    assert all(sq.get_fill_color() != fused_c for sq in scene.lit_cells)
    assert scene.all_label.get_color() != fused_c
    assert scene.all_label.get_fill_opacity() > 0.9  # shown with the fill
    # what red is, said before both ways computing them; no square count
    # (its number would clash with the growth figures)
    assert ("Red squares are later words, thrown away; both ways still "
            "compute them.") in text
    assert f"all {n * n}" not in text
    assert scene.counted == n * n
    assert text.index("called fused") < text.index("We timed one")
    assert "one layer" not in text and "round of reading" not in text
    # no crammed x4 mini grids beside the table
    assert not hasattr(scene, "twice")
    seen = {s.replace(" ", "") for s in scene.texts_seen}
    assert "time for one attention step (ms)".replace(" ", "") in seen
    assert "ms: thousandths of a second" in text
    # the log axis's step up said, read off the chart (the step right is on
    # screen and read in the growth figures)
    assert f"Each tick up: {scene.y_factor[-1]:,} times the time." in text
    # the whole table marked as kept while written out is said
    assert scene.kept[1].text.replace(" ", "") == "writtenout:keepsitall"
    # the y axis step read off the chart, on screen
    factor = scene.y_factor[-1]
    assert scene.tick_label.text.replace(" ", "") == \
        f"eachtickup={factor:,}\u00d7thetime"
    # the table's own key, so the scene stands alone: brightness and outlines
    assert [t.text.replace(" ", "") for t in scene.key_lines] == [
        "brighter=looksmore", "red=computed,then", "thrownaway(alaterword)"]
    assert "brighter means a word looks at another more" in text
    # no talk per doubling: one growth claim from two dots
    assert "per doubling" not in text and "dashed" not in text
    assert not hasattr(scene, "guide_key")


def test_no_unsaid_band_or_axis_mark(timed):
    scene = SHOWN["LongContextTime"]
    seen = " ".join(scene.texts_seen).replace(" ", "")
    # the grey too-quick band and the highlighted first timed length are
    # gone: nothing on the chart the voice does not say
    assert "tooquick" not in seen
    assert not hasattr(scene, "short_shade")
    assert not hasattr(scene, "first_timed_tick")
    dots = (*scene.written_time_dots, *scene.fused_time_dots)
    assert all(d.get_fill_opacity() > 0.9 for d in dots)


def test_time_headline_speed_and_last_doubling_from_the_trace(timed):
    from scenes.transformer.cost import ms

    tr = trace()
    scene, text = SHOWN["LongContextTime"], said(timed)
    n, w, f = tr["lengths"], tr["attn_seconds"], tr["fused_seconds"]
    top = int(n[-1])
    speed = float(w[-1] / f[-1])
    assert np.isclose(scene.speed, speed)
    faster = speed >= 1.5
    assert (f"At {top:,} words, written out took {ms(w[-1])} and fused "
            f"{ms(f[-1])}: about {speed:,.0f} times faster." in text
            ) == faster  # fmt: skip
    # the x17 arrow between the two dots at the longest length
    if faster:
        arrow, tag = scene.speed_mark
        assert tag.text.replace(" ", "") == f"\u00d7{speed:,.0f}"
        assert tag.get_fill_opacity() > 0.9  # kept on its arrow to the end
        assert np.isclose(arrow.get_x(), scene.written_time_dots[-1].get_x(),
                          atol=0.02)
    # no workspace picture, no "fitted" on screen
    seen_all = " ".join(scene.texts_seen)
    assert "closeworkspace" not in seen_all.replace(" ", "")
    assert "fitted" not in seen_all and "fitted" not in text
    a, b = scene.end_labels
    assert a.text.replace(" ", "") == f"writtenout{ms(w[-1])}".replace(" ", "")
    assert b.text.replace(" ", "") == f"fused{ms(f[-1])}".replace(" ", "")
    # fused's growth read off its first timed dot and its last, chosen words
    from scenes.transformer.cost import growth_takeaway

    k = int(np.searchsorted(n, int(tr.stats["long_from_length"])))
    more, grew = float(n[-1] / n[k]), float(f[-1] / f[k])
    grew_w = float(w[-1] / w[k])
    assert np.isclose(scene.written_growth, grew_w)
    per = grew ** (1 / np.log2(more))
    assert np.allclose(scene.fused_growth, (more, grew, per))
    sq = more * more
    # the closing line: fused's growth against the words with its
    # reason when it outgrows them, and the three growths read off the dots
    figures = (f"{more:.0f} times the words, {sq:.0f} times the scores, "
               f"{grew:.0f} times the time.")
    if grew > 1.25 * more:
        assert "Fused's time still grows" in text
        assert (f"faster than the words, because it still computes every "
                f"score: {figures}") in text
    else:
        assert f": {figures}" in text
    # written out's own growth not said: it would need a reason
    assert f"written out's, {grew_w:.0f}" not in text
    shown = [t.text.replace(" ", "") for t in scene.growth_label]
    assert shown == [f"{int(n[k]):,}\u2192{top:,}words:",
                     f"words\u00d7{more:.0f}", f"scores\u00d7{sq:.0f}",
                     f"fused'stime\u00d7{grew:.0f}"]
    # guides from fused's first timed dot: x8 (words) and x64 (scores), to
    # the longest length, fused's last dot between them, kept to the end
    guides, guide_t = scene.growth_guides
    assert [t.text.replace(" ", "") for t in guide_t] == [
        f"\u00d7{more:.0f}(words)", f"\u00d7{sq:.0f}(scores)"]
    ft = scene.fused_time_dots
    for g_ in guides:
        assert np.allclose(g_.get_start()[:2], ft[k].get_center()[:2], atol=0.02)
        assert np.isclose(g_.get_end()[0], ft[-1].get_x(), atol=0.02)
    lo, hi = guides[0].get_end()[1], guides[1].get_end()[1]
    assert (lo < ft[-1].get_y() < hi) == (more < grew < sq)
    assert all(t.get_fill_opacity() > 0.9 for t in guide_t)
    # fused's guides in fused's colour: one colour per series
    assert all(g_.get_color() == ft[0].get_color() for g_ in guides)
    # why written out is slower: its gap at the shortest length (its steps)
    # and the gap's growth, memory the likely cause only when the gap grows
    # and the measured peaks outgrow / fit the measured fast memory
    from scenes.transformer.cost import mb, mb3
    from scenes.transformer.cost_time import (
        SAME_SUMS,
        fast_memory,
        first_outgrown,
        first_widening,
        measured_line,
        memory_reason,
        store_size,
        times,
        why_line,
    )

    wm, fm = tr["written_peak_bytes"][-1], tr["fused_peak_bytes"][-1]
    a, cache = float(w[0] / f[0]), fast_memory(tr)
    assert cache == float(tr["cpu_cache_bytes"].max())  # recorded with it
    gaps = w / f
    out = first_outgrown(tr["written_peak_bytes"], cache)
    wide = first_widening(gaps)
    reason = memory_reason(gaps, tr["written_peak_bytes"], float(fm), cache)
    assert np.allclose(scene.gap_growth[:2], (a, speed))
    assert scene.gap_growth[2] == reason
    assert scene.gap_starts == (out, wide)
    out_at = int(n[out]) if out > 0 else 0
    if faster and reason and wm / fm >= 10:  # memory the likely cause
        assert why_line(int(n[0]), a, speed, cache, out_at) in text
        # the processor named in plain words where it is first needed
        assert "the chip that does the sums" in text
    elif faster and speed >= 1.25 * a:  # no link: only what was measured
        assert measured_line(int(n[0]), a, int(n[-1]), speed,
                             bool(np.min(gaps) > 1)) in text
        # and how the two ways differ, said as a fact of the method, after
        assert text.index(SAME_SUMS) > text.index("Fused is")
        for claim in ("fast memory", "MB fast", "unclear", "likely", "chip"):
            assert claim not in text
        assert len(scene.fit_mark) == 0
        seen = {t.replace(" ", "") for t in scene.texts_seen}
        assert "tablenolongerfits" not in seen and "infastmemory" not in seen
    why = why_line(int(n[0]), a, speed, cache, out_at)
    # where the table no longer fits: shaded from between the last length
    # that fits and the first that does not, labelled, only with the cause
    if out > 0 and reason:
        band, label = scene.fit_mark
        ft_ = scene.fused_time_dots
        assert ft_[out - 1].get_x() <= band.get_left()[0] <= ft_[out].get_x()
        assert band.get_right()[0] >= ft_[-1].get_x()
        assert [t.text.replace(" ", "") for t in label] == [
            "tablenolongerfits", "infastmemory"]
    if len(scene.why_label):  # a reason said: the first gap on the chart
        assert f"\u00d7{times(a)}" in {t.replace(" ", "")
                                      for t in scene.texts_seen}
        assert f"{times(a)} times" in text
    if why in text:  # drawn: each block's area its measured peak
        w_side, f_side = scene.why_sizes
        assert np.isclose((f_side / w_side) ** 2, fm / wm, rtol=0.05) or \
            f_side == 0.05  # at least a visible speck
        names = [scene.why_label[0][1][0], scene.why_label[3][1]]
        # the peaks sourced on screen; main memory drawn far bigger than the
        # store, the table bigger than the store
        assert scene.why_label[0][2].text.replace(" ", "") == \
            "peakmemory,measured"
        far, near = scene.why_label[1][0], scene.why_label[4][0]
        assert far.width * far.height > 6 * near.width * near.height
        assert w_side > 2 * near.width
        assert [t.text.replace(" ", "") for t in names] == [
            f"writtenout:{mb(wm)}".replace(" ", ""),
            f"fused:{mb3(fm)},fits".replace(" ", "")]
        # two labelled places, near and far; never just "memory"
        near_t, far_t = scene.why_places
        assert [t.text.replace(" ", "") for t in (*near_t, *far_t)] == [
            "onthechip:", f"{store_size(cache)},fast,near".replace(" ", "")
            if cache else "small,fast,near",
            "mainmemory:", "big,slow,far"]
    # no guesses at causes: the memory-shuttle picture and gap lines cut
    assert "Likely" not in text and "start-up" not in text
    # the takeaway on screen: one sentence, the same message as the memory
    # scene's end
    share = growth_takeaway(faster, per)
    if grew > 1.25 * more:  # saves, yet its time still grows past the words
        share = (("Fused saves memory and time" if faster else
                  "Fused saves memory, not much time")
                 + ", but its time still grows "
                 + ("far " if grew > np.sqrt(more * sq) else "")
                 + "faster than the words.")  # fmt: skip
    assert scene.growth_takeaway == share
    close = " ".join(t.text for t in scene.takeaway).replace(" ", "")
    assert close == share.replace(" ", "")
    # said last, with the figures that show it
    assert text.rstrip().endswith(f"{grew:.0f} times the time.")
    if grew > 1.25 * more:
        assert share[share.index("still grows"):-1] in text
    assert "twice the words took written out" not in text
    # the end frame keeps the y axis title and its unit
    head, tick = scene.axis_title
    assert head.text.replace(" ", "") == "timeforoneattentionstep(ms)"
    assert head.get_fill_opacity() > 0.9 and tick.get_fill_opacity() > 0.5
    assert scene.takeaway.get_bottom()[1] > head.get_top()[1] or \
        scene.takeaway.get_left()[0] > head.get_right()[0]  # never on top
    assert len(re.findall(r"\d[\d,.]*", text)) <= 25


@pytest.mark.parametrize("g_w, g_f, w_say, f_say, tail", [
    (3.9, 3.1, "about \u00d74, as length squared",
     "\u00d73.1: between length's \u00d72 and length squared's \u00d74",
     " and grows less steeply, but still more steeply than length"),
    (3.8, 3.5, "about \u00d74, as length squared",
     "\u00d73.5: between length's \u00d72 and length squared's \u00d74",
     " and grows less steeply, but still more steeply than length"),
    (4.0, 3.9, "about \u00d74, as length squared", "about \u00d74, as length squared",
     ", but both still grow about as length squared"),
])
def test_each_series_worded_by_its_own_factor_and_slope(g_w, g_f, w_say, f_say,
                                                        tail):
    from scenes.transformer.cost import series_growth, time_takeaway

    assert series_growth(g_w, 2.0) == w_say
    assert series_growth(g_f, 1.8) == f_say
    assert time_takeaway(g_w, 2.0, g_f, 1.8) == tail
    # a factor near 4 over a run whose fitted slope is near length's: not "x4"
    assert not series_growth(3.9, 1.3).startswith("about")


def test_memory_is_the_likely_reason_only_when_the_gap_grows():
    from scenes.transformer.cost_time import (
        first_outgrown,
        first_widening,
        measured_line,
        memory_reason,
        why_line,
    )

    mb_ = 1e6
    peaks = np.array([4, 17, 68, 273, 1091]) * mb_
    # the gap widens just where written out's table outgrows the store,
    # fused's fits: memory the likely cause
    assert first_outgrown(peaks, 34 * mb_) == 2
    assert first_widening([3.0, 3.2, 6.0, 12.0, 17.0]) == 2
    assert memory_reason([3.0, 3.2, 6.0, 12.0, 17.0], peaks, 1.7 * mb_,
                         34 * mb_)
    # it widens a length later: no claim
    assert not memory_reason([3.0, 3.2, 3.4, 12.0, 17.0], peaks, 1.7 * mb_,
                             34 * mb_)
    # no growth: no memory claim, whatever the sizes
    assert first_widening([3.0, 3.1, 3.0, 3.3]) == -1
    assert not memory_reason([3.0, 3.1, 3.2, 3.3, 3.3], peaks, 1.7 * mb_,
                             34 * mb_)
    # all fit, or fused too outgrows it: not the store
    assert first_outgrown(peaks, 2000 * mb_) == -1
    assert not memory_reason([3.0, 3.2, 6.0, 12.0, 17.0], peaks, 1.7 * mb_,
                             2000 * mb_)
    assert not memory_reason([3.0, 3.2, 6.0, 12.0, 17.0], peaks, 40 * mb_,
                             34 * mb_)
    # size unknown: the gap's growth alone
    assert first_outgrown(peaks, 0.0) == -1
    assert memory_reason([3.0, 17.0], peaks, 1.7 * mb_, 0.0)
    # the store's size and the chip said only when measured; the verb by
    # the growth; the length where it stops fitting said with the claim
    line = why_line(16, 3.1, 17.0, 34 * mb_, 1024)
    assert line.startswith("Even at 16 words, written out is 3.1 times slower")
    assert "The gap grows from 1,024 words" in line
    assert "34 MB fast memory on the chip that does the sums" in line
    assert "likely" in line
    unknown = why_line(16, 3.1, 4.5, 0.0)
    assert "grows a little" in unknown and "MB" not in unknown
    assert "the small, fast memory on the chip that does the sums" in unknown
    assert why_line(16, 1.1, 17.0, 0.0).startswith(
        "At 16 words, written out is not much slower.")
    # no link: only the measured speed-ups, "every length" only when true
    apart = measured_line(16, 4.43, 4096, 19.1, True)
    assert apart == ("Fused is faster at every length: 4.4 times at 16 "
                     "words, 19 times at 4,096.")
    assert "every" not in measured_line(16, 0.8, 4096, 19.1, False)


def test_the_fast_memory_size_is_read_off_the_machine(tmp_path):
    from engine.transformer.cost import cache_size_bytes, cpu_cache_bytes

    for i, (level, kind, size) in enumerate(((1, "Data", "32K"),
                                             (1, "Instruction", "64K"),
                                             (2, "Unified", "512K"),
                                             (3, "Unified", "32768K"))):
        d = tmp_path / f"index{i}"
        d.mkdir()
        for name, value in (("level", level), ("type", kind), ("size", size)):
            (d / name).write_text(f"{value}\n")
    assert cpu_cache_bytes(tmp_path).tolist() == [32 * 1024, 512 * 1024,
                                                  32 * 1024**2]
    assert cache_size_bytes("1M") == 1024**2 and cache_size_bytes("512") == 512
