"""What each kind of trace must hold: its arrays, their dims, units and meaning.

The validator in ``engine/trace.py`` checks traces against these specs, and
``docs/trace-format.md`` describes them for people recording their own models.
Dim names are shared vocabulary: a dim named the same in two arrays of one
trace must have the same size. A dim spelled as a number (``"2"``) is fixed.

numpy-free and torch-free on purpose: it is plain data.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ArraySpec:
    meaning: str
    dims: tuple[str, ...]
    units: str = ""
    # numpy dtype kinds accepted: "f" float, "i" signed int, "u" unsigned, "b" bool
    dtype_kinds: str = "f"
    optional: bool = False


@dataclass(frozen=True)
class KindSpec:
    description: str
    arrays: dict[str, ArraySpec] = field(default_factory=dict)


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
        "digit noised step by step, prompts denoised from static, fewer steps timed "
        "and judged, guidance scales, and distances to the training images."
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
        "speed_ms_per_image": ArraySpec("measured sampling time per image on this "
                                        "machine", ("count",), "milliseconds"),
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
        "nearest_train": ArraySpec("RMS pixel distance of each judged sample to its "
                                   "nearest training image", ("sample",), "ink"),
        "nearest_real": ArraySpec("RMS pixel distance of each real digit to its "
                                  "nearest other real digit", ("real",), "ink"),
    },
)

def _share(meaning: str) -> ArraySpec:
    return ArraySpec(meaning, ("layer", "head"), "fraction of held-out cases")


ATTENTION = KindSpec(
    description=(
        "A small word-level transformer reading one sentence: every head's attention, "
        "one head's arithmetic in full, the next-word probabilities after each word, "
        "and held-out measurements of what the heads look at."
    ),
    arrays={
        "vocab": ArraySpec("the words the model knows; a token is an index here",
                           ("vocab",), "word", "U"),
        "tokens": ArraySpec('the input: "." (a sentence may start) then the sentence',
                            ("position",), "token id", "iu"),
        "attn": ArraySpec("attention weights of every head; row = the word reading, "
                          "column = the word read; rows sum to one",
                          ("layer", "head", "position", "key"), "weight"),
        "next_probs": ArraySpec("probability of each word coming next, after each "
                                "position", ("position", "vocab"), "probability"),
        "decider": ArraySpec("position of the earlier word that decides the word after "
                             "this one, by the corpus rules (-1: none)",
                             ("position",), "position", "i"),
        "focus": ArraySpec("layer and head (from 0) whose arithmetic is recorded below",
                           ("2",), "index", "iu"),
        "queries": ArraySpec("focus head: query vector of each position",
                             ("position", "head_dim"), "activation"),
        "keys": ArraySpec("focus head: key vector of each position",
                          ("key", "head_dim"), "activation"),
        "values": ArraySpec("focus head: value vector of each position",
                            ("key", "head_dim"), "activation"),
        "scores": ArraySpec("focus head: query . key, before scaling",
                            ("position", "key"), "activation^2"),
        "scaled": ArraySpec("focus head: scores / sqrt(head_dim)",
                            ("position", "key"), "activation^2"),
        "mask": ArraySpec("causal mask: True where the key may be read (not future)",
                          ("position", "key"), "bool", "b"),
        "weighted": ArraySpec("focus head: its output, the weighted sum of values",
                              ("position", "head_dim"), "activation"),
        "head_decider_share": _share(
            "held out: share of dependent words where the head's largest weight, read "
            "from the word before, is on the deciding word"),
        "head_previous_share": _share(
            "held out: share of words where the head's largest weight is on the "
            "previous word"),
        "head_self_share": _share(
            "held out: share of words where the head's largest weight is on itself"),
        "head_start_share": _share(
            "held out: share of words where the head's largest weight is on the '.' "
            "before their sentence"),
        "loss": ArraySpec("training loss (cross-entropy of the next word) per logging "
                          "interval", ("log",), "nats"),
    },
)

TEXT_GENERATION = KindSpec(
    description=(
        "A small word-level transformer writing from a prompt: word by word with its "
        "probabilities, at a low and a high temperature, and a long generation checked "
        "against the corpus rules."
    ),
    arrays={
        "vocab": ArraySpec("the words the model knows", ("vocab",), "word", "U"),
        "prompt": ArraySpec('the prompt, "." first', ("prompt_word",), "token id",
                            "iu"),
        "rule_names": ArraySpec("names of the rule codes (0 = no rule broken)",
                                ("rule",), "name", "U"),
        "step_tokens": ArraySpec("words written one at a time, temperature 1",
                                 ("step",), "token id", "iu"),
        "step_probs": ArraySpec("the distribution each of those words was drawn from",
                                ("step", "vocab"), "probability"),
        "step_rule": ArraySpec("rule each word breaks (code)", ("step",), "code", "i"),
        "low_tokens": ArraySpec("words written at the low temperature", ("side",),
                                "token id", "iu"),
        "low_probs": ArraySpec("tempered distribution each was drawn from",
                               ("side", "vocab"), "probability"),
        "low_rule": ArraySpec("rule each word breaks (code)", ("side",), "code", "i"),
        "high_tokens": ArraySpec("words written at the high temperature", ("side",),
                                 "token id", "iu"),
        "high_probs": ArraySpec("tempered distribution each was drawn from",
                                ("side", "vocab"), "probability"),
        "high_rule": ArraySpec("rule each word breaks (code)", ("side",), "code", "i"),
        "drift_tokens": ArraySpec("a long generation at the high temperature",
                                  ("drift",), "token id", "iu"),
        "drift_chosen": ArraySpec("probability of each word drawn", ("drift",),
                                  "probability"),
        "drift_rule": ArraySpec("rule each word breaks (code, 0 = none)", ("drift",),
                                "code", "i"),
        "drift_decider": ArraySpec("for a broken rule, the position (in prompt + "
                                   "generation) of the word to follow; else -1",
                                   ("drift",), "position", "i"),
        "survival_temperatures": ArraySpec("temperatures of the drift measurement",
                                           ("temperature",), "temperature"),
        "survival": ArraySpec("share of generations at each temperature that kept "
                              "every rule for their first n words",
                              ("temperature", "drift"), "fraction"),
        "loss": ArraySpec("training loss per logging interval", ("log",), "nats"),
    },
)

ATTENTION_COST = KindSpec(
    description=(
        "Time and memory of a small transformer's attention measured on this machine "
        "for doubling sequence lengths, and the key/value cache growing during "
        "generation."
    ),
    arrays={
        "lengths": ArraySpec("sequence lengths measured", ("length",), "words", "iu"),
        "attn_seconds": ArraySpec("time of one attention call (all heads of a layer), "
                                  "fastest of several runs", ("length",), "seconds"),
        "attn_bytes": ArraySpec("bytes of the attention tensors that call formed "
                                "(scores, scaled, weights, mask)", ("length",),
                                "bytes"),
        "model_seconds": ArraySpec("time of the whole model's forward pass",
                                   ("length",), "seconds"),
        "bytes_fit": ArraySpec("least-squares fit attn_bytes = a L^2 + b L + c: "
                               "a, b, c", ("3",), "bytes"),
        "cache_bytes": ArraySpec("bytes of the key/value cache after each word written",
                                 ("word",), "bytes"),
        "cache_step_seconds": ArraySpec("time to write each word with the cache",
                                        ("word",), "seconds"),
    },
)

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
    },
)

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
    },
)

TEXT_TO_IMAGE = KindSpec(
    description=(
        "A text-to-image model in miniature: a small transformer encodes a prompt "
        "such as 'red circle top left', and a diffusion model draws a 24x24 picture "
        "of it, reading the encoded words through cross-attention. The prompts "
        "drawn step by step with every attention weight, and every combination of "
        "colour, shape and place drawn and read back from the pixels, some of them "
        "held out of training."
    ),
    arrays={
        "vocab": ArraySpec("the words the model knows; a token is an index here "
                           "(<start> begins every prompt)", ("vocab",), "word", "U"),
        "colour_names": ArraySpec("the colours, by code", ("colour",), "name", "U"),
        "shape_names": ArraySpec("the shapes, by code", ("shape",), "name", "U"),
        "position_names": ArraySpec("the places (quarters of the picture), by code",
                                    ("place",), "name", "U"),
        "prompt_text": ArraySpec("each prompt drawn step by step", ("prompt",),
                                 "words", "U"),
        "tokens": ArraySpec("each prompt's tokens, <start> first",
                            ("prompt", "token"), "token id", "iu"),
        "asked": ArraySpec("what each prompt asks for: colour, shape and place codes",
                           ("prompt", "3"), "code", "iu"),
        "held_out": ArraySpec("True where the prompt's combination was held out of "
                              "training", ("prompt",), "bool", "b"),
        "enc_attn": ArraySpec("the encoder's self-attention; row = the token "
                              "reading, column = the token read; rows sum to one",
                              ("prompt", "layer", "head", "token", "key"), "weight"),
        "encoded": ArraySpec("the encoder's output: one vector per token, handed to "
                             "the denoiser", ("prompt", "token", "d_text"),
                             "activation"),
        "frame_t": ArraySpec("diffusion step of each frame (T first, 0 last)",
                             ("frame",), "step", "iu"),
        "frames": ArraySpec("each prompt's picture during DDIM denoising, from "
                            "static", ("frame", "prompt", "h", "w", "3"),
                            "RGB, -1 black to 1 full"),
        "guesses": ArraySpec("the model's guess of the finished picture at that "
                             "frame (zeros before the first step)",
                             ("frame", "prompt", "h", "w", "3"),
                             "RGB, -1 black to 1 full"),
        "step_t": ArraySpec("diffusion step at which each denoising pass ran",
                            ("step",), "step", "iu"),
        "cross_attn": ArraySpec("cross-attention of the prompted pass: the weight each "
                                "cell of the picture (a 3x3 patch of pixels) puts on "
                                "each token; over tokens each cell sums to one",
                                ("step", "prompt", "xlayer", "xhead", "token", "gy",
                                 "gx"), "weight"),
        "read_colour": ArraySpec("colour code read from the final picture's pixels "
                                 "by the independent check (-1: nothing drawn)",
                                 ("prompt",), "code", "i"),
        "read_shape": ArraySpec("shape code read from the pixels (-1: none)",
                                ("prompt",), "code", "i"),
        "read_position": ArraySpec("place code read from the pixels (-1: none)",
                                   ("prompt",), "code", "i"),
        "ink": ArraySpec("pixels of the final picture the check reads as the shape",
                         ("prompt", "h", "w"), "bool", "b"),
        "word_share": ArraySpec("share of each token's attention (final pass, mean "
                                "over layers and heads) that lands on the ink",
                                ("prompt", "token"), "fraction"),
        "place_share": ArraySpec("share of each token's attention (final pass) that "
                                 "lands in the quarter the prompt names",
                                 ("prompt", "token"), "fraction"),
        "combo": ArraySpec("every combination: colour, shape and place codes",
                           ("combo", "3"), "code", "iu"),
        "combo_held_out": ArraySpec("True where the combination was held out of "
                                    "training", ("combo",), "bool", "b"),
        "train_count": ArraySpec("training pictures of each combination (0: held "
                                 "out)", ("combo",), "pictures", "iu"),
        "eval_correct": ArraySpec("share of its pictures read back as asked: colour, "
                                  "shape and place all right", ("combo",),
                                  "fraction"),
        "eval_colour": ArraySpec("share with the colour read right", ("combo",),
                                 "fraction"),
        "eval_shape": ArraySpec("share with the shape read right", ("combo",),
                                "fraction"),
        "eval_position": ArraySpec("share with the place read right", ("combo",),
                                   "fraction"),
        "eval_examples": ArraySpec("one of each combination's checked pictures",
                                   ("combo", "h", "w", "3"),
                                   "RGB, -1 black to 1 full"),
        "loss": ArraySpec("training loss (mean squared error on v) per logging "
                          "interval", ("log",), "squared RGB"),
    },
)

KINDS: dict[str, KindSpec] = {
    "points_diffusion": POINTS_DIFFUSION,
    "digits_diffusion": DIGITS_DIFFUSION,
    "attention": ATTENTION,
    "text_generation": TEXT_GENERATION,
    "attention_cost": ATTENTION_COST,
    "gan_points": GAN_POINTS,
    "gan_digits": GAN_DIGITS,
    "generation_speed": GENERATION_SPEED,
    "text_to_image": TEXT_TO_IMAGE,
}
