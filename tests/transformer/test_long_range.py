"""The long_range trace: the task puts the name at the stated distance, both
models are trained alike and tested per distance, and bad settings stop with
one line."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from engine.core.trace import load
from engine.transformer.long_range.data import (
    NAME_IDS,
    QUESTION,
    REMEMBER,
    VOCAB,
    make_batch,
    training_distance,
)
from tests.transformer.long_range_traces import TINY_LONG_RANGE, tiny_long_range_trace


@pytest.mark.parametrize("distance", [1, 8, 512])
def test_the_answer_is_the_name_at_the_stated_distance(distance):
    b = make_batch(distance, 5, np.random.default_rng(0))
    assert b.tokens.shape == (5, distance + 2)
    assert b.question_position - b.name_position == distance
    assert (b.tokens[:, 0] == VOCAB.index(REMEMBER)).all()
    assert (b.tokens[:, b.question_position] == VOCAB.index(QUESTION)).all()
    assert (b.tokens[:, b.name_position] == b.answer).all()
    # the name is the only name in the example: nothing else could answer
    names = np.isin(b.tokens, NAME_IDS)
    assert names.sum(1).tolist() == [1] * 5


def test_same_seed_same_examples_and_distances_stay_in_range():
    a, b = (make_batch(16, 4, np.random.default_rng(3)) for _ in range(2))
    assert (a.tokens == b.tokens).all()
    rng = np.random.default_rng(0)
    ds = [training_distance(4, 512, rng) for _ in range(500)]
    assert min(ds) >= 4 and max(ds) <= 512
    assert min(ds) < 16 and max(ds) > 256  # a mix, short and long


def test_make_batch_refuses_a_zero_distance():
    with pytest.raises(ValueError, match="distance"):
        make_batch(0, 3, np.random.default_rng(0))


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
    assert len(tr["example_tokens"]) == top + 2
    assert st["question_position"] - st["name_position"] == top
    assert tr["example_tokens"][st["name_position"]] == VOCAB.index(
        st["example_name"])
    np.testing.assert_allclose(tr["example_attn"].sum(-1), 1, atol=1e-4)
    layer, head = tr["focus"]
    assert tr["head_reach"][layer, head] == tr["head_reach"].max()
    np.testing.assert_allclose(tr["gru_probs"].sum(), 1, atol=1e-4)


def test_a_bad_setting_gives_one_line_and_fails():
    for bad in ("max_distance=2", "lr=abc", "heads=3"):
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
