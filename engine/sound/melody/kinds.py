"""Trace kinds of ``engine/sound/melody/``: a decoder-only transformer writes
a tune note by note. Plain data, no torch: ``engine/registry.py`` collects it
into the core's tables.
"""

from __future__ import annotations

from engine.core.kinds import ArraySpec, KindSpec
from engine.core.recorders import RecorderEntry

MELODY = KindSpec(
    description=(
        "A small decoder-only transformer trained on a grammar of tunes in C major "
        "(a one-bar motif, its repeat or its answer moved up or down the scale, a "
        "cadence home to C) writes one tune token by token, with its next-token "
        "probabilities and attention and the tune's synthesised sound; held-out "
        "tunes measure its accuracy where the grammar decides the next token and "
        "how often one head looks at the deciding earlier note."
    ),
    arrays={
        "vocab": ArraySpec("the note tokens: C4..C6 (id = scale degree), '-' holds "
                           "the note before one beat more, <s>, </s>", ("vocab",),
                           "token", "U"),
        "tokens": ArraySpec("the written tune, <s> first", ("position",),
                            "token id", "iu"),
        "given": ArraySpec("True for <s> and any start given before the model "
                           "wrote", ("position",), "bool", "b"),
        "next_probs": ArraySpec("the distribution each token was drawn from (at "
                                "the config's temperature); row 0 zeros",
                                ("position", "vocab"), "probability"),
        "attn": ArraySpec("every head's attention; row j = the query just before "
                          "token j (the one that predicts it), columns = earlier "
                          "positions; row 0 zeros, other rows sum to one",
                          ("layer", "head", "position", "key"), "weight"),
        "rule": ArraySpec("the grammar's rule deciding each token (index into "
                          "rule_names; 0 = free: not decided); all 0 if the "
                          "written tune breaks the grammar", ("position",),
                          "code", "iu"),
        "source": ArraySpec("position of the earlier token that decides each "
                            "token (-1: none)", ("position",), "position", "i"),
        "part": ArraySpec("which part each token is in (index into part_names)",
                          ("position",), "code", "iu"),
        "part_names": ArraySpec("start, motif, echo, cadence, end", ("part",),
                                "name", "U"),
        "rule_names": ArraySpec("the rules; index 0 also names the accuracy over "
                                "every decided position", ("rule",), "name", "U"),
        "note_start": ArraySpec("when the note starting at each token sounds in "
                                "audio (-1: not a note)", ("position",), "s"),
        "note_beats": ArraySpec("beats the note starting at each token lasts "
                                "(0: not a note)", ("position",), "beats", "iu"),
        "audio": ArraySpec("the written tune played on the synthesised instrument "
                           "of the config (not recorded: synthesised), mono at "
                           "extents.rate", ("sample",), "amplitude, -1 to 1"),
        "heldout_tokens": ArraySpec("the held-out tunes measured on (none also in "
                                    "training), padded with </s>",
                                    ("heldout", "slot"), "token id", "iu"),
        "heldout_length": ArraySpec("real tokens of each held-out tune",
                                    ("heldout",), "tokens", "iu"),
        "heldout_half": ArraySpec("0: the half the head was chosen on; 1: the half "
                                  "its hit rate is reported on", ("heldout",),
                                  "code", "iu"),
        "accuracy_right": ArraySpec("held out: decided positions where the most "
                                    "probable next token is the grammar's, all "
                                    "decided positions then per rule",
                                    ("rule",), "positions", "iu"),
        "accuracy_count": ArraySpec("held out: decided positions counted, as "
                                    "accuracy_right", ("rule",), "positions", "iu"),
        "head_hits_choose": ArraySpec("first held-out half, echo positions: times "
                                      "each head's largest weight is on the "
                                      "deciding motif token", ("layer", "head"),
                                      "positions", "iu"),
        "head_hits_report": ArraySpec("the same on the second half", ("layer",
                                      "head"), "positions", "iu"),
        "head_hits_by_rule": ArraySpec("second half: times each head's largest "
                                       "weight is on the deciding token, at the "
                                       "positions of each rule (rule_names[1:])",
                                       ("decided_rule", "layer", "head"),
                                       "positions", "iu"),
        "head_cases_by_rule": ArraySpec("second half: positions of each rule",
                                        ("decided_rule",), "positions", "iu"),
        "chosen_head": ArraySpec("layer and head (from 0) chosen on the first half",
                                 ("2",), "index", "iu"),
        "loss": ArraySpec("training loss (cross-entropy of the next token) per "
                          "logging interval", ("log",), "nats"),
    },
)

KINDS: dict[str, KindSpec] = {"melody": MELODY}

RECORDERS: dict[str, RecorderEntry] = {
    "melody": RecorderEntry(
        "engine.sound.melody.record",
        "MelodyRecordConfig",
        "a decoder-only transformer writes a tune note by note (attention kept)",
    ),
}
