"""GANs are fast at generation: one pass through the forger, against diffusion's many.

    make scene S=OneShotGeneration
    manim -pql scenes/gan/oneshot.py OneShotGeneration

Every digit, pass count and time drawn here comes from the ``generation_speed``
trace (``python -m engine record generation_speed``), which times the trained
digits GAN and the trained digits diffusion model in one run on this machine.
"""

from __future__ import annotations

from manim import *

from scenes.gan.draw import blend, digit_grid, label
from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.images import crisp_image
from scenes.kit.numbers import duration, ms, times, unit_words
from scenes.kit.pointer import Pointer
from scenes.kit.tracefile import load_trace
from scenes.kit.widgets import counter


def digit_list(digits) -> str:
    """The prompted digits in words: "0 to 9" for a full run, else listed."""
    d = [int(x) for x in digits]
    if d == list(range(d[0], d[0] + len(d))) and len(d) > 2:
        return f"{d[0]} to {d[-1]}"
    return ", ".join(map(str, d))


def fainter(shortcut: np.ndarray, full: np.ndarray, prompts, drop: float = 0.1):
    """The prompted digits whose shortcut drawing is fainter than the full
    run's drawing of the same static and prompt: its brightest strokes (the
    mean of its 12 inkiest pixels, ink -1 paper .. 1 full ink) at least
    ``drop`` lower."""

    def strokes(a: np.ndarray) -> np.ndarray:
        flat = np.clip(a, -1, 1).reshape(len(a), -1)
        return np.sort(flat, axis=1)[:, -12:].mean(axis=1)

    dimmer = strokes(shortcut) < strokes(full) - drop
    return [int(d) for d, faint in zip(prompts, dimmer, strict=True) if faint]


def digits_said(digits: list[int]) -> str:
    """Digits as said in a sentence: "the 4", "the 0 and the 1"."""
    named = [f"the {d}" for d in digits]
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]


class OneShotGeneration(ExplainerScene):
    """Left, the GAN: random numbers, one pass through the generator, digits.
    Right, diffusion: static, the denoiser again and again, digits. A pass
    counter runs on the right; then the time per sample measured for each."""

    trace_kind = "generation_speed"
    title_text = "A GAN draws in one pass; diffusion needs many"
    denoise_seconds = 6.0
    cols = 5
    grid_height = 1.85  # scene units, each grid of digits: the evidence, big
    side_x = 3.6  # the two pipelines' centres sit at -side_x and +side_x

    def setup(self):
        super().setup()
        self.tr = load_trace(self.trace_kind)

    def pipeline(self, x: float, head: str, colour: str, box_text: str):
        """Header, start-noise slot, arrow, network box, arrow, result slot."""
        pal = self.palette
        header = label(head, colour, style.BODY_SIZE).move_to([x, 2.75, 0])
        box = RoundedRectangle(
            width=3.8, height=0.75, corner_radius=0.12, color=colour, stroke_width=3
        ).move_to([x, 0.95, 0])
        name = label(box_text, colour, style.LABEL_SIZE + 2)
        name.move_to(box.get_center() + UP * 0.16)
        into = Arrow([x, 1.62, 0], box.get_top(), buff=0.02, color=pal.muted)
        out = Arrow(box.get_bottom(), [x, 0.2, 0], buff=0.02, color=pal.muted)
        return header, box, name, into, out

    def construct(self):
        pal, tr = self.palette, self.tr
        method = [str(m) for m in tr["method"]]
        gan, ddpm, ddim = (method.index(m) for m in ("GAN", "DDPM", "DDIM"))
        per, passes = tr["ms_per_sample"], tr["passes"]
        frames, frame_t = tr["diffusion_frames"], tr["diffusion_frame_t"]
        total = int(passes[ddpm])
        n = len(tr["gan_samples"])
        ratio = float(per[ddpm] / per[gan])
        title = label(self.title_text, pal.text, style.TITLE_SIZE)
        # a wide margin each side: the title never runs to the frame's edges
        title.scale_to_fit_width(min(title.width, config.frame_width - 2.5))
        self.add(title.to_edge(UP, buff=0.35))

        # Section: the two pipelines, side by side
        xl, xr = -self.side_x, self.side_x
        g_head, g_box, g_name, g_in, g_out = self.pipeline(
            xl, "GAN", pal.sample, "generator (the forger)"
        )
        d_head, d_box, d_name, d_in, d_out = self.pipeline(
            xr, "Diffusion", pal.data, "denoiser"
        )
        latents = tr["gan_latents"]  # (sample, latent): shown as rows of cells
        static_img = crisp_image(digit_grid(frames[0], self.cols, pal), 0.55)
        static_img.move_to([xr, 1.9, 0])
        z_img = crisp_image(digit_grid(latents.reshape(n, 4, -1), self.cols, pal), 1.0)
        z_img.width = static_img.width
        z_img.move_to([xl, 1.9, 0])
        gan_out = crisp_image(digit_grid(tr["gan_samples"], self.cols, pal), 1.0)
        gan_out.height = self.grid_height
        gan_out.move_to([xl, -0.75, 0])
        s = ValueTracker(0)  # index into the recorded denoising frames
        diff_out = crisp_image(digit_grid(frames[0], self.cols, pal), self.grid_height)

        def denoised() -> np.ndarray:  # the frames blended at the tracker: RGBA grid
            return digit_grid(blend(frames, s.get_value()), self.cols, pal)

        diff_out.add_updater(lambda m: setattr(m, "pixel_array", denoised()))
        diff_out.move_to([xr, -0.75, 0])
        self.gan_out, self.diff_out = gan_out, diff_out  # tests read pixels here

        def done() -> int:  # passes through the denoiser so far
            k = s.get_value()
            return int(round(total - np.interp(k, np.arange(len(frame_t)), frame_t)))

        g_count = label("1 pass", pal.text)
        g_count.move_to(g_box.get_center() + DOWN * 0.17)
        d_count = counter(f"pass {{:,}} of {total:,}", done, pal, style.LABEL_SIZE)
        # The counter grows rightwards as digits are added: centre the longest.
        widest = label(f"pass {total:,} of {total:,}", pal.text)
        d_count.move_to(
            d_box.get_center() + DOWN * 0.17 + LEFT * widest.width / 2,
            aligned_edge=LEFT,
        )
        noise_notes = [
            label(f"{latents.shape[1]} random numbers each", pal.muted),
            label("a random image each (static)", pal.muted),
        ]
        for note, x in zip(noise_notes, (xl, xr), strict=True):
            note.move_to([x, 2.4, 0])

        self.add(g_head, d_head)
        self.play(
            FadeIn(z_img), FadeIn(static_img), *map(FadeIn, noise_notes), run_time=0.8
        )
        self.narrate(
            f"Both start from random numbers, {n} samples each. "
            "Left a GAN, right a diffusion model."
        )
        self.wait(0.6)

        # Section: the GAN, one pass
        self.play(FadeIn(g_box), FadeIn(g_name), GrowArrow(g_in), run_time=0.5)
        self.play(GrowArrow(g_out), FadeIn(gan_out), FadeIn(g_count), run_time=0.6)
        self.narrate(
            "The GAN's forger turns them into digits in a single pass; "
            "it picks which digit itself."
        )
        self.wait(0.8)

        # Section: diffusion, pass after pass
        self.play(
            FadeIn(d_box), FadeIn(d_name), GrowArrow(d_in), GrowArrow(d_out),
            FadeIn(diff_out), FadeIn(d_count), run_time=0.6,
        )  # fmt: skip
        asked = tr["prompts"]
        self.narrate(
            f"Diffusion, asked for {digit_list(asked)}, removes a little noise "
            f"per pass: {total:,} passes through its denoiser."
        )
        self.play(
            s.animate.set_value(len(frames) - 1),
            run_time=self.denoise_seconds,
            rate_func=linear,
        )
        # said once both rows of digits are there to compare, the rough ones boxed
        pointer = Pointer(pal.accent)
        self.narrate("This small GAN's digits are rougher than diffusion's; "
                     "speed is what it shows here.")  # fmt: skip
        self.play(pointer.to(gan_out), run_time=0.5)
        self.hold_caption()

        # Section: what it cost, measured
        g_ms = label(f"{ms(per[gan])} a digit", pal.sample, style.BODY_SIZE)
        g_ms.next_to(gan_out, DOWN, 0.15)
        d_ms = label(f"{ms(per[ddpm])} a digit", pal.data, style.BODY_SIZE)
        d_ms.next_to(diff_out, DOWN, 0.15)
        # batch timings only on screen: one figure per model, and the ratio
        # said is the ratio of the figures shown (the trace keeps both kinds);
        # each unit put in words beside the first time it is shown
        notes = [
            label(f"{n} at once; {unit_words(ms(t))}", pal.muted).next_to(
                m, DOWN, 0.08
            )
            for m, t in ((g_ms, per[gan]), (d_ms, per[ddpm]))
        ]
        # says which one is slower, on a line of its own under both times
        slower = label(
            f"diffusion {times(ratio)} slower", pal.text, style.LABEL_SIZE + 4
        )
        slower.move_to(DOWN * 2.8)
        self.ratio_label = slower
        self.narrate(
            f"Timed on this computer, {n} digits at once: {ms(per[gan])} a digit "
            "for the GAN,"
        )
        self.play(FadeIn(g_ms), FadeIn(notes[0]), run_time=0.5)
        self.play(pointer.to(Group(g_ms, notes[0])), run_time=0.4)
        self.hold_caption()
        self.narrate(f"{ms(per[ddpm])} for diffusion, {times(ratio)} slower.")
        self.play(FadeIn(d_ms), FadeIn(notes[1]), run_time=0.5)
        self.play(pointer.to(Group(d_ms, notes[1])), run_time=0.4)
        self.wait(1.0)
        self.play(pointer.away(), FadeIn(slower), run_time=0.5)
        # the ratio as a span a viewer can feel, in the ratio's place
        yard = label(f"if the GAN took 1 second, diffusion would take "
                     f"{duration(ratio)}", pal.text, style.LABEL_SIZE + 4)
        yard.move_to(slower)
        self.narrate(f"If the GAN took a second, diffusion would take "
                     f"{duration(ratio)}.")  # fmt: skip
        self.play(FadeOut(slower), FadeIn(yard), run_time=0.5)
        self.hold_caption()
        self.play(FadeOut(yard), FadeIn(slower), run_time=0.5)
        self.hold_caption()
        self.mark_poster()  # both models' digits, both full-length times
        # the shortcut, run: its own digits, passes and times replace the
        # 1,000-pass ones on the right, so every figure there is the shortcut's
        few = int(passes[ddim])
        ddim_out = crisp_image(digit_grid(tr["ddim_samples"], self.cols, pal),
                               self.grid_height).move_to(diff_out)  # fmt: skip
        ddim_count = label(f"{few} passes", pal.text)
        ddim_count.move_to(d_count, aligned_edge=LEFT)
        ddim_ms = label(f"{ms(per[ddim])} a digit", pal.data, style.BODY_SIZE)
        ddim_ms.move_to(d_ms)
        ddim_single = label(f"{n} at once; {unit_words(ms(per[ddim]))}", pal.muted)
        ddim_single.move_to(notes[1])
        # the full run's figure stays in view beside the shortcut's
        ddim_note = label(
            f"shortcut: {times(float(per[ddim] / per[gan]))} the GAN's time; "
            f"all {int(passes[ddpm]):,} passes: {times(ratio)}",
            pal.text, style.LABEL_SIZE + 4,
        ).move_to(DOWN * 2.8)  # fmt: skip
        # how its digits look, said only for those whose ink shows it
        faint = fainter(tr["ddim_samples"], tr["diffusion_samples"], asked)
        looks = f" {digits_said(faint)} a little fainter," if faint else ""
        self.narrate(f"A shortcut, {few} passes of larger steps, draws these,{looks}")
        # the old figures go before the new come
        diff_out.clear_updaters()
        self.play(*[FadeOut(m) for m in (slower, diff_out, d_count, d_ms, notes[1])],
                  run_time=0.4)  # fmt: skip
        self.play(*[FadeIn(m) for m in (ddim_out, ddim_count, ddim_ms, ddim_single)],
                  pointer.to(Group(ddim_out, ddim_ms, ddim_single)),
                  run_time=0.6)  # fmt: skip
        self.narrate(f"in {ms(per[ddim])} a digit:")
        self.hold_caption()
        self.play(pointer.away(), FadeIn(ddim_note), run_time=0.5)
        self.narrate(
            f"still {times(float(per[ddim] / per[gan]))} the GAN's time. "
            "Generation is where GANs are fast."
        )
        self.wait(1.0)
