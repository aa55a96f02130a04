"""The pretrained encoder's traces for the tests, recorded once per test session.

The model loads once per process (engine/transformer/pretrained/load.py); each
trace reads one sentence and measures the Winograd-style set (a few seconds).
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

# Words the tokenizer cuts into pieces (one a WordPiece continuation), and the
# longest labels the attention maps must show legibly.
OWN = "Unbelievably, the zebra didn't flinch."
WIDE = "The extraordinary committee postponed everything because it kept raining."


@functools.cache
def pretrained_traces() -> dict[str, Path]:
    """Paths of ``pretrained_attention`` traces: "default" (the default
    sentence), "own" (OWN) and "wide" (WIDE)."""
    from engine.transformer.pretrained.record import (
        PretrainedAttentionConfig,
        record,
    )

    root = Path(tempfile.mkdtemp(prefix="pretrained-traces-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    paths = {}
    for name, sentence in (("default", ""), ("own", OWN), ("wide", WIDE)):
        paths[name] = root / f"{name}.npz"
        record(PretrainedAttentionConfig(sentence=sentence), paths[name],
               progress=False)
    return paths
