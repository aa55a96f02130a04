"""The noise schedule: ends in pure noise, and its reverse step is well formed."""

from __future__ import annotations

import pytest
import torch

from engine.diffusion.schedule import NoiseSchedule


@pytest.mark.parametrize("steps", [10, 200, 1000])
def test_signal_share_falls_monotonically_to_near_zero(steps):
    s = NoiseSchedule(steps)
    signal = s.signal_share()
    assert signal.shape == (steps + 1,)
    assert signal[0] == pytest.approx(1.0)
    assert (signal[1:] < signal[:-1]).all()
    assert signal[-1] < 0.02
    torch.testing.assert_close(
        signal**2 + s.noise_share() ** 2, torch.ones(steps + 1), rtol=0, atol=1e-5
    )


def test_noising_with_a_fixed_seed_reproduces_exactly():
    s = NoiseSchedule(50)
    x0 = torch.randn(8, 2, generator=torch.Generator().manual_seed(1))
    t = torch.full((8,), 20)

    def noised():
        return s.add_noise(
            x0, torch.randn(8, 2, generator=torch.Generator().manual_seed(7)), t
        )

    assert torch.equal(noised(), noised())


def test_step_returns_next_sample_and_clean_guess():
    s = NoiseSchedule(20)
    x_t = torch.randn(16, 2)
    eps = torch.randn(16, 2)
    out = s.step(eps, 10, x_t, generator=torch.Generator().manual_seed(0))
    assert out.prev_sample.shape == x_t.shape
    assert out.pred_original_sample.shape == x_t.shape
    # With the true noise, the guess of x0 inverts add_noise exactly.
    x0 = torch.randn(16, 2)
    noisy = s.add_noise(x0, eps, torch.full((16,), 10))
    torch.testing.assert_close(
        s.step(eps, 10, noisy).pred_original_sample, x0, rtol=1e-4, atol=1e-4
    )


def test_step_rejects_steps_outside_the_schedule():
    s = NoiseSchedule(20)
    with pytest.raises(ValueError, match="t must be in 1..20"):
        s.step(torch.zeros(1, 2), 0, torch.zeros(1, 2))
