"""Which model records which kind of trace, with its config class.

Imports are lazy so that ``python -m engine check`` and ``list`` never load torch.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class RecorderEntry:
    module: (
        str  # engine module with a config class and a record(cfg, out_path) function
    )
    config_class: str
    summary: str

    def load(self):
        mod = importlib.import_module(self.module)
        return getattr(mod, self.config_class), mod.record


RECORDERS: dict[str, RecorderEntry] = {
    "points_diffusion": RecorderEntry(
        "engine.points_diffusion",
        "PointsDiffusionConfig",
        "DDPM on 2D points: forward noising and reverse denoising, every step",
    ),
    "digits_diffusion": RecorderEntry(
        "engine.digits_record", "DigitsDiffusionConfig",
        "class-conditional diffusion on real 8x8 digits: noising, denoising, speed, "
        "guidance",
    ),
    "attention": RecorderEntry(
        "engine.transformer_attention",
        "AttentionConfig",
        "word transformer reading a sentence: every head's attention, one in full",
    ),
    "text_generation": RecorderEntry(
        "engine.transformer_generation",
        "GenerationConfig",
        "word transformer writing: word by word, two temperatures, long drift",
    ),
    "attention_cost": RecorderEntry(
        "engine.transformer_cost",
        "AttentionCostConfig",
        "attention time and memory against sequence length, key/value cache growth",
    ),
    "gan_points": RecorderEntry(
        "engine.gan_points",
        "GanPointsConfig",
        "two GANs on a ring of 8 blobs, one collapsing, one with a gradient penalty",
    ),
    "gan_digits": RecorderEntry(
        "engine.gan_digits",
        "GanDigitsConfig",
        "GAN on real 8x8 digits: fakes every round, read by a classifier",
    ),
    "generation_speed": RecorderEntry(
        "engine.generation_speed",
        "GenerationSpeedConfig",
        "time per sample, one run: the digits GAN's one pass against diffusion's T",
    ),
    "text_to_image": RecorderEntry(
        "engine.hybrid_record",
        "TextToImageConfig",
        "a transformer reads a prompt, a diffusion model draws it (cross-attention)",
    ),
}
