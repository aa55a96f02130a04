"""Training the image-to-image GAN, and its twin trained on L1 alone.

The twin is trained first, on L1 alone: it learns the per-pixel middle of the
possible answers. The GAN starts from the twin's generator and goes on with
pix2pix's objective (Isola et al. 2017, eq. 4): the generator G fools the
PatchGAN D on (input, output) pairs and stays near the target pixel by pixel,
    G* = arg min_G max_D  L_cGAN(G, D) + lambda * L1(G),
with the non-saturating generator loss (-log D, Goodfellow et al. 2014) and a
new discriminator. Starting the adversarial phase from the pixel-loss network
is SRGAN's practice (Ledig et al. 2017, section 3.2: the MSE-trained SRResNet
initialises the generator "to avoid undesired local optima"); here it also
makes the comparison exact: the GAN is the twin plus what the inspector
taught it.

Every recorded round keeps the generators' outputs for the same held-out
inputs and the discriminator's per-patch verdicts on the GAN's outputs.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass

import numpy as np
import torch
from torch.nn import functional as F

from engine.core.config_args import ConfigError
from engine.core.training import progress_bar
from engine.gan.pix2pix_model import PatchGAN, UNet
from engine.gan.shared import forger_loss_each, inspector_loss, record_steps


@dataclass
class Pix2PixConfig:
    seed: int = 0  # the pictures, initial weights, batches and dropout, all from it
    width: int = 12  # channels of the first level of both networks
    dropout: float = 0.5  # in the generator's deepest level, training only
    # Many small steps: at 800 steps of 32 pictures a GAN trained from scratch
    # darkened some squares' corners, which the pixel rules then read as
    # circles; 3200 x 8 from scratch still left one of 500 held-out pictures
    # misread (99.8%, L1 alone 100%) after 106 s of processor time. Started
    # from the L1-alone generator instead (seed 0, 500 held-out pictures,
    # `python -m engine record image_to_image`), adversarial steps x learning
    # rate x lambda x moving average, read right / sharpness (real 0.59):
    # 800 x 1e-3 x 100, none: 498-500 / 0.36-0.38, 24-28 s;
    # 1200 x 1e-3 x 100, none: 499 / 0.45; 1200 x 5e-4 x 100, none: 499 / 0.38;
    # 1600 x 1e-3 x 100, none: 498-500 / 0.53-0.55, 47-54 s;
    # 1600 x 5e-4 x 100, none: 497 / 0.45; 1600 x 1e-3 x 200, none: 499 / 0.49;
    # 1600 x 1e-3 x 100, average 0.99, 0.995 or 0.999: 498, 498, 499 / 0.54,
    # 0.54, 0.17; 1200 x 1e-3 x 100, average 0.995: 500 / 0.43, 41 s (kept).
    # The last picture or two are a coin toss between settings: a GAN invents
    # where the stripes go, and a dark stripe across a square's corner can
    # round it for the pixel rules.
    train_iters: int = 3200  # L1-alone steps (the GAN's start)
    gan_iters: int = 1200  # adversarial steps after that start; each: one
    # discriminator and one generator step
    batch_size: int = 8
    lr: float = 1e-3  # Adam, both networks, betas (0.5, 0.999), cosine-decayed
    ema: float = 0.995  # decay of the GAN generator's moving average kept (0: none)
    l1_weight: float = 100.0  # lambda: weight of L1 against the adversarial loss,
    # the paper's value (Isola et al. 2017)
    factor: int = 3  # the input keeps one colour per factor x factor pixels
    period: int = 3  # the stripes repeat every period pixels along the diagonal
    dim: float = 0.25  # share of the shape's colour a dark stripe keeps
    n_train: int = 4_000  # pictures both translators train on
    n_held_out: int = 500  # fresh pictures, another seed, every figure measured on
    record_every: int = 200  # training steps per recorded round (denser at first)
    n_show: int = 8  # held-out inputs whose outputs are recorded every round

    def __post_init__(self):
        checks = [
            (1 <= self.width <= 512, "width must be in 1..512"),
            (0 <= self.dropout < 1, "dropout must be in [0, 1)"),
            (0 <= self.ema < 1, "ema must be in [0, 1)"),
            (1 <= self.train_iters <= 1_000_000, "train_iters must be in 1..1000000"),
            (1 <= self.gan_iters <= 1_000_000, "gan_iters must be in 1..1000000"),
            (1 <= self.batch_size <= 4096, "batch_size must be in 1..4096"),
            (0 <= self.l1_weight <= 10_000, "l1_weight must be in 0..10000"),
            (self.factor in (1, 2, 3, 4, 6), "factor must be 1, 2, 3, 4 or 6"),
            (2 <= self.period <= 8, "period must be in 2..8"),
            (0 <= self.dim <= 1, "dim must be in 0..1"),
            (8 <= self.n_train <= 100_000, "n_train must be in 8..100000"),
            (8 <= self.n_held_out <= 10_000, "n_held_out must be in 8..10000"),
            (
                1 <= self.record_every <= min(self.train_iters, self.gan_iters),
                "record_every must be in 1..train_iters and 1..gan_iters",
            ),
            (1 <= self.n_show <= 64, "n_show must be in 1..64"),
        ]
        for ok, problem in checks:
            if not ok:
                raise ConfigError(problem)


def _as_batch(images: np.ndarray) -> torch.Tensor:
    """(n, h, w, c) numpy -> (n, c, h, w) float32 tensor."""
    return torch.from_numpy(np.ascontiguousarray(
        np.moveaxis(np.asarray(images, np.float32), -1, 1)))  # fmt: skip


def translate(gen: UNet, inputs: np.ndarray) -> np.ndarray:
    """The generator's outputs (n, h, w, c) for inputs (n, h, w, c), in eval
    mode (no dropout, batch norm's running averages); the mode is restored."""
    was = gen.training
    gen.eval()
    with torch.no_grad():
        out = np.moveaxis(gen(_as_batch(inputs)).numpy(), 1, -1)
    gen.train(was)
    return out


def verdicts(disc: PatchGAN, inputs: np.ndarray, outputs: np.ndarray) -> np.ndarray:
    """The discriminator's probability of "real" for each patch of each
    (input, output) pair: (n, ph, pw), in eval mode; the mode is restored."""
    was = disc.training
    disc.eval()
    with torch.no_grad():
        p = torch.sigmoid(disc(_as_batch(inputs), _as_batch(outputs)))[:, 0].numpy()
    disc.train(was)
    return p


def train_pair(
    cfg: Pix2PixConfig,
    inputs: np.ndarray,
    targets: np.ndarray,
    shown: np.ndarray,
    shown_targets: np.ndarray,
    adversarial: bool,
    progress: bool = True,
    start: dict[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """Train one generator (with the PatchGAN if ``adversarial``, for
    ``cfg.gan_iters`` steps; else on L1 alone, for ``cfg.train_iters``) on
    pairs ``inputs`` -> ``targets`` (n, h, w, c); record, every round, its
    outputs for ``shown`` (k, h, w, c) and, if adversarial, the verdicts on
    them; at the end, the verdicts on (``shown``, ``shown_targets``).
    ``start``: a history whose ``weights/`` the generator starts from (the
    L1-alone twin's, for the GAN); None starts from random weights.

    Returns the history (round-major arrays), the trained generator's state as
    arrays (``weights/<name>``) and the training seconds, wall and processor
    (recording excluded).

    Runs torch on one thread: the networks are small and the 2 cores are
    shared; measured here with another job running, two threads took 1.4x
    (L1 alone) to 2.8x (GAN) the processor seconds per step of one.
    """
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return _train_pair(cfg, inputs, targets, shown, shown_targets, adversarial,
                           progress, start)  # fmt: skip
    finally:
        torch.set_num_threads(before)


def _train_pair(cfg, inputs, targets, shown, shown_targets, adversarial, progress,
                start=None):  # fmt: skip
    """``train_pair``'s work, on whatever threads torch has."""
    torch.manual_seed(cfg.seed)
    gen, disc = UNet(cfg.width, cfg.dropout), PatchGAN(cfg.width)
    if start is not None:
        gen.load_state_dict(generator_from(start, cfg).state_dict())
    iters = cfg.gan_iters if adversarial else cfg.train_iters
    batches = torch.Generator().manual_seed(cfg.seed + 1)
    betas = (0.5, 0.999)
    opt_g = torch.optim.Adam(gen.parameters(), lr=cfg.lr, betas=betas, fused=True)
    opt_d = torch.optim.Adam(disc.parameters(), lr=cfg.lr, betas=betas, fused=True)
    decay = [torch.optim.lr_scheduler.CosineAnnealingLR(o, iters)
             for o in ((opt_g, opt_d) if adversarial else (opt_g,))]  # fmt: skip
    x_all, y_all = _as_batch(inputs), _as_batch(targets)
    steps = set(record_steps(iters, cfg.record_every, ramp=True))
    rec: dict[str, list] = {"out": [], "verdict": [], "l1": [], "adv": [], "d": []}
    sums = {"l1": [], "adv": [], "d": []}

    # the GAN's generator kept: an exponential moving average of the trained
    # one's weights (batch norm's running averages copied), when ``cfg.ema`` > 0;
    # the twin keeps its last weights
    kept_gen = copy.deepcopy(gen) if adversarial and cfg.ema > 0 else gen

    def snapshot():
        out = translate(kept_gen, shown)
        rec["out"].append(out)
        if adversarial:
            rec["verdict"].append(verdicts(disc, shown, out))
        for name in sums:
            rec[name].append(float(np.mean(sums[name])) if sums[name] else 0.0)
            sums[name].clear()

    # round 0: the starting pair's losses on one batch, in training mode (as
    # every later round's), leaving batch norm's running averages as they were,
    # so a GAN's round 0 draws exactly what its start drew
    kept = {k: v.clone() for k, v in gen.state_dict().items() if k.endswith(
        ("running_mean", "running_var", "num_batches_tracked"))}  # fmt: skip
    with torch.no_grad():
        pick = torch.randint(0, len(x_all), (cfg.batch_size,), generator=batches)
        x = x_all[pick]
        fake = gen(x)
        sums["l1"].append(F.l1_loss(fake, y_all[pick]).item())
        if adversarial:
            sums["adv"].append(forger_loss_each(disc(x, fake)).mean().item())
            sums["d"].append(inspector_loss(disc(x, y_all[pick]), disc(x, fake)).item())
    gen.load_state_dict(kept, strict=False)
    snapshot()
    seconds = cpu = 0.0  # wall and processor seconds of the training steps
    name = "image-to-image GAN" if adversarial else "L1 alone"
    for it in progress_bar(range(1, iters + 1), f"train {name}", progress):
        start, cpu_start = time.perf_counter(), time.process_time()
        pick = torch.randint(0, len(x_all), (cfg.batch_size,), generator=batches)
        x, y = x_all[pick], y_all[pick]
        fake = gen(x)
        if adversarial:  # the discriminator's turn: real pairs real, fakes fake
            loss_d = inspector_loss(disc(x, y), disc(x, fake.detach()))
            opt_d.zero_grad(set_to_none=True)
            loss_d.backward()
            opt_d.step()
            sums["d"].append(loss_d.item())
        l1 = F.l1_loss(fake, y)
        loss = cfg.l1_weight * l1
        if adversarial:  # then the generator's: fool every patch, stay near
            adv = forger_loss_each(disc(x, fake)).mean()
            loss = loss + adv
            sums["adv"].append(adv.item())
        opt_g.zero_grad(set_to_none=True)
        loss.backward()
        opt_g.step()
        if kept_gen is not gen:
            keep_average(kept_gen, gen, cfg.ema)
        for sched in decay:
            sched.step()
        sums["l1"].append(l1.item())
        seconds += time.perf_counter() - start
        cpu += time.process_time() - cpu_start
        if it in steps:
            snapshot()
    history = {
        "out": np.stack(rec["out"]).astype(np.float32),  # (round, k, h, w, c)
        "l1": np.array(rec["l1"], np.float32),  # (round,)
        "adv": np.array(rec["adv"] if adversarial else [], np.float32),
        "d": np.array(rec["d"] if adversarial else [], np.float32),
        "train_seconds": np.array(seconds),
        "train_cpu_seconds": np.array(cpu),
    }
    if adversarial:
        history["verdict"] = np.stack(rec["verdict"]).astype(np.float32)
        history["target_verdict"] = verdicts(disc, shown, shown_targets)
    for key, value in kept_gen.state_dict().items():
        history[f"weights/{key}"] = value.numpy().copy()
    return history


@torch.no_grad()
def keep_average(average: UNet, model: UNet, decay: float) -> None:
    """Move ``average``'s weights a step ``1 - decay`` towards ``model``'s and
    copy its batch-norm running averages: the generator averaged over
    training (Karras et al. 2018, section 4.1; Yazici et al. 2019)."""
    for kept, live in zip(average.parameters(), model.parameters(), strict=True):
        kept.lerp_(live, 1 - decay)
    for kept, live in zip(average.buffers(), model.buffers(), strict=True):
        kept.copy_(live)


def generator_from(history: dict[str, np.ndarray], cfg: Pix2PixConfig) -> UNet:
    """The trained generator back from a history's ``weights/`` arrays, in eval mode."""
    gen = UNet(cfg.width, cfg.dropout)
    state = {k[len("weights/"):]: torch.from_numpy(np.asarray(v))
             for k, v in history.items() if k.startswith("weights/")}  # fmt: skip
    gen.load_state_dict(state)
    return gen.eval()
