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
    time_gap,
    wrap_words,
)
from scenes.transformer.draw import Fade, text, title_text


class LongContextTime(CostScene):
    """Why fused attention still takes long: the small table
    (``example_words``, ``example_weights``) with a band sweeping over every
    square, then attention timed both ways at doubling ``lengths``
    (``attn_seconds``, ``fused_seconds``) on a log-log chart, the lengths
    under ``long_from_length`` greyed as too quick to time steadily; the
    speed-up at the longest length as an arrow between its two dots; each
    way's measured trend and factor per doubling against neutral x4 and x2
    guides; why time is not the scores' x4, each cause marked likely, not
    measured; the takeaway chosen by those figures."""

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
            key_lines=("brighter = looks more", "red = computed, then",
                       "thrown away (a later word)"))  # fmt: skip
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
        opening = ("A transformer scores every pair of words in a table like "
                   "this one; brighter means a word looks at another more. "
                   "Length means the number of words.")  # fmt: skip
        self.narrate(opening)
        first_line = ("A transformer scores every pair of words in a table "
                      "like this one; brighter means a word looks at another "
                      "more. ")  # the caption's first sentence
        len_t = text(f"length = {n} words", pal.text, style.BODY_SIZE - 4)
        len_t.next_to(VGroup(*cells), RIGHT, 0.3).align_to(VGroup(*cells), DOWN)
        self.length_label = len_t  # for tests
        total = self.caption_left()
        self.play(*[Indicate(r_, scale_factor=1.05, color=pal.data)
                    for r_ in cells],
                  run_time=max(0.6, total * len(first_line) / len(opening)
                               - 0.2))  # fmt: skip
        words_left = min(m.get_left()[0] for m in small["words"])
        len_brace = Brace(VGroup(*[row[0] for row in cells]), LEFT,
                          buff=cells[0][0].get_left()[0] - words_left + 0.08,
                          color=pal.text)  # along the row words, clear of them
        self.play(Fade(len_t), GrowFromCenter(len_brace), run_time=0.4)
        self.hold_caption()
        line = ("Written out stores the whole table. Fused (done in one pass, "
                "a few rows at a time) never saves the table whole, saving "
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
        fused_t = text("fused: one pass, a few rows", fused_c, style.LABEL_SIZE)
        fused_t.next_to(kept_t, DOWN, 0.15, aligned_edge=LEFT)
        self.play(Fade(VGroup(kept_box, len_t), show=False), FadeOut(len_brace),
                  Fade(fused_t),
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
        core = (f"But fused still computes all {n * n} scores, red ones "
                "too, so the scoring grows as length squared: "
                "twice the words, four times the scores.")  # fmt: skip
        self.narrate(core)
        whole = self.caption_left()
        # the blanked squares (a later word) tinted red as they are said, and
        # kept over the counting fill
        blank_c = pal.noise
        marks = VGroup(*[VGroup(
            Square(sq.width, stroke_color=blank_c, stroke_width=2.5,
                   fill_color=blank_c, fill_opacity=0.35).move_to(sq),
            Line(sq.get_corner(UL), sq.get_corner(DR), color=blank_c,
                 stroke_width=2.5)).set_z_index(3)
            for r, row in enumerate(cells) for c, sq in enumerate(row)
            if c > r])  # fmt: skip
        self.blank_marks = marks  # for tests
        self.play(FadeIn(marks), Indicate(key[1:], color=blank_c,
                                          scale_factor=1.0), run_time=0.5)
        self.play(Indicate(marks, color=blank_c, scale_factor=1.1),
                  run_time=0.4)  # fmt: skip
        # fused computing every square, outlined ones too, one by one, counted
        side = cells[0][0].width
        lit = [Square(side, stroke_width=0, fill_color=fused_c,
                      fill_opacity=0.9).move_to(sq)
               for row in cells for sq in row]  # fmt: skip
        counts = [text(f"computed: {i}", fused_c, style.BODY_SIZE - 2)
                  .move_to(all_t, aligned_edge=LEFT)
                  for i in range(1, n * n + 1)]  # fmt: skip
        self.lit_cells = lit  # for tests
        per = max(0.06, (whole - 0.9) * 0.5 / len(lit))
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
        self.play(FadeOut(counts[-1]), run_time=0.2)  # never under all_t
        self.play(*back, FadeOut(VGroup(*lit)), Fade(all_t),
                  run_time=max(0.4, self.caption_left() * 0.3))  # fmt: skip
        self.play(Fade(twice), run_time=max(0.6, self.caption_left()))
        self.hold_caption()

        # Section: measured, on one large log-log chart
        k = int(np.searchsorted(lengths, int(tr.stats["long_from_length"])))
        t_axes, t_plot, t_y, xs = self.chart(
            tr, np.concatenate([w_t, f_t]) * 1e3,
            "time to score every word pair (ms)", "ms")  # fmt: skip
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
        self.narrate("We timed one attention step of our test model on "
                     "this computer, not a whole chatbot, in ms: thousandths "
                     "of a second.")  # fmt: skip
        self.play(Fade(VGroup(small["all"], labels, all_t, twice, kept_t,
                              fused_t), show=False), FadeOut(marks),
                  run_time=0.3)  # fmt: skip
        self.play(Fade(legend), Fade(t_plot), run_time=0.5)
        self.play(LaggedStart(*[FadeIn(d) for d in (*wt_dots, *ft_dots)],
                              lag_ratio=0.3),
                  run_time=max(self.sweep_seconds * 0.6, self.caption_left()))
        self.hold_caption()
        self.narrate(f"Runs under {int(lengths[k]):,} words are too quick to "
                     "time steadily.")  # fmt: skip
        short = [d for dots_ in (wt_dots, ft_dots) for d in dots_[:k]]
        self.play(FadeIn(shade), Fade(shade_t),
                  *[d.animate.set_opacity(0.4) for d in short],
                  run_time=max(0.5, self.caption_left()))  # fmt: skip
        self.hold_caption()

        # the headline: how much faster fused is, read off the last dots, each
        # time on its word and the x17 arrow between the two dots on its word
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
        gap_x = wt_dots[-1].get_x()  # at the longest length, dot to dot
        speed_arrow, speed_t = self.ratio_arrow(
            gap_x, ft_dots[-1], wt_dots[-1], f"\u00d7{speed:,.0f}", RIGHT, 0.1)
        if faster:  # the times beside it, clear of its label
            head.shift(RIGHT * max(0.0, speed_t.get_right()[0] + 0.25
                                   - head.get_left()[0]))
        speed_mark = VGroup(speed_arrow, speed_t) if faster else VGroup()
        self.speed_mark = speed_mark  # for tests
        line = (f"At {top:,} words, written out took {ms(w_t[-1])} and fused "
                f"{ms(f_t[-1])}: " + (f"about {speed:,.0f} times faster."
                                      if faster else "not much faster."))
        self.narrate(line)
        whole = self.caption_left()
        cues = [(0, (head[0],), ()),
                (line.index("written out"), (head[1],), (wt_dots[-1],)),
                (line.index("and fused"), (head[2],), (ft_dots[-1],)),
                (line.index(": ") + 2, (head[3],), ())]
        for i, (at, shown, dots_) in enumerate(cues):
            self.wait(max(0.05, whole * at / len(line)
                          - (whole - self.caption_left())))
            last = i == len(cues) - 1
            self.play(*[Fade(t_) for t_ in shown],
                      *[Indicate(d, scale_factor=1.5, color=d.get_color())
                        for d in dots_],
                      *([GrowFromCenter(speed_mark)] if last and faster
                        else []),
                      run_time=max(0.4, self.caption_left()) if last else 0.4)
        self.hold_caption()

        # the likely reason for the speed-up, said right after it: written
        # out writes the whole table to memory and reads it back, fused never
        why = VGroup()
        if faster:
            tab = VGroup(*[Square(0.11, stroke_width=0, fill_color=written_c,
                                  fill_opacity=0.8) for _ in range(16)]
                         ).arrange_in_grid(4, 4, buff=0.03)  # fmt: skip
            box = VGroup(Rectangle(width=1.0, height=0.45, color=pal.muted,
                                   stroke_width=2),
                         text("memory", pal.text, style.LABEL_SIZE))
            box[1].move_to(box[0])
            box.next_to(tab, RIGHT, 0.8)
            shuttle = DoubleArrow(tab.get_right(), box.get_left(), buff=0.1,
                                  color=written_c, stroke_width=3,
                                  tip_length=0.15)  # fmt: skip
            why = VGroup(
                text("written out only:", written_c, style.LABEL_SIZE),
                VGroup(tab, shuttle, box),
                text("likely, not measured", pal.muted, style.LABEL_SIZE),
            ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)  # fmt: skip
            why.next_to(head, DOWN, 0.35, aligned_edge=LEFT)
            self.why_label = why  # for tests
            self.narrate("Likely why, not measured: written out writes the "
                         "whole table to memory and reads it back; fused never "
                         "does.")  # fmt: skip
            self.play(Fade(why[0]), FadeIn(why[1][0]), FadeIn(why[1][2]),
                      Fade(why[2]), run_time=0.5)
            self.play(GrowFromCenter(shuttle),
                      run_time=max(0.5, self.caption_left()))  # fmt: skip
            self.hold_caption()

        # the growth over the whole timed range: each way's own measured
        # trend in its colour, tagged with its factor per doubling, against
        # neutral dashed guides from fused's first timed dot: what x4 per
        # doubling (length squared) and x2 (length) would look like
        p_w = float(tr.stats["written_seconds_exponent"])
        p_f = float(tr.stats["fused_seconds_exponent"])
        f_w, f_f = 2.0**p_w, 2.0**p_f  # over the kept lengths
        self.fitted = (f_w, f_f)  # for tests
        say_w, say_f = doubling_words(f_w), doubling_words(f_f)
        self.growth_said = (say_w, say_f)  # for tests
        trends, trend_tags = VGroup(), VGroup()
        for ys_, c, f_ in ((w_t, written_c, f_w), (f_t, fused_c, f_f)):
            tr_ = self.trend_line(t_axes, xs[k:], t_y(ys_[k:] * 1e3),
                                  float(np.log2(f_)), c)  # fmt: skip
            tag = text(f"\u00d7{f_:.1f} per doubling", c, style.LABEL_SIZE)
            tag.next_to(tr_.get_end(), RIGHT, 0.3)
            trends.add(tr_)
            trend_tags.add(tag)
        self.trends, self.trend_tags = trends, trend_tags  # for tests
        guides, guide_key = VGroup(), VGroup()
        for c, power, words, ys_ in (
                (pal.text, 2, "if \u00d74 per doubling (length squared)", w_t),
                (pal.muted, 1, "if \u00d72 (length)", f_t)):
            g_ = self.square_line(t_axes, xs, t_y(ys_ * 1e3), c, through=k,
                                  power=power, from_through=True)
            g_.set_stroke(width=3)
            lab = text(words, c, style.LABEL_SIZE)
            lab.next_to(g_.get_end(), RIGHT, 0.3)
            guides.add(g_)
            guide_key.add(VGroup(g_, lab))
        # labels at the right-hand end kept apart, top to bottom
        ends = sorted([trend_tags[0], guide_key[0][1], trend_tags[1],
                       guide_key[1][1]], key=lambda m: -m.get_y())
        for upper, lower in zip(ends, ends[1:], strict=False):
            if lower.get_top()[1] > upper.get_bottom()[1] - 0.06:
                lower.shift(DOWN * (lower.get_top()[1] - upper.get_bottom()[1]
                                    + 0.06))
        self.guide_key = guide_key  # for tests
        line = ("Scoring grows 4 times per doubling (dashed); steeper means "
                "faster growth per doubling. Measured: written out "
                f"{f_w:.1f} times, fused {f_f:.1f}.")
        self.narrate(line)
        whole = self.caption_left()
        self.play(Fade(head, show=False), FadeOut(speed_mark),
                  *([Fade(why, show=False)] if len(why) else []), run_time=0.3)
        cues = [(0, (Create(guides[0]), Fade(guide_key[0][1]))),
                (line.index("steeper"), (Indicate(guides[0], color=pal.text),)),
                (line.index("written out"), (Create(trends[0]),
                                             Fade(trend_tags[0]))),
                (line.index("fused"), (Create(trends[1]), Fade(trend_tags[1]),
                                       Create(guides[1]),
                                       Fade(guide_key[1][1])))]
        for i, (at, anims) in enumerate(cues):
            self.wait(max(0.05, whole * at / len(line)
                          - (whole - self.caption_left())))
            last = i == len(cues) - 1
            self.play(*anims, run_time=max(0.5, self.caption_left())
                      if last else 0.6)
        self.hold_caption()

        # why time does not follow the scores' x4: one line chosen by the
        # figures, each cause marked likely, not measured
        gap = time_gap(f_w, f_f, skip=("written out",) if faster else ())
        self.gap_said = gap  # for tests
        if gap is not None:
            said_gap, shown_gap = gap
            colour_of = {"written out": written_c, "fused": fused_c}
            gap_t = VGroup(*[text(t_, colour_of.get(way, pal.text),
                                  style.LABEL_SIZE)
                             for t_, way in shown_gap],
                           text("likely, not measured", pal.muted,
                                style.LABEL_SIZE),
                           ).arrange(DOWN, aligned_edge=LEFT, buff=0.06)
            gap_t.move_to([side_x, 0, 0], aligned_edge=LEFT)
            gap_t.align_to(t_axes, DOWN)
            self.gap_label = gap_t  # for tests
            self.narrate(said_gap)
            self.play(Fade(gap_t[0]), run_time=0.4)
            self.play(*[Fade(t_) for t_ in gap_t[1:]],
                      run_time=max(0.5, self.caption_left() * 0.6))
            self.hold_caption()

        # the takeaway, one sentence chosen by the figures; the axis keeps its
        # title and unit
        share = growth_takeaway(faster, f_f)
        self.growth_takeaway = share  # for tests
        close = VGroup(*[text(t_, pal.text, style.BODY_SIZE - 4)
                         for t_ in wrap_words(share, 30)],
                       ).arrange(DOWN, aligned_edge=LEFT, buff=0.08)  # fmt: skip
        # in the place of the likely causes, below the tags and clear of them
        close.move_to([side_x, 0, 0], aligned_edge=LEFT)
        close.align_to(t_axes, DOWN)
        self.takeaway = close  # for tests
        self.narrate(f"So {share[0].lower()}{share[1:]}")
        if gap is not None:
            self.play(Fade(gap_t, show=False), run_time=0.3)
        self.play(Fade(close), run_time=max(0.5, self.caption_left() * 0.3))
        self.mark_poster()
        self.play(*[ShowPassingFlash(g.copy().set_stroke(width=10),
                                     time_width=0.4) for g in trends],
                  run_time=max(0.5, self.caption_left()))  # fmt: skip
        self.hold_caption()
        self.wait(self.hold_seconds)
