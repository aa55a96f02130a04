"""Capturing your own 2D GAN for a ``gan_points`` trace.

Three measurements, each a call from your training loop at the end of a round,
made with the same code that measures the engine's own GANs
(``engine/gan/points.py``, ``engine/gan/shared.py``):

    heat = discriminator_field(D, extent=4.0, cells=64)   # (gy, gx) P(real)
    push = generator_push(D, fake_before)                  # (sample, 2)
    share, covered, near = coverage(fake, modes, radius=0.15)

Your discriminator may return logits (the default) or probabilities
(``logits=False``); it may live on any device. ``docs/your-own-model.md`` and
``examples/own_gan.py`` show a whole loop.
"""

from __future__ import annotations

import numpy as np
import torch
from torch.nn import functional as F

from engine.gan.points import grid_points, mode_coverage


def _device(module: torch.nn.Module) -> torch.device:
    p = next(module.parameters(), None)
    return p.device if p is not None else torch.device("cpu")


@torch.no_grad()
def discriminator_field(
    discriminator: torch.nn.Module, extent: float, cells: int = 64, logits: bool = True
) -> np.ndarray:
    """The discriminator's probability of "real" at the centre of every cell of a
    ``cells`` x ``cells`` grid over [-extent, extent]^2. (gy, gx): row 0 is the
    top of the plot (y = +extent), column 0 its left edge, as the trace wants."""
    grid = torch.from_numpy(grid_points(extent, cells)).to(_device(discriminator))
    out = discriminator(grid).reshape(-1).float()  # (cells*cells,)
    prob = torch.sigmoid(out) if logits else out
    return prob.reshape(cells, cells).cpu().numpy()


def generator_push(
    discriminator: torch.nn.Module,
    fake,
    logits: bool = True,
    generator_loss=None,
) -> np.ndarray:
    """Minus the gradient of the generator's loss at each fake: the direction the
    discriminator pushes it. (sample, 2)

    The loss is the usual non-saturating -log D(x) unless ``generator_loss``
    (discriminator output (B, 1) -> per-sample loss (B,)) is your own.
    """
    x = torch.as_tensor(fake, dtype=torch.float32).to(_device(discriminator))
    x = x.detach().requires_grad_(True)
    out = discriminator(x).reshape(len(x), -1)[:, 0]  # (B,)
    if generator_loss is not None:
        loss = generator_loss(out)
    elif logits:
        loss = F.softplus(-out)  # -log sigmoid(D(x)), as engine/gan/shared.py
    else:
        loss = -torch.log(out.clamp_min(1e-12))
    (grad,) = torch.autograd.grad(loss.sum(), x)  # samples are independent
    return (-grad).cpu().numpy()


def coverage(
    fake, modes, radius: float, cover_share: float = 0.02
) -> tuple[np.ndarray, int, float]:
    """How the fakes (sample, 2) cover the modes (mode, 2).

    A fake is near a mode within ``radius`` (data units) of its centre; a mode is
    covered when at least ``cover_share`` of the fakes are near it. Returns (share
    of fakes near each mode (mode,), modes covered, share of fakes near any).
    """
    points = np.asarray(fake.detach().cpu() if hasattr(fake, "detach") else fake)
    return mode_coverage(
        points.astype(np.float64), np.asarray(modes), radius, 1.0, cover_share
    )
