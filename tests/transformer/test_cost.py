"""The attention_cost trace measures both ways of computing attention: peak
memory read from the allocator, and log-log exponents that say how each grows."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from engine.core.trace import load
from engine.transformer.cost import fused, loglog_exponent, peak_bytes
from engine.transformer.model import attention
from tests.transformer.traces import tiny_traces


def test_peak_bytes_reads_what_the_allocator_held():
    n = 1_000_000  # float32: 4 MB held at once
    assert 4e6 <= peak_bytes(lambda: torch.ones(n)) < 4.5e6
    # two made and dropped one after the other never hold 8 MB at once
    def twice():
        a = torch.ones(n)
        del a
        return torch.ones(n)

    assert peak_bytes(twice) < 6e6


def test_fused_and_written_out_attention_give_the_same_result():
    torch.manual_seed(0)
    q, k, v = (torch.randn(1, 4, 40, 16) for _ in range(3))
    np.testing.assert_allclose(fused(q, k, v), attention(q, k, v)[0], atol=1e-5)


def test_loglog_exponent_recovers_a_power():
    x = np.array([16, 32, 64, 128.0])
    assert loglog_exponent(x, 3 * x**2)[0] == pytest.approx(2.0)
    assert loglog_exponent(x, 5 * x)[1] == pytest.approx(1.0)


def test_cost_trace_stores_both_ways_measured():
    tr = load(tiny_traces()["attention_cost"])
    written, fused_ = tr["written_peak_bytes"], tr["fused_peak_bytes"]
    # the written-out call holds at least the tensors it keeps to its end
    assert (written >= tr["attn_bytes"] * 0.99).all()
    assert (fused_ > 0).all() and fused_[-1] < written[-1] / 4
    st = tr.stats
    assert 1.8 <= st["written_bytes_exponent"] <= 2.2
    assert st["fused_bytes_exponent"] < st["written_bytes_exponent"] - 0.5
    assert "profiler" in st["peak_method"]
    assert (tr["fused_seconds"] > 0).all()
    # the time exponents are fitted over the last three doublings
    n = tr["lengths"]
    assert st["long_from_length"] == n[-4]
    exp, _ = loglog_exponent(n[-4:], tr["fused_seconds"][-4:].astype(float))
    assert st["fused_seconds_exponent"] == pytest.approx(exp, abs=1e-3)


def test_cost_trace_keeps_a_small_real_table_of_scores():
    tr = load(tiny_traces()["attention_cost"])
    w = tr["example_weights"]
    assert w.shape == (len(tr["example_words"]),) * 2
    np.testing.assert_allclose(w.sum(1), 1, atol=1e-5)
    assert not np.triu(w, 1).any()  # a word never looks at a later one
