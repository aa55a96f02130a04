"""Measuring the word transformer on held-out text, and checking users' words.

At every dependent word (a verb agreeing with its subject, a repeated name, a
closing word) it asks: is the most likely next word the right one, and which
heads put their largest weight on the word that decides it? It also measures
what each head reads in general (the previous word, itself, the sentence start).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from engine.transformer.corpus import (
    END,
    RULE_CODE,
    RULES,
    Sentence,
    Tokenizer,
    make_sentences,
    stream,
)
from engine.transformer.corpus_rules import Grammar


@dataclass
class Evaluation:
    """What the model does on held-out text, at the dependent words and overall."""

    rule: np.ndarray  # (case,) rule code of each dependent word
    correct: np.ndarray  # (case,) bool: the most likely next word is the right one
    # (case, layer, head) bool: reading from the word just before the dependent
    # one, the head's largest weight is on the deciding word
    hits: np.ndarray
    behaviour: dict[str, np.ndarray]  # name -> (layer, head) share of all rows

    def head_share(self) -> np.ndarray:
        return self.hits.mean(0)  # (layer, head)

    def by_rule(self, values: np.ndarray) -> dict[str, float]:
        return {
            RULES[c]: round(float(values[self.rule == c].mean()), 4)
            for c in np.unique(self.rule)
        }


def chunks_of(sentences: list[Sentence], block: int) -> list[list[Sentence]]:
    """Sentences packed in order into windows of at most ``block`` words ("." first)."""
    chunks, cur, size = [], [], 1
    for s in sentences:
        if cur and size + len(s.words) > block:
            chunks.append(cur)
            cur, size = [], 1
        cur.append(s)
        size += len(s.words)
    return chunks + ([cur] if cur else [])


BEHAVIOURS = ("previous word", "itself", "sentence start")


@torch.no_grad()
def evaluate(
    model, tok: Tokenizer, sentences: list[Sentence], block: int
) -> Evaluation:
    rules, correct, hits = [], [], []
    counts = {name: 0.0 for name in BEHAVIOURS}
    rows = 0
    for chunk in chunks_of(sentences, block):
        words, deps = stream(chunk)
        ids = torch.tensor(tok.encode(words))  # (T,)
        logits, parts = model(ids[None], keep=True)
        weights = torch.stack([p.weights[0] for p in parts])  # (layer, head, T, T)
        best = weights.argmax(-1).numpy()  # (layer, head, T): most-read key per row
        pred = logits[0].argmax(-1).numpy()  # (T,)
        for d in deps:
            rules.append(RULE_CODE[d.rule])
            correct.append(pred[d.position - 1] == ids[d.position].item())
            hits.append(best[:, :, d.position - 1] == d.decider)
        pos = np.arange(1, len(words))  # row 0 has only itself to read
        ends = np.flatnonzero(np.array(words) == END)
        start = ends[np.searchsorted(ends, pos) - 1]  # the last "." before each row
        for name, target in zip(BEHAVIOURS, (pos - 1, pos, start), strict=True):
            counts[name] = counts[name] + (best[:, :, pos] == target).sum(-1)
        rows += len(pos)
    return Evaluation(
        rule=np.array(rules),
        correct=np.array(correct),
        hits=np.array(hits),
        behaviour={k: np.asarray(v, float) / rows for k, v in counts.items()},
    )


def validation_sentences(n: int, seed: int, exclude: set) -> list[Sentence]:
    """Sentences for choosing the head to show, apart from training and held-out."""
    return make_sentences(n, np.random.default_rng(seed + 3), exclude)


def rule_breaks(words: list[str], offset: int) -> tuple[np.ndarray, np.ndarray]:
    """For each word from ``offset`` on: the rule it breaks (code, 0 = none) and the
    position of the earlier word it had to follow (-1 if none)."""
    breaks, _ = Grammar().check(words)
    n = len(words) - offset
    rule, decider = np.zeros(n, np.int32), np.full(n, -1, np.int32)
    for b in breaks:
        if b.position >= offset:
            rule[b.position - offset] = RULE_CODE[b.rule]
            decider[b.position - offset] = b.decider
    return rule, decider
