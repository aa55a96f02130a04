"""Trace kinds of the diffusion chapter: DDPM on 2D points and on real 8x8
digits.

What each kind must hold (checked by ``engine/core/trace.py``) and which
module records it. Plain data, no torch: ``engine/registry.py`` collects it
into the core's tables, and scenes load traces with it.
"""

from __future__ import annotations

from engine.core.kinds import ArraySpec, KindSpec
from engine.core.recorders import RecorderEntry

POINTS_DIFFUSION = KindSpec(
    description=(
        "A denoising diffusion model (DDPM) on 2D points: the forward noising of "
        "real data points and the reverse denoising of fresh noise, every step."
    ),
    arrays={
        "data": ArraySpec(
            "real training points the forward process starts from",
            ("point", "2"),
            "data units",
        ),
        "forward": ArraySpec(
            "the data points noised to step forward_t[k]",
            ("frame", "point", "2"),
            "data units",
        ),
        "forward_t": ArraySpec(
            "diffusion step of each forward frame (0 = clean)", ("frame",), "step", "iu"
        ),
        "reverse": ArraySpec(
            "samples during reverse denoising, from pure noise",
            ("frame", "sample", "2"),
            "data units",
        ),
        "reverse_x0": ArraySpec(
            "the model's guess of the clean samples at that step",
            ("frame", "sample", "2"),
            "data units",
        ),
        "reverse_t": ArraySpec(
            "diffusion step of each reverse frame (T first)", ("frame",), "step", "iu"
        ),
        "signal": ArraySpec(
            "share of the clean signal left at step t: sqrt(alpha_bar)",
            ("t",),
            "fraction",
        ),
        "noise": ArraySpec(
            "share of noise at step t: sqrt(1 - alpha_bar)", ("t",), "fraction"
        ),
        "loss": ArraySpec(
            "training loss (mean squared error on the noise), "
            "averaged over each logging interval",
            ("log",),
            "squared data units",
        ),
        "reverse_noshake": ArraySpec(
            "the same reverse run from the same starting noise with the shake "
            "(each step's added noise) turned off",
            ("frame", "sample", "2"), "data units", optional=True),
        # For DenoisingField; PointsFlow draws traces without them.
        "field_grid": ArraySpec("grid of spots where the learned field is sampled",
                                ("cell", "2"), "data units", optional=True),
        "field_t": ArraySpec("diffusion step of each field frame (T first)",
                             ("fframe",), "step", "iu", optional=True),
        "field_x0": ArraySpec("the model's guess of the clean point, from each grid "
                              "spot at that step", ("fframe", "cell", "2"),
                              "data units", optional=True),
    },
)


def _img(meaning: str, *lead: str, units: str = "ink, -1 paper to 1 full") -> ArraySpec:
    return ArraySpec(meaning, (*lead, "h", "w"), units)


DIGITS_DIFFUSION = KindSpec(
    description=(
        "A class-conditional diffusion model on real 8x8 handwritten digits: a real "
        "digit noised step by step, prompts denoised from static, fewer steps judged "
        "(timed by generation_speed), guidance scales, and distances to the training "
        "images."
    ),
    arrays={
        "signal": ArraySpec("share of the clean image left at step t: sqrt(alpha_bar)",
                            ("t",), "fraction"),
        "noise": ArraySpec("share of noise at step t: sqrt(1 - alpha_bar)", ("t",),
                           "fraction"),
        "loss": ArraySpec("training loss (mean squared error on the noise) per "
                          "logging interval", ("log",), "squared ink"),
        "forward_x0": _img("the real training digit that is noised"),
        "forward": _img("that digit noised to step forward_t[k] (one fixed noise draw)",
                        "frame"),
        "forward_t": ArraySpec("diffusion step of each forward frame", ("frame",),
                               "step", "iu"),
        "train_t": ArraySpec("the step of the training example", ("one",), "step",
                             "iu"),
        "train_noisy": _img("training example: the noisy image the network is shown"),
        "train_noise": _img("training example: the noise that was added (the target)"),
        "train_predicted": _img("training example: the noise the network predicts"),
        "prompts": ArraySpec("the digit asked for in each reverse column", ("prompt",),
                             "digit", "iu"),
        "reverse": _img("samples during DDPM denoising from one shared static",
                        "rframe", "prompt"),
        "reverse_x0": _img("the network's guess of the finished image at that step",
                           "rframe", "prompt"),
        "reverse_t": ArraySpec("diffusion step of each reverse frame (T first)",
                               ("rframe",), "step", "iu"),
        "reverse_read": ArraySpec("the digit an independent classifier reads in each "
                                  "final image", ("prompt",), "digit", "iu"),
        "reverse_confidence": ArraySpec("that classifier's probability for its reading",
                                        ("prompt",), "probability"),
        "speed_steps": ArraySpec("sampler step counts compared (T = DDPM, fewer = "
                                 "DDIM)", ("count",), "steps", "iu"),
        "speed_samples": _img("the ten prompts sampled at each step count, same static",
                              "count", "prompt"),
        "speed_accuracy": ArraySpec("share of samples the classifier reads as the "
                                    "digit asked for", ("count",), "fraction"),
        "speed_confidence": ArraySpec("the classifier's mean probability for its "
                                      "readings", ("count",), "probability"),
        "speed_nearest_real": ArraySpec("median RMS pixel distance of samples to their "
                                        "nearest real digit", ("count",), "ink"),
        "speed_eval_samples": _img("the samples judged at T steps", "sample"),
        "guidance_scales": ArraySpec("classifier-free guidance scales (0 = no prompt)",
                                     ("scale",), "scale"),
        "guidance_prompts": ArraySpec("the digits asked for in the guidance rows",
                                      ("gprompt",), "digit", "iu"),
        "guidance_samples": _img("the same static at each guidance scale",
                                 "scale", "gprompt"),
        "guidance_accuracy": ArraySpec("share read as the digit asked for, per scale",
                                       ("scale",), "fraction"),
        "guidance_saturation": ArraySpec("share of pixels pinned at full ink or paper",
                                         ("scale",), "fraction"),
        "guidance_judged": _img("the samples each guidance figure was measured on, "
                                "prompts as eval_labels", "scale", "sample"),
        "guidance_nearest_real": ArraySpec(
            "median RMS pixel distance of each scale's judged samples to their "
            "nearest real digit", ("scale",), "ink", optional=True),
        "guidance_nearest_image": ArraySpec(
            "the real digit nearest each shown guidance sample",
            ("scale", "gprompt", "h", "w"), "ink, -1 paper to 1 full", optional=True),
        "speed_judged": _img("the samples each step count's figures were measured "
                             "on, prompts as eval_labels", "count", "sample"),
        "eval_labels": ArraySpec("the digit asked for in each judged sample",
                                 ("sample",), "digit", "iu"),
        "guess_step": ArraySpec("the fast sampler's step (k of n) where the two "
                                "guesses were taken", ("2",), "step", "iu"),
        "guess_sample": _img("the partly denoised sample at that step"),
        "guess_untold": _img("the network's guess of the clean digit, told nothing"),
        "guess_told": _img("its guess told the first guidance prompt"),
        "guess_scaled": _img("the guess each guidance scale uses: untold + scale x "
                             "(told - untold), clipped", "scale"),
        "nearest_train": ArraySpec("RMS pixel distance of each judged sample to its "
                                   "nearest training image", ("sample",), "ink"),
        "nearest_real": ArraySpec("RMS pixel distance of each real digit to its "
                                  "nearest other real digit", ("real",), "ink"),
    },
)


KINDS: dict[str, KindSpec] = {
    "points_diffusion": POINTS_DIFFUSION,
    "digits_diffusion": DIGITS_DIFFUSION,
}


RECORDERS: dict[str, RecorderEntry] = {
    "points_diffusion": RecorderEntry(
        "engine.diffusion.points",
        "PointsDiffusionConfig",
        "DDPM on 2D points: forward noising and reverse denoising, every step",
    ),
    "digits_diffusion": RecorderEntry(
        "engine.diffusion.digits_record", "DigitsDiffusionConfig",
        "class-conditional diffusion on real 8x8 digits: noising, denoising, speed, "
        "guidance",
    ),
}
