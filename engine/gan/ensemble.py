"""Several independent small GANs trained at once, one per seed, as one batch.

A mode-collapse result from one seed is an anecdote: whether a plain GAN
collapses depends on its start. Training each seed on its own costs one full
run per seed; small MLPs on 2D points spend most of their time in per-call
overhead, so stacking the seeds' weights and running every member in one
batched matrix product costs far less (measured on 2 cores: 8 members about
2.6x the time of one, at width 64 and batch 128).

The members never mix: each has its own weights, its own batches and latents,
and its loss is summed with the others' only so one backward pass serves all;
the gradient of a sum of independent losses is each member's own gradient,
and Adam is elementwise, so one Adam over the stacked weights is exactly S
independent Adams (Kingma & Ba 2015). The losses, the R1 penalty (Mescheder et
al. 2018) and the step order are those of ``engine/gan/shared.py``.
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn import functional as F

from engine.gan.shared import forger_loss_each


class StackedMLP(nn.Module):
    """``members`` independent MLPs of the same shape, evaluated together.

    (S, B, inp) -> (S, B, out); an input of shape (B, inp) is given to every
    member. Each layer is initialised like ``nn.Linear`` (uniform in
    +-1/sqrt(fan_in), He et al. 2015 as PyTorch does), each member from the
    global torch generator in turn. ``act`` is applied between layers.
    """

    def __init__(
        self, members: int, inp: int, hidden: int, out: int, layers: int, act
    ):
        super().__init__()
        sizes = [inp] + [hidden] * layers + [out]
        self.weights = nn.ParameterList()
        self.biases = nn.ParameterList()
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
            bound = 1 / math.sqrt(fan_in)
            w = torch.empty(members, fan_in, fan_out).uniform_(-bound, bound)
            b = torch.empty(members, 1, fan_out).uniform_(-bound, bound)
            self.weights.append(nn.Parameter(w))
            self.biases.append(nn.Parameter(b))
        self.act = act
        self.members = members

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() == 2:
            x = x.expand(self.members, *x.shape)
        last = len(self.weights) - 1
        for k, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            x = torch.baddbmm(b, x, w)  # (S, B, out_k)
            if k < last:
                x = self.act(x)
        return x


def relu(x: torch.Tensor) -> torch.Tensor:
    """The forger's activation (as ``engine.gan.points.build``)."""
    return F.relu(x)


def leaky_relu(x: torch.Tensor) -> torch.Tensor:
    """The inspector's activation: LeakyReLU(0.2), as ``shared.LeakyReLU``."""
    return F.leaky_relu(x, 0.2)


def stacked_gan_step(
    forger: StackedMLP,
    inspector: StackedMLP,
    opt_forger: torch.optim.Optimizer,
    opt_inspector: torch.optim.Optimizer,
    real: torch.Tensor,
    latents: list[torch.Tensor],
    r1_gamma: float,
) -> tuple[torch.Tensor, torch.Tensor]:
    """``shared.gan_step`` for every member at once.

    real (S, B, 2); latents: g_steps tensors of (S, B, latent). Returns each
    member's (inspector loss (S,), mean forger loss (S,)), the inspector's
    without the penalty, as in ``shared.gan_step``.
    """
    members = real.shape[0]
    with torch.no_grad():  # the inspector's turn: the fakes are fixed inputs
        fake = forger(latents[0])
    if r1_gamma > 0:
        real = real.detach().requires_grad_(True)
    real_logits = inspector(real)  # (S, B, 1)
    fake_logits = inspector(fake)
    # inspector_loss per member, as one op over the stack: (S,)
    loss_d = F.softplus(-real_logits).mean((1, 2)) + F.softplus(fake_logits).mean(
        (1, 2)
    )
    total = loss_d.sum()
    if r1_gamma > 0:
        (grad,) = torch.autograd.grad(real_logits.sum(), real, create_graph=True)
        total = total + r1_gamma / 2 * grad.pow(2).sum(-1).mean(-1).sum()
    opt_inspector.zero_grad(set_to_none=True)
    total.backward()
    opt_inspector.step()
    loss_g = torch.zeros(members)
    # The forger's turns differentiate for the forger's weights alone: the
    # inspector's gradients a plain backward() would add here are thrown away
    # by its next zero_grad, so computing them is wasted work.
    params = [p for group in opt_forger.param_groups for p in group["params"]]
    for z in latents:
        each = forger_loss_each(inspector(forger(z))).mean((1, 2))  # (S,)
        grads = torch.autograd.grad(each.sum(), params)
        for p, g in zip(params, grads, strict=True):
            p.grad = g
        opt_forger.step()
        loss_g += each.detach()
    return loss_d.detach(), loss_g / len(latents)


def stacked_optimisers(
    forger: StackedMLP, inspector: StackedMLP, lr: float, steps: int
):
    """``shared.optimisers`` (Adam, betas (0.5, 0.999), cosine-decayed over
    ``steps``) with Adam's fused kernel: a stack has a few large weight tensors
    and steps four times per training step, where the per-tensor loop of plain
    Adam costs more than its arithmetic. Same update rule (Kingma & Ba 2015).
    Returns (forger's, inspector's, [decays])."""
    betas = (0.5, 0.999)
    opt_f = torch.optim.Adam(forger.parameters(), lr=lr, betas=betas, fused=True)
    opt_i = torch.optim.Adam(inspector.parameters(), lr=lr, betas=betas, fused=True)
    decay = [
        torch.optim.lr_scheduler.CosineAnnealingLR(o, steps) for o in (opt_f, opt_i)
    ]
    return opt_f, opt_i, decay
