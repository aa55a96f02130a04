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

from scenes.gan.draw import blend, digit_grid, heat_rgba
from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.glossary import plain, screen_name
from scenes.kit.images import crisp_image
from scenes.kit.numbers import pct, times
from scenes.kit.pointer import Pointer
from scenes.kit.text import label
from scenes.kit.tracefile import load_trace
from scenes.kit.widgets import counter


def verdict_over(images: np.ndarray, verdict: np.ndarray, pal) -> np.ndarray:
    """Each picture (n, h, w) as a column of cells tinted by its patch verdicts
    (n, ph, pw): the inspector's colours over the picture, as one RGBA grid."""
    n, h, w = images.shape
    ph, pw = verdict.shape[1:]
    tint = heat_rgba(verdict.reshape(-1, pw), pal).reshape(n, ph, pw, 4)
    big = tint.repeat(h // ph, 1).repeat(w // pw, 2)[..., :3].astype(float)
    ink = digit_grid(images, 1, pal)[..., :3].astype(float)
    out = digit_grid(images, 1, pal).copy()
    for i in range(n):
        rows = slice(i * (h + 1), i * (h + 1) + h)
        out[rows, :, :3] = np.rint(0.5 * ink[rows] + 0.5 * big[i]).astype(np.uint8)
    return out


class ImageToImage(ExplainerScene):
    """A noisy digit in, a clean one out: the GAN's output over training, beside
    the real digit, with the inspector's verdict on each patch; then the same
    network trained on pixel error alone, side by side, measured."""

    trace_kind = "image_to_image"
    title_text = "GANs today: one picture into another"
    rows = 4  # followed samples shown
    cell = 0.95  # scene units, one picture's side
    train_seconds = 9.0
    hold_seconds = 1.2
    compare = 8  # held-out pictures in the comparison

    def setup(self):
        super().setup()
        self.tr = load_trace(self.trace_kind)

    def column(self, images: np.ndarray, x: float, head: str, colour: str):
        img = crisp_image(digit_grid(images, 1, self.palette),
                          self.rows * self.cell)  # fmt: skip
        img.move_to([x, -0.15, 0])
        return img, label(head, colour).next_to(img, UP, 0.15)

    def construct(self):
        pal, tr = self.palette, self.tr
        st = tr.stats
        k = self.rows
        steps, gan_out, verdict = tr["step"], tr["gan_out"][:, :k], tr["verdict"][:, :k]
        total = int(steps[-1])
        title = label(self.title_text, pal.text, style.TITLE_SIZE)
        title.scale_to_fit_width(min(title.width, config.frame_width - 1))
        self.add(title.to_edge(UP, buff=0.35))

        # Section: the task
        xs = (-4.8, -1.6, 1.6, 4.8)
        inp, inp_head = self.column(tr["shown_input"][:k], xs[0], "in: a noisy digit",
                                    pal.noise)  # fmt: skip
        real, real_head = self.column(tr["shown_target"][:k], xs[3],
                                      "the real digit", pal.data)  # fmt: skip
        s = ValueTracker(0)
        out, out_head = self.column(gan_out[0], xs[1], "out: the forger's", pal.sample)
        out.add_updater(lambda m: setattr(m, "pixel_array", digit_grid(
            blend(gan_out, s.get_value()), 1, pal)))  # fmt: skip
        judged, judged_head = self.column(gan_out[0], xs[2], "inspector, per patch",
                                          pal.text)  # fmt: skip
        judged.add_updater(lambda m: setattr(m, "pixel_array", verdict_over(
            blend(gan_out, s.get_value()), blend(verdict, s.get_value()), pal)))
        self.out_img, self.judged_img = out, judged  # tests read pixels here
        self.play(FadeIn(inp), FadeIn(inp_head), FadeIn(real), FadeIn(real_head),
                  run_time=0.6)  # fmt: skip
        self.narrate(f"GANs also turn one picture into another: "
                     f"{plain('image-to-image translation')}.")  # fmt: skip
        self.narrate("Here: from a digit buried in static, draw the clean digit.")
        self.play(FadeIn(out), FadeIn(out_head), run_time=0.6)
        self.narrate("The forger, trained here on this computer, is "
                     f"{plain('U-Net')}.")  # fmt: skip
        self.play(FadeIn(judged), FadeIn(judged_head), run_time=0.6)
        p = int(st["patch_pixels"])
        self.narrate(f"Its inspector gives a verdict per patch of {p} by {p} "
                     "pixels, on input and output together.")  # fmt: skip

        # Section: training
        def at() -> int:
            return int(steps[int(round(s.get_value()))])

        step_counter = counter(f"after {{:,}} of {total:,} steps", at, pal,
                               style.LABEL_SIZE + 2)  # fmt: skip
        step_counter.next_to(out, DOWN, 0.25).set_x((xs[1] + xs[2]) / 2)
        legend = VGroup(label("says fake", pal.noise), label("says real", pal.data))
        legend.arrange(RIGHT, buff=0.4).next_to(judged, DOWN, 0.7)
        legend.set_x(xs[2])
        self.play(FadeIn(step_counter), FadeIn(legend), run_time=0.4)
        self.narrate("Each round the inspector compares patches with real ones, "
                     "and the forger learns.")  # fmt: skip
        self.play(s.animate.set_value(len(steps) - 1), run_time=self.train_seconds,
                  rate_func=linear)  # fmt: skip
        fooled = float(verdict[-1].mean())
        self.narrate(
            f"After {total:,} steps, {pct(fooled)} of patches, on average, pass "
            "as real." if fooled >= 0.3 else
            f"After {total:,} steps the inspector still calls most patches fake: "
            f"{pct(1 - fooled)}."
        )  # fmt: skip
        self.wait(self.hold_seconds)

        # Section: the twin on pixel error alone, side by side
        self.play(*map(FadeOut, (inp, inp_head, out, out_head, judged, judged_head,
                                 real, real_head, step_counter, legend)),
                  run_time=0.5)  # fmt: skip
        self.compare_scene(st)

    def compare_scene(self, st):
        pal, tr = self.palette, self.tr
        method = [str(m) for m in tr["method"]]
        t, g, l1 = (method.index(m) for m in ("target", "GAN", "L1 alone"))
        held = tr["held_images"]
        sharp, read, truth = tr["sharpness"], tr["read"], tr["held_label"]
        n = len(truth)
        pick = np.arange(min(self.compare, n))
        rows = []
        heads = ((l1, f"trained on {screen_name('L1 alone')}", pal.guess),
                 (g, "the GAN (with the inspector)", pal.sample),
                 (t, "the real digits", pal.data))  # fmt: skip
        for y, (m, head, colour) in zip((1.55, 0.0, -1.55), heads, strict=True):
            img = crisp_image(digit_grid(held[m][pick], len(pick), pal), 0.9)
            img.move_to([-1.6, y, 0])
            name = label(head, colour).next_to(img, UP, 0.08).align_to(img, LEFT)
            sharp_m, right_m = float(sharp[m].mean()), float((read[m] == truth).mean())
            fig = VGroup(label(f"sharpness {sharp_m:.2f}", pal.text),
                         label(f"read right {pct(right_m)}", pal.text))
            fig.arrange(DOWN, aligned_edge=LEFT, buff=0.1).next_to(img, RIGHT, 0.4)
            rows.append(Group(name, img, fig))
        self.rows_shown = rows
        ratio = float(sharp[g].mean() / sharp[l1].mean())
        right_g = float((read[g] == truth).mean())
        right_l1 = float((read[l1] == truth).mean())
        self.play(FadeIn(rows[0]), run_time=0.6)
        self.narrate(f"The same network trained on {screen_name('L1 alone')}: "
                     f"{plain('L1')}.")  # fmt: skip
        self.play(FadeIn(rows[1]), FadeIn(rows[2]), run_time=0.6)
        self.narrate(f"Measured the standard way, "
                     f"{plain('variance of the Laplacian')}.")  # fmt: skip
        pointer = Pointer(pal.accent)
        self.play(pointer.to(Group(rows[0][2], rows[1][2])), run_time=0.5)
        if ratio >= 1.05:
            said = (f"On {n} digits kept out of training the GAN's are "
                    f"{times(ratio)} sharper")  # fmt: skip
        else:
            said = (f"On {n} digits kept out of training the GAN's are not sharper "
                    f"({times(ratio)})")  # fmt: skip
        if right_g >= right_l1:
            said += f", and read right as often or more: {pct(right_g)}."
        else:
            said += (f", but read right less often: {pct(right_g)} against "
                     f"{pct(right_l1)}.")  # fmt: skip
        self.narrate(said)
        self.mark_poster()
        self.play(pointer.to(rows[2][2]), run_time=0.5)
        self.narrate(f"A separate digit reader, right on {pct(st['reader_accuracy'])} "
                     "of real digits it never saw, did the reading.")  # fmt: skip
        self.play(pointer.away(), run_time=0.3)
        self.wait(self.hold_seconds)
