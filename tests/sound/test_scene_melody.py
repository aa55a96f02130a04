"""MelodyWriter renders from a melody trace: the tune written on the roll,
its parts heard after the voice (each sound the trace's own), every figure
and outcome line read from the trace."""

from __future__ import annotations

import numpy as np
import pytest

from engine.core.trace import load
from engine.sound.melody.record import MelodyRecordConfig, record
from scenes.kit.pacing import cues
from scenes.sound.melody_writer import (
    MelodyWriter,
    arcs_said,
    bar_name,
    clip,
    closing_said,
    echo_said,
    first_not_likeliest,
    free_steps,
    goal_said,
    likeliest_mean,
    listen_said,
    move_name,
    move_said,
    pick_example,
    reader_said,
    readers_said,
    sampling_said,
    share_shown,
    sure_said,
    tune_move,
)
from tests.support.rendering import render_for_test

# A tiny model (a few seconds), given a grammatical first bar so the parts
# are there to draw, hear and measure.
TINY = dict(n_tunes=300, n_heldout=50, train_iters=60, batch_size=16, d_model=32,
            start="E4 G4 - C5 B4 -")


class QuickMelody(MelodyWriter):
    step_seconds = 0.2
    echo_seconds = 0.3
    hold_seconds = 0.1


@pytest.fixture(scope="module")
def melody_trace(tmp_path_factory):
    out = tmp_path_factory.mktemp("melody") / "melody.npz"
    record(MelodyRecordConfig(**TINY), out, progress=False, use_cache=False)
    return out


@pytest.fixture(scope="module")
def rendered(melody_trace, tmp_path_factory):
    return render_for_test(QuickMelody, melody_trace, tmp_path_factory.mktemp("r"))


def test_renders_every_file_and_each_sound_is_the_traces_tune(rendered,
                                                              melody_trace):
    tr = load(melody_trace)
    assert {".mp4", ".gif", ".png", ".srt", ".vtt"} <= set(rendered.files)
    played = rendered.scene.played_sounds
    names = [s.name for _, s in played]
    assert names[0] == "melody-first-bar" and names[-1] == "melody-whole-tune"
    wavs = sorted((rendered.out / "sounds").glob("MelodyWriter-*.wav"))
    assert len(wavs) == len(played)
    rate, beat = int(tr.extents["rate"]), float(tr.extents["beat"])
    first = played[0][1].samples  # the first bar: its six beats of the tune
    np.testing.assert_allclose(first, clip(tr["audio"], rate, 0, 6 * beat))
    whole = played[-1][1].samples
    assert len(whole) == pytest.approx(len(tr["audio"]), abs=rate * 0.02)


def test_no_line_is_spoken_while_a_sound_plays(rendered):
    scene = rendered.scene
    for start, sound in scene.played_sounds:
        end = start + sound.seconds
        assert not [t for t, _ in scene._narration if start - 1e-6 < t < end - 1e-6]


def test_the_roll_holds_the_written_tune_and_arcs_land_where_the_head_looks(
    rendered, melody_trace
):
    tr = load(melody_trace)
    scene = rendered.scene
    tokens = [str(tr["vocab"][i]) for i in tr["tokens"]]
    written = [j for j, t in enumerate(tokens) if t not in ("<s>", "</s>")]
    assert sorted(scene.segments) == written  # every beat drawn
    for j in written:  # at its pitch: the note itself or the one it holds
        k = j
        while tokens[k] == "-" and k > 1:
            k -= 1
        if tokens[k] != "-":
            assert scene.segments[j].get_y() == pytest.approx(
                scene.y_of(int(tr["tokens"][k])))
    layer, head = tr["chosen_head"]
    j = 8  # an echo step: its accent arc starts over the column looked at most
    best = int(np.argmax(tr["attn"][layer, head, j, :j]))
    arcs = scene.arcs(j)
    if best >= 1:  # from the looked-at note to the note written: each on its note
        np.testing.assert_allclose(arcs[0].get_start(), scene.note_top(best), atol=1e-6)
        np.testing.assert_allclose(arcs[0].get_end(), scene.note_top(j), atol=1e-6)


def test_the_readers_shown_and_the_sure_chart_says_which_steps_it_counts(
    rendered, melody_trace
):
    tr = load(melody_trace)
    scene = rendered.scene
    layers, heads = tr["attn"].shape[:2]
    row, (lit, name) = scene.reader_boxes()
    assert len(row[1]) == layers * heads  # one box per reader
    assert lit.get_center() == pytest.approx(row[1][scene.reader_number() - 1]
                                             .get_center())  # fmt: skip
    assert name.original_text == f"reader {scene.reader_number()}"
    first, last = (int(v) for v in np.nonzero(tr["part"] == 2)[0][[0, -1]])
    bars, labels = scene.sure_chart(first, last + 1)
    said = [" ".join(t.original_text for t in label) for label in labels]
    free = [j for j in range(1, first) if tr["part"][j] == 1 and tr["rule"][j] == 0]
    set_ = [j for j in range(first, last + 1) if tr["rule"][j] > 0]
    counted = {"free choices:": len(free), "set by the first bar:": len(set_)}
    for group, words in zip(bars, said, strict=True):
        head = next(h for h in counted if words.startswith(h))
        assert len(group) == counted[head]  # a bar for each step it names
    seen = rendered.scene.texts_seen
    assert any(t.startswith("goal set before training") for t in seen)


def test_one_held_out_tune_shows_the_pattern_while_it_is_named(rendered,
                                                               melody_trace):
    tr = load(melody_trace)
    scene = rendered.scene
    bar = int(tr.extents["bar"])
    pick = pick_example(tr["heldout_tokens"], tr["heldout_length"], bar,
                        len(scene.cols))  # fmt: skip
    assert pick is not None
    ids = tr["heldout_tokens"][pick][: int(tr["heldout_length"][pick])]
    # a faint beat per token of the tune, by part, each at its note's pitch
    idea, again, home = scene.example
    notes = [*idea[:bar], *again[:bar], *home]
    assert len(notes) == len(ids) - 2
    degree = 0
    for j, seg in enumerate(notes, start=1):
        if str(tr["vocab"][ids[j]]) != "-":
            degree = int(ids[j])
        assert seg.get_y() == pytest.approx(scene.y_of(degree))
        assert seg.get_fill_opacity() < 0.5
    # what a bar is, and how far this tune moves its idea, read from its notes
    seen = scene.texts_seen
    assert f"a bar: {bar} beats, one column each" in seen
    moved = tune_move(ids, bar)
    assert moved == int(ids[1 + bar]) - int(ids[1])
    assert (f"moved {move_name(moved)} scale notes" if moved
            else "the same notes") in seen
    # gone before the model writes its own tune
    on_screen = {id(m) for top in scene.mobjects for m in top.get_family()}
    assert not [m for group in scene.example for m in group if id(m) in on_screen]


def test_the_move_step_names_the_move_each_note_would_make(rendered, melody_trace):
    tr = load(melody_trace)
    s = tr.stats
    scene = rendered.scene
    first = int(np.nonzero(tr["part"] == 2)[0][0])
    written = int(tr["tokens"][first])
    name = scene.chance_name(first, written)
    if s["written_follows_grammar"]:  # the trace's own reading of the move
        assert name.endswith(f"({move_name(int(s['written_shift']))})")
    idea = int(tr["tokens"][1])
    for token in range(len(tr["vocab"])):
        word = str(tr["vocab"][token])
        if word in ("-", "<s>", "</s>"):  # no move: named as they are
            assert "(" not in scene.chance_name(first, token)
        else:
            assert scene.chance_name(first, token) == (
                f"{word} ({move_name(token - idea)})")
    next_written = str(tr["vocab"][tr["tokens"][first + 1]])
    assert scene.chance_name(first + 1, int(tr["tokens"][first + 1])) == (
        bar_name(next_written))  # other steps: the token alone


def test_every_figure_said_is_the_traces(rendered, melody_trace):
    tr = load(melody_trace)
    s = tr.stats
    srt = rendered.files[".srt"].read_text(encoding="utf-8").replace("\n", " ")
    said = share_shown(s["accuracy_right"], s["accuracy_count"])
    assert f"{said} of the time" in srt
    assert f"On {s['heldout_tunes']:,} tunes kept out of training" in srt
    assert share_shown(s["head_hits"], s["head_cases"]) in srt
    acc = s["accuracy_right"] / s["accuracy_count"]
    head = s["head_hits"] / max(1, s["head_cases"])
    assert closing_said(acc, head) in srt
    assert echo_said(s["written_follows_grammar"], s["written_shift"]) in srt
    assert move_said(s["written_follows_grammar"], s["written_shift"]) in srt
    # the readers named, the chosen one counted from 1 over every layer's heads
    layer, head = (int(v) for v in tr["chosen_head"])
    layers, heads = tr["attn"].shape[:2]
    voice = " ".join(line for _, _, line in cues(rendered.files[".srt"].read_text(
        encoding="utf-8")))  # fmt: skip
    assert readers_said(layers * heads) in voice  # said as two captions
    assert reader_said(layer * heads + head + 1) in voice  # two captions
    # each result says which held-out tunes it was measured on
    chose = int((tr["heldout_half"] == 0).sum())
    assert (f"We chose reader {layer * heads + head + 1} on {chose:,} of them; "
            f"on the other {s['heldout_tunes'] - chose:,}") in voice
    assert listen_said(s["written_follows_grammar"], s["written_shift"]) in srt
    # the silent GIF says what is heard, and that it is synthesised
    assert "synthesised here, not recorded" in rendered.scene.texts_seen
    assert any(t.startswith("heard in the video") for t in rendered.scene.texts_seen)


def test_sampling_is_said_only_when_a_pick_was_not_the_likeliest(rendered,
                                                                melody_trace):
    tr = load(melody_trace)
    srt = rendered.files[".srt"].read_text(encoding="utf-8").replace("\n", " ")
    scene = rendered.scene
    said = sampling_said() in srt
    assert said == (scene.explain_at is not None)
    if said:  # at a pick that was not the likeliest
        j = scene.explain_at
        assert tr["next_probs"][j, tr["tokens"][j]] < tr["next_probs"][j].max()


def test_outcome_lines_follow_the_figures():
    assert echo_said(True, 0) == "The rest repeat the idea, note for note."
    assert echo_said(True, 3) == "The rest copy the idea."
    assert "broke the pattern" in echo_said(False, None)
    assert move_said(True, 2) == (
        "Its first note picks the move, at random: up 2 scale notes.")
    assert move_said(True, -1).endswith("at random: down 1 scale note.")
    assert move_said(True, 0).endswith("at random: none.")
    assert move_said(False, None) == "Its first note is picked at random."
    assert readers_said(8).startswith("Attention, the part that looks back at "
                                      "earlier notes, has 8 readers;")
    assert "pick" not in readers_said(8) + reader_said(6)  # "pick": the note choice
    assert reader_said(6).startswith("We show reader 6: on other tunes")
    assert reader_said(6).endswith("Each arc joins a new note to the earlier "
                                   "note it looks at most.")  # what an arc is
    assert arcs_said(5, 5) == "All 5 arcs land on the note being echoed."
    assert arcs_said(3, 5).startswith("3 of 5")
    assert "No note" in arcs_said(0, 0) or "no note" in arcs_said(0, 0)
    assert sure_said([0.97, 0.99], 0.29) == (
        "Notes the first bar sets: at least 97% sure, against 29% for free "
        "choices.")
    assert "only 50% sure at worst" in sure_said([0.5, 0.99], 0.29)
    assert "free choices" not in sure_said([0.97], None)
    assert "No note" in sure_said([], 0.29)
    assert listen_said(True, 2) == (
        "Listen for the same shape, 2 scale notes higher.")
    assert listen_said(True, -1) == "Listen for the same shape, 1 scale note lower."
    assert listen_said(True, 0) == "Listen for the same notes again."
    assert listen_said(False, None) == "Listen: the second bar."
    assert closing_said(0.99, 0.9).startswith("Both goals met")
    assert closing_said(0.99, 0.5).startswith("Right notes, but")
    assert closing_said(0.5, 0.9).startswith("A goal is missed")
    assert goal_said(0.95, 0.95) == "goal met" and goal_said(0.7, 0.8) == "goal missed"
    assert share_shown(11210, 11212) == "99.98%"  # never 100% with a miss
    assert share_shown(5, 5) == "100%"
    assert [move_name(m) for m in (0, 2, -1)] == ["same", "up 2", "down 1"]
    # <s>, a bar of 2 beats, its echo, home: the echo's first note sets the move
    tunes = np.array([[16, 4, 15, 7, 15, 0, 17, 0],   # up 3, ends on C
                      [16, 4, 15, 4, 15, 0, 17, 0],   # the same notes
                      [16, 4, 15, 5, 15, 0, 17, 0],   # up 1
                      [16, 4, 15, 9, 15, 0, 0, 17]])  # up 5, 6 beats long
    lengths = np.array([7, 7, 7, 8])
    assert tune_move(tunes[0], 2) == 3 and tune_move(tunes[2], 2) == 1
    assert pick_example(tunes, lengths, 2, 6) == 0  # moves at least 2
    assert pick_example(tunes[1:3], lengths[1:3], 2, 6) == 1  # then any move
    assert pick_example(tunes[1:2], lengths[1:2], 2, 6) == 0  # then any tune
    assert pick_example(tunes[3:], lengths[3:], 2, 5) is None  # none fits
    probs = np.zeros((4, 3))
    probs[1:, 0] = [0.3, 0.5, 1.0]
    rule = np.array([0, 0, 0, 1])
    assert free_steps(rule, 1, 4) == [1, 2]
    assert likeliest_mean(probs, [1, 2]) == pytest.approx(0.4)
    assert likeliest_mean(probs, []) is None
    probs[2, 1] = 0.4  # step 2 wrote token 1 though token 0 was likelier
    tokens = np.array([0, 0, 1, 0])
    assert first_not_likeliest(probs, tokens, [1, 2, 3]) == 2
    assert first_not_likeliest(probs, tokens, [1, 3]) is None
