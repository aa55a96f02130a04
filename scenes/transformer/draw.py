"""Drawing helpers for the transformer chapter: words, heatmaps, bars, tables, plots.

Every helper draws values handed to it from a trace; none invents a number.
Heatmaps are one ``ImageMobject`` each, from a numpy array with nearest
resampling (a grid of Squares is several times slower). Text is built once per
object, never per frame. No LaTeX anywhere.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    DR,
    LEFT,
    RIGHT,
    UL,
    UP,
    Animation,
    Axes,
    Group,
    ImageMobject,
    Line,
    Mobject,
    Rectangle,
    Text,
    VGroup,
    config,
)

from engine.core.token_text import display_vocab
from engine.core.trace import Trace
from scenes.kit import style
from scenes.kit.images import crisp_image
from scenes.kit.raster import hex_to_rgb
from scenes.kit.text import label

# The chapter's labels: built once each, cheap to copy (see scenes/kit/text.py).
text = label


def title_text(s: str, pal: style.Palette) -> Text:
    """A scene title, at the top, no wider than the frame."""
    t = text(s, pal.text, style.TITLE_SIZE)
    t.scale_to_fit_width(min(t.width, config.frame_width - 1))
    return t.to_edge(UP, buff=0.35)


_SHOWN: dict[int, tuple[Trace, list[str]]] = {}


def shown_vocab(tr: Trace) -> list[str]:
    """The trace's vocabulary as a viewer reads it, one string per token id:
    subword tokenizers' strings decoded and marked (``Ġalice`` is ``␣alice``,
    an empty token ``∅``; engine.core.token_text.py). Our own word-level
    vocabulary is shown as it is. Worked out once per trace."""
    key = id(tr.arrays["vocab"])
    if key not in _SHOWN or _SHOWN[key][0] is not tr:
        _SHOWN[key] = (tr, display_vocab(tr["vocab"]))
    return _SHOWN[key][1]


def words_of(tr: Trace, ids: np.ndarray) -> list[str]:
    """The tokens ``ids`` (T,) of the trace in display form (``shown_vocab``)."""
    vocab = shown_vocab(tr)
    return [vocab[int(i)] for i in ids]


def percent(p: float) -> str:
    """A probability as a short percentage: 97%, 3.2%, 0.4%, <0.1%; just
    under certain keeps a decimal (99.4%), so a column of shares that sum to
    100% never shows a 100% beside other non-zero shares."""
    v = 100 * float(p)
    if 99.5 <= v < 99.95:
        return f"{v:.1f}%"
    if v >= 9.95:
        return f"{v:.0f}%"
    if v >= 0.05:
        return f"{v:.1f}%"
    return "<0.1%"


# Words as a viewer reads them: punctuation the model writes, named.
SHOWN_WORDS = {".": "(full stop)"}
# the "." every model input begins with, in a word row: one glyph wide, so
# the longest accepted sentence still fits at a legible size
START_SHOWN = "\u25b6"


def shown_word(word: str) -> str:
    """``word`` as a bar or label shows it: a lone "." is hard to see."""
    return SHOWN_WORDS.get(word, word)


def top_k(probs: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` largest probabilities, largest first (ties by id)."""
    return np.argsort(-probs, kind="stable")[:k]


# Colour maps: blends from the background to a palette colour


def blend(pal: style.Palette, colour: str, amount: np.ndarray) -> np.ndarray:
    """RGB of ``colour`` mixed over the background by ``amount`` (0..1). (..., 3)"""
    a = np.clip(amount, 0, 1)[..., None]
    return (1 - a) * hex_to_rgb(pal.background) + a * hex_to_rgb(colour)


def weights_rgb(pal: style.Palette, w: np.ndarray, colour: str | None = None
                ) -> np.ndarray:  # fmt: skip
    """Attention weights 0..1 as colour: background to the data colour (or
    ``colour``). A square root lifts small weights enough to be seen without
    hiding which is largest."""
    return blend(pal, colour or pal.data, np.sqrt(np.clip(w, 0, 1)))


def signed_rgb(pal: style.Palette, v: np.ndarray, scale: float) -> np.ndarray:
    """Signed values as colour: positive toward ``data``, negative toward ``noise``."""
    pos = blend(pal, pal.data, v / scale)
    neg = blend(pal, pal.noise, -v / scale)
    return np.where((v >= 0)[..., None], pos, neg)


def image(rgb: np.ndarray, height: float) -> ImageMobject:
    """An (rows, cols, 3) float RGB array as a sharp-edged image ``height`` tall."""
    rgba = np.concatenate(
        [np.clip(rgb, 0, 255), np.full(rgb.shape[:2] + (1,), 255.0)], axis=-1
    ).astype(np.uint8)
    return crisp_image(rgba, height)


def hidden_rgb(pal: style.Palette, rgb: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Masked-out cells (``mask`` False) drawn in a flat muted tone instead."""
    grey = blend(pal, pal.muted, np.full(mask.shape, 0.35))
    return np.where(mask[..., None], rgb, grey)


# Words in a row


def word_row(
    words: list[str], pal: style.Palette, size: float, max_width: float, gap=0.22
) -> VGroup:
    """Words side by side, shrunk (not wrapped) if wider than ``max_width``.

    The "." that starts every model input is drawn as a muted start mark (a
    play sign): a lone dot there read as a full stop.
    """
    row = VGroup(
        *[
            text(START_SHOWN, pal.muted, size) if (i == 0 and w == ".")
            else text(w, pal.text, size)
            for i, w in enumerate(words)
        ]
    )  # fmt: skip
    row.arrange(RIGHT, buff=gap)
    drop = descender(size)
    for w in row:
        sit_on_baseline(w, 0.0, drop)
    if row.width > max_width:
        row.scale_to_fit_width(max_width)
    return row


def word_boxes(row: VGroup, pal: style.Palette, pad=0.08) -> VGroup:
    """A rectangle behind each word of ``row`` (filled later to show weights)."""
    height = max(w.height for w in row) + 2 * pad
    boxes = VGroup()
    for w in row:
        box = Rectangle(width=w.width + 2 * pad, height=height, stroke_width=0)
        box.set_fill(pal.data, opacity=0)
        box.move_to([w.get_center()[0], row.get_center()[1], 0])
        boxes.add(box)
    return boxes


# Bars of probabilities


def prob_bars(
    words: list[str],
    probs: list[float],
    pal: style.Palette,
    width: float = 4.0,
    row_height: float = 0.42,
    highlight: str | None = None,
    colour: str | None = None,
) -> VGroup:
    """One row per word: label, a bar as long as its probability, the percentage.

    The word equal to ``highlight`` (e.g. the word that really comes next) is in
    the accent colour.
    """
    rows = VGroup()
    label_w = 1.6
    for word, p in zip(words, probs, strict=True):
        hot = word == highlight
        label = text(
            shown_word(word), pal.accent if hot else pal.text, style.LABEL_SIZE
        )
        label.move_to(LEFT * (label_w / 2), aligned_edge=RIGHT)
        bar = Rectangle(
            width=max(0.02, width * float(p)), height=row_height * 0.62, stroke_width=0
        )
        bar.set_fill(pal.accent if hot else (colour or pal.data), opacity=1)
        bar.move_to(RIGHT * 0.1, aligned_edge=LEFT)
        value = text(percent(p), pal.muted, style.LABEL_SIZE)
        value.next_to(bar, RIGHT, buff=0.12)
        rows.add(VGroup(label, bar, value))
    for i, row in enumerate(rows):
        row.shift(DOWN * i * row_height)
    return rows


def weight_stroke(arc, weight: float, best: bool, pal: style.Palette):
    """Style an attention arc by its weight (0..1): thicker and more opaque
    as the weight grows; the heaviest arc of a row in the accent colour."""
    return arc.set_stroke(
        pal.accent if best else pal.data,
        width=1.5 + 10 * float(weight),
        opacity=0.35 + 0.65 * float(weight),
    )


# Plots with Text tick labels (no LaTeX)


def plot_axes(
    pal: style.Palette,
    x_max: float,
    y_max: float,
    width: float,
    height: float,
    x_ticks: list[tuple[float, str]],
    y_ticks: list[tuple[float, str]],
    x_label: str,
    y_label: str,
) -> tuple[Axes, VGroup]:
    """Axes from 0 with the given tick labels; returns (axes, axes + labels)."""
    axes = Axes(
        x_range=[0, x_max, x_max],
        y_range=[0, y_max, y_max],
        x_length=width,
        y_length=height,
        tips=False,
        axis_config={
            "color": pal.muted,
            "include_numbers": False,
            "include_ticks": False,
        },
    )
    labels = VGroup()
    for x, s in x_ticks:
        tick = Line(axes.c2p(x, 0), axes.c2p(x, 0) + DOWN * 0.08, color=pal.muted)
        labels.add(tick, text(s, pal.muted, style.LABEL_SIZE).next_to(tick, DOWN, 0.06))
    for y, s in y_ticks:
        tick = Line(axes.c2p(0, y), axes.c2p(0, y) + LEFT * 0.08, color=pal.muted)
        labels.add(tick, text(s, pal.muted, style.LABEL_SIZE).next_to(tick, LEFT, 0.06))
    xl = text(x_label, pal.muted, style.LABEL_SIZE).next_to(axes, DOWN, 0.45)
    yl = text(y_label, pal.text, style.LABEL_SIZE)
    yl.next_to(axes.c2p(0, y_max), UP, 0.18).align_to(axes, LEFT).shift(LEFT * 0.3)
    return axes, VGroup(axes, labels, xl, yl)


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """Round tick values from 0 up to about ``top``."""
    raw = top / count
    mag = 10 ** np.floor(np.log10(raw))
    step = min((m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw), default=raw)
    return [float(v) for v in np.arange(0, top + step * 0.01, step)]


def corner_note(s: str, pal: style.Palette) -> Text:
    """A small muted note for the top-left corner (e.g. which head is shown)."""
    return text(s, pal.muted, style.LABEL_SIZE).to_corner(UL, buff=0.3)


def labelled_heatmap(
    rgb: np.ndarray, words: list[str], side: float, pal: style.Palette
) -> tuple[ImageMobject, VGroup]:
    """A square heatmap ``side`` wide with the words along both edges.

    Rows (the word reading) are labelled on the left, columns (the word read)
    along the top, written upwards. Returns (image, labels).
    """
    n = len(words)
    cell = side / n
    size = style.LABEL_SIZE  # never smaller: the heatmap is made big enough
    img = image(rgb, side)
    labels = VGroup()
    for i, w in enumerate(words):
        y = img.get_top()[1] - (i + 0.5) * cell
        # the start mark, drawn as in every word row (a pretrained model's
        # pieces arrive with it already drawn)
        start = i == 0 and w in (".", START_SHOWN)
        w, colour = (START_SHOWN, pal.muted) if start else (w, pal.text)
        row = text(w, colour, size)
        row.move_to([img.get_left()[0] - 0.1, y, 0], aligned_edge=RIGHT)
        x = img.get_left()[0] + (i + 0.5) * cell
        # words are written upwards; the start mark keeps pointing right, as
        # in every row of words (rotated, it would read as an up-arrow)
        col = text(w, colour, size)
        if not start:
            col.rotate(PI_2)
        col.move_to([x, img.get_top()[1] + 0.1, 0], aligned_edge=DOWN)
        labels.add(row, col)
    return img, labels


PI_2 = np.pi / 2


def strip(
    values: np.ndarray, scale: float, pal: style.Palette, width: float, height: float
):
    """A vector as a strip of coloured cells (positive toward data, negative toward
    noise), ``width`` x ``height``."""
    rgb = signed_rgb(pal, np.asarray(values)[None, :], scale)  # (1, dims, 3)
    img = image(rgb, height)
    img.stretch_to_fit_width(width)
    return img


def signed(v: float, digits: int = 1) -> str:
    """A number with a real minus sign, e.g. −4.2."""
    return f"{v:.{digits}f}".replace("-", "\u2212")


def descender(size: float) -> float:
    """How far letters like g, p and y reach below the baseline at ``size``."""
    # Only the ink's height is read, so any colour will do.
    ink = style.palette().text
    return text("Hg", ink, size).height - text("H", ink, size).height


def sit_on_baseline(t: Text, y: float, drop: float) -> Text:
    """Put ``t`` on the baseline ``y``: Text is centred on its ink, not on a line."""
    t.align_to([0, y, 0], DOWN)
    if any(ch in t.text for ch in "gjpqy,"):
        t.shift(DOWN * drop)
    return t


def flow(
    words: list[str],
    colours: list[str],
    width: float,
    size: float,
    line_gap: float = 1.45,
    space: float = 0.16,
) -> VGroup:
    """Words laid out like a paragraph: left to right, wrapped at ``width``, on
    shared baselines. The first line's baseline is at y = 0, starting at x = 0."""
    out = VGroup()
    drop = descender(size)
    line_h = text("Hg", style.palette().text, size).height * line_gap
    x, y = 0.0, 0.0
    for w, c in zip(words, colours, strict=True):
        t = text(w, c, size)
        if x > 0 and x + t.width > width:
            x, y = 0.0, y - line_h
        t.move_to([x, 0, 0], aligned_edge=LEFT)
        out.add(sit_on_baseline(t, y, drop))
        x += t.width + space
    return out


def reveal(group, tracker) -> None:
    """Show the items of ``group`` one after another as ``tracker`` runs from 0 to
    len(group): item i fades in while the tracker goes from i to i + 1.

    Done with an updater that touches only the items whose opacity changes, not
    with one FadeIn per item: each FadeIn copies its mobject.
    """
    for item in group:
        item.set_opacity(0)
    state = {"done": 0}  # items before this are fully shown

    def update(m):
        v = tracker.get_value()
        start, stop = state["done"], min(len(m), int(np.ceil(v)) + 1)
        for i in range(start, stop):
            m[i].set_opacity(float(np.clip(v - i, 0, 1)))
        while state["done"] < len(m) and v >= state["done"] + 1:
            state["done"] += 1

    group.add_updater(update)


class Fade(Animation):
    """Fade a group in (``show=True``) or out, without copying it.

    Manim's FadeIn and FadeOut copy their mobject, deeply; for a paragraph of a
    hundred words that copy is the slowest thing in a scene. This scales each
    part's own opacity instead, so dimmed words stay dimmer. Like FadeOut, a
    fade out leaves the group transparent (and removed from the scene).
    """

    def __init__(self, mobject: Mobject, show: bool = True, **kwargs):
        self.show = show
        self.parts = []
        for m in mobject.get_family():
            if isinstance(m, ImageMobject):
                self.parts.append((m, getattr(m, "stroke_opacity", 1.0), None))
            elif m.has_points() and hasattr(m, "get_fill_opacity"):
                self.parts.append((m, m.get_fill_opacity(), m.get_stroke_opacity()))
        super().__init__(mobject, introducer=show, remover=not show, **kwargs)

    def create_starting_mobject(self) -> Mobject:
        return Mobject()  # nothing to copy: opacities are kept in self.parts

    def interpolate_mobject(self, alpha: float) -> None:
        t = self.rate_func(alpha)
        t = t if self.show else 1 - t
        for m, fill, stroke in self.parts:
            if stroke is None:
                m.set_opacity(fill * t)
            else:
                m.set_fill(opacity=fill * t, family=False)
                m.set_stroke(opacity=stroke * t, family=False)


def axis_corner(img, reads: str, at: str, pal: style.Palette) -> VGroup:
    """What a labelled heatmap's two edges mean, in the empty corner above its
    row labels and left of its column labels: ``reads`` ("reads →", for the
    words along the top) over ``at`` ("↓ at word", for the words down the
    side), right-aligned just left of the map's top-left corner."""
    top = text(reads, pal.muted)
    side = text(at, pal.muted)
    notes = VGroup(top, side).arrange(DOWN, aligned_edge=RIGHT, buff=0.1)
    # above the start mark that may head the first column
    notes.move_to(img.get_corner(UL) + LEFT * 0.1 + UP * 0.42, aligned_edge=DR)
    left_edge = -config.frame_width / 2 + 0.08
    if notes.get_left()[0] < left_edge:  # kept inside the frame
        notes.shift(RIGHT * (left_edge - notes.get_left()[0]))
    return notes


def signed_key(pal: style.Palette, plus: str = "blue: above 0",
               minus: str = "red: below 0") -> VGroup:
    """The key to ``signed_rgb``/``strip`` colours, each half in its own
    colour: "blue: above 0, red: below 0"."""
    return VGroup(text(plus + ",", pal.data), text(minus, pal.noise)).arrange(
        RIGHT, buff=0.12
    )


def ramp_key(pal: style.Palette, rgb: np.ndarray, lead: str, low: str, high: str,
             low_colour: str, high_colour: str, width: float = 1.3,
             height: float = 0.18) -> Group:  # fmt: skip
    """A legend bar: ``lead`` ("scores:"), then ``low``, a bar drawn with the
    colours ``rgb`` ((cells, 3), low to high) and ``high``, side by side."""
    bar = image(np.asarray(rgb, dtype=float)[None, :, :], height)
    bar.stretch_to_fit_width(width)
    parts = [text(lead, pal.text), text(low, low_colour), bar, text(high, high_colour)]
    return Group(*parts).arrange(RIGHT, buff=0.12)
