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


def plain_time(value_ms: float) -> str:
    """A measured time in words a newcomer reads: 6.39 ms -> "6.39 thousandths
    of a second", 37.1 µs -> "37.1 millionths of a second" (figures as ms())."""
    number, unit = ms(value_ms).rsplit(" ", 1)
    words = {"ms": "thousandths of a second", "µs": "millionths of a second"}
    return f"{number} {words[unit]}"


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
    timed on this machine, beside the way diffusion draws (many passes); then
    faces from different random numbers, brought in one by one while the voice
    counts them."""

    title_text = "GANs today: faces from random numbers"
    cols = 8
    hold_seconds = 1.2

    def construct(self):
        self.add_title()
        diagram = self.one_face()
        self.where_from()
        self.timed(diagram)
        self.many_faces()

    def one_face(self) -> Group:
        """Random numbers, the forger, one face: built as the first line is said."""
        pal, latents = self.palette, self.tr["latent"]
        cells = crisp_image(number_cells(latents[0], pal), 1.3).move_to(LEFT * 4.6)
        cells_note = label(f"{latents.shape[1]} random numbers", pal.muted)
        cells_note.next_to(cells, DOWN, 0.15)
        box = RoundedRectangle(width=2.6, height=1.0, corner_radius=0.12,
                               color=pal.sample, stroke_width=3)  # fmt: skip
        # the field's name, and the chapter's word for it
        box_name = VGroup(label("generator", pal.sample, style.BODY_SIZE),
                          label("(the forger)", pal.muted)
                          ).arrange(DOWN, buff=0.06).move_to(box)  # fmt: skip
        face = crisp_image(rgba(self.tr["face"][0]), 2.2).move_to(RIGHT * 4.2)
        into = Arrow(cells.get_right(), box.get_left(), buff=0.15, color=pal.muted)
        out = Arrow(box.get_right(), face.get_left(), buff=0.15, color=pal.muted)
        one_pass = label("one pass a face", pal.text).next_to(box, DOWN, 0.2)
        self.play(FadeIn(cells), FadeIn(cells_note), run_time=0.6)
        self.narrate(f"A GAN built for faces: its forger turns {latents.shape[1]} "
                     "random numbers into a face.")  # fmt: skip
        self.play(GrowArrow(into), FadeIn(box), FadeIn(box_name), run_time=0.6)
        self.play(GrowArrow(out), FadeIn(face), FadeIn(one_pass), run_time=0.8)
        self.forger_box = box  # the other way to draw is shown above it
        return Group(cells, cells_note, into, box, box_name, out, face, one_pass)

    def other_way(self) -> VGroup:
        """A dim box above the forger: how diffusion draws, the method only
        (no diffusion model makes faces here, so no time is given for it)."""
        pal = self.palette
        words = VGroup(label("diffusion, the other way to draw:", pal.muted),
                       label("one pass per step, many steps a picture", pal.muted)
                       ).arrange(DOWN, buff=0.08)  # fmt: skip
        frame = SurroundingRectangle(words, color=pal.muted, buff=0.15,
                                     corner_radius=0.1, stroke_width=2)  # fmt: skip
        return VGroup(frame, words).next_to(self.forger_box, UP, 0.5)

    def where_from(self):
        """Where the forger was trained and how it got here, in plain words,
        each line boxed as it is said; gone before the timing comes."""
        pal, st = self.palette, self.tr.stats
        size = style.LABEL_SIZE + 2
        source = VGroup(
            label("trained elsewhere, on far more computing than this machine has,",
                  pal.text, size),
            label(f"on {st['dataset']}: a million faces rendered from 3D models",
                  pal.text, size),
            label("a ready-trained forger, installed with the project", pal.text,
                  size),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.14)  # fmt: skip
        source.to_edge(DOWN, buff=1.25)
        pointer = Pointer(pal.accent)
        self.narrate("It was trained elsewhere, on faces rendered from 3D models "
                     f"({st['dataset']}): no real person's photo.")  # fmt: skip
        self.play(FadeIn(source), run_time=0.6)
        self.play(pointer.to(source[:2]), run_time=0.5)
        self.narrate("We only run it: a ready-trained forger, installed with the "
                     "project.")  # fmt: skip
        self.play(pointer.to(source[2]), run_time=0.5)
        self.hold_caption()
        self.play(pointer.away(), FadeOut(source), run_time=0.5)

    def timed(self, diagram: Group):
        """The measured time a face, in plain units and as faces a second."""
        pal, st = self.palette, self.tr.stats
        batch_ms = st["ms_per_face_batch"]
        per_second = f"{round(1000 / batch_ms, -1):,.0f}"
        timing = VGroup(
            label(f"{plain_time(batch_ms)} a face", pal.text, style.BODY_SIZE),
            label(f"about {per_second} faces a second", pal.text, style.BODY_SIZE),
            label(f"{st['batch']} made at once, on this computer's processor",
                  pal.muted),
        ).arrange(DOWN, buff=0.22).to_edge(DOWN, buff=1.2)  # fmt: skip
        self.narrate(f"Timed on this computer: {plain_time(batch_ms)} a face, "
                     f"making {st['batch']} at once.")  # fmt: skip
        self.play(FadeIn(timing[0]), FadeIn(timing[2]), run_time=0.5)
        self.hold_caption()
        self.narrate(f"That is about {per_second} faces a second.")
        self.play(FadeIn(timing[1]), run_time=0.5)
        self.hold_caption()
        # the method, not a measured comparison: no diffusion model makes faces here
        other = self.other_way()
        pointer = Pointer(pal.accent)
        self.narrate("Diffusion, the other way, needs many passes a picture: "
                     "one reason some tools still use GANs for faces.")  # fmt: skip
        self.play(FadeIn(other), pointer.to(other), run_time=0.5)
        self.hold_caption()
        self.play(pointer.away(), FadeOut(diagram), FadeOut(timing),
                  FadeOut(other), run_time=0.5)  # fmt: skip

    def many_faces(self):
        """Faces from different random numbers, arriving one by one under the
        line that counts them; then what the model is, under the grid."""
        pal, st, faces = self.palette, self.tr.stats, self.tr["face"]
        n, side = len(faces), faces.shape[1]
        grid = Group(*[crisp_image(rgba(f), 1.0) for f in faces])
        grid.arrange_in_grid(cols=self.cols, buff=0.03)
        grid.scale_to_fit_height(4.4).move_to(UP * 0.15)
        self.grid = grid  # tests read its pixels
        notes = VGroup(
            label(f"{n} faces from {n} different sets of random numbers", pal.muted),
            label(f"the model: {millions(st['parameters'])} learned settings; "
                  f"faces {side} pixels wide", pal.muted),
        ).arrange(DOWN, buff=0.1).next_to(grid, DOWN, 0.15)  # fmt: skip
        self.narrate(f"Different random numbers, different faces: {n} of them.")
        # the faces arrive one by one while the line is said
        self.play(LaggedStart(*[FadeIn(f) for f in grid], lag_ratio=0.5),
                  FadeIn(notes[0]),
                  run_time=max(1.5, self.caption_left()))  # fmt: skip
        self.mark_poster()
        self.narrate(f"A small model: {millions(st['parameters'])} learned "
                     f"settings, faces {side} pixels wide.")  # fmt: skip
        self.play(FadeIn(notes[1]), run_time=0.5)
        self.hold_caption()
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
            strip_note.add(label(f"{keys} of {st['walk_key_candidates']} random "
                                 "faces, chosen with plain", pal.muted),
                           label("backgrounds so the change is easy to see",
                                 pal.muted))  # fmt: skip
        strip_note.arrange(DOWN, buff=0.08).next_to(strip, UP, 0.15)
        marker = SurroundingRectangle(strip[0], color=pal.accent, buff=0.05)
        marker.add_updater(
            lambda m: m.move_to(strip[int(round(float(ts[at()]))) % keys])
        )
        # both figures are medians: say over what they were taken
        n_faces = len(tr["face"])
        head = label("how much a pixel changes (typical):", pal.muted)
        step = label(f"frame to frame, {len(tr['walk_change'])} steps: "
                     f"{pct(st['walk_change_median'])}", pal.text)  # fmt: skip
        apart = label(f"two of {n_faces} random faces: "
                      f"{pct(st['face_pair_change_median'])}", pal.text)  # fmt: skip
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
        # a longer figure line must not run off the frame's right edge
        spill = said.get_right()[0] - (config.frame_width / 2 - 0.3)
        said.shift(LEFT * max(0.0, spill))
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
        # what the two figures show, and no more: a small move in the numbers
        # gives a small change in the face (a cross-fade would too)
        if smooth:
            self.narrate("So nearby numbers give look-alike faces: move the numbers "
                         "a little, and the face moves a little.")  # fmt: skip
        else:
            self.narrate("So here a small move in the numbers can still change "
                         "the face a lot.")  # fmt: skip
        self.mark_poster()
        self.play(pointer.away(), k.animate.increment_value(speed * 0.4),
                  run_time=0.4, rate_func=linear)  # fmt: skip
        walk_on()
