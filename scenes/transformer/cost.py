"""The transformer chapter: what long text costs, measured two ways.

LongContextCost draws the ``attention_cost`` trace: the table of scores grows
as length squared; attention written out stores it whole (memory slope 2 on
log-log axes), the fused kernel works through it in pieces (memory slope about
1), and both still do the work of every score (time slope about 2).

    manim -pql scenes/transformer/cost.py LongContextCost
"""

from __future__ import annotations

from manim import *

from scenes.kit import style
from scenes.kit.base import ExplainerScene
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


def scores(length: int) -> str:
    """How many scores a length x length table holds, in words a listener
    takes in: 65,536 scores; 16.8 million scores."""
    n = int(length) ** 2
    return f"{n:,} scores" if n < 1e6 else f"{n / 1e6:.1f} million scores"


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


def growth_words(g: float) -> str:
    """What a measured factor per doubling means, in honest bands against
    length's x2 and length squared's x4."""
    if g > 4.4:
        return "faster than length squared"
    if g >= 3.6:
        return "about like length squared"
    if g >= 2.4:
        return "between length and length squared: far more than length"
    if g >= 1.6:
        return "about like length"
    return "slower than length"


class LongContextCost(ExplainerScene):
    """Measured on this machine, one layer's attention at doubling lengths, two
    ways: written out (stores the whole table of scores) and fused (works
    through it in pieces). Log-log charts of peak memory and time, each with a
    length-squared line; the slopes are the trace's fitted exponents."""

    trace_kind = "attention_cost"
    sweep_seconds = 3.0
    hold_seconds = 1.0
    plot_w, plot_h = 3.6, 3.0
    plot_y = -0.6
    plot_xs = (-4.1, 1.95)
    mem_zoom = 1.2  # the memory chart, while alone, drawn larger and nearer the middle
    mem_alone_x = -1.7

    def construct(self):
        pal = self.palette
        tr = load_trace(self.trace_kind)
        st = tr.stats
        lengths = tr["lengths"].astype(float)
        w_mem, f_mem = tr["written_peak_bytes"], tr["fused_peak_bytes"]
        w_t, f_t = tr["attn_seconds"].astype(float), tr["fused_seconds"].astype(float)
        heads = int(tr.config["heads"])
        top = int(lengths[-1])
        written_c, fused_c = pal.data, pal.accent

        title = title_text("Long text costs: the table of scores", pal)
        self.add(title)

        # Section: the table of scores, then twice the words beside it
        example = [str(w) for w in tr["example_words"]]
        n = len(example)
        small = self.grid(n, 0.62, pal, example, tr["example_weights"])
        small["all"].move_to(LEFT * 3.3 + DOWN * 0.1)
        # the shading as drawn, for tests (fades change opacities later)
        self.small_shade = [[sq.get_fill_opacity() for sq in row]
                            for row in small["cells"]]  # fmt: skip
        key = VGroup(
            text("brighter:", pal.text, style.LABEL_SIZE),
            text("looks more", pal.text, style.LABEL_SIZE),
            text("outline: blanked", pal.text, style.LABEL_SIZE),
            text("(would look at", pal.text, style.LABEL_SIZE),
            text("a later word)", pal.text, style.LABEL_SIZE),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.1)  # fmt: skip
        key.next_to(small["cells"], RIGHT, 0.4)
        # the look-ahead squares first filled like the others (every pair is
        # scored), then blanked to their outlines when the voice says why
        ahead = [VGroup(*[sq.copy().set_stroke(width=0).set_fill(
            pal.data, 0.5) for sq in row][r + 1:])
            for r, row in enumerate(small["cells"])]  # fmt: skip
        self.play(Fade(small["words"]), run_time=0.5)
        self.narrate("Attention, the heart of a transformer, scores each pair "
                     "of words: how much one word looks at another, as our "
                     "small trained model measured it. A table, length by "
                     "length (length: the number of words). Every pair is "
                     "scored, then")  # fmt: skip
        per = max(0.2, (self.caption_left() - 0.3) / n)
        for row, a_ in zip(small["cells"], ahead, strict=True):
            self.play(Fade(row), FadeIn(a_), run_time=per)
        self.hold_caption()
        self.narrate("a word may not look at words after it, so those are "
                     "blanked: when writing, the next word is not there yet.")
        self.play(*[FadeOut(a_) for a_ in ahead if len(a_)],
                  run_time=max(0.6, self.caption_left() * 0.5))  # fmt: skip
        self.play(Fade(key), run_time=max(0.3, self.caption_left()))
        self.hold_caption()
        big = self.grid(2 * n, 0.28, pal, triangle=True)
        big["all"].align_to(small["cells"], UP)
        big["all"].shift(RIGHT * (key.get_right()[0] + 0.5 - big["all"].get_left()[0]))
        # its count, wider than the table, kept inside the frame
        big["all"].shift(LEFT * max(0.0, big["all"].get_right()[0]
                                    - (config.frame_width / 2 - 0.3)))
        sums = text("\u00d74", pal.data, style.TITLE_SIZE)
        sums.move_to([key.get_center()[0], big["cells"].get_top()[1] - 0.3, 0])
        self.narrate("Twice the words, four times the scores: length squared, "
                     "length \u00d7 length.")
        self.play(*[Fade(r) for r in big["cells"]], Fade(big["words"]),
                  run_time=max(0.6, self.caption_left() * 0.6))  # fmt: skip
        self.play(Fade(sums), run_time=0.4)
        self.hold_caption()
        per_head = BYTES_PER_SCORE * float(top) ** 2
        # the long text's tables, where the 12 x 12 stood: one table, then one
        # per reader, stacked, with the sums beside them
        stack = VGroup(*[
            Square(1.2, color=pal.data, stroke_width=2, fill_color=pal.background,
                   fill_opacity=1).shift((UP + RIGHT) * 0.16 * i)
            for i in range(heads)])  # fmt: skip
        for i, sq in enumerate(stack):
            sq.set_z_index(heads - i)  # the first table in front
        stack.move_to(RIGHT * 0.2 + UP * 0.5)
        one_t = VGroup(
            text(f"{top:,} words:", pal.data, style.BODY_SIZE - 2),
            text(f"{scores(top)} \u00d7 4 bytes", pal.data, style.BODY_SIZE - 2),
            text(f"= {mb(per_head)} one table", pal.data, style.BODY_SIZE - 2),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)  # fmt: skip
        one_t.next_to(stack, RIGHT, 0.4).align_to(stack, UP)
        readers_t = VGroup(
            text(f"{heads} heads (readers) = one layer,", pal.text,
                 style.BODY_SIZE - 2),
            text(f"a table each: {mb(heads * per_head)}", pal.text,
                 style.BODY_SIZE - 2),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)  # fmt: skip
        readers_t.next_to(one_t, DOWN, 0.45, aligned_edge=LEFT)
        unit_t = text("MB: millions of bytes", pal.text, style.LABEL_SIZE)
        unit_t.next_to(readers_t, DOWN, 0.45, aligned_edge=LEFT)
        scale_t = text("squares not to scale: each table", pal.text,
                       style.LABEL_SIZE)
        scale_t2 = text(f"is {scores(top)}", pal.text, style.LABEL_SIZE)
        scale_g = VGroup(scale_t, scale_t2).arrange(DOWN, buff=0.06,
                                                    aligned_edge=LEFT)
        scale_g.next_to(unit_t, DOWN, 0.35, aligned_edge=LEFT)
        scores_t = VGroup(one_t, unit_t, scale_g)
        self.narrate(f"At {top:,} words: {scores(top)} of 4 bytes each, "
                     f"{mb(per_head)} for one table (a MB is a million bytes). "
                     f"The model reads the text with {heads} separate readers "
                     f"at once, called attention heads, each with its own "
                     f"table; together, one layer: one round of reading.")
        self.play(Fade(VGroup(big["all"], sums, key), show=False), run_time=0.3)
        self.play(FadeIn(stack[0]), Fade(one_t), Fade(unit_t), Fade(scale_g),
                  run_time=max(0.6, self.caption_left() * 0.4))  # fmt: skip
        self.play(LaggedStart(*[FadeIn(sq) for sq in stack[1:]], lag_ratio=0.5),
                  Fade(readers_t),
                  run_time=max(0.6, self.caption_left() * 0.6))  # fmt: skip
        self.hold_caption()

        # Section: measured two ways, on log-log charts
        x0 = float(np.log2(lengths[0]))
        xs = np.log2(lengths) - x0
        mem_axes, mem_plot, mem_y = self.loglog(
            xs, np.concatenate([w_mem, f_mem]) / 1e6, lengths,
            "one layer's attention: peak memory (MB)", "MB", 0)  # fmt: skip
        t_axes, t_plot, t_y = self.loglog(
            xs, np.concatenate([w_t, f_t]) * 1e3, lengths,
            "one layer's attention: time (ms)", "ms", 1)  # fmt: skip
        self.mem_axes, self.mem_y = mem_axes, mem_y  # for tests that read pixels
        legend = VGroup(
            self.key(written_c, "written out: stores the whole table"),
            self.key(fused_c, "fused: works through it in pieces"),
        ).arrange(RIGHT, buff=0.8)
        legend.next_to(title, DOWN, 0.3)
        # what the two ways do, on the small table, beside memory-in-use bars
        cells = small["cells"]
        bar_h, bar_w = cells.height, 0.5
        bar_bottom = cells.get_bottom()[1]
        bars, bar_names = VGroup(), VGroup()
        for i, (c, name) in enumerate(((written_c, "written out"),
                                       (fused_c, "fused"))):
            b = Rectangle(width=bar_w, height=bar_h, color=pal.muted,
                          stroke_width=2).move_to(
                [0.6 + 2.0 * i, bar_bottom + bar_h / 2, 0])  # fmt: skip
            bars.add(b)
            bar_names.add(text(name, c, style.LABEL_SIZE).next_to(b, DOWN, 0.15))
        bar_head = text("memory in use", pal.text, style.LABEL_SIZE).next_to(
            bars, UP, 0.2)  # fmt: skip
        row_h = cells.height / n

        def fill(i: int, r0: int, r1: int, colour: str) -> VGroup:
            """The rows r0..r1-1 lit on the table, and their share of bar i."""
            rows = VGroup(*[cells[r] for r in range(r0, r1)])
            lit = SurroundingRectangle(rows, color=colour, buff=0.03,
                                       stroke_width=3, fill_color=colour,
                                       fill_opacity=0.4)  # fmt: skip
            piece = Rectangle(width=bar_w, height=row_h * (r1 - r0),
                              stroke_width=0, fill_color=colour,
                              fill_opacity=0.85)  # fmt: skip
            piece.move_to([bars[i].get_x(),
                           bar_bottom + row_h * ((r1 - r0) / 2 + (r0 if i == 0 else 0)),
                           0])  # fmt: skip
            return VGroup(lit, piece)

        self.narrate("We measured one layer two ways. Written out keeps the "
                     "whole table, so memory fills up.")  # fmt: skip
        self.play(Fade(VGroup(scores_t, readers_t), show=False),
                  FadeOut(stack), run_time=0.4)  # fmt: skip
        self.play(FadeIn(bars), FadeIn(bar_names), FadeIn(bar_head),
                  run_time=0.4)  # fmt: skip
        kept = [fill(0, r, r + 1, written_c) for r in range(n)]
        per = max(0.15, (self.caption_left() - 0.2) / n)
        for k_ in kept:
            self.play(FadeIn(k_), run_time=per)
        self.hold_caption()
        block = max(1, n // 3)
        self.narrate("Fused works through the table a few rows at a time and "
                     "never keeps it whole: memory stays low.")  # fmt: skip
        self.play(*[FadeOut(k_[0]) for k_ in kept], run_time=0.3)
        starts = list(range(0, n, block))
        per = max(0.3, (self.caption_left() - 0.2) / (2 * len(starts)))
        for r0 in starts:
            piece = fill(1, r0, min(n, r0 + block), fused_c)
            self.play(FadeIn(piece), run_time=per)
            self.play(FadeOut(piece), run_time=per)
        self.hold_caption()
        self.play(FadeOut(VGroup(bars, bar_names, bar_head,
                                 *[k_[1] for k_ in kept])),
                  Fade(small["all"], show=False), run_time=0.4)  # fmt: skip
        mem_home = mem_plot.get_center().copy()
        mem_plot.scale(self.mem_zoom).move_to(
            [self.mem_alone_x, mem_home[1] + 0.1, 0])  # fmt: skip
        self.play(Fade(legend), Fade(mem_plot), run_time=0.6)
        # both reference lines drawn together while the steepness is said
        sq_mem = self.square_line(mem_axes, xs, mem_y(w_mem / 1e6), pal.guess)
        sq_note = text("length\u00b2", pal.guess).next_to(
            sq_mem.get_end(), LEFT, 0.15).shift(UP * 0.2)  # fmt: skip
        lin = self.square_line(mem_axes, xs, mem_y(f_mem / 1e6), pal.guess,
                               power=1)  # fmt: skip
        lin_note = text("length", pal.guess).next_to(
            lin.get_end(), DOWN, 0.45).align_to(lin.get_end(), RIGHT)
        self.narrate("Along the bottom, each tick is 4 times the words; "
                     f"each step up the side is \u00d7{self.y_factor[0]:,}. "
                     "Dashed: growth exactly as length squared, and as "
                     "length.")  # fmt: skip
        self.play(Create(sq_mem), Fade(sq_note), Create(lin), Fade(lin_note),
                  run_time=max(0.6, self.caption_left()))  # fmt: skip
        self.hold_caption()

        # memory, written out: slope about 2
        p_w = float(st["written_bytes_exponent"])
        w_dots = self.dots(mem_axes, xs, mem_y(w_mem / 1e6), written_c)
        self.written_dots = w_dots  # for tests that read where points sit
        # the measured peak against one table: how many tables' worth it held
        tables = float(w_mem[-1]) / per_head
        per_reader = tables / heads
        held = (f"The tables alone hold {mb(heads * per_head)} at {top:,} words, "
                f"but the computer keeps working copies while it computes, so "
                f"at its peak, the most it holds at once, it holds "
                f"{mb(w_mem[-1])}."
                if per_reader >= 1.5 else
                f"At its peak, the most it holds at once, it holds "
                f"{mb(w_mem[-1])} at {top:,} words: about "
                f"{tables:.0f} tables' worth, one for each way of reading.")
        self.tables_said = held  # for tests
        # one number per dot: the measured peak, right of the longest length's dot
        peak_t = VGroup(text(mb(w_mem[-1]), written_c, style.LABEL_SIZE),
                        text("at its peak", written_c, style.LABEL_SIZE)).arrange(
            RIGHT, buff=0.12)  # fmt: skip
        peak_t.next_to(w_dots[-1], RIGHT, 0.15)
        self.peak_label = peak_t[0]
        copies = per_reader >= 1.5
        # the tables alone, marked on the longest length's line: a hollow dot
        tables_at = mem_axes.c2p(xs[-1], mem_y(heads * per_head / 1e6))
        tables_dot = Circle(radius=0.06, color=written_c, stroke_width=2.5).move_to(
            tables_at)  # fmt: skip
        tables_t = text(f"{mb(heads * per_head)}: the tables alone", written_c,
                        style.LABEL_SIZE)  # fmt: skip
        # the gap between the tables alone and the peak, bracketed and named:
        # the peak's label above its dot, the tables' below theirs, the
        # bracket's name between them
        top_y, low_y = w_dots[-1].get_center()[1], tables_at[1]
        bx = tables_at[0] + 0.16
        gap_b = VGroup(
            Line([bx, top_y, 0], [bx, low_y, 0], color=written_c, stroke_width=2.5),
            Line([bx - 0.08, top_y, 0], [bx, top_y, 0], color=written_c,
                 stroke_width=2.5),
            Line([bx - 0.08, low_y, 0], [bx, low_y, 0], color=written_c,
                 stroke_width=2.5),
        )  # fmt: skip
        gap_t = text("working copies", written_c, style.LABEL_SIZE)
        gap_t.move_to([bx + 0.15, (top_y + low_y) / 2, 0], aligned_edge=LEFT)
        self.gap_label = gap_t  # for tests
        if copies:
            peak_t.next_to([bx, top_y, 0], RIGHT, 0.15).align_to(
                gap_t, LEFT)  # fmt: skip
            peak_t.shift(UP * max(0.0, gap_t.get_top()[1] + 0.06
                                  - peak_t.get_bottom()[1]))
            tables_t.next_to([bx, low_y, 0], RIGHT, 0.15).align_to(gap_t, LEFT)
            tables_t.shift(DOWN * max(0.0, tables_t.get_top()[1]
                                      - gap_t.get_bottom()[1] + 0.06))
        else:
            tables_t.next_to(tables_dot, RIGHT, 0.15)
        tables_mark = VGroup(tables_dot, tables_t, gap_b, gap_t)
        self.tables_mark = tables_t  # for tests
        peak_note = VGroup(*[text(s_, written_c, style.LABEL_SIZE) for s_ in (
            ["peak: the most it holds at once",
             "working copies: kept while computing"] if copies else
            ["peak: the most it holds at once"])]).arrange(
            DOWN, aligned_edge=LEFT, buff=0.06)  # fmt: skip
        # in the right half, empty until the time chart comes in
        peak_note.next_to(tables_t if copies else peak_t, DOWN, 0.3,
                          aligned_edge=LEFT)  # fmt: skip
        self.peak_note = peak_note  # for tests
        self.narrate(f"Written out, the whole table is stored: memory grows "
                     f"{slope_words(p_w)}.")
        self.play(LaggedStart(*[FadeIn(d) for d in w_dots], lag_ratio=0.6),
                  run_time=max(self.sweep_seconds, self.caption_left()))
        self.hold_caption()
        self.narrate(held)
        if copies:
            self.play(FadeIn(tables_dot), Fade(tables_t),
                      run_time=max(0.5, self.caption_left() * 0.35))  # fmt: skip
        self.play(Fade(peak_t), run_time=max(0.5, self.caption_left() * 0.3))
        if copies:
            self.play(Create(gap_b), Fade(gap_t),
                      run_time=max(0.5, self.caption_left() * 0.3))  # fmt: skip
        self.play(LaggedStart(*[Fade(t_) for t_ in peak_note], lag_ratio=0.7),
                  run_time=max(0.5, self.caption_left()))  # fmt: skip
        self.hold_caption()
        # the last doubling, read off the chart: one step right, one step up
        step = float(w_mem[-1] / w_mem[-2])
        corner = mem_axes.c2p(xs[-1], mem_y(w_mem[-2] / 1e6))
        run = Line(w_dots[-2].get_center(), corner, color=pal.text, stroke_width=2)
        rise = Line(corner, w_dots[-1].get_center(), color=pal.text, stroke_width=2)
        times_t = text(f"\u00d7{step:.1f}", pal.text).next_to(run, DOWN, 0.1)
        self.step_label = times_t  # for tests that read what it shows
        self.narrate(f"One step right: written out, memory went "
                     f"up {step:.1f} times, "
                     + ("like the table of scores." if 3.8 <= step <= 4.2 else
                        "while the table of scores grew 4 times."))  # fmt: skip
        # the hollow 'tables alone' dot sits where the step turns: clear it
        self.play(Fade(peak_note, show=False),
                  *([FadeOut(tables_mark)] if copies else []), run_time=0.3)
        self.play(Create(run), run_time=0.5)
        self.play(Create(rise), Fade(times_t),
                  run_time=max(0.5, self.caption_left()))  # fmt: skip
        self.hold_caption()
        self.play(Fade(VGroup(run, rise, times_t), show=False),
                  run_time=0.3)  # fmt: skip

        # memory, fused: slope about 1
        p_f = float(st["fused_bytes_exponent"])
        f_dots = self.dots(mem_axes, xs, mem_y(f_mem / 1e6), fused_c)
        # a guide for 'in step with length': x2 per doubling, through the
        # longest fused point
        f_peak_t = text(mb(f_mem[-1]), fused_c, style.LABEL_SIZE).next_to(
            f_dots[-1], RIGHT, 0.15)  # fmt: skip
        self.fused_peak_label = f_peak_t
        self.narrate(f"Fused: memory grows {slope_words(p_f)}, "
                     f"{mb(f_mem[-1])} at the longest.")
        self.play(LaggedStart(*[FadeIn(d) for d in f_dots], lag_ratio=0.6),
                  run_time=max(self.sweep_seconds, self.caption_left() * 0.6))
        self.play(Fade(f_peak_t), run_time=max(0.6, self.caption_left()))
        self.hold_caption()

        # time: both still compute every score
        q_w = float(st["written_seconds_exponent"])
        q_f = float(st["fused_seconds_exponent"])
        from_len = int(st["long_from_length"])
        k = int(np.searchsorted(lengths, from_len))
        wt_dots = self.dots(t_axes, xs, t_y(w_t * 1e3), written_c)
        ft_dots = self.dots(t_axes, xs, t_y(f_t * 1e3), fused_c)
        # each way's own guides, from its own from_len point, in its colour:
        # length squared for both, a faint length for fused
        sq_w = self.square_line(t_axes, xs, t_y(w_t * 1e3), written_c, k,
                                from_through=True)  # fmt: skip
        sq_f = self.square_line(t_axes, xs, t_y(f_t * 1e3), fused_c, k,
                                from_through=True)  # fmt: skip
        lin_f = self.square_line(t_axes, xs, t_y(f_t * 1e3), fused_c, k, power=1,
                                 from_through=True).set_stroke(opacity=0.45)
        anchor = t_axes.c2p(xs[k], 0)
        mark = VGroup(
            Line(anchor + UP * 0.08, anchor + DOWN * 0.08, color=pal.text,
                 stroke_width=3),
            text(f"{from_len:,}", pal.text, style.LABEL_SIZE).next_to(
                anchor, UP, 0.12),
        )  # fmt: skip
        # one label per dashed line, in one column right of the longest
        # length, each at the height of what it names, spread so none touch,
        # with a thin leader
        x_end = t_axes.c2p(xs[-1], 0)[0]
        named = [
            (sq_w.get_end()[1], "length\u00b2", written_c, 1.0),
            (sq_f.get_end()[1], "length\u00b2", fused_c, 1.0),
            (lin_f.get_end()[1], "length", fused_c, 0.6),
        ]  # fmt: skip
        order = sorted(range(len(named)), key=lambda i: -named[i][0])
        ys_, gap = {}, 0.3
        prev = None
        for i in order:
            y = named[i][0] if prev is None else min(named[i][0], prev - gap)
            ys_[i], prev = y, y
        # pull the column back up if it fell below the axis
        low = t_axes.c2p(0, 0)[1] + 0.1
        if prev < low:
            for i in ys_:
                ys_[i] += low - prev
        col = []
        for i, (y0, words, c, op) in enumerate(named):
            t_ = text(words, c, style.LABEL_SIZE)
            t_.move_to([x_end + 0.3, ys_[i], 0], aligned_edge=LEFT)
            t_.set_opacity(op)
            lead = Line([x_end + 0.08, y0, 0], [x_end + 0.26, ys_[i], 0], color=c,
                        stroke_width=1.5, stroke_opacity=0.6 * op)  # fmt: skip
            col.append(VGroup(t_, lead))
        guide_t = VGroup(*col)
        self.narrate("The right chart is time, in ms: thousandths of a second. "
                     f"Dashed, from each {from_len:,}-word dot: length squared, "
                     "and for fused length.")  # fmt: skip
        # the memory chart steps back to its half: its labels go, the chart
        # and its dots shrink home, and one number per peak comes back
        self.play(Fade(VGroup(sq_note, lin_note, peak_t, f_peak_t), show=False),
                  FadeOut(sq_mem), FadeOut(lin), run_time=0.4)  # fmt: skip
        c_ = mem_plot.get_center().copy()
        self.play(VGroup(mem_plot, w_dots, f_dots).animate.scale(
            1 / self.mem_zoom, about_point=c_).shift(mem_home - c_),
            run_time=0.8)  # fmt: skip
        peak2 = text(mb(w_mem[-1]), written_c, style.LABEL_SIZE).next_to(
            w_dots[-1], RIGHT, 0.15)  # fmt: skip
        fpeak2 = text(mb(f_mem[-1]), fused_c, style.LABEL_SIZE).next_to(
            f_dots[-1], RIGHT, 0.15)  # fmt: skip
        self.peak_label, self.fused_peak_label = peak2, fpeak2  # for tests
        self.play(Fade(t_plot), FadeIn(wt_dots), FadeIn(ft_dots), Fade(peak2),
                  Fade(fpeak2), run_time=max(0.6, self.caption_left() * 0.4))
        self.play(Create(sq_w), Create(sq_f), Create(lin_f), FadeIn(guide_t),
                  Fade(mark), run_time=max(0.6, self.caption_left()))  # fmt: skip
        self.hold_caption()
        # what each way computes: written out, every score of the table, kept;
        # fused, the scores a few rows at a time, none kept (how much of the
        # blanked part a kernel skips is its own affair: not said)
        climb = min(q_w, q_f) >= 1.5
        self.time_said = climb  # for tests
        self.narrate("Both still climb much faster than length."
                     if climb else "Neither climbs much faster than length.")
        self.play(*[Indicate(d, scale_factor=1.6, color=d.get_color())
                    for d in (*wt_dots[k:], *ft_dots[k:])],
                  run_time=max(0.6, self.caption_left()))  # fmt: skip
        self.hold_caption()
        # the shortest lengths, where fixed set-up work hides the growth
        early, _ = np.polyfit(np.log(lengths[:4]), np.log(w_t[:4]), 1)
        if k > 0 and early < 1.5:
            self.narrate("At the shortest lengths, fixed set-up work, the same "
                         "at any length, takes most of the time: the points lie "
                         "flatter there.")
            self.play(*[Indicate(d, scale_factor=1.8, color=d.get_color())
                        for d in (*wt_dots[:3], *ft_dots[:3])],
                      run_time=max(0.8, self.caption_left()))  # fmt: skip
            self.hold_caption()

        # the conclusion, a yardstick from from_len (past the set-up work)
        # to the longest length, both ways
        words_x = float(lengths[-1] / lengths[k])
        r_w, r_f = float(w_t[-1] / w_t[k]), float(f_t[-1] / f_t[k])
        self.time_steps = (words_x, r_w, r_f)  # for tests
        # the guides make way for the two end times, beside their dots
        ends = VGroup(
            text(ms(w_t[-1]), written_c, style.LABEL_SIZE).next_to(
                wt_dots[-1], RIGHT, 0.15),
            text(ms(f_t[-1]), fused_c, style.LABEL_SIZE).next_to(
                ft_dots[-1], RIGHT, 0.15),
        )  # fmt: skip
        self.end_labels = ends
        self.fused_time_dots = ft_dots  # for tests
        self.written_time_last = wt_dots[-1]
        said_t = (
            text(f"written out \u00d7{r_w:,.0f},", written_c, style.LABEL_SIZE),
            text(f"fused \u00d7{r_f:,.0f}", fused_c, style.LABEL_SIZE),
        )
        yard = VGroup(
            text(f"From {from_len:,} to {top:,} words (\u00d7{words_x:,.0f} "
                 "words), time:", pal.text, style.LABEL_SIZE),
            VGroup(*said_t).arrange(RIGHT, buff=0.12),
            text(f"length\u00b2 would give \u00d7{words_x ** 2:,.0f}, length "
                 f"\u00d7{words_x:,.0f}", pal.guess, style.LABEL_SIZE),
        )
        yard[:2].arrange(RIGHT, buff=0.15)
        VGroup(yard[:2], yard[2]).arrange(DOWN, buff=0.08)
        # where the key stood, clear of every dot and dashed line
        yard.next_to(title, DOWN, 0.2)
        self.yardstick = [yard[0], *said_t, yard[2]]  # for tests
        # what the two yardsticks would give, said beside the measured
        # factors while the dashed guides stay up; above length squared is
        # said only when the dots are
        above = r_w > 1.1 * words_x**2
        self.above_said = above  # for tests
        self.narrate(
            f"From {from_len:,} to {top:,} words, {words_x:,.0f} times the "
            f"words: written out took {r_w:,.0f} times the time, fused "
            f"{r_f:,.0f} times. Length squared would give "
            f"{words_x ** 2:,.0f} times, length {words_x:,.0f}."
            + (" Written out grew even faster than length squared here."
               if above else "")
        )  # fmt: skip
        self.play(Fade(legend, show=False), run_time=0.3)
        self.play(Fade(yard[0]), run_time=max(0.5, self.caption_left() * 0.15))
        self.play(Fade(yard[1]), run_time=max(0.5, self.caption_left() * 0.3))
        self.play(Fade(yard[2]), run_time=max(0.5, self.caption_left() * 0.4))
        if above:
            self.play(Indicate(wt_dots[-1], scale_factor=1.8, color=written_c),
                      run_time=max(0.5, self.caption_left()))  # fmt: skip
        self.hold_caption()
        # the guides make way for the two measured end times
        faster = f_t[-1] < w_t[-1]
        self.faster_said = faster  # for tests
        stays = p_f < p_w and min(q_w, q_f) >= 1.5
        # the takeaway written where the key stood, chosen by the figures
        close = VGroup(text(
            "Fused saves memory; the time still climbs steeply with length."
            if stays else "Each layer pays this; a model stacks many.",
            pal.text, style.BODY_SIZE - 2))  # fmt: skip
        close.move_to(legend)
        self.takeaway = close  # for tests
        self.narrate(
            "So fused attention saves memory, but long text stays expensive, "
             "and a model stacks many such layers."
             if stays else
             "And a model stacks many such layers."
        )  # fmt: skip
        self.play(FadeOut(VGroup(sq_w, sq_f, lin_f)),
                  Fade(VGroup(guide_t, mark, yard), show=False), run_time=0.3)
        self.play(Fade(ends), Fade(close[0]),
                  run_time=max(0.5, self.caption_left() * 0.4))  # fmt: skip
        self.play(*[Indicate(d, scale_factor=1.4, color=d.get_color())
                    for d in (wt_dots[-1], ft_dots[-1])],
                  run_time=max(0.5, self.caption_left() * 0.5))  # fmt: skip
        self.mark_poster()
        self.hold_caption()
        self.wait(self.hold_seconds)

    def grid(self, n: int, cell: float, pal, words=(), weights=None,
             triangle: bool = False) -> dict:
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
            text("are then blanked", pal.text, style.LABEL_SIZE),
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
                                "words (dots: each \u00d72; ticks: \u00d74)", unit)
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
                    power: int = 2, from_through: bool = False):
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
                          stroke_width=3)

    def key(self, colour: str, words: str) -> VGroup:
        return VGroup(Dot(radius=0.08, color=colour),
                      text(words, colour, style.LABEL_SIZE)).arrange(RIGHT, buff=0.15)
