"""The engine's command line: one clear line and a non-zero exit for bad input."""

from __future__ import annotations

import subprocess
import sys

import pytest

from engine.core import trace
from tests.core.test_trace import minimal_arrays, minimal_manifest


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "engine", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_help_lists_what_the_engine_can_do():
    out = run("--help")
    assert out.returncode == 0
    for command in ("record", "check", "list"):
        assert command in out.stdout


def test_check_accepts_a_good_trace(tmp_path):
    path = trace.save(tmp_path / "t.npz", minimal_manifest(), minimal_arrays())
    out = run("check", str(path))
    assert out.returncode == 0
    assert out.stdout.startswith("ok ") and "points_diffusion" in out.stdout


def test_check_names_the_file_and_the_problem(tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"garbage")
    out = run("check", str(bad))
    assert out.returncode == 1
    assert out.stdout.strip() == f"BAD {bad}: not a trace: not an .npz (zip) file"
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize(
    "args, expected",
    [
        (["record", "telepathy"], "unknown trace kind 'telepathy'"),
        (
            ["record", "points_diffusion", "--set", "num_steps=-5"],
            "num_steps must be between 1 and 10000, got -5",
        ),
        (
            ["record", "points_diffusion", "--set", "num_steps=99999999"],
            "num_steps must be between 1 and 10000",
        ),
        (
            ["record", "points_diffusion", "--set", "num_steps=many"],
            "num_steps must be a int, got 'many'",
        ),
        (
            ["record", "points_diffusion", "--set", "colour=red"],
            "unknown config field 'colour'",
        ),
        (
            ["record", "points_diffusion", "--set", "dataset=bananas"],
            "unknown dataset 'bananas'",
        ),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_arguments_get_one_line_and_exit_2(tmp_path, args, expected):
    out = (
        run(*args, "--out", str(tmp_path / "t.npz"))
        if args[0] == "record"
        else run(*args)
    )
    assert out.returncode == 2
    assert expected in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert not (tmp_path / "t.npz").exists()


def test_unwritable_output_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    out = run(
        "record",
        "points_diffusion",
        "--quiet",
        "--set",
        "train_iters=5",
        "--set",
        "n_show=10",
        "--out",
        str(blocker / "t.npz"),
    )
    assert out.returncode == 1
    assert "cannot write" in out.stderr
    assert "Traceback" not in out.stderr


def test_trace_kinds_document_is_up_to_date():
    from pathlib import Path

    from engine.__main__ import kinds_markdown

    doc = Path(__file__).resolve().parents[2] / "docs" / "trace-kinds.md"
    assert doc.read_text() == kinds_markdown(), (
        "docs/trace-kinds.md is stale: python -m engine kinds --markdown > "
        "docs/trace-kinds.md")
