"""The stage shared by the two scenes of the learned pull (DenoisingField and
FieldSampling): the square plot of 2-pixel pictures with its named axes, the
model's arrows read from the trace's recorded field, the noise reading, and a
point drawn as its 2-pixel picture.

Reads the ``points_diffusion`` trace: ``data``, ``forward``, ``reverse``,
``reverse_x0``, ``reverse_t``, ``noise`` and the field arrays ``field_grid``,
``field_t``, ``field_x0``.
"""

from __future__ import annotations

from manim import *
from scipy.spatial import cKDTree

from engine.core.trace import TraceError
from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.text import label
from scenes.kit.tracefile import load_trace
from scenes.kit.widgets import arrow_field, counter


class FieldStage(ExplainerScene):
    """Base of the field scenes: ``stage()`` loads the trace and builds the
    plot, its axes names, the arrow field (a function of the step shown) and
    the noise reading. Subclasses tell their story in ``construct``."""

    trace_kind = "points_diffusion"
    plot_side = 5.8  # room for the axis names outside the frame
    plot_center = LEFT * 3.5 + UP * 0.55
    arrow_cap = 0.7  # longest arrow drawn, as a share of the drawn grid's spacing
    min_share = 0.45  # shortest arrow drawn, as a share of the longest
    every = 2  # draw the arrows of every other row and column: fewer, bigger
    needs_name = "DenoisingField"  # named in the error for an old trace
    clear_names = False  # leave out the spots whose arrows cross the axis names
    grey_unreached = False  # grey the arrows where training never reached

    def stage(self) -> None:
        """Load the trace and build the shared parts, kept on ``self``."""
        pal = self.palette
        tr = self.tr = load_trace(self.trace_kind)
        missing = [n for n in ("field_grid", "field_t", "field_x0")
                   if n not in tr.arrays]  # fmt: skip
        if missing:
            raise TraceError(
                tr.path,
                f"{self.needs_name} needs the field arrays "
                f"({', '.join(missing)}); re-record with this engine",
            )
        self.extent = float(tr.extents["x"][1])
        grid, field_x0 = tr["field_grid"], tr["field_x0"]
        xs_u, ys_u = np.unique(grid[:, 0]), np.unique(grid[:, 1])
        kept = np.isin(grid[:, 0], xs_u[:: self.every]) & np.isin(
            grid[:, 1], ys_u[:: self.every])
        if self.clear_names:  # the first kept column and row run over the names
            kept &= (grid[:, 0] > xs_u[:: self.every][0]) & (
                grid[:, 1] > ys_u[:: self.every][0])
        self.grid, self.field_x0 = grid[kept], field_x0[:, kept]
        self.field_t = tr["field_t"]
        self.total = int(tr["reverse_t"][0])
        self.spacing = float(np.min(np.diff(np.unique(self.grid[:, 0]))))
        self.scale = (self.plot_side - 0.1) / (2 * self.extent)
        self.frame = Square(self.plot_side, color=pal.muted, stroke_width=2)
        self.frame.move_to(self.plot_center)
        self.plot = self.frame  # tests map data units to pixels through it
        self.shown_t = ValueTracker(float(self.total))  # the step the arrows show
        self.cap = self.arrow_cap * self.spacing
        self.eps = self.spacing / 10
        self.ref = max(float(np.percentile(np.linalg.norm(
            self.field_at(self.total) - self.grid, axis=1), 90)), 1e-9)  # fmt: skip
        self.arrows = arrow_field(
            lambda: self.to_scene(self.reach_ends(True)),
            self.to_scene(self.grid), pal.guess, stroke_width=3.5, tip=0.2,
            min_tip=0.12)  # fmt: skip
        # the arrows at spots training never reached at the noise shown, grey
        # (none while ``grey_unreached`` is off)
        self.far_arrows = arrow_field(
            lambda: self.to_scene(self.reach_ends(False)),
            self.to_scene(self.grid), pal.muted, stroke_width=3.5, tip=0.2,
            min_tip=0.12).set_opacity(0.7)  # fmt: skip
        self.noise_label = counter(
            "noise: {}%", lambda: self.noise_pct(self.current_t()), pal)

    def current_t(self) -> float:
        """The step the arrows and the noise reading show."""
        return self.shown_t.get_value()

    # the field, read from the trace

    def field_at(self, t: float) -> np.ndarray:
        """The model's guesses from every drawn grid spot at step t,
        interpolated between recorded field steps (held at the second
        recorded step: at the very first almost none of the picture is left
        and the guess points anywhere at all)."""
        ft = self.field_t
        t = float(np.clip(t, ft.min(), ft[1]))
        k = int(np.clip(np.searchsorted(-ft, -t), 1, len(ft) - 1))
        t_hi, t_lo = ft[k - 1], ft[k]
        w = (t_hi - t) / max(t_hi - t_lo, 1)
        return (1 - w) * self.field_x0[k - 1] + w * self.field_x0[k]

    def drawn(self, pull: np.ndarray) -> np.ndarray:
        """Each pull's drawn length (data units): one rule for every step, so a
        longer arrow is a stronger pull throughout (log scale, capped), but
        at least ``min_share`` of the cap so its direction can be read."""
        grow = np.log1p(np.linalg.norm(pull, axis=1) / self.eps)
        drawn = np.minimum(self.cap, self.cap * grow / np.log1p(self.ref / self.eps))
        # never shorter than a readable arrow (a shaft, not a bare head)
        return np.maximum(self.min_share * self.cap, drawn)

    def arrow_ends(self, t: float, at: np.ndarray | None = None,
                   guess: np.ndarray | None = None) -> np.ndarray:
        """Arrow tips (data units) from the spots ``at`` (the grid) toward
        ``guess`` (the field at step t), at the drawn length."""
        at = self.grid if at is None else at
        pull = (self.field_at(t) if guess is None else guess) - at
        length = np.linalg.norm(pull, axis=1)
        return at + pull * (self.drawn(pull) / np.maximum(length, 1e-9))[:, None]

    def to_scene(self, xy: np.ndarray) -> np.ndarray:
        """Data units to scene points."""
        xy = np.atleast_2d(xy)
        return (np.column_stack([xy * self.scale, np.zeros(len(xy))])
                + self.plot_center)  # fmt: skip

    def noise_pct(self, t: float) -> int:
        """The noise reading at step t, in whole percent (the trace's share)."""
        share = self.tr["noise"]
        return int(round(100 * float(np.interp(t, np.arange(len(share)), share))))

    def reach_ends(self, keep: bool) -> np.ndarray:
        """Arrow tips (data units) at the step shown of the reached spots
        (keep=True) or the unreached ones (keep=False); the others' tips sit
        on their spots, drawing nothing."""
        t = self.current_t()
        tips = self.arrow_ends(t)
        ok = (self.reached_at(t) if self.grey_unreached
              else np.ones(len(self.grid), bool))  # fmt: skip
        return np.where((ok == keep)[:, None], tips, self.grid)

    def reached_at(self, t: float) -> np.ndarray:
        """Which drawn grid spots training reached at step t: within 3 noise
        widths of a real point (the data shrunk by that level's signal share).
        One rule for both field scenes at every level, 100% included: there
        the shoved points gather round the middle and the far corners are
        rarely reached."""
        s_t = float(np.interp(t, np.arange(len(self.tr["signal"])),
                              self.tr["signal"]))
        n_t = float(np.interp(t, np.arange(len(self.tr["noise"])),
                              self.tr["noise"]))
        return cKDTree(self.tr["data"] * s_t).query(self.grid)[0] < 3 * n_t

    # drawing

    def axes_names(self) -> VGroup:
        """The plot's two axes named as brightness, dark to light, outside its
        frame, under the bottom edge and left of the left edge."""
        pal, f = self.palette, self.frame
        size = style.LABEL_SIZE
        x_name = label("pixel 1 brightness (0 = black, 1 = white)", pal.muted, size)
        x_name.next_to(f.get_bottom(), DOWN, 0.1)
        y_name = label("pixel 2 brightness (0 = black, 1 = white)", pal.muted, size)
        y_name.rotate(PI / 2).next_to(f.get_left(), LEFT, 0.1)
        # the brightness scale's ends, just outside the frame: 0 (black) at
        # the lower left corner, 1 (white) right of the bottom edge's end and
        # above the left edge's end, clear of the names
        ends = VGroup(
            label("0", pal.muted, size).next_to(f.get_corner(DL), DL, 0.06),
            label("1", pal.muted, size).next_to(f.get_corner(DR), RIGHT, 0.06),
            label("1", pal.muted, size).next_to(f.get_corner(UL), UP, 0.06),
        )
        for name in (x_name, y_name, *ends):  # arrows pass under the names
            name.add_background_rectangle(color=pal.background, opacity=0.85)
        return VGroup(x_name, y_name, ends).set_z_index(4)

    def two_pixels(self, xy: np.ndarray, note: str) -> Group:
        """A point drawn as its 2-pixel picture: two grey squares whose
        brightnesses are its two numbers (the plot's range mapped onto
        black..white, 0 to 1), each number printed under its square, with a
        note above."""
        pal = self.palette
        shade = np.clip((np.asarray(xy) + self.extent) / (2 * self.extent), 0, 1)
        grey = (255 * np.repeat(shade[None, :, None], 3, axis=2)).astype(np.uint8)
        img = ImageMobject(grey)
        img.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
        img.stretch_to_fit_width(2.4).stretch_to_fit_height(0.8)
        boxes = VGroup(*[
            Rectangle(width=1.2, height=0.8, stroke_color=pal.muted,
                      stroke_width=2).move_to(img.get_center() + RIGHT * dx)
            for dx in (-0.6, 0.6)
        ])  # fmt: skip
        names = VGroup(*[
            VGroup(label(f"pixel {i}", pal.text, style.LABEL_SIZE),
                   label(f"{v:.2f}", pal.text, style.LABEL_SIZE))
            .arrange(DOWN, buff=0.06).next_to(b, DOWN, 0.08)
            for i, b, v in ((1, boxes[0], shade[0]), (2, boxes[1], shade[1]))
        ])  # fmt: skip
        top = label(note, pal.text, style.LABEL_SIZE)
        pic = Group(img, boxes, names)
        top.next_to(pic, UP, 0.15).align_to(pic, LEFT)
        return Group(top, img, boxes, names)

    def entry(self, mark: Mobject, text: str, colour: str | None = None) -> VGroup:
        """A legend row: a mark and its name."""
        return VGroup(mark, label(text, colour or self.palette.text,
                                  style.LABEL_SIZE)).arrange(RIGHT, buff=0.2)

    def title_block(self, lines: tuple[str, ...]) -> VGroup:
        """The scene's title, in the column beside the plot."""
        pal = self.palette
        title = VGroup(*[label(t, pal.text, style.BODY_SIZE + 6) for t in lines])
        title.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        title.scale_to_fit_width(min(title.width, config.frame_width / 2 - 0.6))
        title.move_to(RIGHT * 0.3 + UP * 3.8, aligned_edge=UL)
        return title
