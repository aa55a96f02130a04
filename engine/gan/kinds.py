"""Trace kinds of the GAN chapter: a forger and an inspector on 2D blobs and
on real 8x8 digits; a real face GAN trained elsewhere; image-to-image
translation trained here.

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


GAN_FACES = KindSpec(
    description=(
        "A real face GAN trained elsewhere (DCGAN on DigiFace-1M, pinned weights): "
        "a grid of faces from different random inputs, the time per face in a batch "
        "and alone, and a walk through the random inputs from face to face."
    ),
    arrays={
        "latent": ArraySpec("the random numbers each face of the grid was drawn from",
                            ("face", "latent"), "standard normal"),
        "face": ArraySpec("the generator's face for each, one pass each",
                          ("face", "h", "w", "3"), "RGB level, 0-255", "iu"),
        "walk_key": ArraySpec("the random inputs the walk passes through, in order "
                              "(then back to the first)", ("key", "latent"),
                              "standard normal"),
        "walk_t": ArraySpec("where each walk frame is, in keys (1.5: half-way from "
                            "key 1 to key 2)", ("frame",), "keys"),
        "walk_latent": ArraySpec("each walk frame's random input: on the great "
                                 "circle between its two keys (slerp)",
                                 ("frame", "latent"), "standard normal"),
        "walk": ArraySpec("the generator's output for each walk frame",
                          ("frame", "h", "w", "3"), "RGB level, 0-255", "iu"),
        "walk_change": ArraySpec("mean absolute difference of each walk frame from "
                                 "the next (the last: from the first)", ("frame",),
                                 "share of 255"),
        "batch_ms": ArraySpec("every timed run of the whole grid as one batch, per "
                              "face", ("repeat",), "milliseconds"),
        "alone_ms": ArraySpec("every timed run of one face on its own", ("repeat",),
                              "milliseconds"),
    },
)


COLOUR = "colour, -1 black to 1 full"  # the unit of every picture array below

IMAGE_TO_IMAGE = KindSpec(
    description=(
        "Image-to-image translation in the pix2pix style, trained here: a U-Net "
        "turns a 24x24 striped shape shrunk to 8x8 back into the full picture, "
        "first on L1 alone (the twin), then on from there as a GAN, judged patch "
        "by patch by a PatchGAN; "
        "sharpness and the hybrid chapter's fixed pixel rules' reading on "
        "held-out pictures."
    ),
    arrays={
        "step": ArraySpec("the L1-alone twin's training steps done when each of "
                          "its rounds was recorded (0 = untrained)", ("round",),
                          "step", "iu"),
        "gan_step": ArraySpec("the GAN's adversarial steps done when each of its "
                              "rounds was recorded (0 = the twin's finished "
                              "generator, where the GAN starts)", ("gan_round",),
                              "step", "iu"),
        "shown_input": ArraySpec("held-out inputs followed every round (the shrunken "
                                 "picture drawn back at full size)",
                                 ("sample", "h", "w", "3"), COLOUR),
        "shown_target": ArraySpec("the full picture each came from",
                                  ("sample", "h", "w", "3"), COLOUR),
        "gan_out": ArraySpec("the GAN's output for each shown input, every round "
                             "(its generator's moving average)",
                             ("gan_round", "sample", "h", "w", "3"), COLOUR),
        "l1_out": ArraySpec("the L1-alone twin's output, every round",
                            ("round", "sample", "h", "w", "3"), COLOUR),
        "verdict": ArraySpec("the discriminator's probability that each patch of "
                             "(input, GAN output) is real, every round; row 0 = top",
                             ("gan_round", "sample", "py", "px"), "probability"),
        "target_verdict": ArraySpec("the final discriminator's verdict on each "
                                    "(input, real picture) pair",
                                    ("sample", "py", "px"), "probability"),
        "loss_l1": ArraySpec("mean absolute pixel error of the GAN's generator over "
                             "the round's steps (round 0: one batch, at the start)",
                             ("gan_round",), "colour per pixel"),
        "loss_l1_only": ArraySpec("the same for the L1-alone twin", ("round",),
                                  "colour per pixel"),
        "loss_d": ArraySpec("discriminator's loss (binary cross-entropy per patch) "
                            "over the round", ("gan_round",), "nats"),
        "method": ArraySpec("what each held-out row holds: target (the real "
                            "picture), GAN, L1 alone, input", ("method",), "name",
                            "U"),
        "held_code": ArraySpec("the colour, shape and place each held-out picture "
                               "was drawn with (indices into COLOURS, SHAPES, "
                               "POSITIONS of engine/data/shapes.py)",
                               ("eval", "3"), "index", "iu"),
        "held_images": ArraySpec("every held-out picture, per method (drawn from "
                                 "another seed than the training pictures)",
                                 ("method", "eval", "h", "w", "3"), COLOUR),
        "sharpness": ArraySpec("variance of the Laplacian of each (scipy.ndimage."
                               "laplace, edges extended; mean of the three "
                               "channels)", ("method", "eval"), "colour^2"),
        "read": ArraySpec("colour, shape and place the fixed pixel rules "
                          "(engine/data/shape_reader.py) read in each; -1: nothing",
                          ("method", "eval", "3"), "index", "i"),
    },
)


KINDS: dict[str, KindSpec] = {
    "gan_points": GAN_POINTS,
    "gan_digits": GAN_DIGITS,
    "gan_faces": GAN_FACES,
    "image_to_image": IMAGE_TO_IMAGE,
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
    "gan_faces": RecorderEntry(
        "engine.gan.faces",
        "GanFacesConfig",
        "a pretrained face GAN (pinned weights): faces, time per face, a latent walk",
    ),
    "image_to_image": RecorderEntry(
        "engine.gan.pix2pix_record",
        "Pix2PixConfig",
        "pix2pix super-resolution of striped shapes, with an L1-alone twin, "
        "judged held out",
    ),
}
