"""The kit's sounds: checked, resampled and levelled before a scene plays them."""

from __future__ import annotations

import numpy as np
import pyloudnorm
import pytest

from scenes.kit import sounds, voice
from scenes.kit.sounds import SoundError, level

RATE = 16_000


def tone(seconds: float = 0.3, hz: float = 440.0, amp: float = 0.5) -> np.ndarray:
    t = np.arange(round(seconds * RATE)) / RATE
    return (amp * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def lufs(track: np.ndarray) -> float:
    reps = -(-(voice.SAMPLE_RATE // 2) // track.size)  # as the kit measures it
    return pyloudnorm.Meter(voice.SAMPLE_RATE).integrated_loudness(
        np.tile(track.astype(np.float64), reps)
    )


@pytest.mark.parametrize("amp", [0.01, 0.5, 1.0])
def test_a_sound_is_brought_to_minus_20_lufs_at_48khz_whatever_its_level(amp):
    s = level(tone(0.5, amp=amp), RATE, "tone")
    assert s.track.dtype == np.float32
    assert s.track.size == 3 * RATE // 2  # 16 kHz -> 48 kHz, 0.5 s
    assert s.seconds == pytest.approx(0.5)
    assert lufs(s.track) == pytest.approx(sounds.SOUND_LUFS, abs=0.1)
    assert sounds.SOUND_LUFS < voice.TARGET_LUFS  # a little under the voice
    assert np.max(np.abs(s.track)) <= 10 ** (sounds.SOUND_PEAK_DBFS / 20)


def test_a_sound_whose_peaks_would_clip_comes_out_quieter_not_clipped():
    clicks = np.zeros(RATE // 2, np.float32)
    clicks[::4000] = 1.0  # a few clicks: loud peaks, little loudness
    s = level(clicks, RATE, "clicks")
    peak_db = 20 * np.log10(np.max(np.abs(s.track)))
    assert peak_db == pytest.approx(sounds.SOUND_PEAK_DBFS, abs=0.01)
    assert lufs(s.track) < sounds.SOUND_LUFS - 1
    # one gain, no limiter: the shape is the resampled input's, scaled
    from scipy.signal import resample_poly

    shape = resample_poly(clicks.astype(np.float64), 3, 1)
    assert np.allclose(s.track, shape * 10 ** (s.gain_db / 20), atol=1e-6)


def test_resampling_keeps_the_tone_and_its_timing():
    s = level(tone(0.5, hz=1000.0), RATE, "tone")
    t = np.arange(s.track.size) / voice.SAMPLE_RATE
    ideal = np.sin(2 * np.pi * 1000.0 * t) * 0.5 * 10 ** (s.gain_db / 20)
    middle = slice(2400, -2400)  # away from the filter's edges
    err = s.track[middle] - ideal[middle]
    assert np.sqrt(np.mean(err**2)) < 1e-3 * np.max(np.abs(ideal))


def test_the_samples_kept_for_the_wav_are_the_ones_given():
    given = tone()
    s = level(given, RATE, "tone")
    assert s.samples.dtype == np.float32 and s.rate == RATE
    assert np.array_equal(s.samples, given)
    assert s.samples is not given  # a copy: later edits to the array do not leak


def bad_inputs():
    good = tone()
    nan = good.copy()
    nan[7] = np.nan
    return [
        ((np.zeros(0, np.float32), RATE, "x"), "has no samples"),
        ((nan, RATE, "x"), "1 samples are NaN or infinite"),
        ((np.where(good > 0.4, np.inf, good), RATE, "x"), "NaN or infinite"),
        ((np.stack([good, good]), RATE, "x"), "mono, shape (n,), not (2, 4800)"),
        ((good[:, None], RATE, "x"), "mono, shape (n,), not (4800, 1)"),
        (((good * 32767).astype(np.int16), RATE, "x"), "floats in [-1, 1], not int16"),
        ((good * 3, RATE, "x"), "must lie in [-1, 1]; the largest is 1.5"),
        ((np.zeros(100, np.float32), RATE, "x"), "is silent"),
        ((tone(amp=3e-4), RATE, "x"), "no loudness to measure"),
        ((good, 0, "x"), "0 Hz is outside 8000-192000 Hz"),
        ((good, 16000.5, "x"), "whole Hz, not 16000.5"),
        ((good, True, "x"), "whole Hz, not True"),
        ((good, RATE, ""), "not ''"),
        ((good, RATE, "bell E5"), "not 'bell E5'"),
        ((good, RATE, "../x"), "not '../x'"),
        ((good, RATE, "x.wav"), "not 'x.wav'"),
        ((good, RATE, "C#4"), "not 'C#4'"),
        ((good, RATE, "a-"), "not 'a-'"),
        ((good, RATE, "é"), "not 'é'"),
        ((good, RATE, "a" * 65), "at most 64 characters"),
        ((good, RATE, None), "not None"),
    ]


@pytest.mark.parametrize(("args", "says"), bad_inputs())
def test_bad_input_is_refused_in_one_clear_line(args, says):
    with pytest.raises(SoundError) as err:
        level(*args)
    text = str(err.value)
    assert says in text and "\n" not in text


def test_a_good_name_is_accepted():
    assert level(tone(), RATE, "bell-E5-step_250").name == "bell-E5-step_250"
