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

from scenes.diffusion.field_stage import FieldStage
from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.text import label
from scenes.kit.tracefile import load_trace
from scenes.kit.widgets import (
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


class DenoisingField(FieldStage):
    """What the trained model learned, as arrows on a grid: a point is a 2-pixel
    picture, noise a random shove; at one noise level, shoved points landing
    near one noisy point (chosen so their average lands nearest a curve),
    where each came from and their average (the X), the pull pointing at it;
    the arrows at full noise (to the middle), then down to the lowest level
    where several reached arrows sit plainly off the curves, the spots
    training never reached greyed, and the furthest few of those with their
    line drawn on, dotted, to where it meets a curve. Each level is said before the
    reading moves. Reads ``data``, ``forward``, ``forward_t``, ``reverse``,
    ``reverse_t``, ``signal``, ``noise`` and the field arrays."""

    needs_name = "DenoisingField"
    sweep_seconds = 3.0  # the sweep of the noise, 0% to the top, at the least
    low_seconds = 1.6  # the arrows turning, full noise down to the low level
    min_share = 1.0  # every arrow drawn one length: its direction is the pull
    clear_names = True  # no arrow runs over the axis names
    off_needed = 6  # reached arrows seen off the curves at the low level shown
    n_came = 10  # shoved points in the worked example: few, so each is seen
    least_zoom = 1.5  # the worked example's close-up, drawn only if it gains this
    grey_unreached = True  # arrows where training rarely reached drawn grey

    def construct(self):
        self.stage()
        pal, tr = self.palette, self.tr
        grid, extent, spacing = self.grid, self.extent, self.spacing
        to_scene, total = self.to_scene, self.total
        data, forward, fwd_t = tr["data"], tr["forward"], tr["forward_t"]
        frame, arrows, shown_t = self.frame, self.arrows, self.shown_t
        title = self.title_block(("From any noisy spot:",
                                  "which way back to the data"))  # fmt: skip
        near_data = cKDTree(data)

        # the real data, and a grey copy of it noised to the step shown
        real_op = ValueTracker(1.0)
        copy_op = ValueTracker(0.0)
        tracker = ValueTracker(0)  # redraws the clouds every frame

        def noised() -> np.ndarray:
            s = float(np.interp(shown_t.get_value(), fwd_t, np.arange(len(fwd_t))))
            return frame_at(forward, s)

        real = point_cloud(lambda s: [(data, pal.data, real_op.get_value())],
                           tracker, extent, self.plot_side - 0.1,
                           radius_px=1.3).move_to(self.plot_center)  # fmt: skip
        copy = point_cloud(lambda s: [(noised(), pal.muted, copy_op.get_value())],
                           tracker, extent, self.plot_side - 0.1,
                           radius_px=1.3).move_to(self.plot_center)  # fmt: skip
        # a white halo under the curves: they are pointed out by an outline
        # that comes and goes, never by dimming them
        glow_op = ValueTracker(0.0)
        glow = point_cloud(lambda s: [(data, pal.text, glow_op.get_value())],
                           tracker, extent, self.plot_side - 0.1,
                           radius_px=3.2).move_to(self.plot_center)  # fmt: skip
        axes = self.axes_names()
        self.add(title, frame, axes, glow, real, copy)

        # Beat 1: one point is one 2-pixel picture
        mark = data[np.argmax(data[:, 0])]
        mark_at = to_scene(mark)[0]
        ring = Circle(radius=0.2, color=pal.text, stroke_width=4).move_to(mark_at)
        picture = self.two_pixels(mark, "this point as a picture:")
        off = near_data.query(grid)[0]
        picture.next_to(title, DOWN, 0.6).align_to(title, LEFT)
        link = Line(ring.get_right(), picture.get_left(), color=pal.text,
                    stroke_width=2, buff=0.08)  # fmt: skip
        one_pt = Dot(mark_at, radius=0.08, color=pal.data).set_z_index(7)
        real_op.set_value(0.0)
        # what the scene is for, over the data from the first word; then what
        # a point is: one 2-pixel picture
        self.narrate("Diffusion makes a picture by removing noise a little at "
                     "a time.")  # fmt: skip
        self.play(FadeIn(axes), real_op.animate.set_value(1.0), run_time=0.8)
        self.hold_caption()
        self.narrate("Each point is a picture of two pixels; its numbers are "
                     "their brightnesses.")  # fmt: skip
        self.play(FadeIn(one_pt), Create(ring), run_time=0.5)
        self.play(FadeIn(picture), Create(link),
                  run_time=max(0.5, self.caption_left()))  # fmt: skip
        real_entry = self.entry(Dot(color=pal.data, radius=0.06),
                                "the data (made-up pictures)")  # fmt: skip
        real_entry.next_to(title, DOWN, 0.95).align_to(title, LEFT)
        # then the data: a made-up collection that forms two curves
        self.narrate("Our made-up pictures form two blue curves.")
        self.play(FadeOut(ring), FadeOut(picture), FadeOut(link), FadeOut(one_pt),
                  run_time=0.3)  # fmt: skip
        self.play(real_op.animate.set_value(1.0), FadeIn(real_entry),
                  run_time=0.4)  # fmt: skip
        self.play(glow_op.animate.set_value(0.8), run_time=0.5)
        self.play(glow_op.animate.set_value(0.0),
                  run_time=max(0.5, self.caption_left()))  # fmt: skip

        # Beat 2: noise, read on one slow sweep of a grey copy of the data
        # the scale's two ends as the trace reads them: the voice and the
        # noise reading say the same rounded figure
        lo, hi = self.noise_pct(0), self.noise_pct(total)
        ends = [label(t, pal.text, style.LABEL_SIZE + 2)
                for t in (f"{lo}%: the data", f"{hi}%: random scatter")]
        shown_t.set_value(0)
        self.noise_label.update()
        self.noise_label.next_to(title, DOWN, 0.35).align_to(title, LEFT)
        copy_entry = self.entry(Dot(color=pal.muted, radius=0.06),
                                "a copy of the data, noised", pal.muted)
        copy_entry.next_to(real_entry, DOWN, 0.22).align_to(title, LEFT)
        for e in ends:
            e.next_to(copy_entry, DOWN, 0.4).align_to(title, LEFT)
        # one real point and its shove, drawn as "a random shove" is said
        mid_f = forward[len(forward) // 2]
        hop1 = np.linalg.norm(mid_f - forward[0], axis=1)
        inside = np.abs(mid_f).max(1) < 0.7 * extent
        i1 = int(np.argmax(np.where(inside, np.minimum(hop1, 0.5 * extent), -1.0)))
        s_from, s_to = to_scene(forward[0][i1])[0], to_scene(mid_f[i1])[0]
        one_shove = VGroup(
            Dot(s_from, radius=0.08, color=pal.data),
            Arrow(s_from, s_to, buff=0.0, color=pal.noise, stroke_width=8,
                  tip_length=0.24, max_tip_length_to_length_ratio=0.5),
            Dot(s_to, radius=0.08, color=pal.noise),
            label("one shove", pal.noise, style.LABEL_SIZE + 2)
            .add_background_rectangle(color=pal.background, opacity=0.85)
            .next_to(s_to, DOWN, 0.15),
        ).set_z_index(8)  # fmt: skip
        self.narrate("Noise is a random shove.")
        self.play(FadeIn(one_shove[0]), real_op.animate.set_value(0.4),
                  run_time=0.3)  # fmt: skip
        self.play(GrowArrow(one_shove[1]), FadeIn(one_shove[2:]),
                  run_time=max(0.6, self.caption_left() - 0.2))  # fmt: skip
        self.hold_caption()
        # the top figure said only once the reading has reached it: never
        # "100%" heard over a 99% reading
        self.narrate(f"The noise level is the shoves' size: from {lo}%, the "
                     "data itself,")  # fmt: skip
        self.play(FadeOut(one_shove), real_op.animate.set_value(0.2),
                  copy_op.animate.set_value(1.0),
                  real_entry.animate.set_opacity(0.4), FadeIn(copy_entry),
                  FadeIn(self.noise_label), FadeIn(ends[0]), run_time=0.6)
        self.wait(0.8)
        self.play(FadeOut(ends[0]), run_time=0.3)
        self.play(shown_t.animate.set_value(total),
                  run_time=max(self.sweep_seconds, self.caption_left()),
                  rate_func=linear)  # fmt: skip
        self.narrate(f"to {hi}%, random scatter.")
        self.play(FadeIn(ends[1]), run_time=0.4)
        self.hold_caption()

        # Beat 3: training shoves at a middle level; the pull points back
        size = np.array([np.linalg.norm(f - grid, axis=1).mean()
                         for f in self.field_x0])  # fmt: skip
        strong = np.flatnonzero(size >= 0.4 * size[1])
        calm = int(self.field_t[strong[-1]]) if len(strong) else total
        k_calm = int(np.argmin(np.abs(self.field_t - calm)))
        self.shown_calm = calm  # the level the arrows first show (tests)
        f_idx = int(np.argmin(np.abs(fwd_t - calm)))
        f0, f_now = forward[0], forward[f_idx]
        hop = np.linalg.norm(f_now - f0, axis=1)
        hop[np.abs(f_now).max(1) > 0.8 * extent] = np.inf
        back_all = griddata(tr["field_grid"], tr["field_x0"][k_calm], f_now)
        w_all, h_all = back_all - f_now, f0 - f_now
        c_all = (w_all * h_all).sum(1) / np.maximum(
            np.linalg.norm(w_all, axis=1) * np.linalg.norm(h_all, axis=1), 1e-9)
        finite = np.isfinite(hop)
        fine = (finite & (hop <= np.percentile(hop[finite], 90))
                & (np.nan_to_num(c_all) > 0.9))  # fmt: skip
        lost = near_data.query(f_now)[0]
        # each shoved point's X: the average origin of the ``n_came`` shoved
        # points nearest it, and how far that X sits from every real point
        x_off = self.x_off_data(f0, f_now, near_data, k=self.n_came)
        i_pt = self.worked_spot(fine, lost, x_off)
        if i_pt < 0:
            i_pt = int(np.argmin(np.abs(hop - np.percentile(hop[finite], 90))))
        spot = f_now[i_pt]
        n_came = self.n_came
        group_idx = np.argsort(np.linalg.norm(f_now - spot, axis=1))[:n_came]
        rng = np.random.default_rng(0)
        others = rng.choice(np.setdiff1d(np.arange(len(f0)), group_idx),
                            size=min(90, len(f0) - n_came), replace=False)
        others = others[np.abs(f_now[others]).max(1) < 0.95 * extent]
        movers = np.concatenate([group_idx, others])
        dots = VGroup(*[Dot(p, radius=0.05, color=pal.noise)
                        for p in to_scene(f0[movers])]).set_z_index(6)
        shove_note = VGroup(*[
            label(t, pal.noise, style.LABEL_SIZE + 2)
            for t in ("training: real points, each given",
                      "a random shove at this noise")
        ]).arrange(DOWN, aligned_edge=LEFT, buff=0.1)  # fmt: skip
        shove_note.next_to(copy_entry, DOWN, 0.3).align_to(title, LEFT)
        self.narrate("In training, real points get shoves like these, here at "
                     f"{self.noise_pct(calm)}%.")  # fmt: skip
        # the shoves land on the grey copy noised to the same level: one spread
        self.play(FadeOut(ends[1]), shown_t.animate.set_value(calm),
                  run_time=1.2)  # fmt: skip
        # the orange shoves take the grey copy's place: one kind of noised dot
        self.play(copy_op.animate.set_value(0.0), real_op.animate.set_value(1.0),
                  real_entry.animate.set_opacity(1.0), FadeIn(dots),
                  FadeOut(copy_entry), FadeIn(shove_note),
                  run_time=0.5)  # fmt: skip
        landed = to_scene(f_now[movers])
        self.play(*[d.animate.move_to(q) for d, q in zip(dots, landed, strict=True)],
                  run_time=max(1.0, self.caption_left()))  # fmt: skip
        came = f0[group_idx].mean(0)
        back_to = griddata(tr["field_grid"], tr["field_x0"][k_calm], spot[None])[0]
        now, origin = to_scene(spot)[0], to_scene(came)[0]
        ring = Circle(radius=np.linalg.norm(landed[:n_came] - now, axis=1).max()
                      + 0.1,
                      color=pal.text, stroke_width=3).move_to(now)
        ring_name = label("a noisy point", pal.text, style.LABEL_SIZE + 2)
        ring_name.add_background_rectangle(color=pal.background, opacity=0.85)
        # named on the side away from its X, so the name never covers it
        ring_name.next_to(ring, DOWN if origin[1] > now[1] else UP, 0.1)
        ring_name.shift(RIGHT * max(0.0, self.frame.get_left()[0] + 0.1
                                    - ring_name.get_left()[0]))
        ring_name.shift(LEFT * max(0.0, ring_name.get_right()[0]
                                   - self.frame.get_right()[0] + 0.1))
        ring_name.set_z_index(9)
        # each line ends on a blue dot: the real point that shoved point
        # came from, so the starts the X averages are seen, not only said
        lines = VGroup(*[
            VGroup(Line(q, p, color=pal.text, stroke_width=3, stroke_opacity=0.9),
                   Dot(p, radius=0.07, color=pal.data, stroke_color=pal.text,
                       stroke_width=1.5))
            for q, p in zip(landed[:n_came], to_scene(f0[group_idx]), strict=True)
        ]).set_z_index(5)  # fmt: skip
        avg_mark = Cross(stroke_color=pal.text, stroke_width=9,
                         scale_factor=0.24).move_to(origin).set_z_index(9)
        avg_note = VGroup(*[
            label(t, pal.text, style.LABEL_SIZE + 2)
            for t in ("white lines: where each came from",
                      "X: the average of those blue dots")
        ]).arrange(DOWN, aligned_edge=LEFT, buff=0.1)  # fmt: skip
        avg_note.next_to(shove_note, DOWN, 0.3).align_to(title, LEFT)
        w_pull, w_avg = back_to - spot, came - spot
        aims = float(np.nan_to_num(w_pull @ w_avg / max(
            np.linalg.norm(w_pull) * np.linalg.norm(w_avg), 1e-9)))
        # one element at a time, each named as it appears: the noisy point,
        # where its shoved points came from, their average, then the pull
        spot_dot = Dot(now, radius=0.13, color=pal.noise, stroke_color=pal.text,
                       stroke_width=3).set_z_index(9)  # fmt: skip
        pull_to = to_scene(back_to)[0] if np.all(np.isfinite(back_to)) else now
        close = self.close_up(now, landed[:n_came], to_scene(f0[group_idx]),
                              origin, pull_to, ring.radius)
        self.narrate("Many shoved points land near this one noisy point.")
        self.play(FadeIn(ring), FadeIn(ring_name), FadeIn(spot_dot),
                  *[FadeIn(close[k]) for k in ("box", "spot") if close],
                  real_op.animate.set_value(0.2),
                  *[d.animate.set_opacity(0.1) for d in dots[n_came:]],
                  run_time=max(0.6, min(1.2, self.caption_left())))  # fmt: skip
        self.hold_caption()
        self.narrate("White lines: where each one came from.")
        self.play(LaggedStart(*[Create(x) for x in lines], lag_ratio=0.05),
                  *([LaggedStart(*[Create(x) for x in close["lines"]],
                                 lag_ratio=0.05)] if close else []),
                  FadeIn(avg_note[0]),
                  run_time=max(1.0, self.caption_left()))  # fmt: skip
        pull_back = VGroup()
        if np.all(np.isfinite(back_to)):
            pull_back = VGroup(
                Arrow(now, to_scene(back_to)[0], buff=0.0, color=pal.guess,
                      stroke_width=16, tip_length=0.36,
                      max_tip_length_to_length_ratio=0.6),
                label("its pull points at the X" if aims > 0.9 else
                      "its pull points near the X", pal.guess,
                      style.LABEL_SIZE + 2)
                .next_to(avg_note, DOWN, 0.25).align_to(title, LEFT),
            ).set_z_index(8)  # fmt: skip
        self.narrate("X is their average. The model, a network, learns this "
                     "pull: it "
                     + ("points at X." if aims > 0.9 else "points roughly at X."))
        self.play(FadeIn(avg_mark), *([FadeIn(close["x"])] if close else []),
                  FadeIn(avg_note[1]),
                  run_time=0.6)  # fmt: skip
        if len(pull_back):
            self.play(*[g[0].animate.set_stroke(opacity=0.25)
                        for g in (*lines, *close.get("lines", []))],
                      *[d.animate.set_opacity(0.15) for d in dots[:n_came]],
                      run_time=0.3)  # fmt: skip
            self.play(GrowArrow(pull_back[0]),
                      *([GrowArrow(close["pull"])] if close else []),
                      FadeIn(pull_back[1]),
                      run_time=max(0.6, self.caption_left() - 0.2))  # fmt: skip
        self.hold_caption()
        # the X is an average: said as a blend when it sits off the curves
        usual = float(np.median(near_data.query(data, k=2)[0][:, 1]))
        self.blend = float(near_data.query(came)[0]) > 5 * usual
        if self.blend:
            blend_note = label("X: a blend of both curves, not a real picture",
                               pal.text, style.LABEL_SIZE + 2)
            blend_note.add_background_rectangle(color=pal.background, opacity=0.85)
            blend_note.next_to(avg_mark, DOWN, 0.2).set_z_index(9)
            blend_note.shift(RIGHT * max(0.0, self.frame.get_left()[0] + 0.1
                                         - blend_note.get_left()[0]))
            blend_note.shift(LEFT * max(0.0, blend_note.get_right()[0]
                                        - self.frame.get_right()[0] + 0.1))
            self.narrate("At this much noise, X is a blend of both curves, not "
                         "a real picture.")  # fmt: skip
            self.play(FadeIn(blend_note), Indicate(avg_mark, color=pal.text),
                      run_time=max(0.6, min(1.5, self.caption_left())))
            self.hold_caption()
            self.play(FadeOut(blend_note), run_time=0.3)

        # Beat 4: the same at every spot gives the arrows: first at the worked
        # example's own level, then the level said and turned up to 100%
        to_data = data[near_data.query(grid)[1]] - grid
        pull_entry = self.entry(
            Arrow(ORIGIN, RIGHT * 0.5, buff=0, color=pal.guess, stroke_width=3,
                  tip_length=0.12), "the pull (direction only)")
        pull_entry.next_to(real_entry, DOWN, 0.22).align_to(title, LEFT)
        p0, mid = self.field_at(total) - grid, -grid
        towards = (p0 * mid).sum(1) / np.maximum(
            np.linalg.norm(p0, axis=1) * np.linalg.norm(mid, axis=1), 1e-9)
        by_data = near_data.query(grid)[0] < 0.5 * spacing
        middle = bool(by_data.any()) and float(np.mean(towards[by_data])) > 0.8
        grey_entry = self.entry(
            Arrow(ORIGIN, RIGHT * 0.5, buff=0, color=pal.muted, stroke_width=6,
                  tip_length=0.14), "grey: training rarely got here", pal.muted)
        grey_more = label("at this noise", pal.muted, style.LABEL_SIZE + 2)
        grey_entry.next_to(pull_entry, DOWN, 0.22).align_to(title, LEFT)
        grey_more.next_to(grey_entry[1], DOWN, 0.08).align_to(grey_entry[1], LEFT)
        avg_at = to_scene(data.mean(0))[0]
        centre_mark = VGroup(
            Cross(stroke_color=pal.text, stroke_width=6,
                  scale_factor=0.14).move_to(avg_at),
            label("average", pal.text, style.LABEL_SIZE + 2)
            .add_background_rectangle(color=pal.background, opacity=1.0)
            .next_to(avg_at, DOWN, 0.3),
        ).set_z_index(9)  # fmt: skip
        # Beat 5: down to a lower level, said before the reading moves. The
        # level shown: the lowest recorded one at which at least
        # ``off_needed`` arrows that training reached start more than one
        # drawn arrow length from every real point, so they are seen off
        # the curves, aiming back. A spot further than 3 noise widths from
        # every real point (the data shrunk by that level's signal share) was
        # never trained at that level, and its arrow turns grey
        reached_at = self.reached_at  # the rule shared with FieldSampling
        # a few real points, each given its training shove at the noise shown:
        # the orange cloud shrinks onto the curves as the noise reading falls
        train_op = ValueTracker(0.0)
        few_idx = np.random.default_rng(1).choice(
            len(data), size=min(900, len(data)), replace=False)
        train = point_cloud(
            lambda s: [(noised()[few_idx], pal.noise, train_op.get_value())],
            tracker, extent, self.plot_side - 0.1,
            radius_px=1.8).move_to(self.plot_center)  # fmt: skip
        train.set_z_index(3)

        clear_off = off > self.cap  # more than one drawn arrow off the curves
        seen, k_seen = np.zeros(len(grid), bool), int(np.argmax(self.field_t))
        for k in np.argsort(self.field_t):
            ok = reached_at(float(self.field_t[k])) & clear_off
            if ok.sum() >= self.off_needed:
                seen, k_seen = ok, int(k)
                break
        t_seen = int(self.field_t[k_seen])
        p_k, h_k = self.field_x0[k_seen][seen] - grid[seen], to_data[seen]
        cos_seen = (p_k * h_k).sum(1) / np.maximum(
            np.linalg.norm(p_k, axis=1) * np.linalg.norm(h_k, axis=1), 1e-9)
        nearest = bool(seen.any()) and float(np.median(cos_seen)) > 0.8
        self.reach = (reached_at, nearest, t_seen)
        self.off_seen = int(seen.sum())  # for the tests
        greys = ~reached_at(t_seen)
        self.greys = int(greys.sum())
        train_entry = self.entry(Dot(color=pal.noise, radius=0.07),
                                 "training shoves at this noise", pal.noise)
        # the arrows shown first at 100%: from there a spot could have come
        # from anywhere, so the pull is to the middle; the training shoves at
        # that noise are one round cloud about the middle (the signal share
        # near 0), so the corners are grey by the one rule, said so
        train_entry.next_to(grey_more, DOWN, 0.22).align_to(title, LEFT)
        grey_full = bool((~reached_at(float(total))).any())
        s_full = float(np.interp(total, np.arange(len(tr["signal"])),
                                 tr["signal"]))  # fmt: skip
        self.round_grey = grey_full and s_full < 0.1  # for the tests
        self.narrate("Doing that everywhere gives the arrows. High noise "
                     f"first, {self.noise_pct(total)}%:")  # fmt: skip
        self.play(*[FadeOut(m) for m in (dots, lines, avg_mark, avg_note, ring,
                                         ring_name, shove_note, spot_dot,
                                         *close.values(),
                                         *pull_back)],
                  real_op.animate.set_value(1.0), run_time=0.5)  # fmt: skip
        self.play(shown_t.animate.set_value(total), run_time=0.6)
        if not grey_full:  # redrawn each frame: added, not faded
            self.add(self.far_arrows)
        self.play(FadeIn(arrows), FadeIn(pull_entry),
                  run_time=max(0.6, self.caption_left() - 0.1))  # fmt: skip
        self.narrate("a spot could have come from anywhere, "
                     + ("so they point to the middle: the average of "
                        "everything." if middle else
                        "so the model can guess only roughly."))  # fmt: skip
        if middle:
            self.play(FadeIn(centre_mark), run_time=0.5)
        self.hold_caption()
        if grey_full:
            self.narrate("Shoves here make one round middle cloud: the grey "
                         "corners are rarely reached." if self.round_grey else
                         "Grey where training shoves rarely land: there the "
                         "model only guesses.")  # fmt: skip
            self.add(train, self.far_arrows)  # the grey come as they are said
            self.play(FadeIn(grey_entry), FadeIn(grey_more), FadeIn(train_entry),
                      train_op.animate.set_value(0.9),
                      real_op.animate.set_value(0.3), run_time=0.8)  # fmt: skip
            self.hold_caption()
        # down to the low level in the pause before it is said, so the
        # reading already shows the figure the voice names
        come = ([] if grey_full else
                [FadeIn(grey_entry), FadeIn(grey_more), FadeIn(train_entry),
                 train_op.animate.set_value(0.9)])  # fmt: skip
        if not grey_full:
            self.add(train)
        self.play(FadeOut(centre_mark), *come, real_op.animate.set_value(0.8),
                  shown_t.animate.set_value(t_seen), run_time=self.low_seconds,
                  rate_func=linear)  # fmt: skip
        # there a spot could have come only from a curve close by
        self.narrate(f"Now low, {self.noise_pct(t_seen)}%: "
                     + ("a spot could only have come from a curve near it."
                        if nearest else "the training dots stay nearer the "
                        "curves."))  # fmt: skip
        self.hold_caption()
        # the takeaway, said of the reached arrows as measured: how many of
        # them, followed straight on, run into a curve
        reached_now = np.flatnonzero(~greys)
        lands = [self.landing(grid[i], self.field_x0[k_seen][i], near_data,
                              3 * usual, 3 * extent) for i in reached_now]
        hit_share = float(np.mean([p is not None for p in lands])) if lands else 0.0
        self.hit_share = hit_share  # for the tests
        word = ("every arrow points" if hit_share >= 0.999 else
                "most arrows point" if hit_share >= 0.5 else None)
        take = VGroup(*[
            label(t, pal.text, style.LABEL_SIZE + 2)
            for t in (({"every arrow points": "Every reached arrow points",
                        "most arrows point": "Most reached arrows point"}[word],
                       "at a curve.") if word else
                      ("Reached arrows point roughly",
                       "toward the curves."))
        ]).arrange(DOWN, aligned_edge=LEFT, buff=0.1)  # fmt: skip
        take.add(label("dotted: the arrow's line,", pal.text,
                       style.LABEL_SIZE + 2),
                 label("to where it meets a curve", pal.text,
                       style.LABEL_SIZE + 2))
        take.arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        take.next_to(train_entry, DOWN, 0.4).align_to(title, LEFT)
        # the aim shown, not only said: the reached arrows furthest off the
        # curves (picked by distance, not by how well they aim), each ringed,
        # its line drawn on dotted to where it first meets the data (ringed
        # too); an arrow whose line misses gets no dotted line
        seen_at = np.flatnonzero(seen)
        picked = seen_at[self.furthest_apart(grid[seen_at], off[seen_at],
                                             2 * spacing)]
        ends = [self.landing(grid[i], self.field_x0[k_seen][i], near_data,
                             3 * usual, 3 * extent) for i in picked]
        picked = np.array([i for i, e in zip(picked, ends, strict=True)
                           if e is not None], dtype=int)
        self.aim_picked = picked  # for the tests
        target = np.array([e for e in ends if e is not None]).reshape(-1, 2)
        mids = 0.5 * (grid[picked] + self.arrow_ends(t_seen)[picked])
        aim = VGroup(*[
            VGroup(Circle(radius=0.36, color=pal.text,
                          stroke_width=3).move_to(m),
                   DashedLine(a, b, color=pal.text, stroke_width=4,
                              dash_length=0.07, dashed_ratio=0.5),
                   Circle(radius=0.1, color=pal.text,
                          stroke_width=3).move_to(b))
            for m, a, b in zip(to_scene(mids), to_scene(grid[picked]),
                               to_scene(target), strict=True)
        ]).set_z_index(6)  # fmt: skip
        self.narrate(f"Where training reached, {word} at a curve." if word
                     else "Where training reached, the arrows point roughly "
                     "toward the curves.")  # fmt: skip
        # the training shoves give way so the arrows and their lines read
        self.play(FadeIn(take), train_op.animate.set_value(0.0),
                  FadeOut(train_entry), *[Create(g[0]) for g in aim],
                  run_time=0.5)  # fmt: skip
        if len(aim):
            self.play(*[Create(g[1]) for g in aim], run_time=0.6)
            self.play(*[Create(g[2]) for g in aim], run_time=0.3)
        # the poster: purple reached arrows, grey ones, the aim ringed
        self.mark_poster()
        self.hold_caption()

    @staticmethod
    def x_off_data(f0: np.ndarray, f_now: np.ndarray, near_data: cKDTree,
                   k: int = 25) -> np.ndarray:
        """For each shoved point: the average of where its ``k`` nearest
        shoved neighbours (itself included) came from, and that average's
        distance to the nearest real point."""
        _, nb = cKDTree(f_now).query(f_now, k=min(k, len(f_now)))
        return near_data.query(f0[nb].mean(1))[0]

    def close_up(self, now: np.ndarray, landed: np.ndarray, came: np.ndarray,
                 origin: np.ndarray, pull_to: np.ndarray,
                 ring_r: float) -> dict[str, VMobject]:
        """The worked example magnified (at most 3x) in a panel in the plot
        corner furthest from it: the noisy point, the lines from where its
        shoved points landed back to where each came from (a blue dot), the
        X and the pull. Scene points in; the panel's parts out, by name
        (none when it would magnify less than ``least_zoom``)."""
        pal, side = self.palette, 2.6
        half = self.plot_side / 2 - side / 2 - 0.08
        at = max((self.plot_center + np.array([sx * half, sy * half, 0.0])
                  for sx in (-1, 1) for sy in (-1, 1)),
                 key=lambda c: float(np.linalg.norm(c - now)))  # fmt: skip
        every = np.vstack([now[None], landed, came, origin[None], pull_to[None]])
        lo, hi = every.min(0), every.max(0)
        mid = (lo + hi) / 2
        zoom = min(3.0, 0.9 * side / max(float((hi - lo)[:2].max()), 1e-9))
        self.close_zoom = zoom  # for the tests
        if zoom < self.least_zoom:  # too little to gain: no panel at all
            return {}

        def zin(q: np.ndarray) -> np.ndarray:
            return at + zoom * (np.asarray(q) - mid)

        box = Square(side, color=pal.text, stroke_width=2,
                     fill_color=pal.background, fill_opacity=1.0)
        box.move_to(at).set_z_index(7)
        name = label(f"close up, {zoom:.1f}x", pal.text, style.LABEL_SIZE + 2)
        name.add_background_rectangle(color=pal.background, opacity=0.85)
        name.next_to(box, DOWN, 0.08).align_to(box, LEFT).set_z_index(10)
        # the shoved points where they landed, small, as in the plot
        shoved = VGroup(*[Dot(zin(q), radius=0.05, color=pal.noise)
                          for q in landed]).set_z_index(10)
        # a thin tie from the ring to the panel: this is that spot, larger
        way = (at - now) / max(float(np.linalg.norm(at - now)), 1e-9)
        tie_end = at - way * (side / 2) / max(abs(way[0]), abs(way[1]), 1e-9)
        tie = Line(now + way * ring_r, tie_end, color=pal.muted, stroke_width=2)
        lines = VGroup(*[
            VGroup(Line(zin(q), zin(p), color=pal.text, stroke_width=3,
                        stroke_opacity=0.9),
                   Dot(zin(p), radius=0.08, color=pal.data,
                       stroke_color=pal.text, stroke_width=1.5))
            for q, p in zip(landed, came, strict=True)
        ]).set_z_index(10)  # fmt: skip
        spot = Dot(zin(now), radius=0.11, color=pal.noise, stroke_color=pal.text,
                   stroke_width=3).set_z_index(11)  # fmt: skip
        cross = Cross(stroke_color=pal.text, stroke_width=9,
                      scale_factor=0.2).move_to(zin(origin)).set_z_index(11)
        pull = Arrow(zin(now), zin(pull_to), buff=0.0, color=pal.guess,
                     stroke_width=12, tip_length=0.26,
                     max_tip_length_to_length_ratio=0.5).set_z_index(11)
        return {"box": VGroup(box, name, tie), "spot": VGroup(shoved, spot),
                "lines": lines,
                "x": cross, "pull": pull}

    @staticmethod
    def landing(spot: np.ndarray, aim: np.ndarray, near_data: cKDTree,
                tol: float, reach: float, n: int = 600) -> np.ndarray | None:
        """Where the line from ``spot`` through ``aim`` first comes within
        ``tol`` of a real point, looking up to ``reach`` along it; None if it
        never does."""
        way = aim - spot
        way = way / max(float(np.linalg.norm(way)), 1e-9)
        along = spot + np.linspace(0.0, reach, n)[:, None] * way
        hit = np.flatnonzero(near_data.query(along)[0] < tol)
        return along[hit[0]] if len(hit) else None

    @staticmethod
    def worked_spot(fine: np.ndarray, lost: np.ndarray,
                    x_off: np.ndarray) -> int:
        """The worked example's noisy point, or -1 if none fits: among the
        usable ones (``fine``) the quarter shoved furthest off the data (so
        the shove is seen), the one whose X lands nearest a curve (so the
        example teaches the aim plainly, not a blend)."""
        if not fine.any():
            return -1
        far = fine & (lost >= np.percentile(lost[fine], 75))
        return int(np.argmin(np.where(far, x_off, np.inf)))

    @staticmethod
    def furthest_apart(spots: np.ndarray, off: np.ndarray, apart: float,
                       n: int = 3) -> np.ndarray:
        """Indices of up to ``n`` of ``spots``, furthest from the data first
        (``off``), each at least ``apart`` from those already taken, so their
        dotted lines do not crowd one another."""
        taken: list[int] = []
        for i in np.argsort(-off):
            if len(taken) == n:
                break
            if all(np.linalg.norm(spots[i] - spots[j]) >= apart for j in taken):
                taken.append(int(i))
        return np.array(taken, dtype=int)
