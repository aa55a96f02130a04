"""Chapter 2, GANs: a forger and an inspector trained together, mode collapse,
and a GAN that draws handwritten digits.

    make scene S=ForgerVsInspector           # mp4, gif, png and srt in renders/
    manim -pql scenes/gan/forger.py ModeCollapse    # Manim's own way

Every point, verdict, arrow, loss and count drawn here comes from the
``gan_points`` trace (``python -m engine record gan_points``) or the
``gan_digits`` trace (``python -m engine record gan_digits``).
"""

from __future__ import annotations

from manim import *

from scenes.gan.draw import (
    blend,
    digit_grid,
    dot_legend,
    heat_legend,
    heat_rgba,
    label,
    loss_plot,
)
from scenes.gan.seeds import play_seed_study
from scenes.kit import style
from scenes.kit.base import ExplainerScene
from scenes.kit.glossary import plain, screen_name
from scenes.kit.images import crisp_image
from scenes.kit.pointer import Pointer
from scenes.kit.seed_outcomes import seed_outcomes
from scenes.kit.tracefile import load_trace
from scenes.kit.widgets import arrow_field, counter, point_cloud


def boxed(words: str, colour: str, buff: float = 0.12) -> VGroup:
    """``words`` in a rounded box of their colour, ``buff`` scene units round
    them: a stage of a diagram such as random numbers -> forger."""
    t = label(words, colour, style.BODY_SIZE - 2)
    return VGroup(SurroundingRectangle(t, buff=buff, color=colour,
                                       corner_radius=0.08), t)  # fmt: skip


class GanScene(ExplainerScene):
    """Shared set-up: the trace and the title."""

    trace_kind = "gan_points"
    title_text = ""

    def setup(self):
        super().setup()
        self.tr = load_trace(self.trace_kind)

    def say_what_a_blob_is(self) -> None:
        """With your own points (DATA=) there are no blobs: say what the scene
        calls one (engine/data/points.py's k-means groups of your points)."""
        if self.tr.config.get("data"):
            n = len(self.tr["modes"])
            self.narrate(f"Your points have no blobs of their own: a blob here is one "
                         f"of {n} groups of nearby points found in them.")  # fmt: skip

    def add_title(self) -> Text:
        title = label(self.title_text, self.palette.text, style.TITLE_SIZE)
        title.scale_to_fit_width(min(title.width, config.frame_width - 1))
        self.add(title.to_edge(UP, buff=0.35))
        return title

    def to_scene(self, xy: np.ndarray, centre, side: float) -> np.ndarray:
        """Data units (n, 2) -> scene points (n, 3) in a square plot of ``side``."""
        extent = float(self.tr.extents["x"][1])
        out = np.zeros((len(xy), 3))
        out[:, :2] = np.asarray(centre)[:2] + xy / (2 * extent) * side
        return out


class ForgerVsInspector(GanScene):
    """The inspector's turn: its map of real vs fake shifts. The forger's turn:
    every fake moves along the push the inspector gives it. Then thousands of
    rounds fast-forwarded, until the fakes cover the ring."""

    title_text = "A GAN: a forger and an inspector, trained together"
    run = 1  # the run with the remedy (or a trace's only run): it ends spread out
    plot_side = 5.6  # scene units; square, so x and y share one scale
    plot_center = LEFT * 3.3 + DOWN * 0.2
    slow_rounds = 2  # rounds shown turn by turn, slowly ...
    quick_rounds = 3  # ... then faster (all within the one-step rounds)
    turn_seconds = 1.2
    quick_turn_seconds = 0.5
    fast_forward_seconds = 12.0
    arrow_every = 60  # an arrow on every 60th fake: few, so each is seen
    arrow_length = 1.1  # scene units for the strongest push of a round

    def construct(self):
        pal, tr = self.palette, self.tr
        run = min(self.run, len(tr["fake"]) - 1)  # a trace of one GAN: that one
        fake, heat, push = tr["fake"][run], tr["heat"][run], tr["push"][run]
        steps = tr["step"]
        total, rounds = int(steps[-1]), len(steps)
        extent = float(tr.extents["x"][1])
        # Rounds of one step each at the start (step k recorded as round k).
        dense = int(np.sum(steps == np.arange(rounds))) - 1
        shown = min(self.slow_rounds + self.quick_rounds, dense)
        self.add_title()

        # Section: the stage. s runs over rounds; in round k -> k+1 the first half
        # is the inspector's turn (its map moves), the second the forger's.
        s = ValueTracker(0)

        def split(v: float) -> tuple[int, float]:
            k = min(int(np.floor(v)), rounds - 2)
            return k, v - k

        def heat_now() -> np.ndarray:
            k, f = split(s.get_value())
            return blend(heat[k : k + 2], min(1.0, 2 * f))

        def fakes_now() -> np.ndarray:
            k, f = split(s.get_value())
            return blend(fake[k : k + 2], max(0.0, 2 * f - 1))

        frame = Square(self.plot_side, color=pal.muted, stroke_width=2)
        frame.move_to(self.plot_center)
        self.plot = frame  # tests map data units to pixels through this square
        board = crisp_image(heat_rgba(heat_now(), pal), self.plot_side)
        board.move_to(self.plot_center)
        board.add_updater(
            lambda m: setattr(m, "pixel_array", heat_rgba(heat_now(), pal))
        )
        self.board = board
        data = tr["data"]
        cloud = point_cloud(
            lambda _: [(data, pal.data, 0.85), (fakes_now(), pal.sample, 1.0)],
            s,
            extent,
            self.plot_side,
            radius_px=1.8,
        )
        cloud.move_to(self.plot_center)
        # a dark edge round the real points: blue blobs stay seen on the map's
        # blue ("says real") as well as on its red
        halo = point_cloud(lambda _: [(data, pal.background, 1.0)], s, extent,
                           self.plot_side, radius_px=3.4)  # fmt: skip
        halo.clear_updaters()
        halo.move_to(self.plot_center)

        panel = RIGHT * 0.45  # left edge of the right-hand column: its widest
        # line ("forger: how wrong") keeps a margin from the frame's edge
        inspector_turn = label("Inspector's turn", pal.guess, style.BODY_SIZE + 4)
        forger_turn = label("Forger's turn", pal.sample, style.BODY_SIZE + 4)
        # the recorded steps are spaced unevenly: the heading names no spacing
        ffwd = label("Fast-forward", pal.text, style.BODY_SIZE)
        for t in (inspector_turn, forger_turn, ffwd):
            t.move_to(panel + UP * 2.7, aligned_edge=LEFT)

        def current_step() -> int:
            return int(steps[int(np.ceil(s.get_value() - 1e-6))])

        step_counter = counter(f"step {{:,}} of {total:,}", current_step, pal)
        step_counter.move_to(panel + UP * 2.15, aligned_edge=LEFT)
        # how often the inspector is right, real points and fakes alike,
        # read off its own map at each point; dashed: a coin toss's 50%
        right = 100 * self.judged_right(heat, data, fake, extent)  # (rounds,) %
        losses = loss_plot(
            [(right, pal.guess, "the inspector: how often it is right")],
            s.get_value,
            pal,
            width=3.8,
            height=1.4,
            x_label=f"training steps, 0 to {total:,}",
            x_values=steps,
            y_range=(0.0, 100.0),
            y_texts=("0%", "100%"),
        )
        losses.next_to(step_counter, DOWN, 0.3).align_to(step_counter, LEFT)
        axes = losses[0]  # placed: the dashes are drawn where it now is
        toss = DashedLine(axes.c2p(0, 50), axes.c2p(float(steps[-1]), 50),
                          color=pal.muted, stroke_width=2, dash_length=0.08)
        toss = VGroup(toss, label("coin toss", pal.muted, style.LABEL_SIZE)
                      .next_to(toss.get_end(), RIGHT, 0.1))  # fmt: skip
        legend = heat_legend(pal, width=4.2)
        legend.next_to(losses, DOWN, 0.35).align_to(step_counter, LEFT)
        dots = dot_legend(
            [
                (pal.data, f"real points ({len(tr['modes'])} blobs)"),
                (pal.sample, "the forger's fakes"),
            ],
            pal,
        )
        dots.next_to(legend, DOWN, 0.3).align_to(step_counter, LEFT)

        # the stage opens plain: the verdict comes in with the line that says it
        self.add(frame)
        self.play(FadeIn(halo), FadeIn(cloud), FadeIn(dots), run_time=1.0)
        self.narrate("Each dot stands in for one example, for example one picture; "
                     "the blue blobs are the real ones.")  # fmt: skip
        # the key first, then the blobs themselves, as each part is said
        pointer = Pointer(pal.accent)
        self.play(pointer.to(dots), run_time=0.6)
        self.wait_frames(self.next_caption_in())
        self.play(pointer.to(frame), run_time=0.6)
        self.hold_caption()
        self.play(pointer.away(), run_time=0.3)
        # random numbers -> forger -> the yellow clump, drawn as it is said
        maker = self.maker_diagram(panel + UP * 1.6, fake[0])
        self.narrate("The forger turns random numbers into fake points.")
        self.play(LaggedStart(*[FadeIn(m) for m in maker[:3]], lag_ratio=0.5),
                  run_time=1.5)  # fmt: skip
        self.play(Create(maker[3]), run_time=0.6)
        self.narrate("The inspector tells real from fake.")
        self.play(FadeIn(maker[4]), run_time=0.6)
        self.hold_caption()
        self.play(FadeOut(maker), run_time=0.4)
        self.narrate("The inspector's verdict, everywhere: blue says real, red fake.")
        self.add(board)
        self.bring_to_back(board)  # under the frame's edge and the dots
        self.play(FadeIn(board), FadeIn(legend), run_time=0.8)
        self.verdict_shown = self.renderer.time  # tests read the map from here
        name = str(tr["run_name"][run])
        self.play(FadeIn(step_counter), run_time=0.6)
        self.paint_once(legend, dots)
        self.wait(0.4)

        # Section: rounds, turn by turn
        turn_label = inspector_turn
        self.play(FadeIn(turn_label), run_time=0.3)
        for k in range(shown):
            t = self.turn_seconds if k < self.slow_rounds else self.quick_turn_seconds
            # a turn's caption comes first (after the last one has been read),
            # then its header: the two never disagree
            if k == 0:
                self.narrate(
                    "Inspector's turn: it learns to score real points up, fakes down."
                )
            if k == 1:  # the forger's line goes before the heading flips back
                self.narrate("Turn by turn: the inspector repaints its map, and the "
                             "forger moves its fakes toward the blue.")  # fmt: skip
            if k > 0:
                self.remove(turn_label)
                turn_label = inspector_turn
                self.paint_once(turn_label)  # adds it, drawn first
            self.play(s.animate.set_value(k + 0.5), run_time=t, rate_func=smooth)
            if k == 0:  # push = the climb of the inspector's map right at the fake
                self.narrate("Forger's turn: each white arrow shows which way its "
                             "fake is pushed, toward bluer ground right around it.")

            self.remove(turn_label)
            turn_label = forger_turn
            self.paint_once(turn_label)  # adds it, drawn first
            arrows = self.arrows(fake[k], push[k + 1])
            self.play(FadeIn(arrows), run_time=0.4 * t)
            if k == 0:
                self.arrows_up = [self.renderer.time]  # tests: arrows on screen
            if k == 0:  # the arrows stay up while their line is read
                self.wait(max(0.0, self.caption_left() - 1.5 * t))
                move = max(1.5 * t, self.caption_left())
            else:
                move = t
            # the fakes step along their arrows, which stay until they have
            self.play(s.animate.set_value(k + 1), run_time=move, rate_func=smooth)
            if k == 0:  # held to the end of their line
                self.hold_caption()
                self.arrows_up.append(self.renderer.time)
            self.play(FadeOut(arrows), run_time=0.3 * t)

        # Section: fast-forward to the end of training, in parts, each played
        # under the line that says what happens in it; each line is chosen by
        # what was measured in that part
        self.remove(turn_label)
        self.paint_once(ffwd)  # adds it, drawn first
        n_modes = len(tr["modes"])
        covered_all, near_all = tr["covered"][run], tr["near"][run]
        spread_at, settle_at = self.phases(fake, tr["data"], covered_all, near_all,
                                           shown)  # fmt: skip
        rings = self.blob_rings(run, lambda: int(round(s.get_value())))
        self.rings = rings

        def run_to(k: float, least: float = 2.0) -> None:
            """Training plays on to round ``k`` under the caption on screen."""
            self.play(s.animate.set_value(k), run_time=max(least, self.caption_left()),
                      rate_func=linear)  # fmt: skip

        self.narrate(f"Fast-forward to step {total:,}.")
        now = min(shown + 1, rounds - 1)  # one round runs under that line
        run_to(now)
        self.narrate("This line: how often the inspector is right, real or fake. "
                     f"Now: {right[now]:.0f}%.")  # fmt: skip
        self.play(FadeIn(losses), FadeIn(toss), run_time=0.6)
        self.paint_once(toss, *losses.submobjects[:3])  # only its curve grows
        start = now
        if spread_at is not None and spread_at > now:
            run_to(spread_at, 3.0)
            # said once it is on screen; training runs on a little under it
            self.narrate("Now the fakes have scattered as widely as the real "
                         "points.")  # fmt: skip
            start = spread_at
            if settle_at is not None and settle_at > spread_at + 1:
                start = spread_at + 1
            run_to(start, 2.0)
        if settle_at is not None and settle_at > start:
            # half-way, the rings that count a blob as reached come in
            half = start + (settle_at - start) / 2
            self.narrate("Red means 'fake': empty space is marked fake, so the fakes "
                         "leave it and gather on the blobs.")  # fmt: skip
            run_to(half, 3.0)
            self.narrate("Each ring turns white once fakes reach its blob.")
            self.play(FadeIn(rings), run_time=0.5)
            run_to(settle_at, 3.0)
            start = settle_at
        else:
            self.play(FadeIn(rings), run_time=0.5)
        # the rest of training, under what the inspector's line says
        was, end = float(right[now]), float(right[-1])
        # said while the last stretch plays: the figure is the last step's
        if abs(end - 50) <= 5 and was - end >= 15:
            line = (f"By the end, the inspector is right {end:.0f}% of the time: "
                    "hardly better than a coin toss. The fakes fool it.")  # fmt: skip
        elif end < was:
            line = (f"By the end, the inspector is right {end:.0f}% of the time, "
                    f"down from {was:.0f}%.")  # fmt: skip
        else:
            line = (f"By the end, the inspector is right {end:.0f}% of the time: "
                    "not fooled more.")  # fmt: skip
        self.narrate(line)
        run_to(rounds - 1)
        for ring in rings:  # training is over: the rings keep its last state
            ring.clear_updaters()
        covered, near = int(covered_all[-1]), float(near_all[-1])
        # drawn anew at each target, not slid across the text between them
        pointer = Pointer(pal.accent, glide=False, fade_in=True)
        self.play(pointer.to(frame), run_time=0.5)
        self.say_what_a_blob_is()
        # the outcome written where the fast-forward heading and counter were
        results = VGroup(
            label(f"blobs covered: {covered} of {n_modes}", pal.text, style.BODY_SIZE),
            label(f"fakes inside a ring: {100 * near:.0f}%", pal.text,
                  style.BODY_SIZE),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)  # fmt: skip
        results.move_to(ffwd, aligned_edge=UL)
        self.play(FadeOut(ffwd), FadeOut(step_counter), run_time=0.3)
        self.play(FadeIn(results[0]), run_time=0.4)
        self.narrate(
            f"The fakes now cover {covered} of {n_modes} blobs, and "
            f"{100 * near:.0f}% of them sit inside a ring; the other "
            f"{100 - round(100 * near):.0f}% fall between blobs."
        )
        self.play(FadeIn(results[1]), pointer.away(),
                  Indicate(rings, color=pal.text, scale_factor=1.25),
                  run_time=1.2)  # fmt: skip
        self.mark_poster()
        lo, hi = float(heat[-1].min()), float(heat[-1].max())
        self.hold_caption()
        verdict = label(
            f"inspector: {100 * lo:.0f}% to {100 * hi:.0f}% real, everywhere",
            pal.text, style.LABEL_SIZE,
        ).next_to(legend, UP, 0.3).align_to(legend, LEFT)  # fmt: skip
        gone = [losses, toss]
        self.narrate(
            f"The inspector says {100 * lo:.0f}% to {100 * hi:.0f}% real everywhere: "
            "it can no longer tell."
        )
        self.play(*map(FadeOut, gone), run_time=0.4)
        self.play(pointer.to(Group(legend, verdict)), FadeIn(verdict),
                  run_time=0.6)  # fmt: skip
        self.play(pointer.to(board), run_time=max(0.6, self.caption_left() - 1.0))
        if name != "plain GAN" and "seed_final_covered" in tr.arrays:
            seen = seed_outcomes(np.asarray(tr["seed_final_covered"]), n_modes)
            plain_end = int(tr["covered"][0, -1])
            if seen.collapsed[0] and plain_end <= n_modes // 2:
                # one of those runs, drawn where its fakes ended
                thumb = self.plain_thumbnail(Group(legend, verdict, dots))
                # the brake is named where its payoff is shown, not before,
                # with the box still on the smooth map it made
                self.narrate(f"This run trained {screen_name(name)}: its verdict "
                             "may only change gradually from place to place.")
                self.hold_caption()
                self.play(pointer.away(), FadeOut(legend), FadeOut(verdict),
                          FadeOut(dots), run_time=0.4)  # fmt: skip
                self.narrate(
                    "Without the brake, the same contest went wrong in "
                    f"{seen.collapsed[0]} of {seen.seeds} runs here: all the fakes "
                    "crowd into one spot, like this: no variety. The next scene "
                    "shows it."
                )
                self.play(FadeIn(thumb), run_time=0.8)
                self.play(Indicate(thumb[1], color=pal.sample, scale_factor=1.05),
                          run_time=1.2)  # fmt: skip
        self.wait(2.0)

    @staticmethod
    def phases(fake, data, covered, near, first: int) -> tuple[int | None, int | None]:
        """Rounds (indices) where the fakes first spread as widely as the real
        points (their spread in their narrowest direction at least 0.8 of the
        data's), and where, after
        that, they first cover as many blobs as at the end with at least half
        the end's share near a blob; None for a part not measured."""
        def narrowest(xy: np.ndarray) -> float:
            """Spread across the cloud's narrowest direction: a streak, however
            long, is narrow."""
            return float(np.sqrt(max(np.linalg.eigvalsh(np.cov(xy.T))[0], 0.0)))

        sd = np.array([narrowest(f) for f in np.asarray(fake)])  # (rounds,)
        wide = 0.8 * narrowest(np.asarray(data))
        spread = next((k for k in range(first, len(sd)) if sd[k] >= wide), None)
        if int(covered[-1]) == 0:
            return spread, None
        settle = next((k for k in range(spread if spread is not None else first,
                                        len(sd))
                       if covered[k] >= covered[-1] and near[k] >= 0.5 * near[-1]),
                      None)  # fmt: skip
        return spread, settle

    @staticmethod
    def judged_right(heat, data, fake, extent: float) -> np.ndarray:
        """Share of verdicts the inspector gets right each round, real points
        and fakes weighted alike: its map (rounds, gy, gx), read between cell
        centres at each point, says over 50% real for a real point, under 50%
        for a fake. (rounds,), 0 to 1."""
        heat = np.asarray(heat, dtype=float)
        n_y, n_x = heat.shape[1:]

        def at(h: np.ndarray, xy: np.ndarray) -> np.ndarray:
            # cell centres: column j at x = -E + (j + .5) 2E / n; row 0 at the top
            c = np.clip((xy[:, 0] + extent) / (2 * extent) * n_x - 0.5, 0, n_x - 1.001)
            r = np.clip((extent - xy[:, 1]) / (2 * extent) * n_y - 0.5, 0, n_y - 1.001)
            c0, r0 = np.floor(c).astype(int), np.floor(r).astype(int)
            fc, fr = c - c0, r - r0
            return (h[r0, c0] * (1 - fc) * (1 - fr) + h[r0, c0 + 1] * fc * (1 - fr)
                    + h[r0 + 1, c0] * (1 - fc) * fr + h[r0 + 1, c0 + 1] * fc * fr)

        data = np.asarray(data, dtype=float)
        return np.array([0.5 * ((at(h, data) > 0.5).mean()
                                + (at(h, np.asarray(f)) < 0.5).mean())
                         for h, f in zip(heat, fake, strict=True)])  # fmt: skip

    def blob_rings(self, run: int, at) -> VGroup:
        """A ring around each blob, as wide as "near a blob" is measured, lit
        while the fakes cover that blob at round ``at()``."""
        pal, tr = self.palette, self.tr
        extent = float(tr.extents["x"][1])
        near = tr.stats.get("near_radius")
        radius = (0.16 if near is None
                  else float(near) * self.plot_side / (2 * extent))  # fmt: skip
        cover_share = float(tr.config["cover_share"])
        rings = VGroup()
        for m, xy in enumerate(self.to_scene(tr["modes"], self.plot_center,
                                             self.plot_side)):  # fmt: skip
            ring = Circle(radius, color=pal.muted, stroke_width=3).move_to(xy)

            def colour(c, m=m):  # white when lit: apart from the yellow fakes
                hit = tr["mode_share"][run, at(), m] >= cover_share
                c.set_stroke(pal.text if hit else pal.muted, opacity=1)

            ring.add_updater(colour)
            rings.add(ring)
        return rings

    def plain_thumbnail(self, where: Mobject) -> Group:
        """The plain GAN's last fakes over the real points, in a small square
        put where ``where`` is: (heading, frame, points)."""
        pal, tr = self.palette, self.tr
        last = np.asarray(tr["fake"][0][-1])
        # zoomed out if need be, so the whole pile sits inside its square
        extent = max(float(tr.extents["x"][1]), 1.15 * float(np.abs(last).max()))
        side = 4.0
        still = ValueTracker(0)
        cloud = point_cloud(
            lambda _: [(tr["data"], pal.data, 0.55),
                       (last, pal.sample, 1.0)],
            still, extent, side, radius_px=1.8,
        )  # fmt: skip
        cloud.clear_updaters()
        box = Square(side, color=pal.muted, stroke_width=2)
        head = label("without the brake: its fakes at the end", pal.sample,
                     style.BODY_SIZE - 2)  # fmt: skip
        body = Group(box, cloud)
        # as large as the column allows: its top under the results, its
        # bottom level with the map's
        body.align_to(where, LEFT).align_to(self.plot, DOWN)
        cloud.move_to(box)
        head.next_to(body, UP, 0.15).align_to(body, LEFT)
        return Group(head, box, cloud)

    def maker_diagram(self, top_left, clump: np.ndarray) -> VGroup:
        """random numbers -> forger -> (an arrow to the clump of fakes), and
        under it the inspector's question; parts in the order they come in:
        (numbers, arrow, forger, its arrow to the clump, inspector)."""
        pal = self.palette

        numbers = boxed("random numbers", pal.text, 0.15)
        forger = boxed("forger", pal.sample, 0.15)
        numbers.move_to(top_left, aligned_edge=UL)
        forger.next_to(numbers, RIGHT, 0.6)
        step = Arrow(numbers.get_right(), forger.get_left(), buff=0.05,
                     color=pal.text, stroke_width=4,
                     max_tip_length_to_length_ratio=0.4)  # fmt: skip
        where = self.to_scene(clump.mean(0, keepdims=True), self.plot_center,
                              self.plot_side)[0]  # fmt: skip
        out = CurvedArrow(forger.get_bottom() + DOWN * 0.05, where + RIGHT * 0.25,
                          color=pal.sample, stroke_width=4, angle=-TAU / 8)
        inspector = VGroup(boxed("inspector", pal.guess, 0.15),
                           label("real or fake?", pal.text, style.BODY_SIZE - 2))
        inspector.arrange(RIGHT, buff=0.25)
        inspector.next_to(numbers, DOWN, 1.1).align_to(numbers, LEFT)
        return VGroup(numbers, step, forger, out, inspector)

    def arrows(self, starts_xy: np.ndarray, push: np.ndarray) -> VGroup:
        """Arrows on a subset of fakes along their push; the strongest is
        ``arrow_length`` long."""
        pick = slice(None, None, self.arrow_every)
        a, p = starts_xy[pick], push[pick]
        strength = np.linalg.norm(p, axis=1, keepdims=True)  # (n, 1)
        scale = self.arrow_length / max(float(strength.max()), 1e-12)
        starts = self.to_scene(a, self.plot_center, self.plot_side)
        ends = starts.copy()
        ends[:, :2] += p * scale
        # white on a dark edge: seen over the yellow fakes and either colour
        edge = arrow_field(lambda: ends, starts, self.palette.background,
                           stroke_width=7, tip=0.2)  # fmt: skip
        return VGroup(edge, arrow_field(lambda: ends, starts, self.palette.text,
                                        stroke_width=3.5, tip=0.16))  # fmt: skip


class ModeCollapse(GanScene):
    """Two GANs from the same start side by side: the plain one's fakes crowd
    onto one spot and chase it around the ring; the one with a gradient penalty
    spreads over all the blobs. A counter of modes covered under each."""

    title_text = "Mode collapse: a forger that settles for one trick"
    plot_side = 4.8
    centres = (LEFT * 3.45 + UP * 0.1, RIGHT * 3.45 + UP * 0.1)
    play_seconds = 16.0
    marker_radius = 0.16  # scene units, around each blob's centre (own traces)

    def construct(self):
        pal, tr = self.palette, self.tr
        steps = tr["step"]
        total, rounds = int(steps[-1]), len(steps)
        extent = float(tr.extents["x"][1])
        modes, data = tr["modes"], tr["data"]
        n_modes = len(modes)
        cover_share = float(tr.config["cover_share"])
        names = [screen_name(str(n)) for n in tr["run_name"]]
        self.add_title()
        s = ValueTracker(0)  # round index

        def at() -> int:
            return int(round(s.get_value()))

        # Each blob's ring is drawn as wide as "near the blob" is measured, so a
        # clump inside a ring is one the count includes.
        near = tr.stats.get("near_radius")
        ring_radius = (self.marker_radius if near is None
                       else float(near) * self.plot_side / (2 * extent))  # fmt: skip
        self.plots, panels = [], Group()
        for run, centre in enumerate(self.centres):
            frame = Square(self.plot_side, color=pal.muted, stroke_width=2)
            frame.move_to(centre)
            self.plots.append(frame)
            cloud = point_cloud(
                lambda v, run=run: [
                    (data, pal.data, 0.45),
                    (blend(tr["fake"][run], v), pal.sample, 1.0),
                ],
                s,
                extent,
                self.plot_side,
                radius_px=1.8,
            ).move_to(centre)
            markers = VGroup()
            for m, xy in enumerate(self.to_scene(modes, centre, self.plot_side)):
                ring = Circle(ring_radius, color=pal.muted, stroke_width=2.5)
                ring.move_to(xy)

                def colour(c, run=run, m=m):
                    hit = tr["mode_share"][run, at(), m] >= cover_share
                    c.set_stroke(pal.accent if hit else pal.muted, opacity=1)

                ring.add_updater(colour)
                markers.add(ring)
            head = label(names[run], pal.text, style.BODY_SIZE).next_to(frame, UP, 0.12)
            modes_counter = counter(
                f"blobs covered: {{}} of {n_modes}",
                lambda run=run: int(tr["covered"][run, at()]),
                pal,
                style.BODY_SIZE - 2,
            )
            near_counter = counter(
                "{}% of the fakes near a blob",
                lambda run=run: int(round(100 * float(tr["near"][run, at()]))),
                pal,
                style.LABEL_SIZE,
            )
            modes_counter.next_to(frame, DOWN, 0.1).align_to(frame, LEFT)
            near_counter.next_to(modes_counter, DOWN, 0.08).align_to(frame, LEFT)
            panels.add(Group(frame, cloud, markers, head, modes_counter, near_counter))
        step_counter = counter(  # in the gap between the plots, clear of the names
            "step {:,}", lambda: int(steps[at()]), pal, style.LABEL_SIZE
        )
        # it grows to the right as digits come: its longest text is centred
        widest = label(f"step {total:,}", pal.text, style.LABEL_SIZE).width
        step_counter.move_to(UP * 1.9 + LEFT * widest / 2, aligned_edge=LEFT)
        # in the gap between the plots: what the dots are, what "covered" means
        key = VGroup(
            dot_legend([(pal.data, "real"), (pal.sample, "fakes")], pal),
            *[label(w, pal.muted) for w in
              ("ring lit =", "covered:", f"{100 * cover_share:.0f}% or more",
               "of the fakes", "on the blob")],
        ).arrange(DOWN, buff=0.12).move_to(UP * 0.35)  # fmt: skip

        self.play(FadeIn(panels), FadeIn(step_counter), FadeIn(key), run_time=1.0)
        # Each plot's square and name stay still; clouds, rings and counts move.
        self.paint_once(*[m for panel in panels for m in (panel[0], panel[3])])
        # The brake drawn: each inspector's verdict under its dots, brought in
        # when the brake is told. Just inside the square, so its edge shows.
        boards = Group()
        for run, centre in enumerate(self.centres):
            board = crisp_image(heat_rgba(tr["heat"][run][0], pal),
                                self.plot_side - 0.04)  # fmt: skip
            # the recorded round's map, not a blend: it changes only as rounds
            # do, so the GIF stores few new frames of it
            board.move_to(centre).add_updater(
                lambda m, run=run: setattr(
                    m, "pixel_array", heat_rgba(tr["heat"][run][at()], pal)))
            boards.add(board)
        # in the gap between the plots, under the key: the map's two colours
        verdict_key = VGroup(  # short lines: the gap between the plots is narrow
            label("behind:", pal.muted),
            label("inspector", pal.muted),
            dot_legend([(pal.data, "says real"), (pal.noise, "says fake")], pal),
        ).arrange(DOWN, buff=0.1).next_to(key, DOWN, 0.35)
        g_steps = int(tr.config["g_steps"])
        # training starts at once and runs slowly under the set-up lines: the
        # rules are told while the clouds already move
        start_part = 0.15 * (rounds - 1)
        lines = 6

        def advance(k: int) -> None:
            self.play(s.animate.set_value(start_part * k / lines),
                      run_time=max(1.0, self.caption_left()),
                      rate_func=linear)  # fmt: skip

        self.narrate("Two GANs: same data, same starting networks.")
        self.narrate("Each blob is one kind of real example; collapse is when the "
                     "fakes stay piled in one place instead of spreading over "
                     "them. Both start as one clump.")  # fmt: skip
        advance(1)
        pointer = Pointer(pal.accent)
        self.play(pointer.to(key), run_time=0.5)
        self.narrate(
            f"A blob counts as covered when at least {100 * cover_share:.0f}% of "
            "the fakes sit on it."
        )
        advance(2)
        self.say_what_a_blob_is()
        self.play(pointer.to(step_counter), run_time=0.5)
        self.narrate(
            f"In both, the forger trains {g_steps} times for each inspector step: "
            "it can race ahead before the inspector catches up."
        )
        advance(3)
        self.narrate("Under the dots now: each inspector's verdict at every place, "
                     "from says fake to says real.")  # fmt: skip
        self.add(boards)
        self.bring_to_back(boards)  # under the squares' edges and the dots
        self.play(pointer.to(verdict_key), FadeIn(boards), FadeIn(verdict_key),
                  run_time=0.8)  # fmt: skip
        advance(4)
        self.play(pointer.to(panels[1][3]), run_time=0.5)  # the right one's name
        self.narrate(
            "The right one has a brake: its inspector may not flip from real to "
            "fake over a tiny distance,"
        )
        advance(5)
        # how far each inspector's verdict swings across its map, over the
        # second half of training: the brake's effect, said only if measured
        late = tr["heat"][:, rounds // 2:]
        swing = (late.max((2, 3)) - late.min((2, 3))).mean(1)  # (runs,)
        self.narrate(
            "so its verdict stays gentle and always hints which way is more real."
            if swing[1] < swing[0]
            else "so its verdict always hints which way is more real."
        )
        advance(6)
        self.play(pointer.away(), run_time=0.3)
        share = tr["mode_share"]
        visited = int((share[0] >= cover_share).any(0).sum())
        most, end = int(tr["covered"][0].max()), int(tr["covered"][0, -1])
        brake_end = int(tr["covered"][1, -1])
        # what to watch is said while it happens, each line chosen by the
        # measured coverage; the run plays in three parts under them
        watch = [
            "Watch the left: its fakes crowd into one clump that moves around."
            if end <= n_modes // 2
            else "Watch the left: its fakes spread out.",
            "On the right, the fakes spread over every blob."
            if brake_end >= n_modes - 1
            else f"On the right, the fakes reach {brake_end} of {n_modes} blobs.",
        ]
        # the verdicts have made their point; the run is about the dots (and
        # a map redrawn every frame would swell the GIF)
        self.hold_caption()  # the maps stay until the line about them is read
        for part, line in enumerate([*watch, None]):
            if line is not None:
                self.hold_caption()
                self.narrate(line)
            if part == 1:  # the maps go after the first third of the run
                for board in boards:
                    board.clear_updaters()
                self.play(FadeOut(boards), FadeOut(verdict_key), run_time=0.4)
            self.play(
                s.animate.set_value(start_part
                                    + (rounds - 1 - start_part) * (part + 1) / 3),
                run_time=self.play_seconds / 3,
                rate_func=linear,
            )  # fmt: skip
        extras = []  # what the collapse part adds, to clear with the rest
        if end <= n_modes // 2:  # said only when measured: it did collapse
            self.narrate(
                f"Plain: it visited {visited} of {n_modes} blobs, never more than "
                f"{most} at a time."
            )
            # the run again, quickly, under that line: the clump's path is seen;
            # marked as a replay, so the counter running back is not a restart
            replay = label("replay, fast", pal.accent, style.LABEL_SIZE)
            replay.next_to(step_counter, UP, 0.1).align_to(step_counter, LEFT)
            # each blob the clump has covered so far keeps a ring as the
            # replay runs, and the count of them grows: where it went
            def seen(m: int) -> bool:
                return bool((share[0, : at() + 1, m] >= cover_share).any())

            # a dashed ring, not a lit one: "lit" means covered now
            trail = VGroup()
            for m, xy in enumerate(self.to_scene(modes, self.centres[0],
                                                 self.plot_side)):  # fmt: skip
                ring = DashedVMobject(Circle(ring_radius * 1.6, color=pal.sample,
                                             stroke_width=3), num_dashes=10)
                ring.move_to(xy).set_stroke(opacity=0)
                ring.add_updater(lambda c, m=m: c.set_stroke(
                    opacity=1.0 if seen(m) else 0.0))
                trail.add(ring)
            # in the gap between the plots, under the key
            trail_key = VGroup(label("dashed ring =", pal.sample),
                               label("visited so far", pal.sample))
            trail_key.arrange(DOWN, buff=0.08).next_to(key, DOWN, 0.35)
            visits = counter("{} of " + str(n_modes),
                             lambda: sum(seen(m) for m in range(n_modes)),
                             pal, style.LABEL_SIZE)  # fmt: skip
            visits.next_to(trail_key, DOWN, 0.1)
            extras += [trail, trail_key, visits]
            self.play(s.animate.set_value(0), FadeIn(replay), run_time=0.4)
            # the count is added, not faded in: its digits change under a fade
            self.add(trail, visits)
            self.play(s.animate.set_value(rounds - 1), FadeIn(trail_key),
                      run_time=max(2.0, self.caption_left()), rate_func=linear)
            for ring in trail:
                ring.clear_updaters()
            self.play(FadeOut(replay), run_time=0.3)
            self.narrate(
                f"It ends covering {end} of {n_modes}: one trick at a time."
                if end
                else f"By that rule it ends covering none of the {n_modes}: its "
                "clump sits beside the blobs, not on them."
            )
        else:
            self.narrate(
                f"Here the plain GAN did not collapse: it ends covering {end} of "
                f"{n_modes} blobs."
            )
        self.mark_poster()
        self.wait(1.5)
        covered, near = int(tr["covered"][1, -1]), float(tr["near"][1, -1])
        self.narrate(
            f"With the brake: {covered} of {n_modes} blobs covered after {total:,} "
            f"steps, {100 * near:.0f}% of the fakes near one."
        )
        if "seed_final_covered" in tr.arrays:  # our traces; yours may hold one run
            self.hold_caption()  # the figures stay up while they are read
            leaving = [panels, key, step_counter, *extras]
            self.play(*[FadeOut(m) for m in leaving], run_time=0.6)
            play_seed_study(self, tr, names, extent)
        self.wait(2.0)


class DigitForger(GanScene):
    """The forger's digits for the same 36 random inputs at chosen rounds, from
    grey blobs to digits, beside real ones; an independent classifier's reading
    of the 36, as one bar per digit, from the collapse on."""

    trace_kind = "gan_digits"
    title_text = "A GAN (a forger and an inspector) draws handwritten digits"
    shown_steps = (0, 20, 100, 300, 1000, 3000)  # the nearest recorded rounds
    stops = (800, 1600)  # rounds the later training stops on, then the last
    varied_kinds = 8  # kinds of digit among the 36 that count as varied
    cols = 6
    grid_height = 3.9
    grid_x = 4.0  # the grids' centres, left and right of the middle
    morph_seconds = 1.0
    escape_seconds = 5.0  # the collapse breaking up, played slowly
    hold_seconds = 2.0  # each stop of the later training, held to be seen

    def construct(self):
        pal, tr = self.palette, self.tr
        steps, fakes = tr["step"], tr["fake"]
        total = int(steps[-1])
        picks = sorted({int(np.argmin(np.abs(steps - v))) for v in self.shown_steps})
        n_eval = int(tr.config["n_eval"])
        self.add_title()
        s = ValueTracker(0)  # round index

        def at() -> int:
            return int(round(s.get_value()))

        fake_img = crisp_image(digit_grid(fakes[0], self.cols, pal), self.grid_height)
        fake_img.add_updater(
            lambda m: setattr(
                m,
                "pixel_array",
                digit_grid(blend(fakes, s.get_value()), self.cols, pal),
            )
        )
        fake_img.move_to(LEFT * self.grid_x + DOWN * 0.05)
        real_img = crisp_image(digit_grid(tr["real"], self.cols, pal), self.grid_height)
        real_img.move_to(RIGHT * self.grid_x + DOWN * 0.05)
        self.fake_img, self.real_img = fake_img, real_img
        n = len(fakes[0])
        fake_head = label(f"the forger's {n} digits", pal.sample)
        fake_head.next_to(fake_img, UP, 0.15)
        real_head = label(f"real handwritten digits ({n})", pal.data)
        real_head.next_to(real_img, UP, 0.15)
        # "training round", not "step": the last line's steps are drawing's
        step_counter = counter(
            f"training round {{:,}} of {total:,}",
            lambda: int(steps[at()]),
            pal,
            style.LABEL_SIZE + 2,
        )
        step_counter.next_to(fake_img, DOWN, 0.15)
        self.add(fake_head, real_head)
        self.play(FadeIn(fake_img), FadeIn(real_img), FadeIn(step_counter),
                  run_time=0.8)  # fmt: skip
        # random numbers -> forger -> the grid, drawn as the first line says it
        maker = self.maker_path(fake_img)
        self.narrate("The untrained forger turns random numbers into grey blobs.")
        self.play(LaggedStart(*[FadeIn(m) for m in maker[:3]], lag_ratio=0.5),
                  run_time=1.2)  # fmt: skip
        self.play(GrowArrow(maker[3]), run_time=0.6)
        self.narrate(f"It keeps the same {n} numbers, so you see the same fakes "
                     "improve.")  # fmt: skip
        pointer = Pointer(pal.accent)
        self.play(pointer.to(fake_img), run_time=0.6)
        self.hold_caption()
        self.play(pointer.away(), FadeOut(maker), run_time=0.3)
        # the inspector, between the two grids: what compares them
        inspector = VGroup(
            label("inspector", pal.guess, style.BODY_SIZE - 2),
            label("real or fake?", pal.text, style.LABEL_SIZE),
        ).arrange(DOWN, buff=0.1)
        box = SurroundingRectangle(inspector, buff=0.15, color=pal.guess,
                                   corner_radius=0.08)  # fmt: skip
        judge = VGroup(box, inspector).move_to(DOWN * 0.05)
        # short arrows: Manim thins a short arrow's line and tip unless told
        thick = dict(buff=0.1, color=pal.text, stroke_width=5,
                     max_stroke_width_to_length_ratio=30,
                     max_tip_length_to_length_ratio=0.45)  # fmt: skip
        arrows = VGroup(Arrow(fake_img.get_right(), box.get_left(), **thick),
                        Arrow(real_img.get_left(), box.get_right(), **thick))
        self.play(FadeIn(judge), *map(GrowArrow, arrows), run_time=0.6)
        # training starts under the line that says what a round is
        self.narrate("Each training round, an inspector compares them with real "
                     "digits, and the forger learns from its verdicts.")  # fmt: skip
        first = picks[1] if len(picks) > 1 else 0
        self.play(s.animate.set_value(first), run_time=max(1.0, self.caption_left()),
                  rate_func=linear)  # fmt: skip
        self.hold_caption()
        self.play(FadeOut(judge), FadeOut(arrows), run_time=0.4)
        # the digit reader's sorting of the 36, one bar per digit, in the middle
        bars = always_redraw(lambda: self.reader_bars(np.bincount(
            tr["read"][at()], minlength=10)[:10], n))  # fmt: skip
        def kinds(k: int) -> int:  # kinds of digit the reader finds in the n shown
            return len(np.unique(tr["read"][k]))

        classes_counter = counter(
            f"kinds of digit among these {n}: {{}} of 10",
            lambda: kinds(at()),
            pal,
            style.LABEL_SIZE,
        )
        classes_counter.next_to(step_counter, DOWN, 0.1)
        st = tr.stats
        sure_at = float(tr.config["confident_at"])
        # the reader's figures, written between the grids as they are said
        right = f"{100 * st['judge_held_out_accuracy']:.0f}%"
        sure = round(float(st["final_confident_share"]) * n_eval)
        sure_shown = tr["confidence"][-1] >= sure_at  # (n,): the 36 on screen
        facts = [
            ("digit reader:", f"{right} right on", "unseen real digits"),
            ("reader at least", f"{100 * sure_at:.0f}% sure of",
             f"{int(sure_shown.sum())} of these {n}"),
            (f"{n_eval:,} more fakes:", f"{sure:,} read at least",
             f"{100 * sure_at:.0f}% surely;", f"{st['final_classes']} kinds of digit"),
        ]  # fmt: skip
        blocks = [
            VGroup(*[label(t, pal.text, style.LABEL_SIZE) for t in lines])
            .arrange(DOWN, buff=0.08).move_to(DOWN * 0.05)
            for lines in facts
        ]  # fmt: skip
        reader_line = (f"A digit reader, trained only on real digits, is {right} "
                       "right on unseen ones.")  # fmt: skip
        said = set()
        for k in picks[2:]:
            step, reads = int(steps[k]), np.unique(tr["read"][k])
            # The round's digits come first (once the last line is read), then
            # the line that names that round, while the counter shows it.
            if "varied" in said:
                self.hold_caption()
                self.play_later_training(s, at())
                break
            if len(reads) == 1 and "same" not in said:
                said.add("same")
                # who the reader is first, while training runs on towards the
                # collapse; then its one bar: it is the reader's call that the
                # one shape is this digit
                self.hold_caption()
                self.narrate(reader_line)
                self.play(FadeIn(blocks[0]), pointer.to(blocks[0]), run_time=0.6)
                self.play(s.animate.set_value((s.get_value() + k) / 2),
                          run_time=max(1.0, self.caption_left()),
                          rate_func=linear)  # fmt: skip
                self.play(FadeOut(blocks[0]), pointer.away(), run_time=0.3)
                self.play(s.animate.set_value(k), run_time=self.morph_seconds,
                          rate_func=linear)  # fmt: skip
                d = int(reads[0])
                self.narrate(f"By round {step:,} all {n} look alike: the reader "
                             f"calls every one {'an' if d == 8 else 'a'} {d}.")
                bars.update()  # its counts now (their digits), before it fades in
                self.play(FadeIn(bars), run_time=0.6)
                self.hold_caption()
                self.narrate(f"This is mode collapse: {plain('mode collapse')}.")
                self.play(Indicate(bars, color=pal.accent), run_time=1.0)
                continue
            if kinds(k) >= self.varied_kinds and "varied" not in said:
                said.add("varied")
                if "same" in said:  # the escape, played slowly under its line
                    *first, watch = self.escape_lines()
                    for line in first:  # said over the collapse, still held
                        self.narrate(line)
                        self.hold_caption()
                    self.narrate(watch)
                    self.play(s.animate.set_value(k),
                              run_time=max(self.escape_seconds, self.caption_left()),
                              rate_func=linear)  # fmt: skip
                else:
                    self.hold_caption()
                    self.play(s.animate.set_value(k), run_time=self.morph_seconds,
                              rate_func=linear)  # fmt: skip
                self.narrate(f"By round {step:,} the reader finds {kinds(k)} kinds "
                             f"of digit among the {n}"
                             + (": the collapse did not last." if "same" in said
                                else "."))  # fmt: skip
                classes_counter.update()  # its count now, before it fades in
                self.play(FadeIn(classes_counter), run_time=0.5)
                continue
            self.hold_caption()
            self.play(s.animate.set_value(k), run_time=self.morph_seconds,
                      rate_func=linear)  # fmt: skip
        self.hold_caption()
        if "same" in said:
            self.play(FadeOut(bars), run_time=0.4)
        if "varied" not in said:
            classes_counter.update()
            self.play(FadeIn(classes_counter), run_time=0.4)
        if "same" not in said:  # the reader not met yet: who it is, first
            self.narrate(reader_line)
            self.play(FadeIn(blocks[0]), pointer.to(blocks[0]), run_time=0.6)
            self.hold_caption()
            self.play(FadeOut(blocks[0]), pointer.away(), run_time=0.3)
        # on the grid: the fakes it is not sure of, outlined, so "sure" is
        # seen on the very fakes shown; their count written between the grids
        unsure = self.tile_boxes(fake_img, ~sure_shown, pal.noise)
        self.unsure = unsure  # tests check each outline sits on its tile
        unsure_key = label(f"outlined: under {100 * sure_at:.0f}% sure", pal.noise)
        unsure_key.move_to(classes_counter)
        self.narrate(
            f"The reader is at least {100 * sure_at:.0f}% sure which digit for "
            f"{int(sure_shown.sum())} of these {n} fakes; the "
            f"{int((~sure_shown).sum())} outlined are too rough to read surely."
        )
        self.play(FadeIn(blocks[1]), pointer.to(blocks[1]), FadeOut(classes_counter),
                  run_time=0.5)  # fmt: skip
        self.play(Create(unsure), FadeIn(unsure_key), run_time=0.8)
        self.hold_caption()
        self.narrate(
            f"On {n_eval:,} more fakes: sure for {sure:,}, and "
            f"{st['final_classes']} kinds of digit among them."
        )
        self.play(FadeOut(blocks[1]), run_time=0.3)
        self.play(FadeIn(blocks[2]), pointer.to(blocks[2]), run_time=0.5)
        self.hold_caption()
        self.mark_poster()
        # one pass: random numbers -> forger -> a digit, drawn between the grids
        self.play(pointer.away(), FadeOut(blocks[2]), run_time=0.4)
        # the shown fake the reader is surest of: a digit, not a smudge
        best = int(np.argmax(tr["confidence"][-1]))
        one = self.one_pass(tr["fake"][-1][best])
        read_as = label(f"read as {int(tr['read'][-1][best])}, "
                        f"{100 * float(tr['confidence'][-1][best]):.0f}% sure",
                        pal.text).next_to(one[4], DOWN, 0.1)  # fmt: skip
        # timed once, with diffusion's, in the next scene (generation_speed)
        self.narrate(
            "Making a fake is one run through the forger, not hundreds of small "
            "steps as in diffusion."
        )
        self.play(LaggedStart(*[FadeIn(m) for m in one], lag_ratio=0.4),
                  run_time=2.0)  # fmt: skip
        self.play(Indicate(one[2], color=pal.sample), FadeIn(read_as), run_time=1.0)
        self.wait(1.0)

    def escape_lines(self) -> list[str]:
        """The lines the collapse breaks up under: first, only when the
        trace's run trained with the brake (the R1 gradient penalty,
        ForgerVsInspector's "brake on the inspector"), that it was on from the
        start, so the collapse is not read as the unbraked run of
        ModeCollapse; then the line the break-up plays under."""
        watch = "watch the one shape break up into digits."
        if float(self.tr.config.get("r1_gamma", 0.0)) > 0:
            return ["Here the inspector had the brake from the start; even so, "
                    "the forger collapsed for a while.", f"Now {watch}"]
        return [f"Then it gets unstuck: {watch}"]

    def play_later_training(self, s: ValueTracker, start: int) -> None:
        """Training from round index ``start`` to the last, stopping
        ``hold_seconds`` on the rounds nearest ``stops`` and on the last, under
        ``later_training_line``."""
        steps = self.tr["step"]
        last = len(steps) - 1
        near = {int(np.argmin(np.abs(steps - v))) for v in self.stops}
        targets = sorted(k for k in near if start < k < last) + [last]
        self.narrate(self.later_training_line(start))
        for k in targets:
            self.play(s.animate.set_value(k), run_time=self.morph_seconds,
                      rate_func=linear)  # fmt: skip
            self.wait_frames(self.hold_seconds)

    def later_training_line(self, start: int) -> str:
        """The line over training from round index ``start`` on: it says the
        variety held only if the reader found at least ``varied_kinds`` kinds
        of digit among the shown fakes at every recorded round from there."""
        tr = self.tr
        found = [len(np.unique(read)) for read in tr["read"][start:]]
        line = f"Training goes on to round {int(tr['step'][-1]):,}"
        if min(found) < self.varied_kinds:
            return line + "."
        span = (f"{min(found)}" if min(found) == max(found)
                else f"{min(found)} to {max(found)}")  # fmt: skip
        return line + (f", and the variety holds: the reader finds {span} kinds "
                       "at every check.")  # fmt: skip

    def maker_path(self, grid: Mobject) -> VGroup:
        """Between the grids: random numbers -> forger -> an arrow into the
        fake ``grid``; (numbers, arrow, forger, arrow to the grid)."""
        pal = self.palette

        numbers = boxed("random numbers", pal.text).move_to(UP * 1.0)
        forger = boxed("forger", pal.sample).move_to(DOWN * 0.3)
        thick = dict(buff=0.08, color=pal.text, stroke_width=5,
                     max_stroke_width_to_length_ratio=30,
                     max_tip_length_to_length_ratio=0.35)  # fmt: skip
        a1 = Arrow(numbers.get_bottom(), forger.get_top(), **thick)
        a2 = Arrow(forger.get_left(), [grid.get_right()[0], forger.get_y(), 0],
                   **thick)  # fmt: skip
        return VGroup(numbers, a1, forger, a2)

    def tile_boxes(self, grid: Mobject, which: np.ndarray, colour: str) -> VGroup:
        """An outline on each tile of the digit ``grid`` image where ``which``
        is true (tiles laid out as digit_grid lays them: 1-pixel gaps)."""
        h = w = self.tr["fake"].shape[-1]
        rows = int(np.ceil(len(which) / self.cols))
        unit = grid.height / (rows * (h + 1) - 1)  # scene units per image pixel
        left, top = grid.get_left()[0], grid.get_top()[1]
        boxes = VGroup()
        for i in np.flatnonzero(which):
            r, c = divmod(int(i), self.cols)
            box = Square(w * unit, color=colour, stroke_width=3)
            box.move_to([left + (c * (w + 1) + w / 2) * unit,
                         top - (r * (h + 1) + h / 2) * unit, 0])  # fmt: skip
            boxes.add(box)
        return boxes

    def reader_bars(self, counts: np.ndarray, n: int) -> VGroup:
        """One bar per digit 0-9: how many of the ``n`` fakes shown the digit
        reader reads as it, on one scale (all ``n`` = the full height)."""
        pal = self.palette
        width, height, gap = 0.22, 2.0, 0.06
        bars = VGroup()
        for d, c in enumerate(counts):
            bar = Rectangle(width=width, height=max(0.02, height * c / n),
                            stroke_width=0, fill_color=pal.sample, fill_opacity=1)
            bar.move_to([(d - 4.5) * (width + gap), -1.2, 0], aligned_edge=DOWN)
            digit = label(str(d), pal.text).next_to([bar.get_x(), -1.2, 0], DOWN,
                                                      0.08)  # fmt: skip
            bars.add(VGroup(bar, digit))
        base = Line([-1.45, -1.2, 0], [1.45, -1.2, 0], color=pal.muted,
                    stroke_width=1.5)  # fmt: skip
        head = VGroup(label("the reader reads", pal.text),
                      label(f"these {n} as:", pal.text)).arrange(DOWN, buff=0.06)
        head.move_to([0, 1.5, 0])
        # the scale: a dashed line where a bar holding all n would end; its
        # words never change, so the redrawn chart keeps the same parts
        top = DashedLine([-1.45, -1.2 + height, 0], [1.45, -1.2 + height, 0],
                         color=pal.muted, stroke_width=1.5, dash_length=0.06)
        top_note = label(f"all {n}", pal.muted).next_to(top, UP, 0.05)
        top_note.align_to(top, RIGHT)
        return VGroup(head, VGroup(base, top, top_note), bars)

    def one_pass(self, digit: np.ndarray) -> Group:
        """random numbers -> forger -> one digit, stacked in the middle, with
        "one pass" on the arrow: (numbers, arrow, forger, arrow, digit)."""
        pal = self.palette

        numbers = boxed("random numbers", pal.text).move_to(UP * 1.55)
        forger = boxed("forger", pal.sample).move_to(UP * 0.55)
        picture = crisp_image(digit_grid(digit[None], 1, pal), 1.4)
        picture.move_to(DOWN * 1.1)
        down = dict(buff=0.08, color=pal.text, stroke_width=5,
                    max_stroke_width_to_length_ratio=30,
                    max_tip_length_to_length_ratio=0.35)  # fmt: skip
        a1 = Arrow(numbers.get_bottom(), forger.get_top(), **down)
        a2 = Arrow(forger.get_bottom(), picture.get_top(), **down)
        note = label("one pass", pal.sample).next_to(a2, RIGHT, 0.1)
        return Group(numbers, a1, forger, VGroup(a2, note), picture)
