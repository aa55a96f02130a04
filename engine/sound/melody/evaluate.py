"""How well the melody transformer follows the grammar, on held-out tunes.

- Next-token accuracy at the positions the grammar decides (``corpus.py``:
  rule != FREE), read greedily (the most probable token) from the true prefix.
- For every head, how often its largest attention weight, read from the
  position just before a decided token (the query that predicts it), falls on
  the earlier position that decides it. The head is chosen on one half of the
  held-out tunes and its hit rate reported on the other half, so the choice
  is not scored on the tunes that made it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from engine.sound.melody.corpus import ECHO, RULES, Tune, padded


@dataclass
class Reading:
    """The model's reading of a set of tunes, teacher-forced.

    predicted: (N, T-1) most probable next token after each position;
    attn: (N, layers, heads, T-1, T-1) attention weights (query, key);
    tokens: (N, T) ids; rule, source: (N, T) the grammar's marks (padding:
    rule FREE, source -1).
    """

    predicted: np.ndarray
    attn: np.ndarray
    tokens: np.ndarray
    rule: np.ndarray
    source: np.ndarray


@torch.no_grad()
def read_tunes(model, tunes: list[Tune], chunk: int = 500) -> Reading:
    """Run ``model`` over ``tunes`` (true prefixes) and keep its guesses and
    every attention weight."""
    ids, _ = padded(tunes)
    rule = np.zeros_like(ids)
    source = np.full_like(ids, -1)
    for i, tune in enumerate(tunes):
        rule[i, : len(tune.rule)] = tune.rule
        source[i, : len(tune.source)] = tune.source
    predicted, attn = [], []
    for lo in range(0, len(ids), chunk):
        x = torch.from_numpy(ids[lo: lo + chunk, :-1])  # (B, T-1)
        logits, parts = model(x, keep=True)
        predicted.append(logits.argmax(-1).numpy())
        attn.append(torch.stack([p.weights for p in parts], 1).numpy())
    return Reading(np.concatenate(predicted), np.concatenate(attn), ids, rule, source)


def accuracy(reading: Reading, rows=slice(None)) -> dict:
    """Greedy next-token accuracy at decided positions: over all of them and per
    rule. {"all": (right, count), rule name: (right, count), ...}"""
    target = reading.tokens[rows, 1:]
    right = reading.predicted[rows] == target
    rule = reading.rule[rows, 1:]
    out = {"all": (int(right[rule > 0].sum()), int((rule > 0).sum()))}
    for code, name in enumerate(RULES):
        if code:
            out[name] = (int(right[rule == code].sum()), int((rule == code).sum()))
    return out


def head_hits(reading: Reading, rows=slice(None), rule: int = ECHO) -> tuple:
    """For every head, at positions decided by ``rule``: how many times its
    largest weight (from the query before the decided token) lands on the
    deciding position. Returns (hits (layers, heads) int, cases int)."""
    marks = reading.rule[rows, 1:] == rule  # (N, T-1): target j+1 decided
    n, q = np.nonzero(marks)
    src = reading.source[rows, 1:][n, q]  # (cases,)
    attn = reading.attn[rows][n, :, :, q, :]  # (cases, layers, heads, key)
    top = attn.argmax(-1)  # (cases, layers, heads)
    return (top == src[:, None, None]).sum(0), int(len(n))


def choose_head(reading: Reading, rule: int = ECHO) -> dict:
    """The head with most hits on the first half of the tunes, and its hit rate
    on the second half (and on the first, where it was chosen)."""
    half = len(reading.tokens) // 2
    choose, report = slice(0, half), slice(half, None)
    hits, cases = head_hits(reading, choose, rule)
    layer, head = np.unravel_index(int(hits.argmax()), hits.shape)
    test_hits, test_cases = head_hits(reading, report, rule)
    return {
        "layer": int(layer), "head": int(head),
        "choose_hits": int(hits[layer, head]), "choose_cases": cases,
        "hits": int(test_hits[layer, head]), "cases": test_cases,
        "choose_tunes": half, "report_tunes": len(reading.tokens) - half,
        "all_hits": test_hits, "rule": RULES[rule],
    }
