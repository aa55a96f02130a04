"""FarBack renders from a real tiny trace: the task, the two readers, accuracy
against distance on a log axis, the head reaching back; its outcome sentences
follow the measured figures."""

from __future__ import annotations

import pytest

from engine.core.trace import load
from scenes.kit.text import quoted
from scenes.output.catalog import find_scene
from scenes.output.render import Quality, render
from scenes.transformer.draw import percent
from scenes.transformer.long_range import (
    drops_with_distance,
    outcome,
    short_already,
    verdict,
)
from tests.transformer.long_range_traces import tiny_long_range_trace
from tests.transformer.test_scene_transformer import said

TINY = Quality(pixel_height=216, frame_rate=5, gif_height=144, gif_fps=5)
SHOWN = {}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    base = find_scene("FarBack")

    def construct(self):
        base.construct(self)
        SHOWN["scene"] = self

    quick = type("QuickFarBack", (base,), dict(hold_seconds=0.4,
                                                construct=construct))  # fmt: skip
    mp = pytest.MonkeyPatch()
    try:
        mp.setenv("TRACE", str(tiny_long_range_trace()))
        mp.setattr("scenes.output.render.find_scene", lambda n: quick)
        return render("FarBack", TINY, tmp_path_factory.mktemp("far"))
    finally:
        mp.undo()


def test_it_renders_readable_and_paced(rendered):
    from tests.support.rendering import check_captions, check_legible

    assert sorted(rendered) == [".gif", ".mp4", ".png", ".srt", ".vtt"]
    check_captions(rendered, SHOWN["scene"])
    check_legible("FarBack", SHOWN["scene"])


def test_sentences_follow_the_measured_figures(rendered):
    tr = load(tiny_long_range_trace())
    st, text = tr.stats, said(rendered)
    chance = st["chance_accuracy"]
    tf, rnn = float(tr["transformer_accuracy"][-1]), float(tr["gru_accuracy"][-1])
    far = int(tr["distances"][-1])
    assert f"the transformer {verdict(tf, chance)}: {percent(tf)}" in text
    assert f"The recurrent network {verdict(rnn, chance)} at {far}: {percent(rnn)}" \
        in text
    short = float(tr["gru_accuracy"][0])
    dropped = drops_with_distance(tr["gru_accuracy"], int(tr["n_test"][0]))
    assert " ".join(outcome(tf, rnn, chance, short, dropped=dropped).split()) in text
    if not dropped:
        assert "further back it drops" not in text
    assert "log scale" in text
    assert "reads one word at a time and carries a small memory forward" in text
    assert "every pair must stay squeezed in that memory" in text
    assert "look straight back at any earlier word" in text
    # the head's weight on the asked pair, read from the trace
    layer, head = (int(v) for v in tr["focus"])
    on_name = float(tr["example_attn"][layer, head][st["name_position"]])
    assert f"with {percent(on_name)} of its attention" in text
    n = int(tr["n_test"][0])
    assert f"Each point: {n} new examples" in text
    # the task on screen: the asked name and its colour, read from the trace
    assert f"{st['n_pairs']} pairs of a name and a colour" in text
    assert f"{st['asked_name']}'s colour, {quoted(st['example_answer'])}" in text


def test_verdicts_and_outcomes_turn_on_the_numbers():
    assert verdict(0.95, 1 / 8) == "gets the colour right"
    assert verdict(0.1, 1 / 8) == "is guessing"
    assert verdict(0.6, 1 / 8) == "often misses the colour"
    assert "Both keep the pairs" in outcome(1.0, 0.95, 1 / 8)
    assert "loses some" in outcome(0.99, 0.2, 1 / 8)
    assert "did better" in outcome(0.5, 0.95, 1 / 8)
    assert "Neither" in outcome(0.3, 0.2, 1 / 8)
    # short already at the shortest distance: it had not learned the pairs
    assert "already over the shortest" in outcome(0.95, 0.38, 1 / 8,
                                                  rnn_short=0.48)
    assert "loses some" in outcome(0.95, 0.38, 1 / 8, rnn_short=0.99)
    assert short_already(0.95, 0.4, True) == ""
    assert "drops to 35%" in short_already(0.48, 0.35, True)
    assert "not what beats it" in short_already(0.48, 0.35, False)
    assert "fails at every distance" in outcome(0.95, 0.35, 1 / 8, rnn_short=0.48,
                                                dropped=False)


def test_a_drop_is_said_only_when_it_beats_the_spread():
    # the measured recurrent line: up and down with no trend, 200 examples each
    assert not drops_with_distance([0.48, 0.37, 0.35, 0.405, 0.455, 0.42, 0.35], 200)
    # a line that really falls with distance
    assert drops_with_distance([0.99, 0.97, 0.9, 0.75, 0.6, 0.45, 0.3], 200)
    # a small drop inside the sampling spread is noise
    assert not drops_with_distance([0.5, 0.49, 0.5, 0.48, 0.47, 0.47, 0.46], 200)
