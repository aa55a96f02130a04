"""Finding and loading the trace a scene draws from.

A scene names the trace kind it needs; by default it reads
``renders/traces/<kind>.npz``. Setting ``TRACE=path/to/file.npz`` makes it
draw someone else's trace of the same kind instead.
"""

from __future__ import annotations

import os
from pathlib import Path

from engine.trace import Trace, TraceError, load

TRACES_DIR = Path(__file__).resolve().parent.parent / "renders" / "traces"


def trace_path(kind: str) -> Path:
    override = os.environ.get("TRACE")
    return Path(override) if override else TRACES_DIR / f"{kind}.npz"


def load_trace(kind: str) -> Trace:
    """The trace of ``kind`` for this render. Raises TraceError with a clear line."""
    path = trace_path(kind)
    if not path.exists() and "TRACE" not in os.environ:
        raise TraceError(
            path, f"no trace yet; record it with: python -m engine record {kind}"
        )
    return load(path, kind=kind)
