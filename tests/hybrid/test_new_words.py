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
    # digits the recorded ones, and the small reader's own for red; how many
    # numbers each gives is never used after, so never shown
    from scenes.hybrid.new_words import digits

    swap = _texts(out.scene.swap_shown)
    assert {"trainedagain", "arowofnumbersperword"} <= swap
    from scenes.hybrid.new_words import SWAP_LINE, trained_line, vector_of

    fresh_vec = vector_of(tr, "pretrained", out.scene.new_word())
    if fresh_vec is not None:
        assert digits(fresh_vec).replace(" ", "") in swap
    assert digits(tr["small_red_vector"]).replace(" ", "") in swap
    # a word as numbers at the first mention, the small reader's own
    opening = _texts(out.scene.opening_numbers)
    assert digits(tr["small_red_vector"], 4).replace(" ", "") in opening
    assert f"{tr['small_red_vector'][0]:.2f}".replace("-", "\u2212") in \
        digits(tr["small_red_vector"])
    # the swap said in one line; the counts per word only on screen
    assert " ".join(SWAP_LINE.split()) in srt
    assert not any("numbers" in t and t != "arowofnumbersperword" for t in swap)
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
    # the picked case is tagged as picked, no count before the count over
    # all prompts explains it; no tag without
    from scenes.hybrid.new_words import picked_tag

    tag = " ".join(m.text for m in out.scene.tag_shown)
    if "picked_text" in recorded.arrays:
        assert tag == "apickedcase" == "".join(picked_tag(tr)).replace(" ", "")
        assert not any(c.isdigit() for c in tag)
    else:
        assert tag == ""
    # every line of text of the examples and the close whole inside the frame
    from manim import config as cfg

    edge = cfg.frame_width / 2
    inside = [out.scene.tag_shown, out.scene.example_rows, out.scene.asked_shown]
    inside += [out.scene.overall_shown] if hasattr(out.scene, "overall_shown") else []
    for m in (t for g in inside for t in g.get_family() if hasattr(t, "text")):
        assert -edge <= m.get_left()[0] and m.get_right()[0] <= edge, m.text
    # the legend beside the pictures holds only what a tick means and what
    # the new word counts as: no unexplained rule
    assert not any("shape:" in t for t in _texts(out.scene.asked_shown))
    # luck is weighed only in the close, over all prompts
    assert "luck" not in srt.split("new-colour prompts ask")[0].lower().replace(
        "by chance", "")
    # the colour rule said plainly: only red, green and blue told apart, so
    # the new word is scored as the colour it stands for
    from scenes.hybrid.new_words import meaning_of

    assert "The rules tell only red, green and blue apart" in rule_line(tr, ids[0])
    assert "light" not in rule_line(tr, ids[0])
    # why a habit scores well is said with the habit, not before it is shown
    assert "habit" not in rule_line(tr, ids[0])
    if out.scene.new_word() in meaning_of(tr):
        assert (f"so \u201c{out.scene.new_word()}\u201d is scored as "
                f"{meaning_of(tr)[out.scene.new_word()]}") in rule_line(tr, ids[0])
    # the colour rule is said before any example's verdict
    assert srt.index(rule_line(tr, ids[0])) < srt.index(
        " ".join((lead_of(tr, ids[0]) + example_line(tr, ids[0])).split()))
    for n, row in enumerate(out.scene.example_rows):
        for i, pics in ((2, "example_small"), (4, "example_frozen")):
            swatch = row[i][0][0]
            # the first swatch names its average chip: "average ink colour"
            first = n == 0 and i == 2
            assert len(swatch) == (4 if first else 3)
            assert len(swatch[2]) == len(tr["colour_names"])
            if first:
                assert _texts(swatch[3]) == {"average", "inkcolour"}
            code = int(tr[f"{pics}_read"][ids[0]][0])
            # the ink's average beside big red, green and blue chips, named,
            # no figures; only the one the rules named (the nearest) ringed
            assert swatch[0].width >= 0.3
            far = distances(tr, pics, ids[0])
            for j, ref in enumerate(swatch[2]):
                assert ref[2].text == str(tr["colour_names"][j])
                assert ref[0].width >= 0.3
                assert (len(ref[1].points) > 0) == (j == code)
                assert not any(c.isdigit() for t in _texts(ref) for c in t)
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
    assert "more than chance" not in srt
    # the close: the new-colour group over all its prompts, said and shown
    # big, its verdict and its share against a random guess chosen by the
    # trace's paired split (the picked case never stands alone)
    if "paired_split" in recorded.arrays:
        from scenes.hybrid.new_words import (
            asked_for,
            close_answer,
            close_luck,
            colour_words,
            habit_covers_pick,
            rest_counts,
            split_words,
        )
        from scenes.hybrid.paired import groups, overall_parts

        g = next(g for g in groups(recorded, {"colour": len(tr["colour_names"])})
                 if g.kind == "colour")
        flat = " ".join(srt.split())
        parts = out.scene.close_parts
        said = " ".join(line for line, _ in parts)
        assert " ".join(said.split()) in flat
        assert srt.rstrip().endswith(said.split()[-1])
        # first what the new-colour prompts are: each colour with the new
        # words that asked for it, none of them a training word
        by = colour_words(tr)
        assert by and set(by) <= {str(c) for c in tr["colour_names"]}
        assert parts[0][0].startswith(f"The {g.prompts} new-colour prompts ask")
        for c, ws in by.items():
            assert f"{c} as {' or '.join(ws)}" in parts[0][0]
            assert f"{', '.join(ws)} \u2192 {c}" in parts[0][1][1]
        # the title's answer said and shown last, under how often luck gives
        # its gap, as the voice says it (no luck line where not ahead)
        _, answer_said, answer_shown = close_answer(g)
        luck = close_luck(g)
        assert parts[-1] == (answer_said, [luck, answer_shown] if luck
                             else [answer_shown])
        assert "So: " in parts[-1][0]
        if luck:
            assert luck.split("big ")[-1] in answer_said
        h = g.habit
        if h is not None and h.drawn > h.prompts / 2:
            # the habit its own beat, before the split left without it:
            # asked for its colour against drawn in it, from the trace
            assert len(parts) == 4
            habit_said_, habit_lines = parts[1]
            assert habit_lines == []  # shown as the colour strips
            assert (f"{asked_for(tr, h.colour)} of them asked for {h.colour}"
                    in habit_said_)
            assert f"drew {h.colour} for {h.drawn} of the {h.prompts}" in habit_said_
            assert ("a habit" in habit_said_) == (
                h.drawn > asked_for(tr, h.colour) and h.wins_in_habit > 0)
            # the picked case's win tied to the habit only where it asked for
            # the habit's colour and was drawn as asked; its picture re-shown
            pick = habit_covers_pick(tr, h)
            if "picked_asked" in tr.arrays:
                asked_c = int(tr["picked_asked"][0])
                assert bool(pick) == (
                    str(tr["colour_names"][asked_c]) == h.colour
                    and bool((tr["picked_frozen_read"] == tr["picked_asked"]).all()))
            assert (f"the {pick} win we saw may be only that" in habit_said_) == (
                bool(pick) and "a habit" in habit_said_)
            assert len(out.scene.close_pick) == (2 if pick else 0)
            if pick:
                assert out.scene.close_pick[0].text == f"{pick}\u2713"
                assert out.scene.close_pick.get_right()[0] <= cfg.frame_width / 2
            # the split left without the habit's colour, whole: its total,
            # who alone got how many right, both and neither, from the trace
            n, both, neither = rest_counts(tr, h)
            names = [str(c) for c in tr["colour_names"]]
            other = np.delete(tr["colour_paired_split"], names.index(h.colour), 0)
            assert (n, both, neither) == (int(other.sum()), int(other[:, 0].sum()),
                                          int(other[:, 3].sum()))
            split = split_words(*h.rest, both, neither)
            # first the baseline: how both drew prompts in words both know
            # (the check group), so "neither" reads as the new word's doing
            from scenes.hybrid.new_words import check_group, known_baseline
            from scenes.kit.numbers import pct

            check = check_group(recorded)
            assert check is not None and check.kind == "phrasing"
            base_said, base_shown = known_baseline(check)
            assert pct(check.pretrained) in base_said
            assert f"both drew {pct(check.small)}" in base_shown \
                or f"small {pct(check.small)}" in base_shown
            # the blue prompts left out said as taking the habit out, the
            # split whole, then the baseline it reads against
            assert parts[2][0] == (f"To take the habit out, leave out the "
                                   f"{h.prompts - n} {h.colour} prompts: of the "
                                   f"other {n}, {split}. {base_said}")
            assert parts[2][1] == [f"{h.colour} prompts left out; of the other "
                                   f"{n}:", split, base_shown]
            assert f"neither on {neither}" in split
            assert flat.index(habit_said_) < flat.index(parts[2][0])
            # the habit seen: what was asked against what it drew, as the
            # colour strips, each colour's count read from the trace
            strips = out.scene.close_strips
            assert len(strips) == 2
            m = tr["judged_kind"] == "colour"
            asked_ = strips[0][1][2].text
            for i, name in enumerate(tr["colour_names"]):
                assert f"{name}{int((tr['judged_asked'][m, 0] == i).sum())}" in asked_
            assert f"drew{h.colour}{h.drawn}" in strips[1][1][2].text
            # the habit named on screen under the strips, its counts from the
            # trace, only where it drew the colour more often than asked
            from scenes.hybrid.new_words import habit_text

            label = out.scene.habit_shown
            want_label = habit_text(tr, h)
            assert bool(want_label) == (h.drawn > asked_for(tr, h.colour))
            assert [m.text for m in label] == ([want_label.replace(" ", "")]
                                               if want_label else [])
            if want_label:
                assert (f"drew {h.colour} {h.drawn} times; only "
                        f"{asked_for(tr, h.colour)} asked for") in want_label
                assert label.get_top()[1] <= strips.get_bottom()[1]
        else:
            assert parts[1:-1] == overall_parts(g)[:-1]
            assert f"{g.both + g.only_pretrained} of {g.prompts}" in said
            assert ("under a random guess" in said) == g.under_guess
        assert [m.text for m in out.scene.overall_shown] == [
            t.replace(" ", "") for _, lines in parts for t in lines]
        assert min(m.height for m in out.scene.overall_shown) > 0.2  # big
    else:
        assert f"{want[0]}. {want[2].capitalize()}." in srt


@pytest.mark.slow
def test_the_paired_split_counts_each_kinds_prompts_and_tests_them_exactly():
    from scipy.stats import binomtest

    from engine.hybrid.paired import paired_split

    asked = np.array([[0, 0, 0]] * 8)
    right, wrong = [0, 0, 0], [1, 0, 0]
    # colour: both right once, only the pretrained 4 times, only small once,
    # neither twice; shape: all agree
    frozen = np.array([right, right, right, right, right, wrong, wrong, wrong])
    small = np.array([right, wrong, wrong, wrong, wrong, right, wrong, wrong])
    kinds = np.array(["colour"] * 8)
    split, p = paired_split(asked, kinds, frozen, small, ["colour", "shape"])
    assert split.tolist() == [[1, 4, 1, 2], [0, 0, 0, 0]]
    assert p[0] == pytest.approx(binomtest(4, 5).pvalue)
    assert p[1] == 1.0  # no prompt where they differ: nothing to test
    with pytest.raises(ValueError, match="one row per judged picture"):
        paired_split(asked[:3], kinds, frozen, small, ["colour"])


def test_the_habit_split_sets_aside_the_colour_drawn_most():
    from engine.hybrid.paired import habit_split

    right = {c: [c, 0, 0] for c in range(3)}
    # asked: red, red, green, blue, blue; the pretrained reader draws blue
    asked = np.array([right[0], right[0], right[1], right[2], right[2]])
    frozen = np.array([right[2], right[2], right[2], right[2], right[2]])
    small = np.array([right[0], right[1], right[1], right[1], right[1]])
    kinds = np.array(["colour"] * 5)
    habit, by_colour, p = habit_split(asked, kinds, frozen, small, 3)
    assert habit == 2
    assert by_colour.tolist() == [[0, 0, 1, 1], [0, 0, 1, 0], [0, 2, 0, 0]]
    assert p == pytest.approx(0.5)  # without blue: only small right 2, of 2


def test_the_recorded_paired_split_is_what_the_judged_readings_say():
    from engine.core.trace import load

    tr = load(tiny_new_words())
    asked = tr["judged_asked"]
    f_ok = (tr["judged_frozen_read"] == asked).all(1)
    s_ok = (tr["judged_small_read"] == asked).all(1)
    for k, kind in enumerate(tr["kind_names"]):
        m = tr["judged_kind"] == kind
        assert tr["paired_split"][k].tolist() == [
            int((m & f_ok & s_ok).sum()), int((m & f_ok & ~s_ok).sum()),
            int((m & ~f_ok & s_ok).sum()), int((m & ~f_ok & ~s_ok).sum())]
        # the bars and the split agree: the same pictures behind both
        both, only_f, only_s, _ = tr["paired_split"][k]
        assert (both + only_f) / m.sum() == pytest.approx(tr["frozen_by_kind"][k])
        assert (both + only_s) / m.sum() == pytest.approx(tr["small_by_kind"][k])
    # the habit: the colour the pretrained reader drew most, the colour
    # group's split by colour asked adding up to its split
    colour = list(tr["kind_names"]).index("colour")
    drawn = tr["judged_frozen_read"][tr["judged_kind"] == "colour", 0]
    assert int(tr["habit_colour"][0]) == int(np.bincount(drawn[drawn >= 0]).argmax())
    assert tr["colour_paired_split"].sum(0).tolist() == \
        tr["paired_split"][colour].tolist()


def _group(kind="colour", f=0.275, s=0.1125, n=80, split=(4, 18, 5, 53),
           p=0.0106, picks=3, habit=None):
    from scenes.hybrid.paired import Group

    return Group(kind, f, s, n, *split, p, picks, habit)


def test_a_verdict_is_chosen_by_the_paired_split_not_by_two_bars():
    from scenes.hybrid.paired import mark_word, odds, split_line

    # 18 vs 5 on the same prompts (exact sign test p = 0.0106): a real gain
    g = _group()
    assert g.outcome == "above" and mark_word(g) == "better"
    assert split_line(g) == (
        "New colour words: only the pretrained reader right 18 times, only the "
        "small one 5; equal readers split that unevenly about 1 time in 100: a "
        "real gain.")
    # the same bars with a split chance gives often: no clear difference
    even = _group(split=(13, 9, 5, 53), p=0.42)
    assert even.outcome == "same" and mark_word(even) == "no clear difference"
    assert "too few or too even" in split_line(even)
    # the reverse: a real loss, and never a gain at p at or over 1 in 20
    assert _group(split=(4, 5, 18, 53), p=0.0106).outcome == "below"
    assert _group(split=(4, 14, 5, 53), p=0.05).outcome == "same"
    assert "never differed" in split_line(_group(split=(60, 0, 0, 20), p=1.0))
    # odds rounded, no false precision
    assert odds(0.0106) == "about 1 time in 100"
    assert odds(0.03) == "about 1 time in 50"
    assert odds(0.0004) == "less than 1 time in 1,000"


def test_the_closing_verdict_is_chosen_by_the_figures():
    from scenes.hybrid.paired import check_line, score_shown, verdict_line

    same = _group("shape", 0.5, 0.45, 40, (18, 2, 0, 20), 0.5)
    place = _group("place", 0.483, 0.467, 60, (0, 29, 28, 3), 1.0, 2)
    check = _group("phrasing", 0.95, 0.95, 60, (55, 2, 2, 1), 1.0, 0)
    colour = _group()
    gs = [colour, same, place, check]
    # better, but under a random guess: said so, aloud and on screen
    assert verdict_line(gs) == (
        "So knowing English helped, but only with new colour words, and even "
        "there it drew fewer right than a random guess.")
    assert score_shown(gs) == ("in our tiny test: better only with new colour "
                               "words, still under a random guess")
    # over a guess yet mostly wrong
    over = _group(f=0.45, split=(4, 32, 5, 39), p=1e-5)
    assert "still drawn wrong" in verdict_line([over, same, place, check])
    assert score_shown([over, same, place, check]).endswith("still mostly wrong")
    # no group clearly better: said across every kind of new word, the
    # check (no new word) left out
    flat = _group(split=(13, 9, 5, 53), p=0.42)
    assert verdict_line([flat, same, place, check]) == (
        "So in this small test, knowing English gave no clear gain with new "
        "colour, shape or place words.")
    assert score_shown([flat, same, place, check]) == (
        "in our tiny test: no clear gain from knowing English")
    # a check clearly different is no kind of new word: never in the verdict
    odd_check = _group("phrasing", 0.95, 0.6, 60, (30, 25, 2, 3), 1e-5, 0)
    assert "check" not in verdict_line([flat, same, place, odd_check])
    # clearly better and mostly right: carried over
    good = _group(f=0.8, s=0.1, split=(8, 56, 0, 16), p=1e-9)
    assert "carried over to new colour words" in verdict_line([good, same])
    # clearly worse: said
    worse = _group("shape", 0.1, 0.6, 40, (4, 0, 20, 16), 2e-6)
    assert "With new shape words it did worse." in verdict_line([colour, worse])
    assert score_shown([colour, worse]).endswith("; worse with new shape words")
    # the check said by the name it has on screen; "works" only when both
    # readers drew most of it as asked with no clear difference
    assert check_line(check) == ("Check prompts: both readers 95%, so the "
                                 "test itself works.")
    assert "works" not in check_line(odd_check)
    # its mark under the bars names its purpose, chosen by the same figures
    from scenes.hybrid.paired import beside_line, mark_word

    assert mark_word(check) == "test works"
    assert mark_word(odd_check) == "better"
    # both bars under a random guess (colour 11% and 28% against 1 in 3,
    # place 47% and 48% against 1 in 2): said
    assert beside_line(gs) == ("Beside it, the pretrained reader: for colour and "
                               "place words, both under a guess.")
    assert beside_line([colour, same]) == (
        "Beside it, the pretrained reader: for colour words, both under a guess.")
    assert beside_line([good, same]) == "Beside it, the pretrained reader."


def test_the_new_words_close_is_chosen_by_the_paired_split():
    from scenes.hybrid.paired import overall_line, overall_shown

    # 18 vs 5, p about 1 in 100, 22 of 80 under 1 in 3: a real gain, under
    g = _group()
    said = overall_line(g)
    assert said.startswith("Over all 80 new-colour prompts: 18 prompts only the "
                           "pretrained reader got right, 5 only the small one.")
    assert "just 22 of 80 as asked, under a random guess, 1 in 3." in said
    # the verdict last, said and shown after its evidence
    assert said.endswith("So: a real gain.")
    assert overall_shown(g)[-1] == "a real gain"
    assert "22 of 80 right: under a random guess (1 in 3)" in overall_shown(g)[3]
    # too even to call: no gain said; over a guess: said so
    flat = _group(f=0.45, split=(30, 6, 5, 39), p=1.0)
    assert ": no clear difference." in overall_line(flat)
    assert "36 of 80 as asked, over a random guess" in overall_line(flat)
    assert "a real" not in " ".join(overall_shown(flat))
    # the reverse: a real loss
    loss = _group(split=(4, 2, 20, 54), p=1e-4)
    assert "a real loss" in overall_line(loss)
    # a lead that is a habit of drawing one colour: said so, with its figures,
    # the colour asked for by its new word
    from scenes.hybrid.paired import Habit

    blue = Habit("blue", 63, 80, 18, 13, (5, 5), 1.0, ("navy",))
    habit = _group(habit=blue)
    assert habit.outcome == "habit"
    said = overall_line(habit)
    assert "a real gain" not in said
    assert said.endswith("But 13 of those 18 asked for navy, a blue, which the "
                         "pretrained reader drew for 63 of 80; leaving blue out, "
                         "5 vs 5. A habit of drawing blue, not reading the words.")
    assert overall_shown(habit)[3:] == [
        "13 of those 18 asked for navy, a blue",
        "leaving blue out: 5 vs 5",
        "a habit of drawing blue, not reading"]
    # a lead left without blue that chance could give: "mostly", and why
    mostly = _group(habit=Habit("blue", 61, 80, 19, 10, (9, 5), 0.42, ("navy",)))
    said = overall_line(mostly)
    assert said.endswith("leaving blue out, 9 vs 5. Mostly a habit of drawing "
                         "blue: luck alone often gives a gap like 9 vs 5.")
    # a rarer gap is said with how often luck gives it
    rare = _group(habit=Habit("blue", 61, 80, 19, 10, (9, 2), 0.065, ("navy",)))
    assert overall_line(rare).endswith(
        "luck alone gives a gap like 9 vs 2 about 1 time in 20.")
    assert "not reading" not in said
    assert overall_shown(mostly)[3:] == [
        "10 of those 19 asked for navy, a blue",
        "leaving blue out: 9 vs 5 (could be chance)",
        "mostly a habit of drawing blue"]
    assert Habit("blue", 63, 80, 18, 13, (5, 5), 1.0).asked == "blue"
    assert Habit("blue", 63, 80, 18, 13, (5, 5), 1.0, ("navy", "azure")).asked == \
        "blue (navy or azure)"


def test_a_lead_is_a_habit_only_when_one_colour_explains_it():
    from scenes.hybrid.paired import (
        Habit,
        habit_note,
        habit_said,
        habit_verdict,
        mark_word,
        score_shown,
        verdict_line,
    )

    # most pictures one colour, no lead left without its prompts: a habit,
    # said once with its group; the verdict across kinds says no real gain
    blue = Habit("blue", 63, 80, 18, 13, (5, 5), 1.0)
    g = _group(habit=blue)
    assert g.outcome == "habit" and mark_word(g) == "blue habit"
    assert habit_said(g) == ("New colour words: the pretrained reader was ahead "
                             "only by its habit of drawing blue.")
    assert habit_verdict(blue) == "a habit of drawing blue, not reading the words"
    # the other way once blue is left out: a habit too, "not reading" holds
    behind = Habit("blue", 63, 80, 18, 15, (3, 6), 0.5)
    assert behind.lean == "even" and "not reading" in habit_verdict(behind)
    # still ahead without blue, but not clearly: "mostly", with its figures
    unsure = Habit("blue", 61, 80, 19, 10, (9, 5), 0.42)
    assert unsure.lean == "unsure" and _group(habit=unsure).outcome == "habit"
    assert habit_verdict(unsure) == ("mostly a habit of drawing blue: without "
                                     "blue, 9 vs 5 could be chance")
    assert habit_said(_group(habit=unsure)) == (
        "New colour words: the pretrained reader's lead is mostly a habit of "
        "drawing blue: without blue, 9 vs 5 could be chance.")
    # each count named: what was left out, and whose prompts the 9 and 5 are
    assert habit_note(_group(habit=unsure)) == [
        "pretrained drew blue 61 of 80",
        "blue prompts left out, only one reader right:",
        "pretrained 9, small 5"]
    # clearly ahead without blue: no habit said
    clear = Habit("blue", 63, 80, 18, 5, (13, 0), 2e-4)
    assert clear.lean == "clear"
    assert habit_verdict(clear) == "still ahead without it"
    shape = _group("shape", 0.5, 0.45, 40, (18, 2, 0, 20), 0.5)
    assert verdict_line([g, shape]) == (
        "So in this small test, knowing English gave no real gain with new "
        "colour or shape words.")
    assert score_shown([g, shape]) == ("in our tiny test: no real gain from "
                                       "knowing English")
    # still clearly ahead without those prompts: a real gain
    assert _group(habit=Habit("blue", 63, 80, 18, 5, (13, 0), 2e-4)).outcome == "above"
    # no colour drawn for most pictures: no habit claimed
    assert _group(habit=Habit("blue", 30, 80, 18, 13, (5, 5), 1.0)).outcome == "above"


def test_new_words_score_renders_and_says_the_measured_figures(tmp_path):
    from scenes.hybrid.new_words_score import (
        NewWordsScore,
        asked_line,
        blind_key,
        blind_line,
        choices,
        extra_example,
    )
    from scenes.hybrid.paired import (
        CHECK,
        check_line,
        groups,
        habit_said,
        mark_word,
        others_line,
        score_shown,
        split_line,
        verdict_line,
    )
    from scenes.kit.numbers import pct

    out, tr, srt = _quick_render(NewWordsScore, tmp_path)
    st = tr.stats
    kinds = [str(k) for k in tr["kind_names"]]
    gs = groups(tr, {k: choices(tr, k) for k in kinds})
    assert out.scene.groups() == gs
    # never a chance band for two independent bars: both readers drew the
    # same prompts from the same static, so the verdict is the paired split's
    assert "can still be chance" not in srt and "chance range" not in srt
    # it opens on what the first scene established
    assert srt.startswith(f"Our small {st['chapter_words']}-word prompt "
                          "reader was swapped for an English-knowing one")
    # one test as judged, on screen while the opening is said: its prompt,
    # picture and the fixed rules' check with its mark, named as said
    from scenes.hybrid.new_words import picked_view, readout_words
    from scenes.kit.text import quoted as quoted_

    assert "fixed rules read each picture" in srt
    shown = picked_view(tr)
    test = out.scene.test_shown
    assert test[0].text == quoted_(str(shown["example_text"][0])).replace(" ", "")
    assert "fixedrulesreadcolour,shape,place:" in test[4][0].text
    assert test[4][1].text == " ".join(readout_words(
        shown, shown["example_frozen_read"][0])).replace(" ", "")
    assert ("\u2713" in test[4][2].text) == bool(shown["example_frozen_right"][0])
    # each group that differs said on its own: its split where the verdict
    # rests on it, one sentence for a habit (its figures shown in NewWords);
    # the groups with no clear difference at once; the check by its name
    same = [g for g in gs if g.kind != "phrasing" and g.outcome == "same"]
    flat = " ".join(srt.split())
    for g in gs:
        if g.kind == "phrasing":
            assert " ".join(check_line(g).split()) in flat
            assert f"{CHECK}: known words with harmless extra words" in flat
        elif g.outcome == "habit":
            assert " ".join(habit_said(g).split()) in flat
            assert f"{g.habit.drawn} of {g.habit.prompts}" not in flat
            # the figures it rests on shown over its bars, inside the frame
            from scenes.hybrid.paired import habit_note

            note = [m for m in out.scene.habit_shown if hasattr(m, "text")]
            assert [m.text for m in note] == [t.replace(" ", "")
                                              for t in habit_note(g)]
            assert all(abs(m.get_x()) + m.width / 2 <= 7.11 for m in note)
        elif g not in same:
            assert " ".join(split_line(g).split()) in flat
    if same:
        assert " ".join(others_line(same)[:-1].split()) in flat
    # the paired split is shown only beside a group that differs, never
    # under every group
    assert "onlythesmallreaderright" not in "".join(_texts(out.scene.chart))
    differs = [g for g in gs if g.outcome in ("above", "below") and g.apart]
    if differs:
        assert {str(differs[-1].only_pretrained), "vs",
                str(differs[-1].only_small)} <= _texts(out.scene.callouts)
    texts = []
    top = None
    for g, group in zip(gs, out.scene.kind_groups, strict=True):
        on_screen = _texts(group)
        assert pct(g.small) in on_screen and pct(g.pretrained) in on_screen
        small_bar, frozen_bar, mark, guess = group[1]
        # the dashed guess line never runs through a bar's figure
        for b in (small_bar, frozen_bar) if len(guess) else ():
            assert not (b[1].get_bottom()[1] - 0.02 < guess[0].get_y()
                        < b[1].get_top()[1] + 0.02), b[1].text
        # one verdict word under the bars, chosen by the paired split
        assert mark.text == mark_word(g).replace(" ", "")
        assert mark.get_top()[1] < min(small_bar[0].get_bottom()[1],
                                       frozen_bar[0].get_bottom()[1])
        # every figure on its bar: inside its top, or over it
        for b in (small_bar, frozen_bar):
            assert b[1].get_bottom()[1] >= b[0].get_bottom()[1]
            assert abs(b[1].get_x() - b[0].get_x()) < b[0].width / 2
            assert (b[1].get_bottom()[1] >= b[0].get_top()[1]
                    or b[1].get_top()[1] <= b[0].get_top()[1])
        if g.small > 0.05 and g.pretrained > 0.05:  # both bars to one scale
            assert frozen_bar[0].height / small_bar[0].height == pytest.approx(
                g.pretrained / g.small, rel=1e-3)
            top = small_bar[0].height / g.small  # scene units per 100%
        # a random guess of the new word: dashed at 1 in its number of choices
        assert bool(len(guess)) == bool(g.picks)
        if g.picks and top:
            assert guess.get_center()[1] - small_bar[0].get_bottom()[1] == \
                pytest.approx(top / g.picks, abs=1e-3)
            assert f"1in{g.picks}" in "".join(_texts(out.scene.chart_key))
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
    # the heading and key clear of the title and of each other
    heading, key = out.scene.chart_heading, out.scene.chart_key
    assert heading.get_bottom()[1] > key.get_top()[1]
    # 0% labelled on the axis; the key names both readers and the random guess
    assert "0%" in _texts(out.scene.chart)
    # every axis label whole, inside the frame ("100%" not clipped)
    from manim import config as cfg

    for m in out.scene.chart.family_members_with_points():
        assert m.get_left()[0] >= -cfg.frame_width / 2, m
    assert _texts(out.scene.chart_key) == {
        "\u25a0smallreader(skipsnewwords)", "\u25a0pretrainedreader",
        blind_key(tr, kinds).replace(" ", "")}
    assert blind_line(tr, kinds) in srt
    # a side habit with place words, said and written over the place bars
    from scenes.hybrid.paired import side_habit, side_line

    place = gs[kinds.index("place")]
    if side_line(tr) and place.outcome == "same":
        assert " ".join(side_line(tr).split()) in flat
        side, n, m = side_habit(tr, "frozen")
        assert f"pretrained:{side}{n}of{m}" in _texts(out.scene.side_shown)
    assert "coin flip" not in flat
    # what "drawn as asked" means, said
    assert " ".join(asked_line(tr).split()) in flat
    assert "luck" not in srt
    # the check group's name, as said, and its example prompt on screen,
    # under its group, and each group's size
    from scenes.kit.text import quoted

    names = out.scene.kind_groups[kinds.index("phrasing")][0]
    assert names[0].text == CHECK.replace(" ", "")
    assert "".join(m.text for m in names[2:]) == quoted(
        extra_example(tr)).replace(" ", "")
    for g, group in zip(gs, out.scene.kind_groups, strict=True):
        assert group[0][1].text == f"{g.prompts}prompts"
    # the verdict across kinds, said and on screen, chosen by the paired
    # splits, and said last: the scene ends on it
    said = " ".join(verdict_line(gs).split())
    assert flat.endswith(said)
    lines_ = [m for m in out.scene.verdict_shown if hasattr(m, "text")]
    assert "".join(m.text for m in lines_) == score_shown(gs).replace(" ", "")
    # the verdict sits under the chart, clear of every bar and mark
    bars_bottom = min(g[1].get_bottom()[1] for g in out.scene.kind_groups)
    assert out.scene.verdict_shown.get_top()[1] <= bars_bottom + 1e-6
    from manim import config

    assert all(m.width <= 0.9 * config.frame_width + 1e-6 for m in lines_)


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
    from scenes.hybrid.new_words import example_line, lead_of

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
    # why green: it saw no colour word it knew, said only when the colour
    # read is not the one asked for
    assert "the small reader saw no colour word it knew and drew" in said
    tr4 = dict(tr3, example_small_read=[[0, 2, 0]])
    assert "no colour word" not in example_line(tr4, 0)
    assert "%" not in said


class _Arrays(dict):
    """A stand-in trace: its arrays by name."""

    @property
    def arrays(self):
        return self


def test_a_reader_that_keeps_to_one_side_is_said_to():
    from scenes.hybrid.paired import side_habit, side_line

    names = np.array(["top left", "top right", "bottom left", "bottom right"])
    kinds = np.array(["place"] * 10 + ["colour"] * 2)
    top = np.array([[0, 0, c % 2] for c in range(12)])  # always top
    bottom = np.array([[0, 0, 2 + c % 2] for c in range(12)])
    tr = _Arrays(position_names=names, judged_kind=kinds,
                 judged_frozen_read=top, judged_small_read=bottom)
    assert side_habit(tr, "frozen") == ("top", 10, 10)
    assert side_habit(tr, "small") == ("bottom", 10, 10)
    assert side_line(tr) == ("each drew one side every time: the pretrained reader "
                             "top 10 of 10, the small one bottom 10 of 10, so each "
                             "was right only when asked for its side")
    # a reader that puts pictures on both sides: no habit, nothing said
    mixed = bottom.copy()
    mixed[:5, 2] = 0
    tr["judged_small_read"] = mixed
    assert side_habit(tr, "small") is None and side_line(tr) == ""


def test_a_new_words_trace_without_its_paired_split_is_refused_by_name(tmp_path):
    from engine.core.trace import TraceError, load

    arrays = dict(np.load(tiny_new_words()))
    del arrays["paired_split"]
    old = tmp_path / "old.npz"
    np.savez(old, **arrays)
    with pytest.raises(TraceError, match="missing array 'paired_split'"):
        load(old)


def test_the_closing_answer_is_chosen_by_the_split_and_its_sign_test():
    from scenes.hybrid.new_words import close_answer, closing_answer, luck_words

    # clearly ahead without blue: yes, even without it
    kind, said, shown = closing_answer(19, 3, 0.002, "blue")
    assert kind == "yes"
    assert shown == "yes: the pretrained reader helps even without blue"
    assert said == ("Luck alone gives a gap like 19 vs 3 about 1 time in 500. So: "
                    "yes, the pretrained reader helps with new colour words even "
                    "without blue.")
    # ahead by a gap luck often gives: no clear sign
    kind, said, shown = closing_answer(9, 5, 0.424, "blue")
    assert kind == "unclear" and shown == "no clear sign the pretrained reader helps"
    assert said == ("Luck alone gives a gap like 9 vs 5 about 4 times in 10. So: "
                    "no clear sign the pretrained reader helps with new colour words.")
    # not ahead: no
    kind, said, shown = closing_answer(4, 6, 0.75, "blue")
    assert kind == "no" and shown.startswith("no:")
    assert said.startswith("Leaving blue out, it is not ahead, 4 vs 6. So: no")
    assert closing_answer(5, 5, 1.0)[0] == "no"
    # how often luck gives the gap, in words chosen by p
    assert luck_words(0.424) == "about 4 times in 10"
    assert luck_words(0.05) == "about 1 time in 20"
    assert luck_words(0.99) == "nearly always"
    # the group's answer: on the split left without the habit's colour where
    # the pretrained reader drew it for most prompts, else on the whole split
    from scenes.hybrid.paired import Habit

    blue = Habit("blue", 61, 80, 19, 10, (9, 5), 0.424, ("navy",))
    kind, said, _ = close_answer(_group(split=(4, 19, 5, 52), p=0.007, habit=blue))
    assert kind == "unclear" and "9 vs 5" in said
    # a colour drawn for under half the prompts is no habit: the whole split
    rare = Habit("blue", 30, 80, 19, 10, (9, 5), 0.424, ("navy",))
    kind, said, _ = close_answer(_group(split=(4, 19, 5, 52), p=0.007, habit=rare))
    assert kind == "yes" and "19 vs 5" in said and "without" not in said
    assert close_answer(_group(split=(4, 2, 20, 54), p=1e-4))[0] == "no"


def test_the_baseline_in_words_both_know_is_said_by_the_check_groups_shares():
    import dataclasses

    from scenes.hybrid.new_words import known_baseline

    same = _group("phrasing", f=0.95, s=0.95, n=60, split=(55, 2, 2, 1), p=1.0)
    assert known_baseline(same) == ("With words both know, both drew 95% as "
                                    "asked.", "words both know: both drew 95% as "
                                    "asked")
    apart = dataclasses.replace(same, small=0.8)
    assert known_baseline(apart)[1] == ("words both know: pretrained drew 95% as "
                                        "asked, small 80%")
    assert known_baseline(None) == ("", "")


def test_the_split_is_said_whole_and_both_only_when_some():
    from scenes.hybrid.new_words import split_words

    # none right for both: "only" would be read as "just", so neither is said
    assert split_words(9, 5, 0, 46) == (
        "pretrained right on 9, small on 5, neither on 46")
    # some right for both: each reader's own wins say "only"
    assert split_words(9, 5, 3, 43) == (
        "only pretrained right on 9, only small on 5, both on 3, neither on 43")


def test_train_picture_is_make_datasets_first_picture_of_the_first_combination():
    from engine.hybrid.data import make_dataset
    from engine.hybrid.frozen_record import NewWordsConfig, train_picture

    for seed in (0, 3):
        cfg = NewWordsConfig(**TINY_FROZEN, seed=seed)
        images, combos = make_dataset(cfg.train_pictures, cfg.seed)
        first = images[int(np.flatnonzero(combos == 0)[0])]
        got = train_picture(cfg)
        assert got.dtype == first.dtype and np.array_equal(got, first)
