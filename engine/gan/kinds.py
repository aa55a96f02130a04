"""Trace kinds of the GAN chapter: a forger and an inspector on 2D blobs and
on real 8x8 digits.

What each kind must hold (checked by ``engine/core/trace.py``) and which
module records it. Plain data, no torch: ``engine/registry.py`` collects it
into the core's tables, and scenes load traces with it.
"""

from __future__ import annotations

from engine.core.kinds import ArraySpec, KindSpec
from engine.core.recorders import RecorderEntry

GAN_POINTS = KindSpec(
    description=(
        "Two GANs on a ring of Gaussian blobs, trained from the same start: a plain "
        "one and one with the R1 gradient penalty. Every round: the fakes, the "
        "inspector's map of real vs fake, the push on each fake, losses, modes covered."
    ),
    arrays={
        "run_name": ArraySpec("name of each run (0: plain GAN, 1: the remedy)",
                              ("run",), "name", "U"),
        "step": ArraySpec("training steps done when each round was recorded (0 = "
                          "untrained)", ("round",), "step", "iu"),
        "data": ArraySpec("real points drawn from the ring", ("point", "2"),
                          "data units"),
        "modes": ArraySpec("centres of the Gaussian blobs", ("mode", "2"),
                           "data units"),
        "fake": ArraySpec("the forger's output for the same fixed latents every round",
                          ("run", "round", "sample", "2"), "data units"),
        "push": ArraySpec("minus the gradient of the forger's loss under this "
                          "round's inspector, at each fake as the round began "
                          "(fake of the round before; round 0: its own)",
                          ("run", "round", "sample", "2"), "loss per data unit"),
        "heat": ArraySpec("the inspector's probability of 'real' at the centre of each "
                          "cell of a grid over the extents; row 0 = top (y max), "
                          "column 0 = left (x min)",
                          ("run", "round", "gy", "gx"), "probability"),
        "loss_d": ArraySpec("inspector's loss (binary cross-entropy, no penalty), "
                            "averaged over the steps of the round",
                            ("run", "round"), "nats"),
        "loss_g": ArraySpec("forger's loss (-log D(fake)), averaged over the round",
                            ("run", "round"), "nats"),
        "mode_share": ArraySpec("share of the fakes within near_sigmas * mode_std of "
                                "each mode", ("run", "round", "mode"), "fraction"),
        "covered": ArraySpec("modes holding at least cover_share of the fakes",
                             ("run", "round"), "modes", "iu"),
        "near": ArraySpec("share of the fakes near some mode", ("run", "round"),
                          "fraction"),
        # The same two GANs from several random starts (seed 0 is the one
        # above): whether a result is typical is checkable from the trace.
        "seed_covered": ArraySpec("modes covered by each seed's fakes each round",
                                  ("run", "round", "seed"), "modes", "iu",
                                  optional=True),
        "seed_final_covered": ArraySpec("modes covered by n_eval fresh fakes of "
                                        "each seed at the end", ("run", "seed"),
                                        "modes", "iu", optional=True),
        "seed_final_near": ArraySpec("share of those fakes near some mode",
                                     ("run", "seed"), "fraction", optional=True),
        "final_fake": ArraySpec("the n_eval fresh fakes of each seed at the end, "
                                "on which the two figures above were measured",
                                ("run", "seed", "eval", "2"), "data units",
                                optional=True),
    },
)


GAN_DIGITS = KindSpec(
    description=(
        "A GAN on the real 8x8 handwritten digits: the forger's digits for fixed "
        "latents every round, as an independent classifier reads them, and losses."
    ),
    arrays={
        "real": ArraySpec("real digits shown beside the fakes", ("real", "h", "w"),
                          "ink, -1 paper to 1 full"),
        "real_label": ArraySpec("the digit each real image is", ("real",), "digit",
                                "iu"),
        "step": ArraySpec("training steps done when each round was recorded (0 = "
                          "untrained)", ("round",), "step", "iu"),
        "fake": ArraySpec("the forger's digits for the same fixed latents every round",
                          ("round", "sample", "h", "w"), "ink, -1 paper to 1 full"),
        "read": ArraySpec("the digit an independent classifier reads in each fake",
                          ("round", "sample"), "digit", "iu"),
        "confidence": ArraySpec("that classifier's probability for its reading",
                                ("round", "sample"), "probability"),
        "loss_d": ArraySpec("inspector's loss (binary cross-entropy, no penalty), "
                            "averaged over the round", ("round",), "nats"),
        "loss_g": ArraySpec("forger's loss (-log D(fake)), averaged over the round",
                            ("round",), "nats"),
        "confident": ArraySpec("share of n_eval fresh fakes the classifier reads with "
                               "probability >= confident_at", ("round",), "fraction"),
        "classes": ArraySpec("digits that at least class_share of the fresh fakes are "
                             "confidently read as", ("round",), "digits", "iu"),
        "nearest_real": ArraySpec("median RMS pixel distance of the fresh fakes to "
                                  "their nearest real digit", ("round",), "ink"),
        "final_fake": ArraySpec("the n_eval fresh fakes of the last round, on which "
                                "the final figures (stats) were measured",
                                ("eval", "h", "w"), "ink, -1 paper to 1 full",
                                optional=True),
    },
)


KINDS: dict[str, KindSpec] = {
    "gan_points": GAN_POINTS,
    "gan_digits": GAN_DIGITS,
}


RECORDERS: dict[str, RecorderEntry] = {
    "gan_points": RecorderEntry(
        "engine.gan.points",
        "GanPointsConfig",
        "two GANs on a ring of 8 blobs, one collapsing, one with a gradient penalty",
    ),
    "gan_digits": RecorderEntry(
        "engine.gan.digits",
        "GanDigitsConfig",
        "GAN on real 8x8 digits: fakes every round, read by a classifier",
    ),
}
