"""The text-to-image model with a frozen pretrained text encoder.

Real text-to-image systems do not train their prompt reader: they take one
pretrained on a huge collection of text (CLIP's text tower in Stable Diffusion,
Rombach et al. 2022; T5 in Imagen, Saharia et al. 2022) and keep it frozen; only
the denoiser learns, reading the encoder's per-token outputs through
cross-attention. Here the frozen encoder is all-MiniLM-L6-v2
(``engine/transformer/pretrained/``): each prompt becomes one 384-number vector
per WordPiece token, computed once, and the chapter's denoiser
(``engine/hybrid/model.py``, its cross-attention keys and values now read from
384 numbers) is trained on them, with the same pictures, held-out combinations,
noise schedule and sampler as the trained-from-scratch model. It starts from
that model's drawing network (everything but the keys and values, which read
the new encoder), so the two differ only in how they read the prompt, and it
learns to read in a quarter of the time a start from scratch would need.

The prompts are a few phrasings of each combination (``engine/hybrid/wording``);
the empty prompt, for classifier-free guidance, is the encoder's reading of "".

    python -m engine.hybrid.frozen     # train (from the small model) and print figures
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass

import numpy as np
import torch
from torch import nn

from engine.core.config_args import ConfigError
from engine.core.training import cached_or_trained, optimise, run_steps
from engine.diffusion.schedule import NoiseSchedule
from engine.diffusion.v_prediction import keep_average, optimiser, v_target
from engine.hybrid.data import ALL_COMBOS, make_dataset
from engine.hybrid.model import Denoiser, ModelShape
from engine.hybrid.train import denoiser_checks
from engine.hybrid.wording import PHRASINGS, phrasings

CACHE_NAME = "text_to_image_frozen"
CODE_MODULES = [
    "hybrid.frozen",
    "hybrid.wording",
    "hybrid.model",
    "hybrid.data",
    "hybrid.train",
    "diffusion.schedule",
    "diffusion.v_prediction",
    "transformer.multihead",
    "diffusion.embeddings",
    "core.training",
    "transformer.pretrained.load",
]
ENCODER_WIDTH = 384  # all-MiniLM-L6-v2's hidden size: one vector per token


@dataclass
class FrozenConfig:
    seed: int = 0  # pictures, initial weights, batches and sampling all follow it
    num_steps: int = 1000  # diffusion steps T of the noise schedule
    train_pictures: int = 20_000
    # Starting from the small model's drawing network (``start_from``), 300
    # steps of 32 pictures: measured with ``python -m engine.hybrid.frozen``
    # (6 pictures per combination, seed 0, one core beside another job), 250
    # steps took 44 s for 94% seen / 92% held-out, 400 steps 71 s for 98% /
    # 97%. From scratch, 800 steps took about 160 s for 84% / 72%. With
    # ``python -m engine record new_words`` (8 per combination; 240 prompts in
    # new words): 400 steps, 77 s, 97.5% / 100%, new words 59.6% (the small
    # reader 46.7%); 300 steps, 54 s, 94.6% / 100%, new words 54.6%.
    train_iters: int = 300
    batch_size: int = 32
    lr: float = 3e-3  # peak learning rate (one-cycle schedule)
    cond_dropout: float = 0.1  # share of prompts replaced by the empty prompt
    ema: float = 0.995  # decay of the kept moving average of the weights
    channels: int = 48
    blocks: int = 4
    cross_heads: int = 1
    refine: int = 8
    time_dim: int = 32
    word_norm: bool = True  # a learned LayerNorm on the encoder's outputs

    def __post_init__(self):
        checks = [
            (10 <= self.train_pictures <= 1_000_000,
             "train_pictures must be in 10..1000000"),
            (1 <= self.train_iters <= 1_000_000, "train_iters must be in 1..1000000"),
            (1 <= self.batch_size <= 4096, "batch_size must be in 1..4096"),
            (0 <= self.cond_dropout < 1, "cond_dropout must be in 0..1"),
            (0 < self.ema < 1, "ema must be between 0 and 1"),
            *denoiser_checks(self),
        ]  # fmt: skip
        for ok, problem in checks:
            if not ok:
                raise ConfigError(problem)

    def shape(self) -> ModelShape:
        return ModelShape(d_text=ENCODER_WIDTH, channels=self.channels,
                          blocks=self.blocks, cross_heads=self.cross_heads,
                          refine=self.refine, time_dim=self.time_dim)  # fmt: skip


@dataclass
class Encoded:
    """Prompts read by the frozen encoder: ``words`` (n, T, 384) float32, one
    vector per token, padded; ``mask`` (n, T) bool, True where a token is;
    ``pieces`` the tokens as the encoder split them."""

    words: torch.Tensor
    mask: torch.Tensor
    pieces: list[list[str]]


class ReaderDenoiser(nn.Module):
    """The chapter's denoiser behind a learned LayerNorm over the frozen
    encoder's outputs (as Stable Diffusion reads CLIP's final, normalised
    layer): the pretrained vectors have a few very large components, and
    normalising them lets the cross-attention's keys and values learn at the
    pace of the rest. Same inputs and outputs as ``Denoiser``."""

    def __init__(self, shape: ModelShape, word_norm: bool = True):
        super().__init__()
        self.norm = nn.LayerNorm(shape.d_text) if word_norm else nn.Identity()
        self.denoiser = Denoiser(shape)

    def forward(self, x, t, words, mask):
        return self.denoiser(x, t, self.norm(words), mask)


@torch.no_grad()
def encode_texts(texts: list[str]) -> Encoded:
    """Each text's per-token outputs from the frozen pretrained encoder (its
    last layer), ``[CLS]`` and ``[SEP]`` included. Raises PretrainedMissing
    (one line) when the encoder's files are not installed."""
    from engine.transformer.pretrained.load import load

    pre = load()
    batch = pre.tokenizer(list(texts), padding=True, return_tensors="pt")
    out = pre.model(input_ids=batch["input_ids"],
                    attention_mask=batch["attention_mask"])  # fmt: skip
    mask = batch["attention_mask"].bool()
    pieces = [
        pre.tokenizer.convert_ids_to_tokens(ids[m].tolist())
        for ids, m in zip(batch["input_ids"], mask, strict=True)
    ]
    return Encoded(out.last_hidden_state.float(), mask, pieces)


def training_texts() -> list[str]:
    """Every phrasing of every combination, combination-major:
    text index = combo * len(PHRASINGS) + phrasing; then "" (the empty prompt)."""
    return [t for combo in ALL_COMBOS for t in phrasings(combo)] + [""]


def start_from(model: ReaderDenoiser, drawn_by: Denoiser) -> int:
    """Copy ``drawn_by``'s weights into ``model``'s denoiser wherever name and
    shape agree: all of the drawing network, but not the cross-attention's key
    and value maps, whose input width (the reader's) differs. Returns the number
    of tensors copied."""
    own = model.denoiser.state_dict()
    kept = {k: v for k, v in drawn_by.state_dict().items()
            if k in own and own[k].shape == v.shape}  # fmt: skip
    model.denoiser.load_state_dict(kept, strict=False)
    return len(kept)


def train(cfg: FrozenConfig, progress: bool = True, drawn_by: Denoiser | None = None):
    """Train the denoiser on the frozen encoder's outputs, starting from
    ``drawn_by`` (the trained-from-scratch model's denoiser) if given. Returns
    (moving-average denoiser, loss curve, seconds)."""

    torch.manual_seed(cfg.seed)
    enc = encode_texts(training_texts())
    empty = len(enc.mask) - 1
    images, combos = make_dataset(cfg.train_pictures, cfg.seed)
    data = torch.from_numpy(images)  # (N, H, W, 3)
    combo_of = torch.from_numpy(combos)  # (N,) index into ALL_COMBOS
    model = ReaderDenoiser(cfg.shape(), cfg.word_norm)
    if drawn_by is not None:
        start_from(model, drawn_by)
    average = copy.deepcopy(model).requires_grad_(False)
    schedule = NoiseSchedule(cfg.num_steps)
    opt, sched = optimiser(model, cfg.lr, cfg.train_iters)
    gen = torch.Generator().manual_seed(cfg.seed + 1)
    b, n_phr = cfg.batch_size, len(PHRASINGS)

    def step(i: int) -> float:
        idx = torch.randint(0, len(data), (b,), generator=gen)
        x0 = data[idx]
        text = combo_of[idx] * n_phr + torch.randint(0, n_phr, (b,), generator=gen)
        drop = torch.rand(b, generator=gen) < cfg.cond_dropout
        text[drop] = empty
        t = torch.randint(1, cfg.num_steps + 1, (b,), generator=gen)
        noise = torch.randn(x0.shape, generator=gen)
        v, _ = model(schedule.add_noise(x0, noise, t), t, enc.words[text],
                     enc.mask[text])  # fmt: skip
        loss = ((v - v_target(schedule, x0, noise, t)) ** 2).mean()
        value = optimise(loss, opt, sched)
        keep_average(average, model, i, cfg.ema)
        return value

    losses, seconds = run_steps(cfg.train_iters, step, "train text_to_image_frozen",
                                progress)  # fmt: skip
    return average, losses, seconds


def trained_denoiser(
    cfg: FrozenConfig,
    progress: bool = True,
    use_cache: bool = True,
    drawn_by: Denoiser | None = None,
    drawn_by_key: dict | None = None,
):
    """(denoiser in eval mode, schedule, loss curve, training seconds), cached
    when code, config and ``drawn_by_key`` (the starting model's own training
    config) match."""
    key = {**asdict(cfg), "drawn_by": drawn_by_key}
    model, losses, seconds = cached_or_trained(
        CACHE_NAME, key, CODE_MODULES, ReaderDenoiser(cfg.shape(), cfg.word_norm),
        lambda: train(cfg, progress, drawn_by), use_cache,
    )  # fmt: skip
    return model, NoiseSchedule(cfg.num_steps), losses, seconds


if __name__ == "__main__":
    import sys
    import time

    from engine.hybrid.check import read
    from engine.hybrid.data import SIDE, is_held_out
    from engine.hybrid.sampling import sample_words
    from engine.hybrid.wording import reworded

    def parsed(k: str, v: str):
        kind = type(getattr(FrozenConfig, k))
        return v.lower() in ("1", "true", "yes") if kind is bool else kind(v)

    cfg = FrozenConfig(**{k: parsed(k, v) for k, v in
                          (a.split("=") for a in sys.argv[1:])})  # fmt: skip
    from engine.hybrid.train import HybridConfig, trained_model

    start = trained_model(HybridConfig(seed=cfg.seed), False)[0].denoiser
    t0 = time.process_time()
    den, sch, losses, secs = trained_denoiser(cfg, use_cache=False, drawn_by=start)
    print(f"trained {secs:.1f} s wall, {time.process_time() - t0:.1f} s CPU")
    per = 6
    texts = [phrasings(c)[k % len(PHRASINGS)] for c in ALL_COMBOS for k in range(per)]
    combos = [c for c in ALL_COMBOS for _ in range(per)]
    rw = reworded()
    texts += [r.text for r in rw for _ in range(2)]
    combos += [r.combo for r in rw for _ in range(2)]
    enc = encode_texts(texts + [""])
    blank_w, blank_m = enc.words[-1:], enc.mask[-1:]
    noise = torch.randn((len(texts), SIDE, SIDE, 3),
                        generator=torch.Generator().manual_seed(30))  # fmt: skip
    n_all = len(texts)
    pics = sample_words(den, sch, enc.words[:-1], enc.mask[:-1],
                        blank_w.expand(n_all, -1, -1), blank_m.expand(n_all, -1),
                        noise, 25, 3.0).numpy()  # fmt: skip
    r = read(pics)
    ok = r.agrees(*np.array([c.codes() for c in combos]).T)
    n = len(ALL_COMBOS) * per
    held = np.array([is_held_out(c) for c in combos[:n]])
    print(f"seen {ok[:n][~held].mean():.3f} held-out {ok[:n][held].mean():.3f}")
    kinds = np.array([r.kind for r in rw for _ in range(2)])
    for k in ("colour", "shape", "place", "phrasing"):
        print(k, f"{ok[n:][kinds == k].mean():.3f}")
