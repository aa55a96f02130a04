"""Small real transformer traces for the tests, recorded once per test session.

A tiny model (width 32, 800 steps, about 10 to 20 s on 2 busy cores) is
trained once into a temporary checkpoint cache, then records all three trace
kinds. Shared by the tests beside this file
through ``tiny_traces()``, which caches its result for the whole session.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

# Real but small: good enough for the loose quality checks in the tests.
TINY_MODEL = dict(
    n_sentences=4000,
    n_heldout=300,
    d_model=32,
    heads=4,
    train_iters=800,
    batch_size=32,
    lr=1e-2,
)
TINY_GENERATION = dict(step_words=4, side_words=10, drift_words=40, survival_runs=20)
TINY_COST = dict(min_length=16, max_length=256, repeats=2, cache_words=48)


@functools.cache
def tiny_traces() -> dict[str, Path]:
    """Paths of tiny traces of each kind: attention, text_generation and
    attention_cost."""
    from engine.core import checkpoints
    from engine.transformer.attention import AttentionConfig
    from engine.transformer.attention import record as record_attention
    from engine.transformer.cost import AttentionCostConfig
    from engine.transformer.cost import record as record_cost
    from engine.transformer.generation import GenerationConfig
    from engine.transformer.generation import record as record_generation

    root = Path(tempfile.mkdtemp(prefix="transformer-traces-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    saved = checkpoints.CACHE_DIR
    checkpoints.CACHE_DIR = root / "cache"  # train once, reuse for all three
    try:
        paths = {
            "attention": root / "attention.npz",
            "text_generation": root / "text_generation.npz",
            "attention_cost": root / "attention_cost.npz",
        }
        record_attention(
            AttentionConfig(**TINY_MODEL), paths["attention"], progress=False
        )
        record_generation(
            GenerationConfig(**TINY_MODEL, **TINY_GENERATION),
            paths["text_generation"],
            progress=False,
        )
        record_cost(
            AttentionCostConfig(**TINY_MODEL, **TINY_COST),
            paths["attention_cost"],
            progress=False,
        )
    finally:
        checkpoints.CACHE_DIR = saved
    return paths
