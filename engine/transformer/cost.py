"""Measure what attention costs on this machine: the ``attention_cost`` trace.

For sequences of doubling length, the trained model's first attention layer is
run on real text two ways and timed (the fastest of a few runs: the CPU is
shared): written out (the model's own ``attention``: it stores the whole table
of scores, Vaswani et al. 2017, eq. 1) and fused (PyTorch's
``scaled_dot_product_attention``, which works through the table in tiles and
never stores it whole, as FlashAttention does, Dao et al. 2022). The peak
memory of each call is measured by the allocator (torch.profiler's allocation
events, summed in order; the peak of that running total). The bytes of the
written-out tensors are also read off the tensors: the scores, scaled scores
and weights (each heads x length x length floats) and the causal mask (length x
length booleans). Log-log fits give each curve's exponent (2: length squared,
1: linear). Then the model writes text with a key/value cache, and the cache's
bytes and each step's time are read after every word: the cache grows by one
position per word, linearly. The size of each level of the processor's cache
(its small fast memory, beside the slow main memory) is read off the machine
too, so a scene can say which tables fit in it.

    python -m engine record attention_cost
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch.profiler import ProfilerActivity, profile

from engine.core import trace
from engine.core.config_args import ConfigError
from engine.core.provenance import produced_by
from engine.transformer.corpus import make_sentences, stream
from engine.transformer.model import (
    KVCache,
    TransformerConfig,
    attention,
    one_thread,
    sinusoidal_positions,
)
from engine.transformer.training import trained_model

KIND = "attention_cost"
EXAMPLE_WORDS = 6  # words in the small table of scores the scene draws
MEMORY_METHOD = (
    "bytes of the tensors one attention call forms (scores, scaled scores and "
    "weights: heads x length x length float32; the causal mask: length x length "
    "bool), read from the tensors (nbytes); batch of one, all heads of layer 1"
)
PEAK_METHOD = (
    "peak of the running total of the CPU allocator's allocation and free events "
    "during one attention call (torch.profiler, profile_memory=True), above the "
    "inputs already held; batch of one, all heads of layer 1, one thread"
)


# Linux's description of the first core's caches: one folder per cache, each
# with its level, type (Data, Instruction, Unified) and size ("512K")
CPU_CACHE_DIR = Path("/sys/devices/system/cpu/cpu0/cache")
# the same sizes by name, where the C library reports them (0 or -1: unknown)
CPU_CACHE_SYSCONF = ("SC_LEVEL1_DCACHE_SIZE", "SC_LEVEL2_CACHE_SIZE",
                     "SC_LEVEL3_CACHE_SIZE")  # fmt: skip


@dataclass
class AttentionCostConfig(TransformerConfig):
    min_length: int = 16  # shortest sequence measured; lengths double from here
    max_length: int = 4096  # longest sequence measured
    repeats: int = 5  # timed runs per length; the fastest is kept
    cache_words: int = 1024  # words written with the key/value cache

    def __post_init__(self):
        super().__post_init__()
        if self.min_length > self.max_length:
            raise ConfigError(
                f"min_length ({self.min_length}) must not exceed "
                f"max_length ({self.max_length})"
            )

    def lengths(self) -> list[int]:
        out, n = [], self.min_length
        while n <= self.max_length:
            out.append(n)
            n *= 2
        return out


@contextlib.contextmanager
def quiet_stderr():
    """Silence file descriptor 2 for a moment: the profiler's C++ library
    prints two lines at every start and stop, which would bury make's output.
    Python errors still propagate (raised, not printed, inside)."""
    sys.stderr.flush()
    saved = os.dup(2)
    with open(os.devnull, "w") as null:
        os.dup2(null.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def peak_bytes(fn) -> int:
    """Peak bytes the CPU allocator held above its start while ``fn()`` ran.

    Measured, not computed from shapes: torch.profiler records every allocation
    (+bytes) and free (-bytes); their running total, in time order, peaks at the
    most memory the call held at once (its result included).
    """
    with quiet_stderr(), profile(
        activities=[ProfilerActivity.CPU], profile_memory=True
    ) as prof:
        fn()
    events = sorted(
        (e.start_ns(), e.nbytes())
        for e in prof.profiler.kineto_results.events()
        if e.name() == "[memory]"
    )
    running = best = 0
    for _, n in events:
        running += n
        best = max(best, running)
    return int(best)


def fused(q, k, v) -> torch.Tensor:
    """Causal attention by PyTorch's fused kernel: the same result as
    ``attention``, worked through in tiles, the table never stored whole."""
    return F.scaled_dot_product_attention(q, k, v, is_causal=True)


def loglog_exponent(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Slope and R squared of log y against log x: the power p in y ~ x^p."""
    lx, ly = np.log(np.asarray(x, float)), np.log(np.asarray(y, float))
    fit = np.polyfit(lx, ly, 1)
    return float(fit[0]), r_squared(lx, ly, fit)


def cache_size_bytes(size: str) -> int:
    """A size as Linux writes it ("32K", "1M", "512") in bytes."""
    size = size.strip().upper()
    scale = {"K": 1024, "M": 1024**2, "G": 1024**3}.get(size[-1:], 1)
    return int(size.rstrip("KMG") or 0) * scale


def cpu_cache_bytes(root: Path = CPU_CACHE_DIR) -> np.ndarray:
    """This machine's processor cache, level 1 (data), 2 and 3, in bytes
    (0: not reported): read from ``root`` where Linux describes it, else from
    os.sysconf. Read, never timed: it takes no part in the measurements."""
    sizes = [0, 0, 0]
    for folder in sorted(root.glob("index*")) if root.is_dir() else []:
        try:
            level = int((folder / "level").read_text())
            kind = (folder / "type").read_text().strip()
            size = cache_size_bytes((folder / "size").read_text())
        except (OSError, ValueError):
            continue  # a cache Linux does not fully describe: left unknown
        if 1 <= level <= 3 and kind != "Instruction":
            sizes[level - 1] = max(sizes[level - 1], size)
    for i, name in enumerate(CPU_CACHE_SYSCONF):
        if not sizes[i] and name in os.sysconf_names:
            with contextlib.suppress(OSError, ValueError):
                sizes[i] = max(0, int(os.sysconf(name)))
    return np.array(sizes, dtype=np.int64)


def fastest(fn, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


@torch.no_grad()
def record(
    cfg: AttentionCostConfig, out_path, progress: bool = True, use_cache: bool = True
) -> trace.Trace:
    """Train (or load) the model; measure its attention's time and memory."""
    model, tok, losses, train_seconds = trained_model(cfg, progress, use_cache)
    lengths = cfg.lengths()
    # Real text, long enough for the longest measurement.
    rng = np.random.default_rng(cfg.seed + 20)
    words, _ = stream(make_sentences(cfg.max_length // 6 + 1, rng))
    ids = torch.tensor(tok.encode(words[: cfg.max_length]))[None]  # (1, max_length)
    seconds, nbytes, model_seconds = [], [], []
    fused_s, written_peak, fused_peak = [], [], []
    with one_thread():
        model(ids[:, : lengths[0]])  # warm-up: the first call pays one-off set-up
        q0 = torch.zeros(1, cfg.heads, lengths[0], cfg.d_model // cfg.heads)
        fused(q0, q0, q0)  # the fused kernel's one-off set-up too
        for n in lengths:
            q, k, v = first_layer_qkv(model, ids[:, :n], cfg)
            seconds.append(
                fastest(lambda q=q, k=k, v=v: attention(q, k, v), cfg.repeats)
            )
            fused_s.append(
                fastest(lambda q=q, k=k, v=v: fused(q, k, v), cfg.repeats)
            )
            written_peak.append(peak_bytes(lambda q=q, k=k, v=v: attention(q, k, v)))
            fused_peak.append(peak_bytes(lambda q=q, k=k, v=v: fused(q, k, v)))
            _, parts = attention(q, k, v, keep=True)
            nbytes.append(
                sum(t.nbytes for t in (parts.scores, parts.scaled, parts.weights))
                + parts.mask.nbytes
            )
            del parts
            model_seconds.append(
                fastest(lambda n=n: model(ids[:, :n]), max(1, cfg.repeats // 2))
            )
        # the table of scores the scene draws: the first words of the same text,
        # head 1's weights (row: the word reading; zero above the diagonal)
        # from the start of a sentence: the text opens with a full stop
        start = next((i + 1 for i, w in enumerate(words[:20]) if w == "."), 0)
        q, k, v = first_layer_qkv(model, ids[:, start : start + EXAMPLE_WORDS], cfg)
        example_weights = attention(q, k, v, keep=True)[1].weights[0, 0].numpy()
        cache_bytes, step_seconds = generate_with_cache(
            model, ids[:, :1], cfg.cache_words
        )
    lengths_a = np.array(lengths, dtype=np.float64)
    nbytes_a = np.array(nbytes, dtype=np.float64)
    fit = np.polyfit(lengths_a, nbytes_a, 2)  # bytes ~ a L^2 + b L + c
    time_fit = np.polyfit(lengths_a, np.array(seconds), 2)
    cache_fit = np.polyfit(np.arange(1, cfg.cache_words + 1), cache_bytes, 1)
    arrays = {
        "lengths": np.array(lengths, dtype=np.int32),
        "attn_seconds": np.array(seconds),
        "attn_bytes": nbytes_a,
        "model_seconds": np.array(model_seconds),
        "fused_seconds": np.array(fused_s),
        "example_words": np.array(words[start : start + EXAMPLE_WORDS]),
        "example_weights": example_weights.astype(np.float64),
        "written_peak_bytes": np.array(written_peak, dtype=np.float64),
        "fused_peak_bytes": np.array(fused_peak, dtype=np.float64),
        "bytes_fit": fit,
        "cache_bytes": np.array(cache_bytes, dtype=np.float64),
        "cache_step_seconds": np.array(step_seconds),
        "cpu_cache_bytes": cpu_cache_bytes(),
    }
    arrays = {
        k: v.astype(np.float32) if v.dtype.kind == "f" and k not in BYTES_F64 else v
        for k, v in arrays.items()
    }
    # time's exponent over the long stretch (the last three doublings): at short
    # lengths fixed set-up work, the same at any length, hides the growth
    long_from = max(0, len(lengths) - 4)
    exps = {
        "written_bytes": loglog_exponent(lengths_a, written_peak),
        "fused_bytes": loglog_exponent(lengths_a, fused_peak),
        "written_seconds": loglog_exponent(lengths_a[long_from:], seconds[long_from:]),
        "fused_seconds": loglog_exponent(lengths_a[long_from:], fused_s[long_from:]),
    }
    stats = {
        "train_seconds": round(train_seconds, 2),
        "peak_method": PEAK_METHOD,
        "long_from_length": int(lengths[long_from]),
        **{f"{k}_exponent": round(v[0], 4) for k, v in exps.items()},
        **{f"{k}_exponent_r2": round(v[1], 5) for k, v in exps.items()},
        "memory_method": MEMORY_METHOD,
        "time_method": f"fastest of {cfg.repeats} runs, one CPU thread, "
        "time.perf_counter",
        "bytes_fit": [float(c) for c in fit],
        "bytes_fit_r2": r_squared(lengths_a, nbytes_a, fit),
        "seconds_fit": [float(c) for c in time_fit],
        "seconds_fit_r2": r_squared(lengths_a, np.array(seconds), time_fit),
        "cache_bytes_per_word": float(cache_fit[0]),
        "cache_fit_r2": r_squared(
            np.arange(1, cfg.cache_words + 1), np.array(cache_bytes), cache_fit
        ),
    }
    manifest = trace.build_manifest(KIND, asdict(cfg), produced_by(), stats=stats)
    trace.save(out_path, manifest, arrays)
    return trace.Trace(manifest, arrays, str(out_path))


BYTES_F64 = ("attn_bytes", "written_peak_bytes", "fused_peak_bytes")


def first_layer_qkv(model, ids: torch.Tensor, cfg):
    """Queries, keys and values of the model's first attention layer for
    ``ids`` (1, n): each (1, heads, n, head_dim)."""
    layer = model.blocks[0]
    n = ids.shape[1]
    x = model.embed(ids) + sinusoidal_positions(0, n, cfg.d_model)
    h = layer.ln1(x)  # (1, n, C)
    B, T, C = h.shape
    return tuple(
        t.view(B, T, cfg.heads, C // cfg.heads).transpose(1, 2)
        for t in layer.attn.qkv(h).split(C, dim=2)
    )


def generate_with_cache(model, first: torch.Tensor, words: int):
    """Greedy generation with a key/value cache: each step feeds one new word.

    Returns the cache's bytes and the step's seconds after each word.
    """
    cache = KVCache(len(model.blocks))
    nxt, sizes, times = first, [], []
    for _ in range(words):
        start = time.perf_counter()
        logits, _ = model(nxt, cache)  # (1, 1, vocab)
        nxt = logits[:, -1:].argmax(-1)  # (1, 1)
        times.append(time.perf_counter() - start)
        sizes.append(cache.nbytes())
    return sizes, times


def r_squared(x: np.ndarray, y: np.ndarray, coeffs: np.ndarray) -> float:
    residual = y - np.polyval(coeffs, x)
    return float(1 - (residual**2).sum() / ((y - y.mean()) ** 2).sum())
