"""GANs today, faces: a real face generator trained elsewhere, run here.

    make scene S=FaceGenerator
    manim -pql scenes/gan/faces.py FaceWalk

Every face, time and figure drawn here comes from the ``gan_faces`` trace
(``python -m engine record gan_faces``): the pinned pretrained generator run
on this machine, its random inputs and timings kept beside its pictures.
"""

from __future__ import annotations

from manim import *

from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.images import crisp_image
from scenes.kit.numbers import millions, ms, pct
from scenes.kit.pointer import Pointer
from scenes.kit.text import label
from scenes.kit.tracefile import load_trace


def rgba(rgb: np.ndarray) -> np.ndarray:
    """RGB8 (h, w, 3) -> opaque RGBA8 (h, w, 4)."""
    out = np.empty((*rgb.shape[:2], 4), np.uint8)
    out[..., :3], out[..., 3] = rgb, 255
    return out


def face_grid(faces: np.ndarray, cols: int, gap: int = 2) -> np.ndarray:
    """Faces (n, h, w, 3) as one RGBA grid, ``gap`` background pixels between."""
    n, h, w, _ = faces.shape
    rows = int(np.ceil(n / cols))
    out = np.zeros((rows * (h + gap) - gap, cols * (w + gap) - gap, 4), np.uint8)
    for i in range(n):
        r, c = divmod(i, cols)
        out[r * (h + gap) : r * (h + gap) + h, c * (w + gap) : c * (w + gap) + w] = (
            rgba(faces[i])
        )
    return out


def number_cells(z: np.ndarray, pal: style.Palette, cols: int = 10) -> np.ndarray:
    """A latent (n,) as a grid of cells, lighter for larger numbers (RGBA)."""
    v = np.clip((z + 2.5) / 5, 0, 1)  # -2.5..2.5 standard deviations
    from scenes.kit.raster import hex_to_rgb

    lo, hi = hex_to_rgb(pal.background), hex_to_rgb(pal.sample)
    rgb = lo + (hi - lo) * v[:, None]
    rows = int(np.ceil(len(z) / cols))
    cells = np.zeros((rows * cols, 3))
    cells[: len(z)] = rgb
    return rgba(np.rint(cells.reshape(rows, cols, 3)).astype(np.uint8))


class FaceScene(ExplainerScene):
    """Shared set-up: the trace and the title."""

    trace_kind = "gan_faces"
    title_text = ""

    def setup(self):
        super().setup()
        self.tr = load_trace(self.trace_kind)

    def add_title(self) -> Text:
        title = label(self.title_text, self.palette.text, style.TITLE_SIZE)
        title.scale_to_fit_width(min(title.width, config.frame_width - 1))
        self.add(title.to_edge(UP, buff=0.35))
        return title


class FaceGenerator(FaceScene):
    """A real face GAN, trained elsewhere: 100 random numbers, one pass, a face,
    timed on this machine; then a grid of faces from different random numbers."""

    title_text = "GANs today: faces from random numbers"
    cols = 8
    hold_seconds = 1.2

    def construct(self):
        pal, tr = self.palette, self.tr
        st = tr.stats
        faces, latents = tr["face"], tr["latent"]
        n = len(faces)
        self.add_title()

        # Section: one face, one pass
        cells = crisp_image(number_cells(latents[0], pal), 1.3).move_to(LEFT * 4.6)
        cells_note = label(f"{latents.shape[1]} random numbers", pal.muted)
        cells_note.next_to(cells, DOWN, 0.15)
        box = RoundedRectangle(width=2.6, height=1.0, corner_radius=0.12,
                               color=pal.sample, stroke_width=3)  # fmt: skip
        # the field's name, and the chapter's word for it
        box_name = VGroup(label("generator", pal.sample, style.BODY_SIZE),
                          label("(the forger)", pal.muted)
                          ).arrange(DOWN, buff=0.06).move_to(box)  # fmt: skip
        face = crisp_image(rgba(faces[0]), 2.2).move_to(RIGHT * 4.2)
        into = Arrow(cells.get_right(), box.get_left(), buff=0.15, color=pal.muted)
        out = Arrow(box.get_right(), face.get_left(), buff=0.15, color=pal.muted)
        one_pass = label("one pass", pal.text).next_to(box, DOWN, 0.2)
        self.play(FadeIn(cells), FadeIn(cells_note), run_time=0.6)
        self.narrate(f"A GAN built for faces: its forger turns {latents.shape[1]} "
                     "random numbers into a face.")  # fmt: skip
        self.play(GrowArrow(into), FadeIn(box), FadeIn(box_name), run_time=0.6)
        self.play(GrowArrow(out), FadeIn(face), FadeIn(one_pass), run_time=0.8)
        self.wait(self.hold_seconds)

        # Section: where it came from, in plain words
        source = VGroup(
            label("trained elsewhere, on far more computing than this machine has,",
                  pal.muted),
            label("on DigiFace-1M: a million faces rendered from 3D models",
                  pal.muted),
            label(f"weights: the package {st['weights_source'].split(' on ')[0]}, "
                  "from the Python package registry", pal.muted),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)  # fmt: skip
        source.to_edge(DOWN, buff=1.25)
        self.play(FadeIn(source), run_time=0.6)
        # each line first, then the box on the note it names: box and voice
        # on the same line
        pointer = Pointer(pal.accent)
        self.narrate("It was trained elsewhere, with far more computing power, "
                     f"on faces rendered from 3D models ({st['dataset']}): no "
                     "real person's photo.")  # fmt: skip
        self.play(pointer.to(source[:2]), run_time=0.5)
        self.narrate("We only run it: the trained network is a ready-made "
                     "download.")  # fmt: skip
        self.play(pointer.to(source[2]), run_time=0.5)
        self.hold_caption()

        # Section: timed here
        batch_ms, alone_ms = st["ms_per_face_batch"], st["ms_per_face_alone"]
        timing = VGroup(
            label(f"{ms(batch_ms)} a face, {st['batch']} at once", pal.text,
                  style.BODY_SIZE),
            label(f"one face alone: {ms(alone_ms)}", pal.muted),
        ).arrange(DOWN, buff=0.12).next_to(face, DOWN, 0.2)  # fmt: skip
        timing.set_x(face.get_x())
        self.play(FadeOut(source), pointer.to(timing), FadeIn(timing), run_time=0.6)
        self.narrate(f"Timed on this computer's processor: {ms(batch_ms)} a face "
                     f"when it makes {st['batch']} at once, {ms(alone_ms)} for one "
                     "on its own.")  # fmt: skip
        self.narrate(f"That is about {round(1000 / batch_ms, -1):,.0f} faces a "
                     "second.")  # fmt: skip
        self.hold_caption()  # the figures stay up while the whole line is read
        self.wait(self.hold_seconds)

        # Section: variety
        self.play(pointer.away(), *map(FadeOut, (cells, cells_note, into, box,
                  box_name, out, one_pass, timing, face)), run_time=0.5)  # fmt: skip
        grid = crisp_image(face_grid(faces, self.cols), 4.6).move_to(UP * 0.05)
        self.grid = grid  # tests read its pixels
        note = label(f"{n} faces from {n} different sets of random numbers",
                     pal.muted).next_to(grid, DOWN, 0.15)  # fmt: skip
        self.play(FadeIn(grid), FadeIn(note), run_time=1.0)
        self.narrate(f"Different random numbers, different faces: {n} of them, "
                     "each a single pass.")  # fmt: skip
        self.mark_poster()
        self.wait(self.hold_seconds)
        side = faces.shape[1]
        self.narrate(f"A small model: {millions(st['parameters'])} learned settings, "
                     f"faces {side} pixels wide; face tools today are far "
                     "larger.")  # fmt: skip
        self.hold_caption()
        self.play(Pointer(pal.accent).to(note), run_time=0.4)
        # fast is measured here; sharpness is measured in ImageToImage
        self.narrate("One quick pass a face: why GANs still make faces in some "
                     "tools.")  # fmt: skip
        self.wait(self.hold_seconds)


class FaceWalk(FaceScene):
    """A walk through the random numbers from face to face: every frame is the
    generator's own output from its own numbers (shown beside it), and each
    changes only a little from the last. The walk never stops while the voice
    talks: each stretch runs as long as the line being spoken."""

    title_text = "A walk through the forger's random numbers"
    walk_seconds = 14.0  # one lap of the walk

    def construct(self):
        pal, tr = self.palette, self.tr
        st = tr.stats
        walk, ts, zs = tr["walk"], tr["walk_t"], tr["walk_latent"]
        n, keys = len(walk), len(tr["walk_key"])
        self.add_title()
        k = ValueTracker(0)  # frame index; the nearest real frame is shown

        def at() -> int:  # never a blend: each shown frame is an output
            return int(round(k.get_value())) % n

        cells = crisp_image(number_cells(zs[0], pal), 1.8).move_to([-5.2, 0.3, 0])
        cells.add_updater(lambda m: setattr(m, "pixel_array",
                                            number_cells(zs[at()], pal)))  # fmt: skip
        cells_note = VGroup(label(f"{zs.shape[1]} random numbers", pal.text),
                            label("(lighter: larger)", pal.muted)
                            ).arrange(DOWN, buff=0.08)  # fmt: skip
        cells_note.next_to(cells, DOWN, 0.2)
        big = crisp_image(rgba(walk[0]), 4.0).move_to([-1.5, 0.0, 0])
        big.add_updater(lambda m: setattr(m, "pixel_array", rgba(walk[at()])))
        self.big = big
        into = Arrow(cells.get_right(), big.get_left(), buff=0.15, color=pal.muted)
        count = label(f"{n} frames, each drawn from its own numbers", pal.muted)
        count.next_to(big, DOWN, 0.2)
        per_key = n // keys
        strip = Group(*[crisp_image(rgba(walk[i * per_key]), 0.95)
                        for i in range(keys)]).arrange(RIGHT, buff=0.15)  # fmt: skip
        strip.move_to(RIGHT * 3.9 + UP * 1.3)
        strip_note = VGroup(label("the faces it passes through", pal.muted))
        if "walk_key_candidates" in st:  # the keys were picked: said so
            # two short lines: one long one ran to the frame's right edge
            strip_note.add(label(f"picked from {st['walk_key_candidates']} random "
                                 "faces", pal.muted),
                           label("for a clean background", pal.muted))
        strip_note.arrange(DOWN, buff=0.08).next_to(strip, UP, 0.15)
        marker = SurroundingRectangle(strip[0], color=pal.accent, buff=0.05)
        marker.add_updater(
            lambda m: m.move_to(strip[int(round(float(ts[at()]))) % keys])
        )
        head = label("how much a pixel changes:", pal.muted)
        step = label(f"frame to frame: {pct(st['walk_change_median'])}", pal.text)
        apart = label(f"two different faces: {pct(st['face_pair_change_median'])}",
                      pal.text)  # fmt: skip
        # each figure with a bar to scale under it: the two sizes are seen
        longest = 3.0  # scene units, the larger change's bar
        top = max(st["walk_change_median"], st["face_pair_change_median"])
        bars = [Rectangle(width=max(0.04, longest * v / top), height=0.16,
                          stroke_width=0, fill_color=pal.sample, fill_opacity=1)
                for v in (st["walk_change_median"], st["face_pair_change_median"])]
        step, apart = (VGroup(t, b).arrange(DOWN, aligned_edge=LEFT, buff=0.08)
                       for t, b in zip((step, apart), bars, strict=True))
        said = VGroup(head, step, apart).arrange(DOWN, aligned_edge=LEFT, buff=0.14)
        said.next_to(strip, DOWN, 0.6).align_to(strip, LEFT)
        speed = n / self.walk_seconds  # frames of the walk per second

        def walk_on(at_least: float = 1.0):
            """Walk on for as long as the line being spoken (at least
            ``at_least`` seconds), so the face never freezes under the voice."""
            secs = max(at_least, self.caption_left())
            self.play(k.animate.increment_value(speed * secs), run_time=secs,
                      rate_func=linear)  # fmt: skip

        self.play(FadeIn(cells), FadeIn(cells_note), run_time=0.6)
        self.narrate(f"A GAN's forger, the network that draws, starts from "
                     f"{zs.shape[1]} random numbers, not from a picture, and turns "
                     "them into a face.")  # fmt: skip
        self.play(GrowArrow(into), FadeIn(big), run_time=0.8)
        self.hold_caption()
        self.narrate("Move the numbers a little at a time, from one face's to the "
                     "next:")  # fmt: skip
        self.play(FadeIn(strip), FadeIn(strip_note), run_time=0.6)
        self.add(marker)
        self.walk_from = self.renderer.time  # tests: the face walks from here on
        walk_on()
        self.narrate("every frame is the forger's own drawing, and the face changes "
                     "smoothly, never jumps.")  # fmt: skip
        self.play(FadeIn(count), k.animate.increment_value(speed * 0.6),
                  run_time=0.6, rate_func=linear)  # fmt: skip
        walk_on()
        smooth = st["walk_change_median"] < st["face_pair_change_median"] / 4
        pointer = Pointer(pal.accent)
        self.narrate("Measured: from one frame to the next, a pixel changes by "
                     f"{pct(st['walk_change_median'])} of the way from black to "
                     "white,")  # fmt: skip
        self.play(FadeIn(head), FadeIn(step), pointer.to(step),
                  k.animate.increment_value(speed * 0.6), run_time=0.6,
                  rate_func=linear)  # fmt: skip
        walk_on()
        if smooth:
            self.narrate("and between two different faces, by "
                         f"{pct(st['face_pair_change_median'])}.")  # fmt: skip
        else:
            self.narrate("not much less than between two different faces, "
                         f"{pct(st['face_pair_change_median'])}.")  # fmt: skip
        self.play(FadeIn(apart), pointer.to(apart),
                  k.animate.increment_value(speed * 0.6), run_time=0.6,
                  rate_func=linear)  # fmt: skip
        walk_on()
        if smooth:
            self.narrate("Nearby numbers give look-alike faces, and every point "
                         "between two faces is also a face.")  # fmt: skip
            self.play(k.animate.increment_value(speed * 0.4), run_time=0.4,
                      rate_func=linear)  # fmt: skip
            walk_on()
            self.narrate("So it has not stored faces: it has learned a smooth map, "
                         "and every spot on it is a face.")  # fmt: skip
        self.mark_poster()
        self.play(pointer.away(), k.animate.increment_value(speed * 0.4),
                  run_time=0.4, rate_func=linear)  # fmt: skip
        walk_on()
