"""Words to a tune: a transformer encoder reads the prompt, a decoder-only
transformer writes the tune's note tokens and reads the encoded prompt
through cross-attention.

- ``PromptEncoder``: a small transformer over the prompt's word tokens
  (``data.VOCAB``). No causal mask: the whole prompt is there at once. Output:
  one vector per word, "the encoded words".
- ``TuneWriter``: a decoder-only transformer over note tokens
  (``notes.VOCAB``), as in a language model: causal self-attention over the
  notes written so far, then cross-attention in every block, where each
  note position forms a query and every encoded word a key and a value
  (the decoder of Vaswani et al. 2017, "Attention Is All You Need", section
  3.2.3; the same scheme reads prompts in text-to-speech and music models),
  then an MLP. Pre-norm residual blocks.

Attention is written out (scores, scaling, mask, softmax), not fused, so every
weight can be recorded. Training is in ``train.py``, writing in ``sampling.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from engine.sound.notes import VOCAB as NOTE_VOCAB
from engine.sound.tune_prompt.data import PROMPT_LENGTH
from engine.sound.tune_prompt.data import VOCAB as WORD_VOCAB
from engine.sound.tune_prompt.generate import TUNE_TOKENS
from engine.transformer.multihead import attend, merge_heads, split_heads


@dataclass
class ModelShape:
    d_model: int = 64  # width of every vector, in the encoder and the writer
    enc_layers: int = 1  # encoder blocks
    dec_layers: int = 2  # writer blocks, each with a cross-attention
    heads: int = 2  # self-attention heads per block
    cross_heads: int = 1  # cross-attention heads per writer block
    dropout: float = 0.0  # dropout on each block's additions to the residual stream


class Attention(nn.Module):
    """Multi-head attention: queries from ``x`` (B, Q, d), keys and values
    from ``source`` (B, K, d). Returns (B, Q, d) and weights (B, heads, Q, K)."""

    def __init__(self, d: int, heads: int):
        super().__init__()
        self.heads = heads
        self.q = nn.Linear(d, d)
        self.kv = nn.Linear(d, 2 * d)
        self.proj = nn.Linear(d, d)

    def forward(self, x, source, mask):
        k, v = self.kv(source).chunk(2, dim=-1)  # each (B, K, d)
        out, weights = attend(*(split_heads(t, self.heads) for t in (self.q(x), k, v)),
                              mask)
        return self.proj(merge_heads(out)), weights


def mlp(d: int, dropout: float) -> nn.Sequential:
    return nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d),
                         nn.Dropout(dropout))


class EncoderBlock(nn.Module):
    """x + self-attention(norm(x)) over all words, then x + mlp(norm(x))."""

    def __init__(self, d: int, heads: int, dropout: float):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.attn = Attention(d, heads)
        self.mlp = mlp(d, dropout)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, keys):
        # keys: (B, 1, 1, P) bool, True for the words that are there
        h = self.ln1(x)
        a, w = self.attn(h, h, keys)
        x = x + self.drop(a)
        return x + self.mlp(self.ln2(x)), w


class WriterBlock(nn.Module):
    """x + causal self-attention(norm(x)), x + cross-attention(norm(x), words),
    x + mlp(norm(x))."""

    def __init__(self, d: int, heads: int, cross_heads: int, dropout: float):
        super().__init__()
        self.ln1, self.ln2, self.ln3 = (nn.LayerNorm(d) for _ in range(3))
        self.self_attn = Attention(d, heads)
        self.cross = Attention(d, cross_heads)
        self.mlp = mlp(d, dropout)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, words, keys):
        # words (B, P, d); keys (B, 1, 1, P) bool, True for the words that are there
        t = x.shape[1]
        causal = torch.ones(t, t, dtype=torch.bool).tril()  # (T, T): earlier only
        h = self.ln1(x)
        a, w_self = self.self_attn(h, h, causal)
        x = x + self.drop(a)
        c, w_cross = self.cross(self.ln2(x), words, keys)
        x = x + self.drop(c)
        return x + self.mlp(self.ln3(x)), w_self, w_cross


class PromptEncoder(nn.Module):
    """Prompt word ids (B, P) -> encoded words (B, P, d), and each block's
    attention weights (B, heads, P, P)."""

    def __init__(self, shape: ModelShape):
        super().__init__()
        self.embed = nn.Embedding(len(WORD_VOCAB), shape.d_model)
        self.position = nn.Embedding(PROMPT_LENGTH, shape.d_model)
        self.blocks = nn.ModuleList(
            EncoderBlock(shape.d_model, shape.heads, shape.dropout)
            for _ in range(shape.enc_layers)
        )
        self.ln = nn.LayerNorm(shape.d_model)

    def forward(self, words, keys):
        x = self.embed(words) + self.position(torch.arange(words.shape[1]))
        attn = []
        for block in self.blocks:
            x, w = block(x, keys)
            attn.append(w)
        return self.ln(x), attn


class TuneWriter(nn.Module):
    """Note token ids (B, T) and encoded words (B, P, d) -> next-token logits
    (B, T, len(notes.VOCAB)), each block's self-attention (B, heads, T, T) and
    cross-attention (B, cross_heads, T, P)."""

    def __init__(self, shape: ModelShape):
        super().__init__()
        self.embed = nn.Embedding(len(NOTE_VOCAB), shape.d_model)
        self.position = nn.Embedding(TUNE_TOKENS, shape.d_model)
        self.blocks = nn.ModuleList(
            WriterBlock(shape.d_model, shape.heads, shape.cross_heads, shape.dropout)
            for _ in range(shape.dec_layers)
        )
        self.ln = nn.LayerNorm(shape.d_model)
        self.head = nn.Linear(shape.d_model, len(NOTE_VOCAB))

    def forward(self, tokens, words, keys):
        x = self.embed(tokens) + self.position(torch.arange(tokens.shape[1]))
        selfs, crosses = [], []
        for block in self.blocks:
            x, w_self, w_cross = block(x, words, keys)
            selfs.append(w_self)
            crosses.append(w_cross)
        return self.head(self.ln(x)), selfs, crosses


def key_mask(prompt, present=None):
    """(B, 1, 1, P) bool mask of the prompt words attention may read: all of
    them, or where ``present`` (B, P) bool is True (training leaves some
    words out)."""
    if present is None:
        present = torch.ones(prompt.shape, dtype=torch.bool)
    return present[:, None, None, :]


class WordsToTune(nn.Module):
    """The encoder and the writer, trained together.

    forward(tokens (B, T), prompt (B, P), present (B, P) bool or None) ->
    logits (B, T, note vocab) and a dict of attention weights:
    ``encoder`` [(B, heads, P, P)] per encoder block, ``self`` [(B, heads, T, T)]
    and ``cross`` [(B, cross_heads, T, P)] per writer block."""

    def __init__(self, shape: ModelShape):
        super().__init__()
        self.encoder = PromptEncoder(shape)
        self.writer = TuneWriter(shape)

    def forward(self, tokens, prompt, present=None):
        keys = key_mask(prompt, present)
        words, enc = self.encoder(prompt, keys)
        logits, selfs, crosses = self.writer(tokens, words, keys)
        return logits, {"encoder": enc, "self": selfs, "cross": crosses}
