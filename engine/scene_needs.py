"""What each scene reads from a trace beyond what its kind requires.

A trace of the right kind always has the kind's required arrays. Some scenes
also draw optional arrays, quote config fields or measured figures (stats)
from the manifest, or need a dim to have some size (two runs to compare). This
table says so, per scene, so that a trace that lacks something is refused before
rendering in one line that names what is missing, and so that the docs and
``python -m engine check`` can tell a user which scenes can draw their trace.

Plain data and numpy only: scenes (``scenes/tracefile.py``) and the engine's
recorder both read it. A test keeps it in step with what the scenes read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from engine.kinds import KINDS
from engine.paths import TRACES_DIR
from engine.trace import Trace, TraceError


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


def _one_shot(tr: Trace) -> str | None:
    """`method` names GAN, DDPM and DDIM"""
    methods = [str(m) for m in tr["method"]]
    missing = [m for m in ("GAN", "DDPM", "DDIM") if m not in methods]
    if missing:
        return f"needs methods named GAN, DDPM and DDIM; this trace has {methods}"
    return None


def _next_word(tr: Trace) -> str | None:
    """stats `survival` has an entry for the high temperature"""
    high = tr.config.get("high_temperature")
    survival = tr.stats.get("survival")
    if high is None or not isinstance(survival, dict):
        return None  # reported as missing config / stats
    entry = survival.get(f"{high:g}")
    if not isinstance(entry, dict) or not {"median_words_kept", "share_broken"} <= set(
        entry
    ):
        return (
            f"needs stats survival['{high:g}'] with median_words_kept and "
            "share_broken (the high temperature's drift)"
        )
    return None


def _field_grid(tr: Trace) -> str | None:
    """`field_grid` has two distinct x positions at least"""
    grid = tr.arrays.get("field_grid")
    if grid is not None and len(set(grid[:, 0].tolist())) < 2:
        return "needs a field_grid with at least two distinct x positions"
    return None


_DRIFT = "the forger's steps per inspector step"

SCENE_NEEDS: dict[str, SceneNeeds] = {
    # Chapter 1, diffusion
    "PointsFlow": SceneNeeds(
        "points_diffusion",
        extents=True,
        sizes={"frame": (2, None, "a start and at least one step")},
    ),
    "DenoisingField": SceneNeeds(
        "points_diffusion",
        arrays=("field_grid", "field_t", "field_x0"),
        arrays_label="field",
        extents=True,
        sizes={
            "frame": (2, None, "a start and at least one step"),
            "fframe": (2, None, "the field at two steps at least"),
        },
        check=_field_grid,
    ),
    "ForwardNoising": SceneNeeds(
        "digits_diffusion",
        config={
            "train_iters": "training steps",
            "batch_size": "examples per training step",
        },
    ),
    "ReverseDenoising": SceneNeeds("digits_diffusion"),
    "StepsVsSpeed": SceneNeeds(
        "digits_diffusion", sizes={"count": (2, None, "step counts to compare")}
    ),
    "GuidanceScale": SceneNeeds(
        "digits_diffusion", sizes={"scale": (2, None, "guidance scales to compare")}
    ),
    # Chapter 2, GANs
    "ForgerVsInspector": SceneNeeds(
        "gan_points",
        config={"g_steps": _DRIFT},
        extents=True,
        sizes={"round": (2, None, "rounds of training to play")},
    ),
    "ModeCollapse": SceneNeeds(
        "gan_points",
        config={
            "g_steps": _DRIFT,
            "cover_share": "share of the fakes that makes a mode covered",
        },
        extents=True,
        sizes={
            "run": (2, 2, "it compares a plain GAN with a remedied one"),
            "round": (2, None, "rounds of training to play"),
        },
    ),
    "DigitForger": SceneNeeds(
        "gan_digits",
        config={
            "n_eval": "fresh fakes judged each round",
            "confident_at": "the classifier probability counted as sure",
        },
        stats={
            "judge_held_out_accuracy": "the classifier's accuracy on unseen digits",
            "final_confident_share": "share of the final fakes read with confidence",
            "final_classes": "digits read among the final fakes",
            "ms_per_sample": "milliseconds per fake",
        },
    ),
    "OneShotGeneration": SceneNeeds("generation_speed", check=_one_shot),
    # Chapter 3, transformers
    "AttentionReads": SceneNeeds(
        "attention",
        stats={
            "heldout_cases": "held-out words that depend on an earlier word",
            "heldout_accuracy": "share of them predicted right",
            "focus_share": "share where the focus head's largest weight is on the "
            "deciding word",
        },
        sizes={"position": (2, None, "words to read")},
    ),
    "InsideAttention": SceneNeeds(
        "attention", sizes={"position": (2, None, "words to read")}
    ),
    "AttentionHeads": SceneNeeds("attention"),
    "NextWord": SceneNeeds(
        "text_generation",
        config={
            "low_temperature": "the low sampling temperature",
            "high_temperature": "the high sampling temperature",
            "survival_runs": "generations per temperature in the drift measurement",
        },
        stats={"survival": "the drift measurement, per temperature"},
        check=_next_word,
    ),
    "LongContextCost": SceneNeeds(
        "attention_cost",
        config={"heads": "attention heads per layer"},
        stats={
            "seconds_fit": "fit of attention time against length",
            "seconds_fit_r2": "its R squared",
            "bytes_fit_r2": "R squared of the memory fit",
            "cache_bytes_per_word": "key/value cache bytes per word",
        },
    ),
}


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
            want = f"exactly {least}" if most == least else f"at least {least}"
            out.append(
                f"{scene} needs {want} along '{dim}' ({why}); this trace has {size}"
            )
    if needs.check is not None:
        extra = needs.check(tr)
        if extra:
            out.append(f"{scene} {extra}")
    return out


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
            want = f"exactly {least}" if most == least else f"at least {least}"
            parts.append(f"{want} along `{dim}` ({why})")
        if n.check is not None and n.check.__doc__:
            parts.append(n.check.__doc__.strip())
        lines.append(f"- `{scene}`" + (": " + "; ".join(parts) if parts else ""))
    if not lines:
        return []
    return ["Drawn by (and what each scene needs beyond the arrays above):", "", *lines]
