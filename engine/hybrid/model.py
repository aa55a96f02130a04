"""The text-to-image model in miniature: a transformer encoder, and a denoiser that
reads it through cross-attention.

- ``TextEncoder``: a small transformer over the prompt's tokens. Every word may
  attend to every other (no causal mask: the whole prompt is there at once).
  Its output is one vector per token, "the encoded words".
- ``Denoiser``: a small convolutional network that predicts what to remove from
  a noisy picture. Its only view of the prompt is cross-attention: every patch
  of the picture forms a query, every encoded word a key and a value, so each
  patch takes what it needs from the words it attends to (as in the Stable
  Diffusion U-Net, Rombach et al. 2022, at toy size). Queries also carry the
  patch's own place in the picture, so a patch can tell whether it is "top left".

The denoiser works on a coarse grid: each 3x3 block of pixels is one cell of an
8x8 grid (pixel unshuffle), which makes it cheap enough to train on one CPU
thread in a few minutes; a last small convolution at full resolution sharpens
the edges. Attention is written out, not fused, so every weight can be recorded.

The network predicts v = sqrt(alpha_bar) noise - sqrt(1 - alpha_bar) x0
(Salimans & Ho 2022) rather than the noise alone: at the noisiest steps, where
the layout of the picture is decided, v is nearly the clean picture itself, so
the few-step sampler gets a usable guess there. Training and sampling are in
``engine/hybrid/train.py`` and ``engine/hybrid/sampling.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn
from torch.nn import functional as F

from engine.diffusion.embeddings import time_embedding
from engine.hybrid.data import CELL, GRID, SIDE, VOCAB, WORDS_PER_PROMPT
from engine.transformer.multihead import attend, merge_heads, split_heads

GROUPS = 8  # GroupNorm groups


@dataclass
class ModelShape:
    d_text: int = 64  # width of the encoder, and of each encoded word
    text_layers: int = 2  # encoder blocks
    text_heads: int = 2  # attention heads per encoder block
    channels: int = 48  # width of the denoiser's feature maps (a multiple of 8)
    blocks: int = 4  # residual conv blocks, each followed by a cross-attention
    cross_heads: int = 1  # heads per cross-attention layer
    refine: int = 8  # channels of the full-resolution sharpening step
    time_dim: int = 32  # size of the sinusoidal step embedding


def grid_coords(side: int) -> torch.Tensor:
    """(x, y) of each cell of a side x side grid, -1..1, y downwards: (2, side, side)"""
    c = torch.linspace(-1, 1, side)
    yy, xx = torch.meshgrid(c, c, indexing="ij")
    return torch.stack([xx, yy])


class EncoderBlock(nn.Module):
    """Pre-norm transformer block: x + self-attention(norm(x)), x + mlp(norm(x))."""

    def __init__(self, d: int, heads: int):
        super().__init__()
        self.heads = heads
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.mlp = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Linear(2 * d, d))

    def forward(self, x, mask):
        q, k, v = self.qkv(self.ln1(x)).chunk(3, dim=-1)  # each (B, T, d)
        out, weights = attend(*(split_heads(t, self.heads) for t in (q, k, v)),
                              mask[:, None, None, :])  # keys (B, K) -> (B, 1, 1, K)
        x = x + self.proj(merge_heads(out))
        return x + self.mlp(self.ln2(x)), weights  # weights (B, heads, T, T)


class TextEncoder(nn.Module):
    """Prompt tokens (B, T) -> encoded words (B, T, d), and each block's attention."""

    def __init__(self, shape: ModelShape):
        super().__init__()
        self.embed = nn.Embedding(len(VOCAB), shape.d_text)
        self.position = nn.Embedding(1 + WORDS_PER_PROMPT, shape.d_text)
        self.blocks = nn.ModuleList(
            EncoderBlock(shape.d_text, shape.text_heads)
            for _ in range(shape.text_layers)
        )
        self.ln = nn.LayerNorm(shape.d_text)

    def forward(self, tokens, mask):
        # tokens (B, T) ids; mask (B, T) bool, True for tokens that are there
        x = self.embed(tokens) + self.position(torch.arange(tokens.shape[1]))
        attn = []
        for block in self.blocks:
            x, w = block(x, mask)  # x (B, T, d)
            attn.append(w)
        return self.ln(x), attn


class CrossAttention(nn.Module):
    """Each cell's features (and its place) query the encoded words; the answer is
    added back to the features."""

    def __init__(self, channels: int, d_text: int, heads: int):
        super().__init__()
        self.heads = heads
        self.norm = nn.GroupNorm(GROUPS, channels)
        self.q = nn.Linear(channels + 2, channels)  # features + (x, y) of the cell
        self.kv = nn.Linear(d_text, 2 * channels)
        self.proj = nn.Linear(channels, channels)
        self.register_buffer(
            "xy", grid_coords(GRID).flatten(1).T[None], persistent=False
        )  # (1, cells, 2)

    def forward(self, h, words, mask):
        # h (B, C, 8, 8) features; words (B, T, d) encoded; mask (B, T)
        b, c, gh, gw = h.shape
        f = self.norm(h).flatten(2).transpose(1, 2)  # (B, cells, C)
        q = self.q(torch.cat([f, self.xy.expand(b, -1, -1)], -1))  # (B, cells, C)
        k, v = self.kv(words).chunk(2, dim=-1)  # each (B, T, C)
        out, weights = attend(
            split_heads(q, self.heads),
            split_heads(k, self.heads),
            split_heads(v, self.heads),
            mask[:, None, None, :],  # keys (B, T) -> (B, 1, 1, T)
        )  # out (B, heads, cells, C / heads); weights (B, heads, cells, T)
        out = self.proj(merge_heads(out)).transpose(1, 2).reshape(b, c, gh, gw)
        return h + out, weights


class ResBlock(nn.Module):
    """Two 3x3 convolutions with the step mixed in (scale and shift), plus a skip."""

    def __init__(self, channels: int, time_width: int):
        super().__init__()
        self.norm1 = nn.GroupNorm(GROUPS, channels)
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1)
        self.time = nn.Linear(time_width, 2 * channels)
        self.norm2 = nn.GroupNorm(GROUPS, channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1)

    def forward(self, h, temb):
        scale, shift = self.time(temb)[:, :, None, None].chunk(2, dim=1)  # (B,C,1,1)
        x = self.conv1(F.silu(self.norm1(h)))
        x = self.norm2(x) * (1 + scale) + shift
        return h + self.conv2(F.silu(x))


class Denoiser(nn.Module):
    """Predicts v for a noisy picture (B, H, W, 3) at step t, given the encoded
    prompt; also returns every cross-attention layer's weights."""

    def __init__(self, shape: ModelShape):
        super().__init__()
        c, r = shape.channels, shape.refine
        self.time_dim = shape.time_dim
        self.time_mlp = nn.Sequential(
            nn.Linear(shape.time_dim, 4 * shape.time_dim), nn.SiLU()
        )
        self.register_buffer("coords", grid_coords(SIDE)[None], persistent=False)
        per_cell = CELL * CELL
        self.inp = nn.Conv2d(5 * per_cell, c, 3, padding=1)  # RGB + (x, y) per pixel
        self.blocks = nn.ModuleList(
            ResBlock(c, 4 * shape.time_dim) for _ in range(shape.blocks)
        )
        self.cross = nn.ModuleList(
            CrossAttention(c, shape.d_text, shape.cross_heads)
            for _ in range(shape.blocks)
        )
        self.out = nn.Sequential(
            nn.GroupNorm(GROUPS, c),
            nn.SiLU(),
            nn.Conv2d(c, (3 + r) * per_cell, 3, padding=1),  # 3 + r values per pixel
        )
        self.refine = nn.Sequential(
            nn.Conv2d(3 + r + 5, 2 * r, 3, padding=1),
            nn.SiLU(),
            nn.Conv2d(2 * r, 3, 3, padding=1),
        )

    def forward(self, x, t, words, mask):
        # x (B, H, W, 3); t (B,); words (B, T, d); mask (B, T)
        b = x.shape[0]
        temb = self.time_mlp(time_embedding(t, self.time_dim))  # (B, 4 * time_dim)
        full = torch.cat([x.permute(0, 3, 1, 2), self.coords.expand(b, -1, -1, -1)], 1)
        h = self.inp(F.pixel_unshuffle(full, CELL))  # (B, C, 8, 8)
        maps = []
        for block, cross in zip(self.blocks, self.cross, strict=True):
            h, w = cross(block(h, temb), words, mask)  # w (B, heads, cells, T)
            maps.append(w)
        coarse = F.pixel_shuffle(self.out(h), CELL)  # (B, 3 + refine, H, W)
        v = coarse[:, :3] + self.refine(torch.cat([coarse, full], 1))  # (B, 3, H, W)
        return v.permute(0, 2, 3, 1), maps


class TextToImage(nn.Module):
    """The encoder and the denoiser, trained together."""

    def __init__(self, shape: ModelShape):
        super().__init__()
        self.encoder = TextEncoder(shape)
        self.denoiser = Denoiser(shape)

    def forward(self, x, t, tokens, mask):
        words, _ = self.encoder(tokens, mask)
        v, _ = self.denoiser(x, t, words, mask)
        return v
