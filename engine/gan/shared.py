"""What both GANs share: small MLPs, the two losses, the R1 penalty, one training
step, the schedule of recorded rounds and a cache of recorded runs.

The generator is "the forger", the discriminator "the inspector". The inspector
outputs a logit: sigmoid(logit) is its probability that a sample is real.
Used by ``engine/gan/points.py`` and ``engine/gan/digits.py``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from engine.core import checkpoints
from engine.core.provenance import code_and_config_hash


def mlp(inp: int, hidden: int, out: int, layers: int, act: type[nn.Module]):
    """``layers`` hidden layers of width ``hidden``: (B, inp) -> (B, out)."""
    blocks: list[nn.Module] = [nn.Linear(inp, hidden), act()]
    for _ in range(layers - 1):
        blocks += [nn.Linear(hidden, hidden), act()]
    blocks.append(nn.Linear(hidden, out))
    return nn.Sequential(*blocks)


class LeakyReLU(nn.LeakyReLU):
    """LeakyReLU(0.2), the usual inspector activation (DCGAN): no dead units."""

    def __init__(self):
        super().__init__(0.2)


def inspector_loss(real_logits: torch.Tensor, fake_logits: torch.Tensor):
    """Binary cross-entropy: call real samples real and fakes fake.

    -log sigmoid(r) = softplus(-r) and -log(1 - sigmoid(f)) = softplus(f).
    """
    return F.softplus(-real_logits).mean() + F.softplus(fake_logits).mean()


def forger_loss_each(fake_logits: torch.Tensor) -> torch.Tensor:
    """Per-sample non-saturating forger loss -log sigmoid(D(x)) (Goodfellow 2014)."""
    return F.softplus(-fake_logits)


def r1_penalty(real_logits: torch.Tensor, real: torch.Tensor) -> torch.Tensor:
    """Mean squared gradient of the inspector at real data: E ||grad_x D(x)||^2.

    Mescheder, Geiger & Nowozin 2018, "Which training methods for GANs do
    actually converge?", eq. 9 (times gamma / 2). ``real`` must require grad.
    """
    (grad,) = torch.autograd.grad(real_logits.sum(), real, create_graph=True)
    return grad.pow(2).flatten(1).sum(1).mean()  # (B, ...) -> scalar


def forger_push(inspector: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """The direction the forger's loss pushes each sample: -d loss / d x, per sample.

    Samples are independent, so the gradient of the summed loss holds each
    sample's own gradient. (B, ...) -> (B, ...)
    """
    x = x.detach().requires_grad_(True)
    (grad,) = torch.autograd.grad(forger_loss_each(inspector(x)).sum(), x)
    return -grad


def gan_step(
    forger: nn.Module,
    inspector: nn.Module,
    opt_forger: torch.optim.Optimizer,
    opt_inspector: torch.optim.Optimizer,
    real: torch.Tensor,
    latents: list[torch.Tensor],
    r1_gamma: float,
) -> tuple[float, float]:
    """One training step: the inspector's turn, then one forger step per latent batch.

    Returns (inspector loss, mean forger loss). The inspector's loss is the
    cross-entropy alone (any R1 penalty is added for the update but not
    reported), so runs with and without the penalty compare like with like.
    """
    if r1_gamma > 0:
        real = real.detach().requires_grad_(True)
    real_logits = inspector(real)  # (B, 1)
    fake_logits = inspector(forger(latents[0]).detach())
    loss_d = inspector_loss(real_logits, fake_logits)
    total = loss_d
    if r1_gamma > 0:
        total = total + r1_gamma / 2 * r1_penalty(real_logits, real)
    opt_inspector.zero_grad(set_to_none=True)
    total.backward()
    opt_inspector.step()
    loss_g = 0.0
    for z in latents:
        loss = forger_loss_each(inspector(forger(z))).mean()
        opt_forger.zero_grad(set_to_none=True)
        loss.backward()
        opt_forger.step()
        loss_g += loss.item()
    return loss_d.item(), loss_g / len(latents)


def optimisers(forger: nn.Module, inspector: nn.Module, lr: float, steps: int):
    """Adam for each network with the usual GAN betas (DCGAN: less momentum),
    cosine-decayed over ``steps``. Returns (forger's, inspector's, [decays])."""
    betas = (0.5, 0.999)
    opt_f = torch.optim.Adam(forger.parameters(), lr=lr, betas=betas)
    opt_i = torch.optim.Adam(inspector.parameters(), lr=lr, betas=betas)
    decay = [
        torch.optim.lr_scheduler.CosineAnnealingLR(o, steps) for o in (opt_f, opt_i)
    ]
    return opt_f, opt_i, decay


def fixed_latents(seed: int, n_show: int, n_eval: int, latent_dim: int):
    """The forger's inputs that stay fixed all run: those shown (seed + 2) and
    those judged (seed + 3), each from its own generator."""
    z_show = torch.randn(
        (n_show, latent_dim), generator=torch.Generator().manual_seed(seed + 2)
    )
    z_eval = torch.randn(
        (n_eval, latent_dim), generator=torch.Generator().manual_seed(seed + 3)
    )
    return z_show, z_eval


def record_steps(
    train_iters: int, every: int, dense: int = 0, ramp: bool = False
) -> list[int]:
    """Training steps after which a round is recorded: 0 (untrained), then every
    ``every`` steps, always ending at ``train_iters``.

    ``dense`` records each of the first ``dense`` steps too, so that one round
    is exactly one inspector turn and one forger turn. ``ramp`` adds 1, 2, 5,
    10, 20, 50, ... below ``every``. A GAN changes fastest at the start.
    """
    steps = {0, train_iters, *range(every, train_iters + 1, every)}
    steps.update(range(1, dense + 1))
    if ramp:
        k = 1
        while k < min(every, train_iters):
            steps.update(s for s in (k, 2 * k, 5 * k) if s < every)
            k *= 10
    return sorted(s for s in steps if s <= train_iters)


def cached_run(
    kind: str,
    config: dict,
    code_modules: list[str],
    make: Callable[[], dict[str, np.ndarray]],
    use_cache: bool,
) -> dict[str, np.ndarray]:
    """The recorded history of one training run, from the cache when code and
    config match, else made by ``make()`` (which trains) and cached.

    A GAN's trace is its training history, so the history is cached along
    with nothing else: numeric arrays only, stored as tensors.
    """
    if not use_cache:
        return make()
    key = code_and_config_hash(config, code_modules)
    path = checkpoints.checkpoint_path(kind, key)
    blob = checkpoints.load_state(path, key)
    if blob is not None:
        return {name: t.numpy() for name, t in blob["state"].items()}
    arrays = make()
    checkpoints.save_state(
        path, key, {name: torch.from_numpy(a) for name, a in arrays.items()}, {}
    )
    return arrays
