"""The chapter's decoder-only transformer trained on the tune grammar, and cached.

The network is the transformer chapter's ``WordTransformer``
(``engine/transformer/model.py``: causal self-attention written out, so every
weight can be recorded; sinusoidal positions) over the note tokens of
``engine/sound/notes.py``. It learns next-token prediction (cross-entropy) on
whole tunes of ``corpus.py``, each starting at position 0 and padded after
``</s>`` (padding is not scored), with AdamW (Loshchilov & Hutter 2019),
warm-up then cosine decay, on one thread. The weights are cached under the
name "melody", keyed by this code, the corpus and the config's training fields.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields

import numpy as np
import torch
from torch.nn import functional as F

from engine.core.config_args import ConfigError
from engine.core.training import cached_or_trained, run_steps
from engine.sound.melody.corpus import padded, split
from engine.sound.notes import VOCAB
from engine.transformer.model import TransformerConfig, WordTransformer, one_thread

# The engine modules whose code decides the trained weights (keys the cache).
CODE_MODULES = [
    "transformer.model", "sound.notes", "sound.melody.corpus", "sound.melody.train",
]


@dataclass
class MelodyConfig:
    seed: int = 0  # every random draw (tunes, init, batches) derives from it
    n_tunes: int = 20_000  # training tunes drawn from the grammar (repeats allowed)
    n_heldout: int = 1_000  # held-out tunes, none also in training
    d_model: int = 64  # width of the residual stream
    heads: int = 4  # attention heads per layer
    layers: int = 2  # transformer blocks
    # optimiser steps: at 1500 the echo head hit its note 73% of the time, at
    # 2500 every time (held out), in ~40 s of one core
    train_iters: int = 2_500
    batch_size: int = 32  # whole tunes per step
    lr: float = 5e-3  # peak learning rate; warm-up then cosine decay

    def __post_init__(self):
        checks = [
            (10 <= self.n_tunes <= 1_000_000, "n_tunes must be in 10..1000000"),
            (10 <= self.n_heldout <= 20_000, "n_heldout must be in 10..20000"),
            (self.train_iters >= 1, "train_iters must be >= 1"),
            (self.batch_size >= 1, "batch_size must be >= 1"),
            (self.lr > 0, "lr must be > 0"),
            (self.layers >= 1 and self.heads >= 1, "layers and heads must be >= 1"),
        ]
        for ok, problem in checks:
            if not ok:
                raise ConfigError(problem)
        self.network()  # d_model not a multiple of heads: one line, before training

    def network(self) -> TransformerConfig:
        """The transformer chapter's config for this network (corpus fields unused)."""
        return TransformerConfig(
            seed=self.seed, d_model=self.d_model, heads=self.heads, layers=self.layers,
        )

    def training_part(self) -> dict:
        """The fields that decide the trained weights (recorder fields do not)."""
        names = {f.name for f in fields(MelodyConfig)} - {"n_heldout"}
        return {k: v for k, v in asdict(self).items() if k in names}


def build(cfg: MelodyConfig) -> WordTransformer:
    """A freshly initialised network over the note vocabulary (18 tokens)."""
    return WordTransformer(len(VOCAB), cfg.network())


def train(cfg: MelodyConfig, progress: bool = True):
    """Train from scratch on one thread. Returns (model, loss curve, seconds)."""
    with one_thread(), torch.enable_grad():
        torch.manual_seed(cfg.seed)
        tunes, _ = split(cfg.n_tunes, 0, cfg.seed)
        ids, real = padded(tunes)
        data = torch.from_numpy(ids)  # (N, T)
        # Score a target only where it is a real token (up to and with </s>).
        target = torch.from_numpy(np.where(real[:, 1:], ids[:, 1:], -100))  # (N, T-1)
        model = build(cfg)
        opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=0.01)
        warm = max(1, cfg.train_iters // 20)
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt,
            lambda i: min(1.0, (i + 1) / warm)
            * 0.5 * (1 + math.cos(math.pi * min(i, cfg.train_iters) / cfg.train_iters)),
        )
        gen = torch.Generator().manual_seed(cfg.seed + 2)

        def step(_: int) -> float:
            rows = torch.randint(0, len(data), (cfg.batch_size,), generator=gen)
            logits, _ = model(data[rows, :-1])  # (B, T-1, vocab)
            loss = F.cross_entropy(logits.flatten(0, 1), target[rows].flatten())
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            return loss.item()

        losses, seconds = run_steps(cfg.train_iters, step, "train melody", progress)
    return model.eval(), losses, seconds


def trained_model(cfg: MelodyConfig, progress: bool = True, use_cache: bool = True):
    """The trained model for ``cfg``, cached when code and config match.

    Returns (model in eval mode, loss curve, training seconds).
    """
    return cached_or_trained(
        "melody", cfg.training_part(), CODE_MODULES, build(cfg),
        lambda: train(cfg, progress), use_cache,
    )
