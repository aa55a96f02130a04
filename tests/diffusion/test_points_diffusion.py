"""The 2D diffusion model really learns, and its trace is deterministic."""

from __future__ import annotations

import numpy as np

from engine.diffusion.points import PointsDiffusionConfig, record
from tests.conftest import TINY_POINTS


def mmd(a: np.ndarray, b: np.ndarray, bandwidth: float = 0.2) -> float:
    """Squared maximum mean discrepancy, Gaussian kernel: 0 for equal distributions."""

    def k(x, y):
        d2 = ((x[:, None, :] - y[None, :, :]) ** 2).sum(-1)
        return np.exp(-d2 / (2 * bandwidth**2))

    return float(k(a, a).mean() + k(b, b).mean() - 2 * k(a, b).mean())


def test_samples_are_much_closer_to_the_data_than_the_starting_noise(points_trace):
    data = points_trace["data"]
    start = points_trace["reverse"][0]  # pure noise, x_T
    end = points_trace["reverse"][-1]  # after every denoising step, x_0
    before, after = mmd(start, data), mmd(end, data)
    assert after * 5 <= before, f"MMD fell only from {before:.4f} to {after:.4f}"


def test_forward_process_ends_close_to_a_standard_normal(points_trace):
    final = points_trace["forward"][-1].astype(np.float64)  # (point, 2)
    assert np.abs(final.mean(0)).max() < 0.1
    cov = np.cov(final.T)
    np.testing.assert_allclose(np.diag(cov), [1, 1], atol=0.12)
    assert abs(cov[0, 1]) < 0.1
    assert points_trace["signal"][-1] < 0.01


def test_trace_records_every_step_in_order(points_trace):
    steps = points_trace.config["num_steps"]
    np.testing.assert_array_equal(points_trace["forward_t"], np.arange(steps + 1))
    np.testing.assert_array_equal(points_trace["reverse_t"], np.arange(steps, -1, -1))
    assert points_trace["forward"][0].tolist() == points_trace["data"].tolist()
    assert points_trace.manifest["produced_by"]["torch"]
    assert points_trace.stats["train_seconds"] > 0


def test_same_seed_gives_the_same_trace(tmp_path):
    cfg = PointsDiffusionConfig(**{**TINY_POINTS, "train_iters": 50, "n_show": 100})
    a = record(cfg, tmp_path / "a.npz", progress=False, use_cache=False)
    b = record(cfg, tmp_path / "b.npz", progress=False, use_cache=False)
    assert a.arrays.keys() == b.arrays.keys()
    for name in a.arrays:
        np.testing.assert_array_equal(a[name], b[name], err_msg=name)
    c = record(
        PointsDiffusionConfig(
            **{**TINY_POINTS, "train_iters": 50, "n_show": 100, "seed": 1}
        ),
        tmp_path / "c.npz",
        progress=False,
        use_cache=False,
    )
    assert not np.array_equal(a["reverse"], c["reverse"])


def test_checkpoint_cache_is_reused_only_for_the_same_config(tmp_path, monkeypatch):
    from engine.core import checkpoints
    from engine.diffusion import points as points_diffusion

    monkeypatch.setattr(checkpoints, "CACHE_DIR", tmp_path / "cache")
    cfg = PointsDiffusionConfig(**{**TINY_POINTS, "train_iters": 30, "n_show": 50})
    calls = []
    real_train = points_diffusion.train
    monkeypatch.setattr(
        points_diffusion,
        "train",
        lambda *a, **k: calls.append(1) or real_train(*a, **k),
    )
    first = record(cfg, tmp_path / "1.npz", progress=False)
    second = record(cfg, tmp_path / "2.npz", progress=False)
    assert len(calls) == 1, "the second run reused the cached checkpoint"
    np.testing.assert_array_equal(first["reverse"], second["reverse"])
    record(
        PointsDiffusionConfig(**{**TINY_POINTS, "train_iters": 31, "n_show": 50}),
        tmp_path / "3.npz",
        progress=False,
    )
    assert len(calls) == 2, "a changed config retrains"


def test_a_checkpoint_that_does_not_fit_is_retrained_never_used(
    tmp_path, monkeypatch, capsys
):
    import torch

    from engine.core import checkpoints
    from engine.diffusion import points as points_diffusion

    monkeypatch.setattr(checkpoints, "CACHE_DIR", tmp_path / "cache")
    cfg = PointsDiffusionConfig(**{**TINY_POINTS, "train_iters": 20, "n_show": 50})
    record(cfg, tmp_path / "1.npz", progress=False)
    (path,) = (tmp_path / "cache").glob("*.pt")
    blob = torch.load(path, weights_only=True)
    blob["state"] = {"net.0.weight": torch.zeros(3, 3)}  # right key, wrong weights
    torch.save(blob, path)
    calls = []
    real_train = points_diffusion.train
    monkeypatch.setattr(
        points_diffusion,
        "train",
        lambda *a, **k: calls.append(1) or real_train(*a, **k),
    )
    record(cfg, tmp_path / "2.npz", progress=False)
    assert calls == [1]
    assert "does not fit the model" in capsys.readouterr().err


def test_no_shake_run_starts_from_the_same_noise_and_piles_up(points_trace):
    calm = points_trace["reverse_noshake"]
    assert calm.shape == points_trace["reverse"].shape
    np.testing.assert_array_equal(calm[0], points_trace["reverse"][0])
    stats = points_trace.stats
    assert stats["cells_no_shake"] < stats["cells_shake"]
    assert stats["nearest_no_shake"] < stats["nearest_shake"]
