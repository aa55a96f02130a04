"""The public recorder API: your own tensors in, a valid trace out, or one clear
error and no file; attention captured by hooks; what each scene needs."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pytest
import torch
from torch import nn
from torch.nn import functional as F

from engine.core import needs as scene_needs
from engine.core import trace
from engine.core.kinds import KINDS
from engine.core.recorder import Recorder, RecordError, record_trace
from engine.core.trace import TraceError
from engine.transformer.attention_trace import HeldOut, attention_arrays
from engine.transformer.capture import (
    QKVCapture,
    WeightsCapture,
    attention_weights,
)
from tests.core.test_trace import minimal_arrays


def points_recorder(frames=4, points=6, **kw) -> Recorder:
    """A points_diffusion trace recorded as a user's loop would, from tensors."""
    gen = torch.Generator().manual_seed(0)
    config = {"seed": 3, "steps": frames - 1}
    rec = Recorder(kind="points_diffusion", config=config, **kw)
    data = torch.randn((points, 2), generator=gen)
    x = data
    for t in range(frames):
        rec.record("forward", x)
        rec.record("forward_t", t)
        x = x + 0.5 * torch.randn(x.shape, generator=gen)
    for t in reversed(range(frames)):
        y = torch.randn((points, 2), generator=gen, requires_grad=True)  # grads: ok
        rec.record("reverse", y)
        rec.record("reverse_x0", y.to(torch.bfloat16))  # any float type
        rec.record("reverse_t", t)
    ab = torch.linspace(1, 0.01, frames, dtype=torch.float64)
    rec.put("data", data)
    rec.put("signal", ab.sqrt())
    rec.put("noise", (1 - ab).sqrt())
    rec.put("loss", [0.9, 0.5, 0.4])
    return rec


def test_recorder_writes_a_trace_that_validates_with_a_full_manifest(tmp_path):
    path = tmp_path / "mine.npz"
    saved = points_recorder().save(path, stats={"train_seconds": np.float64(1.25)})
    loaded = trace.load(path, kind="points_diffusion")
    m = loaded.manifest
    assert m["format"] == trace.FORMAT_NAME and m["version"] == trace.FORMAT_VERSION
    assert m["config"] == {"seed": 3, "steps": 3}
    assert m["stats"] == {"train_seconds": 1.25}
    assert {"engine", "python", "numpy", "torch", "recorder"} <= set(m["produced_by"])
    assert m["arrays"]["forward"]["dims"] == ["frame", "point", "2"]
    # extents default to a square, in half units, holding every point recorded
    half = m["extents"]["x"][1]
    assert m["extents"] == {"x": [-half, half], "y": [-half, half]}
    far = max(np.abs(loaded[n]).max() for n in ("data", "forward", "reverse"))
    assert far <= half < far + 0.5 + 1e-6
    assert loaded["forward"].shape == (4, 6, 2)
    assert loaded["forward"].dtype == np.float32
    assert loaded["signal"].dtype == np.float32  # float64 stored as float32
    np.testing.assert_array_equal(loaded["reverse_t"], [3, 2, 1, 0])
    np.testing.assert_allclose(loaded["reverse_x0"], loaded["reverse"], atol=0.05)
    np.testing.assert_array_equal(saved["data"], loaded["data"])
    assert [p.name for p in tmp_path.iterdir()] == ["mine.npz"]


def test_record_trace_takes_a_dict_of_arrays_and_a_dataclass_config(tmp_path):
    @dataclass
    class Cfg:
        seed: int = 7
        lr: float = 1e-3

    tr = record_trace(
        "points_diffusion",
        minimal_arrays(),
        config=Cfg(),
        path=tmp_path / "t.npz",
        extents={"x": [-4, 4], "y": [-4, 4]},
    )
    assert trace.load(tmp_path / "t.npz").config == {"seed": 7, "lr": 1e-3}
    assert scene_needs.scenes_for(tr)["PointsFlow"] == []


def test_unknown_kind_and_unknown_array_are_refused_where_they_happen():
    with pytest.raises(RecordError, match="unknown trace kind 'telepathy'"):
        Recorder(kind="telepathy")
    rec = Recorder(kind="points_diffusion", config={"seed": 0})
    with pytest.raises(RecordError, match="no array 'revers' .*reverse_x0"):
        rec.record("revers", torch.zeros(3, 2))


def test_every_missing_array_is_named_and_nothing_is_written(tmp_path):
    rec = Recorder(kind="points_diffusion", config={"seed": 0})
    rec.put("data", np.zeros((5, 2)))
    with pytest.raises(TraceError) as info:
        rec.save(tmp_path / "t.npz")
    message = str(info.value)
    assert message.startswith(str(tmp_path / "t.npz"))
    for name in ("forward", "forward_t", "reverse", "reverse_x0", "signal", "loss"):
        assert name in message
    assert "\n" not in message
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "config, expected",
    [
        ({"steps": 3}, "config needs a 'seed'"),
        ({"seed": 0, "model": nn.Linear(2, 2)}, "config['model'] is a Linear"),
        ({"seed": 0, "lr": float("nan")}, "config['lr'] is nan"),
        ([1, 2], "config must be a dict or a dataclass"),
    ],
)
def test_a_config_that_is_not_plain_data_with_a_seed_is_refused(
    tmp_path, config, expected
):
    with pytest.raises(TraceError, match=expected.replace("[", r"\[")):
        record_trace(
            "points_diffusion", minimal_arrays(), config=config, path=tmp_path / "t.npz"
        )
    assert list(tmp_path.iterdir()) == []


def test_a_failed_save_leaves_an_earlier_trace_untouched(tmp_path):
    path = tmp_path / "t.npz"
    points_recorder().save(path)
    before = path.read_bytes()
    bad = points_recorder()
    bad.put("loss", [0.5, float("inf")])
    with pytest.raises(TraceError, match="array 'loss' holds 1 NaN or inf"):
        bad.save(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["t.npz"]


def test_frames_of_different_shapes_and_mixed_record_put_are_refused():
    rec = Recorder(kind="points_diffusion", config={"seed": 0})
    rec.record("reverse", torch.zeros(4, 2))
    rec.record("reverse", torch.zeros(5, 2))
    with pytest.raises(RecordError, match="frames of 'reverse' differ in shape"):
        rec.arrays()
    with pytest.raises(RecordError, match="recorded frame by frame"):
        rec.put("reverse", torch.zeros(2, 4, 2))


def test_engine_recorders_keep_only_the_names_they_ask_for():
    rec = Recorder(["x"])
    rec.record("x", torch.ones(2))
    rec.record("x", torch.zeros(2))
    rec.record("y", torch.ones(2))  # not asked for: dropped, no error (no kind)
    assert list(rec.stacked()) == ["x"]
    np.testing.assert_array_equal(rec.stacked()["x"], [[1, 1], [0, 0]])


def test_a_single_gan_run_gets_its_run_dim(tmp_path):
    rounds, samples, modes = 3, 5, 4
    rng = np.random.default_rng(0)
    rec = Recorder(kind="gan_points", config={"seed": 0, "g_steps": 1})
    for r in range(rounds):
        rec.record("step", r)
        rec.record("fake", rng.normal(size=(samples, 2)))
        rec.record("push", rng.normal(size=(samples, 2)))
        rec.record("heat", rng.uniform(size=(6, 6)))
        rec.record("loss_d", 1.3)
        rec.record("loss_g", 0.7)
        rec.record("mode_share", np.full(modes, 0.25))
        rec.record("covered", 4)
        rec.record("near", 1.0)
    rec.put("data", rng.normal(size=(10, 2)))
    rec.put("modes", rng.normal(size=(modes, 2)))
    rec.put("run_name", ["mine"])
    tr = rec.save(tmp_path / "g.npz")
    assert tr["fake"].shape == (1, rounds, samples, 2)
    assert tr["covered"].shape == (1, rounds)
    needs = scene_needs.scenes_for(tr)
    assert needs["ForgerVsInspector"] == []
    assert "ModeCollapse needs exactly 2 along 'run'" in " ".join(needs["ModeCollapse"])


# Attention: a nanoGPT-style layer (fused q/k/v, PyTorch's fused kernel) and our
# own transformer's explicit attention.
class FusedAttention(nn.Module):
    def __init__(self, width=16, heads=4):
        super().__init__()
        self.heads = heads
        self.c_attn = nn.Linear(width, 3 * width)
        self.c_proj = nn.Linear(width, width)

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = self.c_attn(x).split(C, dim=2)
        q, k, v = (t.view(B, T, self.heads, -1).transpose(1, 2) for t in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)  # (B, h, T, d)
        return self.c_proj(y.transpose(1, 2).reshape(B, T, C))


def test_weights_recomputed_from_queries_and_keys_reproduce_the_layer():
    torch.manual_seed(0)
    layer = FusedAttention()
    x = torch.randn(2, 7, 16)
    with torch.no_grad(), QKVCapture([layer.c_attn], n_head=4) as cap:
        out = layer(x)
    w = cap.weights()  # (layer, B, head, T, T)
    assert w.shape == (1, 2, 4, 7, 7)
    np.testing.assert_allclose(w.sum(-1), 1, atol=1e-5)
    assert np.all(np.triu(w[0, 0, 0], k=1) == 0), "no weight on the future"
    # The recomputed weights, applied to the captured values, give the layer's output.
    v = cap.v[0]  # (B, h, T, d)
    y = torch.from_numpy(w[0]) @ v
    again = layer.c_proj(y.transpose(1, 2).reshape(2, 7, 16))
    torch.testing.assert_close(again, out, atol=1e-5, rtol=1e-4)
    assert not layer.c_attn._forward_hooks, "hooks are removed on leaving"


def test_both_capture_paths_agree_on_our_explicit_attention():
    from engine.transformer.model import TransformerConfig, WordTransformer

    torch.manual_seed(0)
    cfg = TransformerConfig(d_model=16, heads=2, layers=2)
    model = WordTransformer(20, cfg).eval()
    ids = torch.randint(0, 20, (1, 9))
    attn_modules = [b.attn for b in model.blocks]
    take = WeightsCapture(attn_modules, take=lambda module, out: out[1].weights)
    qkv = QKVCapture([m.qkv for m in attn_modules], n_head=cfg.heads)
    with torch.no_grad(), take, qkv:
        model(ids, keep=True)
    np.testing.assert_allclose(qkv.weights(), take.weights(), atol=1e-5)


def test_attention_arrays_check_the_focus_head_against_its_queries_and_keys():
    torch.manual_seed(0)
    q, k, v = torch.randn(3, 6, 4).unbind(0)  # (T, d) each
    attn = torch.stack([attention_weights(q, k), attention_weights(k, q)])[None]
    # attn: (layer 1, head 2, T, T); head 1 is not softmax(q k^T)
    tokens = torch.tensor([0, 1, 2, 1, 2, 0])
    held = HeldOut(start_token=0)
    probs = torch.full((6, 3), 1 / 3)
    decider = np.array([-1, -1, 1, -1, -1, -1])
    held.add(tokens, attn, probs, decider)
    common = dict(
        vocab=[".", "a", "b"], tokens=tokens, attn=attn, next_probs=probs,
        decider=decider, queries=q, keys=k, values=v, held_out=held, loss=[1.0],
    )  # fmt: skip
    arrays = attention_arrays(focus=(0, 0), **common)
    np.testing.assert_allclose(arrays["attn"].sum(-1), 1, atol=1e-5)
    np.testing.assert_allclose(
        arrays["scaled"], (q @ k.T).numpy() / math.sqrt(4), rtol=1e-5
    )
    np.testing.assert_allclose(arrays["weighted"], (attn[0, 0] @ v).numpy(), atol=1e-5)
    assert arrays["mask"].dtype == bool
    assert arrays["mask"][2].tolist() == [1, 1, 1, 0, 0, 0]
    with pytest.raises(RecordError, match=r"attn\[0, 1\] is not softmax"):
        attention_arrays(focus=(0, 1), **common)  # head 1's weights are not q k^T
    with pytest.raises(RecordError, match="rows must sum to one"):
        attention_arrays(focus=(0, 0), **{**common, "attn": attn * 2})


def test_held_out_shares_count_what_each_head_reads_most():
    T = 5
    prev = np.eye(T, k=-1)
    prev[0, 0] = 1  # row 0 can only read itself
    itself = np.eye(T)
    attn = np.stack([prev, itself])[None]  # (layer 1, head 2, T, T)
    tokens = np.array([0, 3, 4, 0, 2])  # two sentences start with token 0
    probs = np.eye(5)[[3, 4, 0, 2, 2]]  # predicts every next token right
    decider = np.array([-1, -1, 1, -1, -1])  # after position 2, token 3 decided by 1
    held = HeldOut(start_token=0)
    held.add(tokens, attn, probs, decider)
    np.testing.assert_allclose(held.share("previous"), [[1.0, 0.0]])
    np.testing.assert_allclose(held.share("self"), [[0.0, 1.0]])
    # rows 1..4 read start 0, 0, 3, 3: the previous-word head hits it at rows 1 and 4
    np.testing.assert_allclose(held.share("start"), [[0.5, 0.25]])
    np.testing.assert_allclose(held.decider_share(), [[1.0, 0.0]])
    assert held.best_head() == (0, 0)
    assert held.stats((0, 0))["heldout_accuracy"] == 1.0
    with pytest.raises(RecordError, match="no held-out position has a deciding"):
        HeldOut().stats((0, 0))


# What each scene needs: a user's trace that lacks it is refused in one line.
def problem(scene: str, tr) -> str:
    with pytest.raises(TraceError) as info:
        scene_needs.check(scene, tr)
    message = str(info.value)
    assert message.startswith(tr.path) and "\n" not in message
    return message


def test_points_scenes_say_what_a_trace_lacks(tmp_path):
    tr = record_trace(
        "points_diffusion", minimal_arrays(), config={"seed": 0}, path=tmp_path / "p",
        extents={"x": [0, 4], "y": [0, 4]},
    )  # fmt: skip
    assert "PointsFlow needs square plot extents" in problem("PointsFlow", tr)
    assert "DenoisingField needs the field arrays (field_grid, field_t, field_x0)" in (
        problem("DenoisingField", tr)
    )


def _one_run_gan(tmp_path):
    path = tmp_path / "g1.npz"
    rng = np.random.default_rng(1)
    arrays = {
        "run_name": ["mine"], "step": np.arange(3), "data": rng.normal(size=(8, 2)),
        "modes": rng.normal(size=(2, 2)), "fake": rng.normal(size=(3, 4, 2)),
        "push": rng.normal(size=(3, 4, 2)), "heat": rng.uniform(size=(3, 5, 5)),
        "loss_d": np.ones(3), "loss_g": np.ones(3), "mode_share": np.ones((3, 2)),
        "covered": np.ones(3, int), "near": np.ones(3),
    }  # fmt: skip
    return record_trace("gan_points", arrays, config={"seed": 0}, path=path)


def test_gan_scenes_say_what_a_trace_lacks(tmp_path):
    tr = _one_run_gan(tmp_path)
    assert "ForgerVsInspector needs config field 'g_steps'" in problem(
        "ForgerVsInspector", tr
    )
    message = problem("ModeCollapse", tr)
    assert "config fields 'g_steps'" in message and "'cover_share'" in message
    assert "exactly 2 along 'run'" in message


def stand_in(kind: str, path) -> trace.Trace:
    """A valid trace of ``kind``: its required arrays with every dim of size 3, and
    nothing in its config or stats. Enough to ask the scenes what they need."""
    arrays = {}
    for name, spec in KINDS[kind].arrays.items():
        if spec.optional:
            continue
        shape = tuple(int(d) if d.isdigit() else 3 for d in spec.dims)
        kind_of = spec.dtype_kinds[0]
        dtype = {"f": np.float32, "i": np.int32, "u": np.uint8, "b": bool}.get(kind_of)
        arrays[name] = np.full(shape, "w") if kind_of == "U" else np.zeros(shape, dtype)
    return record_trace(kind, arrays, config={"seed": 0}, path=path, extents={})


def test_every_scene_names_what_a_bare_trace_lacks_in_one_line(tmp_path):
    for scene, needs in scene_needs.SCENE_NEEDS.items():
        tr = stand_in(needs.kind, tmp_path / f"{needs.kind}.npz")
        found = scene_needs.problems(scene, tr)
        wanted = [*needs.config, *needs.stats] + (["extents"] if needs.extents else [])
        if not wanted and not needs.arrays:
            continue
        message = problem(scene, tr)
        assert message.startswith(f"{tr.path}: {scene} needs"), message
        for name in [*wanted, *needs.arrays]:
            assert name in message, (scene, name)
        assert found


def test_digit_scenes_say_what_a_trace_lacks(tmp_path):
    digits = stand_in("digits_diffusion", tmp_path / "d.npz")
    assert "ForwardNoising needs config fields 'train_iters'" in problem(
        "ForwardNoising", digits
    )
    assert scene_needs.problems("ReverseDenoising", digits) == []


def attention_trace(path, stats: dict):
    """A small attention trace, from random queries and keys (no model needed)."""
    torch.manual_seed(0)
    T, heads = 6, 2
    q, k, v = torch.randn(3, heads, T, 4).unbind(0)
    attn = attention_weights(q, k)[None]  # (layer, head, T, T)
    tokens = torch.tensor([0, 1, 2, 1, 2, 0])
    decider = np.array([-1, -1, 1, -1, -1, -1])
    probs = torch.full((T, 3), 1 / 3)
    held = HeldOut(start_token=0)
    held.add(tokens, attn, probs, decider)
    arrays = attention_arrays(
        vocab=[".", "a", "b"], tokens=tokens, attn=attn, next_probs=probs,
        decider=decider, focus=(0, 1), queries=q[1], keys=k[1], values=v[1],
        held_out=held, loss=[1.0],
    )  # fmt: skip
    return record_trace("attention", arrays, config={"seed": 0}, path=path, stats=stats)


def test_attention_scenes_say_what_a_trace_lacks(tmp_path):
    tr = attention_trace(tmp_path / "a.npz", stats={})
    message = problem("AttentionReads", tr)
    assert "AttentionReads needs the measured fields 'heldout_cases'" in message
    assert scene_needs.problems("InsideAttention", tr) == []
    assert scene_needs.problems("AttentionHeads", tr) == []


def test_render_refuses_a_user_trace_in_one_line_before_drawing(
    tmp_path, monkeypatch, capsys
):
    """The render driver's own error, for a trace without the held-out figures
    AttentionReads quotes: one line, exit 2, nothing left in the output folder."""
    from scenes.output import render

    bare = attention_trace(tmp_path / "bare.npz", stats={})
    monkeypatch.setenv("TRACE", str(bare.path))
    out = tmp_path / "out"
    assert render.main(["AttentionReads", "--quality", "draft", "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"render: {bare.path}: AttentionReads needs the measured")
    assert len(err.splitlines()) == 1
    assert not out.exists() or not any(out.iterdir())


def test_a_missing_config_field_read_by_a_scene_is_a_trace_error(tmp_path, monkeypatch):
    from scenes.kit.tracefile import load_trace

    tr = attention_trace(tmp_path / "a.npz", stats={"heldout_cases": 1})
    monkeypatch.setenv("TRACE", str(tr.path))
    loaded = load_trace("attention")
    assert loaded.stats["heldout_cases"] == 1 and loaded.stats.get("x") is None
    with pytest.raises(TraceError, match="reads the config field 'n_eval', which"):
        loaded.config["n_eval"]
