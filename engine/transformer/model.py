"""A tiny decoder-only transformer over words, with attention computed explicitly.

Two layers of four heads read word tokens from the generated corpus
(``engine/transformer/corpus.py``) and learn to predict the next word.
Attention is written out step by step (scores, scaling, causal mask, softmax,
weighted sum of values) rather than through a fused kernel, so every weight
exists and can be recorded. Positions are sinusoidal, so the same model runs at
any length: the cost measurements in ``engine/transformer/cost.py`` rely on that.

The network alone lives here, so the chapter's other recorders (the sizes of
``scaling/``, the recall task of ``long_range/``) build it without reaching the
trained model's cache. ``training.py`` trains it on the grammar and caches it;
the recorders ``attention.py``, ``generation.py`` and ``cost.py`` beside this
file all reuse that one trained model, cached by code and config:

    python -m engine record attention
    python -m engine record attention --set "sentence=the keys to the old box are" \
        --out renders/traces/attention-mine.npz
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields

import torch
from torch import nn
from torch.nn import functional as F

from engine.core.config_args import ConfigError


@dataclass
class TransformerConfig:
    seed: int = 0  # every random draw (corpus, init, batches, sampling) derives from it
    n_sentences: int = 30_000  # training sentences generated from the grammar
    n_heldout: int = 2_000  # held-out sentences, none also in training
    block_size: int = 32  # context length in words during training (~3 sentences)
    d_model: int = 64  # width of the residual stream
    heads: int = 4  # attention heads per layer (d_model / heads per head)
    layers: int = 2  # transformer blocks
    # optimiser steps: the loss flattens by ~400, and held-out accuracy where
    # an earlier word decides is 1.0 at 1500 as at 3000, in half the time
    train_iters: int = 1_500
    batch_size: int = 32  # windows of block_size words per step
    lr: float = 6e-3  # peak learning rate; warm-up then cosine decay

    def __post_init__(self):
        if self.d_model % self.heads:
            raise ConfigError(
                f"d_model ({self.d_model}) must be a multiple of heads ({self.heads})"
            )

    def training_part(self) -> dict:
        """The fields that decide the trained weights (recorder fields do not)."""
        names = {f.name for f in fields(TransformerConfig)} - {"n_heldout"}
        return {k: v for k, v in asdict(self).items() if k in names}


def sinusoidal_positions(start: int, length: int, dim: int) -> torch.Tensor:
    """Positions start..start+length-1 as sin/cos features. -> (length, dim)"""
    pos = torch.arange(start, start + length, dtype=torch.float32)[:, None]  # (T, 1)
    freqs = torch.exp(-math.log(10_000.0) * torch.arange(0, dim, 2) / dim)  # (dim/2,)
    angles = pos * freqs[None, :]  # (T, dim/2)
    return torch.stack([angles.sin(), angles.cos()], dim=-1).flatten(1)  # (T, dim)


@dataclass
class AttentionParts:
    """Every intermediate of one attention call, for recording."""

    queries: torch.Tensor  # (B, heads, query, head_dim)
    keys: torch.Tensor  # (B, heads, key, head_dim)
    values: torch.Tensor  # (B, heads, key, head_dim)
    scores: torch.Tensor  # (B, heads, query, key): q . k
    scaled: torch.Tensor  # (B, heads, query, key): q . k / sqrt(head_dim)
    mask: torch.Tensor  # (query, key) bool: True where the key may be seen
    weights: torch.Tensor  # (B, heads, query, key): softmax, rows sum to one
    out: torch.Tensor  # (B, heads, query, head_dim): weights @ values


def attention(q, k, v, keep: bool = False):
    """Causal scaled dot-product attention, written out (Vaswani et al. 2017, eq. 1).

    q: (B, heads, Tq, D); k, v: (B, heads, Tk, D). The queries are the last Tq of
    the Tk positions (Tq < Tk when earlier keys come from a cache). Returns the
    output (B, heads, Tq, D) and, if ``keep``, an AttentionParts.
    """
    tq, tk, d = q.shape[-2], k.shape[-2], q.shape[-1]
    scores = q @ k.transpose(-2, -1)  # (B, heads, Tq, Tk)
    scaled = scores / math.sqrt(d)
    # Query i sits at position tk - tq + i and may see keys up to there.
    mask = torch.ones(tq, tk, dtype=torch.bool).tril(diagonal=tk - tq)  # (Tq, Tk)
    weights = scaled.masked_fill(~mask, float("-inf")).softmax(dim=-1)  # (B,h,Tq,Tk)
    out = weights @ v  # (B, heads, Tq, D)
    parts = (
        AttentionParts(q, k, v, scores, scaled, mask, weights, out) if keep else None
    )
    return out, parts


class KVCache:
    """Keys and values of every position seen so far, per layer: grows by one
    position per generated word, so its size is linear in the length."""

    def __init__(self, layers: int):
        self.k: list[torch.Tensor | None] = [None] * layers
        self.v: list[torch.Tensor | None] = [None] * layers

    @property
    def length(self) -> int:
        return 0 if self.k[0] is None else self.k[0].shape[-2]

    def nbytes(self) -> int:
        return sum(t.nbytes for t in self.k + self.v if t is not None)


class SelfAttention(nn.Module):
    """Multi-head causal self-attention. x (B, T, d_model) -> (B, T, d_model).

    Written out by default (``attention`` above), so every weight can be kept.
    With ``fused`` set, calls that keep nothing and use no cache go through
    ``torch.nn.functional.scaled_dot_product_attention`` instead: the same
    maths (up to float rounding) without storing the (T, T) table, several
    times faster for long texts (the recall task trains at 500+ words).
    """

    def __init__(self, d_model: int, heads: int):
        super().__init__()
        self.heads = heads
        self.fused = False  # not a weight: the state dict is the same either way
        self.qkv = nn.Linear(d_model, 3 * d_model)
        self.proj = nn.Linear(d_model, d_model)

    def forward(self, x, cache: KVCache | None = None, layer: int = 0, keep=False):
        B, T, C = x.shape
        h, d = self.heads, C // self.heads
        q, k, v = self.qkv(x).split(C, dim=2)  # each (B, T, C)
        q, k, v = (t.view(B, T, h, d).transpose(1, 2) for t in (q, k, v))  # (B,h,T,d)
        if cache is not None:
            if cache.k[layer] is not None:
                k = torch.cat([cache.k[layer], k], dim=2)  # (B, h, Tk, d)
                v = torch.cat([cache.v[layer], v], dim=2)
            cache.k[layer], cache.v[layer] = k, v
        if self.fused and not keep and cache is None:
            out = F.scaled_dot_product_attention(q, k, v, is_causal=True)
            parts = None
        else:
            out, parts = attention(q, k, v, keep)  # (B, h, T, d)
        out = out.transpose(1, 2).reshape(B, T, C)  # heads side by side: (B, T, C)
        return self.proj(out), parts


class Block(nn.Module):
    """Pre-norm transformer block: x + attention(norm(x)), then x + mlp(norm(x))."""

    def __init__(self, d_model: int, heads: int):
        super().__init__()
        self.ln1 = nn.LayerNorm(d_model)
        self.attn = SelfAttention(d_model, heads)
        self.ln2 = nn.LayerNorm(d_model)
        self.mlp = nn.Sequential(
            nn.Linear(d_model, 2 * d_model), nn.GELU(), nn.Linear(2 * d_model, d_model)
        )

    def forward(self, x, cache=None, layer=0, keep=False):
        a, parts = self.attn(self.ln1(x), cache, layer, keep)
        x = x + a
        return x + self.mlp(self.ln2(x)), parts


class WordTransformer(nn.Module):
    def __init__(self, vocab: int, cfg: TransformerConfig):
        super().__init__()
        self.d_model = cfg.d_model
        self.embed = nn.Embedding(vocab, cfg.d_model)
        self.blocks = nn.ModuleList(
            Block(cfg.d_model, cfg.heads) for _ in range(cfg.layers)
        )
        self.ln_f = nn.LayerNorm(cfg.d_model)
        self.head = nn.Linear(cfg.d_model, vocab)

    def use_fused(self, on: bool = True) -> WordTransformer:
        """Every layer's attention through the fused kernel when nothing is
        kept (see SelfAttention); returns the model."""
        for block in self.blocks:
            block.attn.fused = on
        return self

    def forward(self, idx, cache: KVCache | None = None, keep: bool = False):
        """idx: (B, T) word ids -> logits (B, T, vocab), and per-layer AttentionParts.

        With a cache, ``idx`` continues the cached positions.
        """
        start = cache.length if cache is not None else 0
        x = self.embed(idx)  # (B, T, C)
        x = x + sinusoidal_positions(start, idx.shape[1], self.d_model)  # (B, T, C)
        parts = []
        for i, block in enumerate(self.blocks):
            x, p = block(x, cache, i, keep)
            parts.append(p)
        return self.head(self.ln_f(x)), parts  # (B, T, vocab)


@contextmanager
def one_thread():
    """Run torch on one thread. Our matrices are small and the CPU is shared: on
    2 busy cores one thread trained 20x faster than two fighting over them."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


@torch.no_grad()
def next_word_probs(model, ids, temperature: float = 1.0) -> torch.Tensor:
    """Probabilities of the word after each position. ids (T,) -> (T, vocab)"""
    logits, _ = model(torch.as_tensor(ids)[None])  # (1, T, vocab)
    return (logits[0] / temperature).softmax(-1)


@torch.no_grad()
def sample(
    model,
    prompt: list[int],
    steps: int,
    temperature: float,
    gen: torch.Generator,
    window: int,
    batch: int = 1,
):
    """Sample ``steps`` words after ``prompt`` at ``temperature``, ``batch`` at once.

    The context is cropped to the last ``window`` words (the length trained on).
    Returns (tokens (batch, steps), the tempered distributions each word was drawn
    from (batch, steps, vocab)).
    """
    ids = torch.tensor(prompt, dtype=torch.long)[None].repeat(batch, 1)  # (B, P)
    out, dists = [], []
    for _ in range(steps):
        logits, _ = model(ids[:, -window:])  # (B, T, vocab)
        p = (logits[:, -1] / temperature).softmax(-1)  # (B, vocab)
        nxt = torch.multinomial(p, 1, generator=gen)  # (B, 1)
        ids = torch.cat([ids, nxt], dim=1)
        out.append(nxt[:, 0])
        dists.append(p)
    return torch.stack(out, 1), torch.stack(dists, 1)
