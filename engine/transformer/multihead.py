"""Multi-head scaled dot-product attention written out, for the models that
attend across two sequences: the hybrid's encoder and cross-attention
(``engine/hybrid/model.py``) and the sound chapter's tune writer
(``engine/sound/tune_prompt/model.py``).

Written out rather than fused (``torch.nn.functional.scaled_dot_product_attention``)
so that every weight can be recorded. The chapter's own decoder
(``engine/transformer/model.py``) keeps its causal attention with the KV cache.
"""

from __future__ import annotations

import math

import torch


def attend(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, mask: torch.Tensor):
    """Scaled dot-product attention (Vaswani et al. 2017, eq. 1).

    q: (B, heads, Q, D); k, v: (B, heads, K, D); mask: bool, broadcastable to
    (B, heads, Q, K), True where a key may be read (every row needs at least
    one, or its weights are NaN). Returns (output (B, heads, Q, D), weights
    (B, heads, Q, K), each row summing to one).
    """
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])  # (B, h, Q, K)
    weights = scores.masked_fill(~mask, float("-inf")).softmax(-1)
    return weights @ v, weights


def split_heads(x: torch.Tensor, heads: int) -> torch.Tensor:
    """(B, T, C) -> (B, heads, T, C / heads); C must divide by ``heads``."""
    b, t, c = x.shape
    return x.view(b, t, heads, c // heads).transpose(1, 2)


def merge_heads(x: torch.Tensor) -> torch.Tensor:
    """(B, heads, T, D) -> (B, T, heads * D), the inverse of ``split_heads``."""
    b, h, t, d = x.shape
    return x.transpose(1, 2).reshape(b, t, h * d)
