"""The trace file: the only thing that crosses from the engine to the scenes.

A trace is one compressed ``.npz`` holding named numpy arrays plus a JSON
manifest stored inside it as the array ``__manifest__`` (a numpy unicode
string, so it loads without pickle). The manifest says what produced the
arrays and what every array means. ``docs/trace-format.md`` documents it.

This module imports numpy only, never torch, so scenes can load traces.

    python -m engine check renders/traces/points_diffusion.npz
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from engine.core.kinds import KINDS, ArraySpec

FORMAT_NAME = "genai-explainer-trace"
# Bump on any change a reader of version N could misread. Readers accept only
# their own major version: a v1 reader refuses v2 with a clear message.
FORMAT_VERSION = 1
MANIFEST_KEY = "__manifest__"


class TraceError(Exception):
    """A trace file is unreadable or does not meet its kind's requirements.

    ``str(err)`` is one line naming the file and exactly what is wrong.
    """

    def __init__(self, path: str | os.PathLike, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


@dataclass
class Trace:
    """A loaded, validated trace: its manifest and its arrays."""

    manifest: dict
    arrays: dict[str, np.ndarray]
    path: str = "<memory>"

    @property
    def kind(self) -> str:
        return self.manifest["kind"]

    @property
    def config(self) -> dict:
        return self.manifest["config"]

    @property
    def extents(self) -> dict:
        return self.manifest.get("extents", {})

    @property
    def stats(self) -> dict:
        """Measured figures (training time, losses, ...) stored with the trace."""
        return self.manifest.get("stats", {})

    def __getitem__(self, name: str) -> np.ndarray:
        return self.arrays[name]


def stored(a) -> np.ndarray:
    """``a`` as a recorder keeps it in a trace: floats as float32, integers as
    int32 (float64 and int64 would double the file for no digit a scene
    shows), text and booleans as they are. Any array-like in, an ndarray out."""
    a = np.asarray(a)
    if a.dtype.kind == "f":
        return a.astype(np.float32)
    if a.dtype.kind in "iu":
        return a.astype(np.int32)
    return a


def build_manifest(
    kind: str,
    config: dict,
    produced_by: dict,
    extents: dict | None = None,
    stats: dict | None = None,
) -> dict:
    """The manifest for a trace of ``kind``; array descriptions come from the kind."""
    spec = KINDS[kind]
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "kind": kind,
        "description": spec.description,
        "config": config,
        "produced_by": produced_by,
        "extents": extents or {},
        "stats": stats or {},
        "arrays": {
            name: {"meaning": a.meaning, "dims": list(a.dims), "units": a.units}
            for name, a in spec.arrays.items()
        },
    }


def save(
    path: str | os.PathLike, manifest: dict, arrays: dict[str, np.ndarray]
) -> Path:
    """Validate, then write atomically: a temporary file in the same folder, renamed.

    A reader (or a killed ``make``) never sees a half-written trace under its
    final name.
    """
    path = Path(path)
    validate(manifest, arrays, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {name: np.ascontiguousarray(a) for name, a in arrays.items()}
    payload[MANIFEST_KEY] = np.array(json.dumps(manifest, sort_keys=True))
    remove_leftovers(path.parent, path.stem)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{path.stem}-{os.getpid()}-", suffix=".npz.part", dir=path.parent
    )
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez_compressed(f, **payload)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes files private; traces are not
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def remove_leftovers(folder: Path, stem: str) -> None:
    """Remove ``.<stem>-<pid>-*`` work files and folders in ``folder`` whose
    process is gone (a job killed with SIGKILL). A running job's are kept, so
    parallel jobs never remove each other's work."""
    pattern = re.compile(rf"\.{re.escape(stem)}-(\d+)-\w+(\.npz\.part)?")
    for p in folder.iterdir():
        found = pattern.fullmatch(p.name)
        if found and not _process_alive(int(found.group(1))):
            if p.is_dir():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. another user's process: it exists
        return True
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def load(path: str | os.PathLike, kind: str | None = None) -> Trace:
    """Load and validate a trace; never unpickles. Raises TraceError."""
    path = Path(path)
    if not path.exists():
        raise TraceError(path, "no such file")
    if path.is_dir():
        raise TraceError(path, "is a folder, not a trace file")
    if path.stat().st_size == 0:
        raise TraceError(path, "empty file, not a trace")
    if not zipfile.is_zipfile(path):
        raise TraceError(path, "not a trace: not an .npz (zip) file")
    try:
        with np.load(path, allow_pickle=False) as npz:
            names = list(npz.files)
            if MANIFEST_KEY not in names:
                raise TraceError(
                    path, f"not a trace: no {MANIFEST_KEY} entry in the .npz"
                )
            arrays = {}
            for name in names:
                try:
                    arrays[name] = npz[name]
                except ValueError as err:
                    if "pickle" in str(err).lower():
                        raise TraceError(
                            path, f"array '{name}' holds pickled objects; refused"
                        ) from None
                    raise TraceError(
                        path, f"array '{name}' is unreadable: {err}"
                    ) from None
    except TraceError:
        raise
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as err:
        raise TraceError(path, f"truncated or corrupt .npz ({err})") from None
    raw = arrays.pop(MANIFEST_KEY)
    try:
        manifest = json.loads(str(raw[()]))
    except (json.JSONDecodeError, TypeError, IndexError, ValueError):
        raise TraceError(path, "manifest is not valid JSON") from None
    if not isinstance(manifest, dict):
        raise TraceError(path, "manifest is not a JSON object")
    validate(manifest, arrays, path)
    if kind is not None and manifest["kind"] != kind:
        raise TraceError(
            path, f"is a '{manifest['kind']}' trace, but a '{kind}' trace is needed"
        )
    return Trace(manifest=manifest, arrays=arrays, path=str(path))


def validate(manifest: dict, arrays: dict[str, np.ndarray], path="<memory>") -> None:
    """Check a manifest and arrays against the trace format and their kind.

    Raises TraceError naming the file and the first problem found.
    """
    if manifest.get("format") != FORMAT_NAME:
        raise TraceError(
            path,
            f"not a trace: format is {manifest.get('format')!r}, not {FORMAT_NAME!r}",
        )
    version = manifest.get("version")
    if version != FORMAT_VERSION:
        raise TraceError(
            path,
            f"trace format version {version!r} is not supported "
            f"(this code reads version {FORMAT_VERSION}); re-record it",
        )
    kind = manifest.get("kind")
    if kind not in KINDS:
        raise TraceError(
            path, f"unknown trace kind {kind!r} (known: {', '.join(KINDS)})"
        )
    for key in ("config", "produced_by"):
        if not isinstance(manifest.get(key), dict):
            raise TraceError(path, f"manifest lacks its '{key}' object")
    if "seed" not in manifest["config"]:
        raise TraceError(path, "manifest config lacks its 'seed'")
    _check_arrays(KINDS[kind].arrays, arrays, path)


def _check_arrays(specs: dict[str, ArraySpec], arrays: dict[str, np.ndarray], path):
    sizes: dict[str, tuple[int, str]] = {}  # dim name -> (size, array that fixed it)
    for name, spec in specs.items():
        if name not in arrays:
            if spec.optional:
                continue
            raise TraceError(path, f"missing array '{name}' ({spec.meaning})")
        a = arrays[name]
        if a.dtype.kind not in spec.dtype_kinds:
            raise TraceError(
                path,
                f"array '{name}' has dtype {a.dtype}, expected "
                f"{_describe_kinds(spec.dtype_kinds)}",
            )
        if a.ndim != len(spec.dims):
            raise TraceError(
                path,
                f"array '{name}' has {a.ndim} dims {a.shape}, expected "
                f"{len(spec.dims)} ({', '.join(spec.dims)})",
            )
        for dim, size in zip(spec.dims, a.shape, strict=True):
            if dim.isdigit():  # a fixed size such as the 2 of xy
                if size != int(dim):
                    raise TraceError(
                        path,
                        f"array '{name}' has size {size} on a dim that must be {dim}",
                    )
                continue
            if dim in sizes and sizes[dim][0] != size:
                other_size, other = sizes[dim]
                raise TraceError(
                    path,
                    f"array '{name}' has {size} along '{dim}' but '{other}' has "
                    f"{other_size}",
                )
            sizes.setdefault(dim, (size, name))
        if a.dtype.kind == "f" and not np.isfinite(a).all():
            bad = int((~np.isfinite(a)).sum())
            raise TraceError(path, f"array '{name}' holds {bad} NaN or inf values")


def _describe_kinds(kinds: str) -> str:
    words = {
        "f": "float",
        "i": "integer",
        "u": "unsigned integer",
        "b": "bool",
        "U": "text",
    }
    return " or ".join(words.get(k, k) for k in kinds)
