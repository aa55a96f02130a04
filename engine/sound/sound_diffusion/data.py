"""The real set the sound diffusion model learns from: every instrument at the
eight scale degrees C4..C5, each note played several times with
``synth.draw_playing`` variation (when it starts, how bright, how loud).

Numpy and librosa only. Row order: instrument, then degree, then take, so
``real_set(n, seed)`` and ``real_set(n, seed)`` are the same notes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.sound.notes import RATE, degree_name
from engine.sound.sound_diffusion.spectrogram import frames, to_picture
from engine.sound.synth import INSTRUMENTS, NOTE_SECONDS, draw_playing, note

PITCHES = 8  # scale degrees 0..7 = C4 D4 E4 F4 G4 A4 B4 C5
SAMPLES = int(round(NOTE_SECONDS * RATE))  # 8,000 samples a note
FRAMES = frames(SAMPLES)  # 32 columns a picture


@dataclass
class RealSet:
    """Real notes. waves (n, SAMPLES) float32 at RATE; pictures (n, N_MELS,
    FRAMES) float32 in [-1, 1]; instrument (n,) index into INSTRUMENTS;
    degree (n,) scale degree 0..PITCHES-1."""

    waves: np.ndarray
    pictures: np.ndarray
    instrument: np.ndarray
    degree: np.ndarray


def real_set(per_note: int, seed: int, with_pictures: bool = True) -> RealSet:
    """``per_note`` takes of every (instrument, degree), drawn from ``seed``."""
    rng = np.random.default_rng(seed)
    waves, inst, deg = [], [], []
    for i, name in enumerate(INSTRUMENTS):
        for d in range(PITCHES):
            for _ in range(per_note):
                waves.append(note(name, d, draw_playing(rng), rng))
                inst.append(i)
                deg.append(d)
    w = np.stack(waves).astype(np.float32)
    pictures = to_picture(w) if with_pictures else np.zeros((0,), np.float32)
    return RealSet(w, pictures, np.array(inst, np.int64), np.array(deg, np.int64))


def prompt_name(instrument: int, degree: int) -> str:
    """'bell G4' for instrument index and scale degree."""
    return f"{INSTRUMENTS[instrument]} {degree_name(degree)}"
