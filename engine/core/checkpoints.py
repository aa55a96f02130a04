"""A cache of trained weights, keyed by a hash of the code and config that made them.

Checkpoints are a cache, never an input: a missing, unreadable or mismatched one
is simply retrained. Loaded with ``weights_only=True``, so a checkpoint cannot
run code.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path

import torch

from engine.core.paths import CACHE_DIR


def checkpoint_path(name: str, key: str, cache_dir: Path | None = None) -> Path:
    return Path(cache_dir or CACHE_DIR) / f"{name}-{key}.pt"


def load_state(path: Path, key: str) -> dict | None:
    """The cached state dict if ``path`` holds one made under ``key``, else None."""
    if not path.exists():
        return None
    try:
        blob = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as err:  # any unreadable file is just a cache miss
        print(
            f"engine: ignoring unreadable checkpoint {path} ({err}); retraining",
            file=sys.stderr,
        )
        return None
    if not isinstance(blob, dict) or blob.get("key") != key:
        print(
            f"engine: checkpoint {path} does not match its config; retraining",
            file=sys.stderr,
        )
        return None
    return blob


def save_state(path: Path, key: str, state: dict, extra: dict) -> None:
    """Write atomically (temporary name, then rename).

    Serialised in memory first: torch's own file writer reports a full disk as
    an obscure RuntimeError, plain file writes as an OSError naming ``path``.
    """
    buf = io.BytesIO()
    torch.save({"key": key, "state": state, **extra}, buf)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(buf.getbuffer())
        os.replace(tmp, path)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise OSError(err.errno, err.strerror, str(path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def restore(model: torch.nn.Module, blob: dict | None, path: Path) -> bool:
    """Load cached weights into ``model``; False (and one line) if they do not fit.

    The key already covers code and config, so a misfit means a damaged or
    hand-edited file: it is never used silently, the model is retrained.
    """
    if blob is None:
        return False
    try:
        model.load_state_dict(blob["state"])
    except (RuntimeError, KeyError, TypeError) as err:
        first = (
            str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        )
        print(
            f"engine: checkpoint {path} does not fit the model ({first}); retraining",
            file=sys.stderr,
        )
        return False
    return True
