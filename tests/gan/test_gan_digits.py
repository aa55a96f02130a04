"""The digits GAN: it learns to draw digits an independent classifier can read."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pytest

from engine.core.trace import load
from engine.gan.digits import (
    GanDigitsConfig,
    judge_quality,
    nearest_distance,
    record,
)
from tests.support import shared

# About 5 s of training: already digits, though fewer than the full run's.
SMALL_DIGITS = dict(train_iters=600, hidden=128, record_every=100, n_eval=500)
TINY_DIGITS = dict(train_iters=20, hidden=32, record_every=10, n_show=4, n_eval=50)


@functools.cache
def small_digits_trace_path() -> Path:
    """A real gan_digits trace from SMALL_DIGITS, recorded once per test run."""

    def build(folder: Path) -> None:
        cfg = GanDigitsConfig(**SMALL_DIGITS)
        record(cfg, folder / "gan_digits.npz", progress=False, use_cache=False)

    return shared.once("gan_digits", build) / "gan_digits.npz"


@pytest.fixture(scope="module")
def small():
    return load(small_digits_trace_path())


class FixedJudge:
    """Reads image k as digit k % 10 with the probability written in its pixel 0."""

    def read(self, images):
        flat = images.reshape(len(images), -1)
        return np.arange(len(images)) % 10, flat[:, 0]


def test_judge_quality_counts_confident_readings_per_digit():
    images = np.zeros((100, 8, 8))
    images[:, 0, 0] = 0.9
    images[50:, 0, 0] = 0.5  # half of them unsure
    sure, classes, per_class = judge_quality(FixedJudge(), images, 0.8, 0.05)
    assert sure == pytest.approx(0.5)
    assert classes == 10  # each digit holds 5 sure readings of 100
    np.testing.assert_allclose(per_class, 0.05)
    assert judge_quality(FixedJudge(), images, 0.8, 0.06)[1] == 0


def test_nearest_distance_is_rms_per_pixel_and_can_skip_itself():
    real = np.stack([np.full((8, 8), -1.0), np.full((8, 8), 1.0)])
    probe = np.full((1, 8, 8), 0.5)
    np.testing.assert_allclose(nearest_distance(probe, real), [0.5])
    np.testing.assert_allclose(nearest_distance(real, real), [0, 0], atol=1e-6)
    np.testing.assert_allclose(nearest_distance(real, real, skip_self=True), [2, 2])


def test_the_forger_goes_from_blobs_to_readable_varied_digits(small):
    """Loosely, on a short run; the full run's figures are in its trace stats."""
    assert small["classes"][0] <= 3, "untrained: grey blobs, read as a digit or two"
    assert small.stats["final_confident_share"] >= 0.7
    assert small.stats["final_classes"] >= 6
    near = small["nearest_real"]
    assert near[-1] < 0.75 * near[0], "fakes end far closer to real digits"
    # ... but are not copies of them
    assert near[-1] > 0.5 * small.stats["real_nearest_real"]


def test_trace_is_shaped_and_scaled_like_the_diffusion_digits(small):
    fake = small["fake"]
    assert fake.shape[1:] == (small.config["n_show"], 8, 8)
    assert fake.min() >= -1 and fake.max() <= 1
    assert small["real"].min() >= -1 and small["real"].max() <= 1
    assert small["step"][0] == 0 and small["step"][-1] == SMALL_DIGITS["train_iters"]
    assert small["read"].shape == small["confidence"].shape == fake.shape[:2]
    assert small.stats["ms_per_sample"] > 0


def test_same_seed_gives_the_same_trace(tmp_path):
    cfg = GanDigitsConfig(**TINY_DIGITS)
    a = record(cfg, tmp_path / "a.npz", progress=False, use_cache=False)
    b = record(cfg, tmp_path / "b.npz", progress=False, use_cache=False)
    for name in a.arrays:
        np.testing.assert_array_equal(a[name], b[name], err_msg=name)
    c = record(
        GanDigitsConfig(**{**TINY_DIGITS, "seed": 3}),
        tmp_path / "c.npz",
        progress=False,
        use_cache=False,
    )
    assert not np.array_equal(a["fake"], c["fake"])
