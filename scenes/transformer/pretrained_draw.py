"""Drawing helpers for the pretrained encoder's scenes (``pretrained_attention``
traces): its tokens as a viewer reads them, arcs both ways, and the largest map.

Every helper draws values handed to it from a trace; none invents a number.
"""

from __future__ import annotations

import numpy as np
from manim import UP, ArcBetweenPoints, VGroup

from engine.core.token_text import display_vocab
from engine.core.trace import Trace
from scenes.kit import style
from scenes.transformer.draw import START_SHOWN, weight_stroke

# The model's own start and end tokens, drawn as one glyph each so a map's
# labels stay short: the start as every word row of the chapter draws it.
SPECIAL_SHOWN = {"[CLS]": START_SHOWN, "[SEP]": "\u25a0"}
SPECIAL_KEY = f"{START_SHOWN} start and \u25a0 end: marks the model adds"
# The largest map's side, scene units: 16 rows of 12 px labels fit without
# overlapping (engine/transformer/needs.py PRETRAINED_TOKENS).
BIG_SIDE = 4.3


def shown_pieces(tr: Trace) -> list[str]:
    """The trace's tokens as a viewer reads them: WordPiece's ``##`` shown as
    ``…`` (continues the word before), the start and end tokens as glyphs."""
    pieces = [str(p) for p in tr["pieces"]]
    shown = display_vocab(pieces)
    return [SPECIAL_SHOWN.get(p, s) for p, s in zip(pieces, shown, strict=True)]


HIGH_MARKS = set("'\"`\u2018\u2019\u201c\u201d^")


def lift_marks(row: VGroup, tokens: list[str], size: float) -> VGroup:
    """Put apostrophes and quotes of a word row at the top of the line, where
    they are written (a row puts every token's ink on the baseline, which
    makes an apostrophe look like a comma)."""
    tall = [
        m.get_top()[1] for m, tok in zip(row, tokens, strict=True) if tok.isalnum()
    ]  # letters reach at least this high
    if not tall:
        return row
    top = float(np.median(tall))
    for m, tok in zip(row, tokens, strict=True):
        if tok and set(tok) <= HIGH_MARKS:
            m.align_to([0, top, 0], UP)
    return row


def is_special(tr: Trace, t: int) -> bool:
    """Whether token ``t`` is the model's own start or end token."""
    return int(tr["word_of"][t]) < 0


def quoted(s: str) -> str:
    return f"\u201c{s}\u201d"


def arcs_from(
    row: VGroup, p: int, w: np.ndarray, pal: style.Palette, floor: float = 0.02
) -> VGroup:
    """Arcs from token ``p`` of ``row`` to every other token, before and after
    it, as thick and opaque as its weight ``w[k]``; the heaviest in the accent
    colour. Arcs under ``floor`` are left out. Every arc bulges upwards."""
    others = [k for k in range(len(w)) if k != p]
    best = max(others, key=lambda k: w[k])
    out = VGroup()
    here = row[p].get_top() + UP * 0.12
    for k in others:
        if w[k] < floor:
            continue
        there = row[k].get_top() + UP * 0.12
        left, right = (there, here) if k < p else (here, there)
        arc = ArcBetweenPoints(right, left, angle=1.1)
        out.add(weight_stroke(arc, w[k], k == best, pal))
    return out


def row_share(attn: np.ndarray, target) -> tuple[float, int]:
    """(share, rows counted): the share of the rows (tokens reading) of one
    head's map ``attn`` (T, T) whose largest weight is on ``target(t)`` for
    row t. Rows with no such token (target None: the first token has none
    before it) are not counted."""
    rows = [(t, target(t)) for t in range(len(attn))]
    rows = [(t, k) for t, k in rows if k is not None]
    if not rows:
        return 0.0, 0
    return float(np.mean([int(np.argmax(attn[t])) == k for t, k in rows])), len(rows)
