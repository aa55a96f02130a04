"""Resource bounds: a job's peak memory is far below the 4 GB the whole make
may use (make runs at most as many jobs at once as there are cores: 2 here).

Each peak is the largest resident set of the job's processes (getrusage of a
wrapper's children: the render with its ffmpeg and gifsicle, the recording).
A sentence or prompt longer than the model's context is refused in
test_reliability_bad_input.py.
"""

from __future__ import annotations

import subprocess

import pytest

from tests.support.project import MAKE_ENV, MEASURE, PYTHON, ROOT, shared_renders

BOUND_KB = 4 * 1024 * 1024  # the whole make
JOBS = 2
PER_JOB_KB = 1024 * 1024  # what one tiny job may use: a quarter of the bound


@pytest.mark.slow
def test_each_job_peaks_far_below_the_memory_bound(tmp_path):
    peaks = list(shared_renders()["peaks_kb"])
    done = subprocess.run(
        [str(PYTHON), "-c", MEASURE, str(PYTHON), "-m", "engine", "record",
         "points_diffusion", "--quiet", "--no-cache", "--set", "train_iters=200",
         "--out", str(tmp_path / "t.npz")],
        cwd=ROOT, env=MAKE_ENV, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    peaks.append(int(done.stderr.strip().splitlines()[-1]))
    assert all(p and 50_000 < p < PER_JOB_KB for p in peaks), peaks  # KB
    assert JOBS * max(peaks) < BOUND_KB / 2
