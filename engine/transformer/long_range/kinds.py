"""The ``long_range`` trace kind: a transformer and a recurrent network asked
for a name given hundreds of words earlier. Plain data, no torch:
``engine/registry.py`` collects it into the core's tables.
"""

from __future__ import annotations

from engine.core.kinds import ArraySpec, KindSpec
from engine.core.recorders import RecorderEntry

LONG_RANGE = KindSpec(
    description=(
        "Recall across a long stretch: 'remember' and several name=colour pairs, "
        "then filler words, then 'who <name>'; the answer is that name's colour "
        "(multi-query associative recall). A small transformer and a GRU of about "
        "the same size, trained the same way (each at the best rate of the same "
        "learning-rate grid, chosen on validation examples), tested at doubling "
        "distances; and one example at the longest distance, with the "
        "transformer's attention from the question over every earlier word."
    ),
    arrays={
        "vocab": ArraySpec("the words; a token is an index here", ("vocab",), "word",
                           "U"),
        "distances": ArraySpec("distances tested: positions from the last pair to "
                               "the question", ("distance",), "words", "iu"),
        "n_test": ArraySpec("held-out examples tested at each distance",
                            ("distance",), "examples", "iu"),
        "transformer_accuracy": ArraySpec("transformer: share answered with the "
                                          "right colour", ("distance",), "fraction"),
        "gru_accuracy": ArraySpec("GRU: share answered with the right colour",
                                  ("distance",), "fraction"),
        "example_tokens": ArraySpec("one held-out example at the longest distance: "
                                    "'remember', the pairs, filler, 'who', the "
                                    "asked name",
                                    ("position",), "token id", "iu"),
        "example_attn": ArraySpec("transformer: every head's attention from the "
                                  "question word over every position up to it; "
                                  "sums to one", ("layer", "head", "position"),
                                  "weight"),
        "focus": ArraySpec("layer and head (from 0) that reach back furthest",
                           ("2",), "index", "iu"),
        "head_reach": ArraySpec("each head's weight-averaged distance back from the "
                                "question", ("layer", "head"), "words"),
        "transformer_probs": ArraySpec("transformer: probability of each word as the "
                                       "answer, on the example", ("vocab",),
                                       "probability"),
        "gru_probs": ArraySpec("GRU: probability of each word as the answer, on the "
                               "example", ("vocab",), "probability"),
        "transformer_loss": ArraySpec("transformer: training loss (cross-entropy of "
                                      "the answer) per logging interval", ("log",),
                                      "nats"),
        "gru_loss": ArraySpec("GRU: training loss per logging interval", ("log_gru",),
                              "nats"),
        "lr_grid": ArraySpec("peak learning rates tried, the same for both models",
                             ("rate",), "learning rate"),
        "transformer_val_accuracy": ArraySpec(
            "transformer: share right on validation examples (not test) at each "
            "rate of the grid and distance", ("rate", "distance"), "fraction"),
        "gru_val_accuracy": ArraySpec(
            "GRU: share right on validation examples at each rate and distance",
            ("rate", "distance"), "fraction"),
        "transformer_grid_seconds": ArraySpec(
            "transformer: training seconds at each rate (one thread)", ("rate",),
            "seconds"),
        "gru_grid_seconds": ArraySpec("GRU: training seconds at each rate",
                                      ("rate",), "seconds"),
    },
)

KINDS: dict[str, KindSpec] = {"long_range": LONG_RANGE}

RECORDERS: dict[str, RecorderEntry] = {
    "long_range": RecorderEntry(
        "engine.transformer.long_range.record",
        "LongRangeConfig",
        "transformer vs GRU recalling one of several pairs across up to 512 words",
    ),
}
