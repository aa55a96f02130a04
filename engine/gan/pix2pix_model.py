"""The image-to-image GAN's two networks, in the pix2pix style, sized for 24x24.

Isola et al. 2017, Image-to-Image Translation with Conditional Adversarial
Networks: the generator is a U-Net (an encoder that halves the picture down
to one cell, a decoder that doubles it back, each decoder level also handed
the encoder's picture of the same size, so fine detail can skip the
bottleneck); the discriminator is a PatchGAN, which looks at the input and an
output side by side and gives one verdict per patch instead of one for the
whole picture. Convolutions 4x4 with stride 2, batch norm, LeakyReLU(0.2) on
the way down and ReLU on the way up, as in the paper's appendix 6.1.2; the
depths are cut to fit 24x24 pictures (two halvings instead of eight), with a
3x3 convolution at full size at each end, so the output can hold detail
finer than the halved levels (stripes 3 pixels apart).
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
    """The generator: (B, 3, 24, 24) input picture -> (B, 3, 24, 24) in (-1, 1).

    Encoder 24 -> 12 -> 6 cells with ``width``, 2x, 4x channels (a 3x3
    convolution at full size first), a 3x3 convolution at 6x6 with dropout
    (pix2pix's noise at training time), decoder 6 -> 12 -> 24, each level
    concatenated with the encoder's of the same size (the U-Net's skips,
    Ronneberger et al. 2015), and a 3x3 convolution to RGB. Any side that is
    a multiple of 4 works.
    """

    def __init__(self, width: int = 16, dropout: float = 0.5, channels: int = 3):
        super().__init__()
        w = width
        self.e0 = nn.Sequential(nn.Conv2d(channels, w, 3, 1, 1), nn.LeakyReLU(0.2))
        self.e1 = _down(w, 2 * w)  # 24 -> 12
        self.e2 = _down(2 * w, 4 * w)  # 12 -> 6
        middle: list[nn.Module] = [nn.Conv2d(4 * w, 4 * w, 3, 1, 1, bias=False),
                                   nn.BatchNorm2d(4 * w)]  # fmt: skip
        if dropout > 0:
            middle.append(nn.Dropout(dropout))
        self.middle = nn.Sequential(*middle, nn.ReLU())
        self.d2 = _up(8 * w, 2 * w, 0.0)  # 6 -> 12 (input: middle + e2)
        self.d1 = _up(4 * w, w, 0.0)  # 12 -> 24 (input: d2 + e1)
        self.out = nn.Sequential(nn.Conv2d(2 * w, channels, 3, 1, 1), nn.Tanh())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        e0 = self.e0(x)
        e1 = self.e1(e0)
        e2 = self.e2(e1)
        d2 = self.d2(torch.cat([self.middle(e2), e2], 1))
        d1 = self.d1(torch.cat([d2, e1], 1))
        return self.out(torch.cat([d1, e0], 1))


class PatchGAN(nn.Module):
    """The discriminator: (input, output) pictures, each (B, 3, 24, 24) -> a
    (B, 1, 6, 6) map of logits, one verdict per patch; sigmoid(logit) is its
    probability that the patch of the pair is real.

    Each verdict sees ``receptive_field()`` x that many pixels (10x10 here),
    so it judges the local texture of the pair, not the whole picture at once.
    """

    def __init__(self, width: int = 16, channels: int = 3):
        super().__init__()
        w = width
        self.net = nn.Sequential(
            nn.Conv2d(2 * channels, w, 4, 2, 1),  # 12x12, each sees 4x4
            nn.LeakyReLU(0.2),
            nn.Conv2d(w, 2 * w, 4, 2, 1, bias=False),  # 6x6, each sees 10x10
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
