"""Helpers for the reliability tests: a private copy of the project to run
``make`` in, processes measured and killed, and two tiny renders shared by tests.

A copy keeps ``make`` away from the real ``renders/`` (other jobs may be using
it) and lets a test edit a config value, as a user would, without touching the
real sources.
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.support import shared

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"

# The environment of a user typing `make` (not that of a `make test` running us).
MAKE_ENV = {
    k: v
    for k, v in os.environ.items()
    if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "TRACE",
                 "SENTENCE", "DATA", "THEME", "S", "QUALITY")
} | {"OMP_NUM_THREADS": "1"}

# Frames far smaller than draft: these tests check files, not pictures.
MINI = "Quality(144, 5, 144, 5)"

# A points diffusion model small enough to train in seconds (the copy's defaults).
TINY_POINTS_DEFAULTS = {
    "n_train": "2_000",
    "num_steps": "50",
    "train_iters": "300",
    "n_show": "300",
}


def set_default(path: Path, field: str, value: str) -> None:
    """Edit the first ``field[: type] = <default>`` of a class in ``path``."""
    text = path.read_text()
    new, n = re.subn(
        rf"^(\s+{field}(?:: \w+)? = )[^#\n]+?(\s*(?:#.*)?)$",
        rf"\g<1>{value}\g<2>",
        text,
        count=1,
        flags=re.M,
    )
    assert n == 1, f"no default for {field} in {path}"
    path.write_text(new)


def project_copy(dest: Path) -> Path:
    """The project's sources copied to ``dest``, with a tiny points model and a
    short PointsFlow, ready for ``make_in(dest, ...)``."""
    for name in ("engine", "scenes", "mk", "scripts"):
        shutil.copytree(
            ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    for name in ("Makefile", "manim.cfg", "pyproject.toml"):
        shutil.copy2(ROOT / name, dest / name)
    for field, value in TINY_POINTS_DEFAULTS.items():
        set_default(dest / "engine" / "diffusion" / "points.py", field, value)
    for field in ("forward_seconds", "reverse_seconds"):
        set_default(dest / "scenes" / "diffusion" / "points.py", field, "1.0")
    render_py = dest / "scenes" / "output" / "render.py"
    draft = '"draft": Quality(360, 10, 360, 10)'
    assert draft in render_py.read_text()
    render_py.write_text(render_py.read_text().replace(draft, f'"draft": {MINI}'))
    # Set-up is done already: the copy runs the real venv's python.
    (dest / "venv").mkdir()
    (dest / "venv" / ".installed").touch()
    return dest


@functools.cache
def shared_project() -> Path:
    """One project copy for the make tests of a session (each records its tiny
    trace only when it is missing or stale)."""
    root = Path(tempfile.mkdtemp(prefix="reliability-project-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    return project_copy(root / "project")


def make_args(*targets: str) -> list[str]:
    return ["make", "--no-print-directory", f"PY={PYTHON}", "VENV=venv",
            "QUALITY=draft", *targets]  # fmt: skip


def make_in(project: Path, *targets: str, timeout: float = 300):
    return subprocess.run(
        make_args(*targets),
        cwd=project,
        env=MAKE_ENV,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def wait_for(predicate, timeout: float, what: str, proc=None):
    """Poll ``predicate()`` until it returns something true; fail after ``timeout``."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = predicate()
        if found:
            return found
        if proc is not None and proc.poll() is not None:
            out = proc.stdout.read() if proc.stdout else ""
            raise AssertionError(f"process ended before {what}: {out}")
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def work_folder_with_frames(out: Path, scene: str) -> Path | None:
    """A render's private work folder once Manim has written a movie part in it."""
    for folder in out.glob(f".{scene}-*"):
        if folder.is_dir() and any(folder.rglob("*.mp4")):
            return folder
    return None


def final_files(out: Path, scene: str) -> list[str]:
    return sorted(p.name for p in out.glob(f"{scene}.*"))


# Renders through the real command line (tests/support/render_cli.py: shortened
# scenes, tiny frames), with each process's peak memory.
MEASURE = (
    "import resource, subprocess, sys; "
    "code = subprocess.run(sys.argv[1:]).returncode; "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
    "sys.exit(code)"
)


def render_command(scenes: str | tuple, out: Path, long: bool = False) -> list[str]:
    scenes = (scenes,) if isinstance(scenes, str) else scenes
    return [str(PYTHON), "-m", "tests.support.render_cli", *scenes,
            "--quality", "draft", "--out", str(out),
            *(["--long"] if long else [])]  # fmt: skip


def start_render(scenes, out: Path, trace: Path, measured: bool = False,
                 long: bool = False):  # fmt: skip
    """A render started in the background; ``long`` for one that is killed."""
    cmd = render_command(scenes, out, long)
    if measured:
        cmd = [str(PYTHON), "-c", MEASURE, *cmd]
    return subprocess.Popen(
        cmd,
        cwd=ROOT,
        env={**MAKE_ENV, "TRACE": str(trace)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_ctrl_c_stops,
    )


def _ctrl_c_stops() -> None:
    # A shell ignores SIGINT in the jobs it starts in the background, and Python
    # keeps an ignored SIGINT ignored: a test suite started that way would see
    # its render shrug off Ctrl-C. The render is started as a terminal would.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def finish(proc, timeout: float = 240) -> tuple[int, str, int | None]:
    """(exit code, stderr without the peak-memory line, peak KB or None)."""
    _, err = proc.communicate(timeout=timeout)
    lines = err.strip().splitlines()
    peak = None
    if lines and lines[-1].isdigit():
        peak = int(lines.pop())
    return proc.returncode, "\n".join(lines), peak


SHARED_SCENES = ("PointsFlow", "DenoisingField")


@functools.cache
def tiny_points_trace() -> Path:
    """A tiny real points_diffusion trace, recorded once per run for these tests."""
    from engine.diffusion.points import PointsDiffusionConfig, record

    def build(root: Path) -> None:
        cfg = PointsDiffusionConfig(
            n_train=1000, num_steps=50, train_iters=100, batch_size=256, n_show=300
        )
        record(cfg, root / "points_diffusion.npz", progress=False, use_cache=False)

    return shared.once("reliability_trace", build) / "points_diffusion.npz"


@functools.cache
def shared_renders() -> dict:
    """Two scenes rendered one after the other (one process), then both at once
    (a process each), into one folder per way: {"one_by_one": dir, "together":
    dir, "peaks_kb": [...]}. Shared by the determinism, parallel and resource
    tests, so each render is paid for once (in a run of several processes, by
    the first to ask: tests/support/shared.py)."""
    trace = tiny_points_trace()

    def build(root: Path) -> None:
        one_by_one, together = root / "one_by_one", root / "together"
        code, err, peak = finish(start_render(SHARED_SCENES, one_by_one, trace, True))
        assert code == 0, err
        peaks = [peak]
        procs = [start_render(s, together, trace, True) for s in SHARED_SCENES]
        for proc in procs:
            code, err, peak = finish(proc)
            assert code == 0, err
            peaks.append(peak)
        (root / "peaks_kb.json").write_text(json.dumps(peaks))

    root = shared.once("reliability_renders", build)
    return {
        "one_by_one": root / "one_by_one",
        "together": root / "together",
        "peaks_kb": json.loads((root / "peaks_kb.json").read_text()),
    }


def decoded_frames(path: Path) -> list:
    import av

    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


def gif_frames(path: Path) -> list:
    import numpy as np
    from PIL import Image

    frames = []
    with Image.open(path) as gif:
        for i in range(gif.n_frames):
            gif.seek(i)
            frames.append(np.asarray(gif.convert("RGB")))
    return frames


def same_outputs(a: Path, b: Path, scene: str) -> None:
    """Assert two renders of ``scene`` are the same: decoded video frames, GIF
    and PNG bytes, captions."""
    import numpy as np

    assert final_files(a, scene) == final_files(b, scene) == [
        f"{scene}.{ext}" for ext in ("gif", "mp4", "png", "srt", "vtt")
    ]
    fa, fb = decoded_frames(a / f"{scene}.mp4"), decoded_frames(b / f"{scene}.mp4")
    assert len(fa) == len(fb) > 0
    for i, (x, y) in enumerate(zip(fa, fb, strict=True)):
        assert np.array_equal(x, y), f"{scene}.mp4 frame {i} differs"
    for ext in ("gif", "png", "srt", "vtt"):
        assert (a / f"{scene}.{ext}").read_bytes() == (
            b / f"{scene}.{ext}"
        ).read_bytes(), f"{scene}.{ext} differs"


def python_in(cwd: Path, *args: str, **kw):
    return subprocess.run(
        [str(PYTHON), *args], cwd=cwd, env=MAKE_ENV, capture_output=True, text=True,
        timeout=kw.pop("timeout", 120), **kw,
    )  # fmt: skip


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and sys.platform == "linux"
