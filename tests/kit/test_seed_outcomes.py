"""Mode-collapse outcomes over several random starts, and the words chosen by them."""

from __future__ import annotations

import numpy as np

from scenes.gan.seeds import run_sentence, typical_sentence
from scenes.kit.seed_outcomes import seed_outcomes


def test_counts_and_typical_follow_the_coverage():
    covered = np.array([[0, 1, 4, 8], [8, 8, 7, 8]])  # (run, seed)
    seen = seed_outcomes(covered, 8)
    assert seen.seeds == 4
    assert seen.collapsed == (3, 0)  # 4 of 8 is half: collapsed
    assert seen.full == (1, 3)
    assert seen.typical == (True, True)
    atypical = seed_outcomes(np.array([[8, 0, 1, 2], [8, 8, 8, 8]]), 8)
    assert atypical.typical == (False, True)
    assert "not typical" in typical_sentence(atypical)
    assert "is a typical one" in typical_sentence(seen)


def test_each_sentence_states_only_what_was_measured():
    def said(covered, run=0):
        return run_sentence(seed_outcomes(np.array(covered), 8), run, "plain")

    assert said([[0, 1, 0], [8, 8, 8]]) == (
        "plain: all 3 starts collapsed; none ends on more than 1 of 8 blobs."
    )
    assert said([[0, 1, 8], [8, 8, 8]]) == "plain: 2 of 3 starts collapsed."
    assert said([[8, 8, 8], [8, 8, 8]]) == "plain: all 3 starts covered every blob."
    # a run that mostly did not collapse is never called collapsed
    mixed = said([[8, 7, 1], [8, 8, 8]])
    assert mixed == "plain: 1 of 3 starts covered all 8 blobs, 1 collapsed."
