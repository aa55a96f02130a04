"""Diffusion on sound: the picture of a note and back, the prompt check, the
denoiser's conditioning, and the trace it records (a tiny real model)."""

from __future__ import annotations

import functools
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine.core.config_args import ConfigError
from engine.sound.checks import semitone_error
from engine.sound.sound_diffusion import data, prompt, spectrogram
from engine.sound.sound_diffusion.prompt import PromptError, parse_prompt
from engine.sound.synth import INSTRUMENTS, Playing, note
from tests.support import shared

ROOT = Path(__file__).resolve().parents[2]

# Real but small: trains in a few seconds.
TINY = dict(per_note=3, train_iters=40, batch_size=16, channels=16, sample_steps=4,
            frames=3, eval_per_note=1, check_per_note=2, real_per_note=1,
            griffin_lim_iters=4)


@functools.cache
def tiny_traces() -> dict[str, Path]:
    """A tiny trace of the default prompts from a tiny model (a user's prompt
    changes only the prompt list, tested on the config)."""
    from engine.core import checkpoints
    from engine.sound.sound_diffusion.record import SoundDiffusionConfig, record

    def build(root: Path) -> None:
        saved = checkpoints.CACHE_DIR
        checkpoints.CACHE_DIR = root / "cache"  # train once, record twice
        try:
            record(SoundDiffusionConfig(**TINY), root / "default.npz", progress=False)
        finally:
            checkpoints.CACHE_DIR = saved

    root = shared.once("sound_diffusion", build)
    return {"default": root / "default.npz"}


@pytest.fixture(scope="module")
def traced():
    from engine.core.trace import load

    return load(tiny_traces()["default"])


# The picture of a note, and back


def test_a_note_becomes_a_64_by_32_picture_in_range_and_silence_is_black():
    rng = np.random.default_rng(0)
    wave = note("bell", 4, Playing(), rng)
    pic = spectrogram.to_picture(np.stack([wave, np.zeros_like(wave)]))
    assert pic.shape == (2, spectrogram.N_MELS, data.FRAMES) == (2, 64, 32)
    assert pic.dtype == np.float32 and pic.min() >= -1 and pic.max() <= 1
    assert pic[0].max() > 0.5 and (pic[1] == -1).all()
    assert (spectrogram.to_power(pic[1]) == 0).all()


def test_real_notes_keep_their_pitch_through_the_round_trip():
    rng = np.random.default_rng(1)
    waves = np.stack([note(name, d, Playing(), rng)
                      for name, d in zip(INSTRUMENTS, (0, 3, 5, 7), strict=True)])
    sounds = spectrogram.to_sound(spectrogram.to_picture(waves), data.SAMPLES, seed=0)
    assert sounds.shape == waves.shape and sounds.dtype == np.float32
    assert np.abs(sounds).max() <= 0.95 + 1e-6
    _, err = semitone_error(sounds, np.array([0, 3, 5, 7]))
    assert np.all(np.abs(err) < 0.5), err
    again = spectrogram.to_sound(spectrogram.to_picture(waves[:1]), data.SAMPLES,
                                 seed=0)
    # the seed decides the phases
    np.testing.assert_allclose(again[0], sounds[0], atol=1e-6)


def test_the_real_set_is_every_instrument_at_every_note():
    real = data.real_set(2, seed=0)
    assert real.waves.shape == (4 * 8 * 2, data.SAMPLES)
    assert real.pictures.shape == (64, 64, 32)
    assert np.bincount(real.instrument).tolist() == [16] * 4
    assert np.bincount(real.degree).tolist() == [8] * 8
    again = data.real_set(2, seed=0, with_pictures=False)
    np.testing.assert_array_equal(again.waves, real.waves)
    assert data.prompt_name(1, 4) == "bell G4"


# The prompt


@pytest.mark.parametrize("text", ["bell G4", "g4 bell", "Bell, g4."])
def test_a_prompt_reads_the_same_in_any_order_and_case(text):
    assert parse_prompt(text) == (1, 4)


@pytest.mark.parametrize("text, expected", [
    ("", "prompt is empty"),
    ("bell H4", "unknown word 'h4'"),
    ("bell C6", "unknown word 'c6'"),  # the model draws C4..C5 only
    ("bell", "needs exactly one instrument and one note"),
    ("bell drum G4", "needs exactly one instrument and one note"),
    ("bell " * 5, "has 5 words"),
])
def test_an_unreadable_prompt_is_refused_in_one_line(text, expected):
    with pytest.raises(PromptError) as err:
        parse_prompt(text)
    assert expected in str(err.value) and "\n" not in str(err.value)


def test_the_prompt_check_knows_the_models_instruments_and_notes():
    assert prompt.INSTRUMENTS == INSTRUMENTS and prompt.PITCHES == data.PITCHES


def test_the_prompt_check_prints_a_trace_path_or_refuses_with_exit_2():
    run = [sys.executable, "-m", "engine.sound.sound_diffusion.prompt"]
    ok = subprocess.run([*run, "bell", "G4"], capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0
    slug = prompt.prompt_slug("g4 bell")  # the same prompt, the same trace
    assert ok.stdout.strip() == f"renders/traces/sound-prompt-{slug}.npz"
    for bad in (["bell", "G9"], ["bell G4; drum C4"]):
        out = subprocess.run([*run, *bad], capture_output=True, text=True, cwd=ROOT)
        assert out.returncode == 2 and out.stderr == ""
        assert len(out.stdout.strip().splitlines()) == 1


def test_a_bad_prompt_or_size_is_refused_before_any_training():
    from engine.sound.sound_diffusion.record import SoundDiffusionConfig

    with pytest.raises(PromptError, match="unknown word 'flute'"):
        SoundDiffusionConfig(prompts="flute C4")
    with pytest.raises(ConfigError, match="channels"):
        SoundDiffusionConfig(channels=12)
    with pytest.raises(PromptError, match="at most"):
        SoundDiffusionConfig(prompts=";".join(["bell C4"] * 7))
    one = SoundDiffusionConfig(prompts="drum a4").prompt_list()
    assert one == [(3, 5), (1, 4), (0, 7), (2, 2)]  # then the other instruments


def test_the_record_command_refuses_a_bad_prompt_in_one_line(tmp_path):
    out = tmp_path / "x.npz"
    run = subprocess.run([sys.executable, "-m", "engine", "record", "sound_diffusion",
                          "--set", "prompts=bell G4;banjo C4", "--out", str(out)],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode != 0 and not out.exists()
    assert "banjo" in run.stderr + run.stdout and "Traceback" not in run.stderr


# The model


def test_the_denoiser_keeps_the_shape_and_reads_instrument_and_pitch():
    import torch

    from engine.sound.sound_diffusion.model import ModelShape, SoundDenoiser

    torch.manual_seed(0)
    net = SoundDenoiser(ModelShape(instruments=5, pitches=9, channels=16))
    x = torch.randn(2, 64, 32)
    t = torch.tensor([500, 500])
    same = net(x, t, torch.tensor([0, 0]), torch.tensor([3, 3]))
    assert same.shape == (2, 64, 32)
    other = net(x, t, torch.tensor([0, 1]), torch.tensor([3, 7]))
    assert torch.allclose(same[0], other[0])
    assert not torch.allclose(same[1], other[1])


# The trace


def test_the_trace_is_valid_and_its_figures_are_its_samples(traced):
    from engine.core.trace import validate

    validate(traced.manifest, traced.arrays)
    a, s = traced.arrays, traced.manifest["stats"]
    assert s["samples"] == len(a["eval_within"]) == 32  # 4 instruments x 8 notes
    assert s["pitch_share"] == pytest.approx(a["eval_within"].mean(), abs=1e-4)
    right = a["eval_predicted"] == a["eval_instrument"]
    assert s["instrument_share"] == pytest.approx(right.mean(), abs=1e-4)
    assert s["real_pitch_share"] == pytest.approx(a["real_within"].mean(), abs=1e-4)
    assert s["real_notes"] == len(a["real_error"]) == 32
    np.testing.assert_array_equal(a["eval_within"],
                                  a["eval_voiced"] & (np.abs(a["eval_error"]) < 1))
    assert s["train_seconds"] > 0 and s["record_cpu_seconds"] > 0


def test_the_shown_prompt_goes_from_the_shared_static_to_its_finished_note(traced):
    a = traced.arrays
    assert list(a["prompt_text"]) == ["bell G4", "string C5", "whistle E4", "drum A4"]
    assert a["frame_t"][0] == 1000 and a["frame_t"][-1] == 0
    assert np.all(np.diff(a["frame_t"]) < 0)
    np.testing.assert_allclose(a["frame_picture"][0], np.clip(a["static"], -1, 1))
    np.testing.assert_allclose(a["frame_picture"][-1], a["prompt_picture"][0],
                               atol=1e-6)
    assert not a["frame_guess"][0].any()  # no guess before the first step
    assert a["frame_sound"].shape == (3, data.SAMPLES)
    assert a["prompt_sound"].dtype == np.float32
    assert np.abs(a["prompt_sound"]).max() <= 0.95 + 1e-6
    # Different prompts from one static draw different notes.
    assert np.abs(a["prompt_picture"][0] - a["prompt_picture"][1]).mean() > 0.01


def test_a_user_prompt_is_drawn_first_and_followed_by_the_other_instruments():
    from engine.sound.sound_diffusion.record import SoundDiffusionConfig

    cfg = SoundDiffusionConfig(prompts="whistle d4")
    assert cfg.prompt_list() == [(2, 1), (1, 4), (0, 7), (3, 5)]
    mine = SoundDiffusionConfig(prompts="drum C4; drum D4")  # two given: both kept
    assert mine.prompt_list() == [(3, 0), (3, 1)]


def test_the_default_trace_says_its_prompts_are_the_defaults(traced):
    assert traced.manifest["stats"]["prompts_source"] == "default"
