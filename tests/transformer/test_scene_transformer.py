"""The transformer scenes render from real (tiny) traces, and their frames show
what the traces say: read by pixels, since Manim's frame comparison skips itself
on this machine's cairo."""

from __future__ import annotations

import numpy as np
import pytest
from manim import DR, UL, UP, UR
from PIL import Image

from engine.core.trace import load
from scenes.kit import style
from scenes.kit.raster import hex_to_rgb
from scenes.output.catalog import find_scene
from scenes.output.render import Quality, render
from scenes.transformer.draw import percent, words_of
from tests.transformer.traces import tiny_traces

TINY = Quality(pixel_height=216, frame_rate=5, gif_height=144, gif_fps=5)
FRAME_W, FRAME_H = 384, 216
SCENES = {  # scene -> its trace kind and quicker timings for the test
    "AttentionReads": ("attention", dict(step_seconds=0.65, dwell_seconds=0.6)),
    "InsideAttention": ("attention", dict(stage_seconds=0.4)),
    "NextWord": ("text_generation", dict(step_seconds=0.95, hold_seconds=0.4)),
    "AttentionHeads": ("attention", dict(hold_seconds=0.4)),
}
SHOWN = {}  # scene name -> the rendered scene instance


def quick(name: str):
    """The scene with shorter holds, keeping its instance for the checks."""
    base = find_scene(name)

    def construct(self):
        base.construct(self)
        SHOWN[name] = self

    return type(f"Quick{name}", (base,), {**SCENES[name][1], "construct": construct})


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    traces = tiny_traces()
    out = tmp_path_factory.mktemp("renders")
    mp = pytest.MonkeyPatch()
    files = {}
    try:
        for name, (kind, _) in SCENES.items():
            mp.setenv("TRACE", str(traces[kind]))
            mp.setattr("scenes.output.render.find_scene", lambda n: quick(n))
            files[name] = render(name, TINY, out)
    finally:
        mp.undo()
    return files


def poster(files) -> np.ndarray:
    return np.asarray(Image.open(files[".png"]).convert("RGB")).astype(float)


def to_px(xy) -> np.ndarray:
    """Scene coordinates -> (column, row) pixels of the 16:9 frame, 8 units tall."""
    frame_w = 8.0 * FRAME_W / FRAME_H
    x, y = float(xy[0]), float(xy[1])
    return np.array([(x + frame_w / 2) / frame_w * FRAME_W, (4.0 - y) / 8.0 * FRAME_H])


def near(img: np.ndarray, colour: str, tol: float = 60) -> np.ndarray:
    return np.abs(img - hex_to_rgb(colour)).sum(-1) < tol


def test_every_scene_writes_its_four_files(rendered):
    for name, files in rendered.items():
        assert sorted(files) == [".gif", ".mp4", ".png", ".srt", ".vtt"], name
        assert all(p.stat().st_size > 0 for p in files.values()), name


def test_captions_carry_the_measured_figures(rendered):
    att = load(tiny_traces()["attention"])
    srt = rendered["AttentionReads"][".srt"].read_text()
    assert f"On {att.stats['heldout_cases']:,} words like these" in srt
    heads = rendered["AttentionHeads"][".srt"].read_text()
    assert f"{att['attn'].shape[0] * att['attn'].shape[1]} heads" in heads
    assert "temperature" in rendered["NextWord"][".srt"].read_text()


def test_attention_reads_poster_leads_the_strongest_arc_to_the_most_read_word(
    rendered,
):
    scene = SHOWN["AttentionReads"]
    tr = load(tiny_traces()["attention"])
    layer, head = tr["focus"]
    p = scene.poster_position
    weights = tr["attn"][layer, head, p, :p]  # earlier words only
    img = poster(rendered["AttentionReads"])
    accent = near(img, style.palette().accent)

    def accent_above(k: int) -> int:
        word = scene.row[k]
        left, top = to_px(word.get_corner(UL) + UP * 0.05)
        right, high = to_px(word.get_corner(UR) + UP * 0.4)
        return int(accent[int(high) : int(top), int(left) : int(right) + 1].sum())

    counts = [accent_above(k) for k in range(p)]
    assert int(np.argmax(counts)) == int(np.argmax(weights)), counts
    assert max(counts) > 3


def test_inside_attention_poster_hides_the_future_and_shows_the_weights(rendered):
    scene = SHOWN["InsideAttention"]
    tr = load(tiny_traces()["attention"])
    layer, head = tr["focus"]
    weights = tr["attn"][layer, head]
    n = len(weights)
    img = poster(rendered["InsideAttention"])
    (x0, y0), (x1, y1) = (
        to_px(scene.heatmap.get_corner(UL)),
        to_px(scene.heatmap.get_corner(DR)),
    )
    cell_w, cell_h = (x1 - x0) / n, (y1 - y0) / n

    def cell(r: int, c: int) -> np.ndarray:
        return img[int(y0 + (r + 0.5) * cell_h), int(x0 + (c + 0.5) * cell_w)]

    future = np.array([cell(r, c) for r in range(n) for c in range(r + 1, n)])
    assert np.ptp(future, axis=0).max() < 12, "the masked future is one flat tone"
    pal = style.palette()
    assert np.abs(future[0] - hex_to_rgb(pal.background)).sum() > 20
    q = scene.query_row
    seen = np.array([cell(q, c) for c in range(q + 1)])
    brightness = np.abs(seen - hex_to_rgb(pal.background)).sum(-1)
    assert int(np.argmax(brightness)) == int(np.argmax(weights[q]))


def test_attention_heads_poster_draws_every_head_and_frames_the_chosen_one(rendered):
    scene = SHOWN["AttentionHeads"]
    tr = load(tiny_traces()["attention"])
    layers, heads = tr["attn"].shape[:2]
    assert len(scene.maps) == layers * heads
    img = poster(rendered["AttentionHeads"])
    accent = near(img, style.palette().accent, tol=110)  # a thin, blended line

    def frame_share(m) -> float:
        (x0, y0), (x1, y1) = to_px(m.get_corner(UL)), to_px(m.get_corner(DR))
        x0, y0, x1, y1 = int(x0), int(y0), int(x1), int(y1)
        ring = np.concatenate(  # top, left and right edges (labels sit below)
            [
                accent[y0 - 4 : y0 + 2, x0:x1].any(0),
                accent[y0:y1, x0 - 4 : x0 + 2].any(1),
                accent[y0:y1, x1 - 2 : x1 + 4].any(1),
            ]
        )
        return float(ring.mean())

    focus = scene.focus[0] * heads + scene.focus[1]
    shares = [frame_share(m) for m in scene.maps]
    assert shares[focus] > 0.8
    assert max(s for i, s in enumerate(shares) if i != focus) < 0.2


def test_inside_attention_keys_its_colours_and_says_what_sets_a_share(rendered):
    srt = " ".join(rendered["InsideAttention"][".srt"].read_text().split())
    assert "blue above zero, red below" in srt  # the strips' colours keyed
    tr = load(tiny_traces()["attention"])
    layer, head = tr["focus"]
    scores, weights, mask = tr["scores"], tr["attn"][layer, head], tr["mask"]
    deps = [p for p in range(len(weights)) if tr["decider"][p] >= 0]
    q = deps[0] if deps else len(weights) - 1
    seen = sorted((k for k in range(len(weights)) if mask[q, k]),
                  key=lambda k: -float(scores[q, k]))  # fmt: skip
    # the goal comes first: the word after the row followed, and the
    # measured deciding word it needs
    words = words_of(tr, tr["tokens"])
    goal = srt.index(f"The goal: guess the word after \u201c{words[q]}\u201d")
    assert goal < srt.index("blue above zero")
    if tr["decider"][q] >= 0:
        assert f"That needs \u201c{words[int(tr['decider'][q])]}\u201d" in srt
    # a score becomes a share as a picture, said by the measured top share,
    # with no arithmetic of leads and steps
    top = float(weights[q, seen[0]])
    if seen[0] == int(np.argmax(weights[q])):
        how = ("nearly all of it" if top >= 0.9 else
               "most of it" if top >= 0.5 else "the biggest share")  # fmt: skip
        assert f"takes {how}, {percent(top)}." in srt
    assert "2.7" not in srt and "steps" not in srt
    # the head's output is one clue the rest of the model uses, not the answer
    assert "one clue among many" in srt
    # the match is stepped through by its pairs' products, and the score said
    # is the sum of all of them
    best = int(np.argmax(weights[q]))
    prods = np.asarray(tr["queries"][q]) * np.asarray(tr["keys"][best])
    if (prods > 0).any():
        assert "Same colour: the product is above 0" in srt
    if (prods < 0).any():
        assert "Different colours: below 0" in srt
    assert np.isclose(prods.sum(), float(scores[q, best]), atol=1e-3)
    # the grammar's reason is said once, at the start, not again at the end
    assert srt.count("not \u201care\u201d") <= 1
    # what the head passes on is said as what it reads, not as what the model
    # knows
    assert "the model knows" not in srt
    # the pick is promised for later, not shown on the score map at once
    assert "watch it find" not in srt
    # the bars are named before they turn into shares, and the shares line
    # comes with the turning
    assert srt.index("as bars, one per word") < srt.index(
        "They become shares of attention that add up to 100%"
    )


def test_attention_heads_notes_stay_apart_and_the_decider_share_is_said(rendered):
    scene = SHOWN["AttentionHeads"]
    tr = load(tiny_traces()["attention"])
    layers, heads = tr["attn"].shape[:2]
    for r in range(layers):  # neighbouring notes under the maps never touch
        row = scene.notes[r * heads : (r + 1) * heads]
        for a, b in zip(row[:-1], row[1:], strict=True):
            assert a.get_right()[0] < b.get_left()[0], (a, b)
    srt = " ".join(rendered["AttentionHeads"][".srt"].read_text().split())
    assert "trained here to guess the next word" in srt
    focus = tuple(int(i) for i in tr["focus"])
    share = tr["head_decider_share"][focus]
    assert f"At {percent(share)} of them, this head read that deciding word" in srt
    # the next best head on the same spots, said beside it
    others = [float(v) for i, v in np.ndenumerate(tr["head_decider_share"])
              if i != focus]  # fmt: skip
    if others and max(others) < share:
        assert f"The next best head manages {percent(max(others))}." in srt
    frame_w = 8.0 * FRAME_W / FRAME_H  # every note inside the frame
    assert max(m.get_right()[0] for m in scene.notes) < frame_w / 2
    # the focus head's note carries no figure: its share (of the deciding-word
    # spots) is only beside its bar, apart from the notes' shares of words
    note = scene.notes[focus[0] * heads + focus[1]]
    assert not any("%" in getattr(m, "original_text", "") for m in note)
    # the start mark is told from the map drawn large, as counted on it,
    # never as a claim about one word
    attn = tr["attn"][0, 0]
    n = attn.shape[0]
    k = sum(int(np.argmax(attn[p, : p + 1])) == 0 for p in range(1, n))
    assert "When no earlier word helps" not in srt
    if k:
        assert f"reads the start mark most at {k} of the {n - 1} words" in srt




def test_next_word_poster_marks_the_first_broken_rule_if_there_is_one(rendered):
    tr = load(tiny_traces()["text_generation"])
    img = poster(rendered["NextWord"])
    marked = near(img, style.palette().noise, tol=80).sum()
    if tr["low_rule"].any() or tr["high_rule"].any():
        assert marked > 20
    else:  # the chart instead: its curves, no red box (a few edge pixels at most)
        assert marked < 20
        assert near(img, style.palette().accent, tol=120).sum() > 20


def test_next_word_keeps_captions_and_text_readable(rendered):
    from tests.support.rendering import check_captions, check_legible

    for name in ("NextWord",):
        check_captions(rendered[name], SHOWN[name])
        check_legible(name, SHOWN[name])


def said(files) -> str:
    """Every caption of a render as one text (a line split across cues joined)."""
    from scenes.kit import pacing

    cues = pacing.cues(files[".srt"].read_text())
    return " ".join(" ".join(t for _, _, t in cues).split())


def test_next_word_says_what_training_sentences_go_on_with_at_its_red_word(rendered):
    from engine.transformer.corpus_rules import allowed_after
    from scenes.transformer.draw import words_of

    tr = load(tiny_traces()["text_generation"])
    text = said(rendered["NextWord"])
    vocab = [str(w) for w in tr["vocab"]]
    prompt = words_of(tr, tr["prompt"])[1:]
    broken = [(n, int(i)) for n in ("low", "high")
              for i in np.flatnonzero(tr[f"{n}_rule"])]  # fmt: skip
    if broken:  # the first red word of the two answers is told
        n, i = broken[0]
        side = prompt + words_of(tr, tr[f"{n}_tokens"])
        ok = [w for w, a in zip(vocab, tr[f"{n}_allowed"][i], strict=True) if a]
        assert ok and side[len(prompt) + i] not in ok  # red agrees with the list
        assert f"never with \u201c{side[len(prompt) + i]}\u201d" in text
        # the rule put in plain words: the training pattern, not bad English
        assert "a break in the training sentences' pattern" in text
    words = prompt + words_of(tr, tr["drift_tokens"])
    breaks = np.flatnonzero(tr["drift_rule"])
    # the trace's lists are the checker's: rows only at red words, and every word
    # the checker lets through is one some training sentence has there
    assert not tr["drift_allowed"][tr["drift_rule"] == 0].any()
    for i, r in enumerate(tr["drift_rule"][: int(breaks[0]) if len(breaks) else 20]):
        assert not r and words[len(prompt) + i] in allowed_after(
            vocab, words, len(prompt) + i
        )


def test_next_word_shows_the_unchanged_odds_and_says_how_often_a_likely_word_won(
    rendered,
):
    from scenes.transformer.writing import draws_to_show, likely_draw

    tr = load(tiny_traces()["text_generation"])
    text = said(rendered["NextWord"])
    # the unchanged odds are said to be for the word after the prompt
    assert "model's own odds for the next word after the prompt" in text
    probs, tokens = tr["step_probs"], tr["step_tokens"]
    n = len(tokens)
    likely = sum(likely_draw(p, int(t)) for p, t in zip(probs, tokens, strict=True))
    # the share of likely draws is said as measured, "most" only when it is
    if likely * 2 > n:
        assert f"Here {likely} of {n} draws got one" in text
    else:
        assert f"Only {likely} of {n} draws got one: a risky answer" in text
    assert "A tick: at least half as likely as the top word" in text
    _, surprise = draws_to_show(probs, tokens)
    if surprise >= 0:  # the one long shot is told with its odds and the top one's
        p = probs[surprise]
        assert f"had {percent(p[int(tokens[surprise])])}, the likeliest" in text
        assert f"{percent(p.max())}." in text
    # the per-answer average odds beat is gone: two answers are too few
    assert "on average" not in text


def test_next_word_shows_likely_draws_near_the_top_and_one_surprise():
    from scenes.transformer.writing import draws_to_show

    def step(top: float, drawn: float) -> np.ndarray:
        p = np.array([top, drawn, 0.0, 0.0]) + 0.01
        return p / p.sum()

    # drawn word 1 at each step: likely, likely, a long shot, a longer one
    probs = np.stack([step(0.5, 0.45), step(0.9, 0.06), step(0.4, 0.35),
                      step(0.8, 0.1)])  # fmt: skip
    shown, surprise = draws_to_show(probs, np.ones(4, int))
    assert surprise == 1  # the least likely against its step's top word
    assert shown == [0, 1, 2]  # the likely ones, and only one long shot
    every_likely = np.stack([step(0.5, 0.45)] * 3)
    assert draws_to_show(every_likely, np.ones(3, int)) == ([0, 1, 2], -1)


def test_next_word_ends_on_what_the_curves_show():
    from scenes.transformer.writing import takeaway_said

    temps = np.array([0.5, 1.0, 1.4])
    falling = np.linspace(1.0, 0.2, 40)
    ordered = np.stack([falling * 0 + 0.99, falling, falling * 0.5])
    assert "the higher the temperature, the more answers break" in takeaway_said(
        temps, ordered
    )
    mixed = np.stack([falling * 0.5, falling, falling * 0 + 0.9])
    assert "did not always" in takeaway_said(temps, mixed)


def test_next_word_says_long_answers_drift_only_where_the_curves_fall():
    from scenes.transformer.writing import drift_said

    temps = np.array([0.5, 1.0, 1.4])
    flat, falling = np.ones(40), np.linspace(1.0, 0.2, 40)
    said_of = drift_said(temps, np.stack([flat * 0.99, falling, falling]))
    assert said_of.startswith("At 1 and 1.4, long answers drift")
    assert "At 0.5, 99% stay clean all 40 words." in said_of
    none = drift_said(temps, np.stack([flat, flat, flat * 0.9]))
    assert "did not drift" in none and "At 1.4" not in none
