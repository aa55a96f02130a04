"""The tune-prompt model: words to a tune through cross-attention, its data,
its independent check, the prompt reader and the trace it records."""

from __future__ import annotations

import functools
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine.sound.notes import DEGREES, decode, notes_of
from engine.sound.tune_prompt.check import fitted_rise, read
from engine.sound.tune_prompt.data import (
    ALL_COMBOS,
    BEATS,
    DIRECTIONS,
    ENDINGS,
    HELD_OUT,
    SPEEDS,
    TRAIN_COMBOS,
    Combo,
    is_held_out,
)
from engine.sound.tune_prompt.generate import (
    TUNE_TOKENS,
    dataset_combos,
    make_dataset,
    make_tune,
    tune_tokens,
)
from engine.sound.tune_prompt.prompt import PromptError, parse_prompt
from tests.support import shared

ROOT = Path(__file__).resolve().parents[2]

# Real but small: trains in a few seconds.
TINY = dict(train_tunes=600, train_iters=120, batch_size=32, d_model=32,
            eval_per_combo=3, check_per_combo=4, chance_per_combo=30)


@functools.cache
def tiny_traces() -> dict[str, Path]:
    """Two tiny traces from one tiny model: the default prompts, and a user's."""
    from engine.core import checkpoints
    from engine.sound.tune_prompt.record import TunePromptConfig, record

    def build(root: Path) -> None:
        saved = checkpoints.CACHE_DIR
        checkpoints.CACHE_DIR = root / "cache"  # train once, record twice
        try:
            record(TunePromptConfig(**TINY), root / "tune_prompt.npz", progress=False)
            record(TunePromptConfig(**TINY, prompts="ending low, fast falling tune"),
                   root / "mine.npz", progress=False)
        finally:
            checkpoints.CACHE_DIR = saved

    root = shared.once("tune_prompt", build)
    return {"default": root / "tune_prompt.npz", "user": root / "mine.npz"}


@pytest.fixture(scope="module")
def traced():
    from engine.core.trace import load

    return load(tiny_traces()["default"])


# The data and the check


def test_held_out_combinations_never_appear_in_training_but_their_words_do():
    assert len(ALL_COMBOS) == len(SPEEDS) * len(DIRECTIONS) * len(ENDINGS)
    assert len(TRAIN_COMBOS) == len(ALL_COMBOS) - len(HELD_OUT)
    made = set(dataset_combos(2000, seed=3).tolist())
    held = {ALL_COMBOS.index(Combo(*h)) for h in HELD_OUT}
    assert made.isdisjoint(held) and len(made) == len(TRAIN_COMBOS)
    for a, b in ((0, 1), (0, 2), (1, 2)):  # every pair of words is still seen
        pairs = {(c.codes()[a], c.codes()[b]) for c in TRAIN_COMBOS}
        assert pairs == {(c.codes()[a], c.codes()[b]) for c in ALL_COMBOS}


def test_the_check_reads_every_generated_tune_as_made():
    rng = np.random.default_rng(7)
    for combo in ALL_COMBOS:
        for _ in range(40):
            tune = make_tune(combo, rng)
            assert sum(b for _, b in tune) == 16
            assert read(tune).agrees(combo.codes()), (combo, tune)


def test_tunes_of_one_combination_differ():
    rng = np.random.default_rng(0)
    tunes = {tuple(make_tune(ALL_COMBOS[0], rng)) for _ in range(30)}
    assert len(tunes) > 25


def test_the_check_reads_hand_made_tunes_by_its_rules():
    up = [(0, 1), (2, 1), (4, 1), (5, 1), (7, 1)]  # C4 E4 G4 A4 C5, a beat each
    r = read(up)
    assert r.words() == ["fast", "rising", "home"] and r.rise == pytest.approx(6.8)
    down_slow = [(14, 4), (12, 4), (11, 4), (10, 4)]
    assert read(down_slow).words() == ["slow", "falling", "high"]
    flat = [(2, 2), (3, 2), (2, 2), (3, 2), (2, 2)]  # mean 2 beats: slow
    assert read(flat).words() == ["slow", "steady", "low"]
    middling = [(6, 1), (5, 2), (8, 2)]  # 1.67 beats a note, rise 2.8, ends on D5
    assert read(middling).words() == ["?", "?", "?"]
    assert read([]).codes() == (-1, -1, -1)
    assert fitted_rise([(3, 1)]) == 0.0


def test_tokens_round_trip_through_the_note_vocabulary():
    tokens, combos = make_dataset(20, seed=1)
    assert tokens.shape == (20, TUNE_TOKENS)
    for row, k in zip(tokens, combos, strict=True):
        notes = notes_of(decode(row))
        assert tune_tokens(notes) == decode(row)
        assert read(notes).agrees(ALL_COMBOS[k].codes())


# The prompt


@pytest.mark.parametrize("text", ["slow rising tune ending high",
                                  "Ending high, slow rising tune.",
                                  "rising high slow"])
def test_a_prompt_reads_the_same_in_any_order(text):
    words, combo = parse_prompt(text)
    assert combo == Combo("slow", "rising", "high")
    assert combo.words == ["slow", "rising", "tune", "ending", "high"]


@pytest.mark.parametrize("text, expected", [
    ("", "prompt is empty"),
    ("slow rising tune ending purple", "unknown word 'purple'"),
    ("slow fast rising high", "exactly one word for a speed"),
    ("slow high", "exactly one word for a direction"),
    ("slow rising tune tune high", "says 'tune' twice"),
    ("slow rising tune ending high and then more words", "has 9 words"),
])
def test_an_unreadable_prompt_is_refused_in_one_line(text, expected):
    with pytest.raises(PromptError) as err:
        parse_prompt(text)
    assert expected in str(err.value) and "\n" not in str(err.value)


def test_a_held_out_prompt_is_known_as_one():
    assert is_held_out(parse_prompt("slow rising tune ending high")[1])
    assert not is_held_out(parse_prompt("fast rising tune ending high")[1])


# The model and its trace


def test_the_trace_holds_what_the_scene_draws(traced):
    a, s = traced.arrays, traced.manifest["stats"]
    assert list(a["prompt_text"]) == ["fast rising tune ending high",
                                      "slow rising tune ending high"]
    assert a["held_out"].tolist() == [False, True]
    p, layers, heads, written, words = a["cross_attn"].shape
    assert (written, words) == (TUNE_TOKENS - 1, 6)
    assert np.allclose(a["cross_attn"].sum(-1), 1, atol=1e-4)
    for i in range(p):
        n = int(a["note_count"][i])
        assert n >= 1 and (a["note_degree"][i, n:] == -1).all()
        assert np.allclose(a["note_attn"][i, :n].sum(-1), 1, atol=1e-4)
        notes = [(int(d), int(b)) for d, b in zip(a["note_degree"][i, :n],
                                                  a["note_beats"][i, :n],
                                                  strict=True)]
        assert notes == notes_of(decode(a["tune_tokens"][i]))
        beat = traced.manifest["config"]["beat_seconds"]
        expect = np.cumsum([0] + [b for _, b in notes])[:-1] * beat
        assert np.allclose(a["note_start"][i, :n], expect)
        sound = a["audio"][i, : a["audio_length"][i]]
        assert np.abs(sound).max() > 0.05 and np.abs(sound).max() <= 1
        r = read(notes)
        assert r.codes() == (a["read_speed"][i], a["read_direction"][i],
                             a["read_ending"][i])
        assert bool(a["read_right"][i]) == r.agrees(a["asked"][i])
    assert s["seen_tunes"] == len(TRAIN_COMBOS) * TINY["eval_per_combo"]
    assert s["heldout_tunes"] == len(HELD_OUT) * TINY["eval_per_combo"]
    held = a["combo_held_out"]
    seen_share = (a["eval_correct"][~held]).mean()
    assert s["seen_accuracy"] == pytest.approx(seen_share, abs=1e-4)
    assert (a["train_count"][held] == 0).all() and (a["train_count"][~held] > 0).all()
    assert s["check_on_generated"] == 1.0
    assert s["check_generated_tunes"] == len(ALL_COMBOS) * TINY["check_per_combo"]


def test_random_tunes_last_the_tune_and_use_only_the_writers_notes():
    from engine.sound.tune_prompt.record import random_tune

    rng = np.random.default_rng(0)
    tunes = [random_tune(rng) for _ in range(200)]
    assert all(sum(b for _, b in t) == BEATS for t in tunes)
    assert all(0 <= d < DEGREES for t in tunes for d, _ in t)
    speeds = {read(t).speed for t in tunes}
    assert speeds >= {SPEEDS.index("fast"), SPEEDS.index("slow")}  # both rhythms


def test_the_chance_level_is_random_notes_read_by_the_same_check(traced):
    a, s = traced.arrays, traced.manifest["stats"]
    per = TINY["chance_per_combo"]
    held = a["combo_held_out"]
    assert a["chance_correct"].shape == (len(ALL_COMBOS),)
    assert s["chance_per_combo"] == per and s["chance_tunes"] == per * len(ALL_COMBOS)
    assert s["seen_chance"] == pytest.approx(a["chance_correct"][~held].mean(),
                                             abs=1e-4)
    assert s["heldout_chance"] == pytest.approx(a["chance_correct"][held].mean(),
                                                abs=1e-4)
    assert np.allclose(a["chance_correct"] * per, np.round(a["chance_correct"] * per))
    assert f"seed {TINY.get('seed', 0) + 70}" in s["chance_drawn"]
    # random notes rarely pass all three rules: far under what the model reaches
    assert s["seen_chance"] < 0.25 and s["heldout_chance"] < 0.25


def test_the_tiny_model_already_follows_the_words(traced):
    # 120 steps on 600 tunes: far from the full model, but the words matter.
    s = traced.manifest["stats"]
    assert s["seen_speed_accuracy"] >= 0.8
    assert s["seen_accuracy"] > 1 / 18


def test_a_user_prompt_records_its_own_trace_from_the_same_model(traced):
    from engine.core.trace import load

    mine = load(tiny_traces()["user"])
    assert list(mine.arrays["prompt_text"]) == ["ending low fast falling tune"]
    assert mine.arrays["prompt_words"][0].tolist() == ["fast", "falling", "tune",
                                                       "ending", "low"]
    assert mine.manifest["stats"]["train_seconds"] == \
        traced.manifest["stats"]["train_seconds"]  # loaded, not trained again


def test_recording_settings_do_not_retrain():
    from engine.sound.tune_prompt.record import TunePromptConfig

    a = TunePromptConfig(temperature=0.5, eval_per_combo=5)
    assert a.training_part() == TunePromptConfig().training_part()
    assert a.training_part() != TunePromptConfig(train_iters=10).training_part()


# The command line


def run(*args):
    return subprocess.run([sys.executable, "-m", *args], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)


def test_engine_refuses_an_unknown_word_in_one_line(tmp_path):
    out = run("engine", "record", "tune_prompt", "--set",
              "prompts=slow rising tune ending high; loud rising tune ending high",
              "--out", str(tmp_path / "t.npz"))
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "unknown word 'loud'" in lines[0]
    assert not (tmp_path / "t.npz").exists()


def test_the_prompt_check_names_a_trace_or_refuses_in_one_line():
    ok = run("engine.sound.tune_prompt.prompt", "fast", "falling", "tune", "ending",
             "low")
    assert ok.returncode == 0
    assert ok.stdout.strip().startswith("renders/traces/tune-prompt-")
    for words, expected in ((["fast", "zebra", "low"], "unknown word 'zebra'"),
                            ([], "PROMPT is empty"),
                            (["fast rising high; slow"], "one prompt at a time")):
        bad = run("engine.sound.tune_prompt.prompt", *words)
        assert bad.returncode == 2 and expected in bad.stdout
        assert len(bad.stdout.strip().splitlines()) == 1 and not bad.stderr
