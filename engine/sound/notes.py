"""Notes, pitches and note tokens: what every model of the sound chapter
speaks.

One key, C major, over two octaves from middle C (C4, 261.63 Hz) to C6: the
15 scale degrees 0..14 are the notes. Pitches follow twelve-tone equal
temperament tuned to A4 = 440 Hz (MIDI numbering, C4 = 60).

A tune is a list of tokens, one a beat: a note token starts a note, the hold
token ``-`` keeps the note before it sounding one beat more. So a slow tune has
many holds, a fast one few. ``<s>`` starts every tune and ``</s>`` ends it.

Numpy only (no torch): prompts and tunes are checked before anything loads.
"""

from __future__ import annotations

import numpy as np

RATE = 16_000  # samples a second, every sound of the chapter
KEY = "C major"
# Semitones above the tonic for each degree of a major scale.
MAJOR_STEPS = (0, 2, 4, 5, 7, 9, 11)
TONIC_MIDI = 60  # middle C
DEGREES = 15  # two octaves and the top tonic: C4 D4 E4 F4 G4 A4 B4 C5 ... C6
LETTERS = ("C", "D", "E", "F", "G", "A", "B")

BOS, EOS, HOLD = "<s>", "</s>", "-"


def degree_midi(degree: int) -> int:
    """MIDI note number of scale ``degree`` (0 = C4 = 60, 7 = C5, 14 = C6).
    Raises ValueError outside 0..DEGREES-1."""
    if not 0 <= int(degree) < DEGREES:
        raise ValueError(f"scale degree {degree} is outside 0..{DEGREES - 1}")
    octave, step = divmod(int(degree), len(MAJOR_STEPS))
    return TONIC_MIDI + 12 * octave + MAJOR_STEPS[step]


def midi_hz(midi: float) -> float:
    """Frequency in Hz of MIDI note ``midi`` (A4 = 69 = 440 Hz, equal temperament)."""
    return float(440.0 * 2.0 ** ((midi - 69.0) / 12.0))


def hz_midi(hz):
    """MIDI note number (fractional) of frequency ``hz`` (Hz, > 0); arrays too."""
    return 69.0 + 12.0 * np.log2(np.asarray(hz, dtype=np.float64) / 440.0)


def degree_name(degree: int) -> str:
    """The note's name with its octave, e.g. 2 -> 'E4', 9 -> 'E5'."""
    octave, step = divmod(int(degree), len(MAJOR_STEPS))
    if not 0 <= int(degree) < DEGREES:
        raise ValueError(f"scale degree {degree} is outside 0..{DEGREES - 1}")
    return f"{LETTERS[step]}{4 + octave}"


NOTE_NAMES = tuple(degree_name(d) for d in range(DEGREES))
# The token vocabulary: index = token id. Notes first, so a note token's id is
# its scale degree.
VOCAB = (*NOTE_NAMES, HOLD, BOS, EOS)
TOKEN_ID = {t: i for i, t in enumerate(VOCAB)}


def encode(tokens: list[str]) -> np.ndarray:
    """Token ids (int64, one per token) of ``tokens``; ValueError on a token
    not in VOCAB, naming it."""
    unknown = [t for t in tokens if t not in TOKEN_ID]
    if unknown:
        raise ValueError(f"unknown note token {unknown[0]!r} (notes are C4..C6, "
                         f"'{HOLD}' holds a note one beat more)")
    return np.asarray([TOKEN_ID[t] for t in tokens], dtype=np.int64)


def decode(ids) -> list[str]:
    """The tokens of token ids ``ids``."""
    return [VOCAB[int(i)] for i in ids]


def notes_of(tokens: list[str]) -> list[tuple[int, int]]:
    """The notes a token list plays, as (scale degree, beats) pairs: each note
    token starts a note, each hold after it adds a beat; ``<s>``/``</s>`` and a
    hold with no note before it are skipped."""
    notes: list[tuple[int, int]] = []
    for t in tokens:
        if t in (BOS, EOS):
            continue
        if t == HOLD:
            if notes:
                notes[-1] = (notes[-1][0], notes[-1][1] + 1)
            continue
        notes.append((TOKEN_ID[t], 1))
    return notes
