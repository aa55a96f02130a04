"""The transformer chapter: what long text costs in memory, measured two ways.

LongContextCost draws the ``attention_cost`` trace: the table of scores grows
as length squared; attention written out stores it whole (memory slope 2 on
log-log axes), the fused kernel works through it in pieces (memory slope about
1). Its time, where both still compute every score, is LongContextTime
(scenes/transformer/cost_time.py); both share CostScene's drawing.

    manim -pql scenes/transformer/cost.py LongContextCost
"""

from __future__ import annotations

from manim import *

from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.text import note_size
from scenes.kit.tracefile import load_trace
from scenes.transformer.draw import Fade, plot_axes, text, title_text

BYTES_PER_SCORE = 4  # one float32 score


def ms(seconds: float) -> str:
    """A time in ms, thousandths of a second, two figures below one."""
    v = float(seconds) * 1e3
    return f"{v:.2g} ms" if v < 1 else f"{v:,.0f} ms" if v >= 100 else f"{v:,.1f} ms"


def mb(n_bytes: float) -> str:
    """Bytes in MB, millions of bytes, two figures below one."""
    v = float(n_bytes) / 1e6
    return f"{v:.2g} MB" if v < 1 else f"{v:,.0f} MB" if v >= 100 else f"{v:,.1f} MB"


def mb3(n_bytes: float) -> str:
    """Bytes in MB to three figures below 100 (1.66 MB), so a ratio read off
    two labels matches the one said."""
    v = float(n_bytes) / 1e6
    return f"{v:,.0f} MB" if v >= 100 else f"{v:.3g} MB"


def scores(length: int) -> str:
    """How many scores a length x length table holds, in words a listener
    takes in: 65,536 scores; 16.8 million scores."""
    n = int(length) ** 2
    return f"{n:,} scores" if n < 1e6 else f"{n / 1e6:.1f} million scores"


def per_score(n_bytes: float, length: int) -> str:
    """Measured bytes over the length x length scores: what each score costs
    in the peak, two figures (65; 4.2), so scores x it gives the peak."""
    v = float(n_bytes) / float(length) ** 2
    return f"{v:,.0f}" if v >= 10 else f"{v:.2g}"


def decade_label(v: float) -> str:
    """A power of ten as a tick label: 0.01, 0.1, 1, 10, 1,000."""
    return f"{v:,.0f}" if v >= 1 else f"{v:g}"


def slope_words(p: float) -> str:
    """What a log-log slope means, in words chosen by the measured figure."""
    if 1.7 <= p <= 2.3:  # timings on a shared CPU wander by this much
        return "about as length squared"
    if p > 2.3:
        return "faster than length squared"
    if p < 1.2:
        return "only in step with length"
    return "faster than length, slower than length squared"


def growth_band(g: float) -> str:
    """Which honest band a measured factor per doubling ``g`` falls in, against
    length's x2 and length squared's x4: "over" (past x4.4), "square" (x3.6 to
    x4.4), "between", "length" (x1.6 to x2.4) or "under". The one place the
    bands are set; each wording below maps them to its own words."""
    if g > 4.4:
        return "over"
    if g >= 3.6:
        return "square"
    if g >= 2.4:
        return "between"
    if g >= 1.6:
        return "length"
    return "under"


def series_growth(g: float, p: float) -> str:
    """One series' growth in words, chosen by its own factor over the last
    doubling (g) and its fitted log-log slope (p): "about x4, as length
    squared" only when both say so, else its factor against length's x2 and
    length squared's x4."""
    band = growth_band(g)
    if band == "square" and p < 1.7:  # x4 over one doubling, but not squared
        band = "between"
    return {
        "square": "about \u00d74, as length squared",
        "over": f"\u00d7{g:.1f}: more than length squared's \u00d74",
        "between": f"\u00d7{g:.1f}: between length's \u00d72 and length "
                   "squared's \u00d74",
        "length": f"\u00d7{g:.1f}: about length's \u00d72",
        "under": f"\u00d7{g:.1f}: slower than length",
    }[band]


def time_takeaway(g_w: float, p_w: float, g_f: float, p_f: float) -> str:
    """What follows "fused is faster" (or "not much faster"): how its time
    grows next to written out's, chosen by both series' factors and slopes,
    never "about four times" for one that is not."""
    sq_w = series_growth(g_w, p_w).startswith("about")
    sq_f = series_growth(g_f, p_f).startswith("about")
    if sq_w and sq_f:
        return ", but both still grow about as length squared"
    if sq_w and not sq_f and 2.4 <= g_f < g_w:
        return " and grows less steeply, but still more steeply than length"
    if min(g_w, g_f) >= 2.4:
        return ", but both still grow more steeply than length"
    return ", and long text still costs more than its length alone"


def time_share(g_w: float, p_w: float, g_f: float, p_f: float) -> str:
    """What the takeaway says of both ways' growth, after each way's own
    factor over the last doubling: time_takeaway's rule, worded against
    length's 2 and length squared's 4, never with "faster" (the takeaway
    keeps that word for speed)."""
    return {
        ", but both still grow about as length squared":
            "both about length squared's 4",
        " and grows less steeply, but still more steeply than length":
            "fused a little less, but both far more than length's 2",
        ", but both still grow more steeply than length":
            "both far more than length's 2",
    }.get(time_takeaway(g_w, p_w, g_f, p_f),
          "against length's 2 and length squared's 4")


def doubling_words(f: float) -> str:
    """A fitted factor per doubling against length's x2 and length squared's
    x4, in words chosen by the figure ("x" for the screen)."""
    return {
        "over": "more than length squared's \u00d74",
        "square": "about length squared's \u00d74",
        "between": "less than \u00d74, but far more than length's \u00d72",
        "length": "about length's \u00d72",
        "under": "less than length's \u00d72",
    }[growth_band(f)]


def growth_takeaway(faster: bool, f_f: float) -> str:
    """The one message of both long-context scenes, chosen by fused's speed-up
    and its fitted factor per doubling: it saves memory (and time, when it is
    faster), but its time still grows far faster than the length."""
    first = ("Fused saves memory and runs faster" if faster else
             "Fused saves memory but runs not much faster")  # fmt: skip
    if f_f >= 2.4:
        return first + ", but its time still grows far faster than the words."
    if f_f >= 1.6:
        return first + ", and its time grows about as the words."
    return first + ", and its time grows slower than the words."


def time_gap(f_w: float, f_f: float, skip=()) -> tuple[str, list] | None:
    """Why measured time per doubling is not the scores' x4, in one line
    chosen by each way's factor (None when both are about x4): above x4,
    likely time moving data to and from main memory; below, likely fixed
    start-up costs that weigh more on shorter texts. Each cause said as
    likely, not measured. Returns (the spoken line, the screen lines as
    (words, which way: "written out", "fused" or "" for the heading));
    ``skip``: the ways whose cause was already said."""
    said, shown = [], [("time is not only scoring:", "")]
    for name, f in (("written out", f_w), ("fused", f_f)):
        if name in skip:
            continue
        if f > 4.4:
            said.append(f"{name} also moves data to and from memory")
            shown.append((f"{name}: also moving data", name))
        elif f < 3.6:
            said.append(f"{name}'s fixed start-up costs weigh more on "
                        "short texts")  # fmt: skip
            shown.append((f"{name}: fixed start-up costs", name))
    if not said:
        return None
    return ("Likely, not measured: "
            + ", and ".join(said) + ".",
            shown)


def wrap_words(s: str, width: int) -> list[str]:
    """A sentence cut into lines of at most ``width`` characters."""
    lines, cur = [], ""
    for w in s.split():
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    return [*lines, cur] if cur else lines


class CostScene(ExplainerScene):
    """Shared drawing for the two long-context scenes, both read from the
    ``attention_cost`` trace: the small table of scores (``example_words``,
    ``example_weights``), log-log charts over ``lengths``, their dots and
    dashed length-squared / length guides."""

    trace_kind = "attention_cost"
    sweep_seconds = 3.0
    hold_seconds = 1.0
    plot_w, plot_h = 6.0, 3.3
    plot_y = -0.75
    plot_xs = (-1.6, -1.6)  # one chart per scene, drawn large

    def table(self, tr, cell: float = 0.5, at=LEFT * 3.2 + DOWN * 0.55,
              angled: bool = False, key_lines=None) -> tuple[dict, VGroup]:
        """The example's table of scores, shaded by its measured weights,
        with what its rows and columns mean and its brightness key
        (``key_lines``: its own wording, first line the brightness);
        ``angled``: the column words on one slanted row. Returns (the grid's
        parts, the labels and key)."""
        pal = self.palette
        example = [str(w) for w in tr["example_words"]]
        small = self.grid(len(example), cell, pal, example, tr["example_weights"],
                          angled=angled)  # fmt: skip
        small["all"].move_to(at)
        # the shading as drawn, for tests (fades change opacities later)
        self.small_shade = [[sq.get_fill_opacity() for sq in row]
                            for row in small["cells"]]  # fmt: skip
        cells = small["cells"]
        across = text("looks at \u2192", pal.text, style.LABEL_SIZE)
        across.next_to(small["words"], UP, 0.12).align_to(cells, LEFT)
        down = VGroup(text("rows: the word", pal.text, style.LABEL_SIZE),
                      text("doing the looking \u2193", pal.text, style.LABEL_SIZE),
                      ).arrange(DOWN, aligned_edge=LEFT, buff=0.06)  # fmt: skip
        down.next_to(across, UP, 0.1).align_to(small["words"], LEFT)
        key = VGroup(*[text(t_, pal.text, style.LABEL_SIZE) for t_ in (
            key_lines or ("brighter:", "looks more", "outline: blanked",
                          "(would look at", "a later word)"))],
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.1)  # fmt: skip
        key.next_to(cells, RIGHT, 0.4).align_to(cells, UP)
        self.axis_labels = VGroup(across, down)  # for tests
        return small, VGroup(across, down, key)

    def fill_rows(self, small, pal):
        """Each row of the small table fades in (every pair is scored) while
        the current caption is spoken, look-ahead squares first filled faintly,
        never brighter than the dimmest real score; returns those look-ahead
        squares, for blanking."""
        n = len(small["cells"])
        ahead = [VGroup(*[sq.copy().set_stroke(width=0).set_fill(
            pal.data, 0.08) for sq in row][r + 1:])
            for r, row in enumerate(small["cells"])]  # fmt: skip
        self.ahead_shade = 0.08  # for tests: under every real square's
        per = max(0.2, (self.caption_left() - 0.3) / n)
        for row, a_ in zip(small["cells"], ahead, strict=True):
            self.play(Fade(row), FadeIn(a_), run_time=per)
        self.hold_caption()
        return ahead

    def chart(self, tr, ys, title: str, unit: str):
        """One large log-log chart over the trace's ``lengths``, centred;
        returns (axes, group, y -> axis position, x of each length)."""
        lengths = tr["lengths"].astype(float)
        xs = np.log2(lengths) - float(np.log2(lengths[0]))
        axes, group, y_of = self.loglog(xs, ys, lengths, title, unit, 0)
        return axes, group, y_of, xs


    def grid(self, n: int, cell: float, pal, words=(), weights=None,
             triangle: bool = False, angled: bool = False) -> dict:
        """A table of n x n scores, one square each, rows hidden until faded
        in; ``words`` label both sides. With ``weights`` (n, n), each square is
        as bright as its weight against the largest; a square above the
        diagonal (a later word, never looked at) is an outline only."""
        def square(r: int, c: int) -> Square:
            sq = Square(cell * 0.86, stroke_width=0, fill_color=pal.data,
                        fill_opacity=0.75).move_to([c * cell, -r * cell, 0])
            if weights is None and triangle and c > r:
                sq.set_fill(opacity=0).set_stroke(pal.muted, 1.5, 0.8)
            if weights is not None:
                if c > r:
                    sq.set_fill(opacity=0).set_stroke(pal.muted, 1.5, 0.8)
                else:
                    w = float(weights[r, c]) / float(np.max(weights))
                    sq.set_fill(opacity=0.12 + 0.88 * w)
            return sq

        cells = VGroup(*[VGroup(*[square(r, c) for c in range(n)])
                         for r in range(n)])  # fmt: skip
        labels = VGroup()
        for i, w in enumerate(words):
            # column words on two heights, so long neighbours never touch
            if angled:  # or all on one row, slanted, each from its column
                slant = note_size(text(w, pal.text).rotate(PI / 4),
                                  style.LABEL_SIZE, w)  # same glyphs, turned
                labels.add(slant.move_to([i * cell - 0.1, cell * 0.5 + 0.08, 0],
                                         aligned_edge=DL))  # fmt: skip
            else:
                labels.add(text(w, pal.text).next_to(
                    [i * cell, cell * 0.5, 0], UP, 0.1 + 0.34 * (i % 2)))
            labels.add(text(w, pal.text).next_to([-cell * 0.5, -i * cell, 0], LEFT,
                                                 0.1))  # fmt: skip
        # the count read off the table as drawn: every square computed, the
        # outlined ones blanked
        scored = sum(sq.get_fill_opacity() > 0 for row in cells for sq in row)
        self.counts = [*getattr(self, "counts", []), (n * n, scored)]  # tests
        blank = n * n - scored
        count = VGroup(
            text(f"{n} \u00d7 {n} = {n * n} scores computed;", pal.text,
                 style.BODY_SIZE - 4),
            text(f"the {blank} where a word would look ahead", pal.text,
                 style.LABEL_SIZE),
            text("are thrown away", pal.text, style.LABEL_SIZE),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.06).next_to(cells, DOWN, 0.25)
        self.count_lines = [*getattr(self, "count_lines", []), count]  # tests
        labels.add(count)
        return {"cells": cells, "words": labels, "all": VGroup(cells, labels)}

    def loglog(self, xs, ys, lengths, title: str, unit: str, slot: int):
        """Log-log axes: x one step per doubling of the words, y one step per
        power of ten. Returns (axes, group, y -> position on the axis)."""
        pal = self.palette
        lo = float(np.floor(np.log10(ys.min())))
        hi = float(np.ceil(np.log10(ys.max())))

        def y_of(v):
            return np.log10(np.asarray(v, float)) - lo

        x_ticks = [(float(x), f"{int(n):,}") for i, (x, n) in
                   enumerate(zip(xs, lengths, strict=True)) if i % 2 == 0]
        decades = np.arange(lo, hi + 1)
        step = max(1, int(np.ceil(len(decades) / 5)))
        y_ticks = [(float(d - lo), decade_label(10.0 ** d)) for d in decades[::step]]
        # what one tick step up the side multiplies by, for the narration
        self.y_factor = [*getattr(self, "y_factor", []), 10**step]
        axes, group = plot_axes(pal, float(xs[-1]), hi - lo, self.plot_w,
                                self.plot_h, x_ticks, y_ticks,
                                "words (each tick = 4\u00d7 the words)", unit)
        head = text(title, pal.text, style.BODY_SIZE - 4)
        head.next_to(axes, UP, 0.55).align_to(axes, LEFT).shift(
            LEFT * (0.8 if slot == 0 else 0.3))  # clear of the other title
        group.add(head)
        group.shift([self.plot_xs[slot], self.plot_y, 0] - axes.get_center())
        return axes, group, y_of

    def dots(self, axes, xs, ys, colour: str) -> VGroup:
        return VGroup(*[Dot(axes.c2p(x, y), radius=0.06, color=colour)
                        for x, y in zip(xs, ys, strict=True)])  # fmt: skip

    def square_line(self, axes, xs, ys, colour: str, through: int = -1,
                    power: int = 2, from_through: bool = False,
                    dotted: bool = False):
        """The length-squared line through the measured point ``through``: on
        these axes x4 per doubling, so it rises 2 log10(2) decades a step
        (``power=1``: the length line, x2 per doubling)."""
        per_step = power * np.log10(2.0)  # length**power per doubling
        x_at, y_at = float(xs[through]), float(ys[through])
        x_lo = max(0.0, x_at - y_at / per_step)  # stays above the axis
        if from_through:  # only from the measured point on
            x_lo = x_at
        ends = [(x, y_at + (x - x_at) * per_step) for x in (x_lo, float(xs[-1]))]
        return DashedLine(axes.c2p(*ends[0]), axes.c2p(*ends[1]), color=colour,
                          stroke_width=3, **({"dash_length": 0.04,
                                              "dashed_ratio": 0.4}
                                             if dotted else
                                             {"dash_length": 0.16}))  # fmt: skip

    def trend_line(self, axes, xs, ys, power: float, colour: str) -> Line:
        """A series' own measured trend: the line growing as length**power
        (``power`` the trace's measured exponent) through the middle of its
        points (xs, ys), drawn from its first point's length to its last."""
        xs, ys = np.asarray(xs, float), np.asarray(ys, float)
        slope = power * np.log10(2.0)  # decades a doubling
        mid_x, mid_y = float(xs.mean()), float(ys.mean())
        ends = [(x, mid_y + (x - mid_x) * slope) for x in (xs[0], xs[-1])]
        return Line(axes.c2p(*ends[0]), axes.c2p(*ends[1]), color=colour,
                    stroke_width=4)

    def ratio_arrow(self, x: float, low, high, label: str, side,
                    buff: float) -> tuple[DoubleArrow, Mobject]:
        """A double arrow at scene x between two dots (``low``, ``high``: the
        Mobjects it spans, bottom to top) and its label (e.g. "x660") on
        ``side``: the gap between two series at one length, drawn the same way
        in both long-context scenes."""
        arrow = DoubleArrow([x, low.get_y(), 0], [x, high.get_y(), 0], buff=buff,
                            color=self.palette.text, stroke_width=3,
                            tip_length=0.15)  # fmt: skip
        label_t = text(label, self.palette.text, style.BODY_SIZE - 4)
        return arrow, label_t.next_to(arrow, side, 0.1)

    def key(self, colour: str, words: str) -> VGroup:
        return VGroup(Dot(radius=0.08, color=colour),
                      text(words, colour, style.LABEL_SIZE)).arrange(RIGHT, buff=0.15)


class LongContextCost(CostScene):
    """What long text costs in memory. The table of scores (one per pair of
    words, ``example_words`` / ``example_weights``) grows as length squared;
    one layer's attention measured two ways at doubling ``lengths``: written
    out stores the whole table (``written_peak_bytes``, slope
    ``written_bytes_exponent``), fused works through it in pieces
    (``fused_peak_bytes``, slope ``fused_bytes_exponent``)."""

    def construct(self):
        pal = self.palette
        tr = load_trace(self.trace_kind)
        st = tr.stats
        lengths = tr["lengths"].astype(float)
        w_mem, f_mem = tr["written_peak_bytes"], tr["fused_peak_bytes"]
        top = int(lengths[-1])
        written_c, fused_c = pal.data, pal.accent

        title = title_text("What long text costs: memory", pal)
        self.add(title)

        # Section: the table of scores, its rows and columns named from the start
        small, labels = self.table(
            tr, angled=True, key_lines=("brighter:", "looks more",
                                        "red: blanked", "(a word can only",
                                        "look back)"))  # fmt: skip
        labels[2][2:].shift(DOWN * 0.25)  # the two key entries apart
        n = len(small["cells"])
        count = small["words"][-1]
        blank_key = VGroup(labels[2][2:], count[1:])  # when blanking is said
        blank_in = Fade(blank_key)  # built before anything fades it
        self.play(Fade(VGroup(*small["words"][:-1], count[0])),
                  Fade(VGroup(*labels[:2], labels[2][:2])), run_time=0.5)
        self.narrate("Attention, the heart of a transformer (the kind of "
                     "network behind chatbots), scores each pair of words: "
                     "how much one word looks at another.")  # fmt: skip
        ahead = self.fill_rows(small, pal)
        self.narrate("Each row is a word doing the looking; brighter squares "
                     "are words it looks at more.")  # fmt: skip
        self.play(LaggedStart(*[Indicate(r_, scale_factor=1.05)
                                for r_ in small["cells"]], lag_ratio=0.4),
                  run_time=max(0.6, self.caption_left()))  # fmt: skip
        self.hold_caption()
        self.narrate("A word may not look at later words: the model writes "
                     "one word at a time, so it can only look back.")
        # the look-ahead squares tinted red and crossed as they are said, and
        # kept with the table
        blank_c = pal.noise
        marks = VGroup(*[VGroup(
            Square(sq.width, stroke_color=blank_c, stroke_width=2.5,
                   fill_color=blank_c, fill_opacity=0.35).move_to(sq),
            Line(sq.get_corner(UL), sq.get_corner(DR), color=blank_c,
                 stroke_width=2.5))
            for r, row in enumerate(small["cells"]) for c, sq in enumerate(row)
            if c > r])  # fmt: skip
        self.blank_marks = marks  # for tests
        self.play(blank_in, *[FadeOut(a_) for a_ in ahead if len(a_)],
                  FadeIn(marks), run_time=0.5)
        small["words"].add(marks)  # faded with the table from here on
        # one steady glow inside the grid: the marks keep their size
        self.play(Indicate(marks, color=blank_c, scale_factor=1.0),
                  run_time=0.8)  # fmt: skip
        self.hold_caption()

        # twice the words, drawn to scale: same squares, twice as wide and tall
        cell2 = 0.22
        half = self.grid(n, cell2, pal, triangle=True)
        big = self.grid(2 * n, cell2, pal, triangle=True)
        half["cells"].move_to(LEFT * 4.2 + DOWN * 0.2)
        big["cells"].move_to(RIGHT * 1.6 + DOWN * 0.2)
        quarter = SurroundingRectangle(VGroup(*[big["cells"][r][c] for r in
                                                range(n) for c in range(n)]),
                                       color=pal.accent, buff=0.02,
                                       stroke_width=3)  # fmt: skip
        arrow = Arrow(half["cells"].get_right() + RIGHT * 0.2,
                      big["cells"].get_left() + LEFT * 0.2, color=pal.data,
                      stroke_width=4, buff=0)  # fmt: skip
        sums = text("\u00d74", pal.data, style.TITLE_SIZE).next_to(arrow, UP, 0.15)
        names = VGroup(
            text(f"{n} words: {n * n} scores", pal.text, style.LABEL_SIZE).next_to(
                half["cells"], DOWN, 0.2),
            text(f"{2 * n} words: {4 * n * n} scores", pal.text,
                 style.LABEL_SIZE).next_to(big["cells"], DOWN, 0.2),
        )  # fmt: skip
        self.scale_pair = [(g["cells"].width, g["cells"].height)
                           for g in (half, big)]  # as drawn, for tests
        self.narrate("Twice the words, four times the scores: length squared, "
                     "length \u00d7 length (length: the number of words).")
        back_in = Fade(VGroup(small["all"], labels[:2]))  # built before the fade out
        self.play(Fade(VGroup(small["all"], labels), show=False), run_time=0.3)
        self.play(*[Fade(r) for r in half["cells"]], Fade(names[0]), run_time=0.4)
        self.play(*[Fade(r) for r in big["cells"]], Fade(names[1]),
                  GrowArrow(arrow), run_time=max(0.5, self.caption_left() * 0.4))
        self.play(Create(quarter), Fade(sums),
                  run_time=max(0.4, self.caption_left()))  # fmt: skip
        self.hold_caption()

        # the long text's table, zoomed out: the 12-word table is a dot in it
        side = 9.0  # runs off the screen
        x0, y0, y_cut = -1.2, 2.3, -2.75  # its top-left corner; cut above the captions
        x_cut = config.frame_width / 2 + 0.1
        huge = VGroup(
            Rectangle(width=x_cut - x0, height=y0 - y_cut, stroke_width=0,
                      fill_color=pal.data, fill_opacity=0.12).move_to(
                [(x0 + x_cut) / 2, (y0 + y_cut) / 2, 0]),
            Line([x0, y0, 0], [x_cut, y0, 0], color=pal.data, stroke_width=3),
            Line([x0, y0, 0], [x0, y_cut, 0], color=pal.data, stroke_width=3),
        )  # fmt: skip
        huge_t = VGroup(
            text(f"the {top:,}-word table", pal.data, style.BODY_SIZE - 4),
            text("runs off the screen", pal.data, style.LABEL_SIZE),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.08)  # fmt: skip
        huge_t.move_to([x0 + 0.8, y0 - 1.5, 0], aligned_edge=UL)
        huge.add(huge_t)
        # to scale it would be under a pixel: drawn just big enough to see
        speck = Square(max(side * 2 * n / top, 0.13), stroke_width=0,
                       fill_color=pal.accent, fill_opacity=1).move_to(
            [x0, y0, 0], aligned_edge=UL).set_z_index(2)  # over the edges
        ring = Circle(0.16, color=pal.accent, stroke_width=3).move_to(speck)
        product = VGroup(text(f"{top:,} \u00d7 {top:,}", pal.data, style.BODY_SIZE),
                         text(f"= {scores(top)}", pal.data, style.BODY_SIZE),
                         ).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        product.move_to([-6.6, 1.2, 0], aligned_edge=UL)
        dot_note = VGroup(
            text(f"the {2 * n}-word table:", pal.accent, style.LABEL_SIZE),
            text("the dot in the corner", pal.accent, style.LABEL_SIZE),
            *([text("(drawn bigger to be seen)", pal.muted, style.LABEL_SIZE)]
              if side * 2 * n / top < 0.13 else []),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.06)  # fmt: skip
        dot_note.next_to(product, DOWN, 0.5, aligned_edge=LEFT)
        pointer = Arrow(dot_note.get_right() + RIGHT * 0.1, ring.get_left(),
                        color=pal.accent, stroke_width=3, buff=0.05)  # fmt: skip
        self.product_label = product  # for tests
        self.huge_table = (huge, speck)  # for tests
        self.narrate(f"At {top:,} words, that is {top:,} \u00d7 {top:,}: "
                     f"{scores(top)}.")
        self.play(Fade(VGroup(half["cells"], names, arrow, sums), show=False),
                  FadeOut(quarter), run_time=0.3)  # fmt: skip
        # the product said and the big table drawn while the old one shrinks
        self.play(ReplacementTransform(big["cells"], speck), Fade(product),
                  FadeIn(huge[:3]), FadeIn(huge_t),
                  run_time=max(0.5, self.caption_left() * 0.4))  # fmt: skip
        self.play(Create(ring), Fade(dot_note), GrowArrow(pointer),
                  run_time=max(0.4, self.caption_left()))  # fmt: skip
        self.hold_caption()

        # Section: the two ways, on the small table beside memory-in-use bars
        cells = small["cells"]
        bar_h, bar_w = cells.height, 0.5
        bar_bottom = cells.get_bottom()[1]
        bars, bar_names = VGroup(), VGroup()
        for i, (c, name) in enumerate(((written_c, "written out"),
                                       (fused_c, "fused"))):
            b = Rectangle(width=bar_w, height=bar_h, color=pal.muted,
                          stroke_width=2).move_to(
                [0.6 + 2.2 * i, bar_bottom + bar_h / 2, 0])  # fmt: skip
            bars.add(b)
            bar_names.add(text(name, c, style.LABEL_SIZE).next_to(b, DOWN, 0.15))
        bar_head = VGroup(text("memory in use", pal.text, style.LABEL_SIZE),
                          text(f"at {top:,} words, to scale", pal.muted,
                               style.LABEL_SIZE),
                          ).arrange(DOWN, buff=0.06).next_to(bars, UP, 0.2)
        # fused's bar to scale against written out's: a sliver
        mem_ratio = float(w_mem[-1] / f_mem[-1])
        gap = f"about {mem_ratio:,.2g}" if mem_ratio < 100 else \
            f"about {round(mem_ratio, -1):,.0f}"  # as read off the chart's end
        sliver_h = max(0.03, bar_h / mem_ratio)
        row_h = cells.height / n

        def fill(i: int, r0: int, r1: int, colour: str) -> VGroup:
            """The rows r0..r1-1 lit on the table, and their share of bar i."""
            rows = VGroup(*[cells[r] for r in range(r0, r1)])
            lit = SurroundingRectangle(rows, color=colour, buff=0.03,
                                       stroke_width=3, fill_color=colour,
                                       fill_opacity=0.4)  # fmt: skip
            h_ = row_h * (r1 - r0) if i == 0 else sliver_h
            piece = Rectangle(width=bar_w, height=h_, stroke_width=0,
                              fill_color=colour, fill_opacity=0.85)  # fmt: skip
            piece.move_to([bars[i].get_x(),
                           bar_bottom + (row_h * (r0 + (r1 - r0) / 2) if i == 0
                                         else h_ / 2), 0])  # fmt: skip
            return VGroup(lit, piece)

        layer_line = ("We measured filling and using one table in our small "
                      "model, two ways. The first, called written "
                      "out, stores the whole table, so memory fills up.")
        self.narrate(layer_line)
        whole = self.caption_left()
        kept = [fill(0, r, r + 1, written_c) for r in range(n)]
        # the small table and both empty bars in as soon as it starts; written
        # out's bar, named, filling as the first way is said
        said_first = layer_line.index("The first")
        self.play(Fade(VGroup(product, dot_note), show=False),
                  FadeOut(VGroup(huge, speck, ring, pointer)), run_time=0.3)
        self.play(back_in, FadeIn(bars), FadeIn(bar_head),
                  FadeIn(bar_names), run_time=0.4)  # fmt: skip
        self.wait(max(0.05, whole * said_first / len(layer_line)
                      - (whole - self.caption_left())))
        per = max(0.15, (self.caption_left() - 0.2) / n)
        for k_ in kept:
            self.play(FadeIn(k_), run_time=per)
        self.hold_caption()
        self.narrate("The second, called fused, works through it a few rows "
                     "at a time, so memory stays low: at "
                     f"{top:,} words, a sliver.")
        self.play(*[FadeOut(k_[0]) for k_ in kept],
                  Indicate(bar_names[1]), run_time=0.4)  # fmt: skip
        block = max(1, n // 3)
        starts = list(range(0, n, block))
        # its bar holds one block's rows the whole time: low and steady
        first = fill(1, 0, min(n, block), fused_c)
        level = first[1]
        few = VGroup(text(f"a few rows of {top:,}:", fused_c,
                          style.LABEL_SIZE),
                     text(f"\u00d7{gap.split()[-1]} smaller", fused_c,
                          style.LABEL_SIZE),
                     ).arrange(DOWN, aligned_edge=LEFT, buff=0.06)  # fmt: skip
        few.next_to(level, RIGHT, 0.15).align_to(level, DOWN)
        self.sliver = (level.height, bars[0].height)  # for tests
        self.fused_level = level  # for tests: never empty
        per = max(0.3, (self.caption_left() - 0.2) / (len(starts) + 1))
        self.play(FadeIn(first), Fade(few), run_time=per)
        band = first[0]
        for r0 in starts[1:]:
            rows = VGroup(*[cells[r] for r in range(r0, min(n, r0 + block))])
            self.play(band.animate.become(SurroundingRectangle(
                rows, color=fused_c, buff=0.03, stroke_width=3,
                fill_color=fused_c, fill_opacity=0.4)), run_time=per)
        self.hold_caption()

        # Section: measured, on one large log-log chart
        mem_axes, mem_plot, mem_y, xs = self.chart(
            tr, np.concatenate([w_mem, f_mem]) / 1e6,
            "attention's peak memory (MB)", "MB")  # fmt: skip
        mem_plot.remove(mem_plot[3])  # the title already says (MB)
        self.mem_axes, self.mem_y = mem_axes, mem_y  # for tests that read pixels
        legend = VGroup(
            self.key(written_c, "written out: stores the whole table"),
            self.key(fused_c, "fused: a few rows at a time"),
        ).arrange(RIGHT, buff=0.8)
        legend.next_to(title, DOWN, 0.25)
        # each series one colour: its dots and its guide
        sq_mem = self.square_line(mem_axes, xs, mem_y(w_mem / 1e6), written_c)
        sq_note = text("length\u00b2", written_c).next_to(
            sq_mem.get_end(), LEFT, 0.15).shift(UP * 0.2)  # fmt: skip
        per_tick = text(f"each tick up = {self.y_factor[-1]:,}\u00d7 the memory",
                        pal.muted, style.LABEL_SIZE)  # fmt: skip
        per_tick.next_to(mem_plot[-1], DOWN, 0.08).align_to(mem_plot[-1], LEFT)
        mem_plot.add(per_tick)
        self.tick_label = per_tick  # for tests
        self.narrate("Memory is in MB, millions of bytes; each tick up is "
                     f"{self.y_factor[-1]:,} times more.")
        self.play(FadeOut(VGroup(bars, bar_names, bar_head, few, first,
                                 *[k_[1] for k_ in kept])),
                  Fade(VGroup(small["all"], labels[:2]), show=False),
                  run_time=0.4)  # fmt: skip
        self.play(Fade(legend), Fade(mem_plot), run_time=0.6)
        self.play(Indicate(mem_plot[-1], color=pal.text),
                  run_time=max(0.5, self.caption_left()))  # fmt: skip
        self.hold_caption()

        p_w = float(st["written_bytes_exponent"])
        w_dots = self.dots(mem_axes, xs, mem_y(w_mem / 1e6), written_c)
        self.written_dots = w_dots  # for tests that read where points sit
        self.narrate(f"Written out: memory grows {slope_words(p_w)}, the "
                     "dashed line.")
        self.play(LaggedStart(*[FadeIn(d) for d in w_dots], lag_ratio=0.6),
                  Create(sq_mem),
                  run_time=max(self.sweep_seconds, self.caption_left() * 0.6))
        self.play(Fade(sq_note), Indicate(sq_mem, scale_factor=1.0,
                                          color=pal.text),
                  run_time=max(0.5, self.caption_left()))  # fmt: skip
        self.hold_caption()

        # the headline: the peak at the longest length, big, and under it how
        # the scores give it: scores x measured bytes a score = the peak
        peak_t = VGroup(text(mb(w_mem[-1]), written_c, style.TITLE_SIZE))
        peak_t.next_to(w_dots[-1], RIGHT, 0.2)
        self.peak_label = peak_t[0]  # for tests
        per = per_score(w_mem[-1], top)
        # the bytes a score only on screen, as measured: the trace does not
        # say what they hold, so the voice gives the total and the count
        sum_t = VGroup(
            text(f"for {scores(top)},", written_c, style.LABEL_SIZE),
            text(f"about {per} bytes a score, measured", written_c,
                 style.LABEL_SIZE),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.06)  # fmt: skip
        sum_t.next_to(peak_t, DOWN, 0.1, aligned_edge=LEFT)
        self.sum_label = sum_t  # for tests
        # the 4,096-word table was just counted: its scores name the length
        line = (f"Written out peaked at {mb(w_mem[-1])}, for "
                f"{scores(top)}.")  # fmt: skip
        self.narrate(line)
        whole = self.caption_left()
        self.play(Fade(peak_t), run_time=max(0.5, whole * 0.3))
        self.wait(max(0.05, whole * line.index(", for") / len(line)
                      - (whole - self.caption_left())))
        self.play(Fade(sum_t), Indicate(peak_t[0], scale_factor=1.1),
                  run_time=max(0.5, self.caption_left()))  # fmt: skip
        self.hold_caption()

        # memory, fused: in step with length, its guide drawn with its dots
        p_f = float(st["fused_bytes_exponent"])
        f_dots = self.dots(mem_axes, xs, mem_y(f_mem / 1e6), fused_c)
        lin = self.square_line(mem_axes, xs, mem_y(f_mem / 1e6), fused_c,
                               through=0, power=1, from_through=True,
                               dotted=True)
        self.guides = (sq_mem, lin)  # for tests: two styles, two colours
        lin_note = text("length", fused_c).next_to(
            lin.get_end(), DOWN, 0.45).align_to(lin.get_end(), RIGHT)
        f_peak_t = text(mb3(f_mem[-1]), fused_c, style.BODY_SIZE - 2).next_to(
            f_dots[-1], RIGHT, 0.2)  # fmt: skip
        self.fused_peak_label = f_peak_t
        ticks = (len(xs) - 1) / 2  # x ticks every other length
        x_step = float(lengths[2] / lengths[0])
        w_tick = float(w_mem[-1] / w_mem[0]) ** (1 / ticks)
        f_tick = float(f_mem[-1] / f_mem[0]) ** (1 / ticks)
        self.per_tick = (x_step, w_tick, f_tick)  # for tests
        as_words = 0.75 * x_step <= f_tick <= 1.33 * x_step and p_f < 1.2
        f_line = (f"Fused: memory grows {slope_words(p_f)}, the dotted line: "
                  f"{mb3(f_mem[-1])}. Each tick right, "
                  f"{x_step:.0f} times the words: written out's climbs "
                  f"{w_tick:.0f} times, fused's "
                  + (f"only {f_tick:.0f}, because each row it keeps "
                     "is as long as the text." if as_words
                     else f"{f_tick:.0f}."))  # fmt: skip
        self.narrate(f_line)
        # each series' growth per tick right, beside its peak, as it is said
        w_step = text(f"\u00d7{w_tick:.0f} a tick", written_c,
                      style.LABEL_SIZE).next_to(peak_t, RIGHT, 0.2)
        f_step = text(f"\u00d7{f_tick:.0f} a tick", fused_c,
                      style.LABEL_SIZE).next_to(f_peak_t, RIGHT, 0.35)
        self.step_labels = (w_step, f_step)  # for tests
        whole = self.caption_left()
        self.play(LaggedStart(*[FadeIn(d) for d in f_dots], lag_ratio=0.6),
                  Create(lin), run_time=max(self.sweep_seconds, whole * 0.3))
        self.play(Fade(lin_note), Fade(f_peak_t), run_time=0.5)
        self.wait(max(0.05, whole * f_line.index("written out's")
                            / len(f_line) - (whole - self.caption_left())))
        self.play(Fade(w_step), Indicate(peak_t[0], scale_factor=1.05),
                  run_time=0.6)  # fmt: skip
        self.play(Fade(f_step), run_time=max(0.5, self.caption_left() * 0.3))
        self.play(Indicate(f_step, color=fused_c),
                  run_time=max(0.4, self.caption_left()))  # fmt: skip
        self.hold_caption()

        # the takeaway, chosen by the slopes and the measured gap
        ratio = float(w_mem[-1] / f_mem[-1])
        saves = p_f < p_w - 0.5 and ratio >= 10
        self.saves_said = saves  # for tests
        gap = f"about {ratio:,.2g}" if ratio < 100 else \
            f"about {round(ratio, -1):,.0f}"  # as read off the two labels
        next_t = text("Next: does fused also save time?", pal.text,
                      style.BODY_SIZE - 4)  # fmt: skip
        next_t.next_to(f_peak_t, DOWN, 0.5).set_x(
            mem_axes.get_right()[0] + 0.5 + next_t.width / 2)
        self.next_card = next_t  # for tests
        close_line = (f"So storing the whole table is what costs memory: "
                      f"fused needs {gap} times less."
                      if saves else
                      "So here, both ways need about as much memory.")  # fmt: skip
        self.narrate(close_line)
        gap_x = w_dots[-1].get_x() - 0.3
        gap_arrow, gap_t = self.ratio_arrow(gap_x, f_dots[-1], w_dots[-1],
                                            f"\u00d7{gap.split()[-1]}", LEFT, 0.05)
        self.gap_label = gap_t if saves else None  # for tests
        gap_parts = (VGroup(gap_arrow, gap_t),) if saves else ()
        self.play(*[GrowFromCenter(g_) for g_ in gap_parts],
                  *[Indicate(d, scale_factor=1.4, color=d.get_color())
                    for d in (w_dots[-1], f_dots[-1])],
                  run_time=max(0.5, self.caption_left()))
        self.hold_caption()
        self.play(Fade(next_t), run_time=0.4)
        self.mark_poster()
        self.wait(self.hold_seconds)
