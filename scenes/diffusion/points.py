"""Chapter 1, diffusion: data destroyed by noise, then drawn back from static.

    manim -pql scenes/diffusion/points.py PointsFlow # Manim's own way
    make scene S=PointsFlow                   # mp4, gif, png and srt in renders/

Every position, step count and schedule value drawn here comes from the
``points_diffusion`` trace recorded by ``python -m engine record points_diffusion``.
"""

from __future__ import annotations

from manim import *
from scipy.interpolate import griddata
from scipy.spatial import cKDTree

from engine.core.trace import TraceError
from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.text import label
from scenes.kit.tracefile import load_trace
from scenes.kit.widgets import (
    arrow_field,
    counter,
    frame_at,
    point_cloud,
    schedule_plot,
)


class PointsFlow(ExplainerScene):
    """Thousands of points dissolve into a Gaussian cloud, then a fresh cloud is
    pulled back into the shape by the trained model, step by step."""

    trace_kind = "points_diffusion"
    plot_side = 5.6  # scene units; the plot is square so x and y share one scale
    plot_center = LEFT * 3.3 + DOWN * 0.15
    forward_seconds = 6.0
    reverse_seconds = 8.0

    def construct(self):
        pal = self.palette
        tr = load_trace(self.trace_kind)
        extent = float(tr.extents["x"][1])
        forward, reverse, guess = tr["forward"], tr["reverse"], tr["reverse_x0"]
        total = int(tr["forward_t"].max())
        n_points = len(tr["data"])

        # Section: the stage. Static parts first, so Manim draws them once per play.
        title = label(
            "Diffusion: destroy with noise, then draw back from static",
            pal.text,
            style.TITLE_SIZE,
        )
        title.scale_to_fit_width(min(title.width, config.frame_width - 1))
        title.to_edge(UP, buff=0.35)
        frame = Square(self.plot_side, color=pal.muted, stroke_width=2)
        frame.move_to(self.plot_center)
        self.plot = frame  # tests map data units to pixels through this square

        # "phase": 0 = forward (noising the data), 1 = reverse (denoising fresh noise)
        phase = {"value": 0}
        guess_on = {"value": False}  # the guess is drawn once it is named
        sample_alpha = ValueTracker(1.0)  # the samples, dimmed under the guess
        step_tracker = ValueTracker(0)  # index into the recorded frames of this phase

        def layers(s: float):
            if phase["value"] == 0:
                return [(frame_at(forward, s), pal.data, 1.0)]
            k = int(np.floor(s))
            drawn = [(frame_at(reverse, s), pal.sample, sample_alpha.get_value())]
            if phase["value"] == 2:  # the end: the data it learned from, under
                # the samples, strong enough to show where they leave room
                return [(forward[0], pal.data, 0.7), *drawn]
            if k >= 1 and guess_on["value"]:  # from its first step, once named
                # over the samples, half see-through: the guess is what the
                # voice speaks of, and the samples still show through it
                drawn.append((frame_at(guess, s), pal.guess, 0.6))
            return drawn

        def current_t() -> float:
            s = step_tracker.get_value()
            return s if phase["value"] == 0 else total - s

        def done() -> int:
            """Steps taken in this phase: noise added, then noise removed."""
            return int(round(step_tracker.get_value()))

        cloud = point_cloud(layers, step_tracker, extent, self.plot_side - 0.1)
        cloud.move_to(self.plot_center)

        panel_left = RIGHT * 0.6
        phase_label = label("Forward: adding noise", pal.data, style.BODY_SIZE + 4)
        phase_label.move_to(panel_left + UP * 2.4, aligned_edge=LEFT)
        steps = counter(f"step {{}} of {total}", done, pal)
        steps.move_to(panel_left + UP * 1.75, aligned_edge=LEFT)
        plot = schedule_plot(
            tr["signal"], tr["noise"], pal, current_t, width=5.2, height=1.9
        )
        plot.move_to(panel_left + DOWN * 0.15, aligned_edge=LEFT)
        legend = self.legend([(pal.data, f"{n_points:,} real data points")])
        # the legend's top under the plot: it grows downwards as entries come,
        # and stays clear of the caption band
        legend_top = plot.get_bottom()[1] - 0.35
        legend.move_to([panel_left[0], legend_top, 0], aligned_edge=UL)

        self.add(title, frame)
        self.play(FadeIn(cloud), FadeIn(legend), run_time=1.0)
        self.paint_once(legend)  # still, beside the plot: painted once a play
        shape = {"moons": "two curves"}.get(str(tr.config.get("dataset")), "a shape")
        self.narrate("Each dot is one example of the data; together they make "
                     f"a pattern: {shape}.")
        self.narrate("A diffusion model learns by watching data get destroyed.")
        self.wait(1.0)

        # Section: forward, the data dissolves into static
        self.play(FadeIn(phase_label), FadeIn(steps), FadeIn(plot), run_time=0.8)
        # The schedule's axes, curves and names stay still; its marker moves.
        self.paint_once(phase_label, *plot.submobjects[:8])
        # two lines, the steps running under each: the picture moves as the
        # voice says it does
        self.narrate(f"In {total} small steps here, a little noise is added each "
                     "time,")  # fmt: skip
        self.play(step_tracker.animate.set_value(total / 2),
                  run_time=max(self.forward_seconds / 2, self.caption_left()),
                  rate_func=linear)  # fmt: skip
        left = float(tr["signal"][-1])
        # one line for the end of the noising and what is left of the shape
        self.narrate(f"until the shape is pure static: only {100 * left:.2f}% "
                     "of the original signal is left.")  # fmt: skip
        # the share said, written at the signal curve's end
        axes = plot.submobjects[0]
        left_note = label(f"step {total}: {100 * left:.2f}%", pal.signal)
        # in the row of the curves' names, at the right end: clear of the
        # falling curve and of the axis name
        left_note.next_to(axes.c2p(total, 1), UP, 0.15).align_to(axes, RIGHT)
        left_note.align_to(plot.submobjects[3], DOWN)
        self.play(step_tracker.animate.set_value(total),
                  run_time=max(self.forward_seconds / 2,
                               self.caption_left() - 0.5),
                  rate_func=linear)  # fmt: skip
        self.play(FadeIn(left_note), run_time=0.5)
        # what it learns to do, shown as the goal: the same steps, undone
        # (the recorded noising played backwards; the model's own run
        # follows). The heading and the voice say so from the replay's first
        # frame, before it can be taken for the model at work.
        learn_label = label("Replay: not the model yet", pal.guess,
                            style.BODY_SIZE + 4)  # fmt: skip
        learn_label.move_to(phase_label, aligned_edge=LEFT)
        # one heading out, then the other in: never the two over each other
        self.play(FadeOut(phase_label), run_time=0.3)
        self.play(FadeIn(learn_label), run_time=0.3)
        self.narrate("Not the model yet: this is the same noising, played "
                     "backwards.")  # fmt: skip
        self.play(step_tracker.animate.set_value(0),
                  run_time=max(2.5, self.caption_left()), rate_func=smooth)
        self.narrate("That is the network's target: to undo the noise one step "
                     "at a time.")  # fmt: skip
        self.hold_caption()
        phase_label = learn_label

        # Section: reverse, fresh noise drawn back into the shape
        reverse_label = label(
            "Reverse: removing noise", pal.sample, style.BODY_SIZE + 4
        )
        reverse_label.move_to(phase_label, aligned_edge=LEFT)
        new_legend = self.legend(
            [
                (pal.sample, "samples, from fresh random noise"),
                (pal.guess, "the model's guess of the finished points"),
            ]
        )
        new_legend.move_to(legend, aligned_edge=UL)
        # the old heading, legend and points go before the new come: no text
        # morphs letter by letter, and the colour changes with the words
        self.play(
            FadeOut(cloud), FadeOut(steps), FadeOut(phase_label), FadeOut(legend),
            run_time=0.5,
        )  # fmt: skip
        phase["value"] = 1
        step_tracker.set_value(0)
        # denoising counts the steps undone (the plot's cursor walks back)
        passes = counter(f"steps undone: {{}} of {total}", done, pal)
        passes.move_to(steps, aligned_edge=LEFT)
        self.play(
            FadeIn(cloud), FadeIn(passes), FadeIn(reverse_label), FadeIn(new_legend),
            run_time=0.8,
        )  # fmt: skip
        self.paint_once(reverse_label, new_legend)
        self.narrate("To generate, the model starts from random noise")
        self.narrate("and removes a little noise at a time.")
        quarter = (len(reverse) - 1) / 4
        self.play(
            step_tracker.animate.set_value(quarter),
            run_time=self.reverse_seconds / 4,
            rate_func=linear,
        )
        self.narrate(
            "Purple: at every step, the model's guess of where the points will end up."
        )
        # the guess appears as it is named; the samples dim under it
        guess_on["value"] = True
        self.play(sample_alpha.animate.set_value(0.45), run_time=0.5)
        self.play(
            step_tracker.animate.set_value(len(reverse) - 1),
            run_time=3 * self.reverse_seconds / 4,
            rate_func=linear,
        )
        self.narrate(f"{n_points:,} new points that follow the pattern of the data.")
        phase["value"] = 2  # the real data, faint, under the samples
        # the guess is gone from the picture, so from the legend too: the real
        # data takes its row
        real_entry = self.legend([(pal.data, "the real data, for comparison")])
        real_entry.move_to(new_legend[1], aligned_edge=LEFT)
        self.play(FadeOut(new_legend[1]), run_time=0.4)
        self.play(FadeIn(real_entry), sample_alpha.animate.set_value(1.0),
                  step_tracker.animate.set_value(len(reverse) - 1),
                  run_time=0.8)  # fmt: skip
        self.mark_poster()
        self.wait(1.9)

    def legend(self, entries: list[tuple[str, str]]) -> VGroup:
        rows = VGroup(
            *[
                VGroup(
                    Dot(color=colour, radius=0.08),
                    label(name, self.palette.text, style.LABEL_SIZE),
                ).arrange(RIGHT, buff=0.2)
                for colour, name in entries
            ]
        )
        return rows.arrange(DOWN, aligned_edge=LEFT, buff=0.15)


class DenoisingField(ExplainerScene):
    """The learned denoising direction as arrows on a grid, from a noisy step
    (everything drifts to the middle) to a late one (sharp, onto the data), with
    points following it."""

    trace_kind = "points_diffusion"
    # the field fills the frame's height on the left (the title sits in the
    # column beside it, over the counter and the legend)
    plot_side = 6.7
    plot_center = LEFT * 3.6 + UP * 0.3
    reverse_seconds = 6.5
    arrow_cap = 0.7  # longest arrow drawn, as a share of the drawn grid's spacing:
    # below 1 with room to spare, so arrows pointing at one spot do not cross
    every = 2  # draw the arrows of every other row and column: fewer, bigger
    inset_side = 3.0  # the empty corner beside the field the notes sit in
    every_k = 5  # points drawn from every 5th recorded step, eased between:
    # each step also adds a fresh random shake, which step by step is a flicker
    followers = 30  # points drawn bright, with short trails, in the slow steps

    def construct(self):
        pal = self.palette
        tr = load_trace(self.trace_kind)
        missing = [
            n for n in ("field_grid", "field_t", "field_x0") if n not in tr.arrays
        ]
        if missing:
            raise TraceError(
                tr.path,
                "DenoisingField needs the field arrays "
                f"({', '.join(missing)}); re-record with this engine",
            )
        extent = float(tr.extents["x"][1])
        grid, field_t, field_x0 = tr["field_grid"], tr["field_t"], tr["field_x0"]
        # every other row and column of the recorded grid: arrows twice as long
        # and heads big enough to see, rather than a hatching of tiny ones
        xs_u, ys_u = np.unique(grid[:, 0]), np.unique(grid[:, 1])
        kept = np.isin(grid[:, 0], xs_u[:: self.every]) & np.isin(
            grid[:, 1], ys_u[:: self.every]
        )
        grid, field_x0 = grid[kept], field_x0[:, kept]
        reverse, steps = tr["reverse"], tr["reverse_t"]
        total = int(steps[0])
        spacing = float(np.min(np.diff(np.unique(grid[:, 0]))))  # drawn grid
        scale = (self.plot_side - 0.1) / (2 * extent)  # scene units per data unit
        centre = self.plot_center

        panel = RIGHT * 0.3  # the left edge of the column beside the field
        title = VGroup(*[
            label(t, pal.text, style.BODY_SIZE + 6)
            for t in ("What the model learned:", "a pull at every place")
        ]).arrange(DOWN, aligned_edge=LEFT, buff=0.15)  # fmt: skip
        title.scale_to_fit_width(min(title.width, config.frame_width / 2 - 0.6))
        title.move_to(panel + UP * 3.8, aligned_edge=UL)
        frame = Square(self.plot_side, color=pal.muted, stroke_width=2).move_to(centre)
        self.plot = frame

        tracker = ValueTracker(0)  # index into the reverse frames
        # the step the arrows and the counter show is held at or below this:
        # the scene opens on a field with little noise left (arrows onto the
        # curves), then raises it to the run's start (arrows to the middle)
        pinned = ValueTracker(float(total))

        def current_t() -> float:
            return min(pinned.get_value(), float(
                np.interp(tracker.get_value(), np.arange(len(steps)), steps)))

        def field_at(t: float) -> np.ndarray:
            """Guesses interpolated between recorded field steps (field_t falls).

            Held at the second recorded step before it: at the very first step
            almost none of the picture is left, and the guess divided by that
            share points anywhere at all."""
            t = float(np.clip(t, field_t.min(), field_t[1]))
            k = np.searchsorted(-field_t, -t)  # first recorded step <= t
            k = int(np.clip(k, 1, len(field_t) - 1))
            t_hi, t_lo = field_t[k - 1], field_t[k]
            w = (t_hi - t) / max(t_hi - t_lo, 1)
            return (1 - w) * field_x0[k - 1] + w * field_x0[k]

        # one rule for every arrow of every step, so a longer arrow is a
        # stronger pull throughout: drawn length grows with the logarithm of
        # the pull (the weak pulls late in the run still differ from each
        # other), the first field's 90th-percentile pull at the cap and only
        # the few longer ones cut to it
        cap = self.arrow_cap * spacing
        ref = max(float(np.percentile(
            np.linalg.norm(field_at(total) - grid, axis=1), 90)), 1e-9)
        eps = spacing / 10  # pulls well under this are drawn near zero

        def drawn(pull: np.ndarray) -> np.ndarray:
            """Each pull's drawn length, in data units."""
            grow = np.log1p(np.linalg.norm(pull, axis=1) / eps)
            return np.minimum(cap, cap * grow / np.log1p(ref / eps))

        def arrow_ends(t: float) -> np.ndarray:
            pull = field_at(t) - grid  # towards the model's guess
            length = np.linalg.norm(pull, axis=1)
            return grid + pull * (drawn(pull) / np.maximum(length, 1e-9))[:, None]

        def to_scene(xy: np.ndarray) -> np.ndarray:
            return np.column_stack([xy * scale, np.zeros(len(xy))]) + centre

        arrows = arrow_field(
            lambda: to_scene(arrow_ends(current_t())),
            to_scene(grid),
            pal.guess,
            stroke_width=3.5,
            tip=0.2,
            min_tip=0.12,  # about 7 px in the GIF: the direction stays visible
        )
        shown = ValueTracker(0.85)  # the new points' opacity: lowered at the end
        key_frames = reverse[:: self.every_k]
        if (len(reverse) - 1) % self.every_k:
            key_frames = np.concatenate([key_frames, reverse[-1:]])

        def pos_at(s: float) -> np.ndarray:
            """The points at step index s, on the smoothed path."""
            return frame_at(key_frames, min(s / self.every_k, len(key_frames) - 1))

        cloud = point_cloud(  # under the arrows, which carry the point
            lambda s: [(pos_at(s), pal.sample, shown.get_value())],
            tracker,
            extent,
            self.plot_side - 0.1,
        )
        cloud.move_to(centre)

        # where the pulls lead: the model's guess of where each of the moving
        # points ends up, on its own square beside the field, over the real
        # data; a blur in the middle at first, the two curves later.
        # The first steps' guesses are the noise divided by the little of the
        # picture left, flung to the edges: shown from the first step whose
        # guesses nearly all lie inside the plot.
        guesses = tr["reverse_x0"]
        inside = (np.abs(guesses) < 0.95 * extent).all(-1).mean(-1)
        first = next((k for k in range(1, len(guesses)) if inside[k] >= 0.99),
                     len(guesses) - 1)  # fmt: skip
        # its foot level with the field's, its name in the gap between them
        inset_centre = (RIGHT * (6.95 - self.inset_side / 2)
                        + UP * (centre[1] - (self.plot_side - self.inset_side) / 2))
        # (not drawn: the notes beside the field are placed by it)
        inset_frame = Square(self.inset_side, color=pal.muted, stroke_width=1.5)
        inset_frame.move_to(inset_centre)
        noise_share = tr["noise"]  # share of noise at each step t (0..1)
        noise_label = counter(
            "noise left: {}%",
            lambda: int(round(100 * float(np.interp(
                current_t(), np.arange(len(noise_share)), noise_share)))),
            pal,
        )  # fmt: skip
        # the noise still in the points, counted down: "200 of 200" reads as
        # "all noise", where "step 0 removed" read as "nothing happening yet"
        steps_label = counter(
            f"steps still to go: {{}} of {total}",
            lambda: int(round(current_t())), pal,
        )  # fmt: skip
        steps_label.next_to(title, DOWN, 0.35).align_to(title, LEFT)
        noise_label.next_to(steps_label, DOWN, 0.2).align_to(title, LEFT)
        # the reading's two ends, beside it, when it is named
        scale_note = VGroup(*[
            label(t, pal.muted, style.LABEL_SIZE)
            for t in ("0% = real", "100% = random scatter")
        ]).arrange(DOWN, aligned_edge=LEFT, buff=0.06)  # fmt: skip
        scale_note.next_to(noise_label, RIGHT, 0.3)
        noise_shown = False  # the reading is shown once it is named

        def entry(mark: Mobject, text: str) -> VGroup:
            return VGroup(mark, label(text, pal.text, style.LABEL_SIZE)).arrange(
                RIGHT, buff=0.2
            )

        pull_entry = entry(
            Arrow(ORIGIN, RIGHT * 0.5, buff=0, color=pal.guess, stroke_width=3,
                  tip_length=0.12),
            "longer arrow = stronger pull",
        )  # fmt: skip
        real_entry = entry(  # as the data is drawn: small dots, over the samples
            Dot(color=pal.data, radius=0.06),
            "the real data: the shape to reach",
        )
        sample_entry = entry(
            Dot(color=pal.sample, radius=0.08, fill_opacity=0.85),
            f"{reverse.shape[1]:,} new points, from random noise",
        )
        legend = VGroup(pull_entry, real_entry, sample_entry).arrange(
            DOWN, aligned_edge=LEFT, buff=0.22
        )
        legend.next_to(noise_label, DOWN, 0.3).align_to(title, LEFT)

        # the data the model learned from, as small dots over the new points
        # (never hidden under them): the shape to reach stays in view
        real_op = ValueTracker(0.9)  # lowered a moment at the end
        # while on, the real data are drawn noised to the step the reading
        # shows (the trace's own forward noise): what "noise left" means
        shoving = ValueTracker(0)
        real = point_cloud(lambda s: [(
            tr["forward"][int(round(pinned.get_value()))]
            if shoving.get_value() > 0.5 else tr["forward"][0], pal.data,
                                       real_op.get_value())], tracker,
                           extent, self.plot_side - 0.1,
                           radius_px=1.3).move_to(centre)  # fmt: skip
        self.add(title, frame, real)
        # the field first at a step with little noise left, where the pull is
        # easy to read: the latest recorded step whose pulls are still at
        # least 40% as long (on average) as at the run's start
        size = np.array([np.linalg.norm(f - grid, axis=1).mean()
                         for f in field_x0])  # fmt: skip
        strong = np.flatnonzero(size >= 0.4 * size[1])
        calm = int(field_t[strong[-1]]) if len(strong) else total
        near_data = cKDTree(tr["data"])
        p_calm = field_at(calm) - grid
        to_data = tr["data"][near_data.query(grid)[1]] - grid
        onto = float(np.median((p_calm * to_data).sum(1) / np.maximum(
            np.linalg.norm(p_calm, axis=1) * np.linalg.norm(to_data, axis=1),
            1e-9)))  # fmt: skip
        pinned.set_value(calm)
        steps_label.update()  # drawn at that step before it fades in
        noise_label.update()
        arrows.update()
        # what a point is, before anything else: the link to picture models;
        # one real point marked, then the curves it lies on
        mark_at = to_scene(tr["data"][np.argmax(tr["data"][:, 0])][None])[0]
        one_pic = VGroup(
            Circle(radius=0.2, color=pal.text, stroke_width=4).move_to(mark_at),
            label("1 point stands in for 1 picture", pal.text,
                  style.LABEL_SIZE + 2),
        ).set_z_index(6)
        # its name in the column beside the field, a thin line to the ring
        one_pic[1].next_to(frame, RIGHT, 0.3).set_y(mark_at[1])
        one_pic.add(Line(one_pic[0].get_right(), one_pic[1].get_left(),
                         color=pal.text, stroke_width=2, buff=0.08))  # fmt: skip
        self.narrate("In this toy, each point stands in for a picture: real "
                     "pictures would have millions of numbers, here just two,")
        # a 2-pixel picture: two squares whose brightnesses are the marked
        # point's two numbers (x and y, read off the trace, each mapped from
        # the plot's range onto black..white)
        xy_pt = tr["data"][np.argmax(tr["data"][:, 0])]
        shade = np.clip((xy_pt + extent) / (2 * extent), 0, 1)
        # (the two pixels drawn as an image, nearest-neighbour: two flat
        # squares of grey)
        grey = (255 * np.repeat(shade[None, :, None], 3, axis=2)).astype(np.uint8)
        pix_img = ImageMobject(grey)
        pix_img.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
        pix_img.stretch_to_fit_width(1.4).stretch_to_fit_height(0.7)
        pixels = VGroup(*[
            Square(0.7, stroke_color=pal.muted, stroke_width=2)
            .move_to(pix_img.get_center() + RIGHT * dx)
            for dx in (-0.35, 0.35)
        ])  # fmt: skip
        pix_names = VGroup(*[
            label(f"{n} = {v:.1f}", pal.text, style.LABEL_SIZE)
            for n, v in zip(("x", "y"), xy_pt, strict=True)
        ]).arrange(DOWN, aligned_edge=LEFT, buff=0.08)  # fmt: skip
        pix_names.next_to(pixels, RIGHT, 0.25)
        pix_note = label("a 2-pixel picture: brightness = x, y",
                         pal.text, style.LABEL_SIZE)
        picture = Group(pix_img, pixels, pix_names)
        pix_note.next_to(picture, UP, 0.15).align_to(picture, LEFT)
        picture.add(pix_note)
        picture.next_to(one_pic[1], DOWN, 0.35).align_to(one_pic[1], LEFT)
        self.play(FadeIn(one_pic), run_time=0.6)
        self.play(FadeIn(picture), Indicate(one_pic[0], color=pal.text),
                  run_time=max(0.5, self.caption_left()))  # fmt: skip
        self.narrate("and the real pictures lie on these two curves.")
        self.play(FadeOut(one_pic), FadeOut(picture), FadeIn(real_entry),
                  run_time=0.6)  # fmt: skip
        self.play(real.animate.set_opacity(0.3), run_time=0.5)
        self.play(real.animate.set_opacity(1.0),
                  run_time=max(0.5, self.caption_left()))  # fmt: skip
        self.narrate("A model trained on them gives, at every spot, a pull: an "
                     "arrow toward where it guesses real data is.")  # fmt: skip
        # the arrows grow in as the pull is named
        # (the step counter waits until the steps are named)
        self.play(FadeIn(arrows), FadeIn(pull_entry),
                  run_time=max(0.8, min(2.5, self.caption_left())))  # fmt: skip
        self.paint_once(pull_entry, real_entry)  # still: painted once a play
        self.hold_caption()
        # a few spots right beside the shape, spread around it: the same ones
        # are ringed in every field shown (little noise, all noise, the end)
        g_far = np.linalg.norm(grid[:, None] - tr["data"][None], axis=-1).min(1)
        by_data = g_far < 0.5 * spacing
        near_idx = np.flatnonzero(by_data)
        angle = np.arctan2(grid[near_idx, 1], grid[near_idx, 0])
        near_idx = near_idx[np.argsort(angle)]
        picked = near_idx[np.linspace(0, len(near_idx), 4, endpoint=False)
                          .astype(int)] if len(near_idx) else near_idx  # fmt: skip

        def ringed() -> VGroup:
            return VGroup(*[
                Circle(radius=0.3, color=pal.text, stroke_width=4).move_to(p)
                for p in to_scene(grid[picked])
            ])  # fmt: skip

        kept_rings = None  # the rings of the first field, kept as it changes
        if calm < total and onto > 0.8:
            # three arrows right beside a curve, ringed, each drawn bright
            # from its spot to a dot where the model's guess is
            g_off = np.linalg.norm(grid[:, None] - tr["data"][None],
                                   axis=-1).min(1)  # fmt: skip
            cos = (p_calm * to_data).sum(1) / np.maximum(
                np.linalg.norm(p_calm, axis=1) * np.linalg.norm(to_data, axis=1),
                1e-9)  # fmt: skip
            ok = np.flatnonzero((g_off < spacing) & (g_off > 0.3 * spacing)
                                & (cos > 0.9))  # fmt: skip
            if len(ok):
                ang = np.arctan2(grid[ok, 1], grid[ok, 0])
                ok = ok[np.argsort(ang)]
                three = ok[np.linspace(0, len(ok), min(3, len(ok)),
                                       endpoint=False).astype(int)]  # fmt: skip
                # the spots ringed in every field, if their pulls too run
                # onto the nearest curve at this step
                if len(picked) and float(np.min(cos[picked])) > 0.8:
                    three = picked
                tgt = to_scene(field_at(calm)[three])
                src = to_scene(grid[three])
                onto_marks = VGroup(*[
                    VGroup(
                        Circle(radius=0.3, color=pal.text,
                               stroke_width=4).move_to(a),
                        Arrow(a, b, buff=0, color=pal.text, stroke_width=6,
                              tip_length=0.18,
                              max_tip_length_to_length_ratio=0.5),
                        Cross(stroke_color=pal.guess, stroke_width=5,
                              scale_factor=0.1).move_to(b),
                    )
                    for a, b in zip(src, tgt, strict=True)
                ]).set_z_index(5)  # fmt: skip
                # noise for one point: the same real point, shoved by the
                # trace's own forward noise at that step
                # (one shoved about as far as most at that step, 9 in 10
                # shoved less, landing well inside the plot)
                hop = np.linalg.norm(tr["forward"][calm] - tr["forward"][0], axis=1)
                hop[np.abs(tr["forward"][calm]).max(1) > 0.8 * extent] = np.inf
                i_pt = int(np.argmin(np.abs(hop - np.percentile(hop, 90))))
                # better: one shoved into empty space (not onto the other
                # curve) whose pull there, at that step, aims back home
                k_calm = int(np.argmin(np.abs(field_t - calm)))
                f_now = tr["forward"][calm]
                back_all = griddata(tr["field_grid"], tr["field_x0"][k_calm],
                                    f_now)  # fmt: skip
                w_all, h_all = back_all - f_now, tr["forward"][0] - f_now
                c_all = (w_all * h_all).sum(1) / np.maximum(
                    np.linalg.norm(w_all, axis=1) * np.linalg.norm(h_all, axis=1),
                    1e-9)  # fmt: skip
                lost = near_data.query(f_now)[0]
                fine = (np.isfinite(hop) & (hop <= np.percentile(hop[np.isfinite(
                    hop)], 90)) & (np.nan_to_num(c_all) > 0.9))  # fmt: skip
                if fine.any():
                    i_pt = int(np.argmax(np.where(fine, lost, -1.0)))
                # many real points shoved at once by the trace's own forward
                # noise at that step; those landing near one spot (the one
                # picked above) are then traced back to where they came from
                calm_pct = round(100 * float(noise_share[calm]))
                f0 = tr["forward"][0]
                spot = f_now[i_pt]
                near_d = np.linalg.norm(f_now - spot, axis=1)
                group_idx = np.argsort(near_d)[:25]
                rng = np.random.default_rng(0)
                others = rng.choice(np.setdiff1d(np.arange(len(f0)), group_idx),
                                    size=min(90, len(f0) - 25), replace=False)
                # the few shoved outside the plot are not drawn
                others = others[np.abs(f_now[others]).max(1) < 0.95 * extent]
                movers = np.concatenate([group_idx, others])
                dots = VGroup(*[
                    Dot(p, radius=0.05, color=pal.noise)
                    for p in to_scene(f0[movers])
                ]).set_z_index(6)  # fmt: skip
                shove_note = VGroup(*[
                    label(t, pal.noise, style.LABEL_SIZE + 2)
                    for t in ("noise = a random shove", "off the curve",
                              f"noise added: {calm_pct}%")
                ]).arrange(DOWN, aligned_edge=LEFT, buff=0.1)  # fmt: skip
                shove_note.next_to(legend, DOWN, 0.4).align_to(legend, LEFT)
                self.narrate("Noise is a random shove: it knocks real points "
                             "off their curves.")  # fmt: skip
                self.play(FadeIn(dots), FadeIn(shove_note), FadeOut(arrows),
                          run_time=0.5)  # fmt: skip
                landed = to_scene(f_now[movers])
                self.play(*[d.animate.move_to(q) for d, q in zip(dots, landed,
                                                                 strict=True)],
                          run_time=max(1.0, self.caption_left()))  # fmt: skip
                # where the ones near the spot came from, their average, and
                # the model's pull at the spot (its guess there, interpolated
                # from the full recorded grid at the same step)
                came = f0[group_idx].mean(0)
                back_to = griddata(tr["field_grid"], tr["field_x0"][k_calm],
                                   spot[None])[0]  # fmt: skip
                now = to_scene(spot[None])[0]
                origin = to_scene(came[None])[0]
                ring = Circle(radius=np.linalg.norm(
                    landed[:25] - now, axis=1).max() + 0.1, color=pal.text,
                    stroke_width=3).move_to(now)  # fmt: skip
                lines = VGroup(*[
                    Line(q, p, color=pal.data, stroke_width=2, stroke_opacity=0.7)
                    for q, p in zip(landed[:25], to_scene(f0[group_idx]),
                                    strict=True)
                ]).set_z_index(5)  # fmt: skip
                avg_mark = VGroup(
                    Cross(stroke_color=pal.data, stroke_width=6,
                          scale_factor=0.13).move_to(origin),
                ).set_z_index(7)
                avg_note = VGroup(*[
                    label(t, pal.data, style.LABEL_SIZE + 2)
                    for t in ("X: where the ringed ones", "came from, on average")
                ]).arrange(DOWN, aligned_edge=LEFT, buff=0.1)  # fmt: skip
                avg_note.next_to(shove_note, DOWN, 0.3).align_to(shove_note, LEFT)
                # said as measured: does the pull there aim at that average?
                w_pull, w_avg = back_to - spot, came - spot
                aims = float(np.nan_to_num(w_pull @ w_avg / max(
                    np.linalg.norm(w_pull) * np.linalg.norm(w_avg), 1e-9)))
                self.narrate(
                    "Trained on many shoves, its pull at the shoved spot points "
                    + ("" if aims > 0.9 else "roughly ")
                    + "to where such shoved points came from, on average.")
                span = max(3.0, self.caption_left())
                self.play(FadeIn(ring), *[d.animate.set_opacity(0.25)
                                          for d in dots[25:]],
                          run_time=0.15 * span)  # fmt: skip
                self.play(LaggedStart(*[Create(x) for x in lines],
                                      lag_ratio=0.05), run_time=0.3 * span)
                self.play(FadeIn(avg_mark), FadeIn(avg_note), run_time=0.15 * span)
                pull_back = VGroup()
                if np.all(np.isfinite(back_to)):
                    pull_back = VGroup(
                        Arrow(now, to_scene(back_to[None])[0], buff=0.05,
                              color=pal.guess, stroke_width=8, tip_length=0.24,
                              max_tip_length_to_length_ratio=0.5),
                        label("its pull", pal.guess, style.LABEL_SIZE + 2)
                        .next_to(avg_note, DOWN, 0.25).align_to(avg_note, LEFT),
                    ).set_z_index(8)  # fmt: skip
                    self.play(lines.animate.set_stroke(opacity=0.3),
                              *[d.animate.set_opacity(0.35) for d in dots[:25]],
                              GrowArrow(pull_back[0]), FadeIn(pull_back[1]),
                              run_time=0.2 * span)  # fmt: skip
                self.wait(max(0.1, self.caption_left() - 0.5))
                self.play(*[FadeOut(m) for m in (dots, ring, lines, avg_mark,
                                                 avg_note, pull_back,
                                                 shove_note)],
                          run_time=0.4)  # fmt: skip
                # the scale read on the data itself: the one reading runs
                # down to 0% (the real picture), up to 100% as the real
                # points are shoved into static, and back; named here, where
                # making new points will count it down
                self.narrate("Making points, we will count the noise left: "
                             "0% is real data, 100% random scatter.")  # fmt: skip
                self.play(FadeIn(noise_label), FadeIn(scale_note), run_time=0.4)
                noise_shown = True
                span = max(3.0, self.caption_left())
                self.play(pinned.animate.set_value(0), run_time=0.25 * span)
                shoving.set_value(1)
                self.play(pinned.animate.set_value(total), run_time=0.45 * span,
                          rate_func=linear)  # fmt: skip
                self.play(pinned.animate.set_value(0), run_time=0.3 * span)
                shoving.set_value(0)
                self.narrate(("With little noise" if calm_pct <= 30 else
                              f"At {calm_pct}% left")
                             + ", the arrows point back onto the curves.")
                self.play(pinned.animate.set_value(calm), FadeIn(arrows),
                          run_time=0.8)  # fmt: skip
                guess_key = entry(
                    Cross(stroke_color=pal.guess, stroke_width=5,
                          scale_factor=0.1), "its guess: where the",
                )
                guess_key.add(label("point came from", pal.text, style.LABEL_SIZE)
                              .next_to(guess_key[1], DOWN, 0.06)
                              .align_to(guess_key[1], LEFT))  # fmt: skip
                guess_key.next_to(legend, DOWN, 0.4).align_to(legend, LEFT)
                self.play(FadeIn(onto_marks), FadeIn(guess_key), run_time=0.6)
                self.hold_caption()
                self.play(FadeOut(guess_key), run_time=0.3)
                if three is picked:  # the rings stay as the field changes
                    kept_rings = VGroup(*[m[0] for m in onto_marks])
                    self.play(*[FadeOut(m[1:]) for m in onto_marks],
                              run_time=0.4)  # fmt: skip
                else:
                    self.play(FadeOut(onto_marks), run_time=0.4)
        # the first field's arrows near the data: toward the middle, or not
        p0, mid = field_at(total) - grid, -grid
        towards = (p0 * mid).sum(1) / np.maximum(
            np.linalg.norm(p0, axis=1) * np.linalg.norm(mid, axis=1), 1e-9)
        # the noise first, then what the first field answers to it: the new
        # points, pure static, dimmed under the arrows so the arrows stay in view
        shown.set_value(0.55)
        # the field changes in place as the reading climbs to the run's start
        # (all noise left), said as it happens, the same spots ringed
        middle = bool(by_data.any()) and float(np.mean(towards[by_data])) > 0.8
        self.narrate("A different set of pulls for each amount of noise left: "
                     + ("with all of it left, a point could have come from "
                        "anywhere, so the best guess is the average of "
                        "everything, the middle." if middle else
                        "with all of it left, the model can guess only "
                        "roughly."))  # fmt: skip
        if not noise_shown:
            self.play(FadeIn(noise_label), FadeIn(scale_note), run_time=0.4)
        rings = kept_rings if kept_rings is not None else ringed()
        rings.set_z_index(5)
        if kept_rings is None:
            self.play(FadeIn(rings), run_time=0.4)
        self.play(pinned.animate.set_value(total),
                  run_time=min(3.0, max(1.0, self.caption_left() - 2.0)))
        if middle:
            # each ringed arrow redrawn bright at a fixed length along its own
            # pull; the middle marked as the average of the real data
            way = p0[picked] / np.maximum(
                np.linalg.norm(p0[picked], axis=1), 1e-9)[:, None]
            avg_at = to_scene(tr["data"].mean(0)[None])[0]
            to_mid = VGroup(VGroup(
                Cross(stroke_color=pal.text, stroke_width=5,
                      scale_factor=0.12).move_to(avg_at),
                label("average", pal.text, style.LABEL_SIZE)
                .add_background_rectangle(color=pal.background, opacity=0.85)
                .next_to(avg_at, DOWN, 0.15),
            ), *[
                Arrow(p, p + np.append(w, 0) * 0.6, buff=0, color=pal.text,
                      stroke_width=7, tip_length=0.22,
                      max_tip_length_to_length_ratio=0.5)
                for p, w in zip(to_scene(grid[picked]), way, strict=True)
            ]).set_z_index(5)  # fmt: skip
            ring_note = VGroup(*[
                label(t, pal.text, style.LABEL_SIZE)
                for t in ("ringed: the same spots,",
                          "now pointing to the middle")
            ]).arrange(DOWN, aligned_edge=LEFT, buff=0.1)  # fmt: skip
            ring_note.next_to(legend, DOWN, 0.4).align_to(legend, LEFT)
            self.play(FadeIn(to_mid), FadeIn(ring_note), run_time=0.5)
            self.hold_caption()
            self.play(FadeOut(rings), FadeOut(to_mid), FadeOut(ring_note),
                      run_time=0.4)  # fmt: skip
        else:
            self.hold_caption()
            self.play(FadeOut(rings), run_time=0.4)
        # the new points, pure static, dimmed under the arrows so the arrows
        # stay in view
        shown.set_value(0.55)
        steps_label.update()
        self.narrate(f"Now, making new pictures: start from pure random "
                     f"noise, {total} steps to go.")  # fmt: skip
        # the real data stays only as a faint reference, said to be unseen
        # by the model while it makes new points
        real_cmp = VGroup(*[
            label(t, pal.data, style.LABEL_SIZE)
            for t in ("real data, for comparison:", "the model does not see it")
        ]).arrange(DOWN, aligned_edge=LEFT, buff=0.06)  # fmt: skip
        real_cmp.move_to(real_entry[1], aligned_edge=LEFT)
        self.play(FadeIn(cloud), FadeIn(sample_entry), FadeIn(steps_label),
                  FadeOut(title), FadeOut(real_entry[1]), FadeIn(real_cmp),
                  real_op.animate.set_value(0.4), run_time=0.6)  # fmt: skip
        new_title = label("Making new pictures", pal.text, style.BODY_SIZE + 6)
        new_title.match_height(title[0]).move_to(title[0], aligned_edge=LEFT)
        self.play(FadeIn(new_title), run_time=0.4)
        self.bring_to_front(real, arrows)
        self.hold_caption()
        early = max(first + 1.0, 0.06 * (len(steps) - 1))
        # single steps, slowed, on three points: each move split, as the
        # sampler makes it, into the part set by the model's guess (the
        # posterior mean, from the recorded guess and the noise schedule)
        # and the random shake (the rest of the recorded move)
        ab = tr["signal"] ** 2

        def split(k: int) -> tuple[np.ndarray, np.ndarray]:
            """The steady part and the shake of the move from frame k to k+1."""
            t = int(steps[k])
            beta = 1 - ab[t] / ab[t - 1]
            c0 = np.sqrt(ab[t - 1]) * beta / (1 - ab[t])
            cx = np.sqrt(1 - beta) * (1 - ab[t - 1]) / (1 - ab[t])
            mean = c0 * guesses[k + 1] + cx * reverse[k]
            return mean - reverse[k], reverse[k + 1] - mean

        k0 = 2 if len(steps) > 4 else 0  # an early step: big enough to see
        steady, shake = split(k0)
        aim = guesses[k0 + 1] - reverse[k0]
        along = (steady * aim).sum(1) / np.maximum(
            np.linalg.norm(steady, axis=1) * np.linalg.norm(aim, axis=1), 1e-9)
        # three points well inside the plot, on different sides, whose steady
        # part runs along the pull and is long enough to see
        inner = np.abs(reverse[k0:k0 + 3]).max((0, 2)) < 0.6 * extent
        ok3 = np.flatnonzero(inner & (along > 0.95))
        if len(ok3) < 3:
            ok3 = np.flatnonzero(inner) if inner.sum() >= 3 else np.arange(3)
        ang3 = np.arctan2(reverse[k0][ok3, 1], reverse[k0][ok3, 0])
        sector = ((ang3 + np.pi) // (2 * np.pi / 3)).astype(int)
        three_pts = [
            int(ok3[sector == j][np.argmax(np.linalg.norm(
                steady[ok3[sector == j]], axis=1))])
            if (sector == j).any() else int(ok3[j])
            for j in range(3)
        ]  # fmt: skip
        three_pts = list(dict.fromkeys(three_pts))
        moves = (np.linalg.norm(steady, axis=1).mean(),
                 np.linalg.norm(shake, axis=1).mean())  # fmt: skip

        def step_marks(k: int) -> VGroup:
            st, sh = split(k)
            group = VGroup()
            for j in three_pts:
                a = to_scene(reverse[k][j][None])[0]
                m = to_scene((reverse[k][j] + st[j])[None])[0]
                b = to_scene(reverse[k + 1][j][None])[0]
                group.add(VGroup(
                    Dot(a, radius=0.08, color=pal.text),
                    Arrow(a, m, buff=0, color=pal.guess, stroke_width=7,
                          tip_length=0.16, max_tip_length_to_length_ratio=0.5),
                    DashedLine(m, b, color=pal.muted, stroke_width=5,
                               dash_length=0.06).add_tip(tip_length=0.14),
                    Dot(b, radius=0.08, color=pal.sample),
                ))  # fmt: skip
            return group.set_z_index(6)

        step_key = VGroup(
            entry(Arrow(ORIGIN, RIGHT * 0.5, buff=0, color=pal.guess,
                        stroke_width=7, tip_length=0.14), "step along its pull"),
            entry(DashedLine(ORIGIN, RIGHT * 0.5, color=pal.muted, stroke_width=5,
                             dash_length=0.06), "then a random shake"),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)  # fmt: skip
        step_key.next_to(legend, DOWN, 0.4).align_to(legend, LEFT)
        self.narrate("Each step, every point moves along its pull, plus a "
                     "random shake; the first steps are the biggest.")  # fmt: skip
        self.play(shown.animate.set_value(0.2), tracker.animate.set_value(k0),
                  FadeOut(arrows), run_time=0.6)  # fmt: skip
        first_step = step_marks(k0)
        self.play(FadeIn(step_key), *[FadeIn(g[0]) for g in first_step],
                  run_time=0.4)  # fmt: skip
        for part in (1, 2, 3):
            self.play(*[Create(g[part]) if part < 3 else FadeIn(g[part])
                        for g in first_step], run_time=0.9)  # fmt: skip
        self.play(tracker.animate.set_value(k0 + 1), run_time=0.5)
        self.hold_caption()
        # over many steps of one point, the pulls laid head to tail and the
        # shakes laid head to tail from the same start: what share of their
        # summed length each keeps (measured over every point)
        n_chain = int(min(40, len(steps) - 2 - k0))
        parts = [split(k) for k in range(k0, k0 + n_chain)]
        st_all = np.stack([p[0] for p in parts])  # steps x points x 2
        sh_all = np.stack([p[1] for p in parts])
        kp_each = (np.linalg.norm(st_all.sum(0), axis=1)
                   / np.maximum(np.linalg.norm(st_all, axis=-1).sum(0), 1e-9))
        ks_each = (np.linalg.norm(sh_all.sum(0), axis=1)
                   / np.maximum(np.linalg.norm(sh_all, axis=-1).sum(0), 1e-9))
        kept_pull, kept_shake = float(np.median(kp_each)), float(np.median(ks_each))
        # a typical point (its two shares nearest the medians), starting
        # well inside the plot
        typical = np.abs(kp_each - kept_pull) + np.abs(ks_each - kept_shake)
        typical[np.abs(reverse[k0]).max(1) > 0.5 * extent] = np.inf
        j = int(np.argmin(typical))
        start = reverse[k0][j]
        pull_way = to_scene(start + np.concatenate(
            [np.zeros((1, 2)), np.cumsum(st_all[:, j], 0)]))
        shake_way = to_scene(start + np.concatenate(
            [np.zeros((1, 2)), np.cumsum(sh_all[:, j], 0)]))
        chains = VGroup(
            VGroup(*[Line(a, b, color=pal.guess, stroke_width=5)
                     for a, b in zip(pull_way[:-1], pull_way[1:], strict=True)]),
            VGroup(*[Line(a, b, color=pal.muted, stroke_width=3)
                     for a, b in zip(shake_way[:-1], shake_way[1:], strict=True)]),
            Dot(pull_way[0], radius=0.08, color=pal.text),
        ).set_z_index(6)  # fmt: skip
        chain_note = VGroup(*[
            label(t, c, style.LABEL_SIZE)
            for t, c in ((f"{n_chain} steps of one point:", pal.text),
                         (f"pulls added: {100 * kept_pull:.0f}% of their length kept",
                          pal.guess),
                         (f"shakes added: {100 * kept_shake:.0f}% kept", pal.muted))
        ]).arrange(DOWN, aligned_edge=LEFT, buff=0.08)  # fmt: skip
        chain_note.next_to(step_key, DOWN, 0.3).align_to(step_key, LEFT)
        # the shake is said at its measured size against the steady part,
        # and whether it cancels out, by the shares kept
        self.narrate(
            ("The shake is bigger, but random: " if moves[1] > moves[0]
             else "The shake is smaller than the pull, and random: ")
            + (f"over {n_chain} steps the shakes mostly cancel, while the "
               "pulls add up." if kept_pull > 2 * kept_shake else
               f"over {n_chain} steps the shakes cancel only partly."))
        self.play(FadeOut(first_step), FadeIn(chains[2]), FadeIn(chain_note),
                  run_time=0.4)  # fmt: skip
        self.play(Create(chains[0]), Create(chains[1]),
                  run_time=max(1.0, self.caption_left() - 0.3), rate_func=linear)
        # why the sampler shakes at all: the standard reason, variety
        self.narrate("The fresh shake each step is there for variety: it keeps "
                     "new points from all landing on the same few spots.")
        self.play(Indicate(chains[1], color=pal.text),
                  run_time=max(0.5, self.caption_left() - 0.5))
        self.play(FadeOut(chains), FadeOut(chain_note), FadeOut(step_key),
                  run_time=0.4)  # fmt: skip
        self.play(FadeIn(arrows), run_time=0.4)
        # the first steps taken, under the next line: the cloud draws in
        early = max(first + 1.0, 0.06 * (len(steps) - 1), k0 + 2.0)
        # one point followed: a ring on it in the field, a ring on its guess
        # in the square, a thin line between, so each guess is tied to a point
        # (one that ends far out on a curve, away from the middle)
        # one that ends on the data and, while its guess is shown, sits far
        # from that guess (well inside the plot), so the arrow between shows
        end_off = cKDTree(tr["data"]).query(reverse[-1])[0]
        k_see = min(int(early) + 2, len(steps) - 1)
        gap = np.linalg.norm(reverse[k_see] - guesses[k_see], axis=1)
        ok1 = ((end_off <= np.median(end_off))
               & (np.abs(reverse[int(early):k_see + 1]).max((0, 2))
                  < 0.75 * extent))  # fmt: skip
        one = int(np.argmax(gap * ok1))

        def pair() -> tuple[np.ndarray, np.ndarray]:
            s_now = max(tracker.get_value(), first)
            a = pos_at(tracker.get_value())[one] * scale
            b = frame_at(guesses, s_now)[one] * scale
            return (np.append(a, 0) + centre, np.append(b, 0) + centre)

        def trail(points: list[np.ndarray], colour: str) -> VGroup:
            """A fading trail through the given spots, newest last."""
            n = len(points) - 1
            return VGroup(*[
                Line(points[i], points[i + 1], color=colour, stroke_width=4,
                     stroke_opacity=0.15 + 0.75 * (i + 1) / n)
                for i in range(n)
                if np.linalg.norm(points[i + 1] - points[i]) > 1e-3
            ])  # fmt: skip

        def back(s: float) -> list[float]:
            """Step indices over the last few steps before s, oldest first."""
            return [max(first, s - d) for d in np.linspace(8, 0, 9)]

        def linked() -> VGroup:
            # the followed point's own pull, drawn to its guess, marked in its
            # own colour with a fading trail of where the guess was
            a, b = pair()
            s = tracker.get_value()
            g_way = [np.append(frame_at(guesses, u)[one] * scale, 0) + centre
                     for u in back(max(s, first))]  # fmt: skip
            got = VGroup(
                Arrow(a, b, buff=0.1, color=pal.guess, stroke_width=6,
                      tip_length=0.2, max_tip_length_to_length_ratio=0.3),
                Cross(stroke_color=pal.guess, stroke_width=6,
                      scale_factor=0.14).move_to(b),
            ).set_z_index(6)
            # its name at one fixed place, in the corner beside the field, a
            # thin line to the mark
            name = label("its guess", pal.guess, style.LABEL_SIZE + 2)
            name.add_background_rectangle(color=pal.background, opacity=0.85)
            name.next_to(frame, RIGHT, 0.3).align_to(frame, DOWN).shift(UP * 0.2)
            return VGroup(*got, trail(g_way, pal.guess).set_z_index(5),
                          Line(b, name.get_left(), color=pal.guess,
                               stroke_width=1.5, buff=0.15,
                               stroke_opacity=0.6).set_z_index(6),
                          name.set_z_index(6))

        def followed() -> VGroup:
            # the point itself drawn big and white, a ring round it and a
            # fading trail of where it was over the last steps: it stands out
            # of the cloud and is seen to move
            s = tracker.get_value()
            way = [np.append(pos_at(u)[one] * scale, 0) + centre
                   for u in [max(0.0, s - d) for d in np.linspace(8, 0, 9)]]
            return VGroup(
                Dot(way[-1], radius=0.075, color=pal.text),
                Circle(radius=0.17, color=pal.text, stroke_width=3.5).move_to(way[-1]),
                trail(way, pal.text),
            ).set_z_index(6)

        point_ring = always_redraw(followed)
        # the point first, said; then its guess, the line between and its name
        # the bright few step aside: one point is followed from here
        self.play(FadeIn(point_ring),
                  shown.animate.set_value(0.55), run_time=0.4)  # fmt: skip
        self.narrate("Follow this one point:")
        self.play(tracker.animate.set_value(early + 1),
                  run_time=max(1.0, self.caption_left()), rate_func=linear)  # fmt: skip
        early = early + 1
        link = always_redraw(linked)
        self.narrate("Its pull points at the model's guess of where it will "
                     "finish: for now, near the middle.")  # fmt: skip
        self.play(FadeIn(link), run_time=0.6)
        self.guess_mark = link  # tests find the guess drawn in the field
        self.play(tracker.animate.set_value(early + 2),
                  run_time=max(1.0, self.caption_left()), rate_func=linear)
        early = early + 2
        # two moves, each under its line: the guess stretches out (until its
        # spread across reaches 90% of its last, measured on the trace), then
        # the points catch up with it
        spread = guesses[:, :, 0].std(1)
        wide = np.flatnonzero(spread[int(early):] >= 0.9 * spread[-1])
        stretched = int(early) + int(wide[0]) if len(wide) else len(steps) - 1
        # and sits on the curves: its typical distance to the real data
        # within twice its last (the line is said while that happens)
        g_tree = cKDTree(tr["data"])
        g_off = np.array([np.median(g_tree.query(f)[0]) for f in guesses])
        close = np.flatnonzero(g_off[int(early):] <= 2 * g_off[-1])
        if len(close):
            stretched = min(max(stretched, int(early) + int(close[0])),
                            len(steps) - 2)  # fmt: skip
        # from here the steps run fast: said on screen beside the counter
        fast = label("fast forward >>", pal.text, style.LABEL_SIZE)
        # in the gap between the field and the guesses, at their foot
        fast.next_to(inset_frame, LEFT, 0.3).align_to(inset_frame, DOWN)
        self.play(FadeIn(fast), run_time=0.3)
        self.narrate("As the noise drops, the guess moves out onto a "
                     "curve.")  # fmt: skip
        self.play(tracker.animate.set_value(stretched),
                  run_time=max(0.5 * self.reverse_seconds, self.caption_left()),
                  rate_func=linear)  # fmt: skip
        # the points reach the shape late (the noise left in them shrinks
        # last): the run is paced half by steps, half by how far the points
        # still are from the real data, so the last steps are not a blink
        tree = cKDTree(tr["data"])
        off = np.array([tree.query(f)[0].mean() for f in reverse[stretched:]])
        gone = np.abs(np.diff(off, prepend=off[0])).cumsum()
        pace = 0.5 * np.linspace(0, 1, len(off)) + 0.5 * gone / max(gone[-1], 1e-9)
        ks = np.linspace(0, 1, len(off))

        def paced(a: float) -> float:
            return float(np.interp(a, pace, ks))

        # how many end on the data: within the widest gap between a real
        # point and its nearest neighbour
        reach = float(tree.query(tr["data"], k=2)[0][:, 1].max())
        on = float((tree.query(reverse[-1])[0] <= reach).mean())
        # how far a point moves in one step, first tenth of the run against
        # the last: the pulls shrink as the noise runs out (said while the
        # last steps run, slowed so the smaller moves can be seen)
        moved = np.linalg.norm(np.diff(reverse, axis=0), axis=-1).mean(1)
        tenth = max(1, len(moved) // 10)
        smaller = moved[-tenth:].mean() < 0.5 * moved[:tenth].mean()
        end_drawn = drawn(field_at(0) - grid)
        start_drawn = drawn(field_at(total) - grid)
        shrinks = smaller and np.mean(end_drawn) < 0.6 * np.mean(start_drawn)
        last = len(steps) - 1
        mid = stretched + paced(0.7) * (last - stretched) if shrinks else last
        self.narrate("The points follow, and "
                     + ("all" if on >= 0.999 else "almost all" if on >= 0.9
                        else "most") + " land on the shape of the real data: "
                     "each finished point is a new picture.")  # fmt: skip
        self.play(tracker.animate.set_value(mid),
                  run_time=max(0.7 * self.reverse_seconds, self.caption_left()),
                  rate_func=lambda a: paced(a * 0.7) / max(paced(0.7), 1e-9)
                  if shrinks else paced(a))  # fmt: skip
        again = again_note = None  # the rings drawn again, if they are
        if shrinks:
            self.narrate("As the noise runs out, the pulls shrink: each step "
                         "moves a point less.")  # fmt: skip
            if len(picked):
                again = ringed().set_z_index(5)
                again_note = VGroup(*[
                    label(t, pal.text, style.LABEL_SIZE)
                    for t in ("ringed: the same", "spots as before,",
                              "their pulls now short")
                ]).arrange(DOWN, aligned_edge=LEFT, buff=0.1)  # fmt: skip
                again_note.next_to(inset_frame, LEFT, 0.3)
                again_note.align_to(inset_frame, DOWN).shift(UP * 1.4)
                self.play(FadeIn(again), FadeIn(again_note), run_time=0.5)
            self.play(tracker.animate.set_value(last),
                      run_time=max(1.5, self.caption_left()), rate_func=linear)
        self.bring_to_front(real, arrows)
        # the run is over: the fast-forward tag goes before the poster frame
        # (the rings and their note go too: alone they say nothing)
        self.play(FadeOut(fast), FadeOut(link), shown.animate.set_value(0.85),
                  real_op.animate.set_value(0.9),
                  *[FadeOut(m) for m in (again, again_note) if m is not None],
                  run_time=0.5)  # fmt: skip
        self.mark_poster()
        # the takeaway, said and written in the column beside the field; the
        # real data steps aside a moment so the new points alone show the shape
        self.narrate("That is how a diffusion model draws: start from noise, "
                     "follow the pulls, step by step.")  # fmt: skip
        takeaway = VGroup(*[
            label(t, pal.text, style.LABEL_SIZE + 2)
            for t in ("start: random noise", "then: follow the pulls",
                      "step by step", "end: new pictures")
        ]).arrange(DOWN, aligned_edge=LEFT, buff=0.12)  # fmt: skip
        takeaway.next_to(inset_frame, LEFT, 0.3).align_to(inset_frame, DOWN)
        self.play(FadeIn(takeaway),
                  real_op.animate.set_value(0.0), run_time=0.8)  # fmt: skip
        self.wait(max(0.5, self.caption_left() - 1.0))
        self.play(real_op.animate.set_value(0.9),
                  run_time=max(0.5, self.caption_left()))  # fmt: skip
