"""Sounds a scene plays: heard in the MP4 beside the narration, never under it.

    class Heard(ExplainerScene):
        def construct(self):
            self.narrate("Listen: a bell, high E.")
            self.play_sound(samples, 16_000, "bell-E5", cursor.animate.shift(4 * RIGHT))

``ExplainerScene.play_sound`` first waits until the line being spoken (and
its pause) is over, so the voice never talks over a sound; then it plays the
given animations over exactly the sound's length (or holds the frame that
long), logs (start time, Sound) in ``scene.played_sounds`` and returns when
the sound has ended. The render (scenes/output/render.py) mixes every logged
sound into the MP4's audio track beside the voice clips, and writes each one
as ``<out>/sounds/<Scene>-<nn>-<name>.wav`` for the gallery's players.

Level: each sound is brought to SOUND_LUFS integrated loudness (ITU-R
BS.1770, measured by pyloudnorm as the voice is, scenes/kit/voice.py): 4 LU
under the voice's -16 LUFS, so a sound sits a little under the words around
it. One gain does it; if that gain would put a peak above SOUND_PEAK_DBFS,
the gain is lowered until the peak sits there instead (the sound comes out
quieter, never clipped or reshaped by a limiter). Resampling to the track's
48 kHz is scipy.signal.resample_poly: a polyphase FIR (Kaiser window,
beta 5) that is exact for rational ratios such as 16 kHz -> 48 kHz (x3).
The .wav keeps the samples as given, at their own rate, unlevelled.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from numbers import Integral

import numpy as np

from scenes.kit.voice import SAMPLE_RATE

SOUND_LUFS = -20.0  # integrated loudness of a sound: 4 LU under the voice's -16
SOUND_PEAK_DBFS = -3.0  # no sample of a levelled sound goes above this
MIN_RATE, MAX_RATE = 8_000, 192_000  # Hz: the rates audio is sampled at
NAME = re.compile(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*")  # file- and URL-safe
MAX_NAME = 64  # characters
SILENT = 1e-4  # a sound whose every sample is under this (-80 dBFS) is silence


class SoundError(ValueError):
    """Samples, a rate or a name that cannot be played as a sound."""


@dataclass(frozen=True)
class Sound:
    """One sound a scene played.

    ``samples``: float32 (n,) in [-1, 1] at ``rate`` Hz, as the scene gave
    them (written to the .wav); ``track``: the same sound levelled (see the
    module docstring) and resampled to voice.SAMPLE_RATE, float32, for the
    MP4's mix; ``lufs``: its measured loudness before levelling; ``gain_db``:
    the gain applied."""

    name: str
    samples: np.ndarray
    rate: int
    track: np.ndarray
    lufs: float
    gain_db: float

    @property
    def seconds(self) -> float:
        """The sound's length in seconds."""
        return self.samples.size / self.rate


def check(samples, rate, name) -> np.ndarray:
    """``samples`` as float32 (n,) after checking the three arguments of
    play_sound; SoundError in one line for an empty, non-float, non-mono,
    non-finite or out-of-range array, a rate that is not a whole number of Hz
    in [MIN_RATE, MAX_RATE], or a name that is not a file-safe slug."""
    if not isinstance(name, str) or not NAME.fullmatch(name) or len(name) > MAX_NAME:
        raise SoundError(
            f"a sound's name must be letters and digits joined by - or _, at most "
            f"{MAX_NAME} characters, e.g. 'bell-E5-step-250' (not {name!r})"
        )
    if isinstance(rate, bool) or not isinstance(rate, Integral):
        raise SoundError(f"sound {name!r}: the rate must be whole Hz, not {rate!r}")
    if not MIN_RATE <= rate <= MAX_RATE:
        raise SoundError(
            f"sound {name!r}: a rate of {rate} Hz is outside {MIN_RATE}-{MAX_RATE} Hz"
        )
    a = np.asarray(samples)
    if not np.issubdtype(a.dtype, np.floating):
        raise SoundError(
            f"sound {name!r}: samples must be floats in [-1, 1], not {a.dtype}"
        )
    if a.ndim != 1:
        raise SoundError(
            f"sound {name!r}: samples must be mono, shape (n,), not {a.shape}"
        )
    if a.size == 0:
        raise SoundError(f"sound {name!r} has no samples")
    bad = int(np.count_nonzero(~np.isfinite(a)))
    if bad:
        raise SoundError(f"sound {name!r}: {bad} samples are NaN or infinite")
    peak = float(np.max(np.abs(a)))
    if peak > 1.0:
        raise SoundError(
            f"sound {name!r}: samples must lie in [-1, 1]; the largest is {peak:.3g}"
        )
    if peak < SILENT:
        raise SoundError(f"sound {name!r} is silent")
    return a.astype(np.float32)


def level(samples: np.ndarray, rate: int, name: str = "sound") -> Sound:
    """Check ``samples`` (float (n,) in [-1, 1] at ``rate`` Hz), resample them
    to voice.SAMPLE_RATE with scipy.signal.resample_poly and level them to
    SOUND_LUFS under a SOUND_PEAK_DBFS peak (module docstring). SoundError for
    bad input (see ``check``) or a sound with no measurable loudness."""
    import pyloudnorm
    from scipy.signal import resample_poly

    a = check(samples, rate, name)
    g = math.gcd(SAMPLE_RATE, int(rate))
    track = resample_poly(a.astype(np.float64), SAMPLE_RATE // g, int(rate) // g)
    measured = track
    if track.size < SAMPLE_RATE // 2:  # the meter's blocks are 0.4 s: a short
        measured = np.tile(track, -(-(SAMPLE_RATE // 2) // track.size))  # one repeats
    lufs = float(pyloudnorm.Meter(SAMPLE_RATE).integrated_loudness(measured))
    if not np.isfinite(lufs):
        raise SoundError(f"sound {name!r} has no loudness to measure (only a hum?)")
    gain = SOUND_LUFS - lufs
    peak_db = 20 * math.log10(float(np.max(np.abs(track))))
    gain = min(gain, SOUND_PEAK_DBFS - peak_db)  # quieter rather than clipped
    track = (track * 10 ** (gain / 20)).astype(np.float32)
    return Sound(name, a, int(rate), track, lufs, gain)


class PlaysSounds:
    """The kit's ``play_sound``, mixed into ExplainerScene (scenes/kit/base.py)."""

    played_sounds: list[tuple[float, Sound]]  # (start time s, sound), in order

    def play_sound(self, samples, rate, name, *animations) -> Sound:
        """Play a sound: after the voice, with ``animations`` over its length.

        ``samples``: float32 mono (n,) in [-1, 1] at ``rate`` Hz (16 kHz in the
        sound chapter); ``name``: a short file-safe slug such as
        "bell-E5-step-250", used in the .wav's name
        (``<Scene>-<nn>-<name>.wav``, nn counting the scene's sounds from 01)
        and shown by the gallery.

        First waits, on the current frame, until the caption on screen may go
        (hold_caption): its spoken clip and pause are over, and every queued
        part of a split line has been said. Then plays ``animations`` with
        run_time set to the sound's length in seconds (or holds the frame
        that long if there are none), the sound starting on the first frame
        of that play; returns once the sound has ended. The sound is logged
        in ``self.played_sounds`` for the render's soundtrack and .wav files,
        with ``VOICE=none`` too. Returns the levelled Sound.

        Raises SoundError (one line, before anything is drawn) for empty,
        NaN, non-mono or out-of-range samples, a bad rate or a name that is
        not file-safe.
        """
        sound = level(samples, rate, name)  # bad input: refused before any wait
        self.hold_caption()  # the voice never talks over a sound
        start = self.renderer.time
        if animations:
            self.play(*animations, run_time=sound.seconds)
        end = start + sound.seconds
        self.wait_frames(end - self.renderer.time)  # whole frames, to its end
        self.played_sounds.append((start, sound))
        # the scene's last frame is held as long after a sound as after words
        self._voice_until = max(self._voice_until, end)
        return sound
