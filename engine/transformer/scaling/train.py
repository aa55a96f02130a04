"""Training one size of the scaling sweep: the chapter's ``WordTransformer``
(engine/transformer/model.py) with the chapter's optimiser, clipping and
schedule (AdamW, warm-up then cosine decay), on a stream of word ids.
Its source keys the weights cache with the model's and the corpus's."""

from __future__ import annotations

import math

import torch
from torch.nn import functional as F

from engine.core.training import run_steps
from engine.transformer.model import TransformerConfig, WordTransformer


def parameter_counts(model: WordTransformer) -> tuple[int, int]:
    """(all parameters, non-embedding parameters as Kaplan et al. count them)."""
    total = sum(p.numel() for p in model.parameters())
    vocab_sized = sum(p.numel() for m in (model.embed, model.head)
                      for p in m.parameters())
    return total, total - vocab_sized


def train_size(mcfg: TransformerConfig, data: torch.Tensor, vocab: int, progress: bool):
    """Train one size from scratch (the chapter's optimiser and schedule).
    data: (words,) token ids of the training stream. Returns (model, losses, s)."""
    torch.manual_seed(mcfg.seed)
    model = WordTransformer(vocab, mcfg)
    opt = torch.optim.AdamW(model.parameters(), lr=mcfg.lr, weight_decay=0.01)
    warm = max(1, mcfg.train_iters // 20)
    last = mcfg.train_iters

    def rate(i):  # warm-up then cosine decay, as the chapter's model
        return min(1.0, (i + 1) / warm) * 0.5 * (1 + math.cos(math.pi * min(i, last)
                                                              / last))

    sched = torch.optim.lr_scheduler.LambdaLR(opt, rate)
    gen = torch.Generator().manual_seed(mcfg.seed + 2)  # the same batches at every size
    offsets = torch.arange(mcfg.block_size + 1)

    def step(_):
        i = torch.randint(0, len(data) - mcfg.block_size - 1, (mcfg.batch_size,),
                          generator=gen)
        chunk = data[i[:, None] + offsets[None, :]]  # (B, T+1)
        logits, _ = model(chunk[:, :-1])  # (B, T, vocab)
        loss = F.cross_entropy(logits.flatten(0, 1), chunk[:, 1:].flatten())
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)  # as the chapter's
        opt.step()
        sched.step()
        return loss.item()

    label = f"train d={mcfg.d_model} layers={mcfg.layers}"
    losses, seconds = run_steps(mcfg.train_iters, step, label, progress)
    return model, losses, seconds


