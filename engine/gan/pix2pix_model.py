"""The image-to-image GAN's two networks, in the pix2pix style, sized for 8x8.

Isola et al. 2017, Image-to-Image Translation with Conditional Adversarial
Networks: the generator is a U-Net (an encoder that halves the picture down
to one cell, a decoder that doubles it back, each decoder level also handed
the encoder's picture of the same size, so fine detail can skip the
bottleneck); the discriminator is a PatchGAN, which looks at the input and an
output side by side and gives one verdict per patch instead of one for the
whole picture. Convolutions 4x4 with stride 2, batch norm, LeakyReLU(0.2) on
the way down and ReLU on the way up, as in the paper's appendix 6.1.2; the
depths are cut to fit 8x8 pictures (three levels instead of eight).
"""

from __future__ import annotations

import torch
from torch import nn


def _down(inp: int, out: int, norm: bool = True) -> nn.Sequential:
    """(B, inp, H, W) -> (B, out, H/2, W/2): conv 4x4 stride 2, [BN], LeakyReLU."""
    layers: list[nn.Module] = [nn.Conv2d(inp, out, 4, 2, 1, bias=not norm)]
    if norm:
        layers.append(nn.BatchNorm2d(out))
    layers.append(nn.LeakyReLU(0.2))
    return nn.Sequential(*layers)


def _up(inp: int, out: int, dropout: float) -> nn.Sequential:
    """(B, inp, H, W) -> (B, out, 2H, 2W): transposed conv 4x4 stride 2, BN,
    dropout (pix2pix's noise at training time), ReLU."""
    layers: list[nn.Module] = [
        nn.ConvTranspose2d(inp, out, 4, 2, 1, bias=False),
        nn.BatchNorm2d(out),
    ]
    if dropout > 0:
        layers.append(nn.Dropout(dropout))
    layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class UNet(nn.Module):
    """The generator: (B, 1, 8, 8) input picture -> (B, 1, 8, 8) in (-1, 1).

    Encoder 8 -> 4 -> 2 -> 1 cells with ``width``, 2x, 4x channels; decoder
    1 -> 2 -> 4 -> 8, each level concatenated with the encoder's of the same
    size (the U-Net's skips, Ronneberger et al. 2015).
    """

    def __init__(self, width: int = 32, dropout: float = 0.5):
        super().__init__()
        w = width
        self.e1 = _down(1, w, norm=False)  # 8 -> 4
        self.e2 = _down(w, 2 * w)  # 4 -> 2
        self.e3 = nn.Sequential(nn.Conv2d(2 * w, 4 * w, 4, 2, 1), nn.ReLU())  # 2 -> 1
        self.d3 = _up(4 * w, 2 * w, dropout)  # 1 -> 2
        self.d2 = _up(4 * w, w, 0.0)  # 2 -> 4 (input: d3 + e2)
        self.d1 = nn.Sequential(nn.ConvTranspose2d(2 * w, 1, 4, 2, 1), nn.Tanh())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        e1 = self.e1(x)
        e2 = self.e2(e1)
        d3 = self.d3(self.e3(e2))
        d2 = self.d2(torch.cat([d3, e2], 1))
        return self.d1(torch.cat([d2, e1], 1))


class PatchGAN(nn.Module):
    """The discriminator: (input, output) pictures, each (B, 1, 8, 8) -> a
    (B, 1, 4, 4) map of logits, one verdict per patch; sigmoid(logit) is its
    probability that the patch of the pair is real.

    Each verdict sees ``receptive_field()`` x that many pixels (6x6 here), so
    it judges the local texture of the pair, not the whole picture at once.
    """

    def __init__(self, width: int = 32):
        super().__init__()
        w = width
        self.net = nn.Sequential(
            nn.Conv2d(2, w, 3, 1, 1),  # 8x8, each sees 3x3
            nn.LeakyReLU(0.2),
            nn.Conv2d(w, 2 * w, 4, 2, 1, bias=False),  # 4x4, each sees 6x6
            nn.BatchNorm2d(2 * w),
            nn.LeakyReLU(0.2),
            nn.Conv2d(2 * w, 1, 1),  # one logit per patch
        )

    def forward(self, inp: torch.Tensor, out: torch.Tensor) -> torch.Tensor:
        return self.net(torch.cat([inp, out], 1))

    def receptive_field(self) -> int:
        """Pixels on a side that one verdict depends on (from the conv layers)."""
        field, jump = 1, 1
        for m in self.net:
            if isinstance(m, nn.Conv2d):
                field += (m.kernel_size[0] - 1) * jump
                jump *= m.stride[0]
        return field
