"""The training recipe the v-predicting denoisers share: the text-to-image
hybrid's (``engine/hybrid/train.py``, ``frozen.py``) and the sound chapter's
(``engine/sound/sound_diffusion/train.py``).

The network predicts v = sqrt(alpha_bar) noise - sqrt(1 - alpha_bar) x0
(Salimans & Ho 2022, "Progressive distillation", sec. 4) rather than the noise:
at the noisiest steps v is nearly the clean picture, so a few-step sampler gets
a usable guess there. Weights are trained by AdamW on a one-cycle schedule, and
the ones kept are an exponential moving average of them (steadier samples).
"""

from __future__ import annotations

import torch

from engine.diffusion.schedule import NoiseSchedule


def optimiser(model: torch.nn.Module, lr: float, steps: int):
    """AdamW (weight decay 1e-4) and its one-cycle schedule peaking at ``lr``
    after 5% of ``steps`` (Smith & Topin 2017). Returns (optimiser, scheduler)."""
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, lr, total_steps=steps,
                                                pct_start=0.05)  # fmt: skip
    return opt, sched


@torch.no_grad()
def keep_average(average: torch.nn.Module, model: torch.nn.Module, i: int,
                 ema: float) -> None:
    """Move the kept moving average of the weights towards ``model`` after
    step ``i`` (0-based), with decay ``ema`` in (0, 1). Warm-up: early on the
    average follows the model closely (decay (1 + i) / (10 + i) until then)."""
    decay = min(ema, (1 + i) / (10 + i))
    for kept, live in zip(average.parameters(), model.parameters(), strict=True):
        kept.lerp_(live, 1 - decay)


def v_target(schedule: NoiseSchedule, x0: torch.Tensor, noise: torch.Tensor,
             t: torch.Tensor) -> torch.Tensor:
    """The network's target v = sqrt(alpha_bar_t) noise - sqrt(1 - alpha_bar_t) x0.

    x0, noise: (B, ...) clean inputs and the noise added; t: (B,) steps in
    1..T. Returns (B, ...)."""
    ab = schedule.alpha_bar[t].view(-1, *([1] * (x0.dim() - 1)))  # (B, 1, ...)
    return ab.sqrt() * noise - (1 - ab).sqrt() * x0


def noise_from_v(schedule: NoiseSchedule, v: torch.Tensor, x_t: torch.Tensor,
                 t: int) -> torch.Tensor:
    """The noise a prediction ``v`` of ``x_t`` (both (B, ...)) implies at step
    ``t``: what the DDIM step (``NoiseSchedule.ddim_step``) takes."""
    ab = schedule.alpha_bar[t]
    return (1 - ab).sqrt() * x_t + ab.sqrt() * v
