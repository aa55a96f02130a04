"""What each scene of the transformer chapter reads from its trace beyond what the
kind requires (see ``engine/core/needs.py``). Plain data, no torch.
"""

from __future__ import annotations

import numpy as np

from engine.core.needs import SceneNeeds
from engine.core.token_text import unshowable
from engine.core.trace import Trace

# The scenes that read a sentence (AttentionReads, InsideAttention,
# AttentionHeads) draw every word as a label at least 12 px tall in the 854x480
# GIF (scenes/kit/style.py MIN_TEXT_PX), apart from its neighbours: in one row
# across the frame (AttentionReads: the start "." and 12 of the vocabulary's
# longest words are 12.3 px tall, 13 would be 11.4 px) and one per row and
# column of an attention map (the smallest, AttentionHeads' 3.6 units, holds 13
# rows of labels). Longer sentences are refused (tests/transformer/
# test_long_sentences.py renders the widest one accepted).
SHOWN_WORDS = 12  # enforced for SENTENCE= in engine/transformer/sentence.py
# the start token and SHOWN_WORDS words
READ = {"position": (2, SHOWN_WORDS + 1, "words to read; more do not fit legibly")}
# The pretrained encoder's scenes draw one attention map large with a label per
# token on each edge, every label at least 12 px tall and apart from its
# neighbours: the map's side (scenes/transformer/pretrained_draw.py BIG_SIDE)
# holds this many rows, the start and end tokens included. Longer sentences are
# refused (engine/transformer/pretrained/sentence.py).
PRETRAINED_TOKENS = 16
PRETRAINED_READ = {
    "position": (3, PRETRAINED_TOKENS, "tokens with [CLS] and [SEP]; more do not fit "
                 "legibly")
}
SHOWN_CANDIDATES = 5  # next-token bars: the likeliest few of each position


def _tokens_shown(tr: Trace) -> str | None:
    """every token drawn (the input's, the likeliest next ones) can be shown"""
    probs = tr["next_probs"]  # (position, vocab)
    likeliest = np.argsort(-probs, axis=-1, kind="stable")[:, :SHOWN_CANDIDATES]
    ids = np.concatenate([tr["tokens"].ravel(), likeliest.ravel()])
    return unshowable(tr["vocab"], ids)


def _next_word(tr: Trace) -> str | None:
    """stats `survival` has an entry for the high temperature"""
    high = tr.config.get("high_temperature")
    survival = tr.stats.get("survival")
    if high is None or not isinstance(survival, dict):
        return None  # reported as missing config / stats
    entry = survival.get(f"{high:g}")
    if not isinstance(entry, dict) or not {"median_words_kept", "share_broken"} <= set(
        entry
    ):
        return (
            f"needs stats survival['{high:g}'] with median_words_kept and "
            "share_broken (the high temperature's drift)"
        )
    return None


SCENE_NEEDS: dict[str, SceneNeeds] = {
    "AttentionReads": SceneNeeds(
        "attention",
        stats={
            "heldout_cases": "held-out words that depend on an earlier word",
            "heldout_accuracy": "share of them predicted right",
            "focus_share": "share where the focus head's largest weight is on the "
            "deciding word",
        },
        sizes=READ,
        check=_tokens_shown,
    ),
    "InsideAttention": SceneNeeds("attention", sizes=READ, check=_tokens_shown),
    "AttentionHeads": SceneNeeds(
        "attention",
        sizes={"position": (1, *READ["position"][1:])},
        check=_tokens_shown,
    ),
    "NextWord": SceneNeeds(
        "text_generation",
        config={
            "low_temperature": "the low sampling temperature",
            "high_temperature": "the high sampling temperature",
            "survival_runs": "generations per temperature in the drift measurement",
        },
        stats={"survival": "the drift measurement, per temperature"},
        check=_next_word,
    ),
    "Subwords": SceneNeeds(
        "pretrained_attention",
        stats={
            "model": "the pretrained model's name",
            "parameters": "its learned numbers",
            "layers": "its layers",
            "heads": "heads per layer",
            "vocab_size": "pieces on its tokenizer's list",
            "load_seconds": "time to load it, s",
            "seconds_per_sentence": "time to read one sentence, s",
            "sentence_source": "whose sentence it reads",
        },
        sizes=PRETRAINED_READ,
    ),
    "PretrainedHeads": SceneNeeds(
        "pretrained_attention", sizes=PRETRAINED_READ,
    ),
    "PronounHead": SceneNeeds(
        "pretrained_attention",
        stats={
            "report_cases": "sentences the head was measured on, not used to "
            "choose it",
            "report_right": "of them, how many it got right",
            "report_p_value": "chance of doing that well or badly by tossing a coin",
            "nearer_noun_accuracy": "share right by always taking the nearer noun",
            "choose_cases": "sentences used to choose the head",
        },
        sizes=PRETRAINED_READ,
    ),
    "LongContextCost": SceneNeeds(
        "attention_cost",
        arrays=("written_peak_bytes", "fused_peak_bytes", "example_words",
                "example_weights"),
        arrays_label="measurement",
        config={"heads": "attention heads per layer"},
        stats={
            "written_bytes_exponent": "log-log slope of written-out peak memory",
            "fused_bytes_exponent": "log-log slope of fused peak memory",
            "peak_method": "how peak memory was measured",
        },
        sizes={"length": (4, None, "three doublings drawn on the memory chart")},
    ),
    "LongContextTime": SceneNeeds(
        "attention_cost",
        arrays=("fused_seconds", "example_words", "example_weights"),
        arrays_label="measurement",
        stats={
            "written_seconds_exponent": "log-log slope of written-out time, long "
            "stretch",
            "fused_seconds_exponent": "log-log slope of fused time, long stretch",
            "long_from_length": "where the long stretch starts (words)",
        },
        sizes={"length": (4, None, "three doublings for the long stretch")},
    ),
}
