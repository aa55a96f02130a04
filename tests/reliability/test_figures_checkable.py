"""Every accuracy, coverage or quality figure a scene shows can be checked
from its trace alone: the samples behind it are stored, and re-reading them
gives the figure again (before, the digits' "20 steps: 100% right", the
guidance accuracies and the GAN's "sure of 94% of 1,000 fakes" were measured
on samples the traces did not keep)."""

from __future__ import annotations

import numpy as np
import pytest

from engine.core.trace import load
from engine.data.digit_classifier import train_judge
from engine.data.digits import load_digits_scaled
from engine.gan.digits import judge_quality
from tests.gan.test_gan_digits import small_digits_trace_path


@pytest.fixture(scope="module")
def judge():
    images, labels = load_digits_scaled()
    return images, labels


def test_digit_accuracies_are_the_stored_samples_read_again(digits_trace, judge):
    tr = digits_trace
    reader = train_judge(*judge, tr.config["seed"])
    labels = tr["eval_labels"]
    assert len(labels) == 10 * tr.config["eval_per_digit"]
    for k, count in enumerate(tr["speed_steps"]):
        read, _ = reader.read(tr["speed_judged"][k])
        assert (read == labels).mean() == pytest.approx(tr["speed_accuracy"][k]), count
        assert tr.stats[f"accuracy_{int(count)}_steps"] == pytest.approx(
            tr["speed_accuracy"][k], abs=1e-4
        )
    for k, scale in enumerate(tr["guidance_scales"]):
        judged = tr["guidance_judged"][k]
        read, _ = reader.read(judged)
        assert (read == labels).mean() == pytest.approx(tr["guidance_accuracy"][k])
        pinned = (np.abs(judged) > 0.98).mean()
        assert pinned == pytest.approx(tr["guidance_saturation"][k]), scale


def test_guidance_guesses_are_the_two_guesses_mixed_by_each_scale(digits_trace):
    tr = digits_trace
    told, untold = tr["guess_told"], tr["guess_untold"]
    for k, scale in enumerate(tr["guidance_scales"]):
        if scale in (0.0, 1.0):  # the ends are the two guesses themselves
            want = untold if scale == 0 else told
            np.testing.assert_allclose(tr["guess_scaled"][k], want, atol=1e-5)
    assert np.abs(told - untold).max() > 0.05, "told and untold guesses differ"
    k, n = tr["guess_step"]
    assert 0 < k < n == tr.config["few_steps"]


def test_gan_digit_figures_are_its_stored_fakes_read_again(judge):
    tr = load(small_digits_trace_path())
    reader = train_judge(*judge, tr.config["seed"])
    fakes = tr["final_fake"]
    assert len(fakes) == tr.config["n_eval"]
    sure, classes, _ = judge_quality(
        reader, fakes, tr.config["confident_at"], tr.config["class_share"]
    )
    assert sure == pytest.approx(tr.stats["final_confident_share"], abs=1e-4)
    assert classes == tr.stats["final_classes"]
