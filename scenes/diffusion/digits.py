"""Chapter 1, diffusion, on real handwritten digits: noise, denoise, speed, guidance.

    make scene S=ReverseDenoising
    manim -pql scenes/diffusion/digits.py ReverseDenoising

Every image, step, time and accuracy drawn here comes from the
``digits_diffusion`` trace (``python -m engine record digits_diffusion``).
"""

from __future__ import annotations

from manim import *

from engine.core.trace import TraceError
from scenes.kit import style
from scenes.kit.bars import compare_bars
from scenes.kit.base import ExplainerScene
from scenes.kit.images import live_image, pixel_image
from scenes.kit.numbers import UNIT_WORDS, in_ms, pct, times
from scenes.kit.numbers import ms as fmt_ms
from scenes.kit.plots import loss_plot
from scenes.kit.pointer import Pointer
from scenes.kit.text import label
from scenes.kit.tracefile import companion_trace, load_trace
from scenes.kit.widgets import counter, schedule_plot


def best_scales_line(scales, accuracy, unlike, good: int) -> str:
    """The closing verdict on guidance: scale ``good`` obeys and stays like
    real handwriting; every other scale that shows the same figures (the
    reader's share to the point, ``unlike``, the gap relative to real digits',
    to one decimal) is named with it, so no tie is called the one best."""
    def shown(i: int) -> tuple[float, float]:
        return round(float(accuracy[i]), 3), round(float(unlike[i]), 1)

    same = [i for i in range(len(scales)) if shown(i) == shown(good)]
    if len(same) == 1:
        return (f"So scale {scales[good]:g} is the sweet spot: it obeys, and "
                "stays like real handwriting.")  # fmt: skip
    names = [f"{scales[i]:g}" for i in same]
    listed = ", ".join(names[:-1]) + " and " + names[-1]
    return (f"So scales {listed} do equally well: they obey, and stay like real "
            f"handwriting; the least, {names[0]}, is enough here: no need to go "
            "higher.")


def listing(names: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def passing_scales(unlike, tied) -> list[int]:
    """The scales whose gap, as shown (one decimal, in real digits' own gap),
    is above the line at 1, leaving out the scales tied for best."""
    return [i for i, u in enumerate(unlike)
            if round(float(u), 1) > 1.0 and i not in tied]  # fmt: skip


class DigitsScene(ExplainerScene):
    """Shared set-up: the trace, the title, and images in the theme's ink."""

    trace_kind = "digits_diffusion"
    title_text = ""

    def setup(self):
        super().setup()
        self.tr = load_trace(self.trace_kind)
        self.ink = self.palette.text
        self.paper = self.palette.background

    def add_title(self) -> Text:
        title = label(self.title_text, self.palette.text, style.TITLE_SIZE)
        title.scale_to_fit_width(min(title.width, config.frame_width - 1))
        self.add(title.to_edge(UP, buff=0.35))
        return title

    def image(self, array, height: float) -> ImageMobject:
        framed = pixel_image(array, self.paper, self.ink, height)
        return framed

    def fly(self, source: Mobject, target: Mobject) -> Animation:
        """A copy of ``source`` moving and scaling onto ``target``'s place; the
        copy stays there (``target`` itself is never added), so the picture
        seen arriving is the one the viewer saw leave."""
        copy = source.copy()
        return copy.animate.replace(target)

    def framed(self, mob: Mobject) -> Group:
        box = SurroundingRectangle(
            mob, buff=0.03, color=self.palette.muted, stroke_width=1.5
        )
        return Group(mob, box)


class ForwardNoising(DigitsScene):
    """A real training digit is noised step by step until pure static, beside the
    schedule; then what the network is trained on: a noisy image in, the noise out."""

    title_text = "Training: destroy a digit, learn to spot the noise"
    forward_seconds = 7.0
    chain_tiles = 8  # pictures of the drawing run shown at the end

    def construct(self):
        pal, tr = self.palette, self.tr
        frames, steps = tr["forward"], tr["forward_t"]
        total = int(steps[-1])
        self.add_title()

        # Section: a real digit dissolves, with the schedule beside it
        tracker = ValueTracker(0)  # index into the recorded forward frames
        big = live_image(frames, tracker, self.paper, self.ink, 4.2)
        big_framed = self.framed(big).move_to(LEFT * 3.4 + DOWN * 0.2)

        def current_t() -> float:
            return float(np.interp(tracker.get_value(), np.arange(len(steps)), steps))

        steps_label = counter(
            f"step {{}} of {total}", lambda: int(round(current_t())), pal
        )
        steps_label.move_to(RIGHT * 0.6 + UP * 2.0, aligned_edge=LEFT)
        plot = schedule_plot(
            tr["signal"], tr["noise"], pal, current_t, width=5.2, height=2.6
        )
        plot.move_to(RIGHT * 0.6 + DOWN * 0.4, aligned_edge=LEFT)
        self.play(FadeIn(big_framed), FadeIn(steps_label), FadeIn(plot), run_time=0.8)
        # The schedule's axes, curves and names stay still; its marker moves.
        self.paint_once(*plot.submobjects[:8])
        self.narrate("During training, the network is shown a real image,")
        self.narrate(f"then noisier versions, over {total:,} small steps here...")
        self.play(
            tracker.animate.set_value(len(frames) - 1),
            run_time=self.forward_seconds,
            rate_func=linear,
        )
        left = 100 * float(tr["signal"][-1])
        left_note = label(
            "image left: less than 0.01%" if left < 0.01
            else f"image left: {left:.2f}%",
            pal.signal,
        ).next_to(plot, DOWN, 0.2).align_to(plot, RIGHT)
        self.play(FadeIn(left_note), run_time=0.4)
        self.narrate(
            "...until it is pure static: less than 0.01% of the image is left."
            if left < 0.01
            else f"...until it is pure static: {left:.2f}% of the image is left."
        )
        self.wait(1.0)

        # Section: the whole trip in one row
        picks = [int(np.argmin(np.abs(steps - s))) for s in np.linspace(0, total, 6)]
        strip = (
            Group(
                *[
                    Group(
                        self.framed(self.image(frames[k], 1.3)),
                        label(f"step {int(steps[k])}", pal.muted),
                    ).arrange(DOWN, buff=0.12)
                    for k in picks
                ]
            )
            .arrange(RIGHT, buff=0.45)
            .move_to(UP * 1.85)
        )
        # the old picture goes before the new comes: never both at once
        self.play(
            FadeOut(big_framed), FadeOut(steps_label), FadeOut(plot),
            FadeOut(left_note), run_time=0.5,
        )
        self.play(FadeIn(strip), run_time=0.6)

        # Section: what the network learns: noisy image in, noise out
        t_train = int(tr["train_t"][0])
        noisy = self.framed(self.image(tr["train_noisy"], 1.7))
        net = VGroup(
            RoundedRectangle(
                corner_radius=0.15, width=2.2, height=1.2, color=pal.accent
            ),
            label("denoiser\nnetwork", pal.text, style.BODY_SIZE - 4),
        )
        predicted = self.framed(self.image(tr["train_predicted"], 1.7))
        actual = self.framed(self.image(tr["train_noise"], 1.7))
        row = Group(noisy, net, predicted, actual).arrange(RIGHT, buff=0.7)
        actual.shift(RIGHT * 0.5)  # room between the two noise captions
        row.move_to(DOWN * 1.25)
        arrows = VGroup(
            Arrow(noisy.get_right(), net.get_left(), buff=0.1, color=pal.muted),
            Arrow(net.get_right(), predicted.get_left(), buff=0.1, color=pal.muted),
        )
        error = float(np.mean((tr["train_predicted"] - tr["train_noise"]) ** 2))
        captions = VGroup(
            label(f"noisy image (step {t_train})", pal.muted).next_to(
                noisy, DOWN, 0.15
            ),
            VGroup(label("guessed noise", pal.sample),
                   label("(by the trained network)", pal.muted))
            .arrange(DOWN, buff=0.06).next_to(predicted, DOWN, 0.15),
            label("noise really added", pal.data).next_to(actual, DOWN, 0.15),
        )
        # a scale for the error: guessing "no noise at all" (all zeros) would
        # be off by the noise's own mean square, from the same trace
        blind = float(np.mean(tr["train_noise"] ** 2))
        # the miss beside guessing no noise at all, to one scale
        vs = compare_bars(
            [("its guess: off by", error, f"{error:.2f}", pal.sample),
             ("no guess: off by", blind, f"{blind:.2f}", pal.muted)],
            pal, width=3.0, bar_height=0.2,
        )  # fmt: skip
        vs.next_to(Group(predicted, actual), UP, 0.25)
        # what "off by" measures, beside the bars (the error is a mean square)
        unit = VGroup(label("off by: each pixel's miss,", pal.muted),
                      label("squared, then averaged", pal.muted))
        unit.arrange(DOWN, aligned_edge=RIGHT, buff=0.08)
        unit.next_to(vs, LEFT, 0.5).align_to(vs, DOWN)  # fmt: skip
        self.play(FadeIn(noisy), FadeIn(captions[0]), run_time=0.6)
        self.narrate(
            "It learns one thing: given a noisy image, say which part is noise."
        )
        self.play(GrowArrow(arrows[0]), FadeIn(net), run_time=0.6)
        self.play(
            GrowArrow(arrows[1]), FadeIn(predicted), FadeIn(captions[1]), run_time=0.6
        )
        self.narrate("First it guesses the noise.")
        self.play(FadeIn(actual), FadeIn(captions[2]), run_time=0.6)
        self.narrate("Then its guess is compared with the noise really added.")
        # the strip above makes way first: the bars sit where its labels were
        self.play(FadeOut(strip), run_time=0.4)
        # each bar comes as its figure is said: its own miss, then the blind one
        own = VGroup(vs.bars[0], vs.labels[0], vs.labels[1])
        none = VGroup(vs.bars[1], vs.labels[2], vs.labels[3])
        self.play(FadeIn(own), FadeIn(unit), run_time=0.5)
        self.narrate(
            f"For this image at step {t_train}, the trained network is off by "
            f"{error:.2f} (0 would be exact)."
        )
        self.narrate(
            f"Guessing no noise would be off by {blind:.2f}, "
            f"{times(round(blind, 2) / round(error, 2))} as much."
        )
        self.play(FadeIn(none), run_time=0.5)
        # Section: the nudge, repeated: the training curve draws itself while
        # the line is spoken, the top strip making way for it
        loss = np.asarray(tr["loss"], dtype=float)
        batch = int(tr.config["batch_size"])
        shown = int(tr.config["train_iters"]) * batch
        seen = (np.arange(len(loss)) + 1) * shown / len(loss)  # one log per interval
        progress = ValueTracker(0.0)  # logging interval reached, fractional
        curve = loss_plot(
            [(loss, pal.sample, "off by, on average")],
            progress.get_value,
            pal,
            width=6.0,
            height=1.3,
            x_label="training examples seen",
            x_values=seen,
        ).move_to(UP * 1.75 + LEFT * 1.4)
        seen_label = counter(
            "{:,} examples",
            lambda: int(shown * progress.get_value() / (len(loss) - 1)),
            pal,
            style.LABEL_SIZE,
        ).next_to(curve[0], RIGHT, 0.4)
        self.hold_caption()  # the bars stay while their figures are read
        self.play(FadeOut(vs), FadeOut(unit), run_time=0.4)
        self.play(FadeIn(curve), FadeIn(seen_label), run_time=0.5)
        self.narrate("It got there by training: after each guess, it is nudged "
                     "to do better.")  # fmt: skip
        self.play(
            progress.animate.set_value(len(loss) - 1),
            run_time=max(3.0, self.caption_left() + 1.5),
            rate_func=linear,
        )
        # no end figure: the average over every noise level would read beside
        # the one example's miss as the same thing, worse

        # Section: what the guess is for: noisy minus the guessed noise (scaled
        # back up, as DDPM's estimate of the clean image does) is nearly the
        # real digit again; drawing does this a little at a time
        t = int(tr["train_t"][0])
        signal, level = float(tr["signal"][t]), float(tr["noise"][t])
        left_over = (tr["train_noisy"] - level * tr["train_predicted"]) / signal
        side = 1.3
        terms = [
            (tr["train_noisy"], "noisy", pal.muted),
            (tr["train_predicted"], "its guess", pal.sample),
            (left_over, "what is left", pal.text),
            (tr["forward_x0"], "the real digit", pal.data),
        ]
        cells = [
            Group(self.framed(self.image(a, side)), label(name, colour)).arrange(
                DOWN, buff=0.12
            )
            for a, name, colour in terms
        ]
        signs = [label(s, pal.text, style.BODY_SIZE) for s in ("−", "=", "vs")]
        equation = Group(
            cells[0], signs[0], cells[1], signs[1], cells[2], signs[2], cells[3]
        ).arrange(RIGHT, buff=0.35)
        equation.move_to(UP * 1.85)
        for sign in signs:
            sign.shift(UP * 0.2)  # beside the pictures, not their labels
        # the curve and the example's figures go: the pictures fly up through
        # where the figures were
        self.play(
            FadeOut(curve), FadeOut(seen_label), run_time=0.5,
        )  # fmt: skip
        self.narrate("Take the guessed noise away...")
        self.play(
            self.fly(noisy, cells[0][0]),
            FadeIn(cells[0][1]),
            FadeIn(signs[0]),
            run_time=0.8,
        )
        self.play(
            self.fly(predicted, cells[1][0]),
            FadeIn(cells[1][1]),
            run_time=0.8,
        )
        self.play(FadeIn(signs[1]), FadeIn(cells[2]), run_time=0.8)
        self.play(FadeIn(signs[2]), FadeIn(cells[3]), run_time=0.8)
        self.narrate("...and the digit comes back, roughly.")
        self.hold_caption()

        # Section: drawing a new digit is that subtraction, a little at a time,
        # from pure static: the trace's own run of the trained model, for the
        # prompt whose finished digit is most like the one above
        rev, rev_t = tr["reverse"], tr["reverse_t"]
        ends = rev[-1].reshape(rev.shape[1], -1)
        col = int(np.argmin(((ends - tr["forward_x0"].reshape(1, -1)) ** 2).sum(1)))
        picks = np.linspace(0, len(rev_t) - 1, self.chain_tiles).round().astype(int)
        tiles = [
            Group(self.framed(self.image(rev[i, col], 1.05)),
                  label(f"step {int(rev_t[i])}", pal.muted)).arrange(DOWN, buff=0.1)
            for i in picks
        ]  # fmt: skip
        chain = Group(*tiles).arrange(RIGHT, buff=0.45).move_to(DOWN * 1.45)
        hops = [
            Arrow(a[0].get_right(), b[0].get_left(), buff=0.06, color=pal.sample,
                  stroke_width=3, max_tip_length_to_length_ratio=0.45)
            for a, b in zip(tiles, tiles[1:], strict=False)
        ]  # fmt: skip
        heading = label(
            f"drawing a new digit: pure static (step {int(rev_t[0])}) to step "
            f"{int(rev_t[-1])}, a little noise taken away each step",
            pal.text,
        ).next_to(chain, UP, 0.3)
        self.chain = tiles  # for tests: the run shown, in order
        self.play(
            *[FadeOut(m) for m in (noisy, net, predicted, actual, arrows, captions)],
            run_time=0.5,
        )
        runs = int(rev_t[0] - rev_t[-1])
        self.narrate(f"To make a new image, the model starts from pure static and "
                     f"repeats this {runs:,} times here,")  # fmt: skip
        self.play(FadeIn(heading), FadeIn(tiles[0]), run_time=0.6)
        # one hop per share of the two lines: the static clears while it is said
        each = max(0.7, (self.caption_left() + 4.0) / len(hops))
        for i, hop in enumerate(hops):
            if i == len(hops) // 2:
                self.narrate("taking away a little of the noise it guesses each time.")
                each = max(0.7, self.caption_left() / (len(hops) - i))
            self.play(GrowArrow(hop), FadeIn(tiles[i + 1]), run_time=each)
        self.hold_caption()
        self.mark_poster()
        self.wait(1.0)


class ReverseDenoising(DigitsScene):
    """Ten prompts, 0 to 9, denoised from the same static; under each current image,
    the network's guess of the finished image at that step."""

    title_text = "Generating: from static to the digit asked for"
    reverse_seconds = 10.0
    column_gap = 1.25

    def live_figure(self, name: str, index: np.ndarray, values: np.ndarray,
                    colour: str, shown: Mobject, tracker: ValueTracker) -> Mobject:
        """``name`` and its value at the frame ``tracker`` has reached, in
        ``colour``, where ``shown`` is (left edge kept), redrawn as it moves."""
        left = shown.get_left()

        def now() -> Mobject:
            value = np.interp(tracker.get_value(), index, values)
            return label(f"{name} {value:.2f}", colour).move_to(left,
                                                              aligned_edge=LEFT)

        def redraw(figure: Mobject) -> None:
            fresh = now()
            figure.become(fresh)
            figure.legible = fresh.legible  # what it says now, not at first

        return now().add_updater(redraw)

    def construct(self):
        pal, tr = self.palette, self.tr
        prompts, samples, guesses = tr["prompts"], tr["reverse"], tr["reverse_x0"]
        steps = tr["reverse_t"]
        total = int(steps[0])
        self.add_title()

        tracker = ValueTracker(0)  # index into the recorded reverse frames
        xs = (np.arange(len(prompts)) - (len(prompts) - 1) / 2) * self.column_gap + 0.7
        self.columns = []  # (sample image, guess image) per prompt, for tests
        heads, sample_row, guess_row = VGroup(), Group(), Group()
        for k, prompt in enumerate(prompts):
            x = xs[k] * RIGHT
            heads.add(
                label(f'"{int(prompt)}"', pal.accent, style.BODY_SIZE).move_to(
                    x + UP * 2.2
                )
            )
            img = live_image(samples[:, k], tracker, self.paper, self.ink, 1.05)
            guess = live_image(guesses[:, k], tracker, self.paper, self.ink, 1.05)
            sample_row.add(self.framed(img).move_to(x + UP * 0.85))
            guess_row.add(self.framed(guess).move_to(x + DOWN * 0.85))
            self.columns.append((img, guess))
        left_x = xs[0] - self.column_gap / 2 - 0.15
        row_labels = VGroup(
            label("prompt", pal.muted).move_to([left_x, 2.2, 0], aligned_edge=RIGHT),
            label("sample", pal.muted).move_to([left_x, 0.85, 0], aligned_edge=RIGHT),
            label("model's\nguess", pal.guess).move_to(
                [left_x, -0.85, 0], aligned_edge=RIGHT
            ),
        )

        def passes_done() -> int:
            t = np.interp(tracker.get_value(), np.arange(len(steps)), steps)
            return total - int(round(t))

        steps_label = counter(f"steps undone: {{}} of {total}", passes_done, pal)
        steps_label.move_to(DOWN * 2.2)

        self.play(FadeIn(row_labels), FadeIn(heads), FadeIn(sample_row), run_time=0.8)
        self.narrate(
            "To generate, the model starts from random static: "
            "the same static for every prompt,"
        )
        self.narrate("so only the prompt decides which digit appears.")
        self.play(FadeIn(guess_row), FadeIn(steps_label), run_time=0.6)
        self.narrate(
            "Each step removes a little noise. Below: what the network "
            "thinks it is drawing."
        )
        # the first recorded pass where the guess already resembles the finished
        # digit (pixel correlation, mean over prompts) while the sample does not
        alike = similarity(guesses, samples[-1])
        measured = VGroup()  # the figures still on screen when the run ends
        early = next((k for k in range(1, len(steps)) if alike[k] >= 0.85), None)
        last = len(steps) - 1
        if early is not None and early < last // 2:
            # the steps up to there run under the line that introduces them,
            # so the guess is seen forming, not flashed
            self.play(
                tracker.animate.set_value(early),
                run_time=max(self.reverse_seconds * early / last,
                             self.caption_left()),
                rate_func=linear,
            )  # fmt: skip
            still = similarity(samples, samples[-1])[early]
            # the two figures on screen while they are said (the rows fill the
            # frame's width: they go under the pass counter)
            key = label("alike to the finished digits (1 = the same, "
                        "0 = unrelated), on average:", pal.text)  # fmt: skip
            figures = VGroup(
                label(f"guess {alike[early]:.2f}", pal.guess),
                label(f"sample {still:.2f}", pal.text),
            ).arrange(RIGHT, buff=0.4)
            VGroup(key, figures).arrange(RIGHT, buff=0.3).next_to(
                steps_label, DOWN, 0.12)  # fmt: skip
            pointer = Pointer(pal.accent)
            self.play(FadeIn(figures[0]), FadeIn(key), pointer.to(guess_row),
                      run_time=0.5)  # fmt: skip
            self.narrate(
                f"After {total - int(steps[early])} steps the guess already has "
                f"the finished digit's shape: {alike[early]:.2f} alike, where 1 is "
                "the same picture."
            )
            # the row the line is about pulses while it is read: the frame moves
            self.play(Indicate(row_labels[2], color=pal.guess), run_time=1.2)
            self.hold_caption()
            self.play(FadeIn(figures[1]), pointer.to(sample_row), run_time=0.5)
            self.narrate(f"The sample itself is still static: {still:.2f} alike.")
            self.play(Indicate(row_labels[1], color=pal.text), run_time=1.2)
            self.hold_caption()
            self.play(pointer.away(), run_time=0.3)
            self.narrate("The model sees the digit long before it has drawn it.")
            # the passes go on under the line that says so, both figures
            # following them: the sample's rises as it catches up
            index = np.arange(len(steps))
            live = VGroup(
                self.live_figure("guess", index, alike, pal.guess, figures[0],
                                 tracker),
                self.live_figure("sample", index, similarity(samples, samples[-1]),
                                 pal.text, figures[1], tracker),
            )  # fmt: skip
            self.remove(*figures)  # each was faded in on its own
            self.add(live)
            measured.add(live, key)
        run = self.reverse_seconds * (last - tracker.get_value()) / last
        if len(measured):
            # the catch-up runs under its line, not long after it
            run = min(run, max(self.caption_left() + 1.0, 3.0))
        self.play(tracker.animate.set_value(last), run_time=run, rate_func=linear)

        # Section: an independent classifier reads the results
        read, conf = tr["reverse_read"], tr["reverse_confidence"]
        readings = VGroup(
            *[
                label(f"read {int(r)}", pal.signal if r == p else pal.noise).next_to(
                    sample_row[k], DOWN, 0.12
                )
                for k, (r, p) in enumerate(zip(read, prompts, strict=True))
            ]
        )
        right = int((read == prompts).sum())
        # how sure the classifier is, under each digit (the guesses equal the
        # samples by now, so their row makes room for it)
        sure = VGroup(
            *[
                label(f"{100 * float(c):.0f}%", pal.text).move_to(
                    guess_row[k].get_center()
                )
                for k, c in enumerate(conf)
            ]
        )
        sure_key = label("how sure", pal.muted).move_to(
            row_labels[2], aligned_edge=RIGHT
        )
        self.play(FadeOut(measured), FadeIn(readings), run_time=0.6)
        self.narrate(
            "A separate network, trained only to recognise digits, reads the results:"
        )
        self.play(
            FadeOut(guess_row), FadeOut(row_labels[2]), FadeIn(sure), FadeIn(sure_key),
            run_time=0.6,
        )  # fmt: skip
        self.narrate(
            f"{right} of {len(prompts)} as the digit asked for, each at least "
            f"{100 * float(conf.min()):.0f}% sure."
        )
        self.mark_poster()
        self.wait(2.0)


def similarity(frames: np.ndarray, final: np.ndarray) -> np.ndarray:
    """How alike each recorded frame (frame, prompt, h, w) is to ``final``
    (prompt, h, w): the correlation of their pixels, averaged over prompts,
    per frame (0 for a flat frame). 1 means the same pattern of light and dark."""
    f = frames.reshape(len(frames), frames.shape[1], -1)
    g = final.reshape(final.shape[0], -1)
    f = f - f.mean(-1, keepdims=True)
    g = g - g.mean(-1, keepdims=True)
    num = (f * g[None]).sum(-1)
    den = np.sqrt((f**2).sum(-1) * (g**2).sum(-1)[None])
    r = np.where(den > 0, num / np.maximum(den, 1e-12), 0.0)
    return r.mean(axis=1)


class StepsVsSpeed(DigitsScene):
    """The same prompts sampled with fewer and fewer steps: measured time per image
    and measured accuracy under each, the times drawn to scale."""

    title_text = "How many steps does a digit need?"
    bar_height = 1.4  # the slowest column's bar; the others to the same scale
    shown_digits = 4  # pictures per column: few, so each is large enough to read
    digit_size = 0.9  # each picture's side, in scene units
    base_y = -1.8  # where the time bars stand: room under them for the note

    def times(self, counts: np.ndarray) -> np.ndarray:
        """Milliseconds per image at each count, in a batch of 10, read from the
        generation_speed trace (timed once there, for every scene)."""
        speed = companion_trace("generation_speed")
        pairs = zip(speed["step_counts"], speed["step_ms_per_sample"], strict=True)
        timed = {int(c): float(m) for c, m in pairs}
        missing = [int(c) for c in counts if int(c) not in timed]
        if missing:
            raise TraceError(speed.path, f"times no run of {missing[0]} steps; "
                             "record both traces from the same models")  # fmt: skip
        self.batch = int(speed.config["batch"])
        return np.array([timed[int(c)] for c in counts])

    def shown_prompts(self, n_prompts: int) -> np.ndarray:
        """Which of the trace's prompts each column shows: spread evenly over
        them, first and last included, the same in every column."""
        n = min(self.shown_digits, n_prompts)
        return np.linspace(0, n_prompts - 1, n).round().astype(int)

    def column(self, k: int, x: float, counts, samples, ms, accuracy,
               width: float) -> Group:  # fmt: skip
        """One step count's column: its name, its pictures, its time bar (to
        scale with the slowest) with the time over it, and its share read as
        asked under the axis."""
        pal, count = self.palette, int(counts[k])
        head = label(f"{count} step{'s' if count != 1 else ''}", pal.text,
                     style.BODY_SIZE)  # fmt: skip
        # DDPM takes every step it was trained with; DDIM skips (glossary)
        kind = label("every step" if count == counts.max() else "shortcut",
                     pal.muted)  # fmt: skip
        grid = Group(*[self.framed(self.image(samples[k, p], self.digit_size))
                       for p in self.shown_prompts(samples.shape[1])])  # fmt: skip
        grid.arrange_in_grid(cols=2, buff=0.08)
        # to scale: a linear axis, so 1,000 steps stand as tall as they cost
        tall = max(self.bar_height * float(ms[k] / ms.max()), 0.03)
        bar = Rectangle(width=0.55, height=tall, color=pal.noise, fill_opacity=0.85,
                        stroke_width=0)  # fmt: skip
        timing = label(in_ms(ms[k]), pal.noise)
        judged = label(f"{pct(accuracy[k])} read as asked", pal.signal)
        head.move_to([x, 2.72, 0])
        kind.next_to(head, DOWN, 0.08)
        grid.next_to(kind, DOWN, 0.15).set_x(x)
        bar.move_to([x, self.base_y, 0], aligned_edge=DOWN)
        timing.next_to(bar, UP, 0.08)
        judged.move_to([x, self.base_y - 0.35, 0])
        if judged.width > width - 0.1:
            judged = VGroup(label(pct(accuracy[k]), pal.signal),
                            label("read as asked", pal.signal))  # fmt: skip
            judged.arrange(DOWN, buff=0.08).next_to(bar, DOWN, 0.12)
        return Group(head, kind, grid, bar, timing, judged)

    def speedup(self, slow: Group, fast: Group, words: str) -> VGroup:
        """The gap between two columns' times, drawn: a dashed line level with
        the slow bar's top, an arrow down from it to the fast bar's time, and
        ``words`` under the line."""
        pal = self.palette
        top = slow[3].get_top()[1]
        level = DashedLine([slow[3].get_right()[0] + 0.1, top, 0],
                           [fast[3].get_x(), top, 0], color=pal.text,
                           stroke_width=2)  # fmt: skip
        drop = Arrow([fast[3].get_x(), top, 0], fast[4].get_top() + UP * 0.05,
                     buff=0, color=pal.text, stroke_width=3,
                     max_tip_length_to_length_ratio=0.15)  # fmt: skip
        name = label(words, pal.text, style.LABEL_SIZE + 2)
        name.next_to(level, DOWN, 0.15).align_to(drop, RIGHT).shift(LEFT * 0.25)
        return VGroup(level, drop, name)

    def construct(self):
        pal, tr = self.palette, self.tr
        counts, samples = tr["speed_steps"], tr["speed_samples"]
        accuracy = tr["speed_accuracy"]
        ms = self.times(counts)
        self.add_title()
        width = config.frame_width - 1.0
        each = width / len(counts)
        xs = (np.arange(len(counts)) - (len(counts) - 1) / 2) * each
        columns = [self.column(k, x, counts, samples, ms, accuracy, each)
                   for k, x in enumerate(xs)]  # fmt: skip
        self.columns = columns  # for tests: what each column shows
        axis_note = label(
            f"ms = {UNIT_WORDS['ms']} per image ({self.batch} at a time, "
            "this machine)",
            pal.muted, style.LABEL_SIZE,
        )
        axis_note.scale_to_fit_width(min(axis_note.width, width))
        # under the readings below the axis, clear of the caption band
        below = min(c[5].get_bottom()[1] for c in columns)
        axis_note.next_to([0, below, 0], DOWN, 0.15)
        baseline = Line(
            LEFT * width / 2, RIGHT * width / 2, color=pal.muted, stroke_width=1.5
        ).move_to(UP * self.base_y)

        head, kind, grid, bar, timing, judged = columns[0]
        # every column's heading from the start, dim: the frame shows where
        # the scene is going, and the shortcuts are lit as they are told
        ahead = [VGroup(c[0].copy(), c[1].copy()).set_fill(opacity=0.3)
                 for c in columns[1:]]
        self.play(FadeIn(head), FadeIn(kind), FadeIn(grid), FadeIn(baseline),
                  FadeIn(axis_note), *[FadeIn(a) for a in ahead],
                  run_time=0.8)  # fmt: skip
        self.narrate(
            f"{int(counts[0])} small denoising steps: {fmt_ms(ms[0])} per image."
        )
        # the time bar rises while its steps are counted, under the line
        done = ValueTracker(0)
        ran = counter("{:,} steps", lambda: int(round(done.get_value())), pal,
                      style.LABEL_SIZE)  # fmt: skip
        ran.next_to(bar, UP, 0.08)
        full = bar.copy()
        bar.stretch_to_fit_height(0.001, about_edge=DOWN)
        self.add(bar, ran)
        self.play(done.animate.set_value(int(counts[0])), Transform(bar, full),
                  run_time=max(2.0, self.caption_left()), rate_func=linear)  # fmt: skip
        self.play(FadeOut(ran), FadeIn(timing), run_time=0.4)
        # a wide margin: the box never touches the names it surrounds
        pointer = Pointer(pal.accent, buff=0.16)
        judged_n = int(tr["speed_judged"].shape[1])
        self.narrate(f"Of {judged_n} digits ({len(grid)} shown), {pct(accuracy[0])} "
                     "are read as the digit asked for,")  # fmt: skip
        # the whole column, heading included: the box never cuts its names
        self.play(FadeIn(judged), pointer.to(columns[0]), run_time=0.6)
        self.narrate("by a separate digit reader, trained only on real digits.")
        self.hold_caption()
        self.play(pointer.to(Group(*ahead)), run_time=0.6)
        self.narrate("A shortcut: the same model, taking fewer, larger steps.")
        self.hold_caption()  # the box stays on every shortcut while it is said
        # each column as it is told, a box on it
        for k in range(1, len(counts)):
            # the line first (it waits for the last to be read), then its
            # column under it: box and voice on the same column
            self.narrate(
                f"{int(counts[k])} step{'s' if counts[k] != 1 else ''}: "
                f"{in_ms(ms[k])}, {pct(accuracy[k])} read as asked."
            )
            self.play(FadeOut(ahead[k - 1]), FadeIn(columns[k]),
                      pointer.to(columns[k]), run_time=0.6)  # fmt: skip
        self.hold_caption()
        # the fewest steps that lose at most 1 point against every step: chosen
        # by the measured accuracies, not by a fixed count
        kept = [k for k in range(len(counts)) if accuracy[k] >= accuracy[0] - 0.01]
        few = int(max(kept, key=lambda k: -counts[k]))
        if few > 0:
            faster = times(ms[0] / ms[few])
            # the shortcut pictures can look rough to a person; what counts
            # is the reader's measured share. "rougher" only if they sit
            # measurably farther from real digits than every step's do
            near = tr["speed_nearest_real"]
            rough = "rougher" if near[few] > near[0] else "rough"
            self.narrate(
                f"Down to {int(counts[few])} steps: {faster} faster than every "
                f"step. Some look {rough} to us, but the reader still reads "
                f"{pct(accuracy[few])} as asked."
            )
            # the speed-up said, drawn between the two bars it compares
            gap = self.speedup(columns[0], columns[few],
                               f"{faster} faster, same {pct(accuracy[few])}")
            self.play(pointer.away(), Create(gap[0]), GrowArrow(gap[1]),
                      FadeIn(gap[2]), run_time=0.8)  # fmt: skip
        worst = int(np.argmin(accuracy))
        if accuracy[0] - accuracy[worst] > 0.05:
            # its share was said with its column and stands under it
            self.narrate(
                f"Cut to {int(counts[worst])} step{'s' if counts[worst] > 1 else ''}"
                " and quality breaks."
            )
            # the box goes to the broken column while that is said
            self.play(pointer.to(columns[worst]), run_time=0.6)
        else:
            self.narrate("Here even the fewest steps kept the digits readable.")
        self.mark_poster()


class GuidanceScale(DigitsScene):
    """The same static and prompts at guidance 0, then rising: control, and what too
    much guidance does."""

    title_text = "Guidance: how hard the model follows the prompt"

    def two_guesses(self) -> None:
        """One step of one prompt: the half-made sample, the network's two
        guesses of the finished digit (without the prompt, with it), and the
        guess each scale makes of them, one scale at a time, with a ladder of
        the scales under them (all from the trace)."""
        pal, tr = self.palette, self.tr
        scales, prompt = tr["guidance_scales"], int(tr["guidance_prompts"][0])
        k, n = (int(v) for v in tr["guess_step"])
        size = 2.2
        xs = (-5.2, -1.75, 1.75, 5.2)
        y = 1.0
        sample = self.framed(self.image(tr["guess_sample"], size))
        untold = self.framed(self.image(tr["guess_untold"], size))
        told = self.framed(self.image(tr["guess_told"], size))
        which = ValueTracker(0)
        mixed = live_image(tr["guess_scaled"], which, self.paper, self.ink, size,
                           blend=False)  # fmt: skip
        mixed = self.framed(mixed)
        for mob, x in zip((sample, untold, told, mixed), xs, strict=True):
            mob.move_to([x, y, 0])
        notes = [  # two short lines each: the four sit side by side
            (sample, ("the picture,", f"half-way: step {k} of {n}")),
            (untold, ("guess without", "the prompt")),
            (told, ("guess with", f'the prompt "{prompt}"')),
        ]
        labels = [
            VGroup(*[label(t, c, style.LABEL_SIZE + 2) for t in lines])
            .arrange(DOWN, buff=0.08).next_to(m, DOWN, 0.15)
            for (m, lines), c in zip(notes, (pal.muted, pal.noise, pal.signal),
                                     strict=True)
        ]  # fmt: skip
        # the trace's scales are whole numbers (0, 1, 2, 4, ...)
        scale_of = counter("guess at scale {}",
                           lambda: int(round(scales[int(which.get_value())])),
                           pal, style.LABEL_SIZE + 2)  # fmt: skip
        scale_of.next_to(mixed, DOWN, 0.15)
        # the scales as a ladder under the pictures, one rung each (spaced
        # evenly, each named by its number): 0 is the guess without the
        # prompt, 1 the guess with it, and past 1 goes beyond it
        rung_y, left, right = -1.75, -3.5, 5.6
        rung_x = np.linspace(left, right, len(scales))
        rail = Line([left, rung_y, 0], [right, rung_y, 0], color=pal.muted,
                    stroke_width=3)  # fmt: skip
        rungs = VGroup(*[
            VGroup(Line([x, rung_y - 0.1, 0], [x, rung_y + 0.1, 0],
                        color=pal.muted, stroke_width=3),
                   label(f"{s:g}", pal.text, style.LABEL_SIZE + 2)
                   .move_to([x, rung_y - 0.35, 0]))
            for s, x in zip(scales, rung_x, strict=True)
        ])  # fmt: skip
        rail_name = label("scale", pal.text, style.LABEL_SIZE + 2)
        rail_name.next_to(rail, LEFT, 0.3)
        # under the numbers: 0 named leftwards, 1 rightwards, so the two
        # names never meet however close the rungs are
        ends = []
        for s, text, colour, edge in ((0, "without the prompt", pal.noise, RIGHT),
                                      (1, "with the prompt", pal.signal, LEFT)):
            hits = np.flatnonzero(np.isclose(scales, s))
            if len(hits):
                spot = [rung_x[hits[0]] + 0.15 * edge[0], rung_y - 0.75, 0]
                ends.append(label(text, colour, style.LABEL_SIZE + 2).move_to(
                    spot, aligned_edge=edge))  # fmt: skip
        # the rungs are evenly spaced but the scales are not: said under them
        # when, past 1, each is twice the one before
        if len(scales) > 3 and np.allclose(scales[2:] / np.maximum(scales[1:-1],
                                                                   1e-9), 2):
            ends.append(label("past 1, each mark doubles", pal.muted,
                              style.LABEL_SIZE + 2)
                        .move_to([right, rung_y - 0.75, 0], aligned_edge=RIGHT))
        ladder = VGroup(rail, rungs, rail_name, *ends)
        # the move itself, drawn over the guesses: from the guess without
        # the prompt, through the guess with it, on past it to the scaled one
        arrow_y = y + size / 2 + 0.3
        move = VGroup(
            Arrow([xs[1], arrow_y, 0], [xs[3] + 0.4, arrow_y, 0], buff=0,
                  color=pal.accent, stroke_width=4,
                  max_tip_length_to_length_ratio=0.05),
            *[Line([x, arrow_y - 0.12, 0], [x, arrow_y + 0.12, 0],
                   color=c, stroke_width=4)
              for x, c in ((xs[1], pal.noise), (xs[2], pal.signal))],
            *[label(t, c, style.LABEL_SIZE + 2).move_to([x, arrow_y + 0.32, 0])
              for t, x, c in (("scale 0", xs[1], pal.noise),
                              ("scale 1", xs[2], pal.signal),
                              ("past 1", xs[3], pal.text))],
        )  # fmt: skip
        marker = Triangle(color=pal.accent, fill_opacity=1.0).scale(0.12)
        marker.rotate(PI).move_to([rung_x[0], rung_y + 0.25, 0])
        # the marker snaps from mark to mark with the "guess at scale" name,
        # never between two marks while the name says one of them
        marker.add_updater(lambda m: m.move_to([
            rung_x[int(round(which.get_value()))], rung_y + 0.25, 0]))  # fmt: skip
        self.play(FadeIn(sample), FadeIn(labels[0]), run_time=0.6)
        h, w = tr["guess_sample"].shape
        self.narrate(f"This model draws tiny {h}\u00d7{w}-pixel digits, taking static "
                     f"away in {n} steps. At each step it guesses the finished "
                     "digit twice:")  # fmt: skip
        self.hold_caption()
        self.play(FadeIn(untold), FadeIn(labels[1]), run_time=0.6)
        self.narrate("once ignoring what we ask for: any digit would do,")
        self.hold_caption()
        self.play(FadeIn(told), FadeIn(labels[2]), run_time=0.6)
        self.narrate(f'once using it, the prompt: the digit "{prompt}".')
        self.hold_caption()
        # the scaled guess comes in at scale 0 and walks, under the line that
        # says so, from the guess without the prompt to the guess with it
        one = np.flatnonzero(np.isclose(scales, 1))
        self.play(FadeIn(ladder), FadeIn(marker), FadeIn(mixed), FadeIn(scale_of),
                  FadeIn(move), run_time=0.6)  # fmt: skip
        self.narrate("Guidance moves from the guess without the prompt towards "
                     "the guess with it. The scale says how far.")  # fmt: skip
        def step_to(stop: int) -> None:
            """The marker and the scaled guess step together, mark by mark,
            each held a moment so its name can be read."""
            marks = range(int(round(which.get_value())) + 1, stop + 1)
            hold = max(0.6, (self.caption_left() - 0.5) / max(1, len(marks)) - 0.3)
            for i in marks:
                self.play(which.animate.set_value(i), run_time=0.3)
                self.wait(hold)

        at = 0
        if len(one):
            self.wait(1.5)
            at = int(one[0])
            step_to(at)
            self.narrate("At scale 1 it lands on the guess with the prompt.")
        if at < len(scales) - 1:
            self.hold_caption()
            self.narrate("Past 1, it goes beyond it: the prompt, exaggerated.")
            step_to(len(scales) - 1)
        self.hold_caption()  # the exaggerated guess stays until that is read
        self.play(*[FadeOut(m) for m in (sample, untold, told, mixed, ladder,
                                         marker, scale_of, move, *labels)],
                  run_time=0.6)  # fmt: skip

    def construct(self):
        pal, tr = self.palette, self.tr
        missing = [n for n in ("guidance_nearest_real", "guidance_nearest_image")
                   if n not in tr.arrays]  # fmt: skip
        if missing:
            raise TraceError(
                tr.path,
                f"GuidanceScale needs {', '.join(missing)}; re-record with: "
                "python -m engine record digits_diffusion",
            )
        scales, prompts = tr["guidance_scales"], tr["guidance_prompts"]
        samples = tr["guidance_samples"]  # (scale, gprompt, h, w)
        accuracy = tr["guidance_accuracy"]
        # how far each scale's samples sit from real handwriting (median
        # distance to the closest real digit), and how far real digits sit from
        # their own closest neighbour: the yardstick for "like a real digit"
        apart, real_apart = tr["guidance_nearest_real"], float(
            np.median(tr["nearest_real"])
        )
        self.add_title()
        self.two_guesses()
        gap = 1.5
        # shifted right: the row names on the left stay inside the frame
        xs = (np.arange(len(scales)) - (len(scales) - 1) / 2) * gap + 1.9
        ys = (np.arange(len(prompts))[::-1] - (len(prompts) - 1) / 2) * 1.08 + 0.95
        heads = VGroup(
            *[
                label(f"scale {s:g}", pal.text, style.BODY_SIZE - 2).move_to(
                    [x, ys[0] + 0.8, 0]
                )
                for s, x in zip(scales, xs, strict=True)
            ]
        )
        rows = VGroup(
            *[
                label(f'prompt "{int(p)}"', pal.accent).move_to(
                    [xs[0] - 1.05, y, 0], aligned_edge=RIGHT
                )
                for p, y in zip(prompts, ys, strict=True)
            ]
        )
        # under the pictures: how often they are read as asked, then how far
        # they sit from real digits, as bars (numbers on them) over a dashed
        # line where real digits sit from each other
        y_acc, y_far = ys[-1] - 0.8, ys[-1] - 1.25
        base, tallest = -2.85, 1.05  # the bars' floor, and the longest bar
        per = tallest / max(float(apart.max()), real_apart)
        columns = []
        for i, x in enumerate(xs):
            imgs = Group(
                *[
                    self.framed(self.image(samples[i, j], 0.95)).move_to([x, y, 0])
                    for j, y in enumerate(ys)
                ]
            )
            acc = label(pct(accuracy[i]), pal.signal).move_to([x, y_acc, 0])
            bar = Rectangle(width=0.5, height=apart[i] * per, stroke_width=0,
                            fill_color=pal.noise, fill_opacity=0.85)  # fmt: skip
            bar.move_to([x, base, 0], aligned_edge=DOWN)
            # in real digits' own distance from each other: 1 = as unlike
            # real digits as real digits are from each other
            far = label(f"{apart[i] / real_apart:.1f}", pal.noise).move_to(
                [x, y_far, 0])
            columns.append(Group(imgs, acc, Group(far, bar)))
        judged_n = tr["guidance_judged"].shape[1]
        figures = VGroup(
            # short: the row names end where the grid starts, inside the frame
            label(f"read as asked, of {judged_n}", pal.signal).move_to(
                [xs[0] - 1.05, y_acc, 0], aligned_edge=RIGHT
            ),
            label("gap to closest real digit", pal.noise).move_to(
                [xs[0] - 1.05, y_far, 0], aligned_edge=RIGHT
            ),
        )
        # the yardstick: a dashed line at real digits' own distance, named
        # on the left, where the row names are
        y_real = base + real_apart * per
        line = DashedLine([xs[0] - 0.45, y_real, 0], [xs[-1] + 0.45, y_real, 0],
                          color=pal.text, stroke_width=2.5)  # fmt: skip
        line_name = label("gap between real digits: 1", pal.text).move_to(
            [xs[0] - 1.05, y_real, 0], aligned_edge=RIGHT
        )

        # every column at once: the frame is full from the start, and a box
        # walks to the column each caption is about
        # the new line starts as the grid starts: no empty frame between
        self.narrate(
            f"Now every one of the {int(self.tr['guess_step'][1])} steps uses "
            "guidance. Finished digits: one column per scale, one row per prompt."
        )
        self.play(FadeIn(rows), run_time=0.5)
        self.play(LaggedStart(*[FadeIn(Group(h, c[0])) for h, c in
                                zip(heads, columns, strict=True)],
                              lag_ratio=0.6),
                  run_time=max(1.5, self.caption_left()))  # fmt: skip
        # the box fits what is on screen: the pictures, then with their share
        box = SurroundingRectangle(columns[0][0], buff=0.06, color=pal.accent)
        self.play(Create(box), run_time=0.5)
        self.narrate("At scale 0 the prompt is ignored.")
        self.hold_caption()
        self.play(FadeIn(figures[0]), *[FadeIn(c[1]) for c in columns],
                  box.animate.become(SurroundingRectangle(
                      Group(columns[0][0], columns[0][1]), buff=0.06,
                      color=pal.accent)),
                  run_time=0.6)  # fmt: skip
        self.narrate(f"A digit reader checked {judged_n} drawn digits (samples) "
                     "per scale.")  # fmt: skip
        # the blind-guess level, drawn faintly under scale 0's share while
        # the line says it (the gap row that will sit there comes later)
        blind = label("blind guess: 10%", pal.muted).move_to([xs[0], y_far, 0])
        self.play(FadeIn(blind), run_time=0.4)
        self.narrate(f"At scale 0, just {pct(accuracy[0])} are the digit asked for; "
                     "a blind guess would get 10%: one of ten digits.")  # fmt: skip
        best = int(np.argmax(accuracy))
        last = len(scales) - 1
        # every scale from the best on reads as well: said, and boxed, as a run
        run = best
        while run < last and accuracy[run + 1] >= accuracy[best] - 1e-9:
            run += 1

        def boxed(i: int, j: int | None = None) -> Mobject:
            return SurroundingRectangle(
                Group(*[Group(columns[k][0], columns[k][1])
                        for k in range(i, (i if j is None else j) + 1)]),
                buff=0.06, color=pal.accent)  # fmt: skip

        # the box moves with the line about its column, never a line ahead
        self.hold_caption()
        self.play(box.animate.become(boxed(best, run)), FadeOut(blind),
                  run_time=0.6)  # fmt: skip
        every = accuracy[best] >= 0.9995
        self.narrate(
            "Turn it up and the model obeys: "
            + (f"from scale {scales[best]:g} on, " if run > best
               else f"at scale {scales[best]:g}, ")
            + ("every sample was read as asked." if every else
               f"{pct(accuracy[best])} read as asked" + (" at each." if run > best
                                                          else "."))
        )  # fmt: skip
        # plain prompting (scale 1) short of the best: why guidance pushes on
        one = np.flatnonzero(np.isclose(scales, 1))
        if len(one) and best > one[0] and accuracy[one[0]] < accuracy[best] - 0.01:
            self.hold_caption()
            self.play(box.animate.become(boxed(int(one[0]))), run_time=0.6)
            self.narrate(
                f"Scale 1, just the guess with the prompt, gets "
                f"{pct(accuracy[one[0]])};"
            )
            # the box goes to the scale the next words are about
            self.hold_caption()
            self.play(box.animate.become(boxed(best)), run_time=0.6)
            self.narrate(
                f"scale {scales[best]:g} reads "
                + ("all of them as asked." if every else
                   f"{pct(accuracy[best])} as asked.")
            )
        # the scales that obey as well as any; of those, the one closest to
        # real handwriting, and the strongest scale beside it
        obeys = np.flatnonzero(accuracy >= accuracy.max() - 0.01)
        good = int(obeys[np.argmin(apart[obeys])])
        # the second yardstick, shown first on single samples: the grid
        # steps aside for a sample beside the real digit closest to it, at
        # the best scale and at the strongest, enlarged (the prompt whose two
        # samples differ most in that gap)
        near = tr["guidance_nearest_image"]
        pair_gap = np.sqrt(((samples - near) ** 2).mean(axis=(2, 3))) / real_apart
        row = int(np.argmax(pair_gap[last] - pair_gap[good]))
        prompt = int(prompts[row])
        big, y_pair = 1.5, 1.15

        def pair(i: int, x: float) -> Group:
            """Scale ``i``'s sample of the chosen prompt beside its closest
            real digit, the gap between them named over them."""
            a = self.framed(self.image(samples[i, row], big)).move_to(
                [x - 1.5, y_pair, 0])
            b = self.framed(self.image(near[i, row], big)).move_to(
                [x + 1.5, y_pair, 0])
            names = VGroup(
                label(f"scale {scales[i]:g} sample", pal.text, style.LABEL_SIZE + 2)
                .next_to(a, DOWN, 0.12),
                label("closest real digit", pal.muted, style.LABEL_SIZE + 2)
                .next_to(b, DOWN, 0.12))  # fmt: skip
            span = DoubleArrow([x - 0.6, y_pair, 0], [x + 0.6, y_pair, 0], buff=0,
                               color=pal.noise, stroke_width=3,
                               max_tip_length_to_length_ratio=0.25)  # fmt: skip
            gap_name = label(f"gap {pair_gap[i, row]:.1f}", pal.noise).next_to(
                span, UP, 0.12)
            return Group(a, b, names, span, gap_name)

        shown_pairs = [pair(good, -3.4)]
        if last != good:
            shown_pairs.append(pair(last, 3.4))
        # the pictures step aside for the pairs; the "scale ..." headers stay
        # over the figures and bars, so every column keeps its name
        grid = Group(rows, *[c[0] for c in columns])
        self.hold_caption()
        self.play(FadeOut(box), FadeOut(grid), run_time=0.3)
        # the unit first (the line real digits sit at), then single samples
        # the bars grow while their line is said, the real-digit line is
        # drawn while its own line is said: the picture moves with the voice
        self.play(FadeIn(figures[1]), *[FadeIn(c[2][0]) for c in columns],
                  run_time=0.6)  # fmt: skip
        self.narrate("Still like real handwriting? Each bar: how much a sample's "
                     "pixels differ from its closest real digit.")  # fmt: skip
        self.play(*[GrowFromEdge(c[2][1], DOWN) for c in columns],
                  run_time=min(3.0, max(1.0, self.caption_left())))  # fmt: skip
        self.hold_caption()
        self.narrate("1 = the usual gap between a real digit and its nearest other "
                     "real digit; above the line = further from any real "
                     "handwriting.")  # fmt: skip
        self.play(FadeIn(line_name), Create(line),
                  run_time=min(3.0, max(1.0, self.caption_left())))  # fmt: skip
        # the prompt both samples were asked for, between the pairs: at 8x8
        # a digit can be hard to read on its own
        shown_pairs.append(label(f'prompt "{prompt}"', pal.accent, style.BODY_SIZE)
                           .move_to([0 if len(shown_pairs) > 1 else 0.5, y_pair, 0]))
        self.hold_caption()
        self.play(FadeIn(Group(*shown_pairs)), run_time=0.6)
        if last != good:
            further = pair_gap[last, row] - pair_gap[good, row] >= 0.05
            kept = accuracy[last] >= accuracy.max() - 0.01
            self.narrate(
                f"At scale {scales[last]:g}, "
                + ("still read as asked" if kept else
                   f"read as asked {pct(accuracy[last])}")
                + (f', but this "{prompt}" sits further from any real digit '
                   f"than at scale {scales[good]:g}."
                   if further else f'; this "{prompt}" sits about as close.')
            )  # fmt: skip
        self.hold_caption()
        self.play(FadeOut(Group(*shown_pairs)), run_time=0.3)
        self.play(FadeIn(grid), run_time=0.3)

        def whole(i: int) -> Mobject:  # a column with its bar
            return SurroundingRectangle(columns[i], buff=0.06, color=pal.accent)

        # every scale that shows the same two figures as the best is boxed
        # and named with it: no tie is called the one best
        def shown(i: int) -> tuple[float, float]:
            return (round(float(accuracy[i]), 3),
                    round(float(apart[i] / real_apart), 1))  # fmt: skip

        tied = [i for i in range(len(scales)) if shown(i) == shown(good)]

        def best_boxes() -> Mobject:
            return VGroup(*[whole(i) for i in tied])

        names = [f"{scales[i]:g}" for i in tied]
        named = (f"scale {names[0]}" if len(names) == 1 else
                 "scales " + ", ".join(names[:-1]) + " and " + names[-1])  # fmt: skip
        box = best_boxes()
        self.hold_caption()
        self.play(Create(box), run_time=0.6)
        self.narrate(
            f"At {named}, "
            + ("as close to real digits as they are to each other."
               if apart[good] <= real_apart + 0.01
               else "the closest of any scale that obeys.")
        )  # fmt: skip
        # every scale whose shown gap passes the line is boxed and named: the
        # ones below the best are too little guidance, above it too much
        ends = passing_scales(apart / real_apart, tied)
        low = any(i < good for i in ends)
        drift = any(i > good for i in ends)
        if ends:
            self.hold_caption()
            self.play(box.animate.become(VGroup(*[whole(i) for i in ends])),
                      run_time=0.6)  # fmt: skip
            listed = listing([f"{scales[i]:g}" for i in ends])
            self.narrate(
                ("Too little guidance and too much both drift from real "
                 "handwriting: " if low and drift else
                 "Too little guidance drifts from real handwriting: " if low else
                 "Pushed harder, they drift from real handwriting: ")
                + ("the bars of " if len(ends) > 1 else "the bar of ")
                + listed + (" pass the line." if len(ends) > 1 else
                            " passes the line.")
            )  # fmt: skip
            self.hold_caption()
            self.play(box.animate.become(best_boxes()), run_time=0.6)
            self.narrate(best_scales_line(scales, accuracy, apart / real_apart, good))
        self.mark_poster()
        # what the explainer's "controllable" means, said on the measured
        # gap between scale 0 and the scale that obeys best
        if accuracy[best] - accuracy[0] >= 0.5:
            self.hold_caption()
            # the whole row of scales: the one number, not a range of it
            both = Rectangle(width=heads.width + 0.4, height=heads.height + 0.12,
                             color=pal.accent).move_to(heads)  # fmt: skip
            self.play(box.animate.become(both), run_time=0.8)
            self.narrate("That is what \u201ccontrollable\u201d means: one number "
                         "sets how firmly the picture follows the prompt.")
        self.wait(1.0)
