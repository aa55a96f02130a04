"""Drawing a prompt: encode the words once, then denoise static with DDIM.

The encoder reads the prompt once; its output (the encoded words) is handed to
the denoiser at every step, where each patch of the picture attends to the
words through cross-attention. Classifier-free guidance (Ho & Salimans 2022)
runs the denoiser with the prompt and with the empty prompt and pushes the
difference: v_uncond + guidance * (v_cond - v_uncond).

A Recorder, when given, keeps at every step the picture ``x``, the model's
guess of the finished picture ``x0``, the step ``t``, and the cross-attention
weights ``cross`` of the prompted pass (every layer and head).
"""

from __future__ import annotations

import torch

from engine.core.recorder import Recorder
from engine.diffusion.schedule import NoiseSchedule
from engine.diffusion.v_prediction import noise_from_v
from engine.hybrid.model import TextToImage

CLIP = 1.0  # clean pictures live in [-1, 1]


def prompt_mask(tokens: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(mask of the prompt, mask of the empty prompt), each (B, T) bool."""
    full = torch.ones(tokens.shape, dtype=torch.bool)
    empty = full.clone()
    empty[:, 1:] = False  # <start> alone
    return full, empty


@torch.no_grad()
def encode(model: TextToImage, tokens: torch.Tensor):
    """The encoded words (B, T, d) and the encoder's attention per layer
    [(B, heads, T, T)] for prompts ``tokens`` (B, T)."""
    full, _ = prompt_mask(tokens)
    return model.encoder(tokens, full)


@torch.no_grad()
def sample(
    model: TextToImage,
    schedule: NoiseSchedule,
    tokens: torch.Tensor,
    noise: torch.Tensor,
    steps: int,
    guidance: float,
    recorder: Recorder | None = None,
) -> torch.Tensor:
    """Denoise ``noise`` (B, H, W, 3) into pictures of ``tokens`` (B, T) in
    ``steps`` DDIM steps. Returns the pictures (B, H, W, 3) in [-1, 1]."""
    full, empty = prompt_mask(tokens)
    words, _ = model.encoder(tokens, full)  # (B, T, d), read once
    blank, _ = model.encoder(tokens, empty)
    return sample_words(model.denoiser, schedule, words, full, blank, empty, noise,
                        steps, guidance, recorder)  # fmt: skip


@torch.no_grad()
def sample_words(
    denoiser,
    schedule: NoiseSchedule,
    words: torch.Tensor,
    mask: torch.Tensor,
    blank: torch.Tensor,
    blank_mask: torch.Tensor,
    noise: torch.Tensor,
    steps: int,
    guidance: float,
    recorder: Recorder | None = None,
) -> torch.Tensor:
    """Denoise ``noise`` (B, H, W, 3) in ``steps`` DDIM steps, reading encoded
    prompts ``words`` (B, T, d) with ``mask`` (B, T) bool, and the empty
    prompt's ``blank`` (B, T, d) / ``blank_mask`` for guidance: whichever
    encoder made them. Returns the pictures (B, H, W, 3) in [-1, 1]."""
    b = len(words)
    full, empty = mask, blank_mask
    times = schedule.timesteps(steps)
    x = noise
    if recorder:
        recorder.record("x", x)
        recorder.record("x0", torch.zeros_like(x))  # no guess before the first step
        recorder.record("t", times[0])
    for i, t in enumerate(times):
        t_batch = torch.full((2 * b,), t, dtype=torch.long)
        v, maps = denoiser(
            torch.cat([x, x]),
            t_batch,
            torch.cat([words, blank]),
            torch.cat([full, empty]),
        )  # v (2B, H, W, 3); maps [(2B, heads, cells, T)] per layer
        v = v[b:] + guidance * (v[:b] - v[b:])
        t_next = times[i + 1] if i + 1 < len(times) else 0
        out = schedule.ddim_step(noise_from_v(schedule, v, x, t), t, t_next, x, CLIP)
        x = out.prev_sample
        if recorder:
            recorder.record("cross", torch.stack([m[:b] for m in maps], 1))
            recorder.record("x", x)
            recorder.record("x0", out.pred_original_sample)
            recorder.record("t", t_next)
    return x.clamp(-CLIP, CLIP)
