"""Training the sound denoiser from scratch on the real set's pictures.

Each step takes a batch of real notes' pictures with their instrument and
pitch, noises them to random steps of the cosine schedule (Nichol & Dhariwal
2021, ``engine/diffusion/schedule.py``) and asks the network for v (see
``model.py``). A share of the labels is replaced by "any" (an extra
embedding row) when ``cond_dropout`` > 0, so classifier-free guidance (Ho &
Salimans 2022) can be tried at sampling time. The weights kept are an
exponential moving average of the trained ones (steadier samples), as the
hybrid chapter's model keeps them.

    python -m engine record sound_diffusion    # trains, or loads from the cache
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, fields

import torch

from engine.core.config_args import ConfigError
from engine.core.training import cached_or_trained, optimise, run_steps
from engine.diffusion.schedule import NoiseSchedule
from engine.diffusion.v_prediction import keep_average, optimiser, v_target
from engine.sound.sound_diffusion.data import PITCHES, real_set
from engine.sound.sound_diffusion.model import GROUPS, ModelShape, SoundDenoiser
from engine.sound.synth import INSTRUMENTS

CACHE_NAME = "sound_diffusion"
# The engine modules whose code decides the trained weights (keys the cache).
CODE_MODULES = [
    "sound.sound_diffusion.train",
    "sound.sound_diffusion.model",
    "sound.sound_diffusion.data",
    "sound.sound_diffusion.spectrogram",
    "sound.synth",
    "sound.notes",
    "diffusion.schedule",
    "diffusion.v_prediction",
    "diffusion.embeddings",
    "core.training",
]


@dataclass
class SoundDiffusionTrainConfig:
    seed: int = 0  # every random draw (notes, init, batches, sampling) follows it
    num_steps: int = 1000  # diffusion steps T of the noise schedule
    per_note: int = 32  # real takes of each (instrument, pitch) trained on
    train_iters: int = 800  # optimiser steps
    batch_size: int = 32
    lr: float = 2e-3  # peak learning rate (one-cycle schedule)
    # Share of labels replaced by "any", so guidance can be used when sampling
    # (record.py's guidance says how it paid).
    cond_dropout: float = 0.1
    ema: float = 0.99  # decay of the moving average of the weights that is kept
    channels: int = 96  # denoiser width (a multiple of 8)
    time_dim: int = 32  # sinusoidal step embedding size

    def __post_init__(self):
        checks = [
            (2 <= self.per_note <= 2000, "per_note must be in 2..2000"),
            (0 < self.ema < 1, "ema must be between 0 and 1"),
            (0 < self.lr <= 1, "lr must be in (0, 1]"),
            (8 <= self.channels <= 1024 and self.channels % GROUPS == 0,
             f"channels must be a multiple of {GROUPS} in 8..1024"),
            (2 <= self.time_dim <= 1024 and self.time_dim % 2 == 0,
             "time_dim must be even, in 2..1024"),
            (0 <= self.cond_dropout < 1, "cond_dropout must be in 0..1"),
        ]  # fmt: skip
        for ok, problem in checks:
            if not ok:
                raise ConfigError(problem)

    def shape(self) -> ModelShape:
        # One extra row per label: "any instrument", "any pitch" (guidance).
        return ModelShape(instruments=len(INSTRUMENTS) + 1, pitches=PITCHES + 1,
                          channels=self.channels, time_dim=self.time_dim)

    def training_part(self) -> dict:
        """The fields that decide the trained weights (recording fields do not)."""
        names = {f.name for f in fields(SoundDiffusionTrainConfig)}
        return {k: v for k, v in asdict(self).items() if k in names}


def train(cfg: SoundDiffusionTrainConfig, progress: bool = True):
    """Train from scratch. Returns (moving-average model, loss curve, seconds)."""
    torch.manual_seed(cfg.seed)
    real = real_set(cfg.per_note, cfg.seed)
    data = torch.from_numpy(real.pictures)  # (N, bands, frames)
    inst = torch.from_numpy(real.instrument)
    pitch = torch.from_numpy(real.degree)
    model = SoundDenoiser(cfg.shape())
    average = copy.deepcopy(model).requires_grad_(False)
    schedule = NoiseSchedule(cfg.num_steps)
    opt, sched = optimiser(model, cfg.lr, cfg.train_iters)
    gen = torch.Generator().manual_seed(cfg.seed + 1)
    b = cfg.batch_size

    def step(i: int) -> float:
        idx = torch.randint(0, len(data), (b,), generator=gen)
        x0 = data[idx]
        ins, pit = inst[idx].clone(), pitch[idx].clone()
        drop = torch.rand(b, generator=gen) < cfg.cond_dropout
        ins[drop], pit[drop] = len(INSTRUMENTS), PITCHES  # "any"
        t = torch.randint(1, cfg.num_steps + 1, (b,), generator=gen)
        noise = torch.randn(x0.shape, generator=gen)
        v = model(schedule.add_noise(x0, noise, t), t, ins, pit)
        loss = ((v - v_target(schedule, x0, noise, t)) ** 2).mean()
        value = optimise(loss, opt, sched)
        keep_average(average, model, i, cfg.ema)
        return value

    losses, seconds = run_steps(cfg.train_iters, step, "train sound_diffusion",
                                progress)  # fmt: skip
    return average, losses, seconds


def trained_model(cfg: SoundDiffusionTrainConfig, progress: bool = True,
                  use_cache: bool = True):
    """The trained model for ``cfg``, cached when code and config match.

    Returns (model in eval mode, schedule, loss curve, training seconds).
    """
    model, losses, seconds = cached_or_trained(
        CACHE_NAME, cfg.training_part(), CODE_MODULES, SoundDenoiser(cfg.shape()),
        lambda: train(cfg, progress), use_cache,
    )  # fmt: skip
    return model, NoiseSchedule(cfg.num_steps), losses, seconds
