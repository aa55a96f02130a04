"""Your own points from a CSV: read, checked and refused in one line, pinned to
their content, and trained on by the 2D diffusion model and the GAN."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine.core import trace
from engine.core.config_args import ConfigError, apply_overrides
from engine.data import points_csv
from engine.data.points import cluster_modes, make_points, pinned
from tests.support import shared

ROOT = Path(__file__).resolve().parents[2]


def write_csv(path: Path, points: np.ndarray, header: str | None = "x,y") -> Path:
    lines = ([header] if header else []) + [f"{x:.4f},{y:.4f}" for x, y in points]
    path.write_text("\n".join(lines) + "\n")
    return path


def blobs(n=300, seed=0, centres=((-3, 0), (3, 0), (0, 5))) -> np.ndarray:
    """Three tight blobs in arbitrary units (any units are fine)."""
    rng = np.random.default_rng(seed)
    c = np.array(centres, float) * 10 + 100
    return c[rng.integers(len(c), size=n)] + rng.normal(0, 1.5, (n, 2))


@pytest.fixture
def good_csv(tmp_path) -> Path:
    return write_csv(tmp_path / "mine.csv", blobs())


@pytest.mark.parametrize(
    "text, expected",
    [
        (None, "no such file"),
        ("x,y\n1,2\n3,4,5\n", "line 3 has 3 columns; expected 2 (x,y)"),
        ("1\n", "line 1 has 1 column; expected 2 (x,y)"),
        ("x,y\n1,2\nabc,4\n", "line 3: 'abc' is not a number"),
        ("1,2\n" * 30 + "nan,1\n", "line 31: nan is not a finite number"),
        ("1,2\n" * 30 + "1,inf\n", "line 31: inf is not a finite number"),
        ("x,y\n1,2\n3,4\n", "2 points; at least 20 are needed"),
        ("", "0 points; at least 20 are needed"),
        ("1,2\n" * 25, "all 25 points are the same point"),
        (b"\xff\xfe\x00binary", "not a text file"),
    ],
)
def test_bad_csvs_are_refused_in_one_line_naming_the_file(tmp_path, text, expected):
    path = tmp_path / "bad.csv"
    if isinstance(text, bytes):
        path.write_bytes(text)
    elif text is not None:
        path.write_text(text)
    with pytest.raises(points_csv.CsvError) as info:
        points_csv.read_points(path)
    message = str(info.value)
    assert message.startswith(str(path)) and expected in message, message
    assert "\n" not in message


def test_too_many_points_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(points_csv, "MAX_POINTS", 50)
    path = write_csv(tmp_path / "big.csv", blobs(60))
    with pytest.raises(points_csv.CsvError, match="more than 50 points"):
        points_csv.read_points(path)


def test_header_comments_and_blank_lines_are_skipped(tmp_path):
    pts = blobs(30)
    body = "\n".join(f"{x},{y}" for x, y in pts)
    path = tmp_path / "c.csv"
    path.write_text(f"# my points\nx, y\n\n{body}\n\n")
    np.testing.assert_allclose(points_csv.read_points(path), pts)


def test_points_are_centred_scaled_and_kept_inside_the_plot(good_csv):
    raw = points_csv.read_points(good_csv)
    pts = points_csv.load(str(good_csv))
    assert pts.dtype == np.float32 and pts.shape == raw.shape
    np.testing.assert_allclose(pts.mean(0), 0, atol=1e-5)
    assert np.abs(pts).max() <= points_csv.FIT_WITHIN + 1e-6
    # one scale for both axes: the shape is kept
    ratio = (raw - raw.mean(0)) / pts
    assert np.nanstd(ratio[np.abs(pts) > 0.1]) < 1e-3


def test_a_pinned_name_follows_the_file_content(good_csv):
    first = pinned(str(good_csv))
    assert first == f"{good_csv}#sha256={points_csv.file_hash(good_csv)}"
    assert pinned(first) == first
    write_csv(good_csv, blobs(seed=1))
    assert pinned(str(good_csv)) != first, "a changed file is a new dataset (cache key)"
    with pytest.raises(ConfigError, match="changed since it was pinned"):
        pinned(first)


def test_make_points_draws_from_the_file(good_csv):
    pool = points_csv.load(str(good_csv))
    rng = np.random.default_rng(0)
    some = make_points(str(good_csv), 100, rng)
    assert len(np.unique(some, axis=0)) == 100, "no repeats when the file has enough"
    assert np.isin(some.view("f4,f4"), pool.view("f4,f4")).all()
    many = make_points(str(good_csv), 1000, rng)
    assert len(np.unique(many, axis=0)) == len(np.unique(pool, axis=0)), (
        "every point at least once"
    )


def test_cluster_modes_finds_the_blobs(good_csv):
    pts = points_csv.load(str(good_csv))
    modes, spread = cluster_modes(pts, 3, seed=0)
    raw_centres = np.array([(-3, 0), (3, 0), (0, 5)], float) * 10 + 100
    raw = points_csv.read_points(good_csv)
    scale = (raw - raw.mean(0)).std(0).mean()
    want = (raw_centres - raw.mean(0)) / scale
    dist = np.linalg.norm(modes[:, None] - want[None], axis=-1).min(1)
    assert dist.max() < 0.1
    assert 0.5 * 1.5 / scale < spread < 2 * 1.5 / scale


def test_config_overrides_accept_and_pin_a_csv(good_csv):
    from engine.diffusion.points import PointsDiffusionConfig
    from engine.gan.points import GanPointsConfig

    cfg = apply_overrides(PointsDiffusionConfig, [f"dataset={good_csv}"])
    assert cfg.dataset == pinned(str(good_csv))
    gan = apply_overrides(GanPointsConfig, [f"data={good_csv}"])
    assert gan.data == cfg.dataset


def run_engine(*args):
    return subprocess.run(
        [sys.executable, "-m", "engine", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def test_engine_record_refuses_a_bad_csv_in_one_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y\n1,2\n3,oops\n")
    out_file = tmp_path / "t.npz"
    out = run_engine(
        "record", "points_diffusion", "--set", f"dataset={bad}", "--out", str(out_file)
    )
    assert out.returncode == 2, out.stderr
    assert out.stderr.strip() == f"engine: {bad}: line 3: 'oops' is not a number"
    assert not out_file.exists()
    # The GAN's config refuses it the same way (the command line prints this line).
    from engine.gan.points import GanPointsConfig

    with pytest.raises(ConfigError, match=f"^{bad}: line 3: 'oops' is not a number$"):
        apply_overrides(GanPointsConfig, [f"data={bad}"])


def test_make_refuses_a_bad_csv_before_anything_runs(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")
    }
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y,z\n1,2,3\n")
    renders = ROOT / "renders"
    # No other test's make writes under renders/ meanwhile (test_outputs.py).
    with shared.taking_turns("checkout-renders"):
        before = set(renders.rglob("*")) if renders.exists() else set()
        for args, expected in (
            (["S=PointsFlow", f"DATA={bad}"], f"{bad}: line 1 has 3 columns"),
            (["S=ModeCollapse", f"DATA={bad}"], f"{bad}: line 1 has 3 columns"),
            (["S=PointsFlow", f"DATA={tmp_path}/none.csv"], "none.csv: no such file"),
            (["S=AttentionReads", f"DATA={bad}"], "DATA= trains on your points for"),
        ):
            out = subprocess.run(
                ["make", "--no-print-directory", "scene", *args, "QUALITY=draft"],
                capture_output=True,
                text=True,
                timeout=120,
                cwd=ROOT,
                env=env,
            )
            lines = (out.stdout + out.stderr).strip().splitlines()
            assert out.returncode != 0
            assert len(lines) == 1 and expected in lines[0], lines
        after = set(renders.rglob("*")) if renders.exists() else set()
    assert after <= before, "nothing new under renders/"


def test_the_diffusion_model_trains_on_your_points(tmp_path, good_csv):
    from engine.diffusion.points import PointsDiffusionConfig, record

    cfg = apply_overrides(
        PointsDiffusionConfig,
        [f"dataset={good_csv}", "train_iters=400", "n_train=1000", "n_show=300",
         "num_steps=100", "lr=0.01"],
    )  # fmt: skip
    tr = record(cfg, tmp_path / "p.npz", progress=False, use_cache=False)
    loaded = trace.load(tmp_path / "p.npz", kind="points_diffusion")
    assert loaded.config["dataset"] == pinned(str(good_csv))
    pool = points_csv.load(str(good_csv))
    assert np.isin(tr["data"].view("f4,f4"), pool.view("f4,f4")).all()
    # The samples end on the blobs: most within 0.5 of a real point.
    final = loaded["reverse"][-1]
    near = np.min(np.linalg.norm(final[:, None] - pool[None], axis=-1), 1)
    assert np.mean(near < 0.5) > 0.8


def test_the_gan_trains_on_your_points_with_their_clusters_as_modes(tmp_path, good_csv):
    from engine.gan.points import GanPointsConfig, record

    cfg = GanPointsConfig(
        data=str(good_csv), n_modes=3, train_iters=40, record_every=20, dense_steps=2,
        n_show=100, heat_grid=8, n_eval=200, hidden=32,
    )  # fmt: skip
    tr = record(cfg, tmp_path / "g.npz", progress=False, use_cache=False)
    loaded = trace.load(tmp_path / "g.npz", kind="gan_points")
    pool = points_csv.load(str(good_csv))
    modes, spread = cluster_modes(pool, 3, cfg.seed)
    np.testing.assert_allclose(loaded["modes"], modes)
    assert np.isin(tr["data"].view("f4,f4"), pool.view("f4,f4")).all()
    assert loaded.stats["near_radius"] == round(cfg.near_sigmas * spread, 4)
    assert loaded["fake"].shape[:2] == (2, len(loaded["step"]))


def test_mode_collapse_says_what_a_blob_is_for_your_points(tmp_path, good_csv):
    """With DATA= there are no blobs: the scene says its "blobs" are groups
    found in your points, and its seed counts come from your run."""
    from engine.gan.points import GanPointsConfig, record
    from scenes.gan.forger import ModeCollapse
    from tests.support.rendering import render_for_test

    class QuickCollapse(ModeCollapse):
        play_seconds = 1.0

    cfg = GanPointsConfig(
        data=str(good_csv), n_modes=3, train_iters=40, record_every=20, dense_steps=2,
        n_show=100, heat_grid=8, n_eval=200, hidden=32, seeds=2,
    )  # fmt: skip
    record(cfg, tmp_path / "g.npz", progress=False, use_cache=False)
    result = render_for_test(QuickCollapse, tmp_path / "g.npz", tmp_path / "out")
    srt = " ".join(result.files[".srt"].read_text().split())
    assert "a blob here is one of 3 groups of nearby points found in them" in srt
    assert "from 2 different random starts" in srt
