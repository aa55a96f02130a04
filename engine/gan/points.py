"""Two real GANs on a ring of 8 Gaussians: one collapses, one is cured of it.

The data is the standard test of mode collapse (Metz et al. 2017, "Unrolled
GANs"): 8 small Gaussian blobs on a circle. Both runs start from the same
networks, see the same batches and use the same settings, in which the forger
takes 3 steps for every step of the inspector. A forger that outpaces its
inspector sends its fakes to whatever single spot the inspector currently
likes best, and chases that spot around the ring: mode collapse.

The second run adds one thing: the R1 gradient penalty (Mescheder et al. 2018),
which charges the inspector for steep verdicts around real data. Without it
the pair circles its equilibrium instead of settling (the paper's analysis;
here, the clump orbiting the ring): the inspector flips its verdict to wherever
the fakes are not, and the forger chases it. With it the inspector's verdict
stays smooth, it cannot flip from spot to spot, the oscillation is damped, and
the fakes settle on all 8 blobs. Neither result is forced: each is what its
training produced.

Each run is trained from ``seeds`` random starts at once (``engine/gan/
ensemble.py``): whether a plain GAN collapses depends on its start, so the
trace says how many starts of each run collapsed, with every start's final
fakes. The first start is recorded in full: each recorded round holds, for
both runs, the fakes from fixed latents, the
inspector's probability of "real" over a grid covering the plot, the push on
each fake (minus the gradient of the forger's loss), both losses, and how
many modes the fakes cover.

    python -m engine record gan_points
    python -m engine record gan_points --set data=my_points.csv   # your own points

With ``data``, the real points are yours (``engine/data/points_csv.py``: centred and
scaled to unit spread) and the "modes" are n_modes k-means centres of them, a
fake being near one within near_sigmas times their spread.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import NamedTuple

import numpy as np
import torch

from engine.core import trace
from engine.core.config_args import ConfigError
from engine.core.provenance import produced_by
from engine.core.training import progress_bar
from engine.data import points_csv
from engine.data.points import cluster_modes
from engine.gan.ensemble import (
    StackedMLP,
    leaky_relu,
    relu,
    stacked_gan_step,
    stacked_optimisers,
)
from engine.gan.shared import (
    cached_run,
    fixed_latents,
    forger_loss_each,
    forger_push,
    inspector_loss,
    record_steps,
)

KIND = "gan_points"
CODE_MODULES = ["gan.points", "gan.shared", "gan.ensemble"]
# Plot extents, as in the diffusion chapter: x and y from -EXTENT to EXTENT.
EXTENT = 4.0
RUN_NAMES = ("plain GAN", "R1 gradient penalty")


@dataclass
class GanPointsConfig:
    seed: int = 0  # every random draw (init, batches, latents) derives from it
    n_modes: int = 8  # Gaussian blobs on the ring
    ring_radius: float = 2.0  # data units
    mode_std: float = 0.05  # spread of each blob (data units)
    latent_dim: int = 16  # size of the forger's random input z
    hidden: int = 64  # width of both MLPs
    layers: int = 2  # hidden layers of both MLPs
    train_iters: int = 2_500  # training steps, each: 1 inspector step + g_steps
    g_steps: int = 3  # forger steps per inspector step; > 1 invites collapse
    batch_size: int = 128
    lr: float = 1e-3  # Adam, both networks, cosine-decayed to zero
    r1_gamma: float = 3.0  # strength of the remedy (second run only)
    record_every: int = 25  # training steps per recorded round ...
    dense_steps: int = 12  # ... except the first ones: one round per step
    n_show: int = 1_000  # fixed latents whose fakes are recorded every round
    heat_grid: int = 64  # the inspector's map: heat_grid x heat_grid cells
    n_eval: int = 10_000  # fresh fakes for the final quality figures
    near_sigmas: float = 3.0  # "near a mode": within this many mode_std
    cover_share: float = 0.02  # a mode is covered when this share of fakes is near it
    seeds: int = 8  # GANs trained side by side from different starts; seed 0 shown
    data: str = ""  # a CSV of your own x,y points; "" = the ring of n_modes blobs

    def __post_init__(self):
        if self.data:  # pinned to the file's content, so the cache follows it
            self.data = points_csv.pin(self.data)
        checks = [
            (self.n_modes >= 2, "n_modes must be at least 2"),
            (0 < self.ring_radius < EXTENT, f"ring_radius must be in (0, {EXTENT})"),
            (0 < self.mode_std < 1, "mode_std must be in (0, 1)"),
            (1 <= self.latent_dim <= 1024, "latent_dim must be in 1..1024"),
            (1 <= self.g_steps <= 20, "g_steps must be in 1..20"),
            (1 <= self.seeds <= 32, "seeds must be in 1..32"),
            (0 <= self.r1_gamma <= 1000, "r1_gamma must be in 0..1000"),
            (
                1 <= self.record_every <= self.train_iters,
                "record_every must be in 1..train_iters",
            ),
            (0 <= self.dense_steps <= self.train_iters, "dense_steps too large"),
            (2 <= self.heat_grid <= 256, "heat_grid must be in 2..256"),
            (1 <= self.n_eval <= 100_000, "n_eval must be in 1..100000"),
            (0 < self.near_sigmas <= 10, "near_sigmas must be in (0, 10]"),
            (0 < self.cover_share < 1, "cover_share must be in (0, 1)"),
        ]
        for ok, problem in checks:
            if not ok:
                raise ConfigError(problem)


# Data
def ring_modes(n_modes: int, radius: float) -> np.ndarray:
    """Centres of the blobs, evenly around a circle from angle 0. (mode, 2)"""
    angle = 2 * np.pi * np.arange(n_modes) / n_modes
    return (radius * np.stack([np.cos(angle), np.sin(angle)], 1)).astype(np.float32)


def sample_ring(n: int, modes: torch.Tensor, std: float, gen: torch.Generator):
    """``n`` real points: a blob chosen uniformly, plus Gaussian spread. (n, 2)"""
    which = torch.randint(0, len(modes), (n,), generator=gen)  # (n,)
    return modes[which] + std * torch.randn((n, 2), generator=gen)


class RealData(NamedTuple):
    modes: np.ndarray  # (mode, 2) centres
    spread: float  # the size "near a mode" is measured in (near_sigmas of it)
    sample: Callable[[int, torch.Generator], torch.Tensor]  # n real points, (n, 2)


def real_data(cfg: GanPointsConfig) -> RealData:
    """The real points: the ring of blobs, or the points of ``cfg.data``."""
    if not cfg.data:
        modes = ring_modes(cfg.n_modes, cfg.ring_radius)
        centres = torch.from_numpy(modes)
        return RealData(
            modes,
            cfg.mode_std,
            lambda n, gen: sample_ring(n, centres, cfg.mode_std, gen),
        )
    pool = points_csv.load(cfg.data)  # (m, 2), normalised
    modes, spread = cluster_modes(pool, cfg.n_modes, cfg.seed)
    pool_t = torch.from_numpy(pool)
    return RealData(
        modes,
        spread,
        lambda n, gen: pool_t[torch.randint(0, len(pool_t), (n,), generator=gen)],
    )


# Measures
def mode_coverage(
    points: np.ndarray,
    modes: np.ndarray,
    std: float,
    near_sigmas: float = 3.0,
    cover_share: float = 0.02,
) -> tuple[np.ndarray, int, float]:
    """How well ``points`` (n, 2) cover the ``modes`` (mode, 2).

    Returns (share of points near each mode (mode,), modes covered, share of
    points near any mode). A point is near a mode within ``near_sigmas * std``
    of its centre; a mode is covered when at least ``cover_share`` of the points
    are near it (Srivastava et al. 2017, VEEGAN, count the same way).
    """
    dist = np.linalg.norm(points[:, None, :] - modes[None], axis=-1)  # (n, mode)
    near = dist <= near_sigmas * std  # (n, mode); blobs far apart: at most one
    share = near.mean(0)  # (mode,)
    return share, int((share >= cover_share).sum()), float(near.any(1).mean())


def grid_points(extent: float, n: int) -> np.ndarray:
    """Centres of an n x n grid of cells covering [-extent, extent]^2, row-major
    from the top row (y = +extent) down, left to right: image order. (n*n, 2)"""
    centres = -extent + (np.arange(n) + 0.5) * (2 * extent / n)  # (n,)
    ys, xs = np.meshgrid(centres[::-1], centres, indexing="ij")  # (n, n) each
    return np.stack([xs.ravel(), ys.ravel()], 1).astype(np.float32)


@torch.no_grad()
def inspector_map(inspector: Callable, extent: float, n: int) -> np.ndarray:
    """The inspector's probability of "real" on the grid of ``grid_points``.

    (gy, gx): row 0 is the top of the plot, column 0 its left edge.
    """
    logits = inspector(torch.from_numpy(grid_points(extent, n)))  # (n*n, 1)
    return torch.sigmoid(logits).reshape(n, n).numpy()


def schedule(cfg: GanPointsConfig) -> list[int]:
    """Training steps after which rounds are recorded (0 = untrained)."""
    return record_steps(cfg.train_iters, cfg.record_every, dense=cfg.dense_steps)


# Networks
def build(cfg: GanPointsConfig) -> tuple[StackedMLP, StackedMLP]:
    """``cfg.seeds`` forgers z -> point and inspectors point -> logit, freshly
    initialised, stacked: (S, B, latent) -> (S, B, 2) and (S, B, 2) -> (S, B, 1)."""
    forger = StackedMLP(cfg.seeds, cfg.latent_dim, cfg.hidden, 2, cfg.layers, relu)
    inspector = StackedMLP(cfg.seeds, 2, cfg.hidden, 1, cfg.layers, leaky_relu)
    return forger, inspector


def member(net: StackedMLP, k: int) -> Callable[[torch.Tensor], torch.Tensor]:
    """Member ``k`` of a stacked network as a plain function: (B, d) -> (B, out)."""
    return lambda x: net(x)[k]


def train_run(
    cfg: GanPointsConfig, r1_gamma: float, label: str, progress: bool = True
) -> dict[str, np.ndarray]:
    """Train ``cfg.seeds`` GANs at once (one per seed) and record every round of
    the first in full, the others' coverage.

    Both runs of a trace call this with the same cfg, so member k of each starts
    from the same networks and draws the same batches; only ``r1_gamma`` differs.
    """
    n = cfg.seeds
    torch.manual_seed(cfg.seed)
    forger, inspector = build(cfg)
    gen = torch.Generator().manual_seed(cfg.seed + 1)  # batches and latents
    real_points = real_data(cfg)
    modes_np, spread = real_points.modes, real_points.spread
    z_show, z_eval = fixed_latents(cfg.seed, cfg.n_show, cfg.n_eval, cfg.latent_dim)
    opt_f, opt_i, decay = stacked_optimisers(
        forger, inspector, cfg.lr, cfg.train_iters
    )
    steps = set(schedule(cfg))
    rec: dict[str, list] = {k: [] for k in ("fake", "push", "heat", "share", "near")}
    rec.update(covered=[], loss_d=[], loss_g=[], seed_covered=[])
    shown_f, shown_i = member(forger, 0), member(inspector, 0)

    state = {}

    def coverage(points: np.ndarray):
        return mode_coverage(points, modes_np, spread, cfg.near_sigmas, cfg.cover_share)

    def snapshot(loss_d: float, loss_g: float):
        with torch.no_grad():
            fakes = forger(z_show)  # (member, sample, 2)
        fake = fakes[0]
        # The push the forger faced in this round: this round's inspector judging
        # the fakes as the round found them (round 0: as they are).
        before = state.get("fake", fake)
        state["fake"] = fake
        share, covered, near = coverage(fake.numpy())
        rec["fake"].append(fake.numpy())
        rec["push"].append(forger_push(shown_i, before).numpy())
        rec["heat"].append(inspector_map(shown_i, EXTENT, cfg.heat_grid))
        rec["share"].append(share)
        rec["near"].append(near)
        rec["covered"].append(covered)
        rec["seed_covered"].append([coverage(f)[1] for f in fakes.numpy()])
        rec["loss_d"].append(loss_d)
        rec["loss_g"].append(loss_g)

    def real_batch() -> torch.Tensor:  # every member its own real points
        return real_points.sample(n * cfg.batch_size, gen).reshape(n, -1, 2)

    def latent_batch() -> torch.Tensor:
        return torch.randn((n, cfg.batch_size, cfg.latent_dim), generator=gen)

    # Round 0: the untrained pair, its losses measured on one batch.
    with torch.no_grad():
        real, z = real_batch()[0], latent_batch()[0]
        fake_logits = shown_i(shown_f(z))
        loss_d0 = inspector_loss(shown_i(real), fake_logits).item()
        loss_g0 = forger_loss_each(fake_logits).mean().item()
    snapshot(loss_d0, loss_g0)

    train_seconds = 0.0
    losses_d, losses_g = [], []
    bar = progress_bar(
        range(1, cfg.train_iters + 1), f"train {KIND} ({label}, {n} seeds)", progress
    )
    for it in bar:
        start = time.perf_counter()
        real = real_batch()  # (S, B, 2)
        latents = [latent_batch() for _ in range(cfg.g_steps)]  # g_steps x (S, B, z)
        loss_d, loss_g = stacked_gan_step(
            forger, inspector, opt_f, opt_i, real, latents, r1_gamma
        )
        for d in decay:
            d.step()
        train_seconds += time.perf_counter() - start
        losses_d.append(float(loss_d[0]))
        losses_g.append(float(loss_g[0]))
        if it in steps:  # a round ends: losses averaged over it
            snapshot(float(np.mean(losses_d)), float(np.mean(losses_g)))
            bar.set_postfix(
                loss_d=f"{losses_d[-1]:.3f}", modes=rec["covered"][-1], refresh=False
            )
            losses_d.clear()
            losses_g.clear()
    bar.close()

    with torch.no_grad():
        final = forger(z_eval).numpy()  # (member, n_eval, 2)
    judged = [coverage(f) for f in final]
    return {
        "fake": np.stack(rec["fake"]),  # (round, sample, 2)
        "push": np.stack(rec["push"]),  # (round, sample, 2)
        "heat": np.stack(rec["heat"]),  # (round, gy, gx)
        "mode_share": np.stack(rec["share"]),  # (round, mode)
        "near": np.array(rec["near"]),  # (round,)
        "covered": np.array(rec["covered"], dtype=np.int32),  # (round,)
        "seed_covered": np.array(rec["seed_covered"], dtype=np.int32),  # (round, S)
        "loss_d": np.array(rec["loss_d"]),
        "loss_g": np.array(rec["loss_g"]),
        "train_seconds": np.array(train_seconds),
        "final_fake": final.astype(np.float32),  # (member, n_eval, 2)
        "final_covered": np.array([c for _, c, _ in judged]),  # (member,)
        "final_near": np.array([nr for _, _, nr in judged]),  # (member,)
    }


def record(
    cfg: GanPointsConfig, out_path, progress: bool = True, use_cache: bool = True
) -> trace.Trace:
    """Train both runs (or reuse cached ones), write the ``gan_points`` trace."""
    runs = []
    # Your own points are read and clustered by two more modules.
    code = CODE_MODULES + (["data.points_csv", "data.points"] if cfg.data else [])
    for label, gamma in zip(RUN_NAMES, (0.0, cfg.r1_gamma), strict=True):
        # Keyed by what this run used: the plain run ignores r1_gamma.
        key = {**asdict(cfg), "r1_gamma": gamma}
        runs.append(
            cached_run(
                KIND,
                key,
                code,
                lambda g=gamma, n=label: train_run(cfg, g, n, progress),
                use_cache,
            )
        )
    per_run = ("fake", "push", "heat", "mode_share", "near", "loss_d", "loss_g")
    arrays = {name: np.stack([r[name] for r in runs]) for name in per_run}
    arrays = {k: v.astype(np.float32) for k, v in arrays.items()}
    arrays["covered"] = np.stack([r["covered"] for r in runs]).astype(np.int32)
    # Every seed's outcome, so "typical" and "k of N seeds" can be checked
    # from the trace: per run and seed, the modes covered each round and at
    # the end, and the final fakes those end figures were measured on.
    arrays["seed_covered"] = np.stack([r["seed_covered"] for r in runs]).astype(
        np.int32
    )  # (run, round, seed)
    arrays["seed_final_covered"] = np.stack(
        [r["final_covered"] for r in runs]
    ).astype(np.int32)  # (run, seed)
    arrays["seed_final_near"] = np.stack([r["final_near"] for r in runs]).astype(
        np.float32
    )  # (run, seed)
    # (run, seed, eval, 2)
    arrays["final_fake"] = np.stack([r["final_fake"] for r in runs])
    arrays["step"] = np.array(schedule(cfg), dtype=np.int32)
    real_points = real_data(cfg)
    arrays["modes"] = real_points.modes
    gen = torch.Generator().manual_seed(cfg.seed + 4)  # apart from training draws
    arrays["data"] = real_points.sample(cfg.n_show, gen).numpy()
    arrays["run_name"] = np.array(RUN_NAMES)
    manifest = trace.build_manifest(
        KIND,
        config=asdict(cfg),
        produced_by=produced_by(),
        extents={"x": [-EXTENT, EXTENT], "y": [-EXTENT, EXTENT]},
        stats={
            "runs": list(RUN_NAMES),
            "train_seconds": [round(float(r["train_seconds"]), 2) for r in runs],
            # the run shown (the first seed), then every seed
            "final_modes_covered": [int(r["final_covered"][0]) for r in runs],
            "final_near_share": [round(float(r["final_near"][0]), 4) for r in runs],
            "seeds": cfg.seeds,
            "seed_final_covered": [[int(c) for c in r["final_covered"]] for r in runs],
            "n_eval": cfg.n_eval,
            "near_radius": round(cfg.near_sigmas * real_points.spread, 4),
        },
    )
    trace.save(out_path, manifest, arrays)
    return trace.Trace(manifest, arrays, str(out_path))
