"""make bench: what users care about, measured on this machine in one run.

    python -m bench                      # everything, under 15 minutes on 2 cores
    python -m bench --only scenes --scenes PointsFlow GuidanceScale

Works in a fresh copy of the working tree (see bench/pipeline.py): a cold
``make`` there trains every model and renders every scene; the models' figures
are read from the traces it records; recording overhead and the per-scene GIF
and render-speed figures run in that copy too. Writes renders/bench.json and
refreshes the README's Performance table.
"""

from __future__ import annotations

import argparse
import datetime
import json
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench import floor, gif_open, models, narration, pacing, pipeline, report
from bench.measure import run

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("pipeline", "models", "recording", "scenes")
GOALS = {
    "cold_make_minutes": 15,  # the budget: voice on, set-up done, 2 cores
    "gif_min_psnr_db": 35.0,
    "loudness_lufs": -16.0,
    "voice_rtf": 0.5,
    "warm_make_seconds": 5,
    "train_seconds_each": models.TRAIN_BUDGET_EACH,
    "train_seconds_all": models.TRAIN_BUDGET_ALL,
    "recording_overhead": 0.10,
    "render_to_floor": 2.0,
    "gif_bytes_ratio": 0.6,
    "gif_default_max_mb": 3.0,
    "memory_gb": 4.0,
    "bench_minutes": 15,
}


def in_tree(tree: Path, *args: str) -> dict:
    """Run ``python -m <args>`` in the copy; its last stdout line is JSON."""
    done = run([sys.executable, "-m", *args], tree, pipeline.make_env())
    if done.returncode != 0:
        tail = done.output.strip().splitlines()[-1:] or ["?"]
        raise pipeline.BenchError(f"{' '.join(args)} failed: {tail[0]}")
    figures = json.loads(done.output.strip().splitlines()[-1])
    figures["peak_mb"] = round(done.peak_bytes / 1e6)
    return figures


def scene_figures(tree: Path, names: list[str]) -> tuple[list[dict], dict]:
    """Each scene's figures and Manim's floor, two renders at a time (one per core).

    The floor renders share the pool with the scenes, spread among them
    (floor.interleave), so both meet the same load.
    """
    from tqdm import tqdm

    scene_jobs = [("bench.scene_worker", n) for n in names]
    floor_jobs = [("bench.scene_worker", "--floor", str(f)) for f in floor.FLOOR_FRAMES]
    jobs = floor.interleave(scene_jobs, floor_jobs)
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {job: pool.submit(in_tree, tree, *job) for job in jobs}
        bar = tqdm(
            futures.values(),
            desc="bench: scenes (GIFs and Manim's floor)",
            unit="render",
        )
        for f in bar:
            f.result()
    scenes = [futures[job].result() for job in scene_jobs]
    floors = [futures[job].result() for job in floor_jobs]
    for f in floors:
        f.pop("peak_mb")
    line = floor.fit(floors)
    floor.add_ratios(scenes, line)
    return scenes, line


def main(argv: list[str] | None = None) -> int:
    from scenes.output.catalog import ordered

    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--only", nargs="+", choices=STAGES, default=list(STAGES))
    parser.add_argument("--scenes", nargs="+", help="scenes for the scenes stage")
    parser.add_argument("--out", type=Path, default=ROOT / "renders" / "bench.json")
    parser.add_argument(
        "--no-readme", action="store_true", help="leave README.md's table as it is"
    )
    args = parser.parse_args(argv)
    names = args.scenes or [scene for _, scene in ordered()]
    unknown = sorted(set(names) - {scene for _, scene in ordered()})
    if unknown:
        print(f"bench: unknown scene {unknown[0]!r}", file=sys.stderr)
        return 2

    started = time.perf_counter()
    result: dict = {
        "date": datetime.date.today().isoformat(),
        "machine": report.machine(),
        "goals": GOALS,
    }
    tree = Path(tempfile.mkdtemp(prefix="genai-bench-"))
    try:
        pipeline.copy_tree(tree)
        traces = tree / "renders" / "traces"
        if "pipeline" in args.only:
            result["pipeline"] = pipeline.measure(tree)
            result["default_gif_bytes"] = {
                n: (tree / "renders" / f"{n}.gif").stat().st_size for n in names
            }
            result["pacing"] = pacing.figures(tree / "renders", names)
            result["narration"] = narration.figures(tree / "renders", names)
            result["gif_first_frame_db"] = gif_open.figures(tree / "renders", names)
        elif {"models", "recording", "scenes"} & set(args.only):
            print("bench: make (traces and renders the later stages need)", flush=True)
            pipeline.make(tree, tree / "jobs.jsonl", 2)
        if "models" in args.only:
            result["training"] = models.training(traces)
            result["training_total_seconds"] = round(
                sum(t["train_seconds"] for t in result["training"]), 1
            )
            result["generation"] = models.generation(traces)
        if "recording" in args.only:
            print("bench: recording overhead (recorder on vs off)", flush=True)
            result["recording_overhead"] = in_tree(tree, "bench.recording")
            result["recording_overhead"].pop("peak_mb")
        if "scenes" in args.only:
            result["scenes"], result["floor"] = scene_figures(tree, names)
    except (pipeline.BenchError, subprocess.CalledProcessError) as err:
        print(f"bench: {err}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(tree, ignore_errors=True)
    result["bench_seconds"] = round(time.perf_counter() - started, 1)
    report.write_json(result, args.out)
    body = report.table(result)
    if not args.no_readme:
        report.update_readme(ROOT / "README.md", body)
    print(body)
    print(f"bench: wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
