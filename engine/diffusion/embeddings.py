"""Embeddings shared by the models."""

from __future__ import annotations

import math

import torch


def time_embedding(t: torch.Tensor, dim: int) -> torch.Tensor:
    """Sinusoidal embedding of integer steps, as in the Transformer. (B,) -> (B, dim)"""
    half = dim // 2
    freqs = torch.exp(-math.log(10_000.0) * torch.arange(half) / half)  # (half,)
    angles = t.float()[:, None] * freqs[None, :]  # (B, half)
    return torch.cat([angles.sin(), angles.cos()], dim=1)  # (B, dim)
