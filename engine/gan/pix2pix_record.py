"""Recording image-to-image translation: the GAN and its L1-alone twin, judged.

Trains both (``engine/gan/pix2pix_train.py``) on the translator's share of the
digits (``engine/gan/pix2pix_data.py``), or reuses a cached run, then measures
both on held-out digits that neither network nor the reader ever saw:
how sharp each output is (``engine/gan/sharpness.py``) and which digit an
independent reader (``engine/data/digit_classifier.py``, trained on its own
share of the digits) reads in it. The real digits and the blocky inputs are
measured the same way, for scale.

    python -m engine record image_to_image
"""

from __future__ import annotations

from dataclasses import asdict

import numpy as np

from engine.core import trace
from engine.core.provenance import produced_by
from engine.data.digit_classifier import train_judge
from engine.data.digits import load_digits_scaled
from engine.gan.pix2pix_data import blocky, split
from engine.gan.pix2pix_model import PatchGAN
from engine.gan.pix2pix_train import (
    Pix2PixConfig,
    generator_from,
    train_pair,
    translate,
)
from engine.gan.shared import cached_run, record_steps
from engine.gan.sharpness import laplacian_variance

KIND = "image_to_image"
CODE_MODULES = ["gan.pix2pix_data", "gan.pix2pix_model", "gan.pix2pix_train",
                "gan.shared", "data.digits"]  # fmt: skip
METHODS = ("target", "GAN", "L1 alone", "input")  # rows of the held-out arrays

__all__ = ["Pix2PixConfig", "record"]


def record(
    cfg: Pix2PixConfig, out_path, progress: bool = True, use_cache: bool = True
) -> trace.Trace:
    """Train (or reuse) both translators and write the ``image_to_image`` trace."""
    images, labels = load_digits_scaled()
    parts = split(len(images), cfg.seed, cfg.held_out, cfg.reader_share)
    base = blocky(images, cfg.block) if cfg.block > 1 else images
    held = parts.held_out
    # training adds fresh static each batch (pix2pix_train); held-out inputs
    # get theirs once, from their own seed, so every figure is of fixed pictures
    static = np.random.default_rng(cfg.seed + 5).standard_normal(images.shape)
    inputs = (base + cfg.noise * static).astype(np.float32)
    # the followed samples: the first held-out digit of each of n_show digits
    firsts = [int(held[labels[held] == d][0]) for d in np.unique(labels[held])]
    shown = np.array((firsts * cfg.n_show)[: cfg.n_show])

    def train(adversarial: bool):
        return cached_run(
            f"{KIND}_{'gan' if adversarial else 'l1'}",
            {**asdict(cfg), "adversarial": adversarial},
            CODE_MODULES,
            lambda: train_pair(cfg, base[parts.train], images[parts.train],
                               inputs[shown], images[shown], adversarial,
                               progress),  # fmt: skip
            use_cache,
        )

    gan, twin = train(True), train(False)
    outputs = {
        "target": images[held],
        "GAN": translate(generator_from(gan, cfg), inputs[held]),
        "L1 alone": translate(generator_from(twin, cfg), inputs[held]),
        "input": inputs[held],
    }
    held_images = np.stack([outputs[m] for m in METHODS]).astype(np.float32)
    judge = train_judge(images[parts.reader], labels[parts.reader], cfg.seed)
    read = np.stack([judge.read(outputs[m])[0] for m in METHODS]).astype(np.int32)
    sharp = np.stack([laplacian_variance(outputs[m]) for m in METHODS])
    correct = (read == labels[held][None]).mean(1)  # (method,)
    mean_sharp = sharp.mean(1)
    g, l1 = METHODS.index("GAN"), METHODS.index("L1 alone")
    steps = record_steps(cfg.train_iters, cfg.record_every, ramp=True)
    arrays = {
        "step": np.array(steps, np.int32),
        "shown_input": inputs[shown].astype(np.float32),
        "shown_target": images[shown].astype(np.float32),
        "gan_out": gan["out"],
        "l1_out": twin["out"],
        "verdict": gan["verdict"],
        "target_verdict": gan["target_verdict"],
        "loss_l1": gan["l1"],
        "loss_l1_only": twin["l1"],
        "loss_d": gan["d"],
        "method": np.array(METHODS),
        "held_label": labels[held].astype(np.int32),
        "held_images": held_images,
        "sharpness": sharp.astype(np.float32),
        "read": read,
    }
    stats = {
        "train_seconds_gan": round(float(gan["train_seconds"]), 2),
        "train_seconds_l1": round(float(twin["train_seconds"]), 2),
        "n_train": int(len(parts.train)),
        "n_reader": int(len(parts.reader)),
        "n_held_out": int(len(held)),
        "reader_accuracy": round(judge.held_out_accuracy, 4),
        "patch_pixels": PatchGAN(cfg.width).receptive_field(),
        "sharpness_ratio_gan_to_l1": round(float(mean_sharp[g] / mean_sharp[l1]), 3),
    }
    for m, name in enumerate(METHODS):
        key = name.replace(" ", "_").lower()
        stats[f"correct_{key}"] = round(float(correct[m]), 4)
        stats[f"sharpness_{key}"] = round(float(mean_sharp[m]), 4)
    manifest = trace.build_manifest(
        KIND,
        config=asdict(cfg),
        produced_by=produced_by(),
        extents={"pixel": [-1, 1]},
        stats=stats,
    )
    trace.save(out_path, manifest, arrays)
    return trace.Trace(manifest, arrays, str(out_path))
