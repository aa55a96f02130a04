"""The melody transformer writing a tune token by token, every step kept.

Sampling is plain ancestral sampling from the softmax at a temperature,
from ``<s>`` and an optional given start, until ``</s>`` or ``MAX_TOKENS``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from engine.sound.melody.corpus import MAX_TOKENS
from engine.sound.notes import BOS, EOS, TOKEN_ID


@dataclass
class Written:
    """One written tune.

    ids: (T,) token ids, ``<s>`` first; given: (T,) bool, True for ``<s>`` and
    the given start; probs: (T, vocab) the distribution each token was drawn
    from (row 0 zeros: ``<s>`` is not drawn; given rows are what the model
    would have said there); attn: (layers, heads, T, T) every head's weights,
    row j = the query at j-1 that predicts token j (row 0 zeros), columns =
    earlier positions.
    """

    ids: np.ndarray
    given: np.ndarray
    probs: np.ndarray
    attn: np.ndarray


@torch.no_grad()
def write(model, start: list[int], temperature: float, seed: int) -> Written:
    """Tokens after ``<s>`` + ``start`` (token ids) drawn from ``model`` at
    ``temperature`` (> 0) with a generator seeded by ``seed``, then one
    teacher-forced pass to keep every probability and attention weight."""
    gen = torch.Generator().manual_seed(seed)
    ids = [TOKEN_ID[BOS], *start]
    while ids[-1] != TOKEN_ID[EOS] and len(ids) < MAX_TOKENS:
        logits, _ = model(torch.tensor([ids]))  # (1, T, vocab)
        p = (logits[0, -1] / temperature).softmax(-1)
        ids.append(int(torch.multinomial(p, 1, generator=gen)))
    x = torch.tensor([ids])
    logits, parts = model(x[:, :-1], keep=True)  # (1, T-1, vocab)
    t = len(ids)
    probs = np.zeros((t, logits.shape[-1]), dtype=np.float32)
    probs[1:] = (logits[0] / temperature).softmax(-1).numpy()
    weights = torch.stack([p.weights[0] for p in parts]).numpy()  # (L, H, T-1, T-1)
    attn = np.zeros((*weights.shape[:2], t, t), dtype=np.float32)
    attn[:, :, 1:, :-1] = weights
    given = np.zeros(t, dtype=bool)
    given[: 1 + len(start)] = True
    return Written(np.asarray(ids, dtype=np.int64), given, probs, attn)
