"""Interrupt safety: a render, a recording or make itself killed at any moment
(SIGINT, SIGTERM, SIGKILL) leaves no partial file under a final name, keeps
what was there before, and the next run completes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from engine.core import trace
from engine.core.trace import remove_leftovers
from tests.core.test_trace import minimal_arrays, minimal_manifest
from tests.support.project import (
    MAKE_ENV,
    PYTHON,
    ROOT,
    final_files,
    finish,
    make_args,
    make_in,
    shared_project,
    start_render,
    tiny_points_trace,
    wait_for,
    work_folder_with_frames,
)

PREVIOUS = {f"PointsFlow.{ext}": f"previous {ext}".encode() for ext in
            ("gif", "mp4", "png", "srt", "vtt")}  # fmt: skip


def dead_pid() -> int:
    """The pid of a process that has ended (and was reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@pytest.mark.slow
@pytest.mark.parametrize(
    "sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=lambda s: s.name
)
def test_a_killed_render_keeps_the_previous_files_and_leaves_no_partial_one(
    sig, tmp_path
):
    out = tmp_path / "out"
    out.mkdir()
    for name, data in PREVIOUS.items():  # a complete earlier render
        (out / name).write_bytes(data)
    proc = start_render("PointsFlow", out, tiny_points_trace(), long=True)
    work = wait_for(lambda: work_folder_with_frames(out, "PointsFlow"), 120,
                    "the render to write frames", proc)  # fmt: skip
    proc.send_signal(sig)
    code, err, _ = finish(proc, timeout=60)
    assert code == (-sig if sig == signal.SIGKILL else 128 + sig), err
    for name, data in PREVIOUS.items():
        assert (out / name).read_bytes() == data, f"{name} was touched"
    left = sorted(p.name for p in out.iterdir())
    if sig == signal.SIGKILL:  # no clean-up possible: only the work folder stays
        assert left == sorted([*PREVIOUS, work.name])
        remove_leftovers(out, "PointsFlow")  # what the next render does first
    else:
        assert err.splitlines() == ["render: interrupted; no partial files were kept"]
    assert sorted(p.name for p in out.iterdir()) == sorted(PREVIOUS)


@pytest.mark.slow
def test_a_killed_recording_keeps_the_previous_trace_and_leaves_no_partial_one(
    tmp_path,
):
    out = tmp_path / "points_diffusion.npz"
    previous = trace.save(out, minimal_manifest(), minimal_arrays()).read_bytes()
    proc = subprocess.Popen(
        [str(PYTHON), "-m", "engine", "record", "points_diffusion", "--no-cache",
         "--set", "train_iters=1000000", "--out", str(out)],
        cwd=ROOT, env=MAKE_ENV, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stderr.readline().startswith("engine: recording points_diffusion")
    time.sleep(1.0)  # training now
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM
    assert err.strip().splitlines()[-1] == "engine: interrupted"
    assert "Traceback" not in err
    assert out.read_bytes() == previous
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_a_save_interrupted_while_writing_leaves_the_previous_trace(
    tmp_path, monkeypatch
):
    out = trace.save(tmp_path / "t.npz", minimal_manifest(), minimal_arrays())
    previous = out.read_bytes()

    def half_written(f, **arrays):
        f.write(b"PK\x03\x04 half a zip")
        raise KeyboardInterrupt

    monkeypatch.setattr(np, "savez_compressed", half_written)
    arrays = minimal_arrays()
    arrays["loss"] = arrays["loss"] * 2
    with pytest.raises(KeyboardInterrupt):
        trace.save(out, minimal_manifest(), arrays)
    assert out.read_bytes() == previous
    assert [p.name for p in tmp_path.iterdir()] == ["t.npz"]


def test_leftovers_of_killed_jobs_go_and_those_of_running_jobs_stay(tmp_path):
    dead, alive = dead_pid(), os.getppid()
    for name in (f".PointsFlow-{dead}-ab_cd123", f".PointsFlow-{alive}-ef_gh456",
                 f".PointsFlowX-{dead}-ab_cd123", f".DenoisingField-{dead}-x1"):
        (tmp_path / name).mkdir()  # fmt: skip
    (tmp_path / f".t-{dead}-q1w2e3r4.npz.part").write_bytes(b"half")
    (tmp_path / f".t-{alive}-q1w2e3r4.npz.part").write_bytes(b"half")
    (tmp_path / "PointsFlow.mp4").write_bytes(b"a final file")
    remove_leftovers(tmp_path, "PointsFlow")
    trace.save(tmp_path / "t.npz", minimal_manifest(), minimal_arrays())
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([
        f".PointsFlow-{alive}-ef_gh456", f".PointsFlowX-{dead}-ab_cd123",
        f".DenoisingField-{dead}-x1", f".t-{alive}-q1w2e3r4.npz.part",
        "PointsFlow.mp4", "t.npz",
    ])  # fmt: skip


@pytest.fixture(scope="module")
def project():
    return shared_project()


@pytest.mark.slow
def test_make_killed_at_any_moment_then_rerun_completes(project):
    """In a copy of the project (tiny model, short scene): make is stopped while
    rendering (SIGTERM, which make passes on), then the render is killed outright
    (SIGKILL); neither leaves a file under a final name, and the next make
    renders everything, without recording the trace again."""
    renders = project / "renders"
    target = "renders/PointsFlow.mp4"
    # 1. SIGTERM to make itself, while its render writes frames.
    make = subprocess.Popen(make_args(target), cwd=project, env=MAKE_ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)  # fmt: skip
    wait_for(lambda: work_folder_with_frames(renders, "PointsFlow"), 180,
             "make's render to write frames", make)  # fmt: skip
    make.send_signal(signal.SIGTERM)
    output = make.communicate(timeout=60)[0]
    assert make.returncode != 0
    assert final_files(renders, "PointsFlow") == []
    assert list(renders.glob(".PointsFlow-*")) == [], "the render cleaned up"
    assert "render: interrupted" in output
    trace.load(renders / "traces" / "points_diffusion.npz")  # recorded, complete
    # 2. SIGKILL to the render (out of memory, power cut): its pid names its folder.
    make = subprocess.Popen(make_args(target), cwd=project, env=MAKE_ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)  # fmt: skip
    work = wait_for(lambda: work_folder_with_frames(renders, "PointsFlow"), 120,
                    "make's render to write frames", make)  # fmt: skip
    os.kill(int(work.name.split("-")[1]), signal.SIGKILL)
    output = make.communicate(timeout=60)[0]
    assert make.returncode != 0 and "recording" not in output
    assert final_files(renders, "PointsFlow") == []
    assert work.exists()
    # 3. The next make completes, and clears the killed render's folder.
    done = make_in(project, target)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "recording" not in done.stdout
    assert final_files(renders, "PointsFlow") == [
        "PointsFlow.gif", "PointsFlow.mp4", "PointsFlow.png", "PointsFlow.srt",
        "PointsFlow.vtt",
    ]
    assert not work.exists() and list(renders.glob(".PointsFlow-*")) == []
    again = make_in(project, "-q", target)
    assert again.returncode == 0, "up to date after the rerun"
