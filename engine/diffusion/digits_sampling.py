"""Drawing digits from static: the many-step DDPM sampler and the few-step DDIM one.

Both share one NoiseSchedule and one trained network, and read like the
algorithm: start from pure noise, ask the network for the noise, take a step.
Each step yields the next sample and the network's current guess of the clean
image, which a Recorder can keep.
"""

from __future__ import annotations

import torch

from engine.core.recorder import Recorder
from engine.diffusion.digits_model import NULL_LABEL, DigitDenoiser
from engine.diffusion.schedule import NoiseSchedule

CLIP = 1.0  # clean digits live in [-1, 1]


def guided_noise(
    model: DigitDenoiser, x: torch.Tensor, t: int, labels: torch.Tensor, guidance: float
) -> torch.Tensor:
    """Classifier-free guidance: eps_uncond + guidance * (eps_cond - eps_uncond).

    guidance 0 is exactly the unconditional model and 1 exactly the prompted
    one; above 1 the prompt is pushed harder.
    """
    b = x.shape[0]
    t_batch = torch.full((b,), t, dtype=torch.long)
    null = torch.full_like(labels, NULL_LABEL)
    if guidance == 0:
        return model(x, t_batch, null)
    if guidance == 1:
        return model(x, t_batch, labels)
    both = model(
        torch.cat([x, x]), torch.cat([t_batch, t_batch]), torch.cat([labels, null])
    )
    cond, uncond = both[:b], both[b:]
    return uncond + guidance * (cond - uncond)


@torch.no_grad()
def sample(
    model: DigitDenoiser,
    schedule: NoiseSchedule,
    labels: torch.Tensor,
    noise: torch.Tensor,
    steps: int | None = None,
    method: str = "ddpm",
    guidance: float = 1.0,
    generator: torch.Generator | None = None,
    recorder: Recorder | None = None,
    record_every: int = 1,
) -> torch.Tensor:
    """Denoise ``noise`` (B, 8, 8) into digits for ``labels`` (B,).

    method "ddpm" takes every one of the schedule's steps (``steps`` must be None
    or T); "ddim" takes ``steps`` evenly spaced jumps. A recorder keeps
    ``x`` (the sample), ``x0`` (the guess of the clean image) and ``t`` every
    ``record_every`` steps, plus the first and last.
    """
    if method == "ddpm":
        if steps not in (None, schedule.num_steps):
            raise ValueError(
                f"DDPM takes all {schedule.num_steps} steps; use ddim for fewer"
            )
        times = list(range(schedule.num_steps, 0, -1))
    elif method == "ddim":
        times = schedule.timesteps(steps or schedule.num_steps)
    else:
        raise ValueError(f"unknown sampler {method!r} (known: ddpm, ddim)")
    x = noise
    if recorder:
        recorder.record("x", x)
        recorder.record("x0", torch.zeros_like(x))  # no guess before the first step
        recorder.record("t", times[0])
    for i, t in enumerate(times):
        eps = guided_noise(model, x, t, labels, guidance)
        if method == "ddpm":
            out = schedule.step(eps, t, x, generator=generator, clip=CLIP)
            t_next = t - 1
        else:
            t_next = times[i + 1] if i + 1 < len(times) else 0
            out = schedule.ddim_step(eps, t, t_next, x, clip=CLIP)
        x = out.prev_sample
        last = i == len(times) - 1
        if recorder and ((i + 1) % record_every == 0 or last):
            recorder.record("x", x)
            recorder.record("x0", out.pred_original_sample)
            recorder.record("t", t_next)
    return x
