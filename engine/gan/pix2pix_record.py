"""Recording image-to-image translation: the GAN and its L1-alone twin, judged.

Trains both (``engine/gan/pix2pix_train.py``) to turn a shrunken striped
picture into the full one (``engine/gan/pix2pix_data.py``), the L1-alone twin
first and the GAN from it, or reuses cached runs, then measures both on fresh
held-out pictures (another seed): how sharp each output is
(``engine/gan/sharpness.py``) and whether the hybrid chapter's fixed pixel
rules (``engine/data/shape_reader.py``, nothing learned) read back the colour,
shape and place the picture was drawn with. The real pictures and the shrunken
inputs are measured the same way, for scale.

    python -m engine record image_to_image
"""

from __future__ import annotations

from dataclasses import asdict

import numpy as np

from engine.core import trace
from engine.core.provenance import produced_by
from engine.data import shape_reader
from engine.gan.pix2pix_data import pictures, shrink
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
# The engine modules whose code decides the trained histories (keys the cache):
# this one too, for it picks the inputs followed every round.
CODE_MODULES = [
    "gan.pix2pix_record",
    "gan.pix2pix_data",
    "gan.pix2pix_model",
    "gan.pix2pix_train",
    "gan.shared",
    "data.shapes",
]
METHODS = ("target", "GAN", "L1 alone", "input")  # rows of the held-out arrays
GAN_ONLY = ("gan_iters", "ema")  # config fields the L1-alone twin never reads
HELD_OUT_SEED = 10_007  # added to the seed: held-out pictures never trained on

__all__ = ["Pix2PixConfig", "record"]


def record(
    cfg: Pix2PixConfig, out_path, progress: bool = True, use_cache: bool = True
) -> trace.Trace:
    """Train (or reuse) both translators and write the ``image_to_image`` trace."""
    images, _ = pictures(cfg.n_train, cfg.seed, cfg.period, cfg.dim)
    held_seed = cfg.seed + HELD_OUT_SEED
    held, codes = pictures(cfg.n_held_out, held_seed, cfg.period, cfg.dim)
    inputs, held_inputs = shrink(images, cfg.factor), shrink(held, cfg.factor)
    # the followed samples: the first held-out picture of each shape and colour,
    # ordered so that any few in a row differ in both (a scene showing the
    # first three follows a circle, a square and a triangle, each its own colour)
    seen: dict[tuple[int, int], int] = {}
    for i, (colour, shape, _) in enumerate(codes):
        seen.setdefault((int(shape), int(colour)), i)
    firsts = [seen[k] for k in sorted(seen, key=lambda sc: ((sc[1] - sc[0]) % 3, sc))]
    shown = np.array((firsts * cfg.n_show)[: cfg.n_show])

    def train(adversarial: bool, start=None):
        # the twin does not depend on the GAN's own settings
        key = {k: v for k, v in asdict(cfg).items()
               if adversarial or k not in GAN_ONLY}  # fmt: skip
        return cached_run(
            f"{KIND}_{'gan' if adversarial else 'l1'}",
            {**key, "adversarial": adversarial},
            CODE_MODULES,
            lambda: train_pair(
                cfg,
                inputs,
                images,
                held_inputs[shown],
                held[shown],
                adversarial,
                progress,
                start,
            ),  # fmt: skip
            use_cache,
        )

    twin = train(False)
    gan = train(True, start=twin)  # the GAN goes on from the twin's generator
    outputs = {
        "target": held,
        "GAN": translate(generator_from(gan, cfg), held_inputs),
        "L1 alone": translate(generator_from(twin, cfg), held_inputs),
        "input": held_inputs,
    }
    held_images = np.stack([outputs[m] for m in METHODS]).astype(np.float32)
    readings = [shape_reader.read(outputs[m]) for m in METHODS]
    read = np.stack(
        [np.stack([r.colour, r.shape, r.position], 1) for r in readings]
    ).astype(np.int32)  # (method, n, 3)
    sharp = np.stack([laplacian_variance(outputs[m]) for m in METHODS])
    correct = (read == codes[None]).all(-1).mean(1)  # (method,)
    mean_sharp = sharp.mean(1)
    g, l1, t = (METHODS.index(m) for m in ("GAN", "L1 alone", "target"))
    steps = record_steps(cfg.train_iters, cfg.record_every, ramp=True)
    gan_steps = record_steps(cfg.gan_iters, cfg.record_every, ramp=True)
    arrays = {
        "step": np.array(steps, np.int32),
        "gan_step": np.array(gan_steps, np.int32),
        "shown_input": held_inputs[shown].astype(np.float32),
        "shown_target": held[shown].astype(np.float32),
        "gan_out": gan["out"],
        "l1_out": twin["out"],
        "verdict": gan["verdict"],
        "target_verdict": gan["target_verdict"],
        "loss_l1": gan["l1"],
        "loss_l1_only": twin["l1"],
        "loss_d": gan["d"],
        "method": np.array(METHODS),
        "held_code": codes.astype(np.int32),
        "held_images": held_images,
        "sharpness": sharp.astype(np.float32),
        "read": read,
    }
    stats = {
        "train_seconds_gan": round(float(gan["train_seconds"]), 2),
        "train_seconds_l1": round(float(twin["train_seconds"]), 2),
        "train_cpu_seconds_gan": round(float(gan["train_cpu_seconds"]), 2),
        "train_cpu_seconds_l1": round(float(twin["train_cpu_seconds"]), 2),
        "n_train": int(cfg.n_train),
        "n_held_out": int(cfg.n_held_out),
        "side": int(held.shape[1]),
        "input_side": int(held.shape[1] // cfg.factor),
        "patch_pixels": PatchGAN(cfg.width).receptive_field(),
        "sharpness_ratio_gan_to_l1": round(float(mean_sharp[g] / mean_sharp[l1]), 3),
        "sharpness_ratio_gan_to_real": round(float(mean_sharp[g] / mean_sharp[t]), 3),
    }
    for m, name in enumerate(METHODS):
        key = name.replace(" ", "_").lower()
        stats[f"correct_{key}"] = round(float(correct[m]), 4)
        stats[f"sharpness_{key}"] = round(float(mean_sharp[m]), 4)
    manifest = trace.build_manifest(
        KIND,
        config=asdict(cfg),
        produced_by=produced_by(),
        extents={"pixel": [-1, 1], "side": int(held.shape[1])},
        stats=stats,
    )
    trace.save(out_path, manifest, arrays)
    return trace.Trace(manifest, arrays, str(out_path))
