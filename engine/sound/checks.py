"""Independent checks of generated notes: did not train with any model of the
chapter, and are tried on real notes first.

- Pitch: ``librosa.pyin`` (Mauch and Dixon, "pYIN: A probabilistic variant of
  the YIN fundamental frequency estimator", ICASSP 2014) over 100-1200 Hz;
  the note's pitch is the median f0 of the frames pYIN calls voiced, in
  (fractional) MIDI numbers. The error is that minus the prompted note's MIDI
  number, in semitones. The rule: a note is "within a semitone" when
  |error| < 1.0 (strictly: a whole semitone off, the neighbouring note, fails);
  a note with no voiced frame has no pitch and fails.
- Instrument: a multinomial logistic regression (scikit-learn) trained on real
  notes only, never on generated ones, reading a note's mean log-mel
  spectrum over time (its timbre) and a few envelope features (how loud it is
  in each eighth of the note, relative to its loudest, plus spectral
  flatness and centroid). Its accuracy on held-out real notes is reported
  with it.

numpy, librosa and scikit-learn; no torch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.sound.notes import RATE, degree_midi, hz_midi

PYIN_FMIN = 100.0  # Hz; the chapter's notes are 262-1047 Hz
PYIN_FMAX = 1200.0
PYIN_FRAME = 1024  # samples (64 ms): two periods of the lowest pitch searched
PYIN_HOP = 512  # samples (32 ms) between estimates: 16 a note
WITHIN = 1.0  # semitones: |error| < WITHIN passes
ENVELOPE_PARTS = 8


def pitch_midi(waves: np.ndarray) -> np.ndarray:
    """Estimated pitch of each sound in ``waves`` (n, samples) at RATE, as a
    fractional MIDI number (n,) float64: the median f0 of pYIN's voiced
    frames; NaN where no frame is voiced."""
    import librosa
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        f0, voiced, _ = librosa.pyin(np.asarray(waves, dtype=np.float32),
                                     fmin=PYIN_FMIN, fmax=PYIN_FMAX, sr=RATE,
                                     frame_length=PYIN_FRAME,
                                     hop_length=PYIN_HOP)  # fmt: skip
    f0 = np.atleast_2d(f0)
    voiced = np.atleast_2d(voiced) & np.isfinite(f0)
    out = np.full(len(f0), np.nan)
    for i in range(len(f0)):
        if voiced[i].any():
            out[i] = float(np.median(hz_midi(f0[i][voiced[i]])))
    return out


def semitone_error(waves: np.ndarray, degrees: np.ndarray) -> tuple[np.ndarray,
                                                                     np.ndarray]:
    """(estimated MIDI (n,), error in semitones (n,)) of ``waves`` (n, samples)
    prompted at scale ``degrees`` (n,); NaN where no pitch was found."""
    est = pitch_midi(waves)
    target = np.array([degree_midi(int(d)) for d in degrees], dtype=np.float64)
    return est, est - target


def within_semitone(error: np.ndarray) -> np.ndarray:
    """The rule: True where |error| < WITHIN; NaN (no pitch found) fails."""
    e = np.asarray(error, dtype=np.float64)
    return np.where(np.isfinite(e), np.abs(np.nan_to_num(e, nan=99.0)) < WITHIN,
                    False)  # fmt: skip


def features(waves: np.ndarray) -> np.ndarray:
    """What the instrument classifier reads of each sound in ``waves``
    (n, samples): the mean log-mel spectrum (64 bands, dB), the loudness of
    each eighth of the note relative to its loudest (dB), spectral flatness
    and centroid (kHz). (n, 64 + 8 + 2) float64."""
    import librosa
    from threadpoolctl import threadpool_limits

    w = np.asarray(waves, dtype=np.float32)
    with threadpool_limits(1):
        mel = librosa.feature.melspectrogram(y=w, sr=RATE, n_fft=512, hop_length=256,
                                             n_mels=64, fmax=4000.0)  # (n, 64, T)
        flat = librosa.feature.spectral_flatness(y=w, n_fft=512, hop_length=256)
        cent = librosa.feature.spectral_centroid(y=w, sr=RATE, n_fft=512,
                                                 hop_length=256)  # fmt: skip
    db = 10 * np.log10(np.maximum(mel, 1e-10))
    peak = db.max(axis=(1, 2), keepdims=True)
    timbre = (db - peak).mean(axis=2)  # (n, 64): shape of the spectrum
    frame_energy = mel.sum(axis=1)  # (n, T)
    parts = np.array_split(frame_energy, ENVELOPE_PARTS, axis=1)
    env = np.stack([p.mean(axis=1) for p in parts], axis=1)  # (n, 8)
    env = 10 * np.log10(np.maximum(env, 1e-10) / np.maximum(env.max(1, keepdims=True),
                                                             1e-10))  # fmt: skip
    return np.concatenate([timbre, env, flat.mean(axis=(1, 2))[:, None],
                           cent.mean(axis=(1, 2))[:, None] / 1000.0], axis=1)


@dataclass
class InstrumentCheck:
    """The instrument classifier and how it did on real notes it never saw.

    ``model`` is a fitted scikit-learn pipeline (standardise, then logistic
    regression); ``held_out_accuracy`` its share right on held-out real notes
    (``held_out`` of them)."""

    model: object
    held_out_accuracy: float
    held_out: int

    def predict(self, waves: np.ndarray) -> np.ndarray:
        """Instrument index (n,) int64 for each sound in ``waves`` (n, samples)."""
        return np.asarray(self.model.predict(features(waves)), dtype=np.int64)


def fit_instrument_check(train_waves: np.ndarray, train_labels: np.ndarray,
                         test_waves: np.ndarray, test_labels: np.ndarray,
                         seed: int = 0) -> InstrumentCheck:
    """Fit the classifier on real ``train_waves`` (n, samples) with instrument
    ``train_labels`` (n,), and score it on real held-out ``test_waves``."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from threadpoolctl import threadpool_limits

    model = make_pipeline(StandardScaler(),
                          LogisticRegression(C=0.5, max_iter=2000, random_state=seed))
    with threadpool_limits(1):
        model.fit(features(train_waves), np.asarray(train_labels))
    check = InstrumentCheck(model, 0.0, len(test_labels))
    right = check.predict(test_waves) == np.asarray(test_labels)
    check.held_out_accuracy = float(right.mean())
    return check
