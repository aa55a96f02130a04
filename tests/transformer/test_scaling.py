"""The transformer_scaling trace: sizes, held-out loss, the power-law fit."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from engine.core import trace
from engine.core.config_args import ConfigError
from engine.transformer.scaling.fit import cut_per_tenfold, power_law
from tests.transformer.scaling_traces import tiny_scaling_trace


def test_the_fit_recovers_a_known_exponent_from_synthetic_points():
    rng = np.random.default_rng(0)
    n = np.geomspace(1e3, 1e6, 7)
    loss = 5.0 * n**-0.3 * np.exp(rng.normal(0, 0.01, n.shape))  # 1% scatter
    a, alpha, r2 = power_law(n, loss)
    assert alpha == pytest.approx(0.3, abs=0.02)
    assert a == pytest.approx(5.0, rel=0.2)
    assert 0.99 < r2 <= 1.0
    # a flat line has exponent 0 and points off it lower R^2
    assert power_law(n, np.full(7, 2.0))[1] == pytest.approx(0.0, abs=1e-12)
    assert power_law(n, loss * np.array([1, 2, 1, 2, 1, 2, 1]))[2] < 0.9
    assert cut_per_tenfold(0.3) == pytest.approx(1 - 10**-0.3)


def test_the_fit_refuses_points_it_cannot_take():
    with pytest.raises(ValueError, match="positive"):
        power_law([1, 10], [1, 0])
    with pytest.raises(ValueError, match="two or more"):
        power_law([1], [1])


def test_the_tiny_trace_validates_and_bigger_models_do_better():
    tr = trace.load(tiny_scaling_trace(), "transformer_scaling")
    loss, n = tr["heldout_loss"], tr["params_nonembed"]
    assert (np.diff(n) > 0).all() and n[-1] / n[0] >= 30
    assert (np.diff(loss) < 0).all(), loss
    assert tr.stats["loss_falls_monotonically"]
    # Kaplan's count: fewer than all, and compute is 6 N tokens
    assert (tr["params_nonembed"] < tr["params_total"]).all()
    np.testing.assert_allclose(tr["compute"], 6.0 * n * tr["tokens"])
    assert tr["tokens"][0] == 100 * 16 * 24
    a, alpha, r2 = tr["fit_params"]
    assert alpha > 0 and 0 <= r2 <= 1
    assert np.allclose(tr["fit_params"][1:], power_law(n, loss)[1:], atol=1e-4)
    assert tr["loss"].shape[0] == 2 and np.isfinite(tr["loss"]).all()


def test_the_example_is_a_word_the_big_model_gets_and_the_small_misses():
    tr = trace.load(tiny_scaling_trace(), "transformer_scaling")
    if not tr.stats["example_found"]:
        pytest.fail("no held-out word the biggest model gets and the smallest misses")
    p_small, p_big = tr["example_probs"]
    assert p_big > p_small
    assert tr["example_small_guess_prob"][0] >= p_small
    assert tr["example_small_guess"][0] != tr["example_word"][0]
    assert tr["example_prompt"][0] == "."


@pytest.mark.parametrize("value", ["banana", "16x1", "16x1,7x2", "16x1,32x99"])
def test_bad_sizes_are_refused(value):
    from engine.transformer.scaling.record import ScalingConfig

    with pytest.raises(ConfigError):
        ScalingConfig(sizes=value)


def test_a_bad_set_value_gets_one_line_and_a_nonzero_exit(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "engine", "record", "transformer_scaling", "--set",
         "sizes=big", "--out", str(tmp_path / "t.npz")],
        capture_output=True, text=True, timeout=120)
    assert out.returncode != 0
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "sizes" in lines[0], out.stderr
    assert not (tmp_path / "t.npz").exists()
