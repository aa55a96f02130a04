"""What each scene reads from a trace beyond what its kind requires.

A trace of the right kind always has the kind's required arrays. Some scenes
also draw optional arrays, quote config fields or measured figures (stats)
from the manifest, or need a dim to have some size (two runs to compare). This
table says so, per scene, so that a trace that lacks something is refused before
rendering in one line that names what is missing, and so that the docs and
``python -m engine check`` can tell a user which scenes can draw their trace.

Plain data and numpy only: scenes (``scenes/kit/tracefile.py``) and the engine's
recorder both read it. A test keeps it in step with what the scenes read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from engine.core.kinds import KINDS
from engine.core.paths import TRACES_DIR
from engine.core.trace import Trace, TraceError


@dataclass(frozen=True)
class SceneNeeds:
    kind: str
    arrays: tuple[str, ...] = ()  # optional arrays of the kind that the scene draws
    arrays_label: str = ""  # what those arrays are, in a word ("field")
    config: dict[str, str] = field(default_factory=dict)  # config field -> meaning
    stats: dict[str, str] = field(default_factory=dict)  # stats figure -> meaning
    extents: bool = False  # needs extents x and y (square plots, -E..E)
    # dim -> (least size, most size or None, why)
    sizes: dict[str, tuple[int, int | None, str]] = field(default_factory=dict)
    # any further check: a problem in words, or None
    check: Callable[[Trace], str | None] | None = None


# Every chapter's scene needs, collected here by ``engine/registry.py``.
SCENE_NEEDS: dict[str, SceneNeeds] = {}


def scene_name(scene) -> str | None:
    """The table's name for a scene given as a name, class or instance (test
    subclasses resolve to the project scene they derive from)."""
    if isinstance(scene, str):
        return scene if scene in SCENE_NEEDS else None
    cls = scene if isinstance(scene, type) else type(scene)
    for c in cls.__mro__:
        if c.__name__ in SCENE_NEEDS and c.__module__.startswith("scenes."):
            return c.__name__
    return None


def dim_size(tr: Trace, dim: str) -> int | None:
    """The size of a named dim in a trace, from the first array that has it."""
    for name, spec in KINDS[tr.kind].arrays.items():
        if name in tr.arrays and dim in spec.dims:
            return int(tr.arrays[name].shape[spec.dims.index(dim)])
    return None


def problems(scene: str, tr: Trace) -> list[str]:
    """Everything ``scene`` needs that the trace lacks, in words (empty: it draws)."""
    needs = SCENE_NEEDS[scene]
    if tr.kind != needs.kind:
        return [f"{scene} draws '{needs.kind}' traces; this is a '{tr.kind}' trace"]
    out = []
    missing = [a for a in needs.arrays if a not in tr.arrays]
    if missing:
        out.append(
            f"{scene} needs the {needs.arrays_label} arrays ({', '.join(missing)}), "
            "which this trace lacks"
        )
    config = tr.manifest.get("config", {})
    missing = [f"'{k}' ({v})" for k, v in needs.config.items() if k not in config]
    if missing:
        out.append(f"{scene} needs config {_fields(missing)} in the manifest")
    stats = tr.manifest.get("stats", {})
    missing = [f"'{k}' ({v})" for k, v in needs.stats.items() if k not in stats]
    if missing:
        out.append(f"{scene} needs the measured {_fields(missing)} in the stats")
    if needs.extents and not _square_extents(tr.manifest.get("extents", {})):
        out.append(
            f"{scene} needs square plot extents in the manifest, "
            'e.g. {"x": [-4, 4], "y": [-4, 4]}'
        )
    for dim, (least, most, why) in needs.sizes.items():
        size = dim_size(tr, dim)
        if size is None:
            continue
        if size < least or (most is not None and size > most):
            want = _wanted(least, most)
            out.append(
                f"{scene} needs {want} along '{dim}' ({why}); this trace has {size}"
            )
    if needs.check is not None:
        extra = needs.check(tr)
        if extra:
            out.append(f"{scene} {extra}")
    return out


def _wanted(least: int, most: int | None) -> str:
    """A size bound in words: "exactly 2", "at least 2", "2 to 13"."""
    if most == least:
        return f"exactly {least}"
    return f"at least {least}" if most is None else f"{least} to {most}"


def _fields(items: list[str]) -> str:
    return ("fields " if len(items) > 1 else "field ") + ", ".join(items)


def _square_extents(extents) -> bool:
    try:
        (x0, x1), (y0, y1) = extents["x"], extents["y"]
        return float(x1) > 0 and float(x0) == -float(x1) and (y0, y1) == (x0, x1)
    except (KeyError, TypeError, ValueError):
        return False


def check(scene, tr: Trace) -> None:
    """Raise TraceError (one line, naming the file) if ``scene`` cannot draw ``tr``.

    A scene not in the table is not checked.
    """
    name = scene_name(scene)
    if name is None:
        return
    found = problems(name, tr)
    if found:
        raise TraceError(tr.path, "; ".join(found))


def scenes_for(tr: Trace) -> dict[str, list[str]]:
    """Every scene that draws the trace's kind -> what it lacks (empty: it draws)."""
    return {
        scene: problems(scene, tr)
        for scene, needs in SCENE_NEEDS.items()
        if needs.kind == tr.kind
    }


def report(tr: Trace) -> list[str]:
    """One line per scene of the trace's kind: how to render it, or what it lacks."""
    default = Path(tr.path).resolve() == (TRACES_DIR / f"{tr.kind}.npz").resolve()
    own = "" if default else f" TRACE={tr.path}"
    return [
        "; ".join(found) if found else f"{scene}: make scene S={scene}{own}"
        for scene, found in scenes_for(tr).items()
    ]


def needs_markdown(kind: str) -> list[str]:
    """Markdown lines: the scenes that draw ``kind`` and what each needs beyond it."""
    lines = []
    for scene, n in SCENE_NEEDS.items():
        if n.kind != kind:
            continue
        parts = []
        if n.arrays:
            parts.append("the arrays " + ", ".join(f"`{a}`" for a in n.arrays))
        if n.extents:
            parts.append('square `extents` (`{"x": [-E, E], "y": [-E, E]}`)')
        if n.config:
            parts.append(
                "config " + ", ".join(f"`{k}` ({v})" for k, v in n.config.items())
            )
        if n.stats:
            parts.append(
                "stats " + ", ".join(f"`{k}` ({v})" for k, v in n.stats.items())
            )
        for dim, (least, most, why) in n.sizes.items():
            want = _wanted(least, most)
            parts.append(f"{want} along `{dim}` ({why})")
        if n.check is not None and n.check.__doc__:
            parts.append(n.check.__doc__.strip())
        lines.append(f"- `{scene}`" + (": " + "; ".join(parts) if parts else ""))
    if not lines:
        return []
    return ["Drawn by (and what each scene needs beyond the arrays above):", "", *lines]
