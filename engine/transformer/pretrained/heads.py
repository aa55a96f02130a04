"""Which head links a pronoun to the noun it stands for: chosen on one half of
the Winograd-style sentences (``winograd.py``), reported on the other half.

For each sentence and head, the weight from the pronoun's token to each of the
two candidate nouns (summed over a noun's tokens) is read; the head "picks" the
noun with more weight. The head picking right most often on the choosing half
is the one followed; its share right on the reporting half is the figure
reported, against two baselines a reader without attention has: always the
nearer noun (the second one, right in half of the sentences by construction)
and a coin toss (50%). An exact binomial test says whether the difference
could be chance.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from engine.transformer.pretrained.load import Pretrained
from engine.transformer.pretrained.read import read
from engine.transformer.pretrained.winograd import Case, cases, halves


@dataclass
class Measured:
    """Per case: ``noun_weight`` (case, layer, head, 2) the weight from the
    pronoun to each noun; ``answer`` (case,) the right noun (0 or 1); ``half``
    (case,) 0 choosing, 1 reporting. ``seconds`` (case,) forward-pass times."""

    cases: list[Case]
    noun_weight: np.ndarray
    answer: np.ndarray
    half: np.ndarray
    seconds: np.ndarray

    def right(self) -> np.ndarray:
        """(case, layer, head) True where the head's larger weight is on the
        right noun (a tie counts as wrong)."""
        w = self.noun_weight
        pick_first = w[..., 0] > w[..., 1]
        pick_second = w[..., 1] > w[..., 0]
        a = self.answer[:, None, None]
        return np.where(a == 0, pick_first, pick_second)

    def share(self, half: int) -> np.ndarray:
        """(layer, head) share of the half's cases each head gets right."""
        return self.right()[self.half == half].mean(0)

    def chosen(self) -> tuple[int, int]:
        """(layer, head), from 0: most right on the choosing half (first on ties)."""
        s = self.share(0)
        return tuple(int(i) for i in np.unravel_index(np.argmax(s), s.shape))


def _span(text: str, word: str, after: int = 0) -> tuple[int, int]:
    m = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE).search(text, after)
    if m is None:
        raise ValueError(f"{word!r} not found in {text!r}")
    return m.start(), m.end()


def tokens_in(spans: np.ndarray, span: tuple[int, int]) -> list[int]:
    """Positions of the tokens whose characters lie inside ``span``."""
    lo, hi = span
    return [t for t, (a, b) in enumerate(spans) if b > a and lo <= a and b <= hi]


def noun_weights(pre: Pretrained, case: Case) -> tuple[np.ndarray, float]:
    """(layer, head, 2) weight from the pronoun's first token to each noun's
    tokens, summed; and the forward pass's seconds."""
    r = read(pre, case.text)
    first = _span(case.text, case.nouns[0])
    second = _span(case.text, case.nouns[1], first[1])
    pronoun = tokens_in(r.spans, _span(case.text, case.pronoun, second[1]))[0]
    rows = r.attn[:, :, pronoun, :]  # (L, H, T)
    out = np.stack(
        [rows[..., tokens_in(r.spans, s)].sum(-1) for s in (first, second)], -1
    )
    return out, r.seconds


def measure(pre: Pretrained) -> Measured:
    """Every Winograd-style case read by the encoder."""
    choose, report = halves(cases())
    every = choose + report
    weights, seconds = zip(*(noun_weights(pre, c) for c in every), strict=True)
    return Measured(
        cases=every,
        noun_weight=np.stack(weights).astype(np.float32),
        answer=np.array([c.answer for c in every], np.int32),
        half=np.array([0] * len(choose) + [1] * len(report), np.int32),
        seconds=np.array(seconds, np.float64),
    )


def binomial_p(right: int, n: int, p: float = 0.5) -> float:
    """Two-sided exact binomial test: the chance of a count at least as far
    from n p as ``right`` if each case were a coin toss with probability p."""
    far = abs(right - n * p)
    return float(min(1.0, sum(
        math.comb(n, k) * p**k * (1 - p) ** (n - k)
        for k in range(n + 1) if abs(k - n * p) >= far - 1e-9
    )))  # fmt: skip
