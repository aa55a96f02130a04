"""Small real transformer traces for the tests, recorded once per test run.

A tiny model (width 32, 800 steps, about 10 to 20 s on 2 busy cores) is
trained once into a temporary checkpoint cache, then records all three trace
kinds. Shared by the tests beside this file through ``tiny_traces()``, once
for all of the run's processes (tests/support/shared.py); ``tiny_cache()`` is
the checkpoint cache holding the tiny model, for tests that record more.
"""

from __future__ import annotations

import functools
from pathlib import Path

from tests.support import shared

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

    kinds = ("attention", "text_generation", "attention_cost")

    def build(root: Path) -> None:
        saved = checkpoints.CACHE_DIR
        checkpoints.CACHE_DIR = root / "cache"  # train once, reuse for all three
        try:
            record_attention(
                AttentionConfig(**TINY_MODEL), root / "attention.npz", progress=False
            )
            record_generation(
                GenerationConfig(**TINY_MODEL, **TINY_GENERATION),
                root / "text_generation.npz",
                progress=False,
            )
            record_cost(
                AttentionCostConfig(**TINY_MODEL, **TINY_COST),
                root / "attention_cost.npz",
                progress=False,
            )
        finally:
            checkpoints.CACHE_DIR = saved

    root = shared.once("transformer", build)
    return {kind: root / f"{kind}.npz" for kind in kinds}


def tiny_cache() -> Path:
    """The checkpoint cache the TINY_MODEL was trained into by ``tiny_traces()``:
    a recording of another sentence with the same model loads it from there."""
    return tiny_traces()["attention"].parent / "cache"
