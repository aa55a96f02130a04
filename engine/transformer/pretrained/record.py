"""Record the pretrained encoder reading one English sentence: the
``pretrained_attention`` trace.

The sentence's real WordPiece tokens and the words they came from, every head's
attention (6 layers x 12 heads), and the measurement that picks one head to
follow: on Winograd-style sentences (``winograd.py``), how often each head's
weight from the pronoun falls mostly on the noun it stands for, chosen on one
half and reported on the other, against the nearer-noun and coin-toss
baselines (``heads.py``). Load time and time per sentence are in the stats.

    python -m engine record pretrained_attention
    python -m engine record pretrained_attention \\
        --set "sentence=The cat sat on the mat because it was warm." \\
        --out renders/traces/pretrained_attention-mine.npz
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

import numpy as np

from engine.core import trace
from engine.core.provenance import produced_by
from engine.transformer.pretrained.files import PACKAGE
from engine.transformer.pretrained.heads import binomial_p, measure
from engine.transformer.pretrained.load import load
from engine.transformer.pretrained.read import read, word_of
from engine.transformer.pretrained.sentence import DEFAULT, PRONOUNS, check_sentence

KIND = "pretrained_attention"


@dataclass
class PretrainedAttentionConfig:
    # Nothing here is random (the weights are given, the reading is
    # deterministic); kept because every trace names its seed.
    seed: int = 0
    # The English sentence to read ("" reads DEFAULT): any words, at most
    # sentence.MAX_TOKENS tokens with the start and end tokens.
    sentence: str = ""

    def __post_init__(self):
        if self.sentence.strip():
            check_sentence(self.sentence, "sentence")


# Rarer words, split by the same tokenizer: what a subword is, seen on words
# that do not come whole (the default sentence splits only at an apostrophe).
RARE_WORDS = ("chatbots", "untranslatable")


def pronoun_position(pieces: list[str]) -> int:
    """The first token that is a pronoun standing for a thing or person
    (sentence.PRONOUNS), or -1."""
    return next((t for t, p in enumerate(pieces) if p in PRONOUNS), -1)


def record(cfg: PretrainedAttentionConfig, out_path, progress: bool = True,
           use_cache: bool = True) -> trace.Trace:
    """Load the encoder; measure the heads; record it reading the sentence."""
    pre = load()
    text = re.sub(r"\s+", " ", cfg.sentence.strip()) or DEFAULT
    m = measure(pre)
    layer, head = m.chosen()
    r = read(pre, text)
    words, owner = word_of(text, r.spans)
    right = m.right()[:, layer, head]
    report = m.half == 1
    n_report = int(report.sum())
    n_right = int(right[report].sum())
    nearer = int((m.answer[report] == 1).sum())  # the nearer noun is the second
    share_report = m.share(1)
    best_report = np.unravel_index(np.argmax(share_report), share_report.shape)
    arrays = {
        "pieces": np.array(r.pieces),
        "token_ids": r.ids,
        "words": np.array(words),
        "word_of": owner,
        "attn": r.attn,
        "focus": np.array([layer, head], np.int32),
        "pronoun": np.array([pronoun_position(r.pieces)], np.int32),
        "choose_share": m.share(0).astype(np.float32),
        "report_share": share_report.astype(np.float32),
        "case_text": np.array([c.text for c in m.cases]),
        "case_nouns": np.array([c.nouns for c in m.cases]),
        "case_decider": np.array([c.decider for c in m.cases]),
        "case_answer": m.answer,
        "case_half": m.half,
        "case_weight": m.noun_weight,
        "rare_words": np.array(RARE_WORDS),
        "rare_pieces": np.array([" ".join(pre.tokenizer.tokenize(w))
                                 for w in RARE_WORDS]),
    }
    stats = {
        "model": "all-MiniLM-L6-v2",
        "package": f"{PACKAGE}==0.1.0",
        "parameters": pre.parameters,
        "layers": pre.layers,
        "heads": pre.heads,
        "vocab_size": int(pre.tokenizer.vocab_size),
        "load_seconds": round(pre.load_seconds, 2),
        "seconds_per_sentence": round(float(np.median(m.seconds)), 4),
        "sentence": text,
        "sentence_source": "user" if cfg.sentence.strip() else "default",
        "focus_layer": layer + 1,  # counted from 1, as on screen
        "focus_head": head + 1,
        "choose_cases": int((m.half == 0).sum()),
        "choose_accuracy": round(float(right[~report].mean()), 4),
        "report_cases": n_report,
        "report_right": n_right,
        "report_accuracy": round(n_right / n_report, 4),
        "nearer_noun_accuracy": round(nearer / n_report, 4),
        "chance_accuracy": 0.5,
        "report_p_value": round(binomial_p(n_right, n_report), 4),
        # how often the focus head's larger weight is on the first noun,
        # whichever word decides (all cases)
        "focus_first_share": round(float(
            (m.noun_weight[:, layer, head, 0] > m.noun_weight[:, layer, head, 1])
            .mean()), 4),
        "best_report_head": [int(best_report[0]) + 1, int(best_report[1]) + 1],
        "best_report_accuracy": round(float(share_report.max()), 4),
    }
    manifest = trace.build_manifest(KIND, asdict(cfg), produced_by(), stats=stats)
    trace.save(out_path, manifest, arrays)
    return trace.Trace(manifest, arrays, str(out_path))
