"""The chapter's notes and synthesised instruments (engine/sound/notes.py,
engine/sound/synth.py)."""

from __future__ import annotations

import numpy as np
import pytest

from engine.sound import notes, synth


def test_degrees_are_the_c_major_scale_over_two_octaves():
    assert [notes.degree_midi(d) for d in range(8)] == [60, 62, 64, 65, 67, 69, 71, 72]
    assert notes.degree_midi(14) == 84
    assert notes.degree_name(2) == "E4" and notes.degree_name(9) == "E5"
    assert notes.midi_hz(69) == pytest.approx(440.0)
    assert notes.hz_midi(notes.midi_hz(64)) == pytest.approx(64.0)
    with pytest.raises(ValueError, match="outside"):
        notes.degree_midi(15)


def test_tokens_round_trip_and_holds_lengthen_the_note_before():
    tokens = [notes.BOS, "C4", "-", "E4", "G4", "-", "-", notes.EOS]
    assert notes.decode(notes.encode(tokens)) == tokens
    assert notes.notes_of(tokens) == [(0, 2), (2, 1), (4, 3)]
    assert notes.encode(["C4"])[0] == 0  # a note token's id is its degree
    with pytest.raises(ValueError, match="unknown note token 'H9'"):
        notes.encode(["C4", "H9"])


@pytest.mark.parametrize("instrument", synth.INSTRUMENTS)
def test_each_instrument_sounds_at_its_note(instrument):
    """The lowest strong partial of every instrument is its note: nothing
    below it that an ear or a pitch estimator could take for the pitch."""
    rng = np.random.default_rng(0)
    for degree in (0, 7, 14):
        sound = synth.note(instrument, degree, synth.Playing(), rng)
        assert sound.dtype == np.float32 and sound.shape == (8000,)
        assert 0.3 < np.max(np.abs(sound)) < 0.81
        spectrum = np.abs(np.fft.rfft(sound * np.hanning(len(sound)), 4 * 8000))
        freqs = np.fft.rfftfreq(4 * 8000, 1 / notes.RATE)
        hz = notes.midi_hz(notes.degree_midi(degree))
        lowest = freqs[spectrum > 0.2 * spectrum.max()].min()
        assert abs(notes.hz_midi(lowest) - notes.hz_midi(hz)) < 1.0, (
            instrument, degree, lowest)


def test_playing_varies_start_and_loudness_and_is_seeded():
    a = synth.note("string", 3, synth.Playing(delay=0.02, gain_db=-4.0),
                   np.random.default_rng(1))
    b = synth.note("string", 3, synth.Playing(), np.random.default_rng(1))
    assert not np.any(a[: int(0.019 * notes.RATE)])  # silent until it starts
    assert np.max(np.abs(a)) < np.max(np.abs(b))
    c = synth.note("string", 3, synth.Playing(), np.random.default_rng(1))
    assert np.array_equal(b, c)


def test_a_tune_lasts_its_beats_and_bad_input_is_refused():
    sound = synth.tune([(0, 1), (2, 1), (4, 2)], beat=0.25)
    assert len(sound) == pytest.approx((4 * 0.25 + 0.1) * notes.RATE, abs=2)
    with pytest.raises(ValueError, match="unknown instrument 'tuba'"):
        synth.note("tuba", 0, synth.Playing(), np.random.default_rng(0))
    with pytest.raises(ValueError, match="outside"):
        synth.note_hz("string", 9000.0, synth.Playing(), np.random.default_rng(0))
