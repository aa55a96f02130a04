"""One pass against many: the digits GAN and the digits diffusion model, timed.

In one process and one run, the trained GAN forger (``engine/gan/digits.py``)
and the trained diffusion denoiser (``engine/diffusion/digits_model.py``) each make
the same number of digits, and each sampler is timed: the median of several
runs, per sample, at a batch of ``batch`` and alone. The GAN needs one pass
through its network; DDPM (the diffusion model's default sampler) needs all T;
the fewer-step DDIM counts the diffusion chapter compares (StepsVsSpeed) are
timed here too, so every scene shows one measured time for each.

    python -m engine record generation_speed

Both models come from the checkpoint cache when their code and config match;
otherwise they are trained first (about a minute, and half a minute, on 2 cores).
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

import numpy as np
import torch
from torch import nn

from engine.core import checkpoints, trace
from engine.core.config_args import ConfigError, check_limits
from engine.core.provenance import produced_by
from engine.core.recorder import Recorder
from engine.core.training import progress_bar
from engine.data.digits import NUM_CLASSES, SIDE, load_digits_scaled
from engine.diffusion.digits_model import DigitsDiffusionConfig, trained_model
from engine.diffusion.digits_record import speed_counts
from engine.diffusion.digits_sampling import sample
from engine.gan.digits import PIXELS, GanDigitsConfig, forger_checkpoint
from engine.gan.digits import build as build_gan
from engine.gan.shared import gan_step, optimisers

KIND = "generation_speed"
METHODS = ("GAN", "DDPM", "DDIM")  # the order of every per-method array


@dataclass
class GenerationSpeedConfig:
    seed: int = 0  # the noise, latents and sampler draws of the timed samples
    batch: int = 10  # samples per timed call; diffusion prompts 0..9 in turn
    repeats: int = 3  # timed calls per sampler and batch size; the median is kept
    frames: int = 50  # diffusion frames kept for the scene (DDPM, evenly spaced)
    # The two models: their own configs' defaults, so the default run times the
    # very models the other scenes show. Shrink them only for quick tests.
    diffusion_steps: int = DigitsDiffusionConfig.num_steps  # T: DDPM's passes
    diffusion_hidden: int = DigitsDiffusionConfig.hidden
    diffusion_train_iters: int = DigitsDiffusionConfig.train_iters
    gan_hidden: int = GanDigitsConfig.hidden
    gan_train_iters: int = GanDigitsConfig.train_iters

    def __post_init__(self):
        checks = [
            (1 <= self.batch <= 1000, "batch must be in 1..1000"),
            (1 <= self.repeats <= 100, "repeats must be in 1..100"),
            (2 <= self.frames <= 1000, "frames must be in 2..1000"),
            (1 <= self.diffusion_steps <= 10000, "diffusion_steps must be in 1..10000"),
            (1 <= self.diffusion_hidden <= 4096, "diffusion_hidden must be in 1..4096"),
            (1 <= self.gan_hidden <= 4096, "gan_hidden must be in 1..4096"),
            (
                1 <= self.diffusion_train_iters <= 1_000_000,
                "diffusion_train_iters must be in 1..1000000",
            ),
            (
                1 <= self.gan_train_iters <= 1_000_000,
                "gan_train_iters must be in 1..1000000",
            ),
        ]
        for ok, problem in checks:
            if not ok:
                raise ConfigError(problem)
        self.diffusion(), self.gan()  # bad model settings: one line, before training

    def diffusion(self) -> DigitsDiffusionConfig:
        cfg = DigitsDiffusionConfig(
            num_steps=self.diffusion_steps,
            hidden=self.diffusion_hidden,
            train_iters=self.diffusion_train_iters,
        )
        cfg.few_steps = min(cfg.few_steps, cfg.num_steps)
        check_limits(cfg)
        return cfg

    def gan(self) -> GanDigitsConfig:
        cfg = GanDigitsConfig(
            hidden=self.gan_hidden,
            train_iters=self.gan_train_iters,
            record_every=min(GanDigitsConfig.record_every, self.gan_train_iters),
        )
        check_limits(cfg)
        return cfg


def train_forger(cfg: GanDigitsConfig, progress: bool = True) -> nn.Module:
    """Train the digits GAN exactly as ``gan_digits.train_run`` does; the forger.

    Same seeds, same order of random draws (round 0 draws a latent batch and a
    real batch before training starts), same steps: the same weights, so the
    forger timed here is the one ``DigitForger`` shows. (train_run keeps only
    the recorded history, not the weights; a test checks the two agree.)
    """
    images, _ = load_digits_scaled()
    real_all = torch.from_numpy(images.reshape(len(images), PIXELS))  # (N, 64)
    torch.manual_seed(cfg.seed)
    forger, inspector = build_gan(cfg)
    gen = torch.Generator().manual_seed(cfg.seed + 1)  # batches and latents
    opt_f, opt_i, decay = optimisers(forger, inspector, cfg.lr, cfg.train_iters)

    def batch() -> torch.Tensor:
        return real_all[
            torch.randint(0, len(real_all), (cfg.batch_size,), generator=gen)
        ]

    torch.randn((cfg.batch_size, cfg.latent_dim), generator=gen)  # round 0's latents
    batch()  # round 0's real batch
    bar = progress_bar(range(cfg.train_iters), "train gan_digits forger", progress)
    for _ in bar:
        real = batch()  # (B, 64)
        z = torch.randn((cfg.batch_size, cfg.latent_dim), generator=gen)  # (B, latent)
        gan_step(forger, inspector, opt_f, opt_i, real, [z], cfg.r1_gamma)
        for d in decay:
            d.step()
    bar.close()
    return forger.eval()


def trained_forger(
    cfg: GanDigitsConfig, progress: bool = True, use_cache: bool = True
) -> nn.Module:
    """The trained forger for ``cfg``, cached when code and config match."""
    path, key = forger_checkpoint(cfg)  # gan_digits' record writes it
    blob = checkpoints.load_state(path, key) if use_cache else None
    forger, _ = build_gan(cfg)
    if checkpoints.restore(forger, blob, path):
        return forger.eval()
    forger = train_forger(cfg, progress)
    if use_cache:
        checkpoints.save_state(path, key, forger.state_dict(), {})
    return forger


def median_seconds(run, size: int, repeats: int) -> tuple[float, list[float], object]:
    """Time ``run(size)``: (median seconds, every run's seconds, the last output).

    One untimed warm-up call first (first calls pay for allocation).
    """
    out = run(size)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        out = run(size)
        times.append(time.perf_counter() - start)
    return float(np.median(times)), times, out


def record(
    cfg: GenerationSpeedConfig, out_path, progress: bool = True, use_cache: bool = True
) -> trace.Trace:
    dcfg, gcfg = cfg.diffusion(), cfg.gan()
    model, schedule, _, _ = trained_model(dcfg, progress, use_cache)
    forger = trained_forger(gcfg, progress, use_cache)
    n = cfg.batch
    prompts = torch.arange(n) % NUM_CLASSES  # (sample,)
    static = torch.randn(
        (n, SIDE, SIDE), generator=torch.Generator().manual_seed(cfg.seed + 1)
    )  # (sample, h, w): the diffusion model's starting noise
    latents = torch.randn(
        (n, gcfg.latent_dim), generator=torch.Generator().manual_seed(cfg.seed + 2)
    )  # (sample, latent): the GAN's starting noise

    def gan(z):
        with torch.no_grad():
            return forger(z).reshape(-1, SIDE, SIDE)  # one pass: (B, 64) -> (B, h, w)

    def diffusion(method, steps, labels, noise, recorder=None):
        return sample(
            model, schedule, labels, noise, steps=steps, method=method,
            guidance=dcfg.guidance,
            generator=torch.Generator().manual_seed(cfg.seed + 3),
            recorder=recorder,
            record_every=max(1, dcfg.num_steps // cfg.frames),
        )  # fmt: skip

    def steps_sampler(count: int):
        method = "ddpm" if count == dcfg.num_steps else "ddim"
        steps = None if method == "ddpm" else count
        return lambda k: diffusion(method, steps, prompts[:k], static[:k])

    # Every step count the diffusion chapter compares, timed here and only here,
    # so StepsVsSpeed, OneShotGeneration and the table show one value for each.
    def timed_run(run):
        """(ms per sample in a batch of n, every run's, ms alone, the output)."""
        seconds, times, out = median_seconds(run, n, cfg.repeats)
        alone = median_seconds(run, 1, cfg.repeats)[0]
        return 1000 * seconds / n, [1000 * t / n for t in times], 1000 * alone, out

    counts = speed_counts(dcfg)
    timed = {count: timed_run(steps_sampler(count)) for count in counts}
    timed_gan = timed_run(lambda k: gan(latents[:k]))
    ddim = timed.get(dcfg.few_steps) if dcfg.few_steps < dcfg.num_steps else None
    if ddim is None:  # a test's tiny schedule: the fast sampler takes all T steps
        ddim = timed_run(
            lambda k: diffusion("ddim", dcfg.few_steps, prompts[:k], static[:k])
        )
    by_method = {"GAN": timed_gan, "DDPM": timed[dcfg.num_steps], "DDIM": ddim}
    ms = [by_method[m][0] for m in METHODS]
    runs_ms = [by_method[m][1] for m in METHODS]
    ms_single = [by_method[m][2] for m in METHODS]
    outputs = {m: by_method[m][3].numpy() for m in METHODS}

    # The DDPM run again, untimed, keeping frames: same draws, same final digits.
    rec = Recorder(["x", "t"])
    diffusion("ddpm", None, prompts, static, rec)
    frames = rec.stacked()
    guided = dcfg.guidance not in (0.0, 1.0)  # guidance runs the network twice a step
    passes = [1, dcfg.num_steps, dcfg.few_steps]
    arrays = {
        "method": np.array(METHODS),
        "passes": np.array(passes, dtype=np.int32),
        "evaluations": np.array(
            [1, *(p * (2 if guided else 1) for p in passes[1:])], dtype=np.int32
        ),
        "ms_per_sample": np.array(ms, dtype=np.float32),
        "ms_single": np.array(ms_single, dtype=np.float32),
        "run_ms": np.array(runs_ms, dtype=np.float32),
        "gan_latents": latents.numpy().astype(np.float32),
        "gan_samples": outputs["GAN"].astype(np.float32),
        "prompts": prompts.numpy().astype(np.int32),
        "diffusion_samples": outputs["DDPM"].astype(np.float32),
        "ddim_samples": outputs["DDIM"].astype(np.float32),
        "diffusion_frames": frames["x"].astype(np.float32),
        "diffusion_frame_t": frames["t"].astype(np.int32),
        "step_counts": np.array(counts, dtype=np.int32),
        "step_ms_per_sample": np.array([timed[c][0] for c in counts], np.float32),
        "step_ms_single": np.array([timed[c][2] for c in counts], np.float32),
    }
    stats = {
        f"ms_per_sample_{k}": round(m, 5) for k, m in zip(METHODS, ms, strict=True)
    }
    stats.update(
        {
            f"ms_single_{name}": round(m, 5)
            for name, m in zip(METHODS, ms_single, strict=True)
        }
    )
    stats.update({f"ms_per_image_{c}_steps": round(timed[c][0], 4) for c in counts})
    stats["ratio_ddpm_to_gan"] = round(ms[1] / ms[0], 1)
    stats["ratio_ddim_to_gan"] = round(ms[2] / ms[0], 1)
    stats["torch_threads"] = torch.get_num_threads()
    manifest = trace.build_manifest(
        KIND,
        config={
            **asdict(cfg),
            "diffusion_config": asdict(dcfg),
            "gan_config": asdict(gcfg),
        },
        produced_by=produced_by(),
        extents={"pixel": [-1.0, 1.0]},
        stats=stats,
    )
    trace.save(out_path, manifest, arrays)
    return trace.Trace(manifest, arrays, str(out_path))
