"""The sound denoiser: a small convolutional U-Net over the 64 x 32 picture of
a note (mel band x time), told which instrument and which pitch to draw.

As in DDPM (Ho et al. 2020) the network sees a noisy picture and the step t;
here it also gets the instrument and the pitch, each as a learned embedding,
added to the step embedding (``engine/diffusion/embeddings.py``) into one
conditioning vector that shifts every block's features (a per-channel bias,
as the DDPM U-Net adds its step).

The convolutions run along time, with the 64 mel bands as the input channels
(as speech models treat a spectrogram, e.g. WaveGrad's and DiffWave's
conditioners): every layer sees the whole height of the picture at once, so
where the energy sits up the picture (the pitch) and how it is spread over
the bands (the instrument) are each one weight away, and a pass costs about
ten million multiply-adds, small enough to train in under a minute on one CPU
core. Two halvings of time (32 -> 16 -> 8 columns) and back, skips joined
by concatenation (Ronneberger et al. 2015, U-Net).

It predicts v = sqrt(alpha_bar) noise - sqrt(1 - alpha_bar) x0 (Salimans &
Ho 2022), as the chapter's other denoisers do (``engine/hybrid/train.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn
from torch.nn import functional as F

from engine.diffusion.embeddings import time_embedding

GROUPS = 8  # GroupNorm groups


@dataclass
class ModelShape:
    instruments: int = 4
    pitches: int = 8
    bands: int = 64  # mel bands: the picture's height, the input channels
    channels: int = 96  # width at full time resolution (a multiple of 8)
    time_dim: int = 32  # sinusoidal step embedding size
    cond_dim: int = 128  # the conditioning vector


class Block(nn.Module):
    """GroupNorm-SiLU-conv twice along time, the conditioning added between,
    plus a skip. x (B, c_in, T), c (B, cond_dim) -> (B, c_out, T)."""

    def __init__(self, c_in: int, c_out: int, cond_dim: int):
        super().__init__()
        self.norm1 = nn.GroupNorm(GROUPS, c_in)
        self.conv1 = nn.Conv1d(c_in, c_out, 3, padding=1)
        self.cond = nn.Linear(cond_dim, c_out)
        self.norm2 = nn.GroupNorm(GROUPS, c_out)
        self.conv2 = nn.Conv1d(c_out, c_out, 3, padding=1)
        self.skip = nn.Conv1d(c_in, c_out, 1) if c_in != c_out else nn.Identity()

    def forward(self, x, c):
        h = self.conv1(F.silu(self.norm1(x)))
        h = h + self.cond(c)[:, :, None]
        h = self.conv2(F.silu(self.norm2(h)))
        return h + self.skip(x)


class SoundDenoiser(nn.Module):
    """Predicts v for noisy pictures.

    forward(x (B, bands, frames) noisy pictures, t (B,) int steps,
    instrument (B,) ids, pitch (B,) scale degrees) -> v (B, bands, frames).
    ``frames`` must be divisible by 4.
    """

    def __init__(self, shape: ModelShape):
        super().__init__()
        self.shape = shape
        c, d = shape.channels, shape.cond_dim
        self.time = nn.Sequential(nn.Linear(shape.time_dim, d), nn.SiLU(),
                                  nn.Linear(d, d))  # fmt: skip
        self.instrument = nn.Embedding(shape.instruments, d)
        self.pitch = nn.Embedding(shape.pitches, d)
        self.inp = nn.Conv1d(shape.bands, c, 3, padding=1)
        self.down1 = Block(c, c, d)
        self.down2 = Block(c, c, d)
        self.mid = Block(c, c, d)
        self.up2 = Block(2 * c, c, d)
        self.up1 = Block(2 * c, c, d)
        self.out = nn.Sequential(nn.GroupNorm(GROUPS, c), nn.SiLU(),
                                 nn.Conv1d(c, shape.bands, 3, padding=1))  # fmt: skip

    def forward(self, x, t, instrument, pitch):
        c = self.time(time_embedding(t, self.shape.time_dim))
        c = F.silu(c + self.instrument(instrument) + self.pitch(pitch))  # (B, d)
        h0 = self.down1(self.inp(x), c)  # (B, c, T)
        h1 = self.down2(F.avg_pool1d(h0, 2), c)  # (B, c, T/2)
        m = self.mid(F.avg_pool1d(h1, 2), c)  # (B, c, T/4)
        u = self.up2(torch.cat([F.interpolate(m, scale_factor=2.0), h1], 1), c)
        u = self.up1(torch.cat([F.interpolate(u, scale_factor=2.0), h0], 1), c)
        return self.out(u)  # (B, bands, T)
