"""What produced a trace or checkpoint: versions, and a hash of code plus config.

The hash keys the checkpoint cache, so a cached model is reused only when the
code and the config that made it are both unchanged.
"""

from __future__ import annotations

import hashlib
import json
import platform
from pathlib import Path

# The engine package: module names below are dotted from here ("diffusion.points").
ENGINE_DIR = Path(__file__).resolve().parent.parent
ENGINE_VERSION = "0.1.0"


def produced_by() -> dict:
    import numpy
    import torch

    return {
        "engine": ENGINE_VERSION,
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "torch": torch.__version__,
    }


def code_and_config_hash(config: dict, modules: list[str]) -> str:
    """sha256 over the JSON config and the source of the named engine modules.

    ``modules`` are dotted names inside ``engine`` ("diffusion.points" is
    engine/diffusion/points.py). Returns 16 hex digits. Raises OSError if a
    named module's file does not exist.
    """
    h = hashlib.sha256(json.dumps(config, sort_keys=True).encode())
    for name in sorted(modules):
        h.update(name.encode())
        h.update(source_path(name).read_bytes())
    return h.hexdigest()[:16]


def source_path(module: str) -> Path:
    """The file of a dotted engine module name: "gan.points" -> engine/gan/points.py."""
    return ENGINE_DIR / f"{module.replace('.', '/')}.py"
