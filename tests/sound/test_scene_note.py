"""NoteFromStatic renders from a tiny real trace: every sound it plays is one
of the trace's, in order, and every outcome sentence follows the figures."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from engine.core.trace import load
from scenes.kit import style
from scenes.kit.numbers import pct
from scenes.kit.raster import hex_to_rgb
from scenes.sound.note_from_static import (
    NoteFromStatic,
    checks_sentence,
    noised,
    pitch_gap_heard,
    right_counts,
    semitones_said,
    share_sentence,
    verdict_sentence,
    wave_outline,
    weak_sentence,
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
    assert line.endswith(f"{word} its goal.")
    first = share_sentence("Pitch within a semitone", share, target, first=True)
    assert first.endswith(f"{word} its goal, set before training.")
    # the share is said; the goal's figure is left to its tick on screen
    assert f": {pct(share)}, " in line and line.count("%") == 1


def test_the_weakest_is_called_the_models_miss_only_when_the_checkers_were_right():
    weak = ("drum", 16, 32)
    line = checks_sentence(1.0, 0.984, 64, weak)
    assert "two checkers on 64 fresh notes" in line
    assert "almost always right" in line
    assert line.endswith("So the drum's misses are the model's fault.")
    assert "almost" not in checks_sentence(1.0, 1.0, 64, weak)
    assert "model's fault" not in checks_sentence(1.0, 0.984, 64, None)
    doubt = checks_sentence(1.0, 0.8, 64, weak)
    assert "may be the checker's" in doubt and "model's fault" not in doubt
    assert "training notes" not in line


def test_the_weakest_is_said_with_its_counts():
    assert weak_sentence(("drum", 16, 32)) == (
        "The drum is weakest: 16 of its 32 notes recognised.")
    assert weak_sentence(("bell", 3, 8)).startswith("The bell is weakest: 3 of its 8")


def test_the_checkers_are_counted_on_the_fresh_notes():
    within = np.array([True, True, False, True])
    assert right_counts(within, [0, 1, 2, 3], [0, 1, 2, 2]) == (3, 3, 4)
    assert right_counts(within[:2], [1, 1], [1, 1]) == (2, 2, 2)


def test_the_ending_names_the_weakest_before_the_checkers_and_counts_them(rendered):
    tr = load(tiny_traces()["default"])
    lines = [line for _, line in rendered.scene._narration]
    checks = next(k for k, x in enumerate(lines) if x.startswith("We tested"))
    weak = weakest([str(x) for x in tr["instrument_names"]], tr["eval_instrument"],
                   tr["eval_predicted"])  # fmt: skip
    if weak:
        assert lines[checks - 1] == weak_sentence(weak)
    else:
        assert not any("weakest" in x for x in lines)
    pitch, named, notes = right_counts(tr["real_within"], tr["real_instrument"],
                                       tr["real_predicted"])  # fmt: skip
    panel = [t for t in rendered.scene.texts_seen if t.startswith(f"on {notes} fresh")]
    assert panel == [f"on {notes} fresh synthesiser notes, right: pitch {pitch} of "
                     f"{notes}, instrument {named} of {notes}"]


def test_a_synthesiser_note_of_the_same_bell_stands_beside_the_finished_one(rendered):
    scene = rendered.scene
    tr = load(tiny_traces()["default"])
    inst = str(tr["instrument_names"][int(tr["prompt_instrument"][0])])
    note = str(tr["note_names"][int(tr["prompt_degree"][0])])
    assert {"a real synthesiser", f"{inst} {note}"} <= set(scene.texts_seen)
    real = scene.real_note
    half_w = scene.camera.frame_width / 2
    assert real.get_right()[0] < half_w - 0.2 and real.get_top()[1] < 2.8
    for other in [scene.picture, scene.prompt_box, scene.step_note, scene.gloss,
                  scene.noise_frame]:  # fmt: skip
        apart = (real.get_left()[0] > other.get_right()[0]
                 or real.get_bottom()[1] > other.get_top()[1])  # fmt: skip
        assert apart, other


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
