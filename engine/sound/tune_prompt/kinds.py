"""Trace kinds of ``engine/sound/tune_prompt/``: a transformer reads a few
words, another transformer writes a tune through cross-attention. Plain data,
no torch: ``engine/registry.py`` collects it into the core's tables.
"""

from __future__ import annotations

from engine.core.kinds import ArraySpec, KindSpec
from engine.core.recorders import RecorderEntry

_A = ArraySpec

TUNE_PROMPT = KindSpec(
    description=(
        "Words to a tune: a small transformer encoder reads a prompt such as 'slow "
        "rising tune ending high', and a decoder-only transformer writes the tune's "
        "notes one token a beat, reading the encoded words through cross-attention. "
        "The prompts on screen with every written note's attention on the words, "
        "the tunes played (synthesised, not recorded), and every combination of "
        "speed, direction and ending written and read back from the notes by fixed "
        "rules, some combinations held out of training, beside how often random "
        "notes pass the same rules (the chance level)."
    ),
    arrays={
        "vocab": _A("the prompt words the model knows; a word token is an index "
                    "here (<start> begins every prompt)", ("vocab",), "word", "U"),
        "note_vocab": _A("the note tokens: 15 notes C4..C6, '-' holds the note "
                         "before one beat more, <s> starts, </s> ends",
                         ("note_vocab",), "token", "U"),
        "speed_names": _A("the speeds, by code", ("speed",), "name", "U"),
        "direction_names": _A("the directions, by code", ("direction",), "name", "U"),
        "ending_names": _A("the endings, by code", ("ending",), "name", "U"),
        "prompt_text": _A("each prompt written and heard, as typed", ("prompt",),
                          "words", "U"),
        "prompt_words": _A("the words the model reads for each prompt, after "
                           "<start>", ("prompt", "word_read"), "word", "U"),
        "prompt_tokens": _A("each prompt's word tokens, <start> first",
                            ("prompt", "word"), "token id", "iu"),
        "asked": _A("what each prompt asks for: speed, direction and ending codes",
                    ("prompt", "3"), "code", "iu"),
        "held_out": _A("True where the prompt's combination was held out of "
                       "training", ("prompt",), "bool", "b"),
        "encoded": _A("the encoder's output, handed to the writer: one vector per "
                      "prompt word", ("prompt", "word", "d_model"), "activation"),
        "spectrogram": _A("a picture of each tune's sound: short-time Fourier "
                          "magnitude (Hann window of 512 samples, a column every "
                          "10 ms), rows 0 to 2.5 kHz from low to high",
                          ("prompt", "bin", "column"), "dB under the loudest cell"),
        "tune_tokens": _A("the tune written for each prompt: <s>, a token a beat, "
                          "</s> (padded with </s>)", ("prompt", "tune_token"),
                          "token id", "iu"),
        "cross_attn": _A("cross-attention while writing: the weight each writer "
                         "block's head put on each prompt word when it wrote "
                         "token j + 1 of the tune; rows sum to one",
                         ("prompt", "layer", "head", "written", "word"), "weight"),
        "enc_attn": _A("the encoder's self-attention over the prompt words; row = "
                       "word reading, column = word read",
                       ("prompt", "enc_layer", "enc_head", "word", "key"), "weight"),
        "note_degree": _A("each written note's scale degree (0 = C4 .. 14 = C6; "
                          "-1 past the last note)", ("prompt", "note"), "degree", "i"),
        "note_name": _A("each written note's name ('' past the last note)",
                        ("prompt", "note"), "name", "U"),
        "note_beats": _A("beats each note lasts (0 past the last note)",
                         ("prompt", "note"), "beats", "iu"),
        "note_start": _A("when each note starts in the tune's sound",
                         ("prompt", "note"), "seconds"),
        "note_count": _A("notes in each tune", ("prompt",), "notes", "iu"),
        "note_token": _A("index into tune_tokens of each note's token (-1 past "
                         "the last note)", ("prompt", "note"), "index", "i"),
        "note_attn": _A("cross-attention over the prompt words when each note was "
                        "written: mean over writer blocks and heads; sums to one "
                        "(zeros past the last note)", ("prompt", "note", "word"),
                        "weight"),
        "audio": _A("each tune played (synth.tune; synthesised, not recorded), "
                    "zero-padded", ("prompt", "sample"), "amplitude, -1..1"),
        "audio_length": _A("samples of each tune's sound before the padding",
                           ("prompt",), "samples", "iu"),
        "read_speed": _A("speed code the check reads from the tune's notes "
                         "(-1: neither)", ("prompt",), "code", "i"),
        "read_direction": _A("direction code read from the notes (-1: none)",
                             ("prompt",), "code", "i"),
        "read_ending": _A("ending code read from the last note (-1: none)",
                          ("prompt",), "code", "i"),
        "read_beats_per_note": _A("mean beats a note, behind the speed read",
                                  ("prompt",), "beats"),
        "read_rise": _A("rise of the line fitted to the pitches over the tune, "
                        "behind the direction read", ("prompt",), "scale degrees"),
        "read_right": _A("True where all three properties read are the ones asked",
                         ("prompt",), "bool", "b"),
        "combo": _A("every combination: speed, direction and ending codes",
                    ("combo", "3"), "code", "iu"),
        "combo_text": _A("every combination as a prompt", ("combo",), "words", "U"),
        "combo_held_out": _A("True where the combination was held out of training",
                             ("combo",), "bool", "b"),
        "train_count": _A("training tunes of each combination (0: held out)",
                          ("combo",), "tunes", "iu"),
        "eval_correct": _A("share of its written tunes read back with all three "
                           "properties asked", ("combo",), "fraction"),
        "eval_speed": _A("share with the speed read right", ("combo",), "fraction"),
        "eval_direction": _A("share with the direction read right", ("combo",),
                             "fraction"),
        "eval_ending": _A("share with the ending read right", ("combo",), "fraction"),
        "chance_correct": _A("chance level: share of random tunes (note lengths of "
                             "a random-speed training tune, pitches drawn evenly "
                             "from the 15 notes; chance_per_combo of them, seeded) "
                             "the check reads with all three properties the "
                             "combination asks", ("combo",), "fraction"),
        "eval_examples": _A("one of each combination's checked tunes",
                            ("combo", "tune_token"), "token id", "iu"),
        "eval_word_attn": _A("mean cross-attention on each prompt word over every "
                             "written token of the combination's checked tunes "
                             "(mean over blocks and heads)", ("combo", "word"),
                             "weight"),
        "loss": _A("training loss (cross-entropy of the next note token) per "
                   "logging interval", ("log",), "nats"),
    },
)

KINDS: dict[str, KindSpec] = {"tune_prompt": TUNE_PROMPT}

RECORDERS: dict[str, RecorderEntry] = {
    "tune_prompt": RecorderEntry(
        "engine.sound.tune_prompt.record",
        "TunePromptConfig",
        "a transformer reads a few words, another writes a tune (cross-attention)",
    ),
}
