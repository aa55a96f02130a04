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
from scenes.kit.numbers import millions, pct, plain_time
from scenes.kit.pointer import Pointer
from scenes.kit.text import label
from scenes.kit.tracefile import load_trace


def rgba(rgb: np.ndarray) -> np.ndarray:
    """RGB8 (h, w, 3) -> opaque RGBA8 (h, w, 4)."""
    out = np.empty((*rgb.shape[:2], 4), np.uint8)
    out[..., :3], out[..., 3] = rgb, 255
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


def frame_changes(frames: np.ndarray) -> np.ndarray:
    """How much a pixel changes from each RGB8 frame (n, h, w, 3) to the next,
    the last to the first (the walk is a loop): (n,) mean share of 255."""
    f = frames.astype(np.float64)
    return np.abs(np.roll(f, -1, axis=0) - f).mean((1, 2, 3)) / 255


def edge_strength(picture: np.ndarray) -> float:
    """Mean change between neighbouring pixels of an RGB8 picture's grey, as a
    share of 255: mixing two pictures tends to soften both faces' edges."""
    grey = picture.astype(np.float64).mean(-1)
    across = np.abs(np.diff(grey, axis=1)).mean()
    down = np.abs(np.diff(grey, axis=0)).mean()
    return float((across + down) / 2 / 255)


def sharpest_key(walk: np.ndarray, keys: int) -> int:
    """The key face with the strongest edges: the walk is a loop, so it may
    start there, on the crispest of its faces rather than a smeared one."""
    per_key = len(walk) // keys
    return int(np.argmax([edge_strength(walk[i * per_key]) for i in range(keys)]))


def halfway_pair(
    walk: np.ndarray, keys: int, start: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """On the walk's leg from key ``start`` to the next: the forger's frame at
    the halfway numbers, and a 50/50 mix of the two end frames."""
    per_key = len(walk) // keys
    a, b = start * per_key, ((start + 1) % keys) * per_key
    mix = np.rint((walk[a].astype(np.float64) + walk[b]) / 2).astype(np.uint8)
    return walk[a + per_key // 2], mix


class FaceWalk(FaceScene):
    """A walk through the random numbers from face to face: every frame is the
    generator's own output from its own numbers (shown beside it), and each
    changes only a little from the last, measured at most as well as typically.
    Then the forger's halfway face beside a 50/50 mix of the two end faces. The
    walk never stops while the voice talks about it: each stretch runs as long
    as the line being spoken."""

    title_text = "A walk through the forger's random numbers"
    walk_seconds = 14.0  # one lap of the walk

    def construct(self):
        tr = self.tr
        self.walk_frames, self.zs = tr["walk"], tr["walk_latent"]
        self.keys = len(tr["walk_key"])
        # the walk is a loop: it starts on its crispest face
        self.start = sharpest_key(self.walk_frames, self.keys)
        per_key = len(self.walk_frames) // self.keys
        self.k = ValueTracker(self.start * per_key)  # frame index, nearest shown
        self.speed = len(self.walk_frames) / self.walk_seconds  # frames a second
        self.add_title()
        shown = self.walk_picture()
        strip, strip_note, marker = self.key_strip()
        said, pointer = self.measured(strip)
        self.play(FadeIn(shown[0]), FadeIn(shown[1]), run_time=0.6)
        self.narrate(f"A GAN's forger, the network that draws, turns "
                     f"{self.zs.shape[1]} random numbers into a face.")  # fmt: skip
        self.play(GrowArrow(shown[2]), FadeIn(shown[3]), run_time=0.8)
        self.hold_caption()
        self.narrate("Move the numbers a little at a time, from one face's to the "
                     "next:")  # fmt: skip
        self.play(FadeIn(strip), FadeIn(strip_note), run_time=0.6)
        self.add(marker)
        self.walk_from = self.renderer.time  # tests: the face walks from here on
        self.walk_on()
        self.narrate("every frame is the forger's own drawing, from its own numbers.")
        self.walk_with(FadeIn(shown[4]))
        self.walk_on()
        self.say_figures(said, pointer)
        self.mark_poster()
        self.play(pointer.away(), FadeOut(Group(*shown, strip, strip_note, marker,
                                                said)),
                  self.k.animate.increment_value(self.speed * 0.5), run_time=0.5,
                  rate_func=linear)  # fmt: skip
        self.halfway()

    def at(self) -> int:
        """The walk frame shown now: never a blend, each one an output."""
        return int(round(self.k.get_value())) % len(self.walk_frames)

    def walk_picture(self) -> list:
        """The numbers as cells, their note, the arrow, the face, and the
        frames note; cells and face follow the walk."""
        pal, zs = self.palette, self.zs
        now = self.at()
        cells = crisp_image(number_cells(zs[now], pal), 1.8).move_to([-5.2, 0.3, 0])
        cells.add_updater(
            lambda m: setattr(m, "pixel_array", number_cells(zs[self.at()], pal))
        )
        cells_note = VGroup(label(f"{zs.shape[1]} random numbers", pal.text),
                            label("(lighter: larger)", pal.muted)
                            ).arrange(DOWN, buff=0.08)  # fmt: skip
        cells_note.next_to(cells, DOWN, 0.2)
        big = crisp_image(rgba(self.walk_frames[now]), 4.0).move_to([-1.5, 0.0, 0])
        big.add_updater(
            lambda m: setattr(m, "pixel_array", rgba(self.walk_frames[self.at()]))
        )
        self.big = big
        into = Arrow(cells.get_right(), big.get_left(), buff=0.15, color=pal.muted)
        frames_note = label("each frame drawn from its own numbers", pal.muted)
        frames_note.next_to(big, DOWN, 0.2)
        return [cells, cells_note, into, big, frames_note]

    def key_strip(self) -> tuple:
        """The faces the walk passes through, and a marker on the nearest."""
        pal, walk, keys = self.palette, self.walk_frames, self.keys
        per_key = len(walk) // keys
        strip = Group(*[crisp_image(rgba(walk[i * per_key]), 1.1)
                        for i in range(keys)]).arrange(RIGHT, buff=0.15)  # fmt: skip
        strip.move_to(RIGHT * 3.9 + UP * 1.3)
        strip_note = VGroup(label(f"the {keys} faces it passes through", pal.muted))
        if "walk_key_candidates" in self.tr.stats:  # the keys were picked: said so
            # the engine's rule: the fewest near-black pixels at the border
            strip_note.add(label("(picked: no dark band at the edge)", pal.muted))
        strip_note.arrange(DOWN, buff=0.08).next_to(strip, UP, 0.15)
        ts = self.tr["walk_t"]
        marker = SurroundingRectangle(strip[self.start], color=pal.accent, buff=0.05)
        marker.add_updater(
            lambda m: m.move_to(strip[int(round(float(ts[self.at()]))) % keys])
        )
        return strip, strip_note, marker

    def measured(self, strip: Group) -> tuple:
        """The figures, each with a bar to scale: a frame's change from the
        last (typical and largest, from the walk's frames) and two faces'."""
        pal, st = self.palette, self.tr.stats
        changes = frame_changes(self.walk_frames)
        self.step_typical, self.step_most = np.median(changes), changes.max()
        self.apart = st["face_pair_change_median"]
        head = label("how much a pixel changes (typical):", pal.muted)
        step = label(f"frame to frame: {pct(self.step_typical)} "
                     f"(at most {pct(self.step_most)})", pal.text)  # fmt: skip
        apart = label(f"two different faces it drew: {pct(self.apart)}",
                      pal.text)  # fmt: skip
        longest = 3.0  # scene units, the larger change's bar
        top = max(self.step_most, self.apart)
        bars = [Rectangle(width=max(0.04, longest * v / top), height=0.16,
                          stroke_width=0, fill_color=pal.sample, fill_opacity=1)
                for v in (self.step_most, self.apart)]  # fmt: skip
        step, apart = (VGroup(t, b).arrange(DOWN, aligned_edge=LEFT, buff=0.08)
                       for t, b in zip((step, apart), bars, strict=True))
        said = VGroup(head, step, apart).arrange(DOWN, aligned_edge=LEFT, buff=0.14)
        said.next_to(strip, DOWN, 0.5).align_to(strip, LEFT)
        # a longer figure line must not run off the frame's right edge
        spill = said.get_right()[0] - (config.frame_width / 2 - 0.3)
        said.shift(LEFT * max(0.0, spill))
        return said, Pointer(pal.accent)

    def say_figures(self, said: VGroup, pointer: Pointer):
        """The measured changes, said as each is pointed at; "never jumps" only
        when even the largest frame-to-frame change is far below two faces'."""
        head, step, apart = said
        self.narrate(f"Measured: from one frame to the next, a pixel changes by "
                     f"{pct(self.step_typical)} of the way from black to white, "
                     f"{pct(self.step_most)} at most;")  # fmt: skip
        self.walk_with(FadeIn(head), FadeIn(step), pointer.to(step))
        self.walk_on()
        self.narrate("between two different faces the forger drew, by "
                     f"{pct(self.apart)}.")  # fmt: skip
        self.walk_with(FadeIn(apart), pointer.to(apart))
        self.walk_on()
        if self.step_most < self.apart / 4:
            self.narrate("So the face never jumps: nearby numbers give look-alike "
                         "faces.")  # fmt: skip
        else:
            self.narrate("So here a small move in the numbers can still change "
                         "the face a lot.")  # fmt: skip
        self.walk_on()

    def halfway(self):
        """The forger's face at the halfway numbers beside the two end faces
        mixed 50/50; the line says the mix is softer only when it measures so."""
        pal = self.palette
        drawn, mixed = halfway_pair(self.walk_frames, self.keys, self.start)
        pair = Group(*[
            Group(crisp_image(rgba(p), 3.2),
                  label(words, pal.text)).arrange(DOWN, buff=0.2)
            for p, words in ((drawn, "the forger at the halfway numbers"),
                             (mixed, "the two end faces mixed 50/50"))
        ]).arrange(RIGHT, buff=1.0).move_to(DOWN * 0.1)  # fmt: skip
        self.halfway_pair = pair  # tests read its pictures
        if edge_strength(drawn) > edge_strength(mixed):
            self.narrate("Halfway, the forger draws one face, with sharper edges "
                         "than the two end faces mixed half and half.")  # fmt: skip
        else:
            self.narrate("Halfway: the forger's face, and the two end faces mixed half "
                         "and half.")  # fmt: skip
        self.play(FadeIn(pair), run_time=0.6)
        self.hold_caption()
        self.wait(1.5)

    def walk_with(self, *animations, seconds: float = 0.6):
        """Play ``animations`` while the walk goes on, so it never stops."""
        self.play(*animations, self.k.animate.increment_value(self.speed * seconds),
                  run_time=seconds, rate_func=linear)  # fmt: skip

    def walk_on(self, at_least: float = 1.0):
        """Walk on for as long as the line being spoken (at least
        ``at_least`` seconds), so the face never freezes under the voice."""
        secs = max(at_least, self.caption_left())
        self.play(self.k.animate.increment_value(self.speed * secs), run_time=secs,
                  rate_func=linear)  # fmt: skip
