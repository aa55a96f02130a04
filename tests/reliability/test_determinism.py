"""Determinism: the same config and seed record the same arrays; the same trace
renders to the same pixels; Manim's own randomness is seeded.

Recording twice is already checked for points_diffusion, gan_points, gan_digits
and attention (test_same_seed_gives_the_same_trace in their test files); here
are the other kinds. Arrays measured in seconds or milliseconds are wall-clock
timings of this machine and are left out of the comparison.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from engine.core.kinds import KINDS
from engine.core.recorders import RECORDERS
from tests.support.project import SHARED_SCENES, same_outputs, shared_renders
from tests.transformer.traces import TINY_COST, TINY_GENERATION, TINY_MODEL

QUICK_MODEL = dict(TINY_MODEL, train_iters=20, n_sentences=300, n_heldout=60)
TINY_CONFIGS = {
    "digits_diffusion": dict(
        train_iters=50, num_steps=20, hidden=32, blocks=1, eval_per_digit=2,
        few_steps=5,
    ),
    "generation_speed": dict(
        diffusion_steps=20, diffusion_hidden=32, diffusion_train_iters=50,
        gan_hidden=32, gan_train_iters=20, repeats=2, frames=5,
    ),
    "text_generation": dict(QUICK_MODEL, **TINY_GENERATION),
    "attention_cost": dict(QUICK_MODEL, **{**TINY_COST, "max_length": 64}),
}  # fmt: skip
TIMING_UNITS = {"seconds", "milliseconds"}
TRANSFORMER_KINDS = ("text_generation", "attention_cost")


def train_transformer(path):
    from engine.transformer.attention import AttentionConfig
    from engine.transformer.attention import record as record_attention

    record_attention(AttentionConfig(**QUICK_MODEL), path, progress=False)


def untimed(kind: str) -> list[str]:
    return [n for n, a in KINDS[kind].arrays.items() if a.units not in TIMING_UNITS]


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(TINY_CONFIGS))
def test_recording_twice_gives_equal_arrays(kind, tmp_path, monkeypatch):
    from engine.core import checkpoints

    # A private cache: the second recording of the transformer kinds reuses the
    # first one's model (its training is checked by test_transformer.py), the
    # others train both times.
    monkeypatch.setattr(checkpoints, "CACHE_DIR", tmp_path / "cache")
    config_class, record = RECORDERS[kind].load()
    cfg = config_class(**TINY_CONFIGS[kind])
    use_cache = kind in TRANSFORMER_KINDS
    if use_cache:  # the model is trained by the attention recording, as make does
        train_transformer(tmp_path / "attention.npz")
    a = record(cfg, tmp_path / "a.npz", progress=False, use_cache=use_cache)
    b = record(cfg, tmp_path / "b.npz", progress=False, use_cache=use_cache)
    compared = [n for n in untimed(kind) if n in a.arrays]
    assert len(compared) >= 3 and a.arrays.keys() == b.arrays.keys()
    for name in compared:
        np.testing.assert_array_equal(a[name], b[name], err_msg=f"{kind}.{name}")
    assert a.config == b.config and a.config["seed"] == cfg.seed


def test_every_recorder_takes_its_seed_from_the_config():
    for kind, entry in RECORDERS.items():
        config_class, _ = entry.load()
        assert "seed" in config_class.__dataclass_fields__, kind


@pytest.mark.slow
def test_rendering_the_same_trace_twice_gives_the_same_frames():
    """Two separate renders of each scene from one trace: equal decoded video
    frames, GIF and PNG bytes and captions."""
    renders = shared_renders()
    for scene in SHARED_SCENES:
        same_outputs(renders["one_by_one"], renders["together"], scene)


def test_manims_randomness_is_seeded_for_every_render(tmp_path, monkeypatch):
    from manim import Scene

    from scenes.output import render as render_module
    from tests.support.rendering import TINY

    draws = []

    class Dice(Scene):
        def construct(self):
            draws.append((random.random(), float(np.random.random())))
            random.seed(), np.random.seed()  # as if something unseeded ran before
            self.wait(0.1)

    monkeypatch.setattr(render_module, "find_scene", lambda name: Dice)
    for _ in range(2):
        render_module.render("Dice", TINY, tmp_path, gif=False)
    assert draws[0] == draws[1]


@pytest.mark.parametrize("kind", TRANSFORMER_KINDS)
def test_transformer_kinds_record_with_an_empty_cache(kind, tmp_path, monkeypatch):
    from engine.core import checkpoints

    monkeypatch.setattr(checkpoints, "CACHE_DIR", tmp_path / "cache")
    config_class, record = RECORDERS[kind].load()
    cfg = config_class(**{**TINY_CONFIGS[kind], "train_iters": 2})
    record(cfg, tmp_path / "t.npz", progress=False, use_cache=False)
