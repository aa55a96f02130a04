"""The voice: every caption spoken, on time, never cut off, in every output."""

from __future__ import annotations

import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from scenes.diffusion.digits import GuidanceScale
from scenes.kit import pacing, voice
from scenes.kit.base import ExplainerScene
from scenes.output import lecture, render
from scenes.output.soundtrack import decode_audio, loudness
from tests.support.rendering import render_for_test, two_part_lecture

ROOT = Path(__file__).resolve().parents[2]
FRAME_60 = 1 / 60  # the lecture's frame: sync must hold within one


@pytest.fixture(scope="module")
def voiced(digits_trace_path, tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VOICE", "heart")
        return render_for_test(
            GuidanceScale,
            digits_trace_path,
            tmp_path_factory.mktemp("voiced"),
            sections=True,
        )


def cues(rendered):
    return pacing.cues(rendered.files[".srt"].read_text(encoding="utf-8"))


def test_every_caption_is_spoken_from_its_start_and_never_cut_off(voiced):
    clips = voiced.scene.voice_clips
    shown = cues(voiced)
    assert len(clips) == len(shown) >= 3
    for (start, clip), (cue_start, cue_end, text) in zip(clips, shown, strict=True):
        assert cue_start == pytest.approx(start, abs=0.002), text
        assert clip.seconds > 0.5
        # on screen until the clip ends plus a pause (a comma's within a line
        # cut into captions), and at least readable
        assert cue_end - cue_start >= clip.seconds + voice.PART_PAUSE - 0.002, text
        assert cue_end - cue_start >= pacing.reading_seconds(text) - 0.05, text
    # after the last words, the last frame is held FINAL_HOLD before the end
    start, clip = clips[-1]
    end = pacing.cues(voiced.files[".srt"].read_text())[-1][1]
    assert end - (start + clip.seconds) >= pacing.FINAL_HOLD - 0.11


def test_the_video_carries_the_narration_as_aac_at_48khz_near_minus_16_lufs(voiced):
    measured = loudness(voiced.files[".mp4"])
    assert measured["codec"] == "aac"
    assert measured["rate"] == 48_000
    assert measured["lufs"] == pytest.approx(voice.TARGET_LUFS, abs=1.0)
    assert measured["peak_dbfs"] < 0
    # audio and picture start together and the audio never runs past the video
    assert measured["audio_seconds"] <= measured["video_seconds"] + 0.001
    assert measured["audio_seconds"] >= measured["video_seconds"] - 0.05


def test_speech_is_heard_under_its_caption_and_nowhere_else(voiced):
    audio, rate = decode_audio(voiced.files[".mp4"])

    def rms(a, b):
        part = audio[int(a * rate) : int(b * rate)]
        return float(np.sqrt(np.mean(part**2))) if part.size else 0.0

    for (start, clip), (_, cue_end, text) in zip(
        voiced.scene.voice_clips, cues(voiced), strict=True
    ):
        assert rms(start, start + clip.seconds) > 0.02, f"no speech for {text!r}"
        # after the clip, until the next caption: quiet (AAC leaves a whisper)
        assert rms(start + clip.seconds + 0.05, cue_end) < 0.002, text


def test_each_narrated_step_video_carries_its_own_part_of_the_voice(voiced):
    import json

    import av

    section_dir = voiced.files["sections"]
    index = json.loads((section_dir / "GuidanceScale.json").read_text())
    spoken = narrated = 0
    for section in index:
        video = section_dir / section["video"]
        with av.open(str(video)) as c:
            assert c.streams.audio, f"{section['name']} has no audio"
        m = loudness(video)
        assert m["audio_seconds"] <= m["video_seconds"] + 0.001
        spoken += np.isfinite(m["lufs"]) and m["lufs"] > -30
        narrated += section["name"][:2].isdigit()  # one per narrated line
    # every narrated step speaks (a line cut into several captions is one
    # step), and no other does
    assert spoken == narrated >= 1


def onset(audio: np.ndarray, rate: int, after: float) -> float:
    """Seconds from ``after`` to the first sample louder than -40 dBFS."""
    loud = np.flatnonzero(np.abs(audio[int(after * rate) :]) > 0.01)
    return loud[0] / rate


def test_the_lecture_keeps_the_voice_in_sync_at_every_scene_boundary(
    voiced, monkeypatch, tmp_path
):
    scenes = two_part_lecture(voiced.files, tmp_path / "scenes", monkeypatch)
    out = tmp_path / "lecture.mp4"
    assert lecture.main(["--scenes", str(scenes), "--out", str(out)]) == 0
    one, rate = decode_audio(voiced.files[".mp4"])
    joined, joined_rate = decode_audio(out)
    assert joined_rate == rate
    first_words = onset(one, rate, 0.0)
    length = lecture.duration(voiced.files[".mp4"])
    for k in range(2):
        assert onset(joined, rate, k * length) == pytest.approx(
            first_words, abs=FRAME_60
        )
    m = loudness(out)
    assert m["audio_seconds"] <= m["video_seconds"] + 0.001


def test_clips_are_cached_by_text_and_written_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(voice, "CACHE_DIR", tmp_path)
    first = voice.clip("Noise is added a little at a time.", "heart")
    stamp = first.path.stat().st_mtime_ns
    again = voice.clip("Noise is added a little at a time.", "heart")
    assert again == first and again.path.stat().st_mtime_ns == stamp
    other = voice.clip("Noise is taken away a little at a time.", "heart")
    assert other.path != first.path
    with wave.open(str(first.path)) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (48_000, 1, 2)
    assert voice.clip("Anything.", "none") is None

    def interrupted(raw, out):
        raise KeyboardInterrupt

    monkeypatch.setattr(voice, "normalise", interrupted)
    with pytest.raises(KeyboardInterrupt):
        voice.clip("A line never finished.", "heart")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [first.path.name, other.path.name]
    )


def test_a_clip_keeps_only_a_trace_of_the_voices_silent_padding(tmp_path, monkeypatch):
    """The voice pads its speech with 0.3 s of silence before and 0.5 s after;
    the clip keeps about KEEP_BEFORE and KEEP_AFTER of it."""
    monkeypatch.setattr(voice, "CACHE_DIR", tmp_path)
    said = voice.clip("Noise is added a little at a time.", "heart")
    audio = voice.read_wav(said.path).astype(np.float64)
    loud = np.nonzero(np.abs(audio) > 10 ** (voice.SILENCE_DB / 20))[0]
    before = loud[0] / voice.SAMPLE_RATE
    after = (len(audio) - 1 - loud[-1]) / voice.SAMPLE_RATE
    assert before <= voice.KEEP_BEFORE + 0.02
    assert after <= voice.KEEP_AFTER + 0.02
    assert 1.0 < said.seconds < 3.5  # the words themselves are all there


def run_render(args, env_extra, cwd=ROOT):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(cwd), **env_extra}
    return subprocess.run(
        [sys.executable, "-m", "scenes.output.render", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )


def test_an_unknown_voice_is_one_line_listing_the_voices(tmp_path):
    done = run_render(["PointsFlow", "--out", str(tmp_path)], {"VOICE": "robot"})
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "render: VOICE must be one of heart, none (not 'robot')"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_voice_that_cannot_load_is_one_line_and_nothing_is_written(
    points_trace_path, tmp_path, monkeypatch, capsys
):
    import hibari

    def broken(*args, **kwargs):
        raise RuntimeError("model file is damaged")

    monkeypatch.setenv("VOICE", "heart")
    monkeypatch.setenv("TRACE", str(points_trace_path))
    monkeypatch.setattr(hibari, "Hibari", broken)
    monkeypatch.setattr(voice, "CACHE_DIR", tmp_path / "cache")
    out = tmp_path / "out"
    voice._model.cache_clear()
    try:
        code = render.main(["PointsFlow", "--quality", "draft", "--out", str(out)])
    finally:
        voice._model.cache_clear()
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err == (
        "render: the voice 'heart' cannot be loaded: model file is damaged"
    )
    assert [p.name for p in out.iterdir()] == []
    assert not list((tmp_path / "cache").glob("*.wav"))


class OneLongLine(ExplainerScene):
    """One line too wide for one caption: the kit cuts it at its comma."""

    def construct(self):
        self.narrate(LONG_LINE)


LONG_LINE = ("Noise is added to the picture a little at a time, until nothing "
             "of the digit is left and only grey static remains on the screen.")


def test_a_sentence_cut_into_captions_is_spoken_without_a_break(
    digits_trace_path, tmp_path, monkeypatch
):
    """Where the kit cuts a line into captions, the next words follow after a
    comma's pause (the voice's own padding trimmed, voice.PART_PAUSE), as soon
    as the caption before has been heard and read; this was 1.2 s."""
    monkeypatch.setenv("VOICE", "heart")
    said = render_for_test(OneLongLine, digits_trace_path, tmp_path)
    audio, rate = decode_audio(said.files[".mp4"])
    loud = np.abs(audio) > 0.02
    (first, clip), (then, _) = said.scene.voice_clips[:2]
    text = cues(said)[0][2]
    assert text.endswith(",")  # cut at a comma, the sentence goes on
    words = np.nonzero(loud[int(first * rate) : int((first + clip.seconds) * rate)])[0]
    goes_on = np.nonzero(loud[int(then * rate) :])[0]
    gap = then + goes_on[0] / rate - (first + words[-1] / rate)
    # a caption still being read holds the next words back, as it must
    reading_wait = max(0.0, pacing.reading_seconds(text) - clip.seconds)
    assert gap < voice.PART_PAUSE + 0.3 + reading_wait, gap
