"""The 2D GANs: the measures, the inspector's map, training, and the two runs."""

from __future__ import annotations

import functools
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from engine.core.trace import load
from engine.gan import points as gan_points
from engine.gan import shared as gan_core
from engine.gan.ensemble import StackedMLP, leaky_relu, relu, stacked_gan_step
from engine.gan.points import (
    GanPointsConfig,
    grid_points,
    inspector_map,
    mode_coverage,
    record,
    ring_modes,
)
from tests.support import shared

# Small enough to train both runs in about 15 s on 2 busy cores, big enough
# that the plain run collapses and the penalised one spreads over the ring.
SMALL_POINTS = dict(
    train_iters=1000,
    lr=2e-3,
    batch_size=128,
    record_every=100,
    dense_steps=4,
    n_show=200,
    heat_grid=16,
    n_eval=2000,
    seeds=2,  # enough to check the starts differ; each start costs time
)
TINY_POINTS = dict(
    train_iters=30, record_every=10, dense_steps=2, n_show=50, heat_grid=8, n_eval=100,
    seeds=2,
)  # fmt: skip


@functools.cache
def small_points_trace_path() -> Path:
    """A real gan_points trace from SMALL_POINTS, recorded once per test run."""

    def build(folder: Path) -> None:
        cfg = GanPointsConfig(**SMALL_POINTS)
        record(cfg, folder / "gan_points.npz", progress=False, use_cache=False)

    return shared.once("gan_points", build) / "gan_points.npz"


@pytest.fixture(scope="module")
def small():
    return load(small_points_trace_path())


# Measures
def test_mode_coverage_counts_hand_made_point_sets():
    modes = ring_modes(8, 2.0)
    std = 0.05
    near = 2.9 * std  # inside 3 standard deviations
    far = 3.1 * std  # just outside
    on_three = np.concatenate(
        [modes[0] + [near, 0]] * 40 + [modes[3] - [0, near]] * 30 + [modes[5]] * 20
    ).reshape(-1, 2)
    outside = np.repeat(modes[1:2] + [far, 0], 10, axis=0)
    points = np.concatenate([on_three, outside])  # 100 points
    share, covered, near_share = mode_coverage(points, modes, std)
    assert covered == 3
    assert near_share == pytest.approx(0.9)
    np.testing.assert_allclose(share[[0, 3, 5]], [0.4, 0.3, 0.2])
    assert share[1] == 0

    # A mode holding fewer than cover_share of the points is not covered.
    one_stray = np.concatenate([np.repeat(modes[:1], 99, 0), modes[2:3]])
    assert mode_coverage(one_stray, modes, std, cover_share=0.02)[1] == 1
    assert mode_coverage(one_stray, modes, std, cover_share=0.01)[1] == 2


def test_ring_has_evenly_spaced_modes_and_real_points_sit_on_them():
    modes = ring_modes(8, 2.0)
    np.testing.assert_allclose(np.linalg.norm(modes, axis=1), 2.0, rtol=1e-6)
    gaps = np.linalg.norm(modes - np.roll(modes, 1, 0), axis=1)
    np.testing.assert_allclose(gaps, gaps[0], rtol=1e-5)
    gen = torch.Generator().manual_seed(0)
    pts = gan_points.sample_ring(4000, torch.from_numpy(modes), 0.05, gen).numpy()
    _, covered, near = mode_coverage(pts, modes, 0.05)
    assert covered == 8 and near > 0.98  # 98.9% of a 2D Gaussian lies within 3 std


# The inspector's map
def test_grid_points_cover_the_extent_in_image_order():
    g = grid_points(2.0, 4)  # cells 1 unit wide, centres at -1.5, -0.5, 0.5, 1.5
    assert g.shape == (16, 2)
    np.testing.assert_allclose(g[0], [-1.5, 1.5])  # top-left
    np.testing.assert_allclose(g[3], [1.5, 1.5])  # top-right
    np.testing.assert_allclose(g[-1], [1.5, -1.5])  # bottom-right


class Linear(nn.Module):
    """An inspector whose logit is a * x + b * y: its map is known exactly."""

    def __init__(self, a: float, b: float):
        super().__init__()
        self.w = torch.tensor([a, b])

    def forward(self, xy):
        return (xy * self.w).sum(1, keepdim=True)


def test_inspector_map_is_computed_where_the_extent_says():
    n, extent = 8, 4.0
    says_right_is_real = inspector_map(Linear(5.0, 0.0), extent, n)
    assert (says_right_is_real[:, : n // 2] < 0.5).all()
    assert (says_right_is_real[:, n // 2 :] > 0.5).all()
    says_top_is_real = inspector_map(Linear(0.0, 1.0), extent, n)
    assert (says_top_is_real[: n // 2] > 0.5).all()  # row 0 is the top
    # Cell (0, 0) is centred at (-extent + half a cell, extent - half a cell).
    corner = -extent + extent / n
    probe = inspector_map(Linear(1.0, 0.0), extent, n)
    assert probe[0, 0] == pytest.approx(1 / (1 + np.exp(-corner)), rel=1e-5)


def test_recorded_maps_use_the_trace_extent(tmp_path, monkeypatch):
    seen = []
    real_map = gan_points.inspector_map
    monkeypatch.setattr(
        gan_points,
        "inspector_map",
        lambda d, extent, n: seen.append((extent, n)) or real_map(d, extent, n),
    )
    cfg = GanPointsConfig(**TINY_POINTS)
    tr = record(cfg, tmp_path / "t.npz", progress=False, use_cache=False)
    assert {e for e, _ in seen} == {tr.extents["x"][1]} == {-tr.extents["x"][0]}
    assert tr["heat"].shape[-2:] == (cfg.heat_grid, cfg.heat_grid)


# Training
def test_r1_penalty_and_push_match_the_formulas():
    w = torch.tensor([3.0, -4.0])
    x = torch.randn(5, 2, requires_grad=True)
    logits = Linear(*w.tolist())(x)
    assert gan_core.r1_penalty(logits, x).item() == pytest.approx(25.0)
    # forger loss softplus(-D(x)): minus its gradient is sigmoid(-D(x)) * w
    push = gan_core.forger_push(Linear(*w.tolist()), x)
    expected = torch.sigmoid(-logits.detach()) * w
    torch.testing.assert_close(push, expected)


def test_a_few_training_steps_change_both_networks():
    cfg = GanPointsConfig(**TINY_POINTS)
    torch.manual_seed(0)
    forger, inspector = gan_points.build(cfg)
    before = [
        [p.detach().clone() for p in net.parameters()] for net in (forger, inspector)
    ]
    opt_f = torch.optim.Adam(forger.parameters(), lr=1e-3)
    opt_i = torch.optim.Adam(inspector.parameters(), lr=1e-3)
    gen = torch.Generator().manual_seed(1)
    modes = torch.from_numpy(ring_modes(8, 2.0))
    s = cfg.seeds
    for _ in range(3):
        real = gan_points.sample_ring(s * 64, modes, 0.05, gen).reshape(s, 64, 2)
        z = [torch.randn(s, 64, cfg.latent_dim, generator=gen) for _ in range(2)]
        loss_d, loss_g = stacked_gan_step(forger, inspector, opt_f, opt_i, real, z, 1.0)
        assert loss_d.shape == loss_g.shape == (s,)
        assert torch.isfinite(loss_d).all() and torch.isfinite(loss_g).all()
    for net, old in zip((forger, inspector), before, strict=True):
        changed = [
            not torch.equal(p, q) for p, q in zip(net.parameters(), old, strict=True)
        ]
        assert all(changed), f"{type(net).__name__}: some layers did not train"


def test_stacked_members_train_exactly_as_separate_gans():
    """Seeds trained side by side never mix: member k of a stack ends exactly
    where the same network, data and steps end when trained alone, with the
    R1 penalty and several forger steps (the stack only batches the work)."""
    torch.manual_seed(0)
    both = StackedMLP(2, 3, 8, 2, 2, relu), StackedMLP(2, 2, 8, 1, 2, leaky_relu)
    alone = []
    for k in range(2):  # one-member stacks holding member k's starting weights
        nets = StackedMLP(1, 3, 8, 2, 2, relu), StackedMLP(1, 2, 8, 1, 2, leaky_relu)
        for net, full in zip(nets, both, strict=True):
            for p, q in zip(net.parameters(), full.parameters(), strict=True):
                p.data.copy_(q.data[k : k + 1])
        alone.append(nets)

    def adam(nets):
        return [torch.optim.Adam(n.parameters(), lr=1e-2, betas=(0.5, 0.999))
                for n in nets]  # fmt: skip

    opt_both, opt_alone = adam(both), [adam(n) for n in alone]
    gen = torch.Generator().manual_seed(1)
    for _ in range(5):
        real = torch.randn(2, 16, 2, generator=gen)
        z = [torch.randn(2, 16, 3, generator=gen) for _ in range(2)]
        d_both, g_both = stacked_gan_step(*both, *opt_both, real, z, 3.0)
        for k in range(2):
            d, g = stacked_gan_step(*alone[k], *opt_alone[k], real[k : k + 1],
                                    [zz[k : k + 1] for zz in z], 3.0)  # fmt: skip
            torch.testing.assert_close(d[0], d_both[k])
            torch.testing.assert_close(g[0], g_both[k])
    for k in range(2):
        for net, full in zip(alone[k], both, strict=True):
            for p, q in zip(net.parameters(), full.parameters(), strict=True):
                torch.testing.assert_close(p.data[0], q.data[k])


def test_record_steps_schedule():
    assert gan_core.record_steps(100, 25) == [0, 25, 50, 75, 100]
    assert gan_core.record_steps(100, 25, dense=3) == [0, 1, 2, 3, 25, 50, 75, 100]
    assert gan_core.record_steps(90, 40) == [0, 40, 80, 90]
    assert gan_core.record_steps(300, 100, ramp=True) == [
        0, 1, 2, 5, 10, 20, 50, 100, 200, 300
    ]  # fmt: skip


def test_same_seed_gives_the_same_trace(tmp_path):
    cfg = GanPointsConfig(**TINY_POINTS)
    a = record(cfg, tmp_path / "a.npz", progress=False, use_cache=False)
    b = record(cfg, tmp_path / "b.npz", progress=False, use_cache=False)
    for name in a.arrays:
        np.testing.assert_array_equal(a[name], b[name], err_msg=name)
    c = record(
        GanPointsConfig(**{**TINY_POINTS, "seed": 1}),
        tmp_path / "c.npz",
        progress=False,
        use_cache=False,
    )
    assert not np.array_equal(a["fake"], c["fake"])


def test_cached_runs_are_reused_only_for_the_same_config(tmp_path, monkeypatch):
    from engine.core import checkpoints

    monkeypatch.setattr(checkpoints, "CACHE_DIR", tmp_path / "cache")
    calls = []
    real_train = gan_points.train_run
    monkeypatch.setattr(
        gan_points,
        "train_run",
        lambda *a, **k: calls.append(1) or real_train(*a, **k),
    )
    cfg = GanPointsConfig(**TINY_POINTS)
    first = record(cfg, tmp_path / "1.npz", progress=False)
    second = record(cfg, tmp_path / "2.npz", progress=False)
    assert len(calls) == 2, "two runs trained once, then both reused"
    np.testing.assert_array_equal(first["heat"], second["heat"])
    record(GanPointsConfig(**{**TINY_POINTS, "r1_gamma": 2.0}), tmp_path / "3.npz",
           progress=False)  # fmt: skip
    assert len(calls) == 3, "only the run whose config changed retrains"


def test_bad_config_gets_one_line_and_exit_2():
    out = subprocess.run(
        [sys.executable, "-m", "engine", "record", "gan_points", "--set", "g_steps=0"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == ["engine: g_steps must be in 1..20"]


# The two runs of the small trace
def test_both_runs_start_from_the_same_networks(small):
    assert list(small["run_name"]) == list(gan_points.RUN_NAMES)
    np.testing.assert_array_equal(small["fake"][0, 0], small["fake"][1, 0])
    np.testing.assert_array_equal(small["heat"][0, 0], small["heat"][1, 0])
    assert not np.array_equal(small["fake"][0, -1], small["fake"][1, -1])


def test_plain_run_collapses_and_the_penalised_run_covers_the_ring(small):
    """Loosely, on a shorter run; the full run's figures are in its trace stats."""
    plain, remedy = small.stats["final_modes_covered"]
    assert plain <= 3 and int(small["covered"][0].max()) <= 3
    assert remedy >= 7
    assert small.stats["final_near_share"][1] >= 0.5
    # The collapsed run's fakes crowd together: far less spread than the ring's.
    spread = small["fake"][:, -1].std(axis=1).mean(axis=1)  # (run,)
    assert spread[0] < 0.5 * spread[1]


def test_one_step_rounds_move_fakes_along_their_push(tmp_path):
    """In a one-step round the forger faces one fixed inspector: its fakes move
    the way the recorded push points (default learning rate and batch)."""
    dense = 6
    cfg = GanPointsConfig(
        train_iters=100, record_every=100, dense_steps=dense, n_show=200, heat_grid=4
    )
    tr = record(cfg, tmp_path / "t.npz", progress=False, use_cache=False)
    np.testing.assert_array_equal(tr["step"][: dense + 1], np.arange(dense + 1))
    for run in (0, 1):
        for r in range(1, dense + 1):
            push = tr["push"][run, r]
            moved = tr["fake"][run, r] - tr["fake"][run, r - 1]
            cos = (push * moved).sum(1) / (
                np.linalg.norm(push, axis=1) * np.linalg.norm(moved, axis=1) + 1e-12
            )
            assert np.median(cos) > 0.5, f"run {run} round {r}"


def test_every_seed_is_judged_on_the_fakes_the_trace_keeps(small):
    """"k of N starts collapsed" can be checked from the trace alone: each
    seed's final count is the coverage of its stored fakes, and seed 0 is the
    run drawn in full."""
    cfg, seeds = small.config, small.stats["seeds"]
    assert small["seed_final_covered"].shape == (2, seeds)
    assert small["final_fake"].shape == (2, seeds, cfg["n_eval"], 2)
    spread = cfg["mode_std"]
    for run in range(2):
        for k in range(seeds):
            _, covered, near = mode_coverage(
                small["final_fake"][run, k], small["modes"], spread,
                cfg["near_sigmas"], cfg["cover_share"],
            )  # fmt: skip
            assert covered == small["seed_final_covered"][run, k]
            assert near == pytest.approx(float(small["seed_final_near"][run, k]))
    assert list(small["seed_final_covered"][:, 0]) == small.stats["final_modes_covered"]
    np.testing.assert_array_equal(small["seed_covered"][:, :, 0], small["covered"])
    # the starts differ: not one run copied eight times
    assert not np.array_equal(small["final_fake"][1, 0], small["final_fake"][1, 1])


def test_trace_arrays_are_consistent(small):
    share, covered, near = small["mode_share"], small["covered"], small["near"]
    cover_share = small.config["cover_share"]
    np.testing.assert_array_equal(covered, (share >= cover_share).sum(-1))
    np.testing.assert_allclose(near, share.sum(-1), atol=1e-6)
    assert ((small["heat"] > 0) & (small["heat"] < 1)).all()
    assert small.stats["train_seconds"][0] > 0
