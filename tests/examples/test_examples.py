"""The three worked examples of your own model: each runs, records a trace that
validates as its kind and holds what its model did, and renders with our scenes.

Run at fewer training steps than their defaults, and rendered tiny with shorter
timings, to keep the tests quick.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from engine.core import needs as scene_needs
from engine.core import trace
from engine.transformer.capture import attention_weights
from scenes.diffusion.points import PointsFlow
from scenes.gan.forger import ForgerVsInspector
from scenes.kit import style
from scenes.kit.raster import hex_to_rgb
from scenes.output.render import Quality
from scenes.transformer.reading import AttentionHeads
from tests.support.rendering import crop, render_for_test

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = {"own_diffusion": 600, "own_gan": 250, "own_attention": 150}  # steps
# Rendered at 5 frames a second: the frames are still lossless, just fewer.
FEW_FRAMES = Quality(pixel_height=216, frame_rate=5, gif_height=144, gif_fps=5)


def example(name: str):
    """examples/<name>.py as a module (examples/ is not a package)."""
    path = ROOT / "examples" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def traces(tmp_path_factory):
    out = tmp_path_factory.mktemp("examples")
    made = {}
    for name, iters in EXAMPLES.items():
        path = out / f"{name}.npz"
        args = ["--out", str(path), "--train-iters", str(iters)]
        with contextlib.redirect_stdout(io.StringIO()) as printed:
            assert example(name).main(args) == 0
        made[name] = trace.load(path)
        made[name].printed = printed.getvalue()
    return made


@pytest.mark.parametrize("name", EXAMPLES)
def test_each_example_says_how_to_render_its_trace(traces, name):
    tr = traces[name]
    lines = tr.printed.splitlines()
    assert lines[0].startswith(f"wrote {tr.path}: a")
    ready = [s for s, lacks in scene_needs.scenes_for(tr).items() if not lacks]
    for scene in ready:
        assert f"{scene}: make scene S={scene} TRACE={tr.path}" in lines


def test_own_diffusion_records_its_own_sampler(traces):
    tr = traces["own_diffusion"]
    assert tr.kind == "points_diffusion" and tr.config["seed"] == 0
    needs = scene_needs.scenes_for(tr)
    assert needs == {"PointsFlow": [], "DenoisingField": [], "FieldSampling": []}, (
        "every points scene draws it")
    assert tr["forward_t"][0] == 0 and tr["reverse_t"][0] == tr["reverse_t"].max()
    assert tr["signal"][0] == pytest.approx(1) and tr["signal"][-1] < 0.1
    data, final = tr["data"], tr["reverse"][-1]
    near = np.min(np.linalg.norm(final[:, None] - data[None], axis=-1), 1)
    start = np.min(np.linalg.norm(tr["reverse"][0][:, None] - data[None], axis=-1), 1)
    assert np.median(near) < 0.5 * np.median(start), "noise denoised onto the heart"


def test_own_gan_records_its_rounds_with_the_helpers(traces):
    tr = traces["own_gan"]
    assert tr.kind == "gan_points" and tr["fake"].shape[0] == 1  # one run
    assert tr.config["g_steps"] == 1
    steps = tr["step"]
    assert steps[0] == 0 and steps[-1] == 250 and np.all(np.diff(steps) > 0)
    assert 0 <= tr["heat"].min() and tr["heat"].max() <= 1
    assert tr["covered"].max() <= len(tr["modes"]) == 8

    # The fakes moved from where the untrained generator put them, onto blobs.
    def near_share(fake):
        d = np.linalg.norm(fake[:, None] - tr["modes"][None], axis=-1).min(1)
        return float(np.mean(d < 3 * tr.config["blob_std"]))

    first, last = near_share(tr["fake"][0, 0]), near_share(tr["fake"][0, -1])
    assert last > first + 0.05 and tr["covered"][0, -1] > tr["covered"][0, 0]
    assert float(tr["near"][0, -1]) == pytest.approx(last)
    needs = scene_needs.scenes_for(tr)
    assert needs["ForgerVsInspector"] == [] and needs["ModeCollapse"]


def test_own_attention_rows_sum_to_one_and_match_a_recomputation(traces):
    tr = traces["own_attention"]
    assert tr.kind == "attention"
    attn = tr["attn"]  # (layer, head, position, key)
    np.testing.assert_allclose(attn.sum(-1), 1, atol=1e-4)
    assert np.all(attn[..., ~tr["mask"]] == 0), "no weight on later words"
    layer, head = tr["focus"]
    again = attention_weights(tr["queries"], tr["keys"]).numpy()
    np.testing.assert_allclose(again, attn[layer, head], atol=1e-5)
    words = [str(tr["vocab"][i]) for i in tr["tokens"]]
    assert words[0] == "." and words[7] == words[1] and words[9] == words[3]
    st = tr.stats
    assert st["heldout_cases"] > 100 and 0 <= st["focus_share"] <= 1
    assert st["heldout_accuracy"] > 0.5, "the model learned to copy the names"


def cell_colours(img: np.ndarray, n: int) -> np.ndarray:
    """The colour at the centre of each cell of an n x n map image. (n, n, 3)"""
    h, w = img.shape[:2]
    rows = ((np.arange(n) + 0.5) * h / n).astype(int)
    cols = ((np.arange(n) + 0.5) * w / n).astype(int)
    return img[rows][:, cols]


def colour_share(frame: np.ndarray, colour: str, tol: float = 40) -> float:
    off = np.abs(frame.astype(float) - hex_to_rgb(colour)).sum(-1)
    return float((off < tol).mean())


class QuickFlow(PointsFlow):
    forward_seconds = 0.8
    reverse_seconds = 0.8


class QuickForger(ForgerVsInspector):
    slow_rounds = 1
    quick_rounds = 0
    turn_seconds = 0.4
    fast_forward_seconds = 0.8


class QuickHeads(AttentionHeads):
    hold_seconds = 0.4


@pytest.mark.slow
@pytest.mark.parametrize(
    "name, scene",
    [
        ("own_diffusion", QuickFlow),
        ("own_gan", QuickForger),
        ("own_attention", QuickHeads),
    ],
)
def test_each_example_renders_with_our_scene(
    traces, tmp_path, monkeypatch, name, scene
):
    pal = style.palette()
    monkeypatch.setattr("tests.support.rendering.TINY", FEW_FRAMES)
    shown = render_for_test(scene, Path(traces[name].path), tmp_path)
    base = scene.__mro__[1].__name__
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"{base}{ext}" for ext in (".gif", ".mp4", ".png", ".srt", ".vtt")
    ]
    frames = shown.frames
    assert len(frames) > 5 and np.abs(frames[-1].astype(int) - frames[0]).sum() > 0
    tr = traces[name]
    if name == "own_diffusion":  # real points first, the model's samples at the end
        assert colour_share(frames[len(frames) // 5], pal.data) > 0.002
        assert colour_share(frames[-1], pal.sample) > 0.002
    elif name == "own_gan":  # the discriminator's map fills the plot
        assert colour_share(frames[-1], pal.background) < 0.8
        assert colour_share(frames[-1], pal.sample) > 0.001
    else:  # the focus head's map: each row brightest where the trace's weight is
        layer, head = (int(i) for i in tr["focus"])
        weights = tr["attn"][layer, head]  # (position, key)
        heads = tr["attn"].shape[1]
        poster = np.asarray(Image.open(shown.files[".png"]).convert("RGB"), float)
        focus_map = crop(poster, shown.scene.maps[layer * heads + head])
        cells = cell_colours(focus_map, len(weights))
        bg, ink = hex_to_rgb(pal.background), hex_to_rgb(pal.data)
        lit = ((cells - bg) @ (ink - bg)) / ((ink - bg) @ (ink - bg))  # sqrt(weight)
        clear = 0
        for row in range(1, len(weights)):
            top2 = np.sort(weights[row, : row + 1])[-2:]
            if top2[1] - top2[0] > 0.1:
                clear += 1
                assert lit[row, : row + 1].argmax() == weights[row].argmax(), row
        assert clear >= 3, "enough rows with a clear favourite to check"


def test_make_example_runs_the_example_then_renders_its_scene():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")
    }

    def make(*args):
        return subprocess.run(
            ["make", "--no-print-directory", *args],
            capture_output=True, text=True, timeout=60, cwd=ROOT, env=env,
        )  # fmt: skip

    plan = make("-n", "example", "E=own_gan")
    assert "renders/traces/own_gan.npz" in plan.stdout
    assert "scenes.output.render ForgerVsInspector" in plan.stdout
    trace_plan = make("-n", "-W", "examples/own_gan.py", "renders/traces/own_gan.npz")
    assert "examples/own_gan.py --out renders/traces/own_gan.npz" in trace_plan.stdout
    bad = make("example", "E=own_banana")
    assert bad.returncode != 0
    lines = bad.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "make example: name one: make example E=<own_diffusion own_gan" in lines[0]
