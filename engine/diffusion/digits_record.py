"""Recording the ``digits_diffusion`` trace: what every diffusion-chapter scene draws.

One trained model, measured five ways: a real digit noised step by step (and
one training example: noisy image in, noise out); ten prompts denoised from the
same static, with the model's guess at each step; the same prompts at fewer and
fewer steps, judged (their time is measured by generation_speed); guidance
scales from 0 upwards, with the two guesses guidance mixes; and how far
samples are from their nearest training image.

    python -m engine record digits_diffusion
"""

from __future__ import annotations

from dataclasses import asdict

import numpy as np
import torch

from engine.core import trace
from engine.core.provenance import produced_by
from engine.core.recorder import Recorder
from engine.data.digit_classifier import train_judge
from engine.data.digits import NUM_CLASSES, load_digits_scaled
from engine.diffusion.digits_model import (
    KIND,
    NULL_LABEL,
    DigitsDiffusionConfig,
    trained_model,
)
from engine.diffusion.digits_sampling import CLIP, guided_noise, sample

SPEED_STEPS = (100, 20, 5, 1)  # fewer-step (DDIM) counts compared with all T steps
GUIDANCE_SCALES = (0.0, 1.0, 2.0, 4.0, 8.0, 16.0)
GUIDANCE_PROMPTS = (2, 3, 7)
FORWARD_FRAMES = 101  # forward-noising frames recorded, evenly spaced over 0..T
REVERSE_FRAMES = 100  # reverse frames recorded (every T/100 steps)


def record(
    cfg: DigitsDiffusionConfig, out_path, progress: bool = True, use_cache: bool = True
) -> trace.Trace:
    model, schedule, losses, train_seconds = trained_model(cfg, progress, use_cache)
    images, labels = load_digits_scaled()
    judge = train_judge(images, labels, cfg.seed)
    arrays: dict[str, np.ndarray] = {
        "loss": losses,
        "signal": schedule.signal_share().numpy(),
        "noise": schedule.noise_share().numpy(),
    }
    stats = {
        "train_seconds": round(train_seconds, 2),
        "final_loss": round(float(losses[-1]), 5),
        "judge_accuracy_on_real": round(judge.held_out_accuracy, 4),
    }

    arrays.update(_forward(cfg, schedule, model, images, labels))
    arrays.update(_reverse(cfg, schedule, model, judge))
    speed, speed_stats = _speed(cfg, schedule, model, judge)
    arrays.update(speed)
    stats.update(speed_stats)
    arrays.update(_guidance(cfg, schedule, model, judge))
    arrays.update(_novelty(arrays["speed_eval_samples"], images))
    stats["median_nearest_train_distance"] = round(
        float(np.median(arrays["nearest_train"])), 4
    )
    stats["median_nearest_real_distance"] = round(
        float(np.median(arrays["nearest_real"])), 4
    )

    arrays = {
        k: (v.astype(np.float32) if v.dtype.kind == "f" else v.astype(np.int32))
        for k, v in arrays.items()
    }
    manifest = trace.build_manifest(
        KIND,
        config=asdict(cfg),
        produced_by=produced_by(),
        extents={"pixel": [-1.0, 1.0]},
        stats=stats,
    )
    trace.save(out_path, manifest, arrays)
    return trace.Trace(manifest, arrays, str(out_path))


def _forward(cfg, schedule, model, images, labels) -> dict[str, np.ndarray]:
    """A real digit noised to evenly spaced steps with one fixed draw of noise.

    x_t = sqrt(alpha_bar_t) x_0 + sqrt(1 - alpha_bar_t) noise is exactly what the
    network sees in training; one fixed noise makes the static replace the
    image smoothly rather than flicker.
    """
    rng = np.random.default_rng(cfg.seed + 10)
    index = int(rng.choice(np.flatnonzero(labels == 3)))  # a real training "3"
    x0 = torch.from_numpy(images[index])[None]  # (1, 8, 8)
    noise = torch.randn(
        x0.shape, generator=torch.Generator().manual_seed(cfg.seed + 11)
    )
    steps = np.linspace(0, cfg.num_steps, FORWARD_FRAMES).round().astype(np.int64)
    noised = torch.cat(
        [schedule.add_noise(x0, noise, torch.tensor([int(t)])) for t in steps]
    )  # (frame, 8, 8)
    # One training example: the noisy image in, the true noise and the model's answer.
    t_train = cfg.num_steps // 2
    noisy = schedule.add_noise(x0, noise, torch.tensor([t_train]))
    with torch.no_grad():
        predicted = model(
            noisy, torch.tensor([t_train]), torch.tensor([int(labels[index])])
        )
    return {
        "forward_x0": images[index],
        "forward": noised.numpy(),
        "forward_t": steps,
        "train_t": np.array([t_train]),
        "train_noisy": noisy[0].numpy(),
        "train_noise": noise[0].numpy(),
        "train_predicted": predicted[0].numpy(),
    }


def _reverse(cfg, schedule, model, judge) -> dict[str, np.ndarray]:
    """Prompts 0..9 denoised by DDPM from the same static (one noise, ten prompts)."""
    prompts = torch.arange(NUM_CLASSES)
    static = torch.randn(
        (1, 8, 8), generator=torch.Generator().manual_seed(cfg.seed + 20)
    )
    rec = Recorder()
    final = sample(
        model,
        schedule,
        prompts,
        static.expand(NUM_CLASSES, 8, 8).clone(),
        method="ddpm",
        guidance=cfg.guidance,
        generator=torch.Generator().manual_seed(cfg.seed + 21),
        recorder=rec,
        record_every=max(1, cfg.num_steps // REVERSE_FRAMES),
    )
    read, confidence = judge.read(final.numpy())
    frames = rec.stacked()
    return {
        "prompts": prompts.numpy(),
        "reverse": frames["x"],
        "reverse_x0": frames["x0"],
        "reverse_t": frames["t"],
        "reverse_read": read,
        "reverse_confidence": confidence,
    }


def speed_counts(cfg: DigitsDiffusionConfig) -> list[int]:
    """The step counts compared: all T (DDPM) first, then the fewer-step (DDIM)
    counts this schedule allows, the fast sampler's default among them.
    ``engine/compare/generation_speed.py`` times these same counts."""
    counts = [cfg.num_steps] + [c for c in SPEED_STEPS if c < cfg.num_steps]
    if cfg.few_steps not in counts and cfg.few_steps < cfg.num_steps:
        counts = sorted([*counts, cfg.few_steps], reverse=True)
    return counts


def _speed(cfg, schedule, model, judge):
    """The same prompts at fewer and fewer steps: what each count draws, and
    how many of its samples read as asked.

    DDPM takes all T steps; the smaller counts use DDIM on the same network.
    Accuracy is judged on ``eval_per_digit`` samples of every digit. The time
    each count takes is measured once, with the GAN's, by generation_speed.
    """
    counts = speed_counts(cfg)
    prompts = torch.arange(NUM_CLASSES)
    static = torch.randn(
        (NUM_CLASSES, 8, 8), generator=torch.Generator().manual_seed(cfg.seed + 30)
    )
    eval_labels = torch.arange(NUM_CLASSES).repeat_interleave(cfg.eval_per_digit)
    eval_noise = torch.randn(
        (len(eval_labels), 8, 8), generator=torch.Generator().manual_seed(cfg.seed + 31)
    )
    shown, accuracy, confidence, nearest, judged_all = [], [], [], [], []
    eval_samples = None
    real = load_digits_scaled()[0]
    for count in counts:
        method = "ddpm" if count == cfg.num_steps else "ddim"

        def run(labels, noise, seed, count=count, method=method):
            return sample(
                model,
                schedule,
                labels,
                noise,
                steps=count,
                method=method,
                guidance=cfg.guidance,
                generator=torch.Generator().manual_seed(seed),
            )

        shown.append(run(prompts, static, cfg.seed + 32).numpy())
        judged = run(eval_labels, eval_noise, cfg.seed + 33).numpy()
        judged_all.append(judged)
        read, prob = judge.read(judged)
        accuracy.append(float((read == eval_labels.numpy()).mean()))
        confidence.append(float(prob.mean()))
        nearest.append(float(np.median(_nearest(judged, real))))
        if count == cfg.num_steps:
            eval_samples = judged
    stats = {
        f"accuracy_{c}_steps": round(a, 4)
        for c, a in zip(counts, accuracy, strict=True)
    }
    arrays = {
        "speed_steps": np.array(counts),
        "speed_samples": np.stack(shown),
        "speed_accuracy": np.array(accuracy),
        "speed_confidence": np.array(confidence),
        "speed_nearest_real": np.array(nearest),
        "speed_eval_samples": eval_samples,
        # every count's judged samples, prompts in eval_labels' order
        "speed_judged": np.stack(judged_all),
        "eval_labels": eval_labels.numpy(),
    }
    return arrays, stats


def _guidance(cfg, schedule, model, judge) -> dict[str, np.ndarray]:
    """The same static and prompts at rising guidance scales (fast DDIM sampler)."""
    prompts = torch.tensor(GUIDANCE_PROMPTS)
    static = torch.randn(
        (len(prompts), 8, 8), generator=torch.Generator().manual_seed(cfg.seed + 40)
    )
    eval_labels = torch.arange(NUM_CLASSES).repeat_interleave(cfg.eval_per_digit)
    eval_noise = torch.randn(
        (len(eval_labels), 8, 8), generator=torch.Generator().manual_seed(cfg.seed + 41)
    )
    shown, accuracy, saturation, judged_all = [], [], [], []
    nearest, nearest_images = [], []
    real = load_digits_scaled()[0]
    for scale in GUIDANCE_SCALES:

        def run(labels, noise, scale=scale):
            return sample(
                model,
                schedule,
                labels,
                noise,
                steps=cfg.few_steps,
                method="ddim",
                guidance=scale,
            ).numpy()

        shown.append(run(prompts, static))
        # the real digit closest to each shown sample, to set beside it
        nearest_images.append(real[_rms_distances(shown[-1], real).argmin(1)])
        judged = run(eval_labels, eval_noise)
        judged_all.append(judged)
        read, _ = judge.read(judged)
        accuracy.append(float((read == eval_labels.numpy()).mean()))
        # Share of pixels pinned at full ink or full paper: over-guided images
        # lose their soft strokes and turn harsh.
        saturation.append(float((np.abs(judged) > 0.98).mean()))
        # how far the samples sit from real handwriting: each one's distance to
        # its closest real digit (real digits sit about nearest_real apart)
        nearest.append(float(np.median(_nearest(judged, real))))
    return {
        "guidance_scales": np.array(GUIDANCE_SCALES),
        "guidance_prompts": prompts.numpy(),
        "guidance_samples": np.stack(shown),
        "guidance_accuracy": np.array(accuracy),
        "guidance_saturation": np.array(saturation),
        # the samples both figures were measured on, prompts in eval_labels' order
        "guidance_judged": np.stack(judged_all),
        "guidance_nearest_real": np.array(nearest),
        "guidance_nearest_image": np.stack(nearest_images),
        **_guesses(cfg, schedule, model, static[0], int(prompts[0])),
    }


@torch.no_grad()
def _guesses(cfg, schedule, model, static: torch.Tensor, prompt: int):
    """What guidance does at one step, for one prompt: the two guesses it mixes.

    The shown static (8, 8) is denoised with the fast sampler at the default
    scale for half its steps; at the next step the network guesses the clean
    digit twice, told nothing and told ``prompt``, and each guidance scale's
    guess is the unprompted guess moved towards the prompted one, by the scale
    (classifier-free guidance, Ho & Salimans 2022, in image terms: the guess
    is linear in the predicted noise), clipped as the sampler clips.
    """
    times = schedule.timesteps(cfg.few_steps)
    k = len(times) // 2
    label = torch.tensor([prompt])
    x = static[None]  # (1, 8, 8)
    for i, t in enumerate(times[:k]):
        eps = guided_noise(model, x, t, label, cfg.guidance)
        x = schedule.ddim_step(eps, t, times[i + 1], x, clip=CLIP).prev_sample
    t = times[k]
    t_batch = torch.full((1,), t, dtype=torch.long)
    told = model(x, t_batch, label)
    untold = model(x, t_batch, torch.full_like(label, NULL_LABEL))
    x0_told = schedule.predict_original(x, t, told)[0]
    x0_untold = schedule.predict_original(x, t, untold)[0]
    scaled = [
        (x0_untold + s * (x0_told - x0_untold)).clamp(-CLIP, CLIP)
        for s in GUIDANCE_SCALES
    ]
    return {
        "guess_step": np.array([k, len(times)]),  # step k of the sampler's n
        "guess_sample": x[0].numpy(),
        "guess_untold": x0_untold.clamp(-CLIP, CLIP).numpy(),
        "guess_told": x0_told.clamp(-CLIP, CLIP).numpy(),
        "guess_scaled": torch.stack(scaled).numpy(),
    }


def _rms_distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """RMS pixel distance between every image of ``a`` and ``b``: (len(a), len(b))."""
    fa = a.reshape(len(a), -1).astype(np.float64)
    fb = b.reshape(len(b), -1).astype(np.float64)
    d2 = (fa**2).sum(1)[:, None] + (fb**2).sum(1)[None] - 2 * fa @ fb.T
    return np.sqrt(np.maximum(d2, 0) / fa.shape[1])


def _nearest(samples: np.ndarray, real: np.ndarray) -> np.ndarray:
    """Each sample's distance to its nearest real (training) digit."""
    return _rms_distances(samples, real).min(1)


def _novelty(samples: np.ndarray, images: np.ndarray) -> dict[str, np.ndarray]:
    """Distance of each sample to its nearest training image, beside the distance
    of each real digit to its nearest *other* real digit: samples that are new
    (not copies) sit about as far from the training set as real digits do from
    each other, and well above zero."""
    real = _rms_distances(images, images)
    np.fill_diagonal(real, np.inf)
    return {"nearest_train": _nearest(samples, images), "nearest_real": real.min(1)}
