"""ScalingUp renders from a real tiny scaling trace and says its figures."""

from __future__ import annotations

import numpy as np
import pytest

from engine.core.trace import load
from engine.transformer.scaling import fit
from scenes.output.catalog import find_scene
from scenes.output.render import Quality, render
from scenes.transformer import scaling as scene
from scenes.transformer.draw import percent
from tests.transformer.scaling_traces import tiny_scaling_trace

TINY = Quality(pixel_height=216, frame_rate=5, gif_height=144, gif_fps=5)
SHOWN = {}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    base = find_scene("ScalingUp")

    def construct(self):
        base.construct(self)
        SHOWN["ScalingUp"] = self

    quick = type("QuickScalingUp", (base,), {"hold_seconds": 0.4,
                                             "construct": construct})
    mp = pytest.MonkeyPatch()
    try:
        mp.setenv("TRACE", str(tiny_scaling_trace()))
        mp.setattr("scenes.output.render.find_scene", lambda n: quick)
        return render("ScalingUp", TINY, tmp_path_factory.mktemp("scaling"))
    finally:
        mp.undo()


def said(files) -> str:
    from scenes.kit import pacing

    cues = pacing.cues(files[".srt"].read_text())
    return " ".join(" ".join(t for _, _, t in cues).split())


def test_the_scene_writes_its_files_and_says_the_measured_figures(rendered):
    assert sorted(rendered) == [".gif", ".mp4", ".png", ".srt", ".vtt"]
    tr = load(tiny_scaling_trace())
    _, alpha, r2 = tr["fit_params"]
    text = said(rendered)
    assert f"cut the loss by {percent(fit.cut_per_tenfold(alpha))}" in text
    assert f"Here it is {r2:.2f}" in text
    assert f"loss {tr['heldout_loss'][0]:.2f}" in text
    assert "every one does better" in text  # the tiny trace's loss falls
    # the loss is put in plain words (error on unseen sentences) before any
    # figure of it is said
    assert text.index("the error on sentences kept out of training, called the loss") \
        < text.index(f"loss {tr['heldout_loss'][0]:.2f}")
    if "example_word" in tr.arrays:
        assert f"The right word is \u201c{tr['example_word'][0]}" in text
    # the loss gets a yardstick: 0 is perfect, a blind guess scores ln(vocab)
    vocab = int(tr.stats.get("vocab_size") or 0)
    assert scene.reference_words(vocab) in text
    if vocab > 1:
        assert f"{np.log(vocab):.2f}" in text
    # training said in plain words, no "steps"/"seed"/"power law"
    assert "same random start" in text
    for jargon in ("seed", "steps", "power law"):
        assert jargon not in text


def test_captions_and_text_are_readable(rendered):
    from tests.support.rendering import check_captions, check_legible

    check_captions(rendered, SHOWN["ScalingUp"])
    check_legible("ScalingUp", SHOWN["ScalingUp"])


def test_the_scene_words_follow_the_figures():
    for alpha in (0.05, 0.2, 0.5):
        assert scene.cut_per_tenfold(alpha) == pytest.approx(fit.cut_per_tenfold(alpha))
    assert "almost exactly" in scene.fit_words(0.97)
    assert "loose" in scene.fit_words(0.5)
    assert "0.00" not in scene.reference_words(0)  # no vocabulary: no guess figure
    assert "5.41" in scene.reference_words(224)
    giving = [".", "ada", "sent", "fay", "the", "tiny", "wheel", "and"][1:]
    assert "receiver again" in scene.example_rule(giving, "fay")
    assert "repeated" in scene.example_rule(["fay", "saw", "the"], "fay")
    ticks = scene.loss_ticks(1.8, 2.9)
    assert len(ticks) >= 3 and np.all(np.diff(ticks) > 0)
