"""Shared fixtures: small real traces recorded once per test session."""

from __future__ import annotations

import os

import pytest

# Renders in tests are silent unless a test asks for the voice (VOICE=heart):
# the pacing is the same, and the narration tests check the voice itself.
os.environ["VOICE"] = "none"

from engine.diffusion.points import PointsDiffusionConfig, record

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
    from engine.core.trace import load

    return load(points_trace_path)


# A real but small digits model: a few seconds of training, fewer steps.
TINY_DIGITS = dict(
    train_iters=1500,
    num_steps=200,
    hidden=128,
    blocks=2,
    eval_per_digit=5,
    few_steps=20,
)


@pytest.fixture(scope="session")
def digits_trace_path(tmp_path_factory):
    from engine.diffusion.digits_model import DigitsDiffusionConfig
    from engine.diffusion.digits_record import record as record_digits

    path = tmp_path_factory.mktemp("traces") / "digits_diffusion.npz"
    record_digits(
        DigitsDiffusionConfig(**TINY_DIGITS), path, progress=False, use_cache=False
    )
    return path


@pytest.fixture(scope="session")
def digits_trace(digits_trace_path):
    from engine.core.trace import load

    return load(digits_trace_path)


@pytest.fixture(scope="session")
def digits_speed_path(digits_trace_path):
    """A generation_speed trace beside the digits trace, timing the same step
    counts (StepsVsSpeed reads its times there): tiny models, real timings."""
    from engine.compare.generation_speed import GenerationSpeedConfig
    from engine.compare.generation_speed import record as record_speed

    path = digits_trace_path.with_name("generation_speed.npz")
    record_speed(
        GenerationSpeedConfig(
            diffusion_steps=TINY_DIGITS["num_steps"],
            diffusion_hidden=64,
            diffusion_train_iters=200,
            gan_hidden=32,
            gan_train_iters=40,
            repeats=1,
            frames=10,
        ),
        path,
        progress=False,
        use_cache=False,
    )
    return path
