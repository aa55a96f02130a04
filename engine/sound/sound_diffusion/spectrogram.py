"""A note as a picture of its sound, and back: log-mel spectrograms and
Griffin-Lim.

The model draws a log-mel spectrogram (time left to right, pitch bottom to
top, loudness as brightness), not the waveform itself: 0.5 s is 8,000 samples
whose phases a small network cannot place, while the spectrogram of the same
note is a 64 x 32 picture, the size the chapter's other denoisers draw.

Forward: ``librosa.feature.melspectrogram`` (16 kHz, 512-point FFT, hop 256,
64 mel bands up to 4 kHz, power), in decibels from ``FLOOR_DB`` to
``CEIL_DB`` (fixed, not per note, so loudness stays in the picture), scaled to
[-1, 1]. Back: ``librosa.feature.inverse.mel_to_audio``, which undoes the mel
bands by non-negative least squares and finds phases by Griffin-Lim (Griffin
and Lim, "Signal estimation from modified short-time Fourier transform", IEEE
TASSP 32(2), 1984). Why this: a standard, well-kept method from librosa that
needs no trained weights (no neural vocoder can be downloaded here); it keeps
the pitch (the recorder measures this on real notes, the
``check_real_roundtrip_*`` figures) but smears phase, so notes sound a little
rougher than the originals.

numpy and librosa only. BLAS is held to one thread while inverting: the
least-squares step otherwise spreads over every core for no gain at this size.
"""

from __future__ import annotations

import numpy as np

from engine.sound.notes import RATE

N_FFT = 512  # 32 ms windows: 31 Hz per FFT bin
HOP = 256  # 16 ms between columns
N_MELS = 64  # rows of the picture
FMAX = 4000.0  # Hz; the fundamentals here are 262-523 Hz, harmonics above
FLOOR_DB = -50.0  # quietest level kept (-1 in the picture): 70+ dB under the loudest
CEIL_DB = 30.0  # loudest level (1 in the picture); real notes peak at 0-23 dB
GRIFFIN_LIM_ITERS = 32


def frames(samples: int) -> int:
    """Columns of the picture of ``samples`` samples (centred frames)."""
    return 1 + samples // HOP


def to_picture(waves: np.ndarray) -> np.ndarray:
    """Log-mel pictures of ``waves`` (..., samples) float at RATE:
    (..., N_MELS, frames) float32 in [-1, 1], row 0 = lowest band."""
    import librosa

    power = librosa.feature.melspectrogram(
        y=np.asarray(waves, dtype=np.float32), sr=RATE, n_fft=N_FFT, hop_length=HOP,
        n_mels=N_MELS, fmax=FMAX, power=2.0,
    )  # fmt: skip
    db = 10.0 * np.log10(np.maximum(power, 1e-12))
    db = np.clip(db, FLOOR_DB, CEIL_DB)
    return (2.0 * (db - FLOOR_DB) / (CEIL_DB - FLOOR_DB) - 1.0).astype(np.float32)


def to_power(pictures: np.ndarray) -> np.ndarray:
    """Mel power (..., N_MELS, frames) of pictures in [-1, 1] (values outside
    are clipped); the quietest level becomes silence."""
    x = np.clip(np.asarray(pictures, dtype=np.float64), -1.0, 1.0)
    db = FLOOR_DB + (x + 1.0) / 2.0 * (CEIL_DB - FLOOR_DB)
    power = 10.0 ** (db / 10.0)
    return np.where(x <= -1.0 + 1e-6, 0.0, power)


def to_sound(pictures: np.ndarray, samples: int, iters: int = GRIFFIN_LIM_ITERS,
             seed: int = 0) -> np.ndarray:
    """Sounds of log-mel ``pictures`` (n, N_MELS, frames): float32 (n, samples)
    at RATE, peak at most 0.95, as ``mel_to_audio`` makes them (NNLS, then
    Griffin-Lim: ``iters`` iterations from random phases drawn with ``seed``)."""
    import librosa
    from threadpoolctl import threadpool_limits

    power = to_power(pictures)
    if len(power) == 0:
        return np.zeros((0, samples), dtype=np.float32)
    with threadpool_limits(1):
        # What mel_to_audio does, in its two steps, so the random starting
        # phases follow the seed. The least-squares step one picture at a
        # time (a joint problem over a batch converges several times slower);
        # Griffin-Lim over the whole batch at once.
        stft = np.stack([librosa.feature.inverse.mel_to_stft(
            p, sr=RATE, n_fft=N_FFT, power=2.0, fmax=FMAX) for p in power])
        out = librosa.griffinlim(
            stft, n_iter=iters, hop_length=HOP, n_fft=N_FFT, length=samples,
            random_state=np.random.default_rng(seed))
    peak = np.max(np.abs(out), axis=1, keepdims=True)
    return (out / np.maximum(1.0, peak / 0.95)).astype(np.float32)
