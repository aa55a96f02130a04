"""The whole pipeline, timed: cold make, warm make, and -j2 against -j1.

Runs in a copy of the working tree (tracked and new files, mtimes kept) that
shares the project's virtual environment, so set-up is already done and the
user's own renders/ are never touched. Every make job goes through bench.job,
which logs its wall time and peak memory.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bench.measure import run

ROOT = Path(__file__).resolve().parent.parent
# Two short scenes whose renders are re-made one at a time, then two at a time.
SPEEDUP_SCENES = ["GuidanceScale", "AttentionHeads"]


class BenchError(Exception):
    pass


def copy_tree(dest: Path) -> Path:
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        src = ROOT / name.decode()
        if src.is_file():
            target = dest / name.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)  # keeps mtimes: make sees set-up as done
    (dest / ".venv").symlink_to(ROOT / ".venv")
    return dest


def make_env() -> dict:
    # Outside the parent make's jobserver, like a user at a terminal.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS")}
    env.pop("MAKELEVEL", None)
    return env


def make(tree: Path, log: Path, jobs: int, *targets: str):
    py = f"{sys.executable} -m bench.job {log} --"
    done = run(["make", f"JOBS={jobs}", f"PY={py}", *targets], tree, make_env())
    if done.returncode != 0:
        tail = done.output.strip().splitlines()[-3:]
        raise BenchError(f"make {' '.join(targets)} failed: {' / '.join(tail)}")
    return done


def job_name(args: list[str]) -> str:
    if args[:3] == ["-m", "engine", "record"]:
        return f"record {args[3]}"
    if args[:2] == ["-m", "scenes.output.render"]:
        return f"render {args[2]}"
    return " ".join(a for a in args[:2] if a != "-m")


def read_jobs(log: Path) -> list[dict]:
    if not log.exists():
        return []
    jobs = [json.loads(line) for line in log.read_text().splitlines()]
    return [
        {"job": job_name(j["args"]), "seconds": round(j["seconds"], 2),
         "cpu_seconds": j.get("cpu_seconds"), "peak_mb": round(j["peak_bytes"] / 1e6)}
        for j in jobs
    ]  # fmt: skip


def measure(tree: Path) -> dict:
    """Cold and warm make in ``tree`` (a fresh copy), then the -j speed-up."""
    log = tree / "jobs.jsonl"
    print("bench: cold make (trains every model, renders every scene)", flush=True)
    cold = make(tree, log, 2)
    jobs = read_jobs(log)
    print(f"bench: cold make took {cold.seconds / 60:.1f} min", flush=True)
    warm = make(tree, tree / "warm.jsonl", 2)
    warm_jobs = read_jobs(tree / "warm.jsonl")

    targets = [f"renders/{s}.mp4" for s in SPEEDUP_SCENES]
    timings = {}
    for jobs_at_once in (1, 2):
        for scene in SPEEDUP_SCENES:
            for ext in (".mp4", ".gif", ".png", ".srt"):
                (tree / "renders" / f"{scene}{ext}").unlink()
        print(f"bench: {len(targets)} renders with make -j{jobs_at_once}", flush=True)
        log = tree / "speedup.jsonl"
        timings[jobs_at_once] = make(tree, log, jobs_at_once, *targets)
    return {
        "cold_make_seconds": round(cold.seconds, 1),
        # what the jobs cost on the cores, however they were packed on them
        "cold_make_job_cpu_seconds": round(sum(j["cpu_seconds"] or 0 for j in jobs), 1),
        "cold_make_peak_mb": round(cold.peak_bytes / 1e6),
        "warm_make_seconds": round(warm.seconds, 2),
        "warm_make_jobs_run": len(warm_jobs),
        "jobs": jobs,
        "speedup_scenes": SPEEDUP_SCENES,
        "j1_seconds": round(timings[1].seconds, 1),
        "j2_seconds": round(timings[2].seconds, 1),
        "j2_speedup": round(timings[1].seconds / timings[2].seconds, 2),
    }
