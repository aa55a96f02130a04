"""NoteFromStatic renders from a tiny real trace: every sound it plays is one
of the trace's, in order, and every outcome sentence follows the figures."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from engine.core.trace import load
from scenes.kit import style
from scenes.kit.raster import hex_to_rgb
from scenes.sound.note_from_static import (
    NoteFromStatic,
    checks_sentence,
    noised,
    pitch_gap_heard,
    semitones_said,
    share_sentence,
    verdict_sentence,
    wave_outline,
    weakest,
)
from tests.sound.test_sound_diffusion import tiny_traces
from tests.support.rendering import render_for_test


class QuickNote(NoteFromStatic):
    pace = 0.3


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return render_for_test(QuickNote, tiny_traces()["default"],
                           tmp_path_factory.mktemp("note"))


def test_the_scene_renders_every_file_and_a_wav_for_each_sound(rendered):
    files = {k for k in rendered.files if not k.startswith("sounds/")}
    assert sorted(files) == [".gif", ".mp4", ".png", ".srt", ".vtt"]
    poster = np.asarray(Image.open(rendered.files[".png"]).convert("RGB"))
    bg = hex_to_rgb(style.palette().background)
    drawn = (np.abs(poster.astype(float) - bg).sum(-1) > 60).mean()
    assert 0.03 < drawn < 0.6
    wavs = sorted(k for k in rendered.files if k.startswith("sounds/"))
    assert len(wavs) == len(rendered.scene.played_sounds) == 11
    assert all(rendered.files[k].exists() for k in wavs)


def test_it_plays_real_notes_the_static_each_step_then_every_prompt(rendered):
    tr = load(tiny_traces()["default"])
    played = [s for _, s in rendered.scene.played_sounds]
    expected = [*tr["real_example_sound"], tr["static_sound"], *tr["frame_sound"][1:],
                *tr["prompt_sound"]]
    assert len(played) == len(expected) == 4 + 1 + 2 + 4
    for sound, samples in zip(played, expected, strict=True):
        np.testing.assert_array_equal(sound.samples, samples)
        assert sound.rate == 16_000
    assert played[0].name == "training-string-G4" and played[4].name == "static"
    assert played[4 + len(tr["frame_sound"]) - 1].name.endswith("finished")
    starts = [t for t, _ in rendered.scene.played_sounds]
    assert starts == sorted(starts)


def test_the_waveform_outline_spans_the_width_and_follows_the_peaks():
    samples = np.zeros(16_000, np.float32)
    samples[:100] = 0.8
    samples[-100:] = -0.4
    pts = wave_outline(samples, width=4.0, height=2.0)
    x, y = pts[:, 0], pts[:, 1]
    assert (x.min(), x.max()) == pytest.approx((-2.0, 2.0))
    assert (y.min(), y.max()) == pytest.approx((-0.4, 0.8))


@pytest.mark.parametrize("share, target, word", [(0.95, 0.9, "above"),
                                                 (0.9, 0.9, "above"),
                                                 (0.7, 0.8, "short of")])
def test_each_bar_is_said_by_its_figure(share, target, word):
    line = share_sentence("Pitch within a semitone", share, target)
    assert f"{word} the {target:.0%} goal" in line


def test_the_weakest_is_called_the_models_miss_only_when_the_checkers_were_right():
    weak = ("drum", 16, 32)
    line = checks_sentence(1.0, 0.984, 64, weak)
    assert "two checkers on 64 fresh synthesiser notes" in line
    assert "almost always right" in line
    assert "the drum's 16 of 32 is the model's miss, not the checker's" in line
    assert "always right" in checks_sentence(1.0, 1.0, 64, weak)
    assert "model's miss" not in checks_sentence(1.0, 0.984, 64, None)
    doubt = checks_sentence(1.0, 0.8, 64, weak)
    assert "may be the checker's" in doubt and "model's miss" not in doubt
    assert "training notes" not in line


def test_what_the_instrument_check_heard_names_each_miss():
    names = ["string", "bell", "whistle", "drum"]
    assert verdict_sentence(names, [1, 0, 2, 3], [1, 0, 2, 2]) == (
        "A separate program trained to name instruments heard 3 of 4 right; "
        "the drum as a whistle.")
    assert "every one as asked" in verdict_sentence(names, [0, 1], [0, 1])
    both = verdict_sentence(names, [0, 3], [1, 2])
    assert "0 of 2" in both and "the string as a bell; the drum as a whistle" in both


def test_whether_a_pitch_error_can_be_heard_follows_its_size():
    assert pitch_gap_heard(0.1) == pitch_gap_heard(-0.14) == "too small to hear"
    assert pitch_gap_heard(0.3) == "a careful ear may hear it"
    assert pitch_gap_heard(-0.8) == "easy to hear"


def test_training_noise_runs_from_the_clean_picture_to_the_static():
    rng = np.random.default_rng(0)
    clean, noise = rng.uniform(-0.5, 0.5, (4, 3)), rng.uniform(-0.5, 0.5, (4, 3))
    np.testing.assert_allclose(noised(clean, noise, 1.0), clean)
    np.testing.assert_allclose(noised(clean, noise, 0.0), noise)
    half = noised(clean, noise, 0.5)
    np.testing.assert_allclose(half, np.sqrt(0.5) * (clean + noise))
    assert np.abs(noised(clean, 5 * noise, 0.2)).max() <= 1.0  # kept in the picture


def test_the_weakest_instrument_is_named_only_when_it_falls_behind():
    names = ["string", "bell", "drum"]
    prompted = np.repeat([0, 1, 2], 4)
    heard = np.array([0, 0, 0, 0, 1, 1, 1, 0, 2, 2, 1, 1])
    assert weakest(names, prompted, heard) == ("drum", 2, 4)
    assert weakest(names, prompted, prompted) is None
    close = np.array([0, 0, 0, 0, 1, 1, 1, 0, 2, 2, 2, 1])  # 3 of 4 is not behind
    assert weakest(names, prompted, close) is None


def test_a_pitch_error_is_said_in_words():
    assert semitones_said(0.02) == "right on the note"
    assert semitones_said(0.34) == "0.3 semitone sharp"
    assert semitones_said(-0.6) == "0.6 semitone flat"
