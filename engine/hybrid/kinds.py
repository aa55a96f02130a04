"""Trace kinds of the hybrid chapter: a transformer reads a prompt, a
diffusion model draws it.

What each kind must hold (checked by ``engine/core/trace.py``) and which
module records it. Plain data, no torch: ``engine/registry.py`` collects it
into the core's tables, and scenes load traces with it.
"""

from __future__ import annotations

from engine.core.kinds import ArraySpec, KindSpec
from engine.core.recorders import RecorderEntry

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


NEW_WORDS = KindSpec(
    description=(
        "The text-to-image model with a frozen pretrained prompt reader "
        "(all-MiniLM-L6-v2), asked in words it was never trained on (synonyms, a "
        "longer phrasing), beside the small reader trained here; every picture "
        "read back from its pixels by the independent check."
    ),
    arrays={
        "loss": ArraySpec("training loss (mean squared error on v) per logging "
                          "interval", ("log",), "squared RGB"),
        "kind_names": ArraySpec("what a rewording changed: colour, shape or place "
                                "word, or the phrasing", ("kind",), "name", "U"),
        "frozen_by_kind": ArraySpec("share of the frozen-reader model's pictures "
                                    "read back as meant, per kind of rewording",
                                    ("kind",), "fraction"),
        "small_by_kind": ArraySpec("the same for the small reader trained here, "
                                   "given the words it knows", ("kind",),
                                   "fraction"),
        "prompts_by_kind": ArraySpec("pictures behind each share (each model)",
                                     ("kind",), "pictures", "iu"),
        "frozen_guess_by_kind": ArraySpec(
            "what guessing the replaced word would score, per kind: the share of "
            "the frozen-reader model's pictures with every other part right, "
            "over the number of words the replaced one could mean (0 for the "
            "phrasing, which replaces no word)", ("kind",), "fraction",
            optional=True),
        "reworded_text": ArraySpec("every prompt in new words", ("reworded",),
                                   "words", "U"),
        "reworded_kind": ArraySpec("what each rewording changed", ("reworded",),
                                   "name", "U"),
        "example_text": ArraySpec("the prompts shown with both models' pictures",
                                  ("example",), "words", "U"),
        "example_asked": ArraySpec("what each example means: colour, shape and "
                                   "place codes", ("example", "3"), "code", "iu"),
        "example_small_words": ArraySpec("the words of each example the small "
                                         "reader knows (all it is given)",
                                         ("example",), "words", "U"),
        "example_pieces": ArraySpec("each example as the pretrained reader splits "
                                    "it into tokens, space-separated",
                                    ("example",), "tokens", "U"),
        "example_frozen": ArraySpec("the frozen-reader model's picture of each "
                                    "example", ("example", "h", "w", "3"),
                                    "RGB, -1 black to 1 full"),
        "example_small": ArraySpec("the small-reader model's picture of each "
                                   "example, from the same static",
                                   ("example", "h", "w", "3"),
                                   "RGB, -1 black to 1 full"),
        "example_frozen_right": ArraySpec("True where the check reads the frozen-"
                                          "reader picture as meant", ("example",),
                                          "bool", "b"),
        "example_small_right": ArraySpec("True where the check reads the small-"
                                         "reader picture as meant", ("example",),
                                         "bool", "b"),
        "example_frozen_read": ArraySpec(
            "what the fixed rules read in each frozen-reader picture: colour, "
            "shape and place codes, -1 where none was found", ("example", "3"),
            "code", "i"),
        "example_small_read": ArraySpec(
            "the same for each small-reader picture", ("example", "3"), "code",
            "i"),
        "example_frozen_ink": ArraySpec(
            "the average colour of the pixels the fixed rules count as ink in "
            "each frozen-reader picture (the colour their colour rule reads; 0 "
            "where none)", ("example", "3"), "RGB, 0 to 1", optional=True),
        "example_small_ink": ArraySpec(
            "the same for each small-reader picture", ("example", "3"),
            "RGB, 0 to 1", optional=True),
        "colour_rgb": ArraySpec(
            "each colour as the pictures draw it at full shade, by code (what "
            "the colour rule compares the ink against)", ("colour", "3"),
            "RGB, 0 to 1", optional=True),
        "example_noise": ArraySpec(
            "the static both models drew each example from",
            ("example", "h", "w", "3"), "standard normal", optional=True),
        "judged_asked": ArraySpec(
            "what each judged picture in new words was asked for: colour, shape "
            "and place codes (each prompt per_reworded times, in order)",
            ("judged", "3"), "code", "i", optional=True),
        "judged_kind": ArraySpec("what the rewording behind each judged picture "
                                 "changed", ("judged",), "name", "U",
                                 optional=True),
        "judged_frozen_read": ArraySpec(
            "what the fixed rules read in each judged frozen-reader picture: "
            "colour, shape and place codes, -1 where none was found",
            ("judged", "3"), "code", "i", optional=True),
        "judged_small_read": ArraySpec(
            "the same for each judged small-reader picture, drawn from the same "
            "static", ("judged", "3"), "code", "i", optional=True),
        "paired_split": ArraySpec(
            "per kind, the judged prompts' two pictures (one by each model, same "
            "static) split four ways: both drawn as asked, only the frozen-reader "
            "model's, only the small reader's, neither", ("kind", "split"),
            "pictures", "iu"),
        "habit_colour": ArraySpec(
            "the colour code the frozen-reader model drew most over the "
            "colour-word prompts", ("one",), "code", "i"),
        "colour_paired_split": ArraySpec(
            "the colour-word prompts' paired split (as paired_split) by the "
            "colour each asked for", ("colour", "split"), "pictures", "iu"),
        "habit_p": ArraySpec(
            "the exact sign test over the colour-word prompts asking for any "
            "colour but habit_colour (1 where none differ)", ("one",),
            "probability, 0 to 1", "f"),
        "paired_p": ArraySpec(
            "per kind, the exact two-sided sign test (McNemar's, exact) over the "
            "prompts where only one model drew as asked: how often two equally "
            "good readers would split at least this unevenly (1 where none differ)",
            ("kind",), "probability, 0 to 1", "f"),
        **{f"{k}_names": ArraySpec(f"the {k}s the codes name, by code", (k,),
                                   "name", "U")
           for k in ("colour", "shape", "position")},
        "synonym_words": ArraySpec("every new word a rewording brings in",
                                   ("synonym",), "word", "U"),
        "synonym_meanings": ArraySpec("the chapter word each new word stands for",
                                      ("synonym",), "word", "U"),
        "train_phrasings": ArraySpec("the training phrasings, shown for one "
                                     "combination", ("phrasing",), "words", "U"),
        "train_picture": ArraySpec("the first training picture of the "
                                   "combination the training phrasings are "
                                   "shown for", ("h", "w", "3"),
                                   "RGB, -1 black to 1 full", optional=True),
        "chapter_vocab": ArraySpec("every word the small reader knows (the "
                                   "chapter's prompt words)", ("word",), "words",
                                   "U"),
        "vector_words": ArraySpec(
            "the words whose pretrained vectors are recorded (crimson, red)",
            ("vector_word",), "word", "U", optional=True),
        "pretrained_vectors": ArraySpec(
            "the frozen pretrained reader's output for each of those words said "
            "alone (the mean of its own tokens' outputs, [CLS] and [SEP] left "
            "out)", ("vector_word", "d_pretrained"), "encoder units",
            optional=True),
        "pretrained_similarity": ArraySpec(
            "cosine similarity of the first two pretrained vectors (crimson "
            "and red), one value", ("pair",), "cosine, -1 to 1", optional=True),
        "small_red_vector": ArraySpec(
            "the small reader's own embedding row for the word red (its "
            "learned numbers for it, before its attention layers)", ("d_text",),
            "encoder units", optional=True),
        "picked_counts": ArraySpec(
            "over the colour-word prompts' pictures: how many only the "
            "frozen-reader model drew as asked, how many only the small reader "
            "did, and how many the frozen one drew as asked while the small one "
            "missed only the colour", ("count",), "pictures", "iu",
            optional=True),
        "picked_text": ArraySpec(
            "the clearest of those last cases, by the frozen picture's colour "
            "margin: its prompt (absent when there is none)", ("one",), "words",
            "U", optional=True),
        "picked_asked": ArraySpec("what it means: colour, shape and place codes",
                                  ("3",), "code", "iu", optional=True),
        "picked_new_word": ArraySpec("its new word", ("one",), "word", "U",
                                     optional=True),
        "picked_pieces": ArraySpec("its prompt as the pretrained reader splits "
                                   "it into tokens, space-separated", ("one",),
                                   "tokens", "U", optional=True),
        "picked_word_in_training": ArraySpec(
            "whether that word is in any training prompt of the small-reader "
            "model, then of the frozen-reader model", ("model",), "bool", "b",
            optional=True),
        "picked_pretrained_vector": ArraySpec(
            "the pretrained reader's vector for its new word said alone",
            ("d_pretrained",), "encoder units", optional=True),
        "picked_small_vector": ArraySpec(
            "the small reader's own embedding row for the colour word the new "
            "word stands for", ("d_text",), "encoder units", optional=True),
        "picked_frozen": ArraySpec("the frozen-reader model's picture of it",
                                   ("h", "w", "3"), "RGB, -1 black to 1 full",
                                   optional=True),
        "picked_small": ArraySpec("the small-reader model's picture of it, from "
                                  "the same static", ("h", "w", "3"),
                                  "RGB, -1 black to 1 full", optional=True),
        "picked_noise": ArraySpec("the static both drew it from",
                                  ("h", "w", "3"), "noise", optional=True),
        "picked_frozen_read": ArraySpec(
            "what the fixed rules read in the frozen picture: colour, shape, "
            "place codes (-1 where none)", ("3",), "code", "iu", optional=True),
        "picked_small_read": ArraySpec("the same for the small picture", ("3",),
                                       "code", "iu", optional=True),
        "picked_frozen_ink": ArraySpec(
            "the average colour of the frozen picture's ink, what the colour "
            "rule reads", ("3",), "RGB, 0 to 1", optional=True),
        "picked_small_ink": ArraySpec("the same for the small picture", ("3",),
                                      "RGB, 0 to 1", optional=True),
    },
)


KINDS: dict[str, KindSpec] = {
    "text_to_image": TEXT_TO_IMAGE,
    "new_words": NEW_WORDS,
}


RECORDERS: dict[str, RecorderEntry] = {
    "text_to_image": RecorderEntry(
        "engine.hybrid.record",
        "TextToImageConfig",
        "a transformer reads a prompt, a diffusion model draws it (cross-attention)",
    ),
    "new_words": RecorderEntry(
        "engine.hybrid.frozen_record",
        "NewWordsConfig",
        "the drawing model with a frozen pretrained prompt reader, asked in new words",
    ),
}
