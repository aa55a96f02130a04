"""The long_range trace: the task puts the pairs at the stated distance and
asks one of them, both models are trained alike over the same learning-rate
grid and tested per distance, and bad settings stop with one line."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from engine.core.trace import load
from engine.transformer.long_range.data import (
    COLOURS,
    NAME_IDS,
    PAIR_IDS,
    QUESTION,
    REMEMBER,
    VOCAB,
    make_batch,
    training_distance,
)
from tests.transformer.long_range_traces import TINY_LONG_RANGE, tiny_long_range_trace


@pytest.mark.parametrize(("distance", "pairs"), [(2, 1), (8, 4), (512, 8)])
def test_the_answer_is_the_asked_pairs_colour_at_the_stated_distance(distance,
                                                                      pairs):
    b = make_batch(distance, 50, np.random.default_rng(0), pairs)
    assert b.tokens.shape == (50, pairs + distance + 1)
    assert b.question_position - pairs == distance  # after the last pair
    assert (b.tokens[:, 0] == VOCAB.index(REMEMBER)).all()
    assert (b.tokens[:, b.question_position - 1] == VOCAB.index(QUESTION)).all()
    # the pairs come first and nowhere else; their names are all different
    is_pair = np.isin(b.tokens, PAIR_IDS)
    assert is_pair[:, 1:pairs + 1].all() and is_pair.sum(1).tolist() == [pairs] * 50
    for row, asked, answer in zip(b.tokens, b.asked, b.answer, strict=True):
        pair_words = [VOCAB[t].split("=") for t in row[1:pairs + 1]]
        assert len({n for n, _ in pair_words}) == pairs
        name, colour = VOCAB[row[asked]].split("=")
        assert 1 <= asked <= pairs
        assert VOCAB[row[-1]] == name and VOCAB[answer] == colour
        assert colour in COLOURS
    assert np.isin(b.tokens[:, -1], NAME_IDS).all()
    if pairs > 1:  # every pair gets asked, not just one place
        assert len(set(b.asked.tolist())) == pairs


def test_same_seed_same_examples_and_distances_stay_in_range():
    a, b = (make_batch(16, 4, np.random.default_rng(3)) for _ in range(2))
    assert (a.tokens == b.tokens).all()
    rng = np.random.default_rng(0)
    ds = [training_distance(4, 512, rng) for _ in range(500)]
    assert min(ds) >= 4 and max(ds) <= 512
    assert min(ds) < 16 and max(ds) > 256  # a mix, short and long


def test_make_batch_refuses_a_short_distance_or_too_many_pairs():
    with pytest.raises(ValueError, match="distance"):
        make_batch(1, 3, np.random.default_rng(0))
    with pytest.raises(ValueError, match="pairs"):
        make_batch(8, 3, np.random.default_rng(0), pairs=99)


def test_trace_validates_and_holds_both_models_per_distance():
    tr = load(tiny_long_range_trace())  # load validates against the kind
    assert tr.manifest["kind"] == "long_range"
    top = TINY_LONG_RANGE["max_distance"]
    assert tr["distances"].tolist() == [8, 16, 32] and tr["distances"][-1] == top
    assert (tr["n_test"] == TINY_LONG_RANGE["test_per_distance"]).all()
    for k in ("transformer_accuracy", "gru_accuracy"):
        assert ((tr[k] >= 0) & (tr[k] <= 1)).all()
    st = tr.stats
    # about the same size: within 5% of each other's parameter count
    assert abs(st["gru_params"] - st["transformer_params"]) < 0.05 * st[
        "transformer_params"]
    assert st["train_seconds_transformer"] > 0 and st["train_seconds_gru"] > 0
    # the example is at the longest distance; the attention row covers it
    pairs = TINY_LONG_RANGE["pairs"]
    assert len(tr["example_tokens"]) == pairs + top + 1
    assert st["question_position"] - st["last_pair_position"] == top
    asked = VOCAB[tr["example_tokens"][st["name_position"]]]
    assert asked == st["asked_pair"] == f"{st['asked_name']}={st['example_answer']}"
    # the grid: both models tried at every rate, each keeps its best on validation
    rates = [float(r) for r in TINY_LONG_RANGE["lr_grid"].split(",")]
    np.testing.assert_allclose(tr["lr_grid"], rates, rtol=1e-6)
    for m in ("transformer", "gru"):
        val = tr[f"{m}_val_accuracy"]
        assert val.shape == (len(rates), len(tr["distances"]))
        assert st[f"{m}_lr"] == rates[int(np.argmax(val.mean(1)))]
        assert (tr[f"{m}_grid_seconds"] > 0).all()
    np.testing.assert_allclose(tr["example_attn"].sum(-1), 1, atol=1e-4)
    layer, head = tr["focus"]
    assert tr["head_reach"][layer, head] == tr["head_reach"].max()
    np.testing.assert_allclose(tr["gru_probs"].sum(), 1, atol=1e-4)


def test_a_bad_setting_gives_one_line_and_fails():
    for bad in ("lr=abc", "heads=3", "pairs=0", "lr_grid=x"):
        run = subprocess.run(
            [sys.executable, "-m", "engine", "record", "long_range", "--set", bad,
             "--out", "/tmp/never-written.npz"],
            capture_output=True, text=True, timeout=60,
        )
        assert run.returncode != 0, bad
        lines = run.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("engine:"), (bad, lines)


def test_gru_width_matches_the_parameter_count_it_was_chosen_for():
    from engine.transformer.long_range.models import (
        GRUReader,
        LongRangeConfig,
        gru_hidden,
        n_params,
        transformer,
    )

    cfg = LongRangeConfig(**{k: TINY_LONG_RANGE[k] for k in ("d_model", "heads")})
    h = gru_hidden(cfg)
    target = n_params(transformer(cfg))
    # the counted width is the one whose real network comes closest
    def gap(w):
        return abs(n_params(GRUReader(len(VOCAB), cfg.d_model, w)) - target)

    assert gap(h) <= min(gap(h - 1), gap(h + 1))
