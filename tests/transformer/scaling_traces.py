"""A tiny real ``transformer_scaling`` trace for the tests, recorded once per
process: two sizes 30x apart, a few seconds of training, no checkpoint cache."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

# Sizes far apart (over 30x in non-embedding parameters) and a short run: the
# bigger model is far ahead after 100 steps, so its held-out loss must be lower.
TINY_SCALING = dict(sizes="8x1,48x2", n_sentences=2000, n_heldout=100,
                    train_iters=100, batch_size=16, block_size=24, lr=1e-2)


@functools.cache
def tiny_scaling_trace() -> Path:
    from engine.transformer.scaling.record import ScalingConfig, record

    out = Path(tempfile.mkdtemp(prefix="scaling-")) / "transformer_scaling.npz"
    record(ScalingConfig(**TINY_SCALING), out, progress=False, use_cache=False)
    return out
