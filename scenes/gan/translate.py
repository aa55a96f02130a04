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
from scenes.kit.glossary import plain, screen_name
from scenes.kit.images import crisp_image
from scenes.kit.numbers import pct, times
from scenes.kit.pointer import Pointer
from scenes.kit.raster import hex_to_rgb
from scenes.kit.text import label
from scenes.kit.tracefile import load_trace
from scenes.kit.widgets import counter

# The tint saturates at this |logit|, p(real) 0.31 or 0.69: a trained pair sits
# near 50/50, so the scale spends its range close to it, where verdicts move.
HEAT_LOGIT = 0.8
PICTURE_SHARE = 0.45  # how much of the picture shows through the verdict's tint
SHARPER = 1.5  # "far sharper" from this ratio up; the bar
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
    """The two sentences on sharpness, chosen by the measured figures: the GAN
    against pixel error alone (ratio of their mean sharpness), then the GAN
    against the real pictures (a GAN far sharper than them is drawing
    speckle, not detail)."""
    if ratio >= SHARPER:
        first = f"the GAN's are {times(ratio)} as sharp as those from pixel error alone"
    elif ratio >= 1.05:
        first = f"the GAN's are only a little sharper ({times(ratio)})"
    else:
        first = f"the GAN's are not sharper ({times(ratio)})"
    vs_real = gan / real
    if vs_real > SAME:
        second = (f"The GAN scores {times(vs_real)} the real pictures' sharpness: "
                  "part of that is speckle, not detail.")  # fmt: skip
    elif vs_real >= 1 / SAME:
        second = (f"The real pictures score {real:.2f}, the GAN {gan:.2f}: about "
                  "as sharp as the real thing, not sharper.")  # fmt: skip
    else:
        second = (f"The real pictures score {real:.2f}, so the GAN's, at "
                  f"{gan:.2f}, are still less sharp than real ones.")  # fmt: skip
    return first, second


class ImageToImage(ExplainerScene):
    """A shrunken picture in, the full one out: the GAN's output over training,
    beside the real picture, with the inspector's verdict on each patch; then
    the same network trained on pixel error alone, side by side, measured."""

    trace_kind = "image_to_image"
    title_text = "GANs today: one picture into another"
    rows = 3  # followed samples shown
    cell = 1.3  # scene units, one picture's side
    train_seconds = 9.0
    hold_seconds = 1.2
    compare = 6  # held-out pictures in the comparison
    compare_cell = 1.0

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
        k = self.rows
        steps, gan_out, verdict = tr["step"], tr["gan_out"][:, :k], tr["verdict"][:, :k]
        total = int(steps[-1])
        side, small = int(st["side"]), int(st["input_side"])
        title = label(self.title_text, pal.text, style.TITLE_SIZE)
        title.scale_to_fit_width(min(title.width, config.frame_width - 1))
        self.add(title.to_edge(UP, buff=0.35))

        # Section: the task
        xs = (-5.1, -1.7, 1.7, 5.1)
        inp, inp_head = self.column(picture_grid(tr["shown_input"][:k], 1, pal), xs[0],
                                    f"in: shrunk to {small} by {small}",
                                    pal.noise)  # fmt: skip
        real, real_head = self.column(picture_grid(tr["shown_target"][:k], 1, pal),
                                      xs[3], "the real picture", pal.data)  # fmt: skip
        s = ValueTracker(0)
        out, out_head = self.column(picture_grid(gan_out[0], 1, pal), xs[1],
                                    "out: the forger's", pal.sample)  # fmt: skip
        out.add_updater(lambda m: setattr(m, "pixel_array", picture_grid(
            blend(gan_out, s.get_value()), 1, pal)))  # fmt: skip
        judged, judged_head = self.column(verdict_over(gan_out[0], verdict[0], pal),
                                          xs[2], "inspector, per patch",
                                          pal.text)  # fmt: skip
        judged.add_updater(lambda m: setattr(m, "pixel_array", verdict_over(
            blend(gan_out, s.get_value()), blend(verdict, s.get_value()), pal)))
        self.out_img, self.judged_img = out, judged  # tests read pixels here
        self.play(FadeIn(inp), FadeIn(inp_head), FadeIn(real), FadeIn(real_head),
                  run_time=0.6)  # fmt: skip
        self.narrate(f"GANs also turn one picture into another: "
                     f"{plain('image-to-image translation')}.")  # fmt: skip
        self.narrate(f"Here, {plain('super-resolution')}: from a picture shrunk to "
                     f"{small} by {small} pixels, draw it at {side} by {side}.")
        pointer = Pointer(pal.accent)
        self.play(pointer.to(inp), run_time=0.5)
        self.narrate("The small picture keeps the colour, shape and place, but not "
                     "where the stripes go.")  # fmt: skip
        self.play(pointer.away(), FadeIn(out), FadeIn(out_head), run_time=0.6)
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
        step_counter.next_to(out, DOWN, 0.25).set_x((xs[0] + xs[1]) / 2)
        legend = VGroup(label("says fake", pal.noise), label("says real", pal.data))
        legend.arrange(RIGHT, buff=0.4).next_to(judged, DOWN, 0.25).set_x(xs[2])
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
        sharp, read, truth = tr["sharpness"], tr["read"], tr["held_code"]
        right = (read == truth[None]).all(-1).mean(1)  # (method,)
        n = len(truth)
        pick = np.arange(min(self.compare, n))
        rows = []
        heads = ((l1, f"trained on {screen_name('L1 alone')}", pal.guess),
                 (g, "the GAN (with the inspector)", pal.sample),
                 (t, "the real pictures", pal.data))  # fmt: skip
        step = self.compare_cell + 0.62
        for y, (m, head, colour) in zip((step, 0.0, -step), heads, strict=True):
            img = crisp_image(picture_grid(held[m][pick], len(pick), pal),
                              self.compare_cell)  # fmt: skip
            img.move_to([-1.9, y - 0.15, 0])
            name = label(head, colour).next_to(img, UP, 0.08).align_to(img, LEFT)
            fig = VGroup(label(f"sharpness {float(sharp[m].mean()):.2f}", pal.text),
                         label(f"read right {pct(right[m])}", pal.text))
            fig.arrange(DOWN, aligned_edge=LEFT, buff=0.1).next_to(img, RIGHT, 0.4)
            rows.append(Group(name, img, fig))
        self.rows_shown = rows
        mean = sharp.mean(1)
        ratio = float(mean[g] / mean[l1])
        self.play(FadeIn(rows[0]), run_time=0.6)
        self.narrate(f"The same network trained on {screen_name('L1 alone')}: "
                     f"{plain('L1')}.")  # fmt: skip
        if mean[l1] < mean[t] / SHARPER:  # said only when measured blurred
            self.narrate("With no inspector it paints the average of every place "
                         "the stripes could go: a blurred, flat fill.")  # fmt: skip
        self.play(FadeIn(rows[1]), FadeIn(rows[2]), run_time=0.6)
        self.narrate(f"Measured the standard way, "
                     f"{plain('variance of the Laplacian')}.")  # fmt: skip
        pointer = Pointer(pal.accent)
        self.play(pointer.to(Group(rows[0][2], rows[1][2])), run_time=0.5)
        first, second = sharpness_said(ratio, float(mean[g]), float(mean[t]))
        said = f"On {n} pictures kept out of training, {first}"
        if right[g] >= right[l1]:
            said += f", and read right as often or more: {pct(right[g])}."
        else:
            said += (f", but read right less often: {pct(right[g])} against "
                     f"{pct(right[l1])}.")  # fmt: skip
        self.narrate(said)
        self.mark_poster()
        self.play(pointer.to(rows[2][2]), run_time=0.5)
        self.narrate(second)
        self.narrate("Fixed rules read the colour, shape and place from the pixels; "
                     f"they read {pct(right[t])} of the real pictures right.")
        self.play(pointer.away(), run_time=0.3)
        self.wait(self.hold_seconds)
