"""The chapter's instruments, synthesised: no recording is downloaded, so
every sound the models learn from is made here, from a seed.

Four well-known synthesis methods, one instrument each:

- ``string``: a plucked string by Karplus-Strong (Karplus and Strong, "Digital
  Synthesis of Plucked-String and Drum Timbres", Computer Music Journal 7(2),
  1983): a burst of noise fed round a delay line one period long through a
  two-point average, which dulls it as real strings do.
- ``bell``: frequency modulation (Chowning, "The Synthesis of Complex Audio
  Spectra by Means of Frequency Modulation", JAES 21(7), 1973) with the
  modulator at 3.5 times the carrier: inharmonic partials, as a bell has,
  whose strength (the modulation index) dies away faster than the tone.
- ``whistle``: a sine with vibrato (5-6 wobbles a second) and a little breath
  noise.
- ``drum``: a tuned tom: a sine whose pitch drops onto the note in its first
  few hundredths of a second (a struck skin), and a short click of noise.

Each note varies a little at random, as played notes do: when it starts
(0-30 ms late), how bright it is and how loud (within +-4 dB). Karplus-Strong
and the drum are made at 4x the rate and brought down (scipy's polyphase
resampler), so the string's whole-sample delay line is within 0.07 semitone
of the note at every pitch here.

Numpy and scipy only, float32 mono at ``notes.RATE`` (16 kHz), in [-1, 1].
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.signal import lfilter, resample_poly

from engine.sound.notes import RATE, degree_midi, midi_hz

INSTRUMENTS = ("string", "bell", "whistle", "drum")
NOTE_SECONDS = 0.5
OVERSAMPLE = 4
PEAK = 0.5  # peak of a note at its middle loudness; +-4 dB keeps it under 0.8
# The bell's modulator over its carrier: not a ratio of small whole numbers,
# so its partials share no lower fundamental (3.5 gave the octave below).
RATIO = 2.76


@dataclass(frozen=True)
class Playing:
    """How one note is played: the random parts, drawn by ``draw_playing``.

    delay: seconds of silence before the note starts (0-0.03).
    brightness: 0 (dull) .. 1 (bright); each instrument reads it its own way.
    gain_db: loudness relative to PEAK, dB (-4..4).
    """

    delay: float = 0.0
    brightness: float = 0.5
    gain_db: float = 0.0


def draw_playing(rng: np.random.Generator) -> Playing:
    """One random way of playing a note (see ``Playing``)."""
    return Playing(
        delay=float(rng.uniform(0.0, 0.03)),
        brightness=float(rng.uniform(0.0, 1.0)),
        gain_db=float(rng.uniform(-4.0, 4.0)),
    )


def _string(hz: float, n: int, b: float, rng: np.random.Generator) -> np.ndarray:
    rate = RATE * OVERSAMPLE
    # The two-point average delays by half a sample: the loop is period+0.5.
    period = max(2, int(round(rate / hz - 0.5)))
    burst = rng.uniform(-1.0, 1.0, period)
    # A duller pluck: the burst smoothed before it goes round (brightness 0).
    smooth = int(round(1 + 6 * (1 - b)))
    burst = np.convolve(burst, np.ones(smooth) / smooth, mode="same")
    burst -= burst.mean()  # a DC offset would go round the loop for ever
    decay = 0.996 + 0.003 * b  # loss a trip round the loop
    a = np.zeros(period + 2)
    a[0], a[period], a[period + 1] = 1.0, -decay / 2, -decay / 2
    x = np.zeros(n * OVERSAMPLE)
    x[:period] = burst
    y = lfilter([1.0], a, x)
    return resample_poly(y, 1, OVERSAMPLE)[:n]


def _bell(hz: float, n: int, b: float, rng: np.random.Generator) -> np.ndarray:
    t = np.arange(n) / RATE
    index = (1.0 + 2.0 * b) * np.exp(-t / 0.08)
    env = np.exp(-t / 0.35)
    phase = rng.uniform(0, 2 * np.pi)
    return env * np.sin(2 * np.pi * hz * t + phase
                        + index * np.sin(2 * np.pi * RATIO * hz * t))


def _whistle(hz: float, n: int, b: float, rng: np.random.Generator) -> np.ndarray:
    t = np.arange(n) / RATE
    wobble = rng.uniform(5.0, 6.0)
    depth = 0.25  # semitones either way
    f = hz * 2.0 ** (depth * np.sin(2 * np.pi * wobble * t) / 12.0)
    phase = 2 * np.pi * np.cumsum(f) / RATE
    tone = np.sin(phase) + 0.15 * b * np.sin(2 * phase)
    breath = lfilter([1.0], [1.0, -0.9], rng.standard_normal(n)) * 0.01 * (0.5 + b)
    env = np.minimum(1.0, t / 0.04) * np.minimum(1.0, (t[-1] - t) / 0.08)
    return env * (tone + breath)


def _drum(hz: float, n: int, b: float, rng: np.random.Generator) -> np.ndarray:
    rate = RATE * OVERSAMPLE
    t = np.arange(n * OVERSAMPLE) / rate
    f = hz * (1.0 + 0.6 * np.exp(-t / 0.015))
    tone = np.sin(2 * np.pi * np.cumsum(f) / rate) * np.exp(-t / 0.18)
    click = rng.standard_normal(t.size) * np.exp(-t / 0.004) * (0.2 + 0.5 * b)
    return resample_poly(tone + click, 1, OVERSAMPLE)[:n]


_MAKERS = {"string": _string, "bell": _bell, "whistle": _whistle, "drum": _drum}


def note_hz(instrument: str, hz: float, playing: Playing, rng: np.random.Generator,
            seconds: float = NOTE_SECONDS) -> np.ndarray:
    """One note of ``instrument`` at ``hz`` (Hz), ``seconds`` long, played as
    ``playing`` says: float32 (samples,) at RATE, peak under 0.8. The noise in
    it (the pluck, the breath, the click) comes from ``rng``.

    Raises ValueError on an unknown instrument or a pitch outside 20 Hz..RATE/4.
    """
    if instrument not in _MAKERS:
        raise ValueError(f"unknown instrument {instrument!r} "
                         f"(instruments: {', '.join(INSTRUMENTS)})")
    if not 20.0 <= hz <= RATE / 4:
        raise ValueError(f"pitch {hz:.1f} Hz is outside 20..{RATE // 4} Hz")
    n = int(round(seconds * RATE))
    start = min(n, int(round(playing.delay * RATE)))
    sound = np.zeros(n)
    body = _MAKERS[instrument](hz, n - start, playing.brightness, rng)
    fade = min(len(body), int(0.02 * RATE))  # no click where the note is cut
    if fade:
        body[-fade:] *= np.linspace(1.0, 0.0, fade)
    peak = float(np.max(np.abs(body))) or 1.0
    sound[start:] = body / peak * PEAK * 10 ** (playing.gain_db / 20)
    return sound.astype(np.float32)


def note(instrument: str, degree: int, playing: Playing, rng: np.random.Generator,
         seconds: float = NOTE_SECONDS) -> np.ndarray:
    """``note_hz`` at scale degree ``degree`` of the chapter's key
    (``notes.degree_midi``)."""
    return note_hz(instrument, midi_hz(degree_midi(degree)), playing, rng, seconds)


def tune(notes: list[tuple[int, int]], instrument: str = "string",
         beat: float = 0.25, seed: int = 0) -> np.ndarray:
    """The tune ``notes`` ((scale degree, beats) pairs, ``notes.notes_of``)
    played on ``instrument``, ``beat`` seconds a beat, each note ringing on
    (up to 0.1 s) into the next: float32 (samples,) at RATE, peak under 0.8.
    Every note is played the same way (middle brightness and loudness), so
    only the notes differ; ``seed`` draws the pluck or breath noise."""
    rng = np.random.default_rng(seed)
    starts = np.cumsum([0] + [b for _, b in notes])
    total = int(round((starts[-1] * beat + 0.1) * RATE)) + 1
    out = np.zeros(total)
    for (degree, beats), start in zip(notes, starts[:-1], strict=False):
        sound = note(instrument, degree, Playing(), rng, beats * beat + 0.1)
        i = int(round(start * beat * RATE))
        out[i: i + len(sound)] += sound
    peak = float(np.max(np.abs(out))) or 1.0
    return (out / max(1.0, peak / 0.8)).astype(np.float32)
