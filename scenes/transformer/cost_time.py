"""The transformer chapter: what long text costs in time.

LongContextTime draws the ``attention_cost`` trace: fused attention saves
memory (LongContextCost) and here time too, but still computes every pair's
score, so its time, like written out's, still climbs about as length squared.

    manim -pql scenes/transformer/cost_time.py LongContextTime
"""

from __future__ import annotations

from manim import *

from scenes.kit import style
from scenes.kit.text import quoted
from scenes.kit.tracefile import load_trace
from scenes.transformer.cost import (
    CostScene,
    doubling_words,
    growth_takeaway,
    ms,
    wrap_words,
)
from scenes.transformer.draw import Fade, text, title_text


class LongContextTime(CostScene):
    """Why fused attention still takes long: the small table
    (``example_words``, ``example_weights``) with a band sweeping over every
    square, then one layer's attention timed both ways at doubling
    ``lengths`` (``attn_seconds``, ``fused_seconds``) on a log-log chart, the
    lengths under ``long_from_length`` greyed as too quick to time steadily;
    the speed-up at the longest length (its likely cause said as unmeasured)
    and each way's factor over the last doubling, with step brackets; the
    takeaway chosen by those figures."""

    def construct(self):
        pal = self.palette
        tr = load_trace(self.trace_kind)
        lengths = tr["lengths"].astype(float)
        w_t, f_t = tr["attn_seconds"].astype(float), tr["fused_seconds"].astype(float)
        top = int(lengths[-1])
        written_c, fused_c = pal.data, pal.accent

        title = title_text("What long text costs: time", pal)
        self.add(title)

        # Section: what the table is, and the two ways, in plain words
        # the table large, its column words on one row, with its own key and
        # the sentence it scores, read left to right
        small, labels = self.table(
            tr, cell=0.6, at=LEFT * 2.9 + DOWN * 0.85, angled=True,
            key_lines=("brighter = looks more", "outline = computed,",
                       "then blanked (a later word)"))  # fmt: skip
        cells = small["cells"]
        n = len(cells)
        small["words"].remove(small["words"][-1])  # no blanking count here
        key = labels[2]
        sentence = text(quoted(" ".join(str(w) for w in tr["example_words"])),
                        pal.text, style.BODY_SIZE - 4)  # fmt: skip
        sentence.next_to(key, UP, 0.35, aligned_edge=LEFT)
        labels.add(sentence)
        self.key_lines = key  # for tests
        self.add(small["words"], labels, *cells)  # the table up from the start
        self.narrate("A transformer scores every pair of words in a table like "
                     "this one; brighter means a word looks at another more. "
                     "Length means the number of words.")  # fmt: skip
        first_line = ("A transformer scores every pair of words in a table "
                      "like this one; brighter means a word looks at another "
                      "more. ")  # the caption's first sentence
        len_t = text(f"length = {n} words", pal.text, style.BODY_SIZE - 4)
        len_t.next_to(VGroup(*cells), RIGHT, 0.3).align_to(VGroup(*cells), DOWN)
        self.length_label = len_t  # for tests
        total = self.caption_left()
        self.play(*[Indicate(r_, scale_factor=1.05, color=pal.data)
                    for r_ in cells],
                  run_time=max(0.6, total * len(first_line) / 101))  # fmt: skip
        self.play(Fade(len_t), run_time=max(0.4, self.caption_left()))
        self.hold_caption()
        line = ("Written out stores the whole table. Fused works through it "
                "a few rows at a time, throwing each piece away, so it saves "
                "memory.")  # fmt: skip
        self.narrate(line)
        # while the voice says "written out stores the whole table": all kept
        kept_box = SurroundingRectangle(VGroup(*cells), color=written_c,
                                        buff=0.06, stroke_width=4)  # fmt: skip
        kept_t = text("written out: keeps it all", written_c, style.LABEL_SIZE)
        kept_t.next_to(key, DOWN, 0.45, aligned_edge=LEFT)
        kept = VGroup(kept_box, kept_t)
        self.kept = kept  # for tests
        first = self.caption_left() * len("Written out stores the whole table. ") \
            / len(line)
        self.play(FadeIn(kept_box), Fade(kept_t), run_time=0.4)
        self.wait(max(0.1, first - 0.7))
        fused_t = text("fused: a few rows at a time", fused_c, style.LABEL_SIZE)
        fused_t.next_to(kept_t, DOWN, 0.15, aligned_edge=LEFT)
        self.play(Fade(VGroup(kept_box, len_t), show=False), Fade(fused_t),
                  run_time=0.3)  # the two ways stay named until the chart
        back = [Fade(r_) for r_ in cells]  # the scores all there again, later
        block = max(1, n // 3)
        starts = list(range(0, n, block))
        per = max(0.3, (self.caption_left() - 0.2) / (2 * len(starts)))
        for r0 in starts:
            rows = VGroup(*[cells[r] for r in range(r0, min(n, r0 + block))])
            band = SurroundingRectangle(rows, color=fused_c, buff=0.03,
                                        stroke_width=3, fill_color=fused_c,
                                        fill_opacity=0.45)  # fmt: skip
            self.play(FadeIn(band), run_time=per)
            self.play(FadeOut(band), rows.animate.set_opacity(0.15),
                      run_time=per)  # used, thrown away
        self.hold_caption()
        all_t = text(f"all {n * n} still computed", fused_c, style.BODY_SIZE - 2)
        all_t.next_to(fused_t, DOWN, 0.35, aligned_edge=LEFT)
        self.all_label = all_t  # for tests
        core = (f"But fused still computes all {n * n} scores, outlined "
                "ones too, so both ways' work grows as length squared: "
                "twice the words, four times the scores.")  # fmt: skip
        self.narrate(core)
        whole = self.caption_left()
        # fused computing every square, outlined ones too, one by one, counted
        side = cells[0][0].width
        lit = [Square(side, stroke_width=0, fill_color=fused_c,
                      fill_opacity=0.9).move_to(sq)
               for row in cells for sq in row]  # fmt: skip
        counts = [text(f"computed: {i}", fused_c, style.BODY_SIZE - 2)
                  .move_to(all_t, aligned_edge=LEFT)
                  for i in range(1, n * n + 1)]  # fmt: skip
        self.lit_cells = lit  # for tests
        per = max(0.06, whole * 0.5 / len(lit))
        for i, sq in enumerate(lit):
            self.play(FadeIn(sq), *([FadeOut(counts[i - 1])] if i else []),
                      FadeIn(counts[i]), run_time=per)  # fmt: skip
        self.counted = len(lit)  # for tests
        # twice the words, to scale: the same squares, twice as wide and tall
        half = self.grid(n, 0.12, pal)["cells"].move_to([3.3, -0.9, 0])
        half.set_x(max(t_.get_right()[0] for t_ in (kept_t, fused_t, all_t))
                   + 0.3 + half.width / 2)  # clear of the words beside the table
        big = self.grid(2 * n, 0.12, pal)["cells"]
        big.next_to(half, RIGHT, 0.75).align_to(half, UP)
        arrow = Arrow(half.get_right() + RIGHT * 0.15, big.get_left() + LEFT * 0.15,
                      color=pal.data, stroke_width=4, buff=0)  # fmt: skip
        twice = VGroup(
            half, big, arrow,
            text("\u00d74", pal.data, style.BODY_SIZE).next_to(arrow, UP, 0.1),
            text(f"{n} words: {n * n}", pal.text, style.LABEL_SIZE).next_to(
                half, DOWN, 0.15),
            text(f"{2 * n} words: {4 * n * n}", pal.text, style.LABEL_SIZE
                 ).next_to(big, DOWN, 0.15),
        )  # fmt: skip
        self.twice = twice  # for tests
        # only then the outlined ones dimmed again: blanked after computing
        self.play(*back, FadeOut(VGroup(*lit)), FadeOut(counts[-1]),
                  Fade(all_t), Indicate(key[1:], color=fused_c),
                  run_time=max(0.4, self.caption_left() * 0.3))  # fmt: skip
        self.play(Fade(twice), run_time=max(0.6, self.caption_left()))
        self.hold_caption()

        # Section: measured, on one large log-log chart
        k = int(np.searchsorted(lengths, int(tr.stats["long_from_length"])))
        t_axes, t_plot, t_y, xs = self.chart(
            tr, np.concatenate([w_t, f_t]) * 1e3,
            "time for one layer's word-pair scoring (ms)", "ms")  # fmt: skip
        t_plot.remove(t_plot[3])  # the title already says (ms)
        per_tick = text(f"each tick up = {self.y_factor[-1]:,}\u00d7 the time",
                        pal.muted, style.LABEL_SIZE)  # fmt: skip
        per_tick.next_to(t_plot[-1], DOWN, 0.08).align_to(t_plot[-1], LEFT)
        t_plot.add(per_tick)
        self.tick_label = per_tick  # for tests
        self.axis_title = (t_plot[-2], per_tick)  # kept to the end, for tests
        legend = VGroup(
            self.key(written_c, "written out: stores the whole table"),
            self.key(fused_c, "fused: works through it in pieces"),
        ).arrange(RIGHT, buff=0.8)
        legend.next_to(title, DOWN, 0.25)
        wt_dots = self.dots(t_axes, xs, t_y(w_t * 1e3), written_c)
        ft_dots = self.dots(t_axes, xs, t_y(f_t * 1e3), fused_c)
        self.fused_time_dots, self.written_time_dots = ft_dots, wt_dots  # tests
        # the short lengths, too quick to time steadily: greyed, said once
        x_edge = float(xs[k] + xs[k - 1]) / 2 if k > 0 else float(xs[0])
        lo_c, hi_c = t_axes.c2p(float(xs[0]), 0), t_axes.c2p(x_edge, 0)
        top_y = t_axes.c2p(0, t_axes.y_range[1])[1]
        shade = Rectangle(width=hi_c[0] - lo_c[0], height=top_y - lo_c[1],
                          stroke_width=0, fill_color=pal.muted,
                          fill_opacity=0.18)  # fmt: skip
        shade.move_to([(lo_c[0] + hi_c[0]) / 2, (lo_c[1] + top_y) / 2, 0])
        shade_t = VGroup(text("too quick to", pal.text, style.LABEL_SIZE),
                         text("time steadily", pal.text, style.LABEL_SIZE)
                         ).arrange(DOWN, buff=0.05)  # fmt: skip
        shade_t.move_to(shade).align_to(shade, UP).shift(DOWN * 0.1)
        self.short_shade = VGroup(shade, shade_t)  # for tests
        self.narrate("We timed one layer, one round of reading, both ways, in "
                     "ms: thousandths of a second.")  # fmt: skip
        self.play(Fade(VGroup(small["all"], labels, all_t, twice, kept_t,
                              fused_t), show=False),
                  run_time=0.3)  # fmt: skip
        self.play(Fade(legend), Fade(t_plot), run_time=0.5)
        self.play(LaggedStart(*[FadeIn(d) for d in (*wt_dots, *ft_dots)],
                              lag_ratio=0.3),
                  run_time=max(self.sweep_seconds * 0.6, self.caption_left()))
        self.hold_caption()
        self.narrate(f"Runs under {int(lengths[k]):,} words are too quick to "
                     "time steadily, so we set them aside.")  # fmt: skip
        short = [d for dots_ in (wt_dots, ft_dots) for d in dots_[:k]]
        self.play(FadeIn(shade), Fade(shade_t),
                  *[d.animate.set_opacity(0.4) for d in short],
                  run_time=max(0.5, self.caption_left()))  # fmt: skip
        self.hold_caption()

        # the headline: how much faster fused is, read off the last dots
        speed = float(w_t[-1] / f_t[-1])
        faster = speed >= 1.5
        self.speed = speed  # for tests
        side_x = t_axes.get_right()[0] + 0.55
        head = VGroup(
            text(f"at {top:,} words:", pal.text, style.LABEL_SIZE),
            text(f"written out {ms(w_t[-1])}", written_c, style.LABEL_SIZE),
            text(f"fused {ms(f_t[-1])}", fused_c, style.LABEL_SIZE),
            text(f"fused about {speed:,.0f}\u00d7 faster" if faster else
                 "fused not much faster", fused_c, style.BODY_SIZE - 4),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.08)  # fmt: skip
        head.move_to([side_x, 0, 0], aligned_edge=LEFT).align_to(t_axes, UP)
        self.end_labels = head[1:3]  # for tests
        self.narrate(
            f"Fused is faster here: at {top:,} words it took {ms(f_t[-1])} "
            f"against {ms(w_t[-1])}, about {speed:,.0f} times faster."
            if faster else
            f"Fused is not much faster here: at {top:,} words it took "
            f"{ms(f_t[-1])} against {ms(w_t[-1])}.")  # fmt: skip
        self.play(Fade(head), run_time=0.5)
        self.play(*[Indicate(d, scale_factor=1.5, color=d.get_color())
                    for d in (wt_dots[-1], ft_dots[-1])],
                  run_time=max(0.5, self.caption_left()))  # fmt: skip
        self.hold_caption()

        # a likely reason, drawn: the whole table out to memory and back,
        # against a small scratch piece kept close (not measured)
        if faster:
            why = self.why_picture(written_c, fused_c)
            why.next_to(head, DOWN, 0.5, aligned_edge=LEFT)
            self.why = why  # for tests
            self.narrate("A likely reason, not measured here: written out "
                         "sends the whole table out to main memory and reads "
                         "it back; fused keeps a small piece close at hand.")
            self.play(Fade(why[0]), FadeIn(why[1][0]), FadeIn(why[2][0]),
                      run_time=0.4)  # fmt: skip
            mover, go, back = why[1]
            piece, go2, back2 = why[2]
            t_ = max(0.6, (self.caption_left() - 0.6) / 2)
            for _ in range(2):  # both ways move at once: far trip, short one
                self.play(MoveAlongPath(mover, go), MoveAlongPath(piece, go2),
                          run_time=t_ / 2)  # fmt: skip
                self.play(MoveAlongPath(mover, back),
                          MoveAlongPath(piece, back2), run_time=t_ / 2)
                piece.move_to(go2.get_start())
            self.hold_caption()

        # the growth over the whole timed range: each way's fitted factor per
        # doubling, beside long guides from its first timed dot, x4 (length
        # squared) for written out and x2 (length) for fused
        p_w = float(tr.stats["written_seconds_exponent"])
        p_f = float(tr.stats["fused_seconds_exponent"])
        f_w, f_f = 2.0**p_w, 2.0**p_f  # fitted over the kept lengths
        self.fitted = (f_w, f_f)  # for tests
        say_w, say_f = doubling_words(f_w), doubling_words(f_f)
        self.growth_said = (say_w, say_f)  # for tests
        guides, guide_key = VGroup(), VGroup()
        for ys_, c, power, words in (
                (w_t, written_c, 2, "\u00d74 per doubling (length\u00b2)"),
                (f_t, fused_c, 1, "\u00d72 per doubling (length)")):
            g_ = self.square_line(t_axes, xs, t_y(ys_ * 1e3), c, through=k,
                                  power=power, from_through=True)
            g_.set_stroke(width=6)
            lab = text(words, c, style.LABEL_SIZE)
            lab.next_to(g_.get_end(), RIGHT, 0.3)
            guides.add(g_)
            guide_key.add(VGroup(g_, lab))
        if guide_key[0][1].get_bottom()[1] < guide_key[1][1].get_top()[1] + 0.1:
            guide_key[0][1].shift(UP * 0.15)
        self.guide_key = guide_key  # for tests
        lo_n = int(lengths[k])
        step_t = VGroup(
            text(f"{lo_n:,} to {top:,} words, fitted:", pal.text, style.LABEL_SIZE),
            text(f"written out \u00d7{f_w:.1f} per doubling", written_c,
                 style.LABEL_SIZE),
            text(f"fused \u00d7{f_f:.1f} per doubling", fused_c, style.LABEL_SIZE),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.08)  # fmt: skip
        step_t.move_to([side_x, 0, 0], aligned_edge=LEFT)
        step_t.align_to(t_axes, DOWN).shift(UP * 0.1)
        self.step_label = step_t  # for tests
        line = (f"From {lo_n:,} to {top:,} words, each doubling took written out "
                f"about {f_w:.1f} times as long, {say_w}; and fused about "
                f"{f_f:.1f} times, {say_f}.").replace("\u00d7", "")
        self.narrate(line)
        whole = self.caption_left()
        self.play(Fade(head, show=False), *([FadeOut(VGroup(
            self.why[0], self.why[1][0], self.why[2][0]))] if faster else []),
                  run_time=0.3)  # fmt: skip
        due_f = whole * line.index("and fused") / len(line)
        self.play(Create(guides[0]), Fade(guide_key[0][1]), Fade(step_t[:2]),
                  run_time=max(0.5, due_f - (whole - self.caption_left())))
        self.play(Create(guides[1]), Fade(guide_key[1][1]), Fade(step_t[2]),
                  run_time=max(0.5, self.caption_left()))  # fmt: skip
        self.hold_caption()

        # the takeaway, one sentence chosen by the figures; the axis keeps its
        # title and unit
        share = growth_takeaway(faster, f_f)
        self.growth_takeaway = share  # for tests
        close = VGroup(*[text(t_, pal.text, style.BODY_SIZE - 4)
                         for t_ in wrap_words(share, 26)],
                       ).arrange(DOWN, aligned_edge=LEFT, buff=0.08)  # fmt: skip
        close.next_to(legend, DOWN, 0.3).align_to(step_t, LEFT)
        self.takeaway = close  # for tests
        self.narrate(f"So {share[0].lower()}{share[1:]}")
        self.play(Fade(close), run_time=max(0.5, self.caption_left() * 0.3))
        self.mark_poster()
        self.play(*[ShowPassingFlash(g.copy().set_stroke(width=10),
                                     time_width=0.4) for g in guides],
                  run_time=max(0.5, self.caption_left()))  # fmt: skip
        self.hold_caption()
        self.wait(self.hold_seconds)

    def why_picture(self, written_c: str, fused_c: str) -> VGroup:
        """The likely reason fused is faster, as a picture (not measured): a
        close workspace on the chip holding both ways' tables; written out's
        whole table goes out to main memory and back, fused's small piece
        only moves inside the workspace. Returns (the still parts, (the
        moving table, its way out, its way back), (fused's piece, its way
        over, its way back))."""
        pal = self.palette

        def table_icon(c: str, side: float) -> VGroup:
            return VGroup(*[Square(side / 3 * 0.85, stroke_width=0,
                                   fill_color=c, fill_opacity=0.8).move_to(
                [i * side / 3, -j * side / 3, 0]) for i in range(3)
                for j in range(3)])  # fmt: skip

        ws = RoundedRectangle(corner_radius=0.1, width=1.7, height=1.8,
                              color=pal.text, stroke_width=2)
        ws_t = text("close workspace", pal.text, style.LABEL_SIZE)
        ws_t.next_to(ws, UP, 0.1).align_to(ws, LEFT)
        w_tab = table_icon(written_c, 0.55).move_to(ws.get_center() + [-0.35, 0.45, 0])
        f_tab = table_icon(fused_c, 0.55).move_to(ws.get_center() + [-0.35, -0.45, 0])
        mem = VGroup(RoundedRectangle(corner_radius=0.1, width=0.8, height=0.7,
                                      color=pal.muted, stroke_width=2),
                     text("main memory", pal.text, style.LABEL_SIZE))
        mem[0].move_to([ws.get_right()[0] + 1.6 + 0.4, w_tab.get_y(), 0])
        mem[1].next_to(mem[0], UP, 0.1)
        mem[1].align_to(ws_t, DOWN)  # on the workspace label's line
        start = w_tab.get_right() + RIGHT * 0.05
        go = ArcBetweenPoints(start, mem[0].get_center(), angle=-0.7)
        back = ArcBetweenPoints(mem[0].get_center(), start, angle=-0.7)
        lanes = VGroup(go.copy().set_stroke(written_c, 3, 0.7),
                       back.copy().set_stroke(written_c, 3, 0.7))
        mover = table_icon(written_c, 0.4).move_to(start)
        slot = Square(0.3, color=fused_c, stroke_width=2).move_to(
            ws.get_center() + [0.45, -0.45, 0])
        piece = Rectangle(width=0.45, height=0.14, stroke_width=0,
                          fill_color=fused_c, fill_opacity=0.95)
        piece.move_to(f_tab.get_top() + DOWN * 0.09)
        go2 = Line(piece.get_center(), slot.get_center())
        back2 = Line(slot.get_center(), f_tab.get_bottom() + UP * 0.09)
        f_t = text("fused: stays close", fused_c, style.LABEL_SIZE)
        f_t.next_to(ws, RIGHT, 0.2).set_y(f_tab.get_y())
        note = text("likely, not measured", pal.muted, style.LABEL_SIZE)
        still = VGroup(ws, ws_t, w_tab, f_tab, mem, lanes, slot, f_t)
        note.next_to(still, DOWN, 0.15, aligned_edge=LEFT)
        still.add(note)
        return VGroup(still, VGroup(mover, go, back), VGroup(piece, go2, back2))
