"""Trace kinds of the transformer chapter: a word-level transformer reading,
writing, and what its attention costs.

What each kind must hold (checked by ``engine/core/trace.py``) and which
module records it. Plain data, no torch: ``engine/registry.py`` collects it
into the core's tables, and scenes load traces with it.
"""

from __future__ import annotations

from engine.core.kinds import ArraySpec, KindSpec
from engine.core.recorders import RecorderEntry


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
        **{
            f"{name}_allowed": ArraySpec(
                f"at each word of {name}_tokens that breaks a rule, which words some "
                "training sentence puts there instead (after the same start of its "
                "sentence); all false elsewhere", (dim, "vocab"), "bool", "b")
            for name, dim in (("step", "step"), ("low", "side"), ("high", "side"),
                              ("drift", "drift"))
        },
        **{
            f"{name}_unchecked": ArraySpec(
                f"words of {name}_tokens the rule checker skipped: after a broken "
                'rule it reads on only from the next "."', (dim,), "bool", "b")
            for name, dim in (("step", "step"), ("low", "side"), ("high", "side"),
                              ("drift", "drift"))
        },
        "example_sentences": ArraySpec(
            "one training sentence of each kind (agreement, names, closing), "
            "drawn by the corpus generator", ("example",), "text", "U"),
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
        "for doubling sequence lengths, written out (the whole table of scores "
        "stored) and fused (worked through in tiles), with log-log exponents, and "
        "the key/value cache growing during generation."
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
        "fused_seconds": ArraySpec("time of the same call by the fused kernel "
                                   "(scaled_dot_product_attention: works through "
                                   "the table in tiles), fastest of several runs",
                                   ("length",), "seconds", optional=True),
        "written_peak_bytes": ArraySpec("peak memory of the written-out call "
                                        "(stores the whole table), measured by the "
                                        "allocator (stats peak_method)",
                                        ("length",), "bytes", optional=True),
        "fused_peak_bytes": ArraySpec("peak memory of the fused call, measured the "
                                      "same way", ("length",), "bytes",
                                      optional=True),
        "example_words": ArraySpec("the first words of the text measured",
                                   ("example",), "word", "U", optional=True),
        "example_weights": ArraySpec("their attention weights, layer 1 head 1; row "
                                     "= the word reading, zero above the diagonal "
                                     "(later words); rows sum to one",
                                     ("example", "example"), "weight",
                                     optional=True),
        "bytes_fit": ArraySpec("least-squares fit attn_bytes = a L^2 + b L + c: "
                               "a, b, c", ("3",), "bytes"),
        "cache_bytes": ArraySpec("bytes of the key/value cache after each word written",
                                 ("word",), "bytes"),
        "cache_step_seconds": ArraySpec("time to write each word with the cache",
                                        ("word",), "seconds"),
        "cpu_cache_bytes": ArraySpec("size of the recording machine's processor "
                                     "cache (its small fast memory, near the "
                                     "cores), level 1 (data), 2 and 3, read at "
                                     "record time; 0: not reported",
                                     ("3",), "bytes", "iu", optional=True),
    },
)


PRETRAINED_ATTENTION = KindSpec(
    description=(
        "A pretrained encoder (all-MiniLM-L6-v2, 6 layers x 12 heads, trained on a "
        "huge collection of text to compare sentences) reading any English sentence: "
        "its real subword tokens, every head's attention, and the head that links a "
        "pronoun to its noun, chosen on half of a Winograd-style sentence set and "
        "measured on the other half."
    ),
    arrays={
        "pieces": ArraySpec("the tokens as the WordPiece tokenizer stores them "
                            "([CLS] first, [SEP] last, ## a piece that continues a "
                            "word)", ("position",), "token", "U"),
        "token_ids": ArraySpec("each token's id in the model's 30,522-token "
                               "vocabulary", ("position",), "token id", "iu"),
        "words": ArraySpec("the sentence's words as typed (split at spaces)",
                           ("word",), "word", "U"),
        "word_of": ArraySpec("the word each token comes from (-1: [CLS], [SEP])",
                             ("position",), "index", "i"),
        "attn": ArraySpec("attention weights of every head; row = the token reading, "
                          "column = the token read (before or after it); rows sum "
                          "to one", ("layer", "head", "position", "key"), "weight"),
        "focus": ArraySpec("layer and head (from 0) chosen on the choosing half",
                           ("2",), "index", "iu"),
        "pronoun": ArraySpec("position of the sentence's first pronoun (it, they, "
                             "he, she...; -1: none)", ("1",), "position", "i"),
        "choose_share": ArraySpec(
            "choosing half: share of sentences where the head's weight from the "
            "pronoun is larger on the right noun", ("layer", "head"),
            "fraction of cases"),
        "report_share": ArraySpec(
            "reporting half: the same share, on sentences not used to choose",
            ("layer", "head"), "fraction of cases"),
        "case_text": ArraySpec("every Winograd-style sentence measured", ("case",),
                               "sentence", "U"),
        "case_nouns": ArraySpec("its two candidate nouns, in order", ("case", "2"),
                                "word", "U"),
        "case_decider": ArraySpec("the word that decides which noun the pronoun "
                                  "means", ("case",), "word", "U"),
        "case_answer": ArraySpec("the noun meant (0: first, 1: second, the nearer)",
                                 ("case",), "index", "iu"),
        "case_half": ArraySpec("0: used to choose the head, 1: used to report it",
                               ("case",), "index", "iu"),
        "case_weight": ArraySpec("every head's weight from the pronoun to each noun "
                                 "(summed over the noun's tokens)",
                                 ("case", "layer", "head", "2"), "weight"),
        "rare_words": ArraySpec("rarer words, tokenized on their own to show "
                                "subwords", ("rare",), "word", "U", optional=True),
        "rare_pieces": ArraySpec("each rare word's tokens, space-separated (## a "
                                 "piece that continues a word)", ("rare",), "token",
                                 "U", optional=True),
    },
)


KINDS: dict[str, KindSpec] = {
    "attention": ATTENTION,
    "text_generation": TEXT_GENERATION,
    "attention_cost": ATTENTION_COST,
    "pretrained_attention": PRETRAINED_ATTENTION,
}


RECORDERS: dict[str, RecorderEntry] = {
    "attention": RecorderEntry(
        "engine.transformer.attention",
        "AttentionConfig",
        "word transformer reading a sentence: every head's attention, one in full",
    ),
    "text_generation": RecorderEntry(
        "engine.transformer.generation",
        "GenerationConfig",
        "word transformer writing: word by word, two temperatures, long drift",
    ),
    "attention_cost": RecorderEntry(
        "engine.transformer.cost",
        "AttentionCostConfig",
        "attention time and memory against sequence length, key/value cache growth",
    ),
    "pretrained_attention": RecorderEntry(
        "engine.transformer.pretrained.record",
        "PretrainedAttentionConfig",
        "pretrained encoder (MiniLM) reading any English sentence; pronoun head "
        "measured",
    ),
}
