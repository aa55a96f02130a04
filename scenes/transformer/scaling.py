"""The transformer chapter: "transformers scale very well", measured.

ScalingUp draws the ``transformer_scaling`` trace: the same small transformer
trained at several sizes (same sentences, steps and seed), each size's held-out
loss against its parameter count on log-log axes, the fitted power law (Kaplan
et al. 2020), and one held-out word the biggest model gets right and the
smallest does not.

    manim -pql scenes/transformer/scaling.py ScalingUp
"""

from __future__ import annotations

from manim import *

from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.glossary import plain
from scenes.kit.tracefile import load_trace
from scenes.transformer.draw import (
    Fade,
    flow,
    percent,
    plot_axes,
    prob_bars,
    shown_word,
    text,
    title_text,
)


def count(n: float) -> str:
    """A parameter count as a viewer reads it: 2,300 or 1.2 million."""
    n = float(n)
    return f"{n / 1e6:.1f} million" if n >= 1e6 else f"{n:,.0f}"


def cut_per_tenfold(alpha: float) -> float:
    """Share of the loss each 10x in size removes when L ~ N^-alpha (the same
    figure as engine/transformer/scaling/fit.py, which scenes cannot import)."""
    return 1.0 - 10.0 ** (-float(alpha))


def fit_words(r2: float) -> str:
    """R^2 in plain words, chosen by the figure."""
    if r2 >= 0.95:
        return "the points sit almost exactly on the line"
    if r2 >= 0.8:
        return "the points sit close to the line"
    return "the points scatter around the line: a loose fit"


def reference_words(vocab: int) -> str:
    """The loss's yardstick in words: 0 is perfect; a blind guess over the
    vocabulary scores ln(vocabulary), said only when the trace records it."""
    if vocab > 1:
        return (f"0 is always sure of the right word; a blind guess among "
                f"{vocab} words scores {np.log(vocab):.2f}.")
    return "0 is always sure of the right word; lower is better."


def example_rule(prompt: list[str], right: str) -> str:
    """Why the example's word is right, in plain words, said only when true of
    this sentence: a giving sentence ("ada sent fay ... and") names the taker
    again after "and"; otherwise, whether the word came earlier."""
    if prompt and prompt[-1] == "and" and len(prompt) > 3 and prompt[2] == right:
        return ("after \u201cand\u201d, this language names the receiver again.")
    if right in prompt:
        return "it is repeated from earlier in the sentence."
    return "the word the sentence goes on with."


def loss_ticks(lo: float, hi: float) -> list[float]:
    """Round loss values between lo and hi for a log axis (three or more)."""
    for step in (1.0, 0.5, 0.25, 0.2, 0.1, 0.05):
        ticks = np.arange(np.ceil(lo / step) * step, hi + 1e-9, step)
        if len(ticks) >= 3:
            return [float(t) for t in ticks]
    return [lo, hi]


class ScalingUp(ExplainerScene):
    """Held-out loss against size for models trained alike: points one by one,
    the fitted line and its exponent in words, an example word, the limits."""

    trace_kind = "transformer_scaling"
    plot_w, plot_h = 11.2, 4.1
    hold_seconds = 2.0

    def construct(self):
        pal = self.palette
        tr = load_trace(self.trace_kind)
        n = tr["params_nonembed"].astype(float)
        loss = tr["heldout_loss"].astype(float)
        a, alpha, r2 = (float(v) for v in tr["fit_params"])
        sizes = len(n)

        title = title_text("Bigger models, fewer mistakes: scaling, measured", pal)
        self.add(title)
        claim = text("Transformers: \u201cscales very well\u201d", pal.text,
                     style.BODY_SIZE)
        self.narrate("The explainer says transformers scale very well: make them "
                     "bigger, and they get better. Here it is measured.")
        self.play(Fade(claim), run_time=0.6)
        self.hold_caption()
        boxes = self.size_boxes(n)
        self.narrate(f"The same small transformer was trained at {sizes} sizes: "
                     "same made-up sentences, same amount of training, same "
                     "random start. Only the size changes.")
        self.play(Fade(claim, show=False), run_time=0.4)
        # all six are up for the last seconds of the line
        self.play(LaggedStart(*[Fade(b) for b in boxes], lag_ratio=0.5),
                  run_time=max(0.8, self.caption_left() - 2.5))
        self.hold_caption()
        self.play(Fade(boxes, show=False), run_time=0.4)

        # Section: the axes, said in words before any point lands
        axes, plot, x_of, y_of = self.loglog(n, loss)
        x_part, y_part = self.axis_parts(axes, plot)
        self.narrate(f"Across: size, the count of {self.params_words()}. "
                     "It is a log scale: each step is ten times bigger.")
        self.play(Create(axes.x_axis), run_time=1.0)
        self.play(LaggedStart(*[Fade(m) for m in x_part], lag_ratio=0.3),
                  run_time=max(0.8, min(3.0, self.caption_left() - 0.3)))
        self.hold_caption()
        self.narrate("Up: the error on sentences kept out of training, called "
                     "the loss: how surprised the model is by the right next "
                     "word. Lower is better.")
        self.play(Create(axes.y_axis), run_time=1.0)
        self.play(LaggedStart(*[Fade(m) for m in y_part], lag_ratio=0.3),
                  run_time=max(0.8, min(3.0, self.caption_left() - 0.3)))
        self.hold_caption()
        # a yardstick for the loss: 0 is perfect; a blind guess, when the trace
        # knows the vocabulary, scores ln(vocabulary size)
        vocab = int(tr.stats.get("vocab_size") or 0)
        ref = self.loss_reference(vocab)
        ref.move_to(axes.get_corner(DL) + RIGHT * 0.3 + UP * 0.25, aligned_edge=DL)
        self.narrate(reference_words(vocab))
        self.play(Fade(ref), run_time=max(0.6, min(2.0, self.caption_left() - 0.3)))
        self.hold_caption()

        # Section: the models, one by one
        dots = VGroup(*[Dot(axes.c2p(x_of(v), y_of(w)), radius=0.11, color=pal.data)
                        for v, w in zip(n, loss, strict=True)])  # fmt: skip
        self.narrate(f"The smallest: {count(n[0])} numbers to learn, loss "
                     f"{loss[0]:.2f}.")
        self.play(FadeIn(dots[0], scale=0.5), run_time=0.5)
        self.hold_caption()
        falls = bool((np.diff(loss) < 0).all())
        self.narrate("Then each bigger one, " + (
            "and every one does better than the one before."
            if falls else "but not every one does better than the one before."))
        per = max(0.4, (self.caption_left() - 0.2) / max(1, sizes - 2))
        for d in dots[1:-1]:
            self.play(FadeIn(d, scale=0.5), run_time=per)
        self.hold_caption()
        self.narrate(f"The biggest: {count(n[-1])}, {n[-1] / n[0]:.0f} times the "
                     f"smallest; loss {loss[-1]:.2f}.")
        self.play(FadeIn(dots[-1], scale=0.5), run_time=0.5)
        self.hold_caption()

        # Section: the fitted line
        xs = np.array([x_of(n[0]), x_of(n[-1])])
        ys = [y_of(a * v ** -alpha) for v in (n[0], n[-1])]
        line = DashedLine(axes.c2p(xs[0], ys[0]), axes.c2p(xs[1], ys[1]),
                          color=pal.accent, stroke_width=4)
        cut = cut_per_tenfold(alpha)
        note = text(f"each \u00d710 in size: loss \u2212{percent(cut)}", pal.accent,
                    style.BODY_SIZE)
        # the empty corner: the line falls from top left to bottom right
        note.move_to(axes.get_corner(UR) + LEFT * 0.2, aligned_edge=UR)
        self.narrate("On these axes, a straight line means the same share of "
                     "the error disappears with every ten times the size.")
        self.play(Create(line), run_time=max(0.8, self.caption_left()))
        self.hold_caption()
        self.narrate(f"Fitted to these points: each ten times in size cut the "
                     f"loss by {percent(cut)}.")
        self.play(Fade(note), run_time=0.5)
        self.hold_caption()
        r2_note = text(f"fit {r2:.2f} (1: every point on the line)", pal.text,
                       style.BODY_SIZE)
        r2_note.next_to(note, DOWN, 0.25).align_to(note, RIGHT)
        self.narrate(f"{plain('R²')[0].upper() + plain('R²')[1:]}. Here it is "
                     f"{r2:.2f}: {fit_words(r2)}.")
        self.play(Fade(r2_note), run_time=0.5)
        self.hold_caption()
        self.mark_poster()

        # Section: one word the big model gets and the small one misses
        chart = VGroup(plot, ref, dots, line, note, r2_note)
        if "example_word" in tr.arrays:
            back = chart.copy()  # a fade out leaves the chart transparent
            self.play(Fade(chart, show=False), run_time=0.5)
            self.example(tr, n)
            self.play(Fade(back), run_time=0.5)  # the line, for the last word
            dots = back[2]  # the points now on screen

        # Section: honest limits, an arrow off the chart's right edge
        end = axes.c2p(axes.x_range[1], 0)
        far = Arrow(end + RIGHT * 0.05, [config.frame_width / 2 - 0.3, end[1], 0],
                    buff=0, color=pal.muted, stroke_width=5)
        # two short lines in the empty corner right of the last point
        far_note = VGroup(text("real models:", pal.muted, style.BODY_SIZE),
                          text("far off this way", pal.muted, style.BODY_SIZE))
        far_note.arrange(DOWN, buff=0.12, aligned_edge=RIGHT)
        far_note.next_to(far, UP, 0.3).align_to(far, RIGHT)
        self.narrate("These are tiny models on a made-up language. Real ones "
                     "are far bigger, off this chart.")
        self.play(GrowArrow(far), Fade(far_note),
                  run_time=max(0.8, min(2.0, self.caption_left() - 0.3)))
        self.hold_caption()
        self.narrate("But this is what scales well means: size in, a steady, "
                     "predictable drop in error out, along a straight line."
                     if falls and r2 >= 0.8 else
                     "Scales well would mean every ten times the size buys a "
                     "steady drop, along a straight line; here the points only "
                     "roughly follow one.")  # fmt: skip
        # the points light up in size order along the line while it is said
        self.play(LaggedStart(*[Indicate(d, color=pal.accent, scale_factor=1.6)
                                for d in dots], lag_ratio=0.6),
                  run_time=max(0.8, self.caption_left() - 0.3))
        self.hold_caption()
        self.wait(self.hold_seconds)

    def loss_reference(self, vocab: int) -> VGroup:
        """The loss's yardstick, on screen: 0 is perfect, and (if known) what a
        blind guess over the vocabulary scores."""
        pal = self.palette
        lines = [text("loss 0: always sure of the right word", pal.muted,
                      style.BODY_SIZE)]
        if vocab > 1:
            lines.append(text(f"blind guess, {vocab} words: {np.log(vocab):.2f}",
                              pal.muted, style.BODY_SIZE))
        return VGroup(*lines).arrange(DOWN, buff=0.15, aligned_edge=LEFT)

    def size_boxes(self, n) -> VGroup:
        """One square per size, its area in proportion to the parameters, the
        smallest and biggest counted underneath."""
        pal = self.palette
        side = 4.0 * np.sqrt(n / n.max())  # the biggest 4 units wide
        boxes = VGroup(*[Square(float(s), stroke_color=pal.data, stroke_width=2,
                                fill_color=pal.data, fill_opacity=0.35)
                         for s in side])  # fmt: skip
        boxes.arrange(RIGHT, buff=0.3, aligned_edge=DOWN)
        boxes.scale_to_fit_width(min(boxes.width, config.frame_width - 1.4))
        boxes.move_to(UP * 0.35)
        first, last = boxes[0], boxes[-1]
        first.add(text(f"smallest: {count(n[0])} numbers", pal.text, style.BODY_SIZE)
                  .next_to(first, DOWN, 0.2).align_to(first, LEFT))
        last.add(text(f"biggest: {count(n[-1])} numbers", pal.text, style.BODY_SIZE)
                 .next_to(last, DOWN, 0.2).align_to(last, RIGHT))
        return boxes

    def params_words(self) -> str:
        return "parameters, the numbers the model learns"

    def loglog(self, n, loss):
        """Log-log axes: x one step per power of ten of the parameters, y the
        loss on a log scale with round ticks. Returns (axes, group, x_of, y_of)."""
        pal = self.palette
        x_lo = float(np.floor(np.log10(n.min())))
        x_hi = float(np.ceil(np.log10(n.max())))
        y_lo = float(np.log10(loss.min() * 0.9))
        y_hi = float(np.log10(loss.max() * 1.1))

        def x_of(v):
            return float(np.log10(v)) - x_lo

        def y_of(v):
            return float(np.log10(v)) - y_lo

        x_ticks = [(d - x_lo, count(10.0 ** d)) for d in np.arange(x_lo, x_hi + 1)]
        y_ticks = [(y_of(v), f"{v:g}") for v in
                   loss_ticks(10 ** y_lo, 10 ** y_hi)]  # fmt: skip
        axes, group = plot_axes(pal, x_hi - x_lo, y_hi - y_lo, self.plot_w,
                                self.plot_h, x_ticks, y_ticks,
                                "parameters (log scale: each step \u00d710)",
                                "error on unseen sentences (loss; log scale, lower "
                                "is better)")
        # the axes fill the frame under the title, the tick labels left of them
        group.shift(RIGHT * 0.35 + UP * 0.25 - axes.get_center())
        return axes, group, x_of, y_of

    @staticmethod
    def axis_parts(axes, plot) -> tuple[VGroup, VGroup]:
        """The tick marks, numbers and name of each axis (plot_axes puts the
        x ticks first, two mobjects per tick, then the y ticks)."""
        ticks, x_name, y_name = plot[1], plot[2], plot[3]
        nx = 2 * round(axes.x_range[1] - axes.x_range[0] + 1)
        return (VGroup(*ticks[:nx], x_name), VGroup(*ticks[nx:], y_name))

    def example(self, tr, n):
        pal = self.palette
        prompt = [shown_word(str(w)) for w in tr["example_prompt"][1:]]
        right = str(tr["example_word"][0])
        guess = str(tr["example_small_guess"][0])
        p_small, p_big = (float(p) for p in tr["example_probs"])
        p_guess = float(tr["example_small_guess_prob"][0])
        words = flow(prompt + ["___"], [pal.text] * len(prompt) + [pal.accent],
                     config.frame_width - 2.0, style.TITLE_SIZE)
        # the blank, filled once the word is said: on the blank's left edge, its
        # bottom level with the same word earlier (same letters, same baseline)
        filled = text(shown_word(right), pal.accent, style.TITLE_SIZE)
        words.move_to(UP * 2.1)
        self.narrate("One sentence it never trained on. Which word comes next?")
        self.play(Fade(words), run_time=0.6)
        self.hold_caption()
        # both columns on one scale, so a bar's length compares across them
        big_bars = 1.35
        small = prob_bars([right, guess], [p_small, p_guess], pal, width=3.2,
                          row_height=0.62, highlight=right).scale(big_bars)
        big = prob_bars([right], [p_big], pal, width=3.2, row_height=0.62,
                        highlight=right).scale(big_bars)
        heads = [VGroup(text("smallest model", pal.text, style.BODY_SIZE),
                        text(f"{count(n[0])} numbers", pal.muted, style.BODY_SIZE)),
                 VGroup(text("biggest model", pal.text, style.BODY_SIZE),
                        text(f"{count(n[-1])} numbers", pal.muted, style.BODY_SIZE))]
        for h in heads:
            h.arrange(DOWN, buff=0.12)
        cols = VGroup(VGroup(heads[0], small).arrange(DOWN, buff=0.45),
                      VGroup(heads[1], big).arrange(DOWN, buff=0.45))
        cols.arrange(RIGHT, buff=1.2, aligned_edge=UP)
        # the counts on one line (a descender in one name lowers its column's)
        heads[1][1].align_to(heads[0][1], UP)
        cols.scale_to_fit_width(min(cols.width, config.frame_width - 1.0))
        cols.move_to(DOWN * 0.6)
        cols[0].align_to(LEFT * (config.frame_width / 2 - 0.9), LEFT)
        cols[1].align_to(RIGHT * (config.frame_width / 2 - 0.9), RIGHT)
        earlier = [i for i, w in enumerate(prompt) if w == shown_word(right)]
        filled.move_to(words[-1], aligned_edge=LEFT)
        if earlier:
            filled.align_to(words[earlier[0]], DOWN)
        rings = VGroup(*[SurroundingRectangle(words[i], color=pal.accent, buff=0.08)
                         for i in earlier])  # fmt: skip
        self.narrate(f"The right word is \u201c{right}\u201d: "
                     + example_rule(prompt, right))
        self.play(*[words[i].animate.set_color(pal.accent) for i in earlier],
                  Create(rings), run_time=0.8)
        self.play(FadeOut(words[-1]), FadeIn(filled), run_time=0.6)
        self.hold_caption()
        self.narrate(f"The smallest model gives it {percent(p_small)} and bets "
                     f"on \u201c{guess}\u201d ({percent(p_guess)}).")
        self.play(Fade(cols[0]), run_time=0.6)
        self.hold_caption()
        self.narrate(f"The biggest gives \u201c{right}\u201d {percent(p_big)}: its "
                     "top choice.")
        self.play(Fade(cols[1]), run_time=0.6)
        self.hold_caption()
        self.play(FadeOut(VGroup(words[:-1], filled, rings)),
                  Fade(cols, show=False), run_time=0.5)
