"""The independent checks of generated notes (engine/sound/checks.py): pYIN's
pitch and the rule on it, and the instrument classifier trained on real notes."""

from __future__ import annotations

import numpy as np
import pytest

from engine.sound import checks
from engine.sound.notes import degree_midi
from engine.sound.synth import INSTRUMENTS, Playing, draw_playing, note


def _notes(per_note: int, seed: int, degrees=range(0, 8, 3)):
    rng = np.random.default_rng(seed)
    waves, inst, deg = [], [], []
    for i, name in enumerate(INSTRUMENTS):
        for d in degrees:
            for _ in range(per_note):
                waves.append(note(name, d, draw_playing(rng), rng))
                inst.append(i)
                deg.append(d)
    return np.stack(waves), np.array(inst), np.array(deg)


def test_pyin_hears_every_instruments_pitch_on_real_notes():
    waves, _, deg = _notes(1, seed=3)
    est, err = checks.semitone_error(waves, deg)
    np.testing.assert_allclose(est, [degree_midi(d) for d in deg], atol=0.5)
    assert checks.within_semitone(err).all()


def test_the_error_is_heard_minus_prompted_and_silence_has_no_pitch():
    rng = np.random.default_rng(0)
    g4 = note("whistle", 4, Playing(), rng)  # G4 = 67, prompted as F4 = 65
    silence = np.zeros_like(g4)
    est, err = checks.semitone_error(np.stack([g4, silence]), np.array([3, 3]))
    assert err[0] == pytest.approx(2.0, abs=0.4)
    assert np.isnan(est[1]) and np.isnan(err[1])
    assert not checks.within_semitone(err).any()


def test_the_rule_is_strictly_under_one_semitone_and_no_pitch_fails():
    err = np.array([0.0, 0.99, -0.99, 1.0, -1.0, 3.0, np.nan])
    np.testing.assert_array_equal(checks.within_semitone(err),
                                  [True, True, True, False, False, False, False])


def test_the_instrument_classifier_learns_real_notes_and_scores_held_out_ones():
    train_w, train_i, _ = _notes(3, seed=1)
    test_w, test_i, _ = _notes(1, seed=2, degrees=range(8))
    feats = checks.features(test_w[:2])
    assert feats.shape == (2, 64 + checks.ENVELOPE_PARTS + 2)
    check = checks.fit_instrument_check(train_w, train_i, test_w, test_i)
    assert check.held_out == len(test_i)
    assert check.held_out_accuracy >= 0.9
    predicted = check.predict(test_w)
    assert predicted.dtype == np.int64 and set(predicted) <= set(range(4))
    assert check.held_out_accuracy == pytest.approx((predicted == test_i).mean())
