"""The transformer chapter: what long text costs in time.

LongContextTime draws the ``attention_cost`` trace: fused attention saves
memory (LongContextCost) and here time too, but still computes every pair's
score, so its time still grows far faster than the length (as measured).

    manim -pql scenes/transformer/cost_time.py LongContextTime
"""

from __future__ import annotations

from manim import *

from scenes.kit import style
from scenes.kit.text import quoted
from scenes.kit.tracefile import load_trace
from scenes.transformer.cost import (
    CostScene,
    growth_takeaway,
    mb,
    mb3,
    ms,
    wrap_words,
)
from scenes.transformer.draw import Fade, text, title_text


def fast_memory(tr) -> float:
    """The recording machine's largest processor cache in bytes, the small
    fast memory on the processor; 0 when the trace does not hold it."""
    if "cpu_cache_bytes" not in tr.arrays:
        return 0.0
    return float(np.max(tr["cpu_cache_bytes"]))


def store_size(n_bytes: float) -> str:
    """A fast memory's size in MB, whole from 10 MB up (34 MB; 0.52 MB)."""
    v = float(n_bytes) / 1e6
    return f"{v:,.0f} MB" if v >= 10 else mb(n_bytes)


def times(r: float) -> str:
    """A ratio as said and shown: two figures below ten (3.1), whole above."""
    return f"{r:,.0f}" if r >= 9.5 else f"{r:.2g}"


def first_outgrown(w_peaks, cache: float) -> int:
    """The first length (its index) whose written-out peak is bigger than
    the fast memory; -1 when none is, or the size is not known."""
    big = np.flatnonzero(np.asarray(w_peaks, float) > cache) if cache else []
    return int(big[0]) if len(big) else -1


def first_widening(gaps) -> int:
    """The first length (its index) where written out's gap behind fused
    is half again the largest gap at any shorter length: where the gap
    starts to widen; -1 when it never does."""
    g = np.asarray(gaps, float)
    for j in range(1, len(g)):
        if g[j] >= 1.5 * float(np.max(g[:j])):
            return j
    return -1


def memory_reason(gaps, w_peaks, f_peak: float, cache: float) -> bool:
    """Whether memory is the likely reason written out's gap behind fused
    (``gaps``, one per length) grows: it grows by a quarter or more end to
    end, and, where the fast memory's size is known, fused's peak fits it
    and the gap starts to widen at the very length where written out's
    peak (``w_peaks``) first outgrows it."""
    if gaps[-1] < 1.25 * gaps[0]:
        return False
    if not cache:
        return True
    out = first_outgrown(w_peaks, cache)
    return f_peak <= cache and out > 0 and first_widening(gaps) == out


# the processor, in plain words where it is first needed
CHIP = "the chip that does the sums"


def why_line(n0: int, a: float, b: float, cache: float,
             out_at: int = 0) -> str:
    """Why written out is slower, in one line chosen by its gap behind
    fused (a at ``n0`` words, b at the longest length): slower from the
    start, then the fast memory its table outgrows (at ``out_at`` words,
    its size in bytes ``cache``, 0 when not known), the likely cause."""
    first = (f"Even at {n0} words, written out is {times(a)} times slower."
             if a >= 1.25 else
             f"At {n0} words, written out is not much slower.")  # fmt: skip
    store = (f"the {store_size(cache)} fast memory on {CHIP}" if cache else
             f"the small, fast memory on {CHIP}")  # fmt: skip
    verb = "grows" if b >= 2 * a else "grows a little"
    if out_at:  # b itself was just said (the speed-up), on its arrow
        return (f"{first} The gap {verb} from {out_at:,} words, where its "
                f"table outgrows {store}: likely it goes to main memory.")
    return (f"{first} The gap {verb} as its table outgrows {store}, likely "
            "going to main memory.")


# said after the measured speed-ups when the figures name no cause: how the
# two ways differ, as the memory scene measured it, without claiming how much
# of the time that difference takes
SAME_SUMS = ("Both do the same sums; only written out also stores every score "
             "and reads it back.")


def measured_line(n0: int, a: float, top: int, b: float, every: bool) -> str:
    """Only what was measured, no cause: fused's speed-up at the shortest
    length (``a`` at ``n0`` words) and the longest (``b`` at ``top``);
    "at every length" only when ``every`` length was faster."""
    if every:
        return (f"Fused is faster at every length: {times(a)} times at {n0} "
                f"words, {times(b)} times at {top:,}.")  # fmt: skip
    return (f"Fused is {times(a)} times as fast at {n0} words, {times(b)} "
            f"times at {top:,}.")  # fmt: skip


def takeaway_line(faster: bool, per_doubling: float, more: float,
                  grew: float) -> str:
    """The closing claim, chosen by fused's measured growth: ``grew`` times
    its time over ``more`` times the words (the scores grew ``more`` squared);
    "far" when it lands past halfway between the two on log axes."""
    if grew <= 1.25 * more:
        return growth_takeaway(faster, per_doubling)
    far = "far " if grew > np.sqrt(more * more * more) else ""
    return (("Fused saves memory and time" if faster else
             "Fused saves memory, not much time")
            + f", but its time still grows {far}faster than the words.")


def closing_said(claim: str, more: float, grew: float) -> str:
    """The closing line as said: when fused's time outgrows the words, that
    claim (the end of ``claim``, the one on screen) with its reason, every
    score still computed; then the three measured growths (their span is
    on screen beside them)."""
    figures = (f"{more:.0f} times the words, {more * more:.0f} times the "
               f"scores, {grew:.0f} times the time.")  # fmt: skip
    if grew > 1.25 * more:
        grows = claim[claim.index("still grows"):-1]
        return (f"Fused's time {grows}, because it still computes every "
                f"score: {figures}")  # fmt: skip
    return f"{claim[:-1]}: {figures}"


class LongContextTime(CostScene):
    """Why fused attention still takes long: the small table
    (``example_words``, ``example_weights``) with a band sweeping over every
    square, then attention timed both ways at doubling ``lengths``
    (``attn_seconds``, ``fused_seconds``) on a log-log chart; the speed-up at
    the longest length as an arrow between its two dots; why written out is
    slower, chosen by how its gap grows from the shortest length and by the
    peaks (``written_peak_bytes``, ``fused_peak_bytes``) against the fast
    memory's size (``cpu_cache_bytes``, when recorded): memory said as the
    likely cause, the lengths whose table no longer fits shaded, only when
    the gap starts to widen where the table outgrows it, else only the
    measured speed-ups; the takeaway chosen by fused's growth from
    ``long_from_length`` to the longest, read off its two dots, said with
    its reason and those figures."""

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
        # the table up from the start; the red key line only with the red
        self.add(small["words"], *[m for m in labels if m is not key], key[0],
                 *cells)  # fmt: skip
        opening = ("Attention, the part of a chatbot's network that links "
                   "words, scores every pair of words in a table; brighter "
                   "means a word looks at another more.")  # fmt: skip
        self.narrate(opening)
        self.play(*[Indicate(r_, scale_factor=1.05, color=pal.data)
                    for r_ in cells],
                  run_time=max(0.6, self.caption_left()))  # fmt: skip
        self.hold_caption()
        line = ("Two ways: the first, called written out, stores the whole "
                "table. The second, called fused, works through it a few rows "
                "at a time.")  # fmt: skip
        self.narrate(line)
        # while the voice says "written out stores the whole table": all kept
        kept_box = SurroundingRectangle(VGroup(*cells), color=written_c,
                                        buff=0.06, stroke_width=4)  # fmt: skip
        kept_t = text("written out: keeps it all", written_c, style.LABEL_SIZE)
        kept_t.next_to(key, DOWN, 0.45, aligned_edge=LEFT)
        kept = VGroup(kept_box, kept_t)
        self.kept = kept  # for tests
        first = self.caption_left() * line.index("The second") / len(line)
        self.play(FadeIn(kept_box), Fade(kept_t), run_time=0.4)
        self.wait(max(0.1, first - 0.7))
        fused_t = text("fused: a few rows at a time", fused_c, style.LABEL_SIZE)
        fused_t.next_to(kept_t, DOWN, 0.15, aligned_edge=LEFT)
        self.play(Fade(kept_box, show=False), Fade(fused_t),
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
            self.play(FadeOut(band), run_time=per)  # used, the rows kept
        self.hold_caption()
        calc_c = pal.muted  # neutral: both ways, not fused's colour
        all_t = text("both ways: all computed", calc_c, style.BODY_SIZE - 2)
        all_t.next_to(fused_t, DOWN, 0.35, aligned_edge=LEFT)
        self.all_label = all_t  # for tests
        core = ("Red squares are later words, thrown away; both ways still "
                "compute them.")  # fmt: skip
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
        self.play(FadeIn(marks), Fade(key[1:]), run_time=0.5)
        self.play(Indicate(marks, color=blank_c, scale_factor=1.1),
                  run_time=0.4)  # fmt: skip
        # fused computing every square, outlined ones too, one by one, counted
        side = cells[0][0].width
        lit = [Square(side, stroke_width=0, fill_color=calc_c,
                      fill_opacity=0.9).move_to(sq)
               for row in cells for sq in row]  # fmt: skip
        self.lit_cells = lit  # for tests
        per = max(0.2, (whole - 0.9) * 0.6 / len(starts))
        for i, r0 in enumerate(starts):  # a few rows at a time, red ones too
            self.play(*[FadeIn(sq) for sq in lit[r0 * n:(r0 + block) * n]],
                      *([Fade(all_t)] if i == 0 else []),
                      run_time=per)  # fmt: skip
        self.counted = len(lit)  # for tests
        # only then the outlined ones dimmed again: blanked after computing
        self.play(*back, FadeOut(VGroup(*lit)),
                  run_time=max(0.4, self.caption_left()))  # fmt: skip
        self.hold_caption()

        # Section: measured, on one large log-log chart
        k = int(np.searchsorted(lengths, int(tr.stats["long_from_length"])))
        t_axes, t_plot, t_y, xs = self.chart(
            tr, np.concatenate([w_t, f_t]) * 1e3,
            "time for one attention step (ms)", "ms")  # fmt: skip
        t_plot.remove(t_plot[3])  # the title already says (ms)
        per_tick = text(f"each tick up = {self.y_factor[-1]:,}\u00d7 the time",
                        pal.muted, style.LABEL_SIZE)  # fmt: skip
        per_tick.next_to(t_plot[-1], DOWN, 0.08).align_to(t_plot[-1], LEFT)
        t_plot.add(per_tick)
        self.tick_label = per_tick  # for tests
        self.axis_title = (t_plot[-2], per_tick)  # kept to the end, for tests
        legend = VGroup(
            self.key(written_c, "written out: stores the whole table"),
            self.key(fused_c, "fused: a few rows at a time"),
        ).arrange(RIGHT, buff=0.8)
        legend.next_to(title, DOWN, 0.25)
        wt_dots = self.dots(t_axes, xs, t_y(w_t * 1e3), written_c)
        ft_dots = self.dots(t_axes, xs, t_y(f_t * 1e3), fused_c)
        self.fused_time_dots, self.written_time_dots = ft_dots, wt_dots  # tests
        # the x axis's step is on screen and read in the growth figures
        self.narrate("We timed one attention step of our small model, in ms: "
                     "thousandths of a second. Each tick up: "
                     f"{self.y_factor[-1]:,} times the time.")  # fmt: skip
        self.play(Fade(VGroup(small["all"], labels, all_t, kept_t,
                              fused_t), show=False), FadeOut(marks),
                  run_time=0.3)  # fmt: skip
        self.play(Fade(legend), Fade(t_plot), run_time=0.5)
        self.play(LaggedStart(*[FadeIn(d) for d in (*wt_dots, *ft_dots)],
                              lag_ratio=0.3),
                  run_time=max(1.0, self.caption_left()))
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
        speed_t.align_to(wt_dots[-1], UP)  # clear of the guides' labels
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

        # why written out is slower: at the shortest length already, and by
        # a gap that grows. Memory is the likely cause only when the gap
        # starts to widen where its table outgrows the processor's small fast
        # memory (near) for the big slow main memory (far), while fused's rows
        # fit near; then the blocks' areas are the measured peaks at the
        # longest length (the time split is not measured). Otherwise both
        # lengths are shown and said, and no cause
        w_mem, f_mem = tr["written_peak_bytes"], tr["fused_peak_bytes"]
        cache = fast_memory(tr)
        a, b = float(w_t[0] / f_t[0]), speed
        n0 = int(lengths[0])
        gaps = w_t / f_t
        out, wide = first_outgrown(w_mem, cache), first_widening(gaps)
        reason = memory_reason(gaps, w_mem, float(f_mem[-1]), cache)
        self.gap_growth = (a, b, reason)  # for tests
        self.gap_starts = (out, wide)  # for tests
        out_at = int(lengths[out]) if out > 0 else 0
        # where the table no longer fits, shaded on the chart, only when
        # memory is said as the likely cause
        shade = (self.fit_shade(t_axes, xs, w_mem, cache, out)
                 if out > 0 and reason else VGroup())  # fmt: skip
        self.fit_mark = shade  # for tests
        gap0 = text(f"\u00d7{times(a)}", pal.text, style.LABEL_SIZE)
        gap0.next_to(wt_dots[0], UP, 0.15)  # clear of the y axis
        gap0.shift(RIGHT * (gap0.width / 2 + 0.05))
        why = VGroup()
        col_x = head.get_left()[0]
        if faster and reason and w_mem[-1] / f_mem[-1] >= 10:
            # the measured peaks, sourced, at the top of the side column
            src = text("peak memory, measured", pal.text, style.LABEL_SIZE)
            w_name = VGroup(text(f"written out: {mb(w_mem[-1])}", written_c,
                                 style.LABEL_SIZE))
            f_name = text(f"fused: {mb3(f_mem[-1])}, fits", fused_c,
                          style.LABEL_SIZE)
            VGroup(src, w_name, f_name).arrange(
                DOWN, aligned_edge=LEFT, buff=0.08).move_to(
                [col_x, 0, 0], aligned_edge=LEFT).align_to(t_axes, UP)
            # near: a small store; far: main memory drawn far larger
            near_s, big_s, y_mid = 0.45, 1.2, -1.2
            near = Square(near_s, color=pal.text, stroke_width=3)
            near.move_to([col_x + 0.1 + big_s / 2, y_mid, 0])
            near_t = VGroup(text("on the chip:", pal.text, style.LABEL_SIZE),
                            text(f"{store_size(cache)}, fast, near" if cache else
                                 "small, fast, near", pal.text,
                                 style.LABEL_SIZE),
                            ).arrange(DOWN, aligned_edge=LEFT, buff=0.05)
            near_t.next_to(near, DOWN, big_s / 2 - near_s / 2 + 0.1)
            near_t.align_to(near, LEFT).shift(LEFT * 0.6)
            far_t = VGroup(text("main memory:", pal.muted, style.LABEL_SIZE),
                           text("big, slow, far", pal.muted, style.LABEL_SIZE),
                           ).arrange(DOWN, aligned_edge=LEFT, buff=0.05)
            far_w = big_s + 0.5
            far = Rectangle(width=far_w, height=big_s + 0.3,
                            color=pal.muted, stroke_width=3)  # fmt: skip
            far.move_to([config.frame_width / 2 - 0.2 - far_w / 2, y_mid, 0])
            far_t.next_to(far, DOWN, 0.1, aligned_edge=RIGHT)
            spot = [far.get_x(), y_mid, 0]  # where the table lands far
            out_a = Arrow([near.get_right()[0] + 0.1, y_mid + 0.18, 0],
                          [far.get_left()[0] - 0.1, y_mid + 0.18, 0],
                          color=written_c, stroke_width=4, buff=0)  # fmt: skip
            back_a = Arrow([far.get_left()[0] - 0.1, y_mid - 0.18, 0],
                           [near.get_right()[0] + 0.1, y_mid - 0.18, 0],
                           color=written_c, stroke_width=4, buff=0)  # fmt: skip
            w_box = Square(big_s, stroke_width=0, fill_color=written_c,
                           fill_opacity=0.7).move_to(near)  # fmt: skip
            too_big = text("too big", written_c, style.LABEL_SIZE)
            too_big.next_to(out_a, UP, 0.25)
            f_s = max(0.05, big_s * float(np.sqrt(f_mem[-1] / w_mem[-1])))
            f_box = Square(f_s, stroke_width=0, fill_color=fused_c,
                           fill_opacity=1).move_to(near)  # fmt: skip
            why = VGroup(VGroup(w_box, w_name, src, too_big), VGroup(far, far_t),
                         VGroup(out_a, back_a), VGroup(f_box, f_name),
                         VGroup(near, near_t), VGroup(gap0),
                         shade)  # fmt: skip
            self.why_sizes = (w_box.width, f_box.width)  # for tests
            self.why_places = (near_t, far_t)  # for tests
            line = why_line(n0, a, b, cache, out_at)
            self.narrate(line)
            whole = self.caption_left()

            def until(words: str):
                """Wait for the voice to reach ``words`` of the line."""
                self.wait(max(0.05, whole * line.index(words) / len(line)
                              - (whole - self.caption_left())))

            self.play(Fade(head, show=False), run_time=0.3)
            self.play(Fade(gap0), *[Indicate(d, scale_factor=1.5,
                                             color=d.get_color())
                                    for d in (wt_dots[0], ft_dots[0])],
                      run_time=0.6)  # fmt: skip
            until("The gap")
            self.play(Indicate(speed_mark, color=pal.text),
                      *([FadeIn(shade)] if out_at else []), run_time=0.6)
            until("outgrows")  # the store, the table too big, fused's rows in
            self.play(Fade(src), Fade(w_name), Create(near), Fade(near_t),
                      run_time=0.4)  # fmt: skip
            self.play(FadeIn(w_box, scale=0.4), Fade(too_big), run_time=0.5)
            self.play(FadeIn(f_box), Fade(f_name), run_time=0.4)
            until("likely")  # the table leaves as the voice says so
            self.play(Create(far), Fade(far_t), GrowArrow(out_a),
                      w_box.animate.move_to(spot), run_time=0.6)
            self.play(GrowArrow(back_a), w_box.animate.move_to(near),
                      run_time=0.5)  # and back
            self.play(w_box.animate.move_to(spot),
                      run_time=max(0.4, self.caption_left()))  # parked far
            self.hold_caption()
        elif faster and b >= 1.25 * a:
            # the gap widens, but the figures do not tie it to memory: only
            # the two measured speed-ups, shortest and longest, no cause
            why = VGroup(gap0)
            line = measured_line(n0, a, top, b, float(np.min(gaps)) > 1)
            self.narrate(line)
            whole = self.caption_left()
            self.play(Fade(head, show=False), run_time=0.3)
            self.play(Fade(gap0), *[Indicate(d, scale_factor=1.5,
                                             color=d.get_color())
                                    for d in (wt_dots[0], ft_dots[0])],
                      run_time=0.6)  # fmt: skip
            self.wait(max(0.05, whole * line.rindex(f"{times(b)} times")
                          / len(line) - (whole - self.caption_left())))
            self.play(Indicate(speed_mark, color=pal.text),
                      run_time=max(0.6, self.caption_left()))  # fmt: skip
            # what differs between the two ways, a fact of the method (the
            # memory chart showed it), not a measured share of the time
            self.narrate(SAME_SUMS)
            self.hold_caption()
        elif faster and a >= 1.25 and float(np.min(w_t / f_t)) > 1:
            # slower at every length, by a gap that does not grow: not memory
            why = VGroup(gap0)
            self.narrate(f"Written out is slower at every length, {times(a)} "
                         f"times at {n0} words: likely its more separate "
                         "steps.")  # fmt: skip
            self.play(Fade(head, show=False), run_time=0.3)
            self.play(Fade(gap0), *[Indicate(d, scale_factor=1.5,
                                             color=d.get_color())
                                    for d in (wt_dots[0], ft_dots[0])],
                      run_time=max(0.6, self.caption_left()))  # fmt: skip
            self.hold_caption()
        self.why_label = why  # for tests

        # the one growth claim, read off fused's first timed dot and its
        # last: the words grew by ``more``, its time by ``grew``; guides from
        # that first dot: as the words (x8) and as the scores (x64)
        more = float(lengths[-1] / lengths[k])
        grew = float(f_t[-1] / f_t[k])
        grew_w = float(w_t[-1] / w_t[k])
        per_doubling = grew ** (1.0 / np.log2(more))  # what the takeaway words
        self.fused_growth = (more, grew, per_doubling)  # for tests
        self.written_growth = grew_w  # for tests
        sq = more * more  # the scores grew as length squared
        y0 = float(t_y(f_t[k] * 1e3))
        guides, guide_t = VGroup(), VGroup()
        for factor, name, colour, dotted in ((more, "words", fused_c, True),
                                             (sq, "scores", fused_c, False)):
            end = t_axes.c2p(xs[-1], y0 + np.log10(factor))
            g_ = DashedLine(ft_dots[k].get_center(), end, color=colour,
                            stroke_width=3, **({"dash_length": 0.04,
                                                "dashed_ratio": 0.4}
                                               if dotted else
                                               {"dash_length": 0.16}))
            guides.add(g_)
            guide_t.add(text(f"×{factor:.0f} ({name})", colour,
                             style.LABEL_SIZE).next_to(end, RIGHT, 0.3))
        self.growth_guides = (guides, guide_t)  # for tests
        grow_t = VGroup(
            text(f"{int(lengths[k]):,} → {top:,} words:", pal.text,
                 style.LABEL_SIZE),
            text(f"words ×{more:.0f}", pal.text, style.BODY_SIZE - 4),
            text(f"scores ×{sq:.0f}", pal.text, style.BODY_SIZE - 4),
            text(f"fused's time ×{grew:.0f}", fused_c, style.BODY_SIZE),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.1)  # fmt: skip
        grow_t.move_to([side_x, 0, 0], aligned_edge=LEFT).align_to(t_axes, DOWN)
        grow_t.shift(LEFT * max(0.0, grow_t.get_right()[0]
                                - (config.frame_width / 2 - 0.3)))  # on screen
        self.growth_label = grow_t  # for tests
        # the takeaway, chosen by the figures, said with its reason and the
        # three growths that show it, each put on the chart as it is said;
        # the axis keeps its title and unit
        share = takeaway_line(faster, per_doubling, more, grew)
        said = closing_said(share, more, grew)
        self.growth_takeaway = share  # for tests
        close = VGroup(*[text(t_, pal.text, style.BODY_SIZE - 4)
                         for t_ in wrap_words(share, 42)],
                       ).arrange(DOWN, aligned_edge=LEFT, buff=0.08)  # fmt: skip
        # above the chart, right of its title: clear of the guides' labels
        close.next_to(legend, DOWN, 0.2).to_edge(RIGHT, 0.25)
        self.takeaway = close  # for tests
        self.narrate(said)
        whole = self.caption_left()
        # the x17 label gives its place to the guides' (the headline says it)
        self.play(Fade(why, show=False), Fade(head, show=False),
                  run_time=0.3)  # the x17 stays on its arrow
        self.play(Fade(close), Fade(grow_t[0]), run_time=0.5)
        for i, at in ((1, said.index(f"{more:.0f} times the words")),
                      (2, said.index(f"{sq:.0f} times the scores")),
                      (3, said.index(f"{grew:.0f} times the time"))):
            self.wait(max(0.05, whole * at / len(said)
                          - (whole - self.caption_left())))
            self.play(Fade(grow_t[i]),
                      *([Create(guides[0]), Fade(guide_t[0])] if i == 1 else []),
                      *([Create(guides[1]), Fade(guide_t[1])] if i == 2 else []),
                      *([Indicate(ft_dots[-1], scale_factor=1.5, color=fused_c)]
                        if i == 3 else []),
                      run_time=0.5)  # fmt: skip
        self.mark_poster()
        self.play(Indicate(speed_mark[0] if faster else ft_dots[-1]),
                  run_time=max(0.5, self.caption_left()))  # fmt: skip
        self.hold_caption()
        self.wait(self.hold_seconds)

    def fit_shade(self, axes, xs, w_mem, cache: float, out: int) -> VGroup:
        """A faint band over the chart from where written out's measured
        peak passes the fast memory (``cache`` bytes; between the lengths
        ``out - 1`` and ``out``, read on the log axes) to the longest length,
        with its label."""
        lo, hi = np.log(float(w_mem[out - 1])), np.log(float(w_mem[out]))
        frac = float(np.clip((np.log(cache) - lo) / (hi - lo), 0, 1))
        x0 = axes.c2p(xs[out - 1] + frac * (xs[out] - xs[out - 1]), 0)[0]
        x1 = axes.c2p(xs[-1], 0)[0] + 0.25
        bottom, top = axes.y_axis.get_bottom()[1], axes.y_axis.get_top()[1]
        band = Rectangle(width=x1 - x0, height=top - bottom, stroke_width=0,
                         fill_color=self.palette.muted, fill_opacity=0.18)
        band.move_to([(x0 + x1) / 2, (top + bottom) / 2, 0]).set_z_index(-1)
        label = VGroup(*[text(t_, self.palette.text, style.LABEL_SIZE)
                         for t_ in ("table no longer fits",
                                    "in fast memory")],
                       ).arrange(DOWN, aligned_edge=LEFT, buff=0.04)
        label.next_to([x0, bottom, 0], UR, 0.1)
        return VGroup(band, label)
