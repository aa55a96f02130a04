"""Train the chapter's transformer at several sizes on one task and measure how
held-out loss falls with size: the ``transformer_scaling`` trace.

Follows Kaplan et al. 2020 ("Scaling Laws for Neural Language Models"): every
size sees the same data, steps, batch and seed; N counts the non-embedding
parameters (here the input embedding and the untied output layer, both
vocabulary-sized, are left out: positions are sinusoidal, with no parameters);
training compute is C = 6 N D FLOPs for D tokens seen; L(N) = a N^-alpha is
fitted on log-log axes. The model is ``WordTransformer`` from
``engine/transformer/model.py``, trained on the richer language of
``corpus.py`` beside this file; each size is cached like the chapter's model.

    python -m engine record transformer_scaling
    python -m engine record transformer_scaling --set sizes=16x1,32x2,64x2
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, fields

import numpy as np
import torch
from torch.nn import functional as F

from engine.core import trace
from engine.core.config_args import ConfigError
from engine.core.provenance import produced_by
from engine.core.training import cached_or_trained
from engine.transformer.corpus import Tokenizer
from engine.transformer.model import TransformerConfig, WordTransformer, one_thread
from engine.transformer.scaling import corpus
from engine.transformer.scaling.fit import power_law
from engine.transformer.scaling.train import parameter_counts, train_size

KIND = "transformer_scaling"
# The engine modules whose code decides the trained weights (keys the cache).
CODE_MODULES = ["transformer.model", "transformer.scaling.corpus",
                "transformer.scaling.train"]
EXAMPLE_SENTENCES = 600  # held-out sentences searched for the example


@dataclass
class ScalingConfig:
    seed: int = 0  # corpus, init and batches of every size derive from it
    # model sizes "d_modelxlayers", smallest first (heads: 4, or 2 below width 32)
    sizes: str = "16x1,24x1,32x2,48x2,64x3,96x3"
    n_sentences: int = 40_000  # training sentences
    n_heldout: int = 2_000  # held-out sentences, none also in training
    block_size: int = 32  # words of context per training window
    train_iters: int = 800  # optimiser steps, the same for every size
    batch_size: int = 32  # windows per step
    lr: float = 3e-3  # peak learning rate; warm-up then cosine decay

    def __post_init__(self):
        self.shapes()  # a bad sizes string fails here, before anything trains

    def shapes(self) -> list[tuple[int, int]]:
        """(d_model, layers) per size. Raises ConfigError for a malformed string."""
        out = []
        for part in self.sizes.split(","):
            width, sep, depth = part.strip().partition("x")
            if not (sep and width.isdigit() and depth.isdigit()):
                raise ConfigError(
                    f"sizes must be d_modelxlayers joined by commas, e.g. "
                    f"16x1,32x2; got {self.sizes!r}")
            d, n = int(width), int(depth)
            if not (4 <= d <= 512 and d % 2 == 0 and 1 <= n <= 12):
                raise ConfigError(
                    f"size {part.strip()!r}: d_model must be even, 4..512, and "
                    "layers 1..12")
            out.append((d, n))
        if len(out) < 2:
            raise ConfigError(
                f"sizes needs two or more sizes to fit, got {self.sizes!r}")
        return out

    def model_config(self, d_model: int, layers: int) -> TransformerConfig:
        heads = 4 if d_model >= 32 and d_model % 4 == 0 else 2
        return TransformerConfig(
            seed=self.seed, n_sentences=self.n_sentences, n_heldout=self.n_heldout,
            block_size=self.block_size, d_model=d_model, heads=heads, layers=layers,
            train_iters=self.train_iters, batch_size=self.batch_size, lr=self.lr)

    def training_part(self, d_model: int, layers: int) -> dict:
        names = {f.name for f in fields(ScalingConfig)} - {"n_heldout", "sizes"}
        part = {k: v for k, v in asdict(self).items() if k in names}
        return {**part, "d_model": d_model, "layers": layers}


def split(cfg: ScalingConfig):
    """Training and held-out sentences (none in both), from the config's seed."""
    train = corpus.make_sentences(cfg.n_sentences, np.random.default_rng(cfg.seed))
    heldout = corpus.make_sentences(
        cfg.n_heldout, np.random.default_rng(cfg.seed + 1), set(train))
    return train, heldout


@torch.no_grad()
def heldout_loss(model, ids: torch.Tensor, block: int) -> float:
    """Mean cross-entropy (nats per word) of every next word of ``ids`` (words,),
    read in non-overlapping windows of ``block`` words."""
    n = (len(ids) - 1) // block
    x = ids[: n * block].view(n, block)
    y = ids[1: n * block + 1].view(n, block)
    logits, _ = model(x)
    return float(F.cross_entropy(logits.flatten(0, 1), y.flatten()))


@torch.no_grad()
def next_word_probs(model, tok, sentences) -> list[np.ndarray]:
    """Per sentence, the probability of each of its words given "." and the
    words before it: list of (words,) arrays."""
    out = []
    for s in sentences:
        ids = torch.tensor(tok.encode([corpus.END, *s]))
        logits, _ = model(ids[None, :-1])
        probs = logits[0].softmax(-1)  # (words, vocab)
        out.append((probs, ids[1:]))
    return out


def find_example(small, big, tok, sentences):
    """The held-out word decided by an earlier one (``corpus.DECIDED``) that the
    biggest model predicts (top choice) and the smallest does not, with the
    widest gap in the right word's probability. Returns (gap, prompt words,
    right id, p small, p big, small's top id, its probability) or None."""
    best = None
    for s, (ps, ids), (pb, _) in zip(
            sentences, next_word_probs(small, tok, sentences),
            next_word_probs(big, tok, sentences), strict=True):
        for t, right in enumerate(ids.tolist()):
            if tok.vocab[right] not in corpus.DECIDED:
                continue
            if pb[t].argmax() != right or ps[t].argmax() == right:
                continue
            gap = float(pb[t, right] - ps[t, right])
            if best is None or gap > best[0]:
                best = (gap, s[:t], right, float(ps[t, right]), float(pb[t, right]),
                        int(ps[t].argmax()), float(ps[t].max()))
    return best


def record(cfg: ScalingConfig, out_path, progress: bool = True,
           use_cache: bool = True) -> trace.Trace:
    """Train (or load) every size, measure held-out loss, fit the power laws."""
    tok = Tokenizer(corpus.vocabulary())
    train_s, held_s = split(cfg)
    data = torch.tensor(tok.encode(corpus.stream(train_s)), dtype=torch.long)
    held = torch.tensor(tok.encode(corpus.stream(held_s)), dtype=torch.long)
    tokens = cfg.train_iters * cfg.batch_size * cfg.block_size
    shapes = cfg.shapes()
    rows, models, loads = [], [], []
    with one_thread():
        for d, n in shapes:
            mcfg = cfg.model_config(d, n)

            def fresh(mcfg=mcfg):
                with torch.enable_grad():
                    out = train_size(mcfg, data, len(tok), progress)
                # the CPU is shared: wall seconds mean little without the load
                loads.append(os.getloadavg()[0])
                return out

            model, losses, seconds = cached_or_trained(
                f"transformer_scaling_{d}x{n}", cfg.training_part(d, n), CODE_MODULES,
                WordTransformer(len(tok), mcfg), fresh, use_cache)
            model.eval()
            total, nonembed = parameter_counts(model)
            rows.append((d, n, mcfg.heads, total, nonembed,
                         heldout_loss(model, held, cfg.block_size), seconds, losses))
            models.append(model)
        example = find_example(models[0], models[-1], tok,
                               held_s[:EXAMPLE_SENTENCES])
    d, n, heads, total, nonembed, loss, seconds, curves = zip(*rows, strict=True)
    nonembed_a = np.array(nonembed, dtype=np.float64)
    compute = 6.0 * nonembed_a * tokens
    loss_a = np.array(loss, dtype=np.float64)
    a_n, alpha_n, r2_n = power_law(nonembed_a, loss_a)
    a_c, alpha_c, r2_c = power_law(compute, loss_a)
    arrays = {
        "d_model": np.array(d, dtype=np.int32),
        "layers": np.array(n, dtype=np.int32),
        "heads": np.array(heads, dtype=np.int32),
        "params_total": np.array(total, dtype=np.int64),
        "params_nonembed": np.array(nonembed, dtype=np.int64),
        "tokens": np.full(len(rows), tokens, dtype=np.int64),
        "compute": compute,
        "heldout_loss": loss_a.astype(np.float32),
        "train_seconds": np.array(seconds, dtype=np.float32),
        "loss": np.stack(curves).astype(np.float32),
        "fit_params": np.array([a_n, alpha_n, r2_n]),
        "fit_compute": np.array([a_c, alpha_c, r2_c]),
    }
    if example is not None:
        _, prompt, right, p_small, p_big, guess, p_guess = example
        arrays.update({
            "example_prompt": np.array([corpus.END, *prompt]),
            "example_word": np.array([tok.vocab[right]]),
            "example_probs": np.array([p_small, p_big], dtype=np.float32),
            "example_small_guess": np.array([tok.vocab[guess]]),
            "example_small_guess_prob": np.array([p_guess], dtype=np.float32),
        })
    stats = {
        "alpha_params": alpha_n, "r2_params": r2_n,
        "alpha_compute": alpha_c, "r2_compute": r2_c,
        "loss_falls_monotonically": bool((np.diff(loss_a) < 0).all()),
        "train_seconds_total": round(float(sum(seconds)), 2),
        "vocab_size": len(tok),
        "heldout_words": int(len(held) - 1),
        "example_found": example is not None,
        "sizes_trained_now": len(loads),
        "load_average_after_training": (
            round(float(np.mean(loads)), 2) if loads else None),
        "count_method": "non-embedding parameters: all but the input embedding and "
        "the output layer (Kaplan et al. 2020); compute C = 6 N tokens",
    }
    manifest = trace.build_manifest(KIND, asdict(cfg), produced_by(), stats=stats)
    trace.save(out_path, manifest, arrays)
    return trace.Trace(manifest, arrays, str(out_path))

