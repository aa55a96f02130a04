"""Drawing notes: denoise static into pictures of sound with DDIM steps.

The network (``model.py``) predicts v; each step turns it into the noise it
implies and takes one deterministic DDIM step (Song et al. 2021) with
``NoiseSchedule.ddim_step``, so a few dozen steps stand in for the thousand
of training. With ``guidance`` != 1 it also runs the "any instrument, any
pitch" labels and pushes the difference (classifier-free guidance, Ho &
Salimans 2022): v_any + guidance * (v_prompt - v_any).

A Recorder, when given, keeps at every step the picture ``x``, the model's
guess of the finished picture ``x0`` and the step ``t``.
"""

from __future__ import annotations

import torch

from engine.core.recorder import Recorder
from engine.diffusion.schedule import NoiseSchedule
from engine.diffusion.v_prediction import noise_from_v
from engine.sound.sound_diffusion.model import SoundDenoiser

CLIP = 1.0  # clean pictures live in [-1, 1]


@torch.no_grad()
def sample(model: SoundDenoiser, schedule: NoiseSchedule, instrument: torch.Tensor,
           pitch: torch.Tensor, noise: torch.Tensor, steps: int,
           guidance: float = 1.0, recorder: Recorder | None = None) -> torch.Tensor:
    """Denoise ``noise`` (B, bands, frames) into pictures of ``instrument``
    (B,) ids at ``pitch`` (B,) scale degrees in ``steps`` DDIM steps.
    Returns the pictures (B, bands, frames) in [-1, 1]."""
    b = len(noise)
    times = schedule.timesteps(steps)
    any_inst = torch.full_like(instrument, model.shape.instruments - 1)
    any_pitch = torch.full_like(pitch, model.shape.pitches - 1)
    x = noise
    if recorder:
        recorder.record("x", x)
        recorder.record("x0", torch.zeros_like(x))  # no guess before the first step
        recorder.record("t", times[0])
    for i, t in enumerate(times):
        if guidance == 1.0:
            v = model(x, torch.full((b,), t, dtype=torch.long), instrument, pitch)
        else:
            both = model(torch.cat([x, x]), torch.full((2 * b,), t, dtype=torch.long),
                         torch.cat([instrument, any_inst]),
                         torch.cat([pitch, any_pitch]))  # fmt: skip
            v = both[b:] + guidance * (both[:b] - both[b:])
        t_next = times[i + 1] if i + 1 < len(times) else 0
        out = schedule.ddim_step(noise_from_v(schedule, v, x, t), t, t_next, x, CLIP)
        x = out.prev_sample
        if recorder:
            recorder.record("x", x)
            recorder.record("x0", out.pred_original_sample)
            recorder.record("t", t_next)
    return x.clamp(-CLIP, CLIP)
