"""The digits diffusion model: samplers, guidance, and a trace that measures it."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from engine.core.recorder import Recorder
from engine.core.trace import load
from engine.diffusion.digits_model import NULL_LABEL, DigitDenoiser
from engine.diffusion.digits_sampling import guided_noise, sample
from engine.diffusion.schedule import NoiseSchedule


@pytest.fixture(scope="module")
def untrained():
    torch.manual_seed(0)
    return DigitDenoiser(hidden=32, blocks=1, time_dim=16).eval(), NoiseSchedule(50)


def test_guidance_zero_is_exactly_the_unconditional_model(untrained):
    model, _ = untrained
    x = torch.randn(4, 8, 8)
    labels = torch.tensor([1, 2, 3, 4])
    with torch.no_grad():
        plain = model(x, torch.full((4,), 10), torch.full((4,), NULL_LABEL))
        assert torch.equal(guided_noise(model, x, 10, labels, 0.0), plain)
        prompted = model(x, torch.full((4,), 10), labels)
        assert torch.equal(guided_noise(model, x, 10, labels, 1.0), prompted)
        torch.testing.assert_close(
            guided_noise(model, x, 10, labels, 3.0), plain + 3.0 * (prompted - plain)
        )


def test_conditioning_changes_the_output(untrained):
    model, schedule = untrained
    noise = torch.randn(1, 8, 8).expand(2, 8, 8).clone()
    out = sample(model, schedule, torch.tensor([3, 7]), noise, method="ddim", steps=10)
    assert not torch.allclose(out[0], out[1])


@pytest.mark.parametrize("method, steps", [("ddpm", None), ("ddim", 7)])
def test_sampler_records_the_dims_the_manifest_names(untrained, method, steps):
    model, schedule = untrained
    rec = Recorder()
    out = sample(
        model,
        schedule,
        torch.arange(3),
        torch.randn(3, 8, 8),
        steps=steps,
        method=method,
        recorder=rec,
        generator=torch.Generator().manual_seed(0),
    )
    frames = rec.stacked()
    taken = steps or schedule.num_steps
    assert frames["x"].shape == (taken + 1, 3, 8, 8)  # (rframe, prompt, h, w)
    assert frames["x0"].shape == (taken + 1, 3, 8, 8)
    assert frames["t"][0] == schedule.num_steps and frames["t"][-1] == 0
    assert (np.diff(frames["t"]) < 0).all()
    np.testing.assert_array_equal(frames["x"][-1], out.numpy())
    assert np.abs(frames["x0"][1:]).max() <= 1.0  # guesses are clipped to ink range


def test_ddim_timesteps_are_evenly_spaced_and_falling():
    schedule = NoiseSchedule(1000)
    assert schedule.timesteps(1) == [1000]
    assert schedule.timesteps(5) == [1000, 800, 600, 400, 200]
    assert len(schedule.timesteps(20)) == 20
    with pytest.raises(ValueError, match="steps must be in 1..1000"):
        schedule.timesteps(0)


def test_unknown_sampler_and_wrong_ddpm_steps_are_refused(untrained):
    model, schedule = untrained
    with pytest.raises(ValueError, match="unknown sampler"):
        sample(model, schedule, torch.arange(1), torch.randn(1, 8, 8), method="euler")
    with pytest.raises(ValueError, match="use ddim for fewer"):
        sample(model, schedule, torch.arange(1), torch.randn(1, 8, 8), steps=5)


def test_trained_model_draws_the_digit_asked_for(digits_trace):
    tr = digits_trace
    full = int(np.argmax(tr["speed_steps"]))
    # A tiny budget in tests; the full model's figures are measured by make bench.
    assert tr["speed_accuracy"][full] >= 0.8
    assert (tr["reverse_read"] == tr["prompts"]).mean() >= 0.7
    assert tr.stats["judge_accuracy_on_real"] >= 0.95


def test_samples_are_new_not_copies_of_training_digits(digits_trace):
    nearest_train = np.median(digits_trace["nearest_train"])
    nearest_real = np.median(digits_trace["nearest_real"])
    assert nearest_train > 0.05
    assert nearest_train > 0.5 * nearest_real


def test_fewer_steps_are_faster(digits_trace, digits_speed_path):
    # Neighbouring step counts can swap on a busy machine (timings are for the
    # benchmark); the most steps against the fewest is a 100x+ gap in work.
    # The times live in generation_speed, for the same counts as the digits.
    speed = load(digits_speed_path, kind="generation_speed")
    steps, ms = speed["step_counts"], speed["step_ms_per_sample"]
    assert steps.tolist() == digits_trace["speed_steps"].tolist()
    assert (ms > 0).all()
    assert ms[np.argmax(steps)] > 5 * ms[np.argmin(steps)], dict(
        zip(steps.tolist(), ms.tolist(), strict=True)
    )


def test_guidance_zero_ignores_the_prompt_and_more_guidance_obeys(digits_trace):
    acc = digits_trace["guidance_accuracy"]
    scales = digits_trace["guidance_scales"]
    assert scales[0] == 0
    assert acc[0] < 0.5 < acc[scales >= 1].max()


def test_forward_noising_ends_in_static_and_reproduces(digits_trace):
    tr = digits_trace
    np.testing.assert_allclose(tr["forward"][0], tr["forward_x0"], atol=1e-6)
    last = tr["forward"][-1]
    # nothing of the digit is left: no correlation with the clean image
    corr = np.corrcoef(last.ravel(), tr["forward_x0"].ravel())[0, 1]
    assert abs(corr) < 0.1 and tr["signal"][-1] < 0.01
