"""One pass against many: the GAN and the diffusion model timed in one run, and the
OneShotGeneration scene that draws the measurement."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from manim import DR, UL
from PIL import Image

from engine.compare import generation_speed
from engine.compare.generation_speed import GenerationSpeedConfig, record, train_forger
from engine.core import checkpoints
from engine.core.config_args import ConfigError
from engine.core.trace import load
from engine.gan.digits import GanDigitsConfig
from engine.gan.digits import record as record_gan
from scenes.gan.draw import digit_grid
from scenes.gan.oneshot import OneShotGeneration
from scenes.kit import style
from scenes.kit.numbers import ms as duration
from scenes.kit.numbers import times
from tests.support.rendering import render_for_test, scene_to_pixel

# Real but small models: a couple of seconds of training each.
TINY = dict(
    diffusion_steps=50,
    diffusion_hidden=64,
    diffusion_train_iters=200,
    gan_hidden=32,
    gan_train_iters=40,
    repeats=3,
    frames=10,
)


@pytest.fixture(scope="module")
def speed_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("traces") / "generation_speed.npz"
    record(GenerationSpeedConfig(**TINY), path, progress=False, use_cache=False)
    return path


@pytest.fixture(scope="module")
def speed(speed_path):
    return load(speed_path, kind="generation_speed")


def test_one_run_times_both_models_and_the_gan_is_faster(speed):
    method = list(speed["method"])
    assert method == ["GAN", "DDPM", "DDIM"]
    assert list(speed["passes"]) == [1, TINY["diffusion_steps"], 20]
    ms = speed["ms_per_sample"]
    assert (ms > 0).all() and (speed["ms_single"] > 0).all()
    assert ms[1] > 5 * ms[0], f"one GAN pass is not faster than 50 passes: {ms}"
    assert speed.stats["ratio_ddpm_to_gan"] == pytest.approx(ms[1] / ms[0], rel=0.01)
    np.testing.assert_allclose(np.median(speed["run_ms"], 1), ms, rtol=1e-5)
    assert speed["run_ms"].shape == (3, TINY["repeats"])


def test_trace_keeps_the_digits_each_model_made(speed):
    n = GenerationSpeedConfig().batch
    assert speed["gan_samples"].shape == speed["diffusion_samples"].shape == (n, 8, 8)
    assert list(speed["prompts"]) == list(range(10))
    # the recorded denoising ends on the very digits the timed run made
    np.testing.assert_allclose(
        speed["diffusion_frames"][-1], speed["diffusion_samples"], atol=1e-5
    )
    assert speed["diffusion_frame_t"][0] == TINY["diffusion_steps"]
    assert speed["diffusion_frame_t"][-1] == 0
    assert np.abs(speed["gan_samples"]).max() <= 1  # tanh output, in ink units


# A real GAN, trained for seconds
TINY_GAN = GanDigitsConfig(train_iters=20, hidden=32, record_every=10, n_show=4,
                           n_eval=50)  # fmt: skip


def shown_digits(forger, cfg: GanDigitsConfig) -> np.ndarray:
    """The forger's digits for the latents gan_digits records every round
    (seed + 2): (n_show, 8, 8)."""
    z = torch.randn(
        (cfg.n_show, cfg.latent_dim),
        generator=torch.Generator().manual_seed(cfg.seed + 2),
    )
    with torch.no_grad():
        return forger(z).reshape(-1, 8, 8).numpy()


def test_forger_is_the_one_the_gan_digits_trace_trains(tmp_path):
    """train_forger mirrors gan_digits.train_run: same weights, same digits."""
    cfg = TINY_GAN
    history = record_gan(cfg, tmp_path / "g.npz", progress=False, use_cache=False)
    forger = train_forger(cfg, progress=False)
    np.testing.assert_allclose(shown_digits(forger, cfg), history["fake"][-1],
                               atol=1e-6)  # fmt: skip


def test_the_forger_gan_digits_trains_is_reused_not_trained_again(
    tmp_path, monkeypatch
):
    """Recording gan_digits caches its forger; the speed trace loads that one."""
    monkeypatch.setattr(checkpoints, "CACHE_DIR", tmp_path / "cache")
    cfg = TINY_GAN
    history = record_gan(cfg, tmp_path / "g.npz", progress=False, use_cache=True)

    def train_again(*args, **kwargs):
        raise AssertionError("the forger was trained a second time")

    monkeypatch.setattr(generation_speed, "train_forger", train_again)
    forger = generation_speed.trained_forger(cfg, progress=False)
    np.testing.assert_allclose(shown_digits(forger, cfg), history["fake"][-1],
                               atol=1e-6)  # fmt: skip


@pytest.mark.parametrize(
    "bad, message",
    [
        (dict(batch=0), "batch must be in 1..1000"),
        (dict(gan_train_iters=0), "gan_train_iters must be in"),
        (dict(diffusion_steps=0), "diffusion_steps must be in"),
    ],
)
def test_bad_settings_are_refused_before_training(bad, message):
    with pytest.raises(ConfigError, match=message):
        GenerationSpeedConfig(**bad)


class QuickOneShot(OneShotGeneration):
    denoise_seconds = 1.0


@pytest.fixture(scope="module")
def rendered(speed_path, tmp_path_factory):
    return render_for_test(QuickOneShot, speed_path, tmp_path_factory.mktemp("o"))


def test_poster_shows_both_models_digits_where_the_scene_put_them(rendered, speed):
    assert sorted(rendered.files) == [".gif", ".mp4", ".png", ".srt", ".vtt"]
    pal = style.palette()
    poster = np.asarray(Image.open(rendered.files[".png"]).convert("RGB")).astype(float)
    scene = rendered.scene
    for mob, images in (
        (scene.gan_out, speed["gan_samples"]),
        (scene.diff_out, speed["diffusion_samples"]),
    ):
        expected = digit_grid(images, scene.cols, pal)[..., :3].astype(float).mean(-1)
        assert expected.std() > 5, "digits have contrast: the check means something"
        # Sample the poster at the centre of every grid pixel, from the exact (not
        # rounded) corners: a grid pixel is under 2 frame pixels wide at this size.
        (c0, r0), (c1, r1) = scene_to_pixel(
            np.array([mob.get_corner(UL)[:2], mob.get_corner(DR)[:2]])
        )
        h, w = expected.shape
        rows = np.floor(r0 + (np.arange(h) + 0.5) * (r1 - r0) / h).astype(int)
        cols = np.floor(c0 + (np.arange(w) + 0.5) * (c1 - c0) / w).astype(int)
        drawn = poster[np.ix_(rows, cols)].mean(-1)
        close = float((np.abs(drawn - expected) < 10).mean())
        assert close > 0.9, f"only {close:.0%} of the grid matches the trace's digits"


def test_captions_carry_the_measured_times_and_ratio(rendered, speed):
    srt = rendered.files[".srt"].read_text()
    ms = speed["ms_per_sample"]
    assert f"{duration(ms[0])} a digit for the GAN" in srt
    assert f"{duration(ms[1])} for diffusion, {times(ms[1] / ms[0])} slower" in srt
    assert f"{TINY['diffusion_steps']:,} passes" in srt
    said = rendered.scene.ratio_label.legible[0]  # the label's own words
    assert said == f"diffusion {times(ms[1] / ms[0])} slower"
