"""Parallel safety: renders running at once into one folder write exactly what
they write one at a time, and make never runs a trace's reader (a render, or a
recording that reuses its model) before or beside its writer."""

from __future__ import annotations

import re
import subprocess

import grimp
import pytest

from engine.core.recorders import RECORDERS
from scenes.output.catalog import SCENES, find_scene
from tests.support.project import (
    MAKE_ENV,
    ROOT,
    SHARED_SCENES,
    same_outputs,
    shared_renders,
)


@pytest.mark.slow
def test_two_renders_at_once_write_exactly_what_one_at_a_time_writes():
    renders = shared_renders()
    for scene in SHARED_SCENES:
        same_outputs(renders["one_by_one"], renders["together"], scene)
    for folder in (renders["one_by_one"], renders["together"]):
        # every private work folder was removed: nothing but the final files
        assert sorted(p.name for p in folder.iterdir()) == sorted(
            f"{s}.{ext}" for s in SHARED_SCENES
            for ext in ("gif", "mp4", "png", "srt", "vtt")
        )


def make_says(flag: str) -> str:
    """What make prints with ``flag`` (-pq: its database, -nB: every job it
    would start, in order); nothing is run."""
    return subprocess.run(
        ["make", flag, "--no-print-directory"],
        cwd=ROOT,
        env=MAKE_ENV,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout


def make_database() -> dict[str, set[str]]:
    """Every explicit target of the Makefile -> its prerequisites (normal and
    order-only), from make's own database (nothing is run)."""
    out = make_says("-pq")
    rules = {}
    for line in out.splitlines():
        found = re.match(r"^([^\s#:=][^:=]*?):(?!=)\s*(.*)$", line)
        if found and not line.startswith((".", "%")):
            prereqs = set(found.group(2).replace("|", " ").split())
            for target in found.group(1).split():
                rules.setdefault(target, set()).update(prereqs)
    return rules


def upstream(rules: dict[str, set[str]], target: str) -> set[str]:
    """Everything make finishes before it starts ``target``."""
    seen, todo = set(), [target]
    while todo:
        for dep in rules.get(todo.pop(), ()):
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return seen


def test_every_render_waits_for_the_trace_its_scene_reads():
    rules = make_database()
    for chapter, names in SCENES.items():
        for name in names:
            kind = getattr(find_scene(name), "trace_kind", None)
            if kind is None:
                continue
            trace = f"renders/traces/{kind}.npz"
            assert trace in rules.get(f"renders/{name}.mp4", set()), (
                f"{chapter}: make may render {name} before {trace} is written"
            )


def test_recordings_that_share_a_trained_model_never_run_at_once():
    """Two recordings that could both train (and cache) the same model must be
    ordered, or a parallel make trains it twice at once. A model is shared when
    both recorders import (directly or not) an engine module that caches a
    checkpoint under a fixed name."""
    rules = make_database()
    cachers = {
        module_name(p)
        for p in (ROOT / "engine").rglob("*.py")
        # a name in quotes or a module constant (KIND), not a caller's variable
        if re.search(
            r'(checkpoint_path|cached_or_trained)\(\s*("\w+"|[A-Z_]+\b)', p.read_text()
        )
    }
    assert {"engine.transformer.training", "engine.diffusion.digits_model"} <= cachers
    # the network alone caches nothing: the sizes and the recall task build it
    # without waiting for the recordings of the chapter's trained model
    assert "engine.transformer.model" not in cachers
    assert "engine.gan.shared" not in cachers  # names its cache by the trace kind
    graph = grimp.build_graph("engine")
    uses = {
        kind: ({entry.module} | graph.find_upstream_modules(entry.module)) & cachers
        for kind, entry in RECORDERS.items()
    }
    assert uses["generation_speed"] >= {"engine.diffusion.digits_model"}
    assert "engine.diffusion.digits_model" not in uses["points_diffusion"]
    assert uses["attention_cost"] >= {"engine.transformer.training"}
    assert not uses["transformer_scaling"] and not uses["long_range"]
    kinds = list(RECORDERS)
    for i, a in enumerate(kinds):
        for b in kinds[i + 1 :]:
            shared = uses[a] & uses[b]
            ta, tb = f"renders/traces/{a}.npz", f"renders/traces/{b}.npz"
            if shared:
                assert ta in upstream(rules, tb) or tb in upstream(rules, ta), (
                    f"{ta} and {tb} both train {sorted(shared)} but make may run "
                    "them at once"
                )


def module_name(path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def test_the_database_is_read_correctly():
    rules = make_database()
    assert "renders/traces/points_diffusion.npz" in rules["renders/PointsFlow.mp4"]
    assert "renders/traces/attention.npz" in upstream(
        rules, "renders/traces/attention_cost.npz"
    )


def test_the_longest_recordings_start_first():
    """A cold make names the long trainings first, so they start at once and
    the two cores are not left with one long training to finish alone after
    every render (make -nB lists every job in the order make starts them)."""
    out = make_says("-nB")
    started = re.findall(r"-m engine record (\w+)", out)
    assert started[:3] == ["long_range", "transformer_scaling", "text_to_image"]
    renders = [m.start() for m in re.finditer(r"-m scenes\.output\.render ", out)]
    records = [m.start() for m in re.finditer(r"-m engine record ", out)]
    assert renders and records[0] < renders[0]


def test_the_table_scenes_wait_for_every_trace_they_may_read():
    """The table scenes (TableDiffusionGAN, TableTransformers,
    ThreeArchitectures) read many traces, some only when recorded (the
    strengths cell, the attention picture): make must finish each of them
    first, or a scene's picture depends on which job happened to win."""
    from scenes.hybrid.table import PICTURE_KINDS, STRENGTH_KINDS, TABLE_KINDS

    needs = set(TABLE_KINDS) | set(STRENGTH_KINDS) | set(PICTURE_KINDS)
    rules = make_database()
    for scene in ("TableDiffusionGAN", "TableTransformers", "ThreeArchitectures"):
        waits_for = rules[f"renders/{scene}.mp4"]
        missing = sorted(k for k in needs
                         if f"renders/traces/{k}.npz" not in waits_for)
        assert not missing, f"make may render {scene} before {missing}"
