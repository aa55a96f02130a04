"""Recording named tensors into a trace, from our models or your own.

Loops call ``recorder.record(name, tensor)`` only when a recorder was passed, so
they run the same with or without one. Tensors become numpy at this boundary.

Your own model, in your own training or sampling loop::

    from engine.core.recorder import Recorder

    rec = Recorder(kind="points_diffusion", config={"seed": 0, "steps": 100})
    for t in reversed(range(T + 1)):
        ...                                  # your sampler's step
        rec.record("reverse", x)             # one frame a call: stacked on save
        rec.record("reverse_t", t)
    rec.put("data", data)                    # a whole array at once
    rec.save("renders/custom/mine.npz")      # validated, written atomically

or all at once: ``record_trace(kind, arrays, config=..., path=...)``. The kinds
and their arrays are in ``docs/trace-kinds.md``; ``docs/your-own-model.md``
walks through it. ``engine/core/recorders.py`` lists the engine's own recorders.
"""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

import numpy as np

from engine.core import trace
from engine.core.kinds import KINDS


class RecordError(ValueError):
    """A recorder was used wrongly (unknown kind or array name, bad config)."""


def to_numpy(value) -> np.ndarray:
    """A copy of ``value`` as a numpy array: torch tensors on any device and of any
    float type (bfloat16 and half become float32), numpy arrays, numbers, lists."""
    if hasattr(value, "detach"):  # a torch tensor; torch is not imported here
        value = value.detach().cpu()
        if str(value.dtype) in ("torch.bfloat16", "torch.float16"):
            value = value.float()
        return value.numpy().copy()
    if isinstance(value, (list, tuple)) and value and hasattr(value[0], "detach"):
        return np.stack([to_numpy(v) for v in value])
    return np.array(value, copy=True)


class Recorder:
    """Collects snapshots of named tensors; ``stacked()`` gives one array per name.

    ``names`` keeps only those names (None keeps everything). With ``kind``, the
    recorder belongs to a trace of that kind: names are checked as they are
    recorded, and ``save()`` writes the trace with its manifest filled in.
    """

    def __init__(
        self,
        names: list[str] | None = None,
        *,
        kind: str | None = None,
        config=None,
    ):
        # An explicit list of names to keep; None keeps everything recorded.
        self.names = set(names) if names is not None else None
        self.frames: dict[str, list[np.ndarray]] = {}
        self.whole: dict[str, np.ndarray] = {}
        if kind is not None and kind not in KINDS:
            raise RecordError(
                f"unknown trace kind {kind!r} (known: {', '.join(KINDS)})"
            )
        self.kind = kind
        self.config = config

    def wants(self, name: str) -> bool:
        return self.names is None or name in self.names

    def record(self, name: str, value) -> None:
        """Add one frame of ``name``; frames are stacked along a new first dim."""
        if not self.wants(name):
            return
        self._check_name(name)
        if name in self.whole:
            raise RecordError(f"'{name}' was already put() whole; record() adds frames")
        self.frames.setdefault(name, []).append(to_numpy(value))

    def put(self, name: str, value) -> None:
        """Set the whole array ``name`` at once (replacing an earlier put)."""
        self._check_name(name)
        if name in self.frames:
            raise RecordError(
                f"'{name}' was recorded frame by frame; put() sets it whole"
            )
        self.whole[name] = to_numpy(value)

    def _check_name(self, name: str) -> None:
        if self.kind is None or name in KINDS[self.kind].arrays:
            return
        raise RecordError(
            f"a '{self.kind}' trace has no array {name!r} "
            f"(its arrays: {', '.join(KINDS[self.kind].arrays)})"
        )

    def stacked(self) -> dict[str, np.ndarray]:
        """Each name's snapshots stacked along a new first dim (frame)."""
        out = {}
        for name, snaps in self.frames.items():
            shapes = {s.shape for s in snaps}
            if len(shapes) > 1:
                raise RecordError(
                    f"the frames of '{name}' differ in shape "
                    f"({', '.join(map(str, sorted(shapes)))}); each record() of a "
                    "name must have one shape"
                )
            out[name] = np.stack(snaps)
        return out

    def arrays(self) -> dict[str, np.ndarray]:
        """Everything recorded: stacked frames and whole arrays."""
        return {**self.stacked(), **self.whole}

    def save(
        self,
        path,
        *,
        config=None,
        stats: dict | None = None,
        extents: dict | None = None,
        produced_by: dict | None = None,
    ) -> trace.Trace:
        """Write the trace to ``path`` (see ``record_trace``) and return it."""
        if self.kind is None:
            raise RecordError("this Recorder has no kind: Recorder(kind=...) to save")
        return record_trace(
            self.kind,
            self.arrays(),
            config=self.config if config is None else config,
            path=path,
            stats=stats,
            extents=extents,
            produced_by=produced_by,
        )


def record_trace(
    kind: str,
    arrays: dict,
    *,
    config,
    path,
    stats: dict | None = None,
    extents: dict | None = None,
    produced_by: dict | None = None,
) -> trace.Trace:
    """Write a trace of ``kind`` from ``arrays`` (tensors or numpy) and return it.

    ``config`` is your run's config (a dict or a dataclass) and must name its
    ``seed``. ``stats`` are figures you measured (plain numbers and text).
    ``extents`` are the plot extents; for the 2D kinds they default to the
    smallest square, in half units, that holds every recorded point. A kind
    whose arrays start with a ``run`` dim (``gan_points``) takes one run's
    arrays without it. Floats are stored as float32.

    The trace is validated first and written atomically; anything wrong raises
    ``TraceError`` naming the file and every missing array, and writes nothing.
    """
    if kind not in KINDS:
        raise RecordError(f"unknown trace kind {kind!r} (known: {', '.join(KINDS)})")
    spec = KINDS[kind]
    path = Path(path)
    unknown = [n for n in arrays if n not in spec.arrays]
    if unknown:
        raise trace.TraceError(
            path,
            f"a '{kind}' trace has no array{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(map(repr, unknown))} (its arrays: {', '.join(spec.arrays)})",
        )
    missing = [n for n, a in spec.arrays.items() if not a.optional and n not in arrays]
    if missing:
        raise trace.TraceError(
            path,
            f"a '{kind}' trace needs the array{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}, not recorded (see docs/trace-kinds.md)",
        )
    out = {name: _stored(name, to_numpy(a), path) for name, a in arrays.items()}
    out = _one_run(kind, out)
    manifest = trace.build_manifest(
        kind,
        config=_plain_config(config, path),
        produced_by=_produced_by(produced_by),
        extents=extents if extents is not None else _default_extents(kind, out),
        stats=_plain(stats or {}, "stats", path),
    )
    trace.save(path, manifest, out)
    return trace.Trace(manifest, out, str(path))


def _stored(name: str, a: np.ndarray, path) -> np.ndarray:
    if a.dtype.kind == "O":
        raise trace.TraceError(
            path, f"array '{name}' holds Python objects, not numbers"
        )
    if a.dtype.kind == "f" and a.dtype != np.float32:
        return a.astype(np.float32)  # traces stay small, as the engine's do
    return a


def _one_run(kind: str, arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Arrays of a kind with a leading ``run`` dim, given for one run without it,
    get that dim (of size 1)."""
    specs = KINDS[kind].arrays
    runs = [n for n in arrays if specs[n].dims[:1] == ("run",) and n != "run_name"]
    if runs and all(arrays[n].ndim == len(specs[n].dims) - 1 for n in runs):
        return {n: (a[None] if n in runs else a) for n, a in arrays.items()}
    return arrays


def _default_extents(kind: str, arrays: dict[str, np.ndarray]) -> dict:
    """A square holding every point in data units, rounded up to a half unit."""
    specs = KINDS[kind].arrays
    points = [
        a
        for n, a in arrays.items()
        if specs[n].units == "data units" and specs[n].dims[-1:] == ("2",) and a.size
    ]
    if not points:
        return {}
    far = max(float(np.abs(a).max()) for a in points)
    half = max(1.0, math.ceil(far * 2) / 2)
    return {"x": [-half, half], "y": [-half, half]}


def _plain_config(config, path) -> dict:
    if dataclasses.is_dataclass(config) and not isinstance(config, type):
        config = dataclasses.asdict(config)
    if not isinstance(config, dict):
        raise trace.TraceError(
            path, f"config must be a dict or a dataclass, not {type(config).__name__}"
        )
    if "seed" not in config:
        raise trace.TraceError(
            path,
            "config needs a 'seed': the seed your run's random draws come from "
            "(traces are reproducible)",
        )
    return _plain(config, "config", path)


def _plain(value, where: str, path):
    """``value`` as JSON data (numpy scalars and 0-d tensors become numbers)."""
    if hasattr(value, "detach") or isinstance(value, np.ndarray | np.generic):
        value = to_numpy(value)
        if value.ndim == 0:
            return value.item()
        return _plain(value.tolist(), where, path)
    if isinstance(value, dict):
        return {str(k): _plain(v, f"{where}['{k}']", path) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v, where, path) for v in value]
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise trace.TraceError(path, f"{where} is {value}, not a finite number")
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise trace.TraceError(
        path,
        f"{where} is a {type(value).__name__}; the manifest holds plain data "
        "(numbers, text, lists, dicts)",
    )


def _produced_by(extra: dict | None) -> dict:
    from engine.core.provenance import produced_by

    out = produced_by()
    out["recorder"] = "engine.core.recorder (your own loop)"
    out.update(_plain(extra or {}, "produced_by", "<recorder>"))
    json.dumps(out)
    return out
