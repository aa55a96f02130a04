"""Your own 2D diffusion model, recorded into a trace that our scenes draw.

A small DDPM written the way you might write your own: your data (a heart),
a linear noise schedule, an MLP that predicts the noise, the usual training
and sampling loops. Recording it takes a Recorder and a few ``rec.record``
lines; nothing else about the model changes.

    .venv/bin/python examples/own_diffusion.py --out renders/traces/own_diffusion.npz
    make scene S=PointsFlow TRACE=renders/traces/own_diffusion.npz
    make example E=own_diffusion     # both in one command (also DenoisingField)
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from dataclasses import asdict, dataclass

import torch
from torch import nn

from engine.core.needs import report
from engine.core.recorder import Recorder, RecordError
from engine.core.trace import TraceError


@dataclass
class Config:
    seed: int = 0  # every random draw below comes from it
    n_data: int = 4_000  # training points on the heart
    steps: int = 100  # diffusion steps T
    beta_start: float = 1e-4  # linear schedule of the noise added at each step ...
    beta_end: float = 0.1  # ... ending with ~0.5% of the signal variance left
    hidden: int = 128  # width of the MLP
    train_iters: int = 3_000  # optimiser steps
    batch_size: int = 256
    lr: float = 2e-3
    n_show: int = 1_000  # points recorded, noised (forward) and sampled (reverse)


def heart(n: int, gen: torch.Generator) -> torch.Tensor:
    """Points on a heart curve, a little noisy, scaled to unit spread. (n, 2)"""
    s = torch.rand(n, generator=gen) * 2 * math.pi
    x = 16 * torch.sin(s) ** 3
    y = 13 * torch.cos(s) - 5 * torch.cos(2 * s) - 2 * torch.cos(3 * s)
    y = y - torch.cos(4 * s)
    pts = torch.stack([x, y], 1) + 0.4 * torch.randn((n, 2), generator=gen)
    pts = pts - pts.mean(0)
    return pts / pts.std(0).mean()


class Denoiser(nn.Module):
    """(noisy point, step) -> the noise in it."""

    def __init__(self, hidden: int, steps: int):
        super().__init__()
        self.steps = steps
        self.net = nn.Sequential(
            nn.Linear(2 + 8, hidden), nn.SiLU(),
            nn.Linear(hidden, hidden), nn.SiLU(),
            nn.Linear(hidden, hidden), nn.SiLU(),
            nn.Linear(hidden, 2),
        )  # fmt: skip

    def forward(self, x, t):
        # x: (B, 2), t: (B,) ints -> (B, 2)
        freqs = 2.0 ** torch.arange(4) * math.pi  # (4,)
        angle = (t.float() / self.steps)[:, None] * freqs  # (B, 4)
        return self.net(torch.cat([x, angle.sin(), angle.cos()], 1))


class Args(argparse.ArgumentParser):
    def error(self, message):  # one line, not a usage dump
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def main(argv: list[str] | None = None) -> int:
    parser = Args(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="renders/traces/own_diffusion.npz")
    parser.add_argument("--train-iters", type=int, default=Config.train_iters)
    parser.add_argument("--seed", type=int, default=Config.seed)
    args = parser.parse_args(argv)
    if not 1 <= args.train_iters <= 100_000:
        parser.error("--train-iters must be between 1 and 100000")
    cfg = Config(seed=args.seed, train_iters=args.train_iters)

    torch.manual_seed(cfg.seed)
    gen = torch.Generator().manual_seed(cfg.seed)
    data = heart(cfg.n_data, gen)  # (N, 2)
    betas = torch.linspace(cfg.beta_start, cfg.beta_end, cfg.steps)  # (T,)
    # alpha_bar[t]: share of signal variance left after t steps; index 0 = clean
    alpha_bar = torch.cat([torch.ones(1), torch.cumprod(1 - betas, 0)])  # (T+1,)
    model = Denoiser(cfg.hidden, cfg.steps)
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr)

    # Training: noise a batch to random steps, learn to predict the noise.
    losses, running = [], []
    start = time.perf_counter()
    for i in range(cfg.train_iters):
        x0 = data[torch.randint(0, len(data), (cfg.batch_size,), generator=gen)]
        t = torch.randint(1, cfg.steps + 1, (cfg.batch_size,), generator=gen)
        noise = torch.randn(x0.shape, generator=gen)
        ab = alpha_bar[t][:, None]  # (B, 1)
        x_t = ab.sqrt() * x0 + (1 - ab).sqrt() * noise  # x0 noised to step t
        loss = ((model(x_t, t) - noise) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        running.append(loss.item())
        if (i + 1) % max(1, cfg.train_iters // 100) == 0:
            losses.append(sum(running) / len(running))
            running.clear()
    train_seconds = time.perf_counter() - start
    model.eval()

    # Recording: one Recorder for the trace; the loops below are plain DDPM.
    rec = Recorder(kind="points_diffusion", config=asdict(cfg))
    shown = heart(cfg.n_show, gen)
    rec.put("data", shown)
    rec.put("signal", alpha_bar.sqrt())  # (t,)
    rec.put("noise", (1 - alpha_bar).sqrt())
    rec.put("loss", losses)

    x = shown  # forward: a little more noise at each step
    rec.record("forward", x)
    rec.record("forward_t", 0)
    for t in range(1, cfg.steps + 1):
        x = (1 - betas[t - 1]).sqrt() * x + betas[t - 1].sqrt() * torch.randn(
            x.shape, generator=gen
        )
        rec.record("forward", x)
        rec.record("forward_t", t)

    def guess(x, t: int) -> torch.Tensor:
        """The model's guess of the clean points from x at step t."""
        eps = model(x, torch.full((len(x),), t))
        x0 = (x - (1 - alpha_bar[t]).sqrt() * eps) / alpha_bar[t].sqrt()
        return x0.clamp(-4, 4)

    with torch.no_grad():
        x = torch.randn((cfg.n_show, 2), generator=gen)  # reverse: from pure noise
        rec.record("reverse", x)
        rec.record("reverse_x0", guess(x, cfg.steps))
        rec.record("reverse_t", cfg.steps)
        for t in range(cfg.steps, 0, -1):
            x0 = guess(x, t)
            ab, ab_prev, beta = alpha_bar[t], alpha_bar[t - 1], betas[t - 1]
            # the posterior mean of x_{t-1} given x_t and the guess (Ho et al. eq. 7)
            mean = ab_prev.sqrt() * beta * x0 + (1 - beta).sqrt() * (1 - ab_prev) * x
            mean = mean / (1 - ab)
            var = beta * (1 - ab_prev) / (1 - ab)
            noise = torch.randn(x.shape, generator=gen) if t > 1 else 0
            x = mean + var.sqrt() * noise
            rec.record("reverse", x)
            rec.record("reverse_x0", x0)
            rec.record("reverse_t", t - 1)

        # The learned pull: the guess from every spot of a grid, at some steps.
        axis = torch.linspace(-3.5, 3.5, 15)
        grid = torch.stack(torch.meshgrid(axis, axis, indexing="xy"), -1).reshape(-1, 2)
        field_t = list(range(cfg.steps, 0, -5))
        rec.put("field_grid", grid)
        rec.put("field_t", field_t)
        rec.put("field_x0", torch.stack([guess(grid, t) for t in field_t]))

    trace = rec.save(
        args.out,
        extents={"x": [-4, 4], "y": [-4, 4]},
        stats={"train_seconds": round(train_seconds, 2), "final_loss": losses[-1]},
    )
    print(f"wrote {args.out}: a {trace.kind} trace, {train_seconds:.1f} s of training")
    print("\n".join(report(trace)))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (RecordError, TraceError, OSError) as err:  # one line, no traceback
        sys.exit(f"{sys.argv[0]}: {err}")
