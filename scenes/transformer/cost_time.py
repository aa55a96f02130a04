"""The transformer chapter: what long text costs in time.

LongContextTime draws the ``attention_cost`` trace: fused attention saves
memory (LongContextCost) but still computes every pair's score, so its time,
like written out's, still climbs about as length squared.

    manim -pql scenes/transformer/cost_time.py LongContextTime
"""

from __future__ import annotations

from manim import *

from scenes.kit import style
from scenes.kit.tracefile import load_trace
from scenes.transformer.cost import CostScene, ms, slope_words
from scenes.transformer.draw import Fade, text, title_text


class LongContextTime(CostScene):
    """Why fused attention still takes long: the small table
    (``example_words``, ``example_weights``) with a band sweeping over every
    square, then one layer's attention timed both ways at doubling
    ``lengths`` (``attn_seconds``, ``fused_seconds``) on a log-log chart, with
    length-squared and length guides from ``long_from_length``; the takeaway
    chosen by ``fused_seconds_exponent`` and ``written_seconds_exponent``."""

    def construct(self):
        pal = self.palette
        tr = load_trace(self.trace_kind)
        st = tr.stats
        lengths = tr["lengths"].astype(float)
        w_t, f_t = tr["attn_seconds"].astype(float), tr["fused_seconds"].astype(float)
        top = int(lengths[-1])
        written_c, fused_c = pal.data, pal.accent

        title = title_text("What long text costs: time", pal)
        self.add(title)

        # Section: fused saves memory, yet computes every score
        small, labels = self.table(tr)
        cells = small["cells"]
        n = len(cells)
        self.narrate("Fused attention saves memory: it never stores the whole "
                     "table of scores. This scene asks whether it also saves "
                     "time.")  # fmt: skip
        self.play(Fade(small["words"]), Fade(labels),
                  *[Fade(r_) for r_ in cells],
                  run_time=max(0.6, self.caption_left()))  # fmt: skip
        self.hold_caption()
        all_t = text(f"all {n * n} still computed", fused_c, style.BODY_SIZE - 2)
        all_t.next_to(labels[2], DOWN, 0.5).align_to(labels[2], LEFT)
        self.all_label = all_t  # for tests
        self.narrate("But fused still computes every pair's score; it just "
                     "does not store them.")
        block = max(1, n // 3)
        starts = list(range(0, n, block))
        per = max(0.3, (self.caption_left() - 0.6) / (2 * len(starts)))
        for r0 in starts:
            rows = VGroup(*[cells[r] for r in range(r0, min(n, r0 + block))])
            band = SurroundingRectangle(rows, color=fused_c, buff=0.03,
                                        stroke_width=3, fill_color=fused_c,
                                        fill_opacity=0.45)  # fmt: skip
            self.play(FadeIn(band), run_time=per)
            self.play(FadeOut(band), run_time=per)
        self.play(Fade(all_t), run_time=max(0.4, self.caption_left()))
        self.hold_caption()
        self.narrate("So its work still grows as length squared: twice the "
                     "words, four times the scores to compute.")
        self.play(Indicate(all_t, scale_factor=1.1),
                  run_time=max(0.6, self.caption_left()))  # fmt: skip
        self.hold_caption()

        # Section: measured, on one large log-log chart
        t_axes, t_plot, t_y, xs = self.chart(
            tr, np.concatenate([w_t, f_t]) * 1e3,
            "one layer's attention: time (ms)", "ms")  # fmt: skip
        legend = VGroup(
            self.key(written_c, "written out: stores the whole table"),
            self.key(fused_c, "fused: works through it in pieces"),
        ).arrange(RIGHT, buff=0.8)
        legend.next_to(title, DOWN, 0.25)
        wt_dots = self.dots(t_axes, xs, t_y(w_t * 1e3), written_c)
        ft_dots = self.dots(t_axes, xs, t_y(f_t * 1e3), fused_c)
        self.fused_time_dots, self.written_time_dots = ft_dots, wt_dots  # tests
        self.narrate("We timed one layer both ways on this computer, in ms: "
                     "thousandths of a second. Each tick along the bottom is "
                     "4 times the words.")  # fmt: skip
        self.play(Fade(VGroup(small["all"], labels, all_t), show=False),
                  run_time=0.4)  # fmt: skip
        self.play(Fade(legend), Fade(t_plot),
                  run_time=max(0.6, self.caption_left() * 0.4))  # fmt: skip
        self.play(LaggedStart(*[FadeIn(d) for d in (*wt_dots, *ft_dots)],
                              lag_ratio=0.3),
                  run_time=max(self.sweep_seconds, self.caption_left()))
        self.hold_caption()

        # why the guides start where they do: said before they are drawn
        from_len = int(st["long_from_length"])
        k = int(np.searchsorted(lengths, from_len))
        early, _ = np.polyfit(np.log(lengths[:4]), np.log(w_t[:4]), 1)
        flat = bool(k > 0 and early < 1.5)
        self.flat_said = flat  # for tests
        if flat:
            self.narrate("At the shortest lengths, fixed set-up work, the same "
                         "at any length, takes most of the time, so the points "
                         "lie flatter there.")
            self.play(*[Indicate(d, scale_factor=1.8, color=d.get_color())
                        for d in (*wt_dots[:3], *ft_dots[:3])],
                      run_time=max(0.8, self.caption_left()))  # fmt: skip
            self.hold_caption()
        # one length-squared and one length guide, neutral, from fused's dot
        sq = self.square_line(t_axes, xs, t_y(f_t * 1e3), pal.guess, k,
                              from_through=True)  # fmt: skip
        lin = self.square_line(t_axes, xs, t_y(f_t * 1e3), pal.guess, k, power=1,
                               from_through=True)  # fmt: skip
        sq_t = text("length\u00b2", pal.guess).next_to(sq.get_end(), RIGHT, 0.15)
        lin_t = text("length", pal.guess).next_to(lin.get_end(), RIGHT, 0.15)
        anchor = t_axes.c2p(xs[k], 0)
        mark = VGroup(
            Line(anchor + UP * 0.08, anchor + DOWN * 0.08, color=pal.text,
                 stroke_width=3),
            text(f"{from_len:,}", pal.text, style.LABEL_SIZE).next_to(
                anchor, UP, 0.12),
        )  # fmt: skip
        self.guide_labels = VGroup(sq_t, lin_t)  # for tests
        self.narrate(("So" if flat else "The") + f" dashed guides start at "
                     f"{from_len:,} words, from the fused dot: the upper one "
                     "grows as length squared, the lower one as length.")
        self.play(Fade(mark), run_time=0.4)
        self.play(Create(sq), Create(lin), Fade(sq_t), Fade(lin_t),
                  run_time=max(0.6, self.caption_left()))  # fmt: skip
        self.hold_caption()

        # the headline: the two times at the longest length, and the yardstick
        words_x = float(lengths[-1] / lengths[k])
        r_w, r_f = float(w_t[-1] / w_t[k]), float(f_t[-1] / f_t[k])
        self.time_steps = (words_x, r_w, r_f)  # for tests
        ends = VGroup(
            text(ms(w_t[-1]), written_c, style.BODY_SIZE - 2).next_to(
                wt_dots[-1], RIGHT, 0.2),
            text(ms(f_t[-1]), fused_c, style.BODY_SIZE - 2).next_to(
                ft_dots[-1], RIGHT, 0.2),
        )  # fmt: skip
        # clear of the guide labels, which make way
        self.end_labels = ends
        self.narrate(f"At {top:,} words, written out took {ms(w_t[-1])}, "
                     f"fused {ms(f_t[-1])}.")
        self.play(Fade(VGroup(sq_t, lin_t), show=False), run_time=0.3)
        self.play(Fade(ends[0]), run_time=max(0.5, self.caption_left() * 0.4))
        self.play(Fade(ends[1]), run_time=max(0.5, self.caption_left()))
        self.hold_caption()
        far = min(r_w, r_f) > 2 * words_x
        self.far_said = far  # for tests
        self.narrate(
            f"From {from_len:,} to {top:,} words is {words_x:,.0f} times the "
            "words; "
            + ("both ways took far more than "
               f"{words_x:,.0f} times as long." if far else
               f"the time grew not much more than {words_x:,.0f} times."))
        self.play(*[Indicate(d, scale_factor=1.6, color=d.get_color())
                    for d in (*wt_dots[k:], *ft_dots[k:])],
                  run_time=max(0.6, self.caption_left()))  # fmt: skip
        self.hold_caption()

        # the takeaway, chosen by the fitted slopes
        q_w = float(st["written_seconds_exponent"])
        q_f = float(st["fused_seconds_exponent"])
        steep = min(q_w, q_f) >= 1.5
        self.time_said = steep  # for tests
        close = text(
            f"Fused saves memory, not work: its time grows {slope_words(q_f)}"
            if steep else "Fused saves memory; here its time grew only gently",
            pal.text, style.BODY_SIZE - 4)  # fmt: skip
        close.next_to(legend, DOWN, 0.15)  # the key stays up above it
        self.takeaway = close  # for tests
        self.narrate(
            "So fused saves memory, but every score is still computed: long "
            "text stays slow, and a model pays that again in every layer."
            if steep else
            "So fused saves memory, and here the time stayed modest too.")
        self.play(Fade(close), run_time=max(0.5, self.caption_left() * 0.4))
        self.play(*[Indicate(d, scale_factor=1.4, color=d.get_color())
                    for d in (wt_dots[-1], ft_dots[-1])],
                  run_time=max(0.5, self.caption_left() * 0.5))  # fmt: skip
        self.mark_poster()
        self.hold_caption()
        self.wait(self.hold_seconds)
