"""A tiny real ``long_range`` trace for the tests, recorded once per process:
short distances, few steps, no checkpoint cache (a second or two)."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

TINY_LONG_RANGE = dict(pairs=3, min_distance=2, max_distance=32, d_model=16,
                       heads=2, layers=1, train_iters=30, batch_size=16,
                       lr_grid="3e-3,1e-2", test_per_distance=20)  # fmt: skip


@functools.cache
def tiny_long_range_trace() -> Path:
    from engine.transformer.long_range.record import LongRangeConfig, record

    out = Path(tempfile.mkdtemp(prefix="long-range-")) / "long_range.npz"
    record(LongRangeConfig(**TINY_LONG_RANGE), out, progress=False, use_cache=False)
    return out
