"""The drawing model with a frozen pretrained prompt reader: prompts in new words,
the small reader's view of them, the trace's figures checkable from its arrays,
and the scene that says them."""

from __future__ import annotations

import numpy as np
import pytest

from engine.core.config_args import ConfigError
from engine.hybrid.data import ALL_COMBOS, TRAIN_COMBOS, VOCAB, Combo
from engine.hybrid.wording import (
    KINDS,
    PHRASINGS,
    SYNONYMS,
    known_words,
    meaning,
    phrasings,
    reworded,
)
from tests.support import shared
from tests.support.rendering import render_for_test

# Real but small: both drawing models train in seconds.
TINY_SMALL = dict(train_pictures=1000, train_iters=40, batch_size=16, channels=16,
                  d_text=16, refine=2)  # fmt: skip
TINY_FROZEN = dict(train_pictures=1000, train_iters=40, batch_size=16, channels=16,
                   refine=2, sample_steps=4, eval_per_combo=1,
                   per_reworded=1)  # fmt: skip


def test_every_training_phrasing_uses_only_the_chapters_words_and_small_words():
    small = {"a", "in", "the", "is"}
    for combo in ALL_COMBOS:
        texts = phrasings(combo)
        assert len(texts) == len(PHRASINGS)
        for t in texts:
            words = t.replace(",", " ").replace(":", " ").split()
            assert set(words) <= set(VOCAB) | small, t
            assert meaning(t) == combo


def test_a_reworded_prompt_holds_a_word_no_training_prompt_holds_and_means_its_combo():
    trained = {w for c in ALL_COMBOS for t in phrasings(c)
               for w in t.replace(",", " ").replace(":", " ").split()}  # fmt: skip
    rw = reworded()
    assert {r.kind for r in rw} == set(KINDS)
    assert {r.combo for r in rw} <= set(TRAIN_COMBOS)
    for r in rw:
        assert r.new_word in r.text.split() and r.new_word not in trained
        assert meaning(r.text) == r.combo


def test_the_small_reader_sees_only_the_words_it_knows():
    assert known_words("crimson circle top left") == ["circle", "top", "left"]
    assert known_words("a red box in the upper right") == ["red", "right"]
    assert not any(w in VOCAB for s in SYNONYMS.values() for w in s)


@pytest.mark.parametrize("text", ["crimson circle", "red blue circle top left", ""])
def test_a_prompt_that_names_no_one_combination_is_refused_in_one_line(text):
    with pytest.raises(ConfigError) as err:
        meaning(text)
    assert "\n" not in str(err.value)


def test_meaning_reads_synonyms():
    assert meaning("scarlet disc upper left") == Combo("red", "circle", "top left")
    assert meaning("navy box lower right") == Combo("blue", "square", "bottom right")


def tiny_new_words():
    """A tiny new_words trace, both models trained here in seconds."""
    from engine.core import checkpoints
    from engine.hybrid.frozen_record import NewWordsConfig, record
    from engine.hybrid.train import HybridConfig

    def build(root):
        saved = checkpoints.CACHE_DIR
        checkpoints.CACHE_DIR = root / "cache"
        try:
            record(
                NewWordsConfig(**TINY_FROZEN),
                root / "new_words.npz",
                progress=False,
                small_config=HybridConfig(**TINY_SMALL),
            )
        finally:
            checkpoints.CACHE_DIR = saved

    return shared.once("new_words", build) / "new_words.npz"


def test_the_trace_figures_are_checkable_from_its_arrays():
    from engine.core.trace import load
    from engine.hybrid.wording import reworded

    tr = load(tiny_new_words())
    st = tr.stats
    kinds = [str(k) for k in tr["kind_names"]]
    assert kinds == list(KINDS)
    rw = reworded()
    assert [str(t) for t in tr["reworded_text"]] == [r.text for r in rw]
    per = np.array([sum(r.kind == k for r in rw) for k in kinds])
    per = per * TINY_FROZEN["per_reworded"]
    np.testing.assert_array_equal(tr["prompts_by_kind"], per)
    # the overall figures are the per-kind ones, weighted by their prompts
    w = tr["prompts_by_kind"] / tr["prompts_by_kind"].sum()
    for model in ("frozen", "small"):
        overall = (w * tr[f"{model}_by_kind"]).sum()
        assert st[f"new_words_{model}"] == pytest.approx(overall, abs=1e-3)
    # each example's verdict is the fixed rules' reading of its stored picture
    from engine.hybrid.check import read

    asked = tr["example_asked"]
    for pics, marks in (("example_frozen", "example_frozen_right"),
                        ("example_small", "example_small_right")):  # fmt: skip
        again = read(tr[pics]).agrees(*asked.T)
        np.testing.assert_array_equal(again, tr[marks])
    # the pieces are the encoder's own, the small reader's words its known ones
    assert str(tr["example_pieces"][0]).split()[0] == "[CLS]"
    for text, words in zip(tr["example_text"], tr["example_small_words"], strict=True):
        assert str(words).split() == known_words(str(text))
    assert st["seen_pictures"] + st["heldout_pictures"] == len(ALL_COMBOS)
    # every judged picture's reading: the per-kind shares are what it gives
    judged_asked = tr["judged_asked"]
    assert len(judged_asked) == tr["prompts_by_kind"].sum()
    for model in ("frozen", "small"):
        got = tr[f"judged_{model}_read"]
        ok = (got == judged_asked).all(1)
        by_kind = [ok[tr["judged_kind"] == k].mean() for k in kinds]
        np.testing.assert_allclose(by_kind, tr[f"{model}_by_kind"], atol=1e-6)
    # the example's ink colour is the colour the rule read: nearest in hue
    from engine.data.shape_reader import RGB

    refs = np.array([RGB[str(c)] for c in tr["colour_names"]], dtype=float)
    # the references a scene draws are the rule's own, stored in the trace
    np.testing.assert_allclose(tr["colour_rgb"], refs, atol=1e-6)
    refs = refs / refs.sum(1, keepdims=True)
    for who in ("frozen", "small"):
        for ink, code in zip(tr[f"example_{who}_ink"], tr[f"example_{who}_read"][:, 0],
                             strict=True):  # fmt: skip
            if code >= 0:
                hue = ink / ink.sum()
                assert int(np.argmin(((refs - hue) ** 2).sum(1))) == code
    assert tr["example_noise"].shape == tr["example_frozen"].shape


def _srt(out) -> str:
    lines = out.files[".srt"].read_text().splitlines()
    return " ".join(x for x in lines if x and not x.isdigit() and "-->" not in x)


def _quick_render(scene, tmp_path):
    """``scene`` rendered quickly from the tiny trace: (output, trace, what
    was said)."""
    from engine.core.trace import load

    quick = type(f"Quick{scene.__name__}", (scene,), {"hold_seconds": 0.2})
    path = tiny_new_words()
    out = render_for_test(quick, path, tmp_path)
    return out, load(path), _srt(out)


def _texts(mob) -> set[str]:
    from manim import Text

    return {m.text for m in mob.get_family() if isinstance(m, Text)}


def test_the_picked_colour_case_is_the_clearest_where_only_the_pretrained_was_right():
    from engine.hybrid.frozen_record import hue_distances, pick_colour_case

    asked = np.array([[0, 0, 0]] * 5)
    kinds = np.array(["colour"] * 4 + ["shape"])
    frozen = np.array([[0, 0, 0], [0, 0, 0], [0, 0, 0], [1, 0, 0], [0, 0, 0]])
    small = np.array([[1, 0, 0], [2, 0, 0], [1, 1, 0], [0, 0, 0], [1, 0, 0]])
    # the second picture's ink is far clearer red than the first's
    ink = np.array([[0.5, 0.4, 0.4], [0.9, 0.1, 0.1], [1, 0, 0], [0, 1, 0],
                    [1, 0, 0]])  # fmt: skip
    counts, pick = pick_colour_case(asked, kinds, frozen, small, ink)
    # only pretrained right: 0, 1, 2 (colour prompts); reverse: 3; cases
    # where the small one missed only the colour: 0 and 1
    assert list(counts) == [3, 1, 2] and pick == 1
    far = np.sort(hue_distances(ink), 1)
    assert far[1, 1] - far[1, 0] > far[0, 1] - far[0, 0]
    # none such: no pick, the counts still kept
    counts, pick = pick_colour_case(asked, kinds, frozen, frozen, ink)
    assert list(counts) == [0, 0, 0] and pick is None


def test_a_new_word_is_in_no_training_prompt_of_either_model():
    from engine.hybrid.frozen_record import in_training

    assert in_training("crimson") == (False, False)
    assert in_training("navy") == (False, False)
    assert in_training("red") == (True, True)


@pytest.mark.slow
def test_the_picked_case_is_what_the_judged_readings_say():
    from engine.core.trace import load
    from engine.hybrid.check import read

    tr = load(tiny_new_words())
    asked, kinds = tr["judged_asked"], tr["judged_kind"]
    f, s = tr["judged_frozen_read"], tr["judged_small_read"]
    colour = kinds == "colour"
    f_ok, s_ok = (f == asked).all(1), (s == asked).all(1)
    got = tr["picked_counts"]
    assert got[0] == (colour & f_ok & ~s_ok).sum()
    assert got[1] == (colour & ~f_ok & s_ok).sum()
    assert (got[2] == 0) == ("picked_text" not in tr.arrays)
    if "picked_text" not in tr.arrays:
        return
    want = tr["picked_asked"]
    for pics in ("picked_frozen", "picked_small"):
        r = read(tr[pics][None])
        assert [int(r.colour[0]), int(r.shape[0]), int(r.position[0])] == list(
            tr[f"{pics}_read"])
    assert (tr["picked_frozen_read"] == want).all()
    assert (tr["picked_small_read"][1:] == want[1:]).all()
    assert tr["picked_small_read"][0] != want[0]
    assert str(tr["picked_new_word"][0]) in str(tr["picked_text"][0]).split()
    assert not np.asarray(tr["picked_word_in_training"]).any()


@pytest.mark.slow
def test_the_readers_numbers_for_a_few_words_are_their_own():
    from engine.core.trace import load
    from engine.hybrid.frozen_record import cosine, word_vectors

    tr = load(tiny_new_words())
    words = [str(w) for w in tr["vector_words"]]
    assert words == ["crimson", "red"]
    vecs = tr["pretrained_vectors"]
    assert vecs.shape == (2, 384) and np.isfinite(vecs).all()
    # the encoder's own output for each word, said alone (it is frozen)
    np.testing.assert_allclose(vecs, word_vectors(words), atol=1e-4)
    assert tr["pretrained_similarity"].shape == (1,)
    sim = float(tr["pretrained_similarity"][0])
    a, b = vecs.astype(np.float64)
    assert sim == pytest.approx(a @ b / np.linalg.norm(a) / np.linalg.norm(b), abs=1e-5)
    assert sim == pytest.approx(cosine(a, b), abs=1e-5) and -1 <= sim <= 1
    # close but not the same: a related word, a different vector
    assert 0 < sim < 0.999
    red = tr["small_red_vector"]
    assert red.shape == (TINY_SMALL["d_text"],) and np.isfinite(red).all()


@pytest.mark.slow
def test_new_words_renders_and_says_the_measured_figures(tmp_path):
    from scenes.hybrid.new_words import (
        EXAMPLES,
        NewWords,
        examples_takeaway,
        pick_examples,
    )

    out, recorded, srt = _quick_render(NewWords, tmp_path)
    # the scene shows the picked case, when one was recorded, as its example
    from scenes.hybrid.new_words import picked_view

    tr = out.scene.tr
    if "picked_text" in recorded.arrays:
        assert [str(t) for t in tr["example_text"]] == [
            str(recorded["picked_text"][0])]
    else:
        assert picked_view(recorded) is recorded
        assert [str(t) for t in tr["example_text"]] == [
            str(t) for t in recorded["example_text"]]
    st = tr.stats
    # what a prompt reader does, said and on screen, before the small reader
    job = "turns the prompt's words into numbers the drawing model draws from"
    assert job in srt and srt.index(job) < srt.index("knows only")
    assert f"knows only {st['chapter_words']} words" in srt
    # the reader swap is shown as said: the copy tagged as trained again, the
    # pretrained reader's output a row of numbers for the new word, its first
    # digits the recorded ones, and the small reader's own for red
    from scenes.hybrid.new_words import digits

    swap = _texts(out.scene.swap_shown)
    assert {"trainedagain", "arowofnumbersperword"} <= swap
    from scenes.hybrid.new_words import numbers_line, trained_line, vector_of

    fresh_vec = vector_of(tr, "pretrained", out.scene.new_word())
    if fresh_vec is not None:
        assert f"{digits(fresh_vec)}{len(fresh_vec)}numbers".replace(" ", "") \
            in swap
    assert digits(tr["small_red_vector"]).replace(" ", "") in swap
    # a word as numbers at the first mention, the small reader's own
    opening = _texts(out.scene.opening_numbers)
    assert digits(tr["small_red_vector"], 4).replace(" ", "") in opening
    assert f"{tr['small_red_vector'][0]:.2f}".replace("-", "\u2212") in \
        digits(tr["small_red_vector"])
    said = numbers_line(len(tr["small_red_vector"]),
                        len(fresh_vec) if fresh_vec is not None else 0)
    assert " ".join(said.split()) in srt
    # the new word in no training prompt of either model: said only when the
    # trace says so
    from scenes.hybrid.new_words import never_trained

    assert " ".join(trained_line(never_trained(tr)).split()) in srt
    if never_trained(tr):
        held = np.asarray(recorded["picked_word_in_training"])
        assert not held.any()
    # every example shown has exactly one word no training prompt holds
    from engine.hybrid.check import read
    from scenes.hybrid.new_words import example_line, fillers, lead_of, readout_words

    ids = out.scene.example_ids
    assert ids == pick_examples(tr) and len(out.scene.example_rows) == len(ids)
    trained = {w for p in tr["train_phrasings"] for w in str(p).replace(
        ",", " ").replace(":", " ").split()} | {str(w) for w in tr["chapter_vocab"]}
    fresh = [sum(w not in trained for w in str(tr["example_text"][k]).split())
             for k in range(len(tr["example_text"]))]  # fmt: skip
    # those with one new word, or the first when none has just one
    assert ids == ([k for k, n in enumerate(fresh) if n == 1][:EXAMPLES] or [0])
    # the recorded reading is the rules' reading of the recorded picture
    codes = tr["example_small_read"][0]
    r = read(tr["example_small"][:1])
    assert list(codes) == [int(r.colour[0]), int(r.shape[0]), int(r.position[0])]
    # every example picture on screen is said: as asked, or as the rules read it
    for k in ids:
        line = example_line(tr, k)
        assert " ".join((lead_of(tr, k) + line).split()) in srt
        # a picked success is said as hand-picked, with no share: the count
        # over all prompts is the next scene's
        if "hand-picked success" in lead_of(tr, k):
            assert "%" not in lead_of(tr, k) and "chance" not in lead_of(tr, k)
        for pics in ("example_small", "example_frozen"):
            drawn = " ".join(readout_words(tr, tr[f"{pics}_read"][k]))
            assert ("as asked" in line) if tr[f"{pics}_right"][k] else \
                f"reads as {drawn}" in line
    # the colour rule said and shown on each picture: the bright pixels'
    # average as a swatch, and the rules' colour outlined among the three
    from scenes.hybrid.new_words import distances, rule_line

    assert rule_line(tr, ids[0]) in srt
    # the picked case is tagged with the trace's own counts; no tag without
    from scenes.hybrid.new_words import picked_tag

    tag = " ".join(m.text for m in out.scene.tag_shown)
    if "picked_text" in recorded.arrays:
        k_, j_ = (int(x) for x in recorded["picked_counts"][:2])
        assert f"pickedfrom{k_}cases" in tag.replace(" ", "")
        assert "reversehappened" in tag and (f"{j_}times" in tag or j_ == 1)
        assert tag.replace(" ", "") == "".join(picked_tag(tr)).replace(" ", "")
        # and said aloud, not only on screen
        from scenes.hybrid.new_words import count_line

        assert count_line(recorded) in srt
        assert f"right {k_} times, only the small one {j_}" in count_line(recorded)
    else:
        assert tag == ""
    # the shape rule is not left a riddle: said as not shown
    assert "too,notshown" in _texts(out.scene.asked_shown)
    assert "luck" not in srt.replace("by chance", "")
    # the read-back strip is labelled while the colour rule is said
    assert "averagebrightcolour" in out.scene.strip_key.text
    assert "(shorter=nearer)" in out.scene.strip_key.text
    # the colour rule is said before any example's verdict
    assert srt.index(rule_line(tr, ids[0])) < srt.index(
        " ".join((lead_of(tr, ids[0]) + example_line(tr, ids[0])).split()))
    for row in out.scene.example_rows:
        for i, pics in ((2, "example_small"), (4, "example_frozen")):
            swatch = row[i][0][0]
            assert len(swatch) == 3 and len(swatch[2]) == len(tr["colour_names"])
            code = int(tr[f"{pics}_read"][ids[0]][0])
            widths = [ref[1].get_stroke_width() for ref in swatch[2]]
            assert [w > 0 for w in widths] == [j == code for j in range(len(widths))]
            # each colour named in words, a bar as long as its distance, no
            # figure; the outlined one the nearest, marked so in words
            far = distances(tr, pics, ids[0])
            for j, (ref, d) in enumerate(zip(swatch[2], far, strict=True)):
                assert ref[0].text == str(tr["colour_names"][j])
                assert (_texts(ref[2]) == {"nearest"}) == (j == code)
                assert not any(c.isdigit() for t in _texts(ref) for c in t)
                assert ref[1].width == pytest.approx(max(0.03, 0.8 * d), rel=1e-3)
            if code >= 0:
                assert code == int(np.argmin(far))
    # the new word's meaning, said and on screen at its first use, and what a
    # tick means, with the new word counted as the word it stands for
    from scenes.hybrid.new_words import meaning_of

    word = out.scene.new_word()
    means = meaning_of(tr).get(word)
    if means:
        assert f"\u201c{word}\u201d is a {means}, but not one of its words" in srt
        assert _texts(out.scene.gloss_shown) == {
            f"{word}=a{means},notoneofits{st['chapter_words']}words"}
    assert "A tick means colour, shape and place all right" in srt
    assert "quarter" not in srt
    if len(out.scene.asked_shown):
        assert "colour,shapeand" in _texts(out.scene.asked_shown)
    # the training prompts' filler words are the ones the small reader skips
    assert fillers(tr) and set(fillers(tr)) <= {"a", "in", "the", "is"}
    # one training picture is shown beside the training wordings: the trace's
    img = out.scene.train_shown[0]
    assert img.height > 1.5  # drawn large
    assert img.pixel_array.shape[0] % tr["train_picture"].shape[0] == 0
    # the takeaway, on screen and said, chosen by the examples' verdicts
    want = examples_takeaway(len(ids),
                             sum(bool(tr["example_small_right"][k]) for k in ids),
                             sum(bool(tr["example_frozen_right"][k]) for k in ids))
    if len(out.scene.tag_shown):  # the tag stays on screen, the takeaway said
        assert out.scene.takeaway_shown is out.scene.tag_shown
    else:
        assert out.scene.takeaway_shown[0].text == want[0].replace(" ", "")
        assert len(out.scene.takeaway_shown) == 1  # the pointer is said
    assert f"{want[0]}. Is that more than chance? {want[2].capitalize()}." in srt


@pytest.mark.slow
def test_new_words_score_renders_and_says_the_measured_figures(tmp_path):
    from scenes.hybrid.new_words import (
        MARK,
        kind_line,
        meaning_of,
        outcome,
        side,
        still_wrong,
        why_not,
    )
    from scenes.hybrid.new_words_score import (
        NewWordsScore,
        asked_line,
        blind_key,
        blind_line,
        choices,
        coin_flip_line,
        drawn_count,
        extra_example,
        fallback,
        mark_word,
        others_line,
        result_line,
        score_shown,
        verdict_line,
        why_under_line,
    )
    from scenes.kit.numbers import pct

    out, tr, srt = _quick_render(NewWordsScore, tmp_path)
    st = tr.stats
    kinds = [str(k) for k in tr["kind_names"]]
    frozen, small = tr["frozen_by_kind"], tr["small_by_kind"]
    gap = out.scene.luck_gap()
    # never "a lead like 18 vs 5 can still be chance": both readers drew the
    # same prompts from the same static, and a paired split that uneven is not
    # what chance alone gives (an exact sign test puts 18 of 23 near p = 0.01)
    assert "can still be chance" not in srt
    # it opens on what the first scene established
    assert srt.startswith(f"Last scene, our small {st['chapter_words']}-word prompt "
                          "reader was swapped for an English-knowing one")
    # one test as judged, on screen while the opening is said: its prompt,
    # picture and the fixed rules' check with its mark
    from scenes.hybrid.new_words import picked_view, readout_words
    from scenes.kit.text import quoted as quoted_

    shown = picked_view(tr)
    test = out.scene.test_shown
    assert test[0].text == quoted_(str(shown["example_text"][0])).replace(" ", "")
    assert "fixedrulesreadcolour,shape,place:" in test[4][0].text
    assert test[4][1].text == " ".join(readout_words(
        shown, shown["example_frozen_read"][0])).replace(" ", "")
    assert ("\u2713" in test[4][2].text) == bool(shown["example_frozen_right"][0])
    # the chance range an outline, no fill: the small bar reads on its own
    for group in out.scene.kind_groups:
        band = group[1][2]
        assert all(m.get_fill_opacity() == 0 for m in band.family_members_with_points())
    # the first group's figures said; the groups within luck said at once;
    # every bar's figure is on screen over it
    said_same = [k for k, f, s in zip(kinds, frozen, small, strict=True)
                 if k not in (kinds[0], "phrasing")
                 and outcome(float(f), float(s), gap) == "same"]  # fmt: skip
    for k, kind in enumerate(kinds):
        if kind in said_same:
            assert others_line(said_same)[:-1] in srt
        elif kind not in ("phrasing", kinds[0]):
            assert kind_line(kind, float(frozen[k]), float(small[k]), "", gap) in srt
    texts = []
    top = None
    for k, group in enumerate(out.scene.kind_groups):
        on_screen = _texts(group)
        s, f = float(small[k]), float(frozen[k])
        assert pct(s) in on_screen and pct(f) in on_screen
        small_bar, frozen_bar, band, mark, guess = group[1]
        # every figure on its bar: inside its top, or over it
        for b in (small_bar, frozen_bar):
            assert b[1].get_bottom()[1] >= b[0].get_bottom()[1]
            assert abs(b[1].get_x() - b[0].get_x()) < b[0].width / 2
            assert (b[1].get_bottom()[1] >= b[0].get_top()[1]
                    or b[1].get_top()[1] <= b[0].get_top()[1])
        if s > 0.05 and f > 0.05:  # both bars drawn to one scale
            assert frozen_bar[0].height / small_bar[0].height == pytest.approx(
                f / s, rel=1e-3)
            top = small_bar[0].height / s  # scene units per 100%
        if top and s + gap < 1:  # up from the small bar, its top labelled
            from scenes.hybrid.new_words_score import points

            assert band[0].height == pytest.approx(gap * top, rel=1e-3)
            assert band[0].get_bottom()[1] == pytest.approx(
                small_bar[0].get_bottom()[1] + top * s, abs=1e-3)
            assert f"couldliftabarupto{points(gap)}in100" in "".join(
                _texts(out.scene.chart))
        # a blind pick of the new word: dashed at 1 in its number of choices
        n = choices(tr, kinds[k])
        assert bool(len(guess)) == bool(n)
        if n and top:
            assert guess.get_center()[1] - small_bar[0].get_bottom()[1] == \
                pytest.approx(top / n, abs=1e-3)
            assert f"1in{n}" in "".join(_texts(out.scene.chart_key))
        n_k = int(tr["prompts_by_kind"][k])
        assert mark.text == mark_word(f, s, gap, n_k).replace(" ", "")
        if side(f, s, gap) != "above":
            assert mark_word(f, s, gap, n_k) == MARK[side(f, s, gap)]
        texts += [m for m in group.get_family() if hasattr(m, "text")]
    assert choices(tr, "colour") == len(tr["colour_names"])
    assert choices(tr, "phrasing") == 0
    # no label over another label, in any group or between groups
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            apart = (a.get_right()[0] <= b.get_left()[0]
                     or b.get_right()[0] <= a.get_left()[0]
                     or a.get_top()[1] <= b.get_bottom()[1]
                     or b.get_top()[1] <= a.get_bottom()[1])  # fmt: skip
            assert apart, (a.text, b.text)
    # 0% labelled on the axis; the key names both readers and the blind pick
    assert "0%" in _texts(out.scene.chart)
    assert _texts(out.scene.chart_key) == {
        "\u25a0smallreader(wordskipped)", "\u25a0pretrainedreader",
        blind_key(tr, kinds).replace(" ", "")}
    assert blind_line(tr, kinds) in srt
    # what the small reader drew with the colour word skipped, from the
    # readings of every judged picture
    got = fallback(tr)
    codes = tr["judged_small_read"][tr["judged_kind"] == "colour", 0]
    assert got[1] == max((codes == i).sum() for i in range(3)) and got[2] == len(codes)
    # why even the pretrained reader stayed under a random guess: both
    # readers' colours, row by row, every count of all the pictures, said
    pick0 = choices(tr, kinds[0])
    if pick0 and float(frozen[0]) < 1 / pick0:
        assert why_under_line(tr, pick0, float(frozen[0])) in srt
        # what was asked for, beside what each drew
        asked_ = out.scene.drawn_shown[0][1][2].text
        codes_ = tr["judged_asked"][tr["judged_kind"] == "colour", 0]
        for i, colour in enumerate(tr["colour_names"]):
            assert f"{colour}{int((codes_ == i).sum())}" in asked_
        for row, model in zip(out.scene.drawn_shown[1:], ("small", "frozen"),
                              strict=True):  # fmt: skip
            said = row[1][2].text
            for colour, c in drawn_count(tr, model).items():
                assert f"{colour}{c}" in said
            assert said.endswith(f"of{got[2]}")
        assert "neverdrewred" in why_under_line(tr, pick0, float(
            frozen[0])).replace(" ", "") or drawn_count(tr, "small")["red"] > 0
    # what "drawn as asked" means, and the band's meaning, said
    assert " ".join(asked_line(tr).split()) in srt
    from scenes.hybrid.new_words_score import band_line, points

    assert " ".join(band_line(gap).split()) in srt
    assert "points" not in band_line(gap)
    assert "luck" not in srt
    # the check group said in plain words, with an example prompt
    from scenes.hybrid.new_words_score import check_line

    k_ = kinds.index("phrasing")
    said_ = check_line(float(frozen[k_]), float(small[k_]), gap)
    assert said_ in srt and "known words plus harmless extra words" in said_
    # the first group's result in one sentence; place's coin flip if so
    if kinds[0] not in said_same:
        assert result_line(kinds[0], float(frozen[0]), float(small[0]),
                           choices(tr, kinds[0]), gap,
                           int(tr["prompts_by_kind"][0])) in srt
    assert coin_flip_line(tr, gap)[1:-1] in srt
    # its example prompt on screen, under its group, and each group's size
    from scenes.kit.text import quoted

    names = out.scene.kind_groups[kinds.index("phrasing")][0]
    assert "".join(m.text for m in names[2:]) == quoted(
        extra_example(tr)).replace(" ", "")
    for k, group in enumerate(out.scene.kind_groups):
        assert group[0][1].text == f"{int(tr['prompts_by_kind'][k])}prompts"
    # the verdict, said and on screen, chosen by the figures
    picks = [choices(tr, k) for k in kinds]
    counts = tr["prompts_by_kind"]
    assert verdict_line(kinds, frozen, small, picks, gap, counts) in srt
    lines_ = [m for m in out.scene.verdict_shown if hasattr(m, "text")]
    assert "".join(m.text for m in lines_) == score_shown(
        kinds, frozen, small, picks, gap, counts).replace(" ", "")
    # the verdict sits under the chart, clear of every bar and mark
    bars_bottom = min(g[1].get_bottom()[1] for g in out.scene.kind_groups)
    assert out.scene.verdict_shown.get_top()[1] <= bars_bottom + 1e-6
    # wrapped to at most 90% of the width
    from manim import config

    assert all(m.width <= 0.9 * config.frame_width + 1e-6
               for m in lines_)
    # the close call's callout is one line, with no box over the bands
    from manim import BackgroundRectangle

    edge = out.scene.edge_shown
    assert not any(isinstance(m, BackgroundRectangle) for m in edge.get_family())
    assert "1prompt=" not in "".join(_texts(edge))
    # where it did not help, why is said, with the example's new word
    if still_wrong(kinds, frozen, small, gap):
        word = out.scene.new_word()
        sim = float(tr["pretrained_similarity"][0])
        assert out.scene.similarity == pytest.approx(sim)
        for said in why_not(word, st["chapter_words"], meaning_of(tr)[word], sim):
            assert " ".join(said.split()) in srt
        lesson = "".join(m.text for m in out.scene.lesson_shown)
        assert lesson.startswith("Likely:")
        assert "realtoolsalsotrainthedrawingmodel" in lesson


def test_the_blind_pick_and_its_line_are_chosen_by_the_figures():
    from scenes.hybrid.new_words_score import pick_line, score_shown

    kinds = list(KINDS)
    picks = [3, 3, 2, 0]
    gap = 0.158
    # better than the small reader past luck, yet under a blind pick: said so
    f, s = [0.275, 0.5, 0.483, 0.95], [0.112, 0.45, 0.467, 0.95]
    assert pick_line(kinds, f, s, picks, gap) == (
        "Yet with new colour words it stayed under a random guess, right 1 time in 3.")
    assert score_shown(kinds, f, s, picks, gap).endswith("under a random guess")
    assert score_shown(kinds, f, s, picks, gap).startswith("in our tiny test")
    # the result in one sentence, chosen by the figures
    from scenes.hybrid.new_words_score import mark_word, result_line

    # 27.5% over a range topping at 27.1%, at 80 prompts: over by less than
    # one prompt (1.25 points), too close to call a gain
    assert result_line("colour", 0.275, 0.1125, 3, gap, 80) == (
        "New colour words: 11.2% to 27.5%, at the edge of what chance could "
        "give: not a gain we can claim; still under a random guess, 1 in 3.")
    # a clear margin: a clear gain
    assert result_line("colour", 0.6, 0.1125, 3, gap, 80) == (
        "New colour words: 11.2% to 60%, over the chance range's top, 27.1%: "
        "a clear gain; over a random guess, 1 in 3.")
    # over by more than one prompt, though only just: a clear gain
    assert "clear gain" in result_line("colour", 0.285, 0.1125, 3, gap, 80)
    # inside the band: could be chance; "luck" never said
    assert "could be chance" in result_line("shape", 0.5, 0.45, 3, gap, 40)
    assert mark_word(0.275, 0.1125, gap, 80) == "too close to call"
    assert mark_word(0.285, 0.1125, gap, 80) == "better"
    assert mark_word(0.6, 0.1125, gap, 80) == "better"
    counts = [80, 40, 60, 60]
    assert score_shown(kinds, [0.275, 0.5, 0.483, 0.95], s, picks, gap,
                       counts) == ("in our tiny test, no clear gain; new colour "
                                   "words still under a random guess")
    # only the kinds under a guess by the figures: place at 48.3% of a coin
    # flip is about at it, not under; a kind over it is never named
    assert "place" not in score_shown(kinds, [0.275, 0.5, 0.483, 0.95], s, picks,
                                      gap, counts)
    assert "random guess" not in score_shown(kinds, [0.4, 0.5, 0.483, 0.95], s,
                                             picks, gap, counts)
    # said once, at its bar: the closing line short
    from scenes.hybrid.new_words_score import verdict_line

    assert verdict_line(kinds, [0.275, 0.5, 0.483, 0.95], s, picks, gap,
                        counts) == ("So in this small test, knowing English gave "
                                    "no clear gain.")
    assert "no clear gain" not in score_shown(kinds, [0.3, 0.5, 0.483, 0.95], s,
                                              picks, gap, counts)
    # over a blind pick: nothing more said
    f = [0.6, 0.5, 0.483, 0.95]
    assert pick_line(kinds, f, s, picks, gap) == ""
    assert not score_shown(kinds, f, s, picks, gap).endswith("under a blind pick")


def test_the_conclusion_is_chosen_by_the_figures():
    from scenes.hybrid.new_words import conclusion, still_wrong, verdict_shown

    kinds = list(KINDS)
    f, s = [0.6, 0.7, 0.5, 0.9], [0.1, 0.4, 0.5, 0.9]
    said = " ".join(conclusion(kinds, f, s))
    assert "carried over to new colour and shape words" in said
    assert "With the other groups it was about the same as the small reader" in said
    assert not still_wrong(kinds, f, s)
    assert verdict_shown(kinds, f, s) == \
        "pretrained reader better only with new colour and shape words"
    worse = conclusion(kinds, [0.4, 0.1, 0.5, 0.7], [0.1, 0.4, 0.5, 0.9])
    assert "did worse" in " ".join(worse)
    none = conclusion(kinds, [0.1] * 4, [0.1] * 4)
    assert "did not clearly help" in " ".join(none)
    assert still_wrong(kinds, [0.1] * 4, [0.1] * 4)
    assert "no group clearly better" in verdict_shown(kinds, [0.1] * 4, [0.1] * 4)
    # better than the small reader, yet still mostly wrong: said so, aloud
    # and on screen, and why is said
    f = [0.3, 0.45, 0.5, 0.9]
    mostly = " ".join(conclusion(kinds, f, [0.1, 0.4, 0.5, 0.9]))
    assert "helped with new colour words, over the chance range" in mostly
    assert "still drawn wrong" in mostly
    assert verdict_shown(kinds, f, [0.1, 0.4, 0.5, 0.9]).endswith("still mostly wrong")
    assert still_wrong(kinds, f, [0.1, 0.4, 0.5, 0.9])
    # a gain over the chance range by less than one prompt: too close to call
    from scenes.hybrid.new_words import HELPS

    counts = [80, 40, 60, 60]
    near = " ".join(conclusion(kinds, [0.1 + HELPS + 0.005, 0.4, 0.5, 0.9],
                               [0.1, 0.4, 0.5, 0.9], HELPS, counts))  # fmt: skip
    assert "no clear gain" in near and "too close to call" in near
    clear = " ".join(conclusion(kinds, [0.1 + HELPS + 0.02, 0.4, 0.5, 0.9],
                                [0.1, 0.4, 0.5, 0.9], HELPS, counts))  # fmt: skip
    assert "no clear gain" not in clear
    assert "just" not in mostly


def test_each_kind_is_said_beside_the_small_reader():
    from scenes.hybrid.new_words import MARK, kind_line, outcome

    assert outcome(0.5, 0.45) == "same" and MARK["same"] == "about the same"
    line = kind_line("shape", 0.5, 0.45)
    assert line == ("New shape words: the pretrained reader 50%, about the same "
                    "as the small reader's 45%.")  # fmt: skip
    assert outcome(0.8, 0.2) == "above"
    assert "better than the small reader's 20%" in kind_line("colour", 0.8, 0.2)
    assert outcome(0.2, 0.8) == "below"
    assert "worse than the small reader's 80%" in kind_line("colour", 0.2, 0.8)
    extra = kind_line("phrasing", 0.95, 0.95, "of")
    assert extra.startswith("New extra words, a check: words like \u201cof\u201d that "
                            "change nothing")
    assert extra.endswith("both readers 95%.")
    assert kind_line("phrasing", 0.9, 0.95).endswith(
        "the pretrained reader 90%, about the same as the small reader's 95%.")


def test_every_comparison_keeps_the_luck_rule():
    """A gap under the luck gap is said as "about the same as", kind by kind
    and in the summary; over it, better or worse."""
    from scenes.hybrid.new_words import conclusion, kind_line, outcome

    gap = 0.158  # 2 * sqrt(0.25 / 40): the gap luck alone can make at 40 prompts
    kinds = ["colour", "shape", "place", "phrasing"]
    # 27.5% against 11.2% is past the luck gap; 50% against 45% not
    assert outcome(0.275, 0.112, gap) == "above"
    assert outcome(0.5, 0.45, gap) == "same"
    assert "about the same as the small reader's 45%" in kind_line(
        "shape", 0.5, 0.45, "", gap)
    # the same gap under a wider luck gap: about the same
    assert outcome(0.275, 0.112, 0.2) == "same"
    ending = " ".join(conclusion(kinds, [0.275, 0.5, 0.483, 0.95],
                                 [0.112, 0.45, 0.467, 0.95], gap))  # fmt: skip
    assert "helped with new colour words" in ending
    assert "still drawn wrong" in ending and "shape" not in ending
    ending = " ".join(conclusion(kinds, [0.275, 0.5, 0.483, 0.95],
                                 [0.112, 0.45, 0.467, 0.95], 0.2))  # fmt: skip
    assert "did not clearly help" in ending


def test_each_kind_names_the_words_no_training_prompt_holds():
    from engine.core.trace import load
    from scenes.hybrid.new_words import new_words_by_kind

    tr = load(tiny_new_words())
    fresh = new_words_by_kind(tr)
    colours = {w for c in ("red", "green", "blue") for w in SYNONYMS[c]}
    assert fresh["colour"] and set(fresh["colour"]) <= colours
    assert set(fresh["shape"]) <= set(SYNONYMS["circle"] + SYNONYMS["square"])
    assert set(fresh["place"]) <= {"upper", "lower"}
    assert fresh["phrasing"] and not set(fresh["phrasing"]) & set(VOCAB)


def test_an_unreadable_example_prompt_is_one_line_and_writes_nothing(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "x.npz"
    done = subprocess.run([sys.executable, "-m", "engine", "record", "new_words",
                           "--set", "examples=crimson circle", "--out", str(out)],
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode != 0 and not out.exists()
    assert done.stderr.strip().count("\n") == 0 and "crimson circle" in done.stderr


def test_an_example_names_every_word_a_reader_could_not_read_or_got_wrong():
    from scenes.hybrid.new_words import example_line, lead_of, why_not

    tr = {
        "example_text": ["blue box lower right"],
        "example_small_words": ["blue right"],
        "synonym_words": ["box", "lower"],
        "synonym_meanings": ["square", "bottom"],
        "colour_names": ["red", "green", "blue"],
        "shape_names": ["circle", "square", "triangle"],
        "position_names": ["top left", "top right", "bottom left", "bottom right"],
        "example_small_read": [[2, 1, 3]],
        "example_small_right": [True],
        "example_frozen_read": [[2, 1, 1]],
        "example_frozen_right": [False],
    }
    line = example_line(tr, 0)
    assert lead_of(tr, 0) == "An example: "  # drawn wrong: never "one that worked"
    # a right picture without its shape or place word is said to be luck
    assert ("the small reader drew it as asked, by chance: it never saw "
            "\u201cbox\u201d or \u201clower\u201d") in line
    # with only a new colour word unknown, no luck is claimed
    tr2 = dict(tr, example_text=["navy square bottom right"],
               example_small_words=["square bottom right"], synonym_words=["navy"],
               synonym_meanings=["blue"])
    assert "drew it as asked anyway" in example_line(tr2, 0)
    # what the small reader is given, "?" for each word it skips
    from scenes.hybrid.new_words import sees

    assert sees("blue box lower right", "blue right") == "blue ? ? right"
    assert ("the pretrained reader got \u201clower\u201d wrong: drew what reads as "
            "blue square top right") in line
    # a known shape drawn wrong with the colour word skipped: said as the
    # rules read it, with no share the screen does not show
    tr3 = dict(tr, example_text=["crimson circle top left"],
               example_small_words=["circle top left"], synonym_words=["crimson"],
               synonym_meanings=["red"], example_asked=[[0, 0, 0]],
               example_small_read=[[1, 2, 0]], example_small_right=[False],
               example_frozen_read=[[0, 0, 0]], example_frozen_right=[True])
    said = example_line(tr3, 0)
    assert "drew what reads as green triangle top left" in said
    # why green: it had no colour word it knew, said only when the colour
    # read is not the one asked for
    assert "as it had no colour word it knew to go by" in said
    tr4 = dict(tr3, example_small_read=[[0, 2, 0]])
    assert "no colour word" not in example_line(tr4, 0)
    assert "%" not in said
    # the reason is said as likely, not as measured
    assert why_not("crimson", 10, "red")[0].startswith("A likely reason")
    assert "numbers close to \u201cred\u201d's" in why_not(
        "crimson", 10, "red")[0]
    # with the recorded similarity, how alike is chosen by it and said
    assert "somewhat like \u201cred\u201d's (similarity 0.43" in why_not(
        "crimson", 10, "red", 0.431)[0]
    assert "numbers unlike" in why_not("crimson", 10, "red", 0.1)[0]
    assert "numbers close to" in why_not("crimson", 10, "red", 0.8)[0]
