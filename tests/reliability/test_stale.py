"""Stale results are impossible: a cached checkpoint is reused only when the
code and the config that made it are unchanged, a checkpoint that does not match
is retrained (never used, never unpickled), and a trace is remade when a config
value in its code is edited.

Reuse for an unchanged config and retraining for a changed --set value are in
test_points_diffusion.py and test_gan_points.py; a checkpoint with the right key
but wrong weights in test_points_diffusion.py.
"""

from __future__ import annotations

import shutil

import pytest
import torch

from engine.core import checkpoints, provenance
from engine.core.trace import load
from engine.diffusion import points as points_diffusion
from engine.diffusion.points import CODE_MODULES, PointsDiffusionConfig, record
from tests.support.project import make_in, set_default, shared_project

TINY = dict(train_iters=20, n_train=500, num_steps=20, n_show=20)
TRACE = "renders/traces/points_diffusion.npz"


@pytest.fixture
def counted(tmp_path, monkeypatch):
    """A private cache, and a list that grows by one each time the model trains."""
    monkeypatch.setattr(checkpoints, "CACHE_DIR", tmp_path / "cache")
    calls = []
    real = points_diffusion.train
    monkeypatch.setattr(
        points_diffusion, "train", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    return calls


def test_editing_the_models_code_retrains(tmp_path, monkeypatch, counted):
    engine_copy = tmp_path / "engine"
    shutil.copytree(provenance.ENGINE_DIR, engine_copy)
    monkeypatch.setattr(provenance, "ENGINE_DIR", engine_copy)
    cfg = PointsDiffusionConfig(**TINY)
    record(cfg, tmp_path / "1.npz", progress=False)
    record(cfg, tmp_path / "2.npz", progress=False)
    assert counted == [1], "unchanged code and config: reused"
    for module in CODE_MODULES:  # every module the key names counts
        source = provenance.source_path(module)  # inside engine_copy now
        source.write_text(source.read_text() + "\n# edited\n")
        record(cfg, tmp_path / "3.npz", progress=False)
    assert len(counted) == 1 + len(CODE_MODULES), "each code edit retrained"
    assert len(list((tmp_path / "cache").glob("*.pt"))) == 1 + len(CODE_MODULES)


def test_a_checkpoint_of_another_config_is_never_used(tmp_path, counted, capsys):
    a, b = PointsDiffusionConfig(**TINY), PointsDiffusionConfig(**TINY, seed=7)
    record(a, tmp_path / "a.npz", progress=False)
    (made,) = (tmp_path / "cache").glob("*.pt")
    key_b = provenance.code_and_config_hash(b.training_part(), CODE_MODULES)
    made.rename(checkpoints.checkpoint_path("points_diffusion", key_b))  # misfiled
    record(b, tmp_path / "b.npz", progress=False)
    assert counted == [1, 1]
    assert "does not match its config; retraining" in capsys.readouterr().err


def test_a_checkpoint_holding_code_is_never_run_and_is_retrained(
    tmp_path, counted, capsys
):
    marker = tmp_path / "code-ran"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    cfg = PointsDiffusionConfig(**TINY)
    key = provenance.code_and_config_hash(cfg.training_part(), CODE_MODULES)
    path = checkpoints.checkpoint_path("points_diffusion", key)
    path.parent.mkdir(parents=True)
    torch.save({"key": key, "state": Payload()}, path)
    record(cfg, tmp_path / "t.npz", progress=False)
    assert not marker.exists(), "loading the checkpoint ran its code"
    assert counted == [1]
    assert "ignoring unreadable checkpoint" in capsys.readouterr().err
    blob = torch.load(path, weights_only=True)  # replaced by a clean one
    assert blob["key"] == key and "net.0.weight" in blob["state"]


@pytest.mark.slow
def test_editing_a_config_value_remakes_the_trace_and_its_model():
    """In a copy of the project: make records once, is then up to date; after
    a config value in the model's code changes, make remakes the trace, from a
    newly trained model, and is up to date again."""
    project = shared_project()
    cache = project / "renders" / "cache"
    first = make_in(project, TRACE)
    assert first.returncode == 0, first.stdout + first.stderr
    assert make_in(project, "-q", TRACE).returncode == 0, "nothing changed"
    seed = load(project / TRACE).config["seed"]
    models = set(cache.glob("*.pt"))
    set_default(project / "engine" / "diffusion" / "points.py", "seed", str(seed + 1))
    assert make_in(project, "-q", TRACE).returncode == 1, "the trace is now stale"
    again = make_in(project, TRACE)
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"make: recording {TRACE}" in again.stdout
    assert load(project / TRACE).config["seed"] == seed + 1
    assert len(set(cache.glob("*.pt")) - models) == 1, "a model for the new config"
    assert make_in(project, "-q", TRACE).returncode == 0


def test_a_transformer_checkpoint_that_does_not_fit_is_retrained(
    tmp_path, monkeypatch
):
    from engine.transformer.attention import AttentionConfig
    from engine.transformer.attention import record as record_attention
    from tests.reliability.test_determinism import QUICK_MODEL

    monkeypatch.setattr(checkpoints, "CACHE_DIR", tmp_path / "cache")
    cfg = AttentionConfig(**{**QUICK_MODEL, "train_iters": 5})
    record_attention(cfg, tmp_path / "a.npz", progress=False)
    (path,) = (tmp_path / "cache").glob("*.pt")
    blob = torch.load(path, weights_only=True)
    blob["state"] = {"embed.weight": torch.zeros(3, 3)}  # right key, wrong weights
    torch.save(blob, path)
    record_attention(cfg, tmp_path / "b.npz", progress=False)
