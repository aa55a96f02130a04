"""The noise schedule of a diffusion model and one reverse (DDPM) step.

Kept apart from any network, as in diffusers: the schedule owns the maths of
noising and denoising; ``step()`` returns named outputs, the next sample and the
model's current guess of the clean sample. Equations from Ho et al. 2020
(DDPM); the cosine schedule from Nichol & Dhariwal 2021, which ends in pure noise
(the signal share at the last step is ~0), unlike a short linear schedule.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import torch


class StepOutput(NamedTuple):
    prev_sample: torch.Tensor  # x_{t-1}, same shape as x_t
    pred_original_sample: torch.Tensor  # the model's guess of x_0 at step t


class NoiseSchedule:
    """Cosine schedule over ``num_steps`` steps; index t runs 0 (clean) .. T (noise).

    ``alpha_bar[t]`` is the share of signal *variance* left at step t, so a noisy
    sample is ``sqrt(alpha_bar[t]) * x0 + sqrt(1 - alpha_bar[t]) * noise``.
    """

    def __init__(self, num_steps: int, offset: float = 0.008, max_beta: float = 0.999):
        if num_steps < 1:
            raise ValueError(f"num_steps must be at least 1, got {num_steps}")
        self.num_steps = num_steps
        t = torch.arange(num_steps + 1, dtype=torch.float64)

        def f(s):
            return torch.cos((s / num_steps + offset) / (1 + offset) * math.pi / 2) ** 2

        alpha_bar = f(t) / f(torch.zeros(()))
        betas = (1 - alpha_bar[1:] / alpha_bar[:-1]).clamp(max=max_beta)  # (T,)
        # Rebuild alpha_bar from the clipped betas so the two always agree.
        alpha_bar = torch.cat(
            [torch.ones(1, dtype=torch.float64), torch.cumprod(1 - betas, 0)]
        )  # (T+1,)
        self.betas = torch.cat([torch.zeros(1, dtype=torch.float64), betas]).float()
        self.alpha_bar = alpha_bar.float()

    def signal_share(self) -> torch.Tensor:
        """sqrt(alpha_bar): how much of the clean sample is left, per step. (T+1,)"""
        return self.alpha_bar.sqrt()

    def noise_share(self) -> torch.Tensor:
        """sqrt(1 - alpha_bar): how much noise there is, per step. (T+1,)"""
        return (1 - self.alpha_bar).sqrt()

    def add_noise(self, x0: torch.Tensor, noise: torch.Tensor, t: torch.Tensor):
        """Sample q(x_t | x_0) in one jump. x0, noise: (B, ...); t: (B,) ints."""
        ab = self.alpha_bar[t].view(-1, *([1] * (x0.dim() - 1)))  # (B, 1, ...)
        return ab.sqrt() * x0 + (1 - ab).sqrt() * noise

    def forward_step(self, x_prev: torch.Tensor, t: int, noise: torch.Tensor):
        """One step of the forward chain, x_{t-1} -> x_t: a little more noise."""
        beta = self.betas[t]
        return (1 - beta).sqrt() * x_prev + beta.sqrt() * noise

    def predict_original(self, x_t, t: int, predicted_noise, clip: float | None = None):
        """The clean sample implied by a noise prediction (DDPM eq. 15)."""
        ab = self.alpha_bar[t]
        x0 = (x_t - (1 - ab).sqrt() * predicted_noise) / ab.sqrt()
        return x0.clamp(-clip, clip) if clip is not None else x0

    def step(
        self,
        predicted_noise,
        t: int,
        x_t,
        generator: torch.Generator | None = None,
        clip: float | None = None,
    ) -> StepOutput:
        """One reverse DDPM step x_t -> x_{t-1}: the posterior q(x_{t-1} | x_t, x_0)."""
        if not 1 <= t <= self.num_steps:
            raise ValueError(f"t must be in 1..{self.num_steps}, got {t}")
        x0 = self.predict_original(x_t, t, predicted_noise, clip)
        ab_t, ab_prev, beta = self.alpha_bar[t], self.alpha_bar[t - 1], self.betas[t]
        coef_x0 = ab_prev.sqrt() * beta / (1 - ab_t)
        coef_xt = (1 - beta).sqrt() * (1 - ab_prev) / (1 - ab_t)
        mean = coef_x0 * x0 + coef_xt * x_t
        if t == 1:
            return StepOutput(mean, x0)
        var = beta * (1 - ab_prev) / (1 - ab_t)
        z = torch.randn(x_t.shape, generator=generator, dtype=x_t.dtype)
        return StepOutput(mean + var.sqrt() * z, x0)

    def ddim_step(
        self, predicted_noise, t: int, t_prev: int, x_t, clip: float | None = None
    ) -> StepOutput:
        """One deterministic DDIM step x_t -> x_{t_prev} (Song et al. 2021, eta = 0).

        It may jump many steps at once (t_prev < t - 1), which is what makes a
        few-step sampler possible with the same trained network.
        """
        if not 0 <= t_prev < t <= self.num_steps:
            raise ValueError(
                f"need 0 <= t_prev < t <= {self.num_steps}, got {t_prev}, {t}"
            )
        x0 = self.predict_original(x_t, t, predicted_noise, clip)
        ab_prev = self.alpha_bar[t_prev]
        # Re-derive the noise from the (possibly clipped) x0 so the two agree.
        ab_t = self.alpha_bar[t]
        eps = (x_t - ab_t.sqrt() * x0) / (1 - ab_t).sqrt()
        return StepOutput(ab_prev.sqrt() * x0 + (1 - ab_prev).sqrt() * eps, x0)

    def timesteps(self, num_inference_steps: int) -> list[int]:
        """Evenly spaced steps from T down to 1 for a sampler that takes
        ``num_inference_steps`` steps; each is followed by the next, then 0."""
        if not 1 <= num_inference_steps <= self.num_steps:
            raise ValueError(
                f"steps must be in 1..{self.num_steps}, got {num_inference_steps}"
            )
        spaced = torch.linspace(self.num_steps, 0, num_inference_steps + 1)
        return [int(round(float(v))) for v in spaced[:-1]]
