"""Every sentence the engine accepts for the reading scenes (AttentionReads,
InsideAttention, AttentionHeads) keeps every label at least 12 px tall and
apart from its neighbours; a longer one is refused in one line."""

from __future__ import annotations

import itertools

import pytest

from engine.core.config_args import ConfigError
from engine.transformer.corpus import Tokenizer
from engine.transformer.sentence import SHOWN_WORDS, parse_shown
from scenes.transformer import reading
from tests.support.rendering import render_for_test

# The issue's sentence: 31 known words, the most the model's context holds.
ISSUE = (
    "the dusty bottles beside the wooden lamps under the small boxes are heavy . "
    "mia lent leo the old letters and leo thanked mia . neither the big owl sings "
    "nor"
)


def widest_sentence() -> str:
    """The longest sentence accepted, of the vocabulary's longest words: the
    hardest to fit (the engine checks words, not grammar)."""
    words = sorted(Tokenizer().vocab, key=len, reverse=True)[:4]
    return " ".join(itertools.islice(itertools.cycle(words), SHOWN_WORDS))


class QuickReads(reading.AttentionReads):
    step_seconds, dwell_seconds = 0.65, 0.4


class QuickInside(reading.InsideAttention):
    stage_seconds = 0.2


class QuickHeads(reading.AttentionHeads):
    hold_seconds = 0.2


def apart(spans: list[tuple[float, float]]) -> bool:
    """Whether no two (low, high) spans overlap."""
    spans = sorted(spans)
    return all(a[1] <= b[0] + 1e-6 for a, b in itertools.pairwise(spans))


@pytest.fixture(scope="module")
def long_trace(tmp_path_factory):
    """A tiny model's attention trace reading the widest accepted sentence (the
    model the other transformer tests trained, from its checkpoint cache: the
    sentence read is not part of the training)."""
    from engine.core import checkpoints
    from engine.transformer.attention import AttentionConfig, record
    from tests.transformer.traces import TINY_MODEL, tiny_cache

    root = tmp_path_factory.mktemp("long")
    saved = checkpoints.CACHE_DIR
    checkpoints.CACHE_DIR = tiny_cache()
    try:
        cfg = AttentionConfig(**TINY_MODEL, sentence=widest_sentence())
        record(cfg, root / "attention.npz", progress=False)
    finally:
        checkpoints.CACHE_DIR = saved
    return root / "attention.npz"


def test_the_issues_sentence_is_refused_in_one_line():
    # Failed at 84f1326: the 31 words were accepted and their labels shrank
    # and overlapped in all three scenes.
    with pytest.raises(ConfigError) as info:
        parse_shown(ISSUE, "SENTENCE")
    assert str(info.value) == (
        f"SENTENCE has 31 words; at most {SHOWN_WORDS} fit the attention scenes "
        "legibly (every label at least 12 px tall)"
    )


@pytest.mark.parametrize("scene", [QuickReads, QuickInside, QuickHeads])
def test_the_longest_accepted_sentence_keeps_every_label_legible_and_apart(
    scene, long_trace, tmp_path, monkeypatch
):
    maps = []
    real = reading.labelled_heatmap

    def kept(rgb, words, side, pal):
        img, labels = real(rgb, words, side, pal)
        maps.append(labels)
        return img, labels

    monkeypatch.setattr(reading, "labelled_heatmap", kept)
    # render_for_test fails on any text under 12 px (check_legible)
    done = render_for_test(scene, long_trace, tmp_path)
    if scene is QuickReads:
        row = done.scene.row
        assert len(row) == SHOWN_WORDS + 1
        assert apart([(w.get_left()[0], w.get_right()[0]) for w in row])
    for labels in maps:
        rows, cols = labels[0::2], labels[1::2]
        assert len(rows) == SHOWN_WORDS + 1
        assert apart([(t.get_bottom()[1], t.get_top()[1]) for t in rows])
        assert apart([(t.get_left()[0], t.get_right()[0]) for t in cols])
    assert maps or scene is QuickReads
