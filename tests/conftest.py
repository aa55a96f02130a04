"""Shared fixtures: small real traces recorded once per test session."""

from __future__ import annotations

import pytest

from engine.points_diffusion import PointsDiffusionConfig, record

# A real but small model: trains in a few seconds on 2 cores.
TINY_POINTS = dict(
    train_iters=2000, batch_size=512, lr=1e-2, n_train=4000, num_steps=200, n_show=1000
)


@pytest.fixture(scope="session")
def points_trace_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("traces") / "points_diffusion.npz"
    record(PointsDiffusionConfig(**TINY_POINTS), path, progress=False, use_cache=False)
    return path


@pytest.fixture(scope="session")
def points_trace(points_trace_path):
    from engine.trace import load

    return load(points_trace_path)
