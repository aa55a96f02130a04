"""A real DDPM on 2D points: an MLP with a time embedding learns to predict noise.

Trains on the CPU in well under a minute, then records a ``points_diffusion``
trace: the forward noising of real data points and the reverse denoising of
fresh noise, every step, with the model's guess of the clean points.

    python -m engine record points_diffusion
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

import numpy as np
import torch
from torch import nn

from engine.core import trace
from engine.core.provenance import produced_by
from engine.core.recorder import Recorder
from engine.core.training import cached_or_trained, optimise, run_steps
from engine.data.points import EXTENT, check_dataset, make_points, pinned
from engine.diffusion.embeddings import time_embedding
from engine.diffusion.schedule import NoiseSchedule

KIND = "points_diffusion"
FIELD_CELLS = 15  # the denoising field is sampled on a FIELD_CELLS^2 grid
FIELD_SPAN = 3.5  # ... covering -FIELD_SPAN..FIELD_SPAN in both axes
# The engine modules whose code decides the trained weights (keys the cache).
CODE_MODULES = ["diffusion.points", "data.points", "data.points_csv"]
CODE_MODULES += ["diffusion.schedule"]
CODE_MODULES += ["diffusion.embeddings", "core.training"]


@dataclass
class PointsDiffusionConfig:
    seed: int = 0  # every random draw (data, training noise, sampling) derives from it
    dataset: str = "moons"  # moons | ring | spiral
    n_train: int = 20_000  # training points, drawn once from the dataset
    num_steps: int = 200  # diffusion steps T; the cosine schedule ends in pure noise
    hidden: int = 128  # width of the MLP
    layers: int = 3  # hidden layers of the MLP
    time_dim: int = 32  # size of the sinusoidal step embedding
    train_iters: int = 5_000  # optimiser steps
    batch_size: int = 512
    lr: float = 3e-3  # peak learning rate; cosine-decayed to zero
    n_show: int = 2_000  # points recorded in the trace (forward and reverse each)

    def __post_init__(self):
        # A CSV is pinned to its content (so the cache follows the file) and
        # checked now: a bad one is a ConfigError, one line at the command line.
        self.dataset = pinned(self.dataset)
        check_dataset(self.dataset)  # a built-in name, or a usable points CSV

    def training_part(self) -> dict:
        """The fields that decide the trained weights (n_show does not)."""
        d = asdict(self)
        d.pop("n_show")
        return d


class NoisePredictor(nn.Module):
    """MLP taking a noisy point and its step, returning the predicted noise."""

    def __init__(self, hidden: int, layers: int, time_dim: int):
        super().__init__()
        self.time_dim = time_dim
        blocks: list[nn.Module] = [nn.Linear(2 + time_dim, hidden), nn.SiLU()]
        for _ in range(layers - 1):
            blocks += [nn.Linear(hidden, hidden), nn.SiLU()]
        blocks.append(nn.Linear(hidden, 2))
        self.net = nn.Sequential(*blocks)

    def forward(self, x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        # x: (B, 2), t: (B,) -> (B, 2)
        return self.net(torch.cat([x, time_embedding(t, self.time_dim)], dim=1))


def build(cfg: PointsDiffusionConfig) -> tuple[NoisePredictor, NoiseSchedule]:
    return NoisePredictor(cfg.hidden, cfg.layers, cfg.time_dim), NoiseSchedule(
        cfg.num_steps
    )


def train(cfg: PointsDiffusionConfig, progress: bool = True):
    """Train from scratch. Returns (model, loss curve, seconds)."""
    torch.manual_seed(cfg.seed)
    rng = np.random.default_rng(cfg.seed)
    data = torch.from_numpy(make_points(cfg.dataset, cfg.n_train, rng))  # (N, 2)
    model, schedule = build(cfg)
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, cfg.train_iters)
    gen = torch.Generator().manual_seed(cfg.seed + 1)

    def step(_: int) -> float:
        idx = torch.randint(0, cfg.n_train, (cfg.batch_size,), generator=gen)
        x0 = data[idx]  # (B, 2)
        t = torch.randint(1, cfg.num_steps + 1, (cfg.batch_size,), generator=gen)
        noise = torch.randn(x0.shape, generator=gen)  # (B, 2)
        loss = ((model(schedule.add_noise(x0, noise, t), t) - noise) ** 2).mean()
        return optimise(loss, opt, sched)

    losses, seconds = run_steps(cfg.train_iters, step, f"train {KIND}", progress)
    return model, losses, seconds


def trained_model(
    cfg: PointsDiffusionConfig, progress: bool = True, use_cache: bool = True
):
    """The trained model for ``cfg``, cached when code and config match.

    Returns (model, schedule, loss curve, training seconds).
    """
    model, schedule = build(cfg)
    model, losses, seconds = cached_or_trained(
        KIND,
        cfg.training_part(),
        CODE_MODULES,
        model,
        lambda: train(cfg, progress),
        use_cache,
    )
    return model, schedule, losses, seconds


@torch.no_grad()
def noise_forward(
    schedule: NoiseSchedule,
    x0: torch.Tensor,
    gen: torch.Generator,
    recorder: Recorder | None = None,
) -> torch.Tensor:
    """Run the forward chain x_0 -> x_T, a little fresh noise each step."""
    x = x0
    if recorder:
        recorder.record("forward", x)
        recorder.record("forward_t", 0)
    for t in range(1, schedule.num_steps + 1):
        x = schedule.forward_step(x, t, torch.randn(x.shape, generator=gen))
        if recorder:
            recorder.record("forward", x)
            recorder.record("forward_t", t)
    return x


@torch.no_grad()
def sample(
    model: NoisePredictor,
    schedule: NoiseSchedule,
    n: int,
    gen: torch.Generator,
    recorder: Recorder | None = None,
) -> torch.Tensor:
    """DDPM sampling: start from pure noise, remove a little noise at a time."""
    x = torch.randn((n, 2), generator=gen)  # x_T: (n, 2)
    if recorder:
        recorder.record("reverse", x)
        recorder.record(
            "reverse_x0", torch.zeros_like(x)
        )  # no guess before step T runs
        recorder.record("reverse_t", schedule.num_steps)
    for t in range(schedule.num_steps, 0, -1):
        t_batch = torch.full((n,), t, dtype=torch.long)  # (n,)
        out = schedule.step(model(x, t_batch), t, x, generator=gen, clip=EXTENT)
        x = out.prev_sample
        if recorder:
            recorder.record("reverse", x)
            recorder.record("reverse_x0", out.pred_original_sample)
            recorder.record("reverse_t", t - 1)
    return x


@torch.no_grad()
def sample_no_shake(
    model: NoisePredictor, schedule: NoiseSchedule, x: torch.Tensor
) -> torch.Tensor:
    """The same reverse run from the same starting noise ``x`` (n, 2), with the
    shake (the fresh noise each DDPM step adds) turned off: every step moves a
    point only to the step's mean. Returns every frame, (T + 1, n, 2)."""
    frames = [x]
    for t in range(schedule.num_steps, 0, -1):
        x = _step_mean(schedule, model, x, t)
        frames.append(x)
    return torch.stack(frames)


def _step_mean(
    schedule: NoiseSchedule, model: NoisePredictor, x_t: torch.Tensor, t: int
) -> torch.Tensor:
    """The mean of one reverse DDPM step (the step without its shake)."""
    t_batch = torch.full((len(x_t),), t, dtype=torch.long)
    x0 = schedule.predict_original(x_t, t, model(x_t, t_batch), EXTENT)
    ab_t, ab_prev = schedule.alpha_bar[t], schedule.alpha_bar[t - 1]
    beta = schedule.betas[t]
    coef_x0 = ab_prev.sqrt() * beta / (1 - ab_t)
    coef_xt = (1 - beta).sqrt() * (1 - ab_prev) / (1 - ab_t)
    return coef_x0 * x0 + coef_xt * x_t


def spread(points: np.ndarray, cell: float = 0.1) -> dict:
    """How spread finished points are: how many cells of a ``cell``-wide grid
    they occupy, and the mean distance from each to its nearest other point."""
    cells = len({tuple(c) for c in np.floor(points / cell).astype(np.int64)})
    d = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(-1))
    np.fill_diagonal(d, np.inf)
    return {"cells": cells, "nearest": float(d.min(1).mean())}


@torch.no_grad()
def denoising_field(
    model: NoisePredictor, schedule: NoiseSchedule, grid: torch.Tensor, steps: list[int]
) -> torch.Tensor:
    """The model's guess of the clean point from every grid spot, at each step.

    grid: (cells, 2) -> (len(steps), cells, 2). The arrow from a spot to its
    guess is the direction the denoiser pulls a point sitting there.
    """
    out = []
    for t in steps:
        t_batch = torch.full((len(grid),), t, dtype=torch.long)
        out.append(
            schedule.predict_original(grid, t, model(grid, t_batch), clip=EXTENT)
        )
    return torch.stack(out)


def record(
    cfg: PointsDiffusionConfig, out_path, progress: bool = True, use_cache: bool = True
) -> trace.Trace:
    """Train (or load) the model, record its trace and write it to ``out_path``."""
    model, schedule, losses, train_seconds = trained_model(cfg, progress, use_cache)
    model.eval()
    rng = np.random.default_rng(cfg.seed + 2)  # held apart from the training draw
    data = torch.from_numpy(make_points(cfg.dataset, cfg.n_show, rng))  # (P, 2)
    rec = Recorder()
    noise_forward(schedule, data, torch.Generator().manual_seed(cfg.seed + 3), rec)
    start = time.perf_counter()
    sample(
        model, schedule, cfg.n_show, torch.Generator().manual_seed(cfg.seed + 4), rec
    )
    sample_seconds = time.perf_counter() - start
    arrays = rec.stacked()
    # The same run from the same starting noise, with the shake turned off.
    start_noise = torch.randn(
        (cfg.n_show, 2), generator=torch.Generator().manual_seed(cfg.seed + 4)
    )
    arrays["reverse_noshake"] = sample_no_shake(model, schedule, start_noise).numpy()
    shaken = spread(arrays["reverse"][-1].astype(np.float32))
    calm = spread(arrays["reverse_noshake"][-1].astype(np.float32))
    axis = torch.linspace(-FIELD_SPAN, FIELD_SPAN, FIELD_CELLS)
    grid = torch.stack(torch.meshgrid(axis, axis, indexing="xy"), -1).reshape(-1, 2)
    field_steps = list(range(cfg.num_steps, 0, -max(1, cfg.num_steps // 20)))
    # ... and the last few steps, so the field is seen down to almost no noise
    field_steps += [t for t in (5, 1) if t < field_steps[-1]]
    arrays["field_grid"] = grid.numpy()
    arrays["field_t"] = np.array(field_steps, dtype=np.int32)
    arrays["field_x0"] = denoising_field(model, schedule, grid, field_steps).numpy()
    arrays["forward_t"] = arrays["forward_t"].astype(np.int32)
    arrays["reverse_t"] = arrays["reverse_t"].astype(np.int32)
    arrays.update(
        data=data.numpy(),
        signal=schedule.signal_share().numpy(),
        noise=schedule.noise_share().numpy(),
        loss=losses,
    )
    # Arrays to float32 so traces stay small; steps stay integers.
    arrays = {
        k: (v.astype(np.float32) if v.dtype.kind == "f" else v)
        for k, v in arrays.items()
    }
    manifest = trace.build_manifest(
        KIND,
        config=asdict(cfg),
        produced_by=produced_by(),
        extents={"x": [-EXTENT, EXTENT], "y": [-EXTENT, EXTENT]},
        stats={
            "train_seconds": round(train_seconds, 2),
            "sample_seconds": round(sample_seconds, 3),
            "final_loss": round(float(losses[-1]), 5),
            # Finished points of the two runs, spread measured the same way:
            # cells of a 0.1-wide grid occupied, mean distance to nearest point.
            "cells_shake": shaken["cells"],
            "cells_no_shake": calm["cells"],
            "nearest_shake": round(shaken["nearest"], 4),
            "nearest_no_shake": round(calm["nearest"], 4),
        },
    )
    trace.save(out_path, manifest, arrays)
    return trace.Trace(manifest, arrays, str(out_path))
