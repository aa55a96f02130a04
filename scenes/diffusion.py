"""Chapter 1, diffusion: data destroyed by noise, then drawn back from static.

    manim -pql scenes/diffusion.py PointsFlow # Manim's own way
    make scene S=PointsFlow                   # mp4, gif, png and srt in renders/

Every position, step count and schedule value drawn here comes from the
``points_diffusion`` trace recorded by ``python -m engine record points_diffusion``.
"""

from __future__ import annotations

from manim import *

from scenes import style
from scenes.base import ExplainerScene
from scenes.tracefile import load_trace
from scenes.widgets import counter, frame_at, point_cloud, schedule_plot


class PointsFlow(ExplainerScene):
    """Thousands of points dissolve into a Gaussian cloud, then a fresh cloud is
    pulled back into the shape by the trained model, step by step."""

    trace_kind = "points_diffusion"
    plot_side = 5.6  # scene units; the plot is square so x and y share one scale
    plot_center = LEFT * 3.3 + DOWN * 0.15
    forward_seconds = 7.0
    reverse_seconds = 9.0

    def construct(self):
        pal = self.palette
        tr = load_trace(self.trace_kind)
        extent = float(tr.extents["x"][1])
        forward, reverse, guess = tr["forward"], tr["reverse"], tr["reverse_x0"]
        total = int(tr["forward_t"].max())
        n_points = len(tr["data"])

        # Section: the stage. Static parts first, so Manim draws them once per play.
        title = Text(
            "Diffusion: destroy with noise, then draw back from static",
            font=style.FONT,
            font_size=style.TITLE_SIZE,
            color=pal.text,
        )
        title.scale_to_fit_width(min(title.width, config.frame_width - 1))
        title.to_edge(UP, buff=0.35)
        frame = Square(self.plot_side, color=pal.muted, stroke_width=2)
        frame.move_to(self.plot_center)
        self.plot = frame  # tests map data units to pixels through this square

        # "phase": 0 = forward (noising the data), 1 = reverse (denoising fresh noise)
        phase = {"value": 0}
        step_tracker = ValueTracker(0)  # index into the recorded frames of this phase

        def layers(s: float):
            if phase["value"] == 0:
                return [(frame_at(forward, s), pal.data, 1.0)]
            k = int(np.floor(s))
            drawn = [(frame_at(reverse, s), pal.sample, 1.0)]
            if k >= 1:  # before the first step runs there is no guess yet
                drawn.insert(0, (frame_at(guess, s), pal.guess, 0.35))
            return drawn

        def current_t() -> float:
            s = step_tracker.get_value()
            return s if phase["value"] == 0 else total - s

        cloud = point_cloud(layers, step_tracker, extent, self.plot_side - 0.1)
        cloud.move_to(self.plot_center)

        panel_left = RIGHT * 0.6
        phase_label = Text(
            "Forward: adding noise",
            font=style.FONT,
            font_size=style.BODY_SIZE + 4,
            color=pal.data,
        )
        phase_label.move_to(panel_left + UP * 2.4, aligned_edge=LEFT)
        steps = counter(f"step {{}} of {total}", lambda: int(round(current_t())), pal)
        steps.move_to(panel_left + UP * 1.75, aligned_edge=LEFT)
        plot = schedule_plot(
            tr["signal"], tr["noise"], pal, current_t, width=5.2, height=2.3
        )
        plot.move_to(panel_left + DOWN * 0.4, aligned_edge=LEFT)
        legend = self.legend([(pal.data, f"{n_points:,} real data points")])
        legend.move_to(panel_left + DOWN * 2.6, aligned_edge=LEFT)

        self.add(title, frame)
        self.play(FadeIn(cloud), FadeIn(legend), run_time=1.0)
        self.narrate("A diffusion model learns by watching data get destroyed.")
        self.wait(1.0)

        # Section: forward, the data dissolves into static
        self.play(FadeIn(phase_label), FadeIn(steps), FadeIn(plot), run_time=0.8)
        self.narrate(
            "Step by step, a little noise is added, until the shape is pure static."
        )
        self.play(
            step_tracker.animate.set_value(total),
            run_time=self.forward_seconds,
            rate_func=linear,
        )
        left = float(tr["signal"][-1])
        self.narrate(
            f"Pure noise: {100 * left:.2f}% of the signal is left. "
            "The network learns to undo one step."
        )
        self.wait(1.5)

        # Section: reverse, fresh noise drawn back into the shape
        reverse_label = Text(
            "Reverse: removing noise",
            font=style.FONT,
            font_size=style.BODY_SIZE + 4,
            color=pal.sample,
        )
        reverse_label.move_to(phase_label, aligned_edge=LEFT)
        new_legend = self.legend(
            [
                (pal.sample, "samples, from fresh random noise"),
                (pal.guess, "the model's guess of the finished points"),
            ]
        )
        new_legend.move_to(legend, aligned_edge=LEFT)
        self.play(FadeOut(cloud), run_time=0.5)
        phase["value"] = 1
        step_tracker.set_value(0)
        self.play(
            FadeIn(cloud),
            ReplacementTransform(phase_label, reverse_label),
            ReplacementTransform(legend, new_legend),
            run_time=0.8,
        )
        self.narrate(
            "To generate, the model starts from random noise "
            "and removes a little noise at a time."
        )
        self.play(
            step_tracker.animate.set_value(len(reverse) - 1),
            run_time=self.reverse_seconds,
            rate_func=linear,
        )
        self.narrate(f"{n_points:,} new points that follow the pattern of the data.")
        self.mark_poster()
        self.wait(1.9)

    def legend(self, entries: list[tuple[str, str]]) -> VGroup:
        rows = VGroup(
            *[
                VGroup(
                    Dot(color=colour, radius=0.08),
                    Text(
                        label,
                        font=style.FONT,
                        font_size=style.LABEL_SIZE,
                        color=self.palette.text,
                    ),
                ).arrange(RIGHT, buff=0.2)
                for colour, label in entries
            ]
        )
        return rows.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
