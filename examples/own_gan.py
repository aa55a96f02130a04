"""Your own 2D GAN, recorded into a trace that our GAN scenes draw.

A small GAN written the way you might write your own: your data (eight blobs
around a square, a 3 x 3 grid without its middle), a generator and a
discriminator, the usual alternating loop.
At the end of each recorded round, three helpers measure what the scenes show:
the discriminator's verdict over the plane, the push on every fake, and how
many blobs the fakes cover.

    .venv/bin/python examples/own_gan.py --out renders/traces/own_gan.npz
    make scene S=ForgerVsInspector TRACE=renders/traces/own_gan.npz
    make example E=own_gan       # both in one command
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import asdict, dataclass

import torch
from torch import nn
from torch.nn import functional as F

from engine.core.needs import report
from engine.core.recorder import Recorder, RecordError
from engine.core.trace import TraceError
from engine.gan.capture import coverage, discriminator_field, generator_push

EXTENT = 4.0  # the plot shows -4..4 in x and y


@dataclass
class Config:
    seed: int = 0  # every random draw below comes from it
    spacing: float = 1.6  # distance between neighbouring blobs
    blob_std: float = 0.08  # spread of each blob
    latent_dim: int = 8
    hidden: int = 128
    train_iters: int = 1_500  # steps, each one discriminator and g_steps generator
    g_steps: int = 1  # generator steps per discriminator step
    batch_size: int = 256
    lr: float = 1e-3
    record_every: int = 50  # steps per recorded round, after the first few ...
    dense_steps: int = 8  # ... which are recorded one step each
    n_show: int = 500  # fixed latents whose fakes are recorded every round
    cover_share: float = 0.02  # a blob is covered when this share of fakes is near it


def blob_centres(spacing: float) -> torch.Tensor:
    """Eight centres: a 3 x 3 grid without its middle. (8, 2)"""
    axis = torch.tensor([-spacing, 0.0, spacing])
    grid = torch.stack(torch.meshgrid(axis, axis, indexing="xy"), -1).reshape(-1, 2)
    return grid[grid.abs().sum(1) > 0]


def real_batch(n: int, centres, std: float, gen: torch.Generator) -> torch.Tensor:
    which = torch.randint(0, len(centres), (n,), generator=gen)
    return centres[which] + std * torch.randn((n, 2), generator=gen)


def mlp(inp: int, hidden: int, out: int) -> nn.Module:
    return nn.Sequential(
        nn.Linear(inp, hidden), nn.LeakyReLU(0.2),
        nn.Linear(hidden, hidden), nn.LeakyReLU(0.2),
        nn.Linear(hidden, out),
    )  # fmt: skip


class Args(argparse.ArgumentParser):
    def error(self, message):  # one line, not a usage dump
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def main(argv: list[str] | None = None) -> int:
    parser = Args(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="renders/traces/own_gan.npz")
    parser.add_argument("--train-iters", type=int, default=Config.train_iters)
    parser.add_argument("--seed", type=int, default=Config.seed)
    args = parser.parse_args(argv)
    if not Config.dense_steps < args.train_iters <= 100_000:
        low = Config.dense_steps + 1
        parser.error(f"--train-iters must be between {low} and 100000")
    cfg = Config(seed=args.seed, train_iters=args.train_iters)

    torch.manual_seed(cfg.seed)
    gen = torch.Generator().manual_seed(cfg.seed)
    centres = blob_centres(cfg.spacing)
    G = mlp(cfg.latent_dim, cfg.hidden, 2)  # latent -> point
    D = mlp(2, cfg.hidden, 1)  # point -> logit of "real"
    opt_g = torch.optim.Adam(G.parameters(), lr=cfg.lr, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), lr=cfg.lr, betas=(0.5, 0.999))
    z_show = torch.randn((cfg.n_show, cfg.latent_dim), generator=gen)  # fixed

    rec = Recorder(kind="gan_points", config=asdict(cfg))
    record_at = set(range(cfg.dense_steps + 1))
    record_at |= set(range(cfg.record_every, cfg.train_iters + 1, cfg.record_every))
    record_at.add(cfg.train_iters)
    round_d, round_g = [], []
    before = None  # the fakes as the round began

    def record_round(step: int):
        nonlocal before
        with torch.no_grad():
            fake = G(z_show)  # (sample, 2)
        # The push the generator felt this round: this round's D at the fakes as
        # the round began (round 0: as they are).
        rec.record("push", generator_push(D, fake if before is None else before))
        before = fake
        # near a blob: within 3 of its standard deviations
        share, covered, near = coverage(
            fake, centres, 3 * cfg.blob_std, cfg.cover_share
        )
        rec.record("step", step)
        rec.record("fake", fake)
        rec.record("heat", discriminator_field(D, EXTENT, cells=48))
        rec.record("loss_d", sum(round_d) / len(round_d))
        rec.record("loss_g", sum(round_g) / len(round_g))
        rec.record("mode_share", share)
        rec.record("covered", covered)
        rec.record("near", near)
        round_d.clear()
        round_g.clear()

    with torch.no_grad():  # round 0: the untrained pair, losses on one batch
        real = real_batch(cfg.batch_size, centres, cfg.blob_std, gen)
        z = torch.randn((cfg.batch_size, cfg.latent_dim), generator=gen)
        fake_logits = D(G(z))
        loss_d = F.softplus(-D(real)).mean() + F.softplus(fake_logits).mean()
        round_d.append(loss_d.item())
        round_g.append(F.softplus(-fake_logits).mean().item())
    record_round(0)

    start = time.perf_counter()
    for step in range(1, cfg.train_iters + 1):
        real = real_batch(cfg.batch_size, centres, cfg.blob_std, gen)
        z = torch.randn((cfg.batch_size, cfg.latent_dim), generator=gen)
        # Discriminator: real up, fake down (binary cross-entropy on logits).
        loss_d = F.softplus(-D(real)).mean() + F.softplus(D(G(z).detach())).mean()
        opt_d.zero_grad()
        loss_d.backward()
        opt_d.step()
        for _ in range(cfg.g_steps):  # generator: make D say "real"
            z = torch.randn((cfg.batch_size, cfg.latent_dim), generator=gen)
            loss_g = F.softplus(-D(G(z))).mean()
            opt_g.zero_grad()
            loss_g.backward()
            opt_g.step()
        round_d.append(loss_d.item())
        round_g.append(loss_g.item())
        if step in record_at:
            record_round(step)
    train_seconds = time.perf_counter() - start

    rec.put("data", real_batch(cfg.n_show, centres, cfg.blob_std, gen))
    rec.put("modes", centres)
    rec.put("run_name", ["your GAN"])  # one run: the recorder adds the run dim
    covered = int(rec.stacked()["covered"][-1])
    trace = rec.save(
        args.out,
        extents={"x": [-EXTENT, EXTENT], "y": [-EXTENT, EXTENT]},
        stats={
            "train_seconds": round(train_seconds, 2),
            "final_modes_covered": covered,
        },
    )
    print(
        f"wrote {args.out}: a {trace.kind} trace, {train_seconds:.1f} s of training, "
        f"{covered} of {len(centres)} blobs covered"
    )
    print("\n".join(report(trace)))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (RecordError, TraceError, OSError) as err:  # one line, no traceback
        sys.exit(f"{sys.argv[0]}: {err}")
