"""A real GAN on the 8x8 handwritten digits the diffusion chapter uses.

The forger (an MLP from a 32-number latent to 64 pixels) and the inspector (an
MLP from 64 pixels to a logit) train together, with the R1 gradient penalty
that keeps the 2D GAN from collapsing (``engine/gan/points.py``). Every round
the trace keeps the forger's digits for the same fixed latents, from blobs to
digits, and how an independent classifier, trained on real digits only (the
judge the diffusion chapter uses), reads them.

    python -m engine record gan_digits
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from engine.core import checkpoints, trace
from engine.core.config_args import ConfigError
from engine.core.provenance import code_and_config_hash, produced_by
from engine.core.training import progress_bar
from engine.data.digit_classifier import DigitJudge, train_judge
from engine.data.digits import NUM_CLASSES, SIDE, load_digits_scaled
from engine.gan.shared import (
    LeakyReLU,
    cached_run,
    fixed_latents,
    forger_loss_each,
    gan_step,
    inspector_loss,
    mlp,
    optimisers,
    record_steps,
)

KIND = "gan_digits"
CODE_MODULES = ["gan.digits", "gan.shared", "data.digits"]
PIXELS = SIDE * SIDE


@dataclass
class GanDigitsConfig:
    seed: int = 0  # every random draw (init, batches, latents, judge split) from it
    latent_dim: int = 32  # size of the forger's random input z
    hidden: int = 256  # width of both MLPs
    layers: int = 2  # hidden layers of both MLPs
    # training steps, each: 1 inspector step + 1 forger step. Seed 0, `python -m
    # engine record gan_digits`: 3000 steps, 93.7% of fakes read confidently,
    # all 10 digits, median distance to the nearest real digit 0.359; 2400,
    # 93.5%, 10, 0.372, a fifth less time; 2200, 91.7%, 10, 0.367
    train_iters: int = 2_400
    batch_size: int = 128
    lr: float = 5e-4  # Adam, both networks, cosine-decayed to zero
    r1_gamma: float = 1.0  # gradient penalty on the inspector at real digits
    record_every: int = 100  # training steps per recorded round (denser at first)
    n_show: int = 36  # fixed latents whose digits are recorded every round
    n_eval: int = 1_000  # fresh fakes the judge reads every round
    confident_at: float = 0.8  # a reading is confident at this probability or more
    class_share: float = 0.02  # a digit counts as drawn if this share of fakes is it

    def __post_init__(self):
        checks = [
            (1 <= self.latent_dim <= 1024, "latent_dim must be in 1..1024"),
            (0 <= self.r1_gamma <= 1000, "r1_gamma must be in 0..1000"),
            (
                1 <= self.record_every <= self.train_iters,
                "record_every must be in 1..train_iters",
            ),
            (1 <= self.n_eval <= 100_000, "n_eval must be in 1..100000"),
            (0 < self.confident_at < 1, "confident_at must be in (0, 1)"),
            (0 < self.class_share < 1, "class_share must be in (0, 1)"),
        ]
        for ok, problem in checks:
            if not ok:
                raise ConfigError(problem)


def build(cfg: GanDigitsConfig) -> tuple[nn.Module, nn.Module]:
    """The forger z -> 64 pixels in (-1, 1) and the inspector 64 pixels -> logit."""
    forger = nn.Sequential(
        mlp(cfg.latent_dim, cfg.hidden, PIXELS, cfg.layers, nn.ReLU), nn.Tanh()
    )
    inspector = mlp(PIXELS, cfg.hidden, 1, cfg.layers, LeakyReLU)
    return forger, inspector


def judge_quality(
    judge: DigitJudge, images: np.ndarray, confident_at: float, class_share: float
) -> tuple[float, int, np.ndarray]:
    """(share read confidently, digits covered, share read confidently as each)."""
    digits, prob = judge.read(images)
    sure = prob >= confident_at
    per_class = np.bincount(digits[sure], minlength=NUM_CLASSES) / len(images)
    return float(sure.mean()), int((per_class >= class_share).sum()), per_class


def nearest_distance(images: np.ndarray, real: np.ndarray, skip_self=False):
    """RMS pixel distance of each image (n, h, w) to its nearest real one. (n,)"""
    a = images.reshape(len(images), -1).astype(np.float64)  # (n, 64)
    b = real.reshape(len(real), -1).astype(np.float64)  # (N, 64)
    d2 = (a**2).sum(1)[:, None] + (b**2).sum(1)[None] - 2 * a @ b.T  # (n, N)
    if skip_self:  # the same set: ignore each image's distance to itself
        np.fill_diagonal(d2, np.inf)
    return np.sqrt(np.maximum(d2.min(1), 0) / a.shape[1])


def forger_checkpoint(cfg: GanDigitsConfig) -> tuple[Path, str]:
    """Where the trained forger for ``cfg`` is cached, and its key (code and
    config): written by ``record`` as it trains, read by the generation-speed
    comparison (engine/compare/), so the forger is trained once per make."""
    key = code_and_config_hash(asdict(cfg), CODE_MODULES)
    return checkpoints.checkpoint_path("gan_digits_forger", key), key


def train_run(
    cfg: GanDigitsConfig,
    judge: DigitJudge,
    progress: bool = True,
    keep: Callable[[nn.Module], None] | None = None,
) -> dict[str, np.ndarray]:
    """Train the GAN, recording every round; returns the arrays of the trace.
    ``keep``, if given, is handed the trained forger (to cache its weights)."""
    images, _ = load_digits_scaled()
    real_all = torch.from_numpy(images.reshape(len(images), PIXELS))  # (N, 64)
    torch.manual_seed(cfg.seed)
    forger, inspector = build(cfg)
    gen = torch.Generator().manual_seed(cfg.seed + 1)  # batches and latents
    z_show, z_eval = fixed_latents(cfg.seed, cfg.n_show, cfg.n_eval, cfg.latent_dim)
    opt_f, opt_i, decay = optimisers(forger, inspector, cfg.lr, cfg.train_iters)
    steps = record_steps(cfg.train_iters, cfg.record_every, ramp=True)
    rec: dict[str, list] = {
        k: []
        for k in ("fake", "read", "conf", "loss_d", "loss_g", "sure", "classes", "near")
    }

    def batch() -> torch.Tensor:
        return real_all[
            torch.randint(0, len(real_all), (cfg.batch_size,), generator=gen)
        ]

    def snapshot(loss_d: float, loss_g: float):
        with torch.no_grad():
            shown = forger(z_show).reshape(-1, SIDE, SIDE).numpy()  # (sample, h, w)
            fresh = forger(z_eval).reshape(-1, SIDE, SIDE).numpy()  # (n_eval, h, w)
        read, conf = judge.read(shown)
        sure, classes, _ = judge_quality(
            judge, fresh, cfg.confident_at, cfg.class_share
        )
        near = float(np.median(nearest_distance(fresh, images)))
        for name, value in (("fake", shown), ("read", read), ("conf", conf),
                            ("loss_d", loss_d), ("loss_g", loss_g), ("sure", sure),
                            ("classes", classes), ("near", near)):  # fmt: skip
            rec[name].append(value)

    with torch.no_grad():  # round 0: the untrained pair, losses on one batch
        z = torch.randn((cfg.batch_size, cfg.latent_dim), generator=gen)
        fake_logits = inspector(forger(z))
        snapshot(
            inspector_loss(inspector(batch()), fake_logits).item(),
            forger_loss_each(fake_logits).mean().item(),
        )

    train_seconds = 0.0
    losses_d, losses_g = [], []
    bar = progress_bar(range(1, cfg.train_iters + 1), f"train {KIND}", progress)
    for it in bar:
        start = time.perf_counter()
        real = batch()  # (B, 64)
        z = torch.randn((cfg.batch_size, cfg.latent_dim), generator=gen)  # (B, latent)
        loss_d, loss_g = gan_step(
            forger, inspector, opt_f, opt_i, real, [z], cfg.r1_gamma
        )
        for d in decay:
            d.step()
        train_seconds += time.perf_counter() - start
        losses_d.append(loss_d)
        losses_g.append(loss_g)
        if it in steps:
            snapshot(float(np.mean(losses_d)), float(np.mean(losses_g)))
            bar.set_postfix(
                loss_d=f"{loss_d:.3f}", sure=f"{rec['sure'][-1]:.2f}", refresh=False
            )
            losses_d.clear()
            losses_g.clear()
    bar.close()
    if keep is not None:
        keep(forger)

    # Generation speed: one pass through the forger for a whole batch.
    with torch.no_grad():
        forger(z_eval)  # warm-up
        start = time.perf_counter()
        fresh = forger(z_eval).reshape(-1, SIDE, SIDE).numpy()
        generate_seconds = time.perf_counter() - start
    sure, classes, per_class = judge_quality(
        judge, fresh, cfg.confident_at, cfg.class_share
    )
    return {
        "fake": np.stack(rec["fake"]).astype(np.float32),  # (round, sample, h, w)
        "read": np.stack(rec["read"]).astype(np.int32),  # (round, sample)
        "confidence": np.stack(rec["conf"]).astype(np.float32),  # (round, sample)
        "loss_d": np.array(rec["loss_d"], dtype=np.float32),  # (round,)
        "loss_g": np.array(rec["loss_g"], dtype=np.float32),
        "confident": np.array(rec["sure"], dtype=np.float32),
        "classes": np.array(rec["classes"], dtype=np.int32),
        "nearest_real": np.array(rec["near"], dtype=np.float32),
        "train_seconds": np.array(train_seconds),
        "ms_per_sample": np.array(1000 * generate_seconds / cfg.n_eval),
        "final_confident": np.array(sure),
        "final_classes": np.array(classes),
        "final_class_share": per_class.astype(np.float32),
        "final_fake": fresh.astype(np.float32),  # (n_eval, h, w): what was judged
    }


def record(
    cfg: GanDigitsConfig, out_path, progress: bool = True, use_cache: bool = True
) -> trace.Trace:
    """Train the GAN (or reuse a cached run), write the ``gan_digits`` trace.
    A run that trains also caches its forger (``forger_checkpoint``)."""

    def keep(forger: nn.Module) -> None:
        path, key = forger_checkpoint(cfg)
        checkpoints.save_state(path, key, forger.state_dict(), {})

    images, labels = load_digits_scaled()
    judge = train_judge(images, labels, cfg.seed)
    run = cached_run(
        KIND,
        {**asdict(cfg), "judge_accuracy": judge.held_out_accuracy},
        [*CODE_MODULES, "data.digit_classifier"],
        lambda: train_run(cfg, judge, progress, keep if use_cache else None),
        use_cache,
    )
    rng = np.random.default_rng(cfg.seed + 4)
    pick = rng.choice(len(images), cfg.n_show, replace=False)
    arrays = {
        name: run[name]
        for name in (
            "fake",
            "read",
            "confidence",
            "loss_d",
            "loss_g",
            "confident",
            "classes",
            "nearest_real",
            "final_fake",
        )  # fmt: skip
    }
    arrays.update(
        real=images[pick].astype(np.float32),
        real_label=labels[pick].astype(np.int32),
        step=np.array(
            record_steps(cfg.train_iters, cfg.record_every, ramp=True), dtype=np.int32
        ),
    )
    manifest = trace.build_manifest(
        KIND,
        config=asdict(cfg),
        produced_by=produced_by(),
        extents={"pixel": [-1, 1]},
        stats={
            "train_seconds": round(float(run["train_seconds"]), 2),
            "judge_held_out_accuracy": round(judge.held_out_accuracy, 4),
            "final_confident_share": round(float(run["final_confident"]), 4),
            "final_classes": int(run["final_classes"]),
            "final_class_share": [round(float(v), 4) for v in run["final_class_share"]],
            "final_nearest_real": round(float(run["nearest_real"][-1]), 4),
            # the same measure for real digits, each to its nearest other one
            "real_nearest_real": round(
                float(np.median(nearest_distance(images, images, skip_self=True))), 4
            ),
            "ms_per_sample": round(float(run["ms_per_sample"]), 5),
            "n_eval": cfg.n_eval,
        },
    )
    trace.save(out_path, manifest, arrays)
    return trace.Trace(manifest, arrays, str(out_path))
