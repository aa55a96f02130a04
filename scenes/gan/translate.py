"""GANs today, image-to-image translation: trained here, judged patch by patch,
and sharper than the same network trained on pixel error alone.

    make scene S=ImageToImage
    manim -pql scenes/gan/translate.py ImageToImage

Every picture, verdict and figure drawn here comes from the ``image_to_image``
trace (``python -m engine record image_to_image``): the pictures followed
over training, and every held-out picture each figure was measured on.
"""

from __future__ import annotations

from manim import *

from scenes.gan.draw import blend, picture_grid
from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.glossary import screen_name
from scenes.kit.images import crisp_image
from scenes.kit.numbers import pct, times
from scenes.kit.pointer import Pointer
from scenes.kit.raster import hex_to_rgb
from scenes.kit.text import label
from scenes.kit.tracefile import load_trace
from scenes.kit.widgets import counter

# The tint saturates at this |logit|, p(real) 0.18 or 0.82: a verdict near a
# coin toss (0.45, 0.55) stays near grey, so a map reads "can't tell" when the
# inspector can't, and a confident patch still stands out.
HEAT_LOGIT = 1.5
PICTURE_SHARE = 0.45  # how much of the picture shows through the verdict's tint
SHARPER = 1.5  # "far sharper" from this ratio up; the bar
CANT_TELL = 0.05  # inspector's mean chance of "real", forger's vs real: "can't tell"
SAME = 1.3  # within this factor of the real pictures' sharpness: "about as sharp"


def verdict_over(images: np.ndarray, verdict: np.ndarray, pal) -> np.ndarray:
    """Each picture (n, h, w, 3) in a column, tinted patch by patch by the
    inspector's verdict (n, ph, pw): the real-data colour where it says real,
    the noise colour where it says fake, none at 50/50; one RGBA grid."""
    n, h, w = images.shape[:3]
    ph, pw = verdict.shape[1:]
    p = np.clip(verdict.astype(np.float64), 1e-6, 1 - 1e-6)
    v = np.clip(np.log(p / (1 - p)) / HEAT_LOGIT, -1, 1)[..., None]  # (n, ph, pw, 1)
    tint = np.where(v > 0, hex_to_rgb(pal.data), hex_to_rgb(pal.noise)) * np.abs(v)
    tint = tint.repeat(h // ph, 1).repeat(w // pw, 2)  # (n, h, w, 3), 0..255
    shown = (np.clip(images, -1, 1) + 1) / 2 * PICTURE_SHARE + tint / 255.0
    return picture_grid(np.clip(shown, 0, 1) * 2 - 1, 1, pal)


def sharpness_said(ratio: float, gan: float, real: float) -> tuple[str, str]:
    """Two sentences on sharpness, chosen by the measured figures: the GAN
    against pixel error alone (ratio of their mean sharpness), then the
    scene's conclusion, which claims the inspector's effect only when the
    ratio shows it, and says so when the GAN out-scores the real pictures
    (sharper than real is speckle, not detail)."""
    if ratio >= SHARPER:
        first = f"{times(ratio)} as sharp with the inspector as without"
    elif ratio >= 1.05:
        first = f"only a little sharper with the inspector ({times(ratio)})"
    else:
        first = f"not sharper with the inspector ({times(ratio)})"
    if ratio < SHARPER:
        last = "Here the inspector made little difference to sharpness."
    elif gan / real > SAME:
        last = ("The inspector makes the forger draw a fine pattern, sharper than "
                "the real pictures': part of it is speckle.")  # fmt: skip
    else:
        last = ("The inspector is what makes a GAN draw the fine pattern instead of "
                "a safe, flat average.")  # fmt: skip
    return first, last


def verdict_said(total: int, fake: float, real: float) -> tuple[str, str | None]:
    """The line after training, chosen by the inspector's mean chance of
    "real" on the forger's patches (``fake``) and on real pictures'
    (``real``); then a line on the two maps when both lean the same way
    (both under 50% or both over), so a map of "says fake" on real pictures
    is not read as the inspector catching the fakes; None when they don't."""
    said = (f"After {total:,} steps the inspector gives the forger's patches a "
            f"{pct(fake)} chance of being real, and real ones {pct(real)}: ")
    if abs(fake - real) <= CANT_TELL:
        said += "about the same, so it can no longer tell them apart."
    elif fake < real:
        said += "it still tells them apart."
    else:
        said += ("it is fooled: it rates the forger's a little more real."
                 if fake - real < 0.15 else
                 "it is fooled: it rates the forger's as more real.")  # fmt: skip
    lean = ("fake" if max(fake, real) < 0.5 else
            "real" if min(fake, real) > 0.5 else None)  # fmt: skip
    maps = (f"Both maps lean a little toward 'says {lean}', the real pictures' "
            "too." if lean else None)  # fmt: skip
    return said, maps


def stripes_from(drawings: np.ndarray) -> int | None:
    """The first round (index into ``drawings``, (rounds, n, h, w, 3)) whose
    drawings are at least halfway from the first round's sharpness to the
    last's (variance of a 4-neighbour Laplacian of the grey picture); None
    when the last round is not SHARPER times the first."""
    grey = np.asarray(drawings, float).mean(-1)  # (rounds, n, h, w)
    lap = (grey[..., 1:-1, :-2] + grey[..., 1:-1, 2:] + grey[..., :-2, 1:-1]
           + grey[..., 2:, 1:-1] - 4 * grey[..., 1:-1, 1:-1])  # fmt: skip
    sharp = lap.var(axis=(-2, -1)).mean(-1)  # (rounds,)
    if sharp[-1] < SHARPER * sharp[0]:
        return None
    half = (sharp[0] + sharp[-1]) / 2
    return int(np.argmax(sharp >= half))


class ImageToImage(ExplainerScene):
    """A shrunken picture in, the full one out: the forger first trained on
    pixel error alone, then its output over adversarial training beside the
    real picture, with the inspector's verdict on each patch; then one
    held-out picture enlarged, drawn by the network before and after the
    inspector joined, with the measured sharpness and reading."""

    trace_kind = "image_to_image"
    title_text = "GANs today: one picture into another"
    rows = 2  # followed samples shown: few, and big enough to see the pattern
    cell = 1.95  # scene units, one picture's side
    train_seconds = 9.0
    hold_seconds = 1.2
    big = 3.0  # scene units, the enlarged held-out picture's side
    strip = 4  # more held-out pictures under each enlarged one
    xs = (-5.1, -1.7, 1.7, 5.1)  # the four columns' centres

    def setup(self):
        super().setup()
        self.tr = load_trace(self.trace_kind)

    def column(self, img_rgba: np.ndarray, x: float, head: str, colour: str):
        img = crisp_image(img_rgba, self.rows * self.cell + (self.rows - 1) * 0.05)
        img.move_to([x, -0.1, 0])
        return img, label(head, colour).next_to(img, UP, 0.15)

    def construct(self):
        pal, tr = self.palette, self.tr
        st = tr.stats
        k, xs = self.rows, self.xs
        steps, gan_out = tr["gan_step"], tr["gan_out"][:, :k]
        verdict = tr["verdict"][:, :k]
        total = int(steps[-1])
        side, small = int(st["side"]), int(st["input_side"])
        title = label(self.title_text, pal.text, style.TITLE_SIZE)
        title.scale_to_fit_width(min(title.width, config.frame_width - 1))
        self.add(title.to_edge(UP, buff=0.35))

        # Section: the task. The real pictures shrink, on screen, into the input.
        real, real_head = self.column(picture_grid(tr["shown_target"][:k], 1, pal),
                                      xs[3], "the real picture", pal.data)  # fmt: skip
        inp, inp_head = self.column(picture_grid(tr["shown_input"][:k], 1, pal), xs[0],
                                    f"in: shrunk to {small} by {small}",
                                    pal.noise)  # fmt: skip
        self.play(FadeIn(real), FadeIn(real_head), run_time=0.6)
        self.narrate("GANs also turn one picture into another of the same scene, "
                     "such as a small, blurry picture into a sharp one.")  # fmt: skip
        # the real pictures shrink into the input as "small, blurry" is said
        self.wait_frames(self.next_caption_in())
        self.play(FadeTransform(real.copy(), inp), FadeIn(inp_head), run_time=2.0)
        s = ValueTracker(0)
        out, out_head = self.column(picture_grid(gan_out[0], 1, pal), xs[1],
                                    "out: the forger's drawing",
                                    pal.sample)  # fmt: skip
        out.add_updater(lambda m: setattr(m, "pixel_array", picture_grid(
            blend(gan_out, s.get_value()), 1, pal)))  # fmt: skip
        judged, judged_head = self.column(verdict_over(gan_out[0], verdict[0], pal),
                                          xs[2], "inspector, per patch",
                                          pal.text)  # fmt: skip
        judged.add_updater(
            lambda m: setattr(
                m,
                "pixel_array",
                verdict_over(
                    blend(gan_out, s.get_value()), blend(verdict, s.get_value()), pal
                ),
            )
        )
        self.out_img, self.judged_img = out, judged  # tests read pixels here
        legend = self.verdict_key().next_to(judged, DOWN, 0.2).set_x(xs[2])
        self.narrate(f"Here a picture shrunk to {small} by {small} pixels goes in, "
                     "and the forger, the network that draws, draws it again at "
                     f"{side} by {side}.")  # fmt: skip
        pointer = Pointer(pal.accent)
        self.play(pointer.to(inp), run_time=0.5)
        self.wait_frames(self.next_caption_in())  # "...the forger draws it again"
        self.play(FadeIn(out), FadeIn(out_head), pointer.to(out), run_time=0.6)
        self.narrate("The small one keeps the colour, shape and place, but not "
                     "its fine pattern.")  # fmt: skip
        self.play(pointer.to(inp), run_time=0.5)
        # where the GAN starts: the same network trained on pixel error alone
        copying = label(screen_name("L1 alone"), pal.muted).next_to(out, DOWN, 0.25)
        flat = st["sharpness_l1_alone"] < st["sharpness_target"] / SHARPER
        self.narrate(
            "First the forger learns only to match the real picture, pixel by "
            "pixel: "
            + (
                "where the pattern could go, it paints its average, a flat colour."
                if flat
                else "it draws most of the pattern."
            )
        )
        # "the real picture" first, then what it paints, as each part is said
        self.play(pointer.to(real), run_time=0.6)
        self.wait_frames(self.next_caption_in())
        self.play(pointer.to(out), FadeIn(copying), run_time=0.8)
        p = int(st["patch_pixels"])
        self.narrate(f"Then an inspector joins, a second network: it judges each "
                     f"{p} by {p} patch of the output, with the input: real-looking "
                     "or not.")  # fmt: skip
        # one patch drawn to scale on the first output, and the input it is
        # judged with
        # over the first picture's shape (its bright pixels' centre), where
        # there is pattern to judge, not over empty background
        one = self.cell * p / side
        bright = (tr["shown_target"][0].max(-1) > -0.5).astype(float)  # (h, w)
        ys, xs_ = np.nonzero(bright) if bright.any() else ([side / 2], [side / 2])
        cy = float(np.clip(np.mean(ys) + 0.5, p / 2, side - p / 2))
        cx = float(np.clip(np.mean(xs_) + 0.5, p / 2, side - p / 2))
        offset = np.array([cx / side * self.cell, -cy / side * self.cell, 0])
        patch = Square(one, color=pal.accent, stroke_width=3)
        patch.move_to(out.get_corner(UL) + offset)
        with_input = Square(one, color=pal.accent, stroke_width=3)
        with_input.move_to(inp.get_corner(UL) + offset)
        self.play(pointer.away(), FadeOut(copying), Create(patch), Create(with_input),
                  run_time=0.8)  # fmt: skip
        self.play(FadeIn(judged), FadeIn(judged_head), FadeIn(legend), run_time=0.8)
        self.hold_caption()
        self.play(FadeOut(patch), FadeOut(with_input), run_time=0.4)

        # Section: training, under its line
        def at() -> int:
            return int(steps[int(round(s.get_value()))])

        step_counter = counter(f"inspector: {{:,}} of {total:,} steps", at, pal,
                               style.LABEL_SIZE + 2)  # fmt: skip
        step_counter.next_to(out, DOWN, 0.25).set_x((xs[0] + xs[1]) / 2)
        self.narrate("Each step, the forger learns to fool it.")
        self.play(FadeIn(step_counter), run_time=0.3)
        # the round where the drawings turn from flat to striped, measured on
        # the drawings shown: said as it happens, when it does
        turn = stripes_from(gan_out)
        last = len(steps) - 1
        if turn is None:
            self.play(s.animate.set_value(last), run_time=self.train_seconds,
                      rate_func=linear)  # fmt: skip
        else:
            first_part = self.train_seconds * turn / last
            self.play(s.animate.set_value(turn), run_time=first_part, rate_func=linear)
            self.narrate("Now it draws the pattern: a flat patch no longer passes.")
            self.play(Circumscribe(out, color=pal.accent),
                      s.animate.set_value(last),
                      run_time=self.train_seconds - first_part,
                      rate_func=linear)  # fmt: skip
        # the inspector's mean chance of "real", on the forger's patches and on
        # the real pictures' own (the same inputs): a harsh inspector is harsh
        # on both, so the two are compared, not either one with 50%
        fake, true = float(verdict[-1].mean()), float(tr["target_verdict"][:k].mean())

        # each figure over the map it describes, in the column's heading
        def headed(head: Mobject, first: str, colour: str, share: float) -> VGroup:
            two = VGroup(label(first, colour), label(f"{pct(share)} chance of real",
                                                     pal.text))  # fmt: skip
            return two.arrange(DOWN, buff=0.08).next_to(head.get_bottom(), UP, 0)

        # the same inspector on the real pictures: as harsh on them as on fakes
        real_judged = crisp_image(verdict_over(tr["shown_target"][:k],
                                               tr["target_verdict"][:k], pal),
                                  real.height).move_to(real)  # fmt: skip
        first, second = verdict_said(total, fake, true)
        new_head = headed(judged_head, "inspector, per patch", pal.text, fake)
        real_new = headed(real_head, "real, judged too", pal.data, true)
        # the input's column gives way to the two averages, drawn as bars, and
        # the real pictures are judged too: the two figures come in together
        bars = self.chance_bars(fake, true).move_to([xs[0] + 0.2, -0.1, 0])
        self.narrate(first)
        self.play(FadeOut(judged_head), FadeOut(inp), FadeOut(inp_head),
                  FadeOut(step_counter), run_time=0.5)
        # the forger's figure, then the real pictures', as the line says them
        self.play(FadeIn(new_head), FadeIn(bars[0]), FadeIn(bars[1]),
                  run_time=0.6)  # fmt: skip
        self.wait_frames(self.next_caption_in())
        self.play(FadeOut(real_head), FadeIn(real_judged), FadeIn(real_new),
                  FadeIn(bars[2]), run_time=0.8)  # fmt: skip
        self.wait_frames(self.next_caption_in())
        pointer = Pointer(pal.accent)
        self.play(pointer.to(bars[1:]), run_time=0.6)
        if second is not None:  # the two maps, side by side, said alike
            self.narrate(second)
            self.play(pointer.to(Group(judged, real_judged)), run_time=0.6)
            self.play(pointer.to(real_judged),
                      run_time=max(0.6, self.caption_left() / 2))
        self.hold_caption()
        self.play(pointer.away(), run_time=0.3)
        self.hold_caption()
        self.play(*map(FadeOut, (out, out_head, judged, new_head, real, real_new,
                                 legend, real_judged, bars)),
                  run_time=0.5)  # fmt: skip
        self.compare_scene(st)

    def verdict_key(self, width: float = 3.0) -> Group:
        """The verdict map's colour scale: a bar from "says fake" through
        "can't tell" to "says real", coloured as the maps are."""
        pal = self.palette
        p = 1 / (1 + np.exp(-np.linspace(-HEAT_LOGIT, HEAT_LOGIT, 64)))
        ramp = verdict_over(np.full((1, 4, 64, 3), -1.0), p[None, None, :], pal)
        ticks = VGroup(label("says fake", pal.noise), label("can't tell", pal.muted),
                       label("says real", pal.data))  # fmt: skip
        ticks.arrange(RIGHT, buff=0.35)
        bar = crisp_image(ramp, 0.16)
        bar.stretch_to_fit_width(max(width, ticks.width))  # as wide as its words
        ticks.next_to(bar, DOWN, 0.08)
        return Group(bar, ticks)

    def chance_bars(self, fake: float, true: float, width: float = 2.6) -> VGroup:
        """The inspector's mean chance of "real" on the forger's patches and on
        the real pictures' patches, as two bars on one 0-100% scale with the
        coin toss (50%) marked. Returns (heading, forger's bar, real bar)."""
        pal = self.palette

        def bar(share: float, words: str, colour: str) -> VGroup:
            back = Rectangle(width=width, height=0.28, stroke_width=1,
                             stroke_color=pal.muted)  # fmt: skip
            fill = Rectangle(width=max(0.02, width * share), height=0.28,
                             stroke_width=0, fill_color=colour, fill_opacity=1)
            fill.align_to(back, LEFT)
            name = label(f"{words}: {pct(share)}", colour)
            name.next_to(back, UP, 0.08).align_to(back, LEFT)
            return VGroup(name, back, fill)

        forger = bar(fake, "forger's patches", pal.sample)
        real = bar(true, "real patches", pal.data)
        real.next_to(forger, DOWN, 0.35).align_to(forger, LEFT)
        both = VGroup(forger, real)
        x = forger[1].get_left()[0] + width / 2
        toss = DashedLine([x, both.get_top()[1] - 0.3, 0],
                          [x, both.get_bottom()[1] - 0.1, 0], color=pal.text,
                          stroke_width=2, dash_length=0.06)  # fmt: skip
        toss_note = label("50%: a coin toss", pal.text).next_to(toss, DOWN, 0.08)
        heading = label("chance of real, on average", pal.text)
        heading.next_to(both, UP, 0.25).align_to(both, LEFT)
        return VGroup(VGroup(heading, toss, toss_note), forger, real)

    def compare_scene(self, st):
        """One held-out picture enlarged in four columns (input, pixel error
        alone, the GAN, the real picture), a strip of more under each, and
        the measured sharpness and reading of each method's 500."""
        pal, tr = self.palette, self.tr
        method = [str(m) for m in tr["method"]]
        t, g, l1 = (method.index(m) for m in ("target", "GAN", "L1 alone"))
        i = method.index("input")
        held = tr["held_images"]
        sharp, read, truth = tr["sharpness"], tr["read"], tr["held_code"]
        right = (read == truth[None]).all(-1).mean(1)  # (method,)
        mean = sharp.mean(1)
        n = len(truth)
        heads = ((i, "in", pal.noise),
                 (l1, f"{screen_name('L1 alone')}", pal.text),
                 (g, "with the inspector", pal.sample),
                 (t, "the real picture", pal.data))  # fmt: skip
        cols = []
        for x, (m, head, colour) in zip(self.xs, heads, strict=True):
            big = crisp_image(picture_grid(held[m][:1], 1, pal), self.big)
            big.move_to([x, 0.7, 0])
            more = crisp_image(picture_grid(held[m][1:1 + self.strip], self.strip,
                                            pal), self.big / self.strip)  # fmt: skip
            more.next_to(big, DOWN, 0.12)
            name = label(head, colour).next_to(big, UP, 0.15)
            cols.append(Group(name, big, more))
        self.columns = cols  # tests read pixels here
        figs = []
        for col, m in zip(cols[1:], (l1, g, t), strict=True):  # not the input's
            # the real pictures' content is the yardstick, not a result
            kept = "" if m == t else f"content kept {pct(right[m])}"
            fig = VGroup(
                label(f"sharpness {float(mean[m]):.3f}", pal.text),
                label(kept or "(the real pictures')",
                      pal.muted if m == t else pal.text),
            )
            fig.arrange(DOWN, buff=0.1).next_to(col, DOWN, 0.2)
            figs.append(fig)
        inp, flat, gan, real = cols
        # the strips say what they are once, under the input's (its column
        # has no figures under it)
        strips = VGroup(label(f"strips: {self.strip} more pictures", pal.muted),
                        label("never trained on", pal.muted))  # fmt: skip
        strips.arrange(DOWN, buff=0.06).next_to(inp[2], DOWN, 0.2)
        self.play(FadeIn(inp), FadeIn(real), FadeIn(strips), run_time=0.6)
        self.narrate("One picture never trained on, enlarged. Before the inspector "
                     "joined, the forger copied pixels only,")  # fmt: skip
        self.play(FadeIn(flat[0]), FadeIn(flat[2], shift=DOWN * 0.2), run_time=1.0)
        if mean[l1] < mean[t] / SHARPER:  # said only when measured flat
            self.narrate("and painted the pattern's average: a flat colour.")
        else:
            self.narrate("and drew most of the pattern.")
        # what this forger drew comes in as the line says it: flat, drawn
        # straight, never morphed from the striped picture
        self.play(FadeIn(flat[1]), run_time=1.0)
        self.narrate("With the inspector, a flat patch looks fake, so the forger "
                     "draws the pattern." if mean[g] >= mean[t] / SAME else
                     "With the inspector, a flat patch looks fake, so the forger "
                     "draws some of the pattern.")  # fmt: skip
        self.play(FadeIn(gan[0]),
                  FadeIn(gan[1:], shift=DOWN * 0.2),
                  run_time=1.5)  # fmt: skip
        first, last = sharpness_said(float(mean[g] / mean[l1]), float(mean[g]),
                                     float(mean[t]))  # fmt: skip
        # light to dark along one row, drawn over each picture: a flat line
        # where the colour is flat, steps where stripes cross
        # a row through the stripes near the middle of the shape
        spread = held[t][0].mean(-1).std(1)  # (h,): how much each row varies
        rows = np.flatnonzero(spread >= 0.8 * spread.max())
        row = int(rows[len(rows) // 2])
        profiles = VGroup(
            *(
                self.profile(held[m][0], row, col[1])
                for m, col in zip((l1, g, t), cols[1:], strict=True)
            )
        )
        self.narrate("Sharpness is how suddenly light turns to dark, as along this "
                     "line:")  # fmt: skip
        self.play(*(Create(p) for p in profiles), run_time=2.0)
        self.narrate(f"on {n} pictures never trained on, {first}.")
        self.play(*(FadeIn(f[0]) for f in figs), run_time=0.6)
        self.mark_poster()
        # one line: was the content kept? Read back by fixed rules, said
        # whole when both methods keep it alike, else each figure
        kept = (f"the content is kept either way: a simple checker finds the "
                f"same colour, shape and place in {pct(right[g])}."
                if pct(right[g]) == pct(right[l1]) else
                f"read back by fixed rules, {pct(right[l1])} kept their content "
                f"without the inspector, {pct(right[g])} with it.")  # fmt: skip
        # the light-to-dark lines stay while the sharpness figures are said
        self.narrate(kept[0].upper() + kept[1:])
        self.play(FadeOut(profiles), run_time=0.5)
        self.play(LaggedStart(*(FadeIn(f[1]) for f in figs), lag_ratio=0.6),
                  run_time=2.0)  # fmt: skip
        self.narrate(last)
        # the closing claim, pointed at as it is said: the inspector's
        # texture, then the flat average it replaces
        mark = SurroundingRectangle(gan[1], color=pal.accent, buff=0.08)
        self.play(Create(mark), run_time=0.8)
        self.wait_frames(self.next_caption_in())
        self.play(mark.animate.move_to(flat[1]), run_time=0.8)
        self.wait(self.hold_seconds)

    def profile(self, image: np.ndarray, row: int, shown: Mobject) -> VGroup:
        """Brightness along pixel row ``row`` of ``image`` (h, w, 3, in -1..1),
        as a stepped line drawn over ``shown`` (its picture on screen): high
        for light, low for dark, one flat step per pixel; with a thin guide
        marking the row it was read along."""
        pal = self.palette
        h, w = image.shape[:2]
        light = (np.clip(image[row].mean(-1), -1, 1) + 1) / 2  # (w,), 0 dark..1
        left, top = shown.get_left()[0], shown.get_top()[1]
        px = shown.width / w
        y_row = top - (row + 0.5) * px
        ends = [left, y_row, 0], [left + shown.width, y_row, 0]
        guide = DashedLine(*ends, color=pal.text, stroke_width=1.5, dash_length=0.08)
        base, span = shown.get_bottom()[1] + 0.15 * shown.height, 0.7 * shown.height
        points = []
        for x in range(w):
            y = base + span * float(light[x])
            points += [[left + x * px, y, 0], [left + (x + 1) * px, y, 0]]
        line = VMobject(color=pal.accent, stroke_width=4).set_points_as_corners(points)
        return VGroup(guide, line)
