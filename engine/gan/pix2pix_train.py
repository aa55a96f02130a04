"""Training the image-to-image GAN, and its twin trained on L1 alone.

pix2pix's objective (Isola et al. 2017, eq. 4): the generator G fools the
PatchGAN D on (input, output) pairs and stays near the target pixel by pixel,
    G* = arg min_G max_D  L_cGAN(G, D) + lambda * L1(G),
with the non-saturating generator loss (-log D, Goodfellow et al. 2014). The
twin has the same network, start, batches and steps, and L1 alone: it
learns the per-pixel middle of the possible answers.

Every recorded round keeps the generators' outputs for the same held-out
inputs and the discriminator's per-patch verdicts on the GAN's outputs.
"""

from __future__ import annotations

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
    # Many small steps: at 800 steps of 32 pictures the GAN darkened some
    # squares' corners, which the pixel rules then read as circles (held out:
    # GAN 98.2% read right, L1 alone 99.6%). Chosen once, from a few settings
    # tried (seed 0 throughout; steps x batch: 1200 x 32, 1600 x 16, 3200 x 8):
    # more updates helped, a larger lambda (200) hardly did. Measured with
    # `python -m engine record image_to_image` (500 held-out pictures, load
    # average 4 from another job): read right GAN 99.8%, L1 alone 100% (one
    # picture short of the bar, equal or better);
    # sharpness GAN 0.591, L1 alone 0.080 (7.4x; real pictures 0.591);
    # training 106 s (GAN) and 71 s (L1 alone) of processor time.
    train_iters: int = 3200  # steps; each: one discriminator and one generator step
    batch_size: int = 8
    lr: float = 1e-3  # Adam, both networks, betas (0.5, 0.999), cosine-decayed
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
            (1 <= self.train_iters <= 1_000_000, "train_iters must be in 1..1000000"),
            (1 <= self.batch_size <= 4096, "batch_size must be in 1..4096"),
            (0 <= self.l1_weight <= 10_000, "l1_weight must be in 0..10000"),
            (self.factor in (1, 2, 3, 4, 6), "factor must be 1, 2, 3, 4 or 6"),
            (2 <= self.period <= 8, "period must be in 2..8"),
            (0 <= self.dim <= 1, "dim must be in 0..1"),
            (8 <= self.n_train <= 100_000, "n_train must be in 8..100000"),
            (8 <= self.n_held_out <= 10_000, "n_held_out must be in 8..10000"),
            (
                1 <= self.record_every <= self.train_iters,
                "record_every must be in 1..train_iters",
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
) -> dict[str, np.ndarray]:
    """Train one generator (with the PatchGAN if ``adversarial``, else on L1
    alone) on pairs ``inputs`` -> ``targets`` (n, h, w, c); record, every
    round, its outputs for ``shown`` (k, h, w, c) and, if adversarial, the
    verdicts on them; at the end, the verdicts on (``shown``, ``shown_targets``).

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
                           progress)  # fmt: skip
    finally:
        torch.set_num_threads(before)


def _train_pair(cfg, inputs, targets, shown, shown_targets, adversarial, progress):
    """``train_pair``'s work, on whatever threads torch has."""
    torch.manual_seed(cfg.seed)
    gen, disc = UNet(cfg.width, cfg.dropout), PatchGAN(cfg.width)
    batches = torch.Generator().manual_seed(cfg.seed + 1)
    betas = (0.5, 0.999)
    opt_g = torch.optim.Adam(gen.parameters(), lr=cfg.lr, betas=betas, fused=True)
    opt_d = torch.optim.Adam(disc.parameters(), lr=cfg.lr, betas=betas, fused=True)
    decay = [torch.optim.lr_scheduler.CosineAnnealingLR(o, cfg.train_iters)
             for o in ((opt_g, opt_d) if adversarial else (opt_g,))]  # fmt: skip
    x_all, y_all = _as_batch(inputs), _as_batch(targets)
    steps = set(record_steps(cfg.train_iters, cfg.record_every, ramp=True))
    rec: dict[str, list] = {"out": [], "verdict": [], "l1": [], "adv": [], "d": []}
    sums = {"l1": [], "adv": [], "d": []}

    def snapshot():
        out = translate(gen, shown)
        rec["out"].append(out)
        if adversarial:
            rec["verdict"].append(verdicts(disc, shown, out))
        for name in sums:
            rec[name].append(float(np.mean(sums[name])) if sums[name] else 0.0)
            sums[name].clear()

    with torch.no_grad():  # round 0: the untrained pair's losses on one batch
        pick = torch.randint(0, len(x_all), (cfg.batch_size,), generator=batches)
        x = x_all[pick]
        fake = gen(x)
        sums["l1"].append(F.l1_loss(fake, y_all[pick]).item())
        if adversarial:
            sums["adv"].append(forger_loss_each(disc(x, fake)).mean().item())
            sums["d"].append(inspector_loss(disc(x, y_all[pick]), disc(x, fake)).item())
    snapshot()
    seconds = cpu = 0.0  # wall and processor seconds of the training steps
    name = "image-to-image GAN" if adversarial else "L1 alone"
    for it in progress_bar(range(1, cfg.train_iters + 1), f"train {name}", progress):
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
    for key, value in gen.state_dict().items():
        history[f"weights/{key}"] = value.numpy().copy()
    return history


def generator_from(history: dict[str, np.ndarray], cfg: Pix2PixConfig) -> UNet:
    """The trained generator back from a history's ``weights/`` arrays, in eval mode."""
    gen = UNet(cfg.width, cfg.dropout)
    state = {k[len("weights/"):]: torch.from_numpy(np.asarray(v))
             for k, v in history.items() if k.startswith("weights/")}  # fmt: skip
    gen.load_state_dict(state)
    return gen.eval()
