"""The pretrained encoder's scenes render from real traces, legibly (every text
at least 12 px tall, checked by render_for_test), with what the traces say."""

from __future__ import annotations

import numpy as np
import pytest

from scenes.output.catalog import find_scene
from tests.support.rendering import render_for_test
from tests.transformer.pretrained_traces import pretrained_traces

QUICK = {  # scene -> shorter holds for the test
    "Subwords": {},
    "PretrainedHeads": dict(hold_seconds=0.3),
    "PronounHead": dict(hold_seconds=0.3),
}


def quick(name: str):
    return type(f"Quick{name}", (find_scene(name),), QUICK[name])


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    traces = pretrained_traces()
    out = tmp_path_factory.mktemp("renders")
    return {name: render_for_test(quick(name), traces["default"], out / name)
            for name in QUICK}


@pytest.mark.slow
def test_subwords_shows_each_word_over_its_pieces(rendered):
    scene = rendered["Subwords"].scene
    words = [c[0].legible[0] for c in scene.columns]
    assert words[2] == "didn't"
    assert [p[1].legible[0] for p in scene.columns[2][1]] == ["didn", "'", "t"]
    for word, pieces, _ in scene.columns:  # each word stands over its pieces
        assert abs(word.get_center()[0] - pieces.get_center()[0]) < 1e-6
    captions = rendered["Subwords"].files[".srt"].read_text()
    assert "three dots in front" in captions  # the dots are named aloud
    assert "\u2026" not in captions  # never left for the voice to skip


@pytest.mark.slow
def test_pronoun_head_follows_it_and_says_the_measured_outcome(rendered):
    r = rendered["PronounHead"]
    assert [t.legible[0] for t in r.scene.row][10] == "it"
    captions = r.files[".srt"].read_text()
    from engine.core.trace import load

    tr = load(pretrained_traces()["default"])
    st = tr.stats
    better = st["report_p_value"] < 0.05 and st["report_accuracy"] > 0.5
    assert ("Better than guessing" in captions) == better
    assert ("No better than guessing" in captions) == (not better)
    assert f"it is right in {st['report_right']}" in captions
    assert "68% of its attention" in captions  # layer 4, head 2, on "animal"
    assert "68%" in r.scene.texts_seen  # and written on its arc
    # the voice says a head may read after "it" exactly when the model does
    reads_ahead = np.triu(tr["attn"], 1).max() > 0
    assert ("to later words too" in captions) == reads_ahead
    assert st["model"] not in captions  # its code name: small print only


@pytest.mark.slow
def test_pretrained_heads_draws_all_72_maps(rendered):
    assert len(rendered["PretrainedHeads"].scene.maps) == 72


@pytest.mark.slow
def test_pretrained_heads_names_its_model_on_screen_only(rendered):
    from engine.core.trace import load

    model = str(load(pretrained_traces()["default"]).stats.get("model", ""))
    captions = rendered["PretrainedHeads"].files[".srt"].read_text()
    assert "ready-made transformer" in captions
    if model:
        assert model not in captions  # a name a newcomer cannot use, not spoken


@pytest.mark.slow
def test_pretrained_heads_says_whether_the_head_shown_reads_ahead(rendered):
    from engine.core.trace import load
    from scenes.transformer.pretrained_draw import row_share

    attn = load(pretrained_traces()["default"])["attn"]
    n = attn.shape[2]
    share = np.array([[row_share(h, lambda t: t + 1 if t + 1 < n else None)[0]
                       for h in layer] for layer in attn])
    first = np.unravel_index(np.argmax(share), share.shape)  # drawn first
    ahead = any(int(np.argmax(attn[first][t])) > t for t in range(n))
    captions = rendered["PretrainedHeads"].files[".srt"].read_text()
    assert ("This head does." in captions) == ahead
    assert ("This head does not." in captions) == (not ahead)
    # said as a fact of this model, never as a rule it breaks
    assert "reads the whole sentence at once" in captions


def test_pretrained_heads_colours_the_tokens_after_apart():
    from scenes.kit import style
    from scenes.kit.raster import hex_to_rgb
    from scenes.transformer.pretrained_heads import PretrainedHeads

    pal = style.palette()
    w = np.eye(4, k=1)  # every token reads only the token after it
    w[0, 0] = 1.0  # and the first one itself as well
    rgb = PretrainedHeads.ahead_tinted(pal, w)
    accent, data = hex_to_rgb(pal.accent), hex_to_rgb(pal.data)
    background = hex_to_rgb(pal.background)
    assert np.abs(rgb[1, 2] - accent).sum() < 1  # read, after it: accent
    assert np.abs(rgb[0, 0] - data).sum() < 1  # read, itself: the data colour
    assert np.abs(rgb[2, 0] - background).sum() < 1  # not read, before: dark
    tint = np.abs(rgb[0, 3] - background).sum()  # not read, after: faint, not dark
    assert 5 < tint < np.abs(accent - background).sum() / 3


@pytest.mark.slow
@pytest.mark.parametrize("name", ["PretrainedHeads", "PronounHead", "Subwords"])
def test_the_widest_sentence_accepted_is_legible(name, tmp_path):
    # render_for_test fails on any text under 12 px (check_legible)
    render_for_test(quick(name), pretrained_traces()["wide"], tmp_path)


def test_pretrained_heads_outlines_the_squares_after_the_diagonal():
    from manim import Square

    from scenes.transformer.pretrained_heads import PretrainedHeads

    cell = Square(side_length=3.0)  # a 3 x 3 map, each square 1 wide
    outline = PretrainedHeads.ahead_outline(cell, 3, "#ff8800")
    corners = {tuple(np.round(p[:2], 6) + 0.0) for p in outline.get_vertices()}
    # (column, row) edges (1,0) (3,0) (3,2) (2,2) (2,1) (1,1), from the top left
    assert corners == {(-0.5, 1.5), (1.5, 1.5), (1.5, -0.5), (0.5, -0.5),
                       (0.5, 0.5), (-0.5, 0.5)}
