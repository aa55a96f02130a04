"""The tune grammar, its marks, and the melody transformer's trace
(engine/sound/melody/)."""

from __future__ import annotations

import subprocess
import sys
from itertools import product

import numpy as np
import pytest

from engine.core import trace
from engine.core.config_args import ConfigError, apply_overrides
from engine.sound.melody import corpus
from engine.sound.melody.corpus import (
    BAR,
    ECHO,
    FREE,
    RHYTHMS,
    STEPS,
    assemble,
    follows_grammar,
    make_tunes,
    split,
)
from engine.sound.melody.evaluate import Reading, accuracy, choose_head
from engine.sound.melody.record import MelodyRecordConfig, record
from engine.sound.notes import EOS, HOLD, NOTE_NAMES, TOKEN_ID, VOCAB, notes_of


def _every_tune_from(first: int) -> list[corpus.Tune]:
    """Every tune of the grammar whose motif starts on scale degree ``first``."""
    tunes = []
    for beats in RHYTHMS:
        for steps in product(STEPS, repeat=len(beats) - 1):
            degrees = list(np.cumsum([first, *steps]))
            if min(degrees) < 0 or max(degrees) > 14:
                continue
            motif = list(zip((int(d) for d in degrees), beats, strict=True))
            for shift in [0, *corpus.answer_shifts(degrees)]:
                tunes.append(assemble(motif, shift))
    return tunes


def test_decided_means_one_possible_next_token_over_every_tune():
    """Exhaustive over the motifs starting on one note (prefixes of tunes from
    different first notes never meet): a position is marked decided exactly
    when every tune with the same tokens before it has the same token there."""
    tunes = _every_tune_from(9)
    assert len(tunes) > 1000
    nexts: dict[tuple[str, ...], set[str]] = {}
    for tune in tunes:
        for j in range(1, len(tune.tokens)):
            nexts.setdefault(tune.tokens[:j], set()).add(tune.tokens[j])
    for tune in tunes:  # from 2: the first note is the one held fixed here
        for j in range(2, len(tune.tokens)):
            one = len(nexts[tune.tokens[:j]]) == 1
            assert one == (tune.rule[j] != FREE), (tune.tokens, j)


def test_marks_point_at_what_decides_the_token():
    tune = assemble([(4, 2), (6, 1), (5, 3)], shift=-2)  # G4 - B4 A4 - -, down 2
    assert " ".join(tune.tokens) == (
        "<s> G4 - B4 A4 - - E4 - G4 F4 - - E4 D4 C4 - - </s>")
    for j in np.nonzero(tune.rule == ECHO)[0]:  # the echo copies the motif, moved
        src = tune.tokens[tune.source[j]]
        assert tune.source[j] == j - BAR
        if src == HOLD:
            assert tune.tokens[j] == HOLD
        else:
            assert TOKEN_ID[tune.tokens[j]] == TOKEN_ID[src] - 2
    cadence = np.nonzero(tune.rule == corpus.CADENCE)[0]
    assert [tune.tokens[j] for j in cadence] == ["E4", "D4", "C4"]
    assert tune.source[cadence[0]] == 10  # the echo's last note, F4
    assert list(tune.rule[-3:]) == [corpus.END] * 3
    assert tune.part[1] == 1 and tune.part[7] == 2 and tune.part[-1] == 4
    # The home note is the nearest C; a C already home steps away and back.
    assert corpus.cadence_notes(10) == [9, 8, 7]
    assert corpus.cadence_notes(11) == [12, 13, 14]
    assert corpus.cadence_notes(7) == [8, 7] and corpus.cadence_notes(14) == [13, 14]


def test_drawn_tunes_follow_the_grammar_and_held_out_is_apart():
    train, heldout = split(400, 100, seed=5)
    assert all(follows_grammar(t.tokens) for t in train + heldout)
    assert not {t.tokens for t in heldout} & {t.tokens for t in train}
    again, _ = split(400, 0, seed=5)
    assert [t.tokens for t in again] == [t.tokens for t in train]
    assert {t.shift == 0 for t in train} == {True, False}  # repeats and answers
    assert max(len(t.tokens) for t in train) <= corpus.MAX_TOKENS
    for tune in train[:50]:  # every motif fills one bar
        assert sum(b for _, b in notes_of(tune.tokens[1: 1 + BAR])) == BAR


def test_broken_tunes_and_motifs_are_refused():
    good = list(make_tunes(1, np.random.default_rng(0))[0].tokens)
    assert follows_grammar(good)
    wrong_echo = good.copy()
    wrong_echo[9] = "C6" if good[9] != "C6" else "C4"
    assert not follows_grammar(wrong_echo)
    assert not follows_grammar(good[:-2] + [EOS])
    assert not follows_grammar(["<s>", "-", *good[2:]])
    with pytest.raises(ValueError, match="fill a bar"):
        assemble([(4, 1), (5, 1), (6, 1)], 0)
    with pytest.raises(ValueError, match="not an answer"):
        assemble([(12, 2), (13, 2), (14, 2)], 3)


def test_head_is_chosen_on_one_half_and_scored_on_the_other():
    """A made-up reading where head (1, 0) always looks at the deciding token
    on the second half only: chosen on the first half, it is not that head."""
    tunes = make_tunes(8, np.random.default_rng(1))
    ids, _ = corpus.padded(tunes)
    n, t = ids.shape
    rule = np.zeros_like(ids)
    source = np.full_like(ids, -1)
    for i, tune in enumerate(tunes):
        rule[i, : len(tune.rule)], source[i, : len(tune.rule)] = tune.rule, tune.source
    attn = np.full((n, 2, 2, t - 1, t - 1), 1e-3)
    attn[:, 0, 1, :, 0] = 1.0  # head (0, 1) looks at <s>: hits nothing
    for i in range(n):
        for q in range(t - 1):
            if source[i, q + 1] >= 0:
                attn[i, 1, 0, q, source[i, q + 1]] = 1.0 if i >= n // 2 else 0.0
                attn[i, 1, 1, q, source[i, q + 1]] = 1.0 if i < n // 2 else 0.0
    reading = Reading(ids[:, 1:].copy(), attn, ids, rule, source)
    head = choose_head(reading)
    assert (head["layer"], head["head"]) == (1, 1)
    assert head["choose_hits"] == head["choose_cases"] > 0
    assert head["hits"] == 0 and head["cases"] > 0  # scored where it was not chosen
    assert accuracy(reading)["all"][0] == accuracy(reading)["all"][1]


TINY = dict(n_tunes=300, n_heldout=50, train_iters=40, batch_size=16, d_model=32)


@pytest.fixture(scope="module")
def tiny_trace(tmp_path_factory):
    out = tmp_path_factory.mktemp("melody") / "melody.npz"
    record(MelodyRecordConfig(**TINY), out, progress=False, use_cache=False)
    return trace.load(out, "melody")


def test_the_trace_holds_the_written_tune_and_what_was_measured(tiny_trace):
    t = tiny_trace
    tokens, probs, attn = t["tokens"], t["next_probs"], t["attn"]
    T = len(tokens)
    assert tokens[0] == TOKEN_ID["<s>"] and T <= corpus.MAX_TOKENS
    assert list(t["vocab"]) == list(VOCAB)
    np.testing.assert_allclose(probs[1:].sum(1), 1.0, atol=1e-4)
    np.testing.assert_allclose(attn[:, :, 1:].sum(-1), 1.0, atol=1e-4)
    rows, cols = np.triu_indices(T)  # row j reads only positions before j
    assert np.all(attn[:, :, rows, cols] == 0)
    words = [VOCAB[i] for i in tokens]
    for j, w in enumerate(words):
        assert (t["note_start"][j] >= 0) == (w in NOTE_NAMES)
    beats = sum(b for _, b in notes_of(words))
    assert len(t["audio"]) == pytest.approx((beats * 0.25 + 0.1) * 16000, abs=2)
    assert np.max(np.abs(t["audio"])) <= 0.8 + 1e-6
    s = t.stats
    right, count = t["accuracy_right"], t["accuracy_count"]
    assert count[0] == count[1:].sum() > 0 and 0 <= right[0] <= count[0]
    assert s["accuracy_right"] == right[0] and s["accuracy_count"] == count[0]
    assert s["heldout_also_in_training"] == 0
    assert len(t["heldout_tokens"]) == 50 and t["heldout_half"].sum() == 25
    layer, head = t["chosen_head"]
    assert t["head_hits_report"][layer, head] == s["head_hits"] <= s["head_cases"]
    assert t["head_hits_choose"][layer, head] == t["head_hits_choose"].max()
    echo_row = list(t["rule_names"]).index("echo") - 1  # by_rule skips "all"
    np.testing.assert_array_equal(t["head_hits_by_rule"][echo_row],
                                  t["head_hits_report"])
    assert t["head_cases_by_rule"][echo_row] == s["head_cases"]
    assert s["head_cases_all_decided"] == t["head_cases_by_rule"].sum()
    assert s["head_hits_all_decided"] == t["head_hits_by_rule"][:, layer, head].sum()
    assert s["train_seconds"] > 0 and s["start_source"].startswith("none")


def test_a_given_start_is_kept_and_bad_starts_are_refused(tmp_path):
    cfg = apply_overrides(MelodyRecordConfig, [f"{k}={v}" for k, v in TINY.items()]
                          + ["start=E4 G4 - C5", "temperature=0.5"])
    assert cfg.start_ids() == [2, 4, 15, 7]
    for bad, said in [("start=E4 H9", "unknown note token 'H9'"),
                      ("start=- E4", "must begin with a note"),
                      ("start=" + "C4 " * 13, "at most 12"),
                      ("instrument=tuba", "unknown instrument"),
                      ("temperature=0", "temperature")]:
        with pytest.raises(ConfigError, match=said):
            apply_overrides(MelodyRecordConfig, [bad])
    out = tmp_path / "bad.npz"
    run = subprocess.run(
        [sys.executable, "-m", "engine", "record", "melody", "--out", str(out),
         "--set", "start=E4 Q7"], capture_output=True, text=True, timeout=60)
    assert run.returncode != 0 and "Traceback" not in run.stderr
    assert run.stderr.strip().splitlines() == [
        "engine: start: unknown note token 'Q7' (notes are C4..C6, '-' holds a "
        "note one beat more)"]
    assert not out.exists()
