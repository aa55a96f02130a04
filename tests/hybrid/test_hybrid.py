"""The text-to-image model: its data, the prompt check, the pixel check, the
conditioning, and the trace it records.

A tiny real model (about 13 s on a busy core) is trained once per test run
through ``tiny_hybrid()``, which tests/hybrid/test_scene_hybrid.py shares.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine.hybrid.check import accuracy_on_real, attention_inside, quarter, read
from engine.hybrid.data import (
    ALL_COMBOS,
    HELD_OUT,
    SIDE,
    TRAIN_COMBOS,
    Combo,
    dataset_combos,
    make_dataset,
    tokens_of,
)
from engine.hybrid.prompt import PromptError, parse_prompt
from tests.support import shared

ROOT = Path(__file__).resolve().parents[2]

# Real but small: trains in seconds, and already reads colours and places.
TINY_HYBRID = dict(
    train_pictures=3000,
    train_iters=300,
    batch_size=32,
    channels=24,
    d_text=32,
    refine=4,
    eval_per_combo=2,
    sample_steps=10,
    real_checked=200,
    timing_repeats=1,
)


@functools.cache
def tiny_hybrid() -> dict[str, Path]:
    """Two tiny traces from one tiny model: the default prompts, and one user
    prompt ("green square bottom left", a held-out combination)."""
    from engine.core import checkpoints
    from engine.hybrid.record import TextToImageConfig, record

    def build(root: Path) -> None:
        saved = checkpoints.CACHE_DIR
        checkpoints.CACHE_DIR = root / "cache"  # train once, record twice
        try:
            record(
                TextToImageConfig(**TINY_HYBRID),
                root / "text_to_image.npz",
                progress=False,
            )
            record(
                TextToImageConfig(**TINY_HYBRID, prompts="green square bottom left"),
                root / "prompt.npz",
                progress=False,
            )
        finally:
            checkpoints.CACHE_DIR = saved

    root = shared.once("hybrid", build)  # once per run (tests/support/shared.py)
    return {"default": root / "text_to_image.npz", "user": root / "prompt.npz"}


@pytest.fixture(scope="module")
def hybrid():
    from engine.core.trace import load

    return load(tiny_hybrid()["default"])


@pytest.fixture(scope="module")
def model():
    from engine.core import checkpoints
    from engine.hybrid.record import TextToImageConfig
    from engine.hybrid.train import trained_model

    tiny_hybrid()  # trains into its own cache; load from there
    saved = checkpoints.CACHE_DIR
    checkpoints.CACHE_DIR = tiny_hybrid()["default"].parent / "cache"
    try:
        net, schedule, _, _ = trained_model(
            TextToImageConfig(**TINY_HYBRID), progress=False
        )
    finally:
        checkpoints.CACHE_DIR = saved
    return net, schedule


# The data


def test_held_out_combinations_are_absent_from_the_training_set():
    images, index = make_dataset(3000, seed=0)
    held = {ALL_COMBOS.index(Combo(*h)) for h in HELD_OUT}
    assert len(held) == 6 and not held & set(index.tolist())
    # The pictures themselves, read back from their pixels, never show one either.
    r = read(images)
    drawn = set(zip(r.colour.tolist(), r.shape.tolist(), r.position.tolist(),
                    strict=True))
    assert not {ALL_COMBOS[k].codes() for k in held} & drawn
    assert len(drawn) == len(TRAIN_COMBOS)
    # ...while every pair of words in a held-out prompt is seen together elsewhere.
    for colour, shape, place in HELD_OUT:
        for pair in ((colour, shape), (colour, place), (shape, place)):
            assert any(set(pair) <= {c.colour, c.shape, c.position}
                       for c in TRAIN_COMBOS), pair
    np.testing.assert_array_equal(dataset_combos(3000, seed=0), index)


def test_pictures_are_one_shape_of_the_asked_colour_in_its_quarter():
    images, index = make_dataset(200, seed=1)
    assert images.shape == (200, SIDE, SIDE, 3) and images.dtype == np.float32
    assert images.min() >= -1 and images.max() <= 1
    for img, k in zip(images[:20], index[:20], strict=True):
        combo = ALL_COMBOS[k]
        ink = (img + 1).max(-1) > 0.5
        place = quarter(combo.codes()[2])
        assert ink.any() and not (ink & ~place).any()
        channel = {"red": 0, "green": 1, "blue": 2}[combo.colour]
        assert img[ink].mean(0).argmax() == channel


@pytest.mark.parametrize(
    "text", ["red circle top left", "top left red circle", "Left, RED top circle."]
)
def test_a_prompt_reads_the_same_in_any_order(text):
    words, combo = parse_prompt(text)
    assert combo == Combo("red", "circle", "top left") and len(words) == 4


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", "prompt is empty"),
        ("red zebra top left", "unknown word 'zebra': the model knows 10 words"),
        ("red circle top", "needs exactly one word for left or right"),
        ("red blue circle top left", "needs exactly one word for a colour"),
        ("red " * 9, "has 9 words"),
    ],
)
def test_an_unreadable_prompt_is_refused_in_one_line(text, expected):
    with pytest.raises(PromptError) as err:
        parse_prompt(text)
    assert expected in str(err.value) and "\n" not in str(err.value)


# The pixel check


def test_the_pixel_check_reads_real_pictures():
    accuracy = accuracy_on_real(900, seed=7)
    assert min(accuracy.values()) >= 0.99, accuracy


def test_the_pixel_check_reads_nothing_in_black_or_in_static():
    black = np.full((1, SIDE, SIDE, 3), -1.0)
    r = read(black)
    assert (r.colour, r.shape, r.position) == ([-1], [-1], [-1])
    static = np.random.default_rng(0).normal(size=(20, SIDE, SIDE, 3))
    agrees = read(static).agrees(*np.array([c.codes() for c in ALL_COMBOS[:20]]).T)
    assert agrees.mean() < 0.2


def test_attention_share_counts_mass_inside_a_region():
    cross = np.zeros((2, 8, 8))
    cross[0, :4, :4] = 1.0  # all on the top-left cells
    cross[1] = 1.0  # spread evenly
    share = attention_inside(cross, quarter(0))
    np.testing.assert_allclose(share, [1.0, 0.25])


# The model


def test_the_prompt_changes_the_picture_and_guidance_zero_ignores_it(model):
    import torch

    from engine.hybrid.sampling import sample

    net, schedule = model
    tokens = torch.tensor([tokens_of("red circle top left".split()),
                           tokens_of("blue square bottom right".split())])
    noise = torch.randn((1, SIDE, SIDE, 3),
                        generator=torch.Generator().manual_seed(0)).repeat(2, 1, 1, 1)
    prompted = sample(net, schedule, tokens, noise, steps=8, guidance=3.0).numpy()
    assert np.abs(prompted[0] - prompted[1]).mean() > 0.05
    # The red prompt is redder, the blue one bluer, from the same static.
    assert prompted[0][..., 0].mean() > prompted[1][..., 0].mean()
    assert prompted[1][..., 2].mean() > prompted[0][..., 2].mean()
    blind = sample(net, schedule, tokens, noise, steps=8, guidance=0.0).numpy()
    np.testing.assert_allclose(blind[0], blind[1], atol=1e-5)


def test_the_tiny_model_already_draws_colours_and_places(hybrid):
    st = hybrid.stats
    # Loose: chance is 1/3 for colour and 1/4 for place.
    assert st["seen_colour_accuracy"] >= 0.6, st
    assert st["seen_position_accuracy"] >= 0.5, st


def test_the_trace_holds_what_the_scenes_draw(hybrid):
    held = hybrid["combo_held_out"]
    assert held.sum() == len(HELD_OUT)
    assert (hybrid["train_count"][held] == 0).all()
    assert (hybrid["train_count"][~held] > 0).all()
    frames, steps = hybrid["frames"], hybrid["step_t"]
    assert len(frames) == len(steps) + 1 == TINY_HYBRID["sample_steps"] + 1
    assert hybrid["frame_t"][0] == hybrid.config["num_steps"]
    assert hybrid["frame_t"][-1] == 0
    assert frames[0].std() > 0.8, "the first frame is static"
    assert np.abs(frames[-1]).max() <= 1.0
    cross = hybrid["cross_attn"]
    np.testing.assert_allclose(cross.sum(axis=4), 1.0, atol=1e-4)
    enc = hybrid["enc_attn"]
    np.testing.assert_allclose(enc.sum(-1), 1.0, atol=1e-5)
    again = read(frames[-1])
    np.testing.assert_array_equal(again.colour, hybrid["read_colour"])
    assert ((hybrid["word_share"] >= 0) & (hybrid["word_share"] <= 1)).all()
    texts = [str(t) for t in hybrid["prompt_text"]]
    assert texts[-1] == "blue triangle bottom left" and hybrid["held_out"][-1]
    for key in ("seen_accuracy", "heldout_accuracy", "check_accuracy_on_real",
                "train_seconds", "ms_per_image", "colour_word_share_on_shape"):
        assert key in hybrid.stats, key


def test_a_user_prompt_records_its_own_trace_from_the_same_model():
    from engine.core.trace import load

    user = load(tiny_hybrid()["user"])
    assert [str(t) for t in user["prompt_text"]] == ["green square bottom left"]
    assert user["held_out"].tolist() == [True]
    assert user.stats["prompts_source"] == "user"


def test_recording_settings_do_not_retrain():
    from engine.hybrid.record import TextToImageConfig

    a = TextToImageConfig(prompts="red circle top left", eval_per_combo=3)
    b = TextToImageConfig(prompts="blue square top right", guidance=5.0)
    assert a.training_part() == b.training_part()
    assert a.training_part() != TextToImageConfig(train_iters=10).training_part()


# The command line and make


def run(*args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", *args], capture_output=True, text=True, timeout=120,
        cwd=ROOT, **kwargs,
    )


def test_engine_refuses_an_unknown_word_in_one_line(tmp_path):
    out = run("engine", "record", "text_to_image", "--set",
              "prompts=red circle top left; purple circle top left",
              "--out", str(tmp_path / "t.npz"))
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [
        "engine: prompt: unknown word 'purple': the model knows 10 words: red, "
        "green, blue, circle, square, triangle, top, bottom, left, right"
    ]
    assert not (tmp_path / "t.npz").exists()


def test_the_prompt_check_names_a_trace_or_refuses_in_one_line():
    ok = run("engine.hybrid.prompt", "green", "square", "bottom", "left")
    assert ok.returncode == 0
    assert ok.stdout.strip().startswith("renders/traces/prompt-")
    again = run("engine.hybrid.prompt", "Bottom", "left,", "green", "square.")
    assert again.stdout != ok.stdout  # other words in another order: another trace
    for words, expected in ((["red", "zebra", "top", "left"], "unknown word 'zebra'"),
                            ([], "PROMPT is empty")):
        bad = run("engine.hybrid.prompt", *words)
        assert bad.returncode == 2 and expected in bad.stdout
        assert len(bad.stdout.strip().splitlines()) == 1 and not bad.stderr


@pytest.mark.parametrize(
    "prompt, expected",
    [("red zebra top left", "unknown word 'zebra'"), ("", "PROMPT is empty")],
)
def test_make_stops_on_a_bad_prompt_before_anything_runs(prompt, expected):
    # Run as a user would, not as a child of a `make test` (its jobserver flags).
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    out = subprocess.run(
        ["make", "--no-print-directory", "scene", "S=PromptToImage",
         f"PROMPT={prompt}", "QUALITY=draft"],
        capture_output=True, text=True, timeout=120, cwd=ROOT, env=env,
    )
    assert out.returncode != 0
    lines = (out.stdout + out.stderr).strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], lines
