"""Sounds a scene plays: in the MP4 after the voice, as .wav files, in the gallery."""

from __future__ import annotations

import shutil
import wave
from pathlib import Path

import numpy as np
import pyloudnorm
import pytest
from manim import LEFT, RIGHT, Dot

from scenes.kit import pacing, sounds, voice
from scenes.kit.base import ExplainerScene
from scenes.output import gallery, lecture, render, slides, soundtrack
from scenes.output.soundtrack import decode_audio, loudness
from tests.output.test_gallery import CHROMIUM, CHROMIUM_FLAGS
from tests.support.rendering import two_part_lecture

RATE = 16_000
TONE_S = 0.3
TONE_HZ = 440.0
LINE = "A tone follows."
LONG_LINE = (
    "Noise is added to the picture a little at a time, until nothing "
    "of the digit is left and only grey static remains on the screen."
)
SIXTY = render.Quality(pixel_height=216, frame_rate=60, gif_height=144, gif_fps=10)


def tone(seconds: float = TONE_S, hz: float = TONE_HZ) -> np.ndarray:
    t = np.arange(round(seconds * RATE)) / RATE
    return (0.5 * np.sin(2 * np.pi * hz * t)).astype(np.float32)


class SoundProbe(ExplainerScene):
    """Narrates ``lines``, then plays each of ``played`` (samples, name) with
    a dot moving over the sound; logs each play's run time."""

    lines = (LINE,)
    played = ((tone(), "tone-A4"),)

    def construct(self):
        self.runs, self.returned = [], []
        for line in self.lines:
            self.narrate(line)
        dot = Dot(LEFT)
        self.add(dot)
        for samples, name in self.played:
            self.play_sound(samples, RATE, name, dot.animate.shift(RIGHT))
            self.returned.append(self.renderer.time)

    def play(self, *animations, **kwargs):
        self.runs.append(kwargs.get("run_time"))
        super().play(*animations, **kwargs)


def render_probe(out: Path, monkeypatch, probe=SoundProbe, quality="draft", **kw):
    """Render ``probe`` as "SoundProbe" into ``out``; (files, scene)."""
    made = []

    class Recorded(probe):
        def setup(self):
            made.append(self)
            super().setup()

    Recorded.__name__ = "SoundProbe"
    monkeypatch.setattr(render, "find_scene", lambda name: Recorded)
    files = render.render("SoundProbe", quality, out, **kw)
    return files, made[0]


def stale_files(out: Path) -> None:
    """An older render's sound of this scene, and another scene's sound."""
    for name in ("SoundProbe-07-old.wav", "SoundProbeTwo-01-keep.wav"):
        voice.write_wav(out / "sounds" / name, tone(0.1), RATE)


@pytest.fixture(scope="module")
def silent(tmp_path_factory):
    out = tmp_path_factory.mktemp("silent")
    stale_files(out)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VOICE", "none")
        files, scene = render_probe(out, mp)
    return out, files, scene


def span(audio, rate, a, b):
    return audio[round(a * rate) : round(b * rate)]


def test_with_no_voice_the_tone_is_in_the_mp4_after_the_caption_was_read(silent):
    out, files, scene = silent
    ((start, sound),) = scene.played_sounds
    # the caption's reading time, then the next whole frame (10 fps)
    assert start == pytest.approx(np.ceil(pacing.reading_seconds(LINE) * 10) / 10)
    audio, rate = decode_audio(files[".mp4"])
    assert rate == voice.SAMPLE_RATE
    loud = np.flatnonzero(np.abs(audio) > 0.01)
    assert loud[0] / rate == pytest.approx(start, abs=0.002)  # nothing before it
    assert loud[-1] / rate == pytest.approx(start + TONE_S, abs=0.002)
    heard = span(audio, rate, start + 0.01, start + TONE_S - 0.01)
    spectrum = np.abs(np.fft.rfft(heard * np.hanning(heard.size)))
    assert np.fft.rfftfreq(heard.size, 1 / rate)[spectrum.argmax()] == pytest.approx(
        TONE_HZ, abs=5
    )
    level = pyloudnorm.Meter(rate).integrated_loudness(np.tile(heard, 3))
    assert level == pytest.approx(sounds.SOUND_LUFS, abs=0.5)


def test_the_animations_run_over_exactly_the_sound_and_it_returns_at_its_end(silent):
    _, _, scene = silent
    ((start, _),) = scene.played_sounds
    assert TONE_S in scene.runs  # the dot's move, timed to the sound
    assert scene.returned == [pytest.approx(start + TONE_S, abs=1e-6)]


def test_each_sound_is_written_as_its_own_wav_and_stale_ones_go(silent):
    out, files, scene = silent
    wav = out / "sounds" / "SoundProbe-01-tone-A4.wav"
    assert files["sounds/SoundProbe-01-tone-A4.wav"] == wav
    with wave.open(str(wav), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, RATE)
        pcm = np.frombuffer(w.readframes(w.getnframes()), "<i2") / 32767
    assert pcm.size == tone().size
    assert np.max(np.abs(pcm - tone())) <= 1 / 32767
    names = sorted(p.name for p in (out / "sounds").iterdir())
    # the older render's sound is gone; another scene's is left alone
    assert names == ["SoundProbe-01-tone-A4.wav", "SoundProbeTwo-01-keep.wav"]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


class LongThenTwo(SoundProbe):
    lines = (LONG_LINE,)  # cut into two captions, each spoken
    played = ((tone(), "tone-A4"), (tone(0.2, 660.0), "tone-E5"))


def test_the_voice_never_talks_over_a_sound(tmp_path, monkeypatch):
    monkeypatch.setenv("VOICE", "heart")
    files, scene = render_probe(tmp_path, monkeypatch, LongThenTwo)
    assert len(scene.voice_clips) >= 2  # the line was cut, each part spoken
    said = max(t + c.seconds for t, c in scene.voice_clips)
    (first, one), (second, two) = scene.played_sounds
    # after the last part's words and a sentence's pause, on the next frame
    assert said + voice.PAUSE <= first + 1e-6 < said + voice.PAUSE + 0.1
    assert second == pytest.approx(first + one.seconds)  # one after the other
    audio, rate = decode_audio(files[".mp4"])
    gap = span(audio, rate, said + 0.05, first - 0.005)  # after the words
    assert np.max(np.abs(gap)) < 0.01
    for start, sound in scene.played_sounds:  # each sound alone on the track
        heard = span(audio, rate, start, start + sound.seconds)
        alone = np.zeros_like(audio)
        at = round(start * rate)
        alone[at : at + sound.track.size] = sound.track
        rest = span(audio - alone, rate, start + 0.01, start + sound.seconds - 0.01)
        assert np.sqrt(np.mean(rest**2)) < 0.1 * np.sqrt(np.mean(heard**2))
    names = sorted(p.name for p in (tmp_path / "sounds").iterdir())
    assert names == ["SoundProbe-01-tone-A4.wav", "SoundProbe-02-tone-E5.wav"]
    # the narration's loudness, measured where the voice speaks, is the voice's
    spans = [(t, t + c.seconds) for t, c in scene.voice_clips]
    voiced = loudness(files[".mp4"], spans)
    assert voiced["lufs"] == pytest.approx(voice.TARGET_LUFS, abs=1.0)
    assert voiced["peak_dbfs"] < 0


def test_the_lecture_carries_the_sounds_in_sync(tmp_path, monkeypatch):
    """A 60 fps render (the lecture's rate), joined as make lecture does."""
    monkeypatch.setenv("VOICE", "none")
    files, scene = render_probe(tmp_path / "one", monkeypatch, quality=SIXTY)
    ((start, _),) = scene.played_sounds
    assert start * 60 == pytest.approx(round(start * 60), abs=1e-6)  # on a frame
    parts = two_part_lecture(files, tmp_path / "scenes", monkeypatch)
    joined = tmp_path / "lecture.mp4"
    assert lecture.main(["--scenes", str(parts), "--out", str(joined)]) == 0
    audio, rate = decode_audio(joined)
    length = lecture.duration(files[".mp4"])
    for k in range(2):
        after = np.flatnonzero(np.abs(audio[round(k * length * rate) :]) > 0.01)
        assert after[0] / rate == pytest.approx(start, abs=1 / 60)


class Broken(SoundProbe):
    played = ((np.where(tone() > 0.49, np.nan, tone()), "tone-A4"),)


def test_bad_samples_stop_the_render_in_one_line_writing_nothing(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("VOICE", "none")
    monkeypatch.setattr(render, "find_scene", lambda name: Broken)
    assert (
        render.main(["SoundProbe", "--quality", "draft", "--out", str(tmp_path)]) == 2
    )
    err = capsys.readouterr().err.strip()
    assert err.startswith("render: sound 'tone-A4': ")
    assert err.endswith(" samples are NaN or infinite") and "\n" not in err
    assert list(tmp_path.iterdir()) == []


class TwoSounds(SoundProbe):
    played = ((tone(), "tone-A4"), (tone(), "tone-A4-again"))


def test_an_interrupted_render_leaves_no_partial_wav(tmp_path, monkeypatch):
    monkeypatch.setenv("VOICE", "none")
    earlier = tmp_path / "sounds" / "SoundProbe-01-tone-A4.wav"
    voice.write_wav(earlier, tone(0.1), RATE)
    before = earlier.read_bytes()
    real, calls = soundtrack.write_wav, []

    def stopped_after_one(path, audio, rate):
        calls.append(path)
        if len(calls) == 2:
            path.write_bytes(b"RIFF half")  # a half-written file, then Ctrl-C
            raise KeyboardInterrupt
        real(path, audio, rate)

    monkeypatch.setattr(soundtrack, "write_wav", stopped_after_one)
    with pytest.raises(KeyboardInterrupt):
        render_probe(tmp_path, monkeypatch, TwoSounds)
    # written in the render's work folder, never straight into <out>/sounds
    assert [p.parent.parent.name.startswith(".SoundProbe-") for p in calls] == [
        True,
        True,
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sounds"]
    assert [p.name for p in (tmp_path / "sounds").iterdir()] == [earlier.name]
    assert earlier.read_bytes() == before  # the earlier render's, untouched


def test_slides_of_a_scene_with_sounds_render_silently(tmp_path, monkeypatch):
    monkeypatch.setenv("VOICE", "none")
    monkeypatch.setattr("scenes.output.catalog.find_scene", lambda name: SoundProbe)
    monkeypatch.setattr("scenes.output.catalog.describe", lambda name: "A probe.")
    index = slides.render_scene("SoundProbe", tmp_path, "draft")
    assert index.is_file()
    assert not (tmp_path / "sounds").exists()  # slides are silent


@pytest.fixture(scope="module")
def page(silent, tmp_path_factory):
    """The gallery of two scenes, the probe with its sound and one without."""
    src, files, _ = silent
    out = tmp_path_factory.mktemp("gallery")
    shutil.copytree(src / "sounds", out / "sounds")
    for scene in ("SoundProbe", "Quiet"):
        for ext in gallery.FILES:
            shutil.copy(files[ext], out / f"{scene}{ext}")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(
            gallery, "ordered", lambda: [("sound", "SoundProbe"), ("sound", "Quiet")]
        )
        mp.setattr(gallery, "chapter_title", lambda c: "Sound")
        mp.setattr(gallery, "scene_title", lambda s: s)
        mp.setattr(gallery, "describe", lambda s: "A probe.")
        assert gallery.main(["--out", str(out)]) == 0
        quiet_card = gallery.scene_card("Quiet", out)
    return out, quiet_card


def test_a_scene_without_sounds_has_an_unchanged_card(page, tmp_path, monkeypatch):
    out, quiet_card = page
    monkeypatch.setattr(gallery, "scene_title", lambda s: s)
    monkeypatch.setattr(gallery, "describe", lambda s: "A probe.")
    assert "<audio" not in quiet_card and 'class="sounds"' not in quiet_card
    shutil.copy(out / "Quiet.srt", tmp_path / "Quiet.srt")  # no sounds folder
    assert quiet_card == gallery.scene_card("Quiet", tmp_path)


def test_the_gallery_plays_each_sound_from_disk(page):
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    out, _ = page
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        tab = browser.new_page()
        problems = []
        tab.on("pageerror", lambda e: problems.append(str(e)))
        tab.on(
            "console",
            lambda m: (
                problems.append(m.text) if m.type in ("error", "warning") else None
            ),
        )
        # ERR_ABORTED: the browser stopping a download once it has the
        # metadata it asked for, not a failure
        tab.on(
            "requestfailed",
            lambda r: (
                problems.append(f"{r.url} {r.failure}")
                if r.failure != "net::ERR_ABORTED"
                else None
            ),
        )
        tab.goto((out / "index.html").as_uri())
        found = tab.evaluate(
            """() => [...document.querySelectorAll('article')].map(a => [
                a.id,
                [...a.querySelectorAll('audio')].map(x => [
                    x.getAttribute('src'), x.getAttribute('preload'),
                    x.hasAttribute('controls'), x.getAttribute('aria-label'),
                    x.closest('li').querySelector('.sound').textContent])])"""
        )
        assert found == [
            [
                "SoundProbe",
                [
                    [
                        "sounds/SoundProbe-01-tone-A4.wav",
                        "none",
                        True,
                        "tone A4",
                        "1. tone A4",
                    ]
                ],
            ],
            ["Quiet", []],
        ]
        # nothing is fetched until asked; asked, the file loads and decodes
        seconds = tab.evaluate(
            """() => new Promise((done, fail) => {
                const a = document.querySelector('audio');
                a.addEventListener('loadedmetadata', () => done(a.duration));
                a.addEventListener('error', () => fail(a.error.message));
                a.preload = 'metadata'; a.load(); })"""
        )
        browser.close()
    assert seconds == pytest.approx(TONE_S, abs=0.01)
    assert problems == []


def test_a_voice_starting_the_video_is_not_clipped_by_the_aac_encoder(
        tmp_path, monkeypatch):
    """A line spoken from the first instant keeps its peak once encoded: the
    AAC encoder's temporal noise shaping overshot this very line by 3.7 dB
    (decoded at +1.9 dBFS from a track peaking at -1.8) in its first second."""
    from scenes.kit.spoken import speakable

    monkeypatch.setenv("VOICE", "heart")
    clip = voice.clip(speakable("Four synthesiser notes, like the training notes."))
    track = soundtrack.mix([(0.0, clip.path)], clip.seconds + 0.5)
    movie = tmp_path / "still.mp4"
    _blank_movie(movie, clip.seconds + 0.5)
    soundtrack.mux(movie, track, movie)
    audio, _ = decode_audio(movie)
    track_peak = 20 * np.log10(np.abs(track).max())
    assert track_peak <= voice.PEAK_DBFS + 0.5
    assert 20 * np.log10(np.abs(audio).max()) < track_peak + 1.0 < 0


def _blank_movie(path: Path, seconds: float) -> None:
    """A black H.264 video of ``seconds`` at 10 fps (PyAV), for a track to join."""
    import av

    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 36, "yuv420p"
        for _ in range(round(seconds * 10)):
            frame = av.VideoFrame.from_ndarray(np.zeros((36, 64, 3), np.uint8),
                                               format="rgb24")
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
