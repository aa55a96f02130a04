"""Shared fixtures: small real traces recorded once per test run (once for all
of its processes: tests/support/shared.py)."""

from __future__ import annotations

import os

import pytest

# Renders in tests are silent unless a test asks for the voice (VOICE=heart):
# the pacing is the same, and the narration tests check the voice itself.
os.environ["VOICE"] = "none"

from engine.diffusion.points import PointsDiffusionConfig, record
from tests.support import shared


@pytest.fixture(scope="session", autouse=True)
def shared_folder(tmp_path_factory):
    """Where this run's processes share their traces (tests/support/shared.py)."""
    shared.set_root(tmp_path_factory)


# A real but small model: trains in a few seconds on 2 cores.
TINY_POINTS = dict(
    train_iters=2000, batch_size=512, lr=1e-2, n_train=4000, num_steps=200, n_show=1000
)


@pytest.fixture(scope="session")
def points_trace_path():
    def build(folder):
        record(
            PointsDiffusionConfig(**TINY_POINTS),
            folder / "points_diffusion.npz",
            progress=False,
            use_cache=False,
        )

    return shared.once("points_diffusion", build) / "points_diffusion.npz"


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
def digits_trace_path():
    from engine.diffusion.digits_model import DigitsDiffusionConfig
    from engine.diffusion.digits_record import record as record_digits

    def build(folder):
        record_digits(
            DigitsDiffusionConfig(**TINY_DIGITS),
            folder / "digits_diffusion.npz",
            progress=False,
            use_cache=False,
        )

    return shared.once("digits_diffusion", build) / "digits_diffusion.npz"


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

    def build(_):
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

    path = digits_trace_path.with_name("generation_speed.npz")
    shared.once("digits_speed", build)  # its folder stays empty: the trace
    return path  # goes beside the digits trace, where StepsVsSpeed looks


# The files that take longest (each renders several scenes, a minute or more),
# started first: make test runs the files over two processes (pytest-xdist,
# --dist loadfile), and one of these started last would leave the other
# process idle while it runs. Neighbours here start together (one in each
# process), so they need different tiny traces: neither waits for the other's.
# Every other file keeps its place.
LONGEST_FIRST = (
    "tests/transformer/test_scene_transformer.py",
    "tests/diffusion/test_scene_digits.py",
    "tests/transformer/test_long_sentences.py",
    "tests/hybrid/test_scene_hybrid.py",
    "tests/gan/test_scene_gan.py",
)


def pytest_collection_modifyitems(config, items):
    def rank(item):
        path = item.nodeid.split("::")[0]
        last = len(LONGEST_FIRST)
        return LONGEST_FIRST.index(path) if path in LONGEST_FIRST else last

    items.sort(key=rank)  # stable: the order within each file is kept
