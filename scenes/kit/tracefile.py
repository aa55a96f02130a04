"""Finding and loading the trace a scene draws from.

A scene names the trace kind it needs; by default it reads
``renders/traces/<kind>.npz``. Setting ``TRACE=path/to/file.npz`` makes it
draw someone else's trace of the same kind instead. A trace that lacks what a
scene reads (``engine/core/needs.py``) is refused before drawing, in one line;
a config field or stats figure read but missing is refused the same way.
"""

from __future__ import annotations

import os
from pathlib import Path

from engine.core import needs as scene_needs
from engine.core.trace import Trace, TraceError, load

TRACES_DIR = Path(__file__).resolve().parents[2] / "renders" / "traces"


def trace_path(kind: str) -> Path:
    override = os.environ.get("TRACE")
    return Path(override) if override else TRACES_DIR / f"{kind}.npz"


def load_trace(kind: str, scene=None) -> Trace:
    """The trace of ``kind`` for this render. Raises TraceError with a clear line.

    With ``scene`` (a scene, its class or name), also refuses a trace that lacks
    what that scene reads.
    """
    path = trace_path(kind)
    tr = _open(path, kind, must_exist="TRACE" not in os.environ)
    if scene is not None:
        scene_needs.check(scene, tr)
    return tr


def companion_trace(kind: str) -> Trace:
    """A second trace a scene reads beside its own (StepsVsSpeed reads the
    times of ``generation_speed``, measured once for every scene).

    Found at ``TRACE_<KIND>`` (e.g. TRACE_GENERATION_SPEED=path.npz) when set,
    else beside ``TRACE`` when that is set, else in renders/traces. Raises
    TraceError with a clear line when it is missing or not of ``kind``.
    """
    own = os.environ.get(f"TRACE_{kind.upper()}")
    if own:
        path = Path(own)
    elif os.environ.get("TRACE"):
        path = Path(os.environ["TRACE"]).with_name(f"{kind}.npz")
    else:
        path = TRACES_DIR / f"{kind}.npz"
    return _open(path, kind, must_exist=True)


def _open(path: Path, kind: str, must_exist: bool) -> Trace:
    """Load ``path`` as a trace of ``kind``, its config and stats refusing a
    missing key in one line. A missing default trace says how to record it
    (a path you gave is refused by ``load`` itself)."""
    if must_exist and not path.exists():
        raise TraceError(
            path, f"no trace yet; record it with: python -m engine record {kind}"
        )
    tr = load(path, kind=kind)
    for key in ("config", "stats"):
        tr.manifest[key] = _Read(tr.manifest.get(key, {}), key, tr.path)
    return tr


class _Read(dict):
    """A manifest's config or stats: a key that is read but missing is a clear
    TraceError, not a KeyError deep inside a scene."""

    def __init__(self, items: dict, what: str, path: str):
        super().__init__(items)
        self.what, self.path = what, path

    def __missing__(self, key):
        where = "config field" if self.what == "config" else "measured figure (stats)"
        raise TraceError(
            self.path, f"this scene reads the {where} '{key}', which the trace lacks"
        )
