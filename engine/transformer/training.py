"""The chapter's transformer trained on the word grammar, and cached.

Trains ``WordTransformer`` (``model.py``) to predict the next word of the
generated corpus (``corpus.py``) with AdamW (Loshchilov & Hutter 2019), warm-up
then cosine decay, and caches the weights under the name "transformer", keyed
by this code and the config's training fields. Kept apart from the network so
recorders that build their own networks from ``model.py`` (``scaling/``,
``long_range/``) never touch this cache, and can run beside the recordings that
do.
"""

from __future__ import annotations

import math
import time

import numpy as np
import torch
from torch.nn import functional as F

from engine.core.training import cached_or_trained, progress_bar
from engine.transformer.corpus import Sentence, Tokenizer, make_sentences, stream
from engine.transformer.model import TransformerConfig, WordTransformer, one_thread

# The engine modules whose code decides the trained weights (keys the cache).
CODE_MODULES = ["transformer.model", "transformer.training", "transformer.corpus"]


def corpus_split(cfg: TransformerConfig) -> tuple[list[Sentence], list[Sentence]]:
    """Training and held-out sentences (none in both), from the config's seed."""
    train = make_sentences(cfg.n_sentences, np.random.default_rng(cfg.seed))
    seen = {s.words for s in train}
    heldout = make_sentences(cfg.n_heldout, np.random.default_rng(cfg.seed + 1), seen)
    return train, heldout


def train(cfg: TransformerConfig, progress: bool = True):
    """Train from scratch. Returns (model, loss curve, seconds)."""
    with one_thread():
        return _train(cfg, progress)


def _train(cfg: TransformerConfig, progress: bool):
    tok = Tokenizer()
    torch.manual_seed(cfg.seed)
    words, _ = stream(corpus_split(cfg)[0])
    data = torch.tensor(tok.encode(words), dtype=torch.long)  # (N,) the whole stream
    model = WordTransformer(len(tok), cfg)
    # Fused: one kernel for every weight rather than a loop over them (the
    # same AdamW update, Loshchilov & Hutter 2019), as for the clip below.
    opt = torch.optim.AdamW(
        model.parameters(), lr=cfg.lr, weight_decay=0.01, fused=True
    )
    warm = max(1, cfg.train_iters // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt,
        lambda i: (
            min(1.0, (i + 1) / warm)
            * 0.5
            * (1 + math.cos(math.pi * min(i, cfg.train_iters) / cfg.train_iters))
        ),
    )
    gen = torch.Generator().manual_seed(cfg.seed + 2)
    log_every = max(1, cfg.train_iters // 100)
    losses, running = [], []
    offsets = torch.arange(cfg.block_size + 1)  # (T+1,)
    start = time.perf_counter()
    bar = progress_bar(range(cfg.train_iters), "train transformer", progress)
    for it in bar:
        # Windows at random offsets: a sentence may start anywhere in the context.
        i = torch.randint(
            0, len(data) - cfg.block_size - 1, (cfg.batch_size,), generator=gen
        )
        chunk = data[i[:, None] + offsets[None, :]]  # (B, T+1)
        logits, _ = model(chunk[:, :-1])  # (B, T, vocab)
        loss = F.cross_entropy(logits.flatten(0, 1), chunk[:, 1:].flatten())
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0, foreach=True)
        opt.step()
        sched.step()
        running.append(loss.item())
        if (it + 1) % log_every == 0:
            losses.append(float(np.mean(running)))
            running.clear()
            bar.set_postfix(loss=f"{losses[-1]:.4f}", refresh=False)
    bar.close()
    return model, np.array(losses, dtype=np.float32), time.perf_counter() - start


def trained_model(
    cfg: TransformerConfig, progress: bool = True, use_cache: bool = True
):
    """The trained model for ``cfg``, cached when code and config match.

    Returns (model in eval mode, tokenizer, loss curve, training seconds).
    """
    tok = Tokenizer()

    def train_with_grad():
        # The trace recorders run under no_grad; training needs gradients back.
        with torch.enable_grad():
            return train(cfg, progress)

    model, losses, seconds = cached_or_trained(
        "transformer",
        cfg.training_part(),
        CODE_MODULES,
        WordTransformer(len(tok), cfg),
        train_with_grad,
        use_cache,
    )
    return model.eval(), tok, losses, seconds
