"""Trace kinds of the comparison: the GAN's one pass against diffusion's
many, timed in one run.

What each kind must hold (checked by ``engine/core/trace.py``) and which
module records it. Plain data, no torch: ``engine/registry.py`` collects it
into the core's tables, and scenes load traces with it.
"""

from __future__ import annotations

from engine.core.kinds import ArraySpec, KindSpec
from engine.core.recorders import RecorderEntry

GENERATION_SPEED = KindSpec(
    description=(
        "Generation time per sample on this machine, measured in one run: the digits "
        "GAN (one pass through its forger) against the digits diffusion model (DDPM, "
        "one pass per step; the few-step DDIM sampler for context)."
    ),
    arrays={
        "method": ArraySpec("the samplers timed: GAN, DDPM (all T steps), DDIM "
                            "(few steps)", ("method",), "name", "U"),
        "passes": ArraySpec("passes through the network, one after another, to make a "
                            "sample", ("method",), "passes", "iu"),
        "evaluations": ArraySpec("network evaluations per sample (guidance runs the "
                                 "denoiser with and without the prompt in each pass)",
                                 ("method",), "evaluations", "iu"),
        "ms_per_sample": ArraySpec("median time of a batch of samples, divided by the "
                                   "batch size", ("method",), "milliseconds"),
        "ms_single": ArraySpec("median time to make one sample on its own",
                               ("method",), "milliseconds"),
        "run_ms": ArraySpec("every timed run of a batch, per sample",
                            ("method", "repeat"), "milliseconds"),
        "gan_latents": ArraySpec("the random numbers the GAN starts from",
                                 ("sample", "latent"), "standard normal"),
        "gan_samples": ArraySpec("the GAN's digits from those numbers",
                                 ("sample", "h", "w"), "ink, -1 paper to 1 full"),
        "prompts": ArraySpec("the digit the diffusion model is asked for in each "
                             "sample", ("sample",), "digit", "iu"),
        "diffusion_samples": ArraySpec("the diffusion model's digits (DDPM)",
                                       ("sample", "h", "w"),
                                       "ink, -1 paper to 1 full"),
        "ddim_samples": ArraySpec("the same static and prompts with DDIM",
                                  ("sample", "h", "w"), "ink, -1 paper to 1 full"),
        "diffusion_frames": ArraySpec("the DDPM samples during denoising, from static",
                                      ("frame", "sample", "h", "w"),
                                      "ink, -1 paper to 1 full"),
        "diffusion_frame_t": ArraySpec("diffusion step of each frame (T first)",
                                       ("frame",), "step", "iu"),
        "step_counts": ArraySpec("diffusion step counts timed (T = DDPM, fewer = "
                                 "DDIM), those the diffusion chapter compares",
                                 ("count",), "steps", "iu"),
        "step_ms_per_sample": ArraySpec("median time of a batch at each count, per "
                                        "sample (DDPM and DDIM above are two of "
                                        "these)", ("count",), "milliseconds"),
        "step_ms_single": ArraySpec("median time of one sample alone at each count",
                                    ("count",), "milliseconds"),
    },
)


KINDS: dict[str, KindSpec] = {
    "generation_speed": GENERATION_SPEED,
}


RECORDERS: dict[str, RecorderEntry] = {
    "generation_speed": RecorderEntry(
        "engine.compare.generation_speed",
        "GenerationSpeedConfig",
        "time per sample, one run: the digits GAN's one pass against diffusion's T",
    ),
}
