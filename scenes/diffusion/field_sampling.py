"""Chapter 1, diffusion: making a new point from random dots with the learned
pulls, one step at a time: a pull along the arrow plus a small random shake.

Every position and step is read from the ``points_diffusion`` trace
(``reverse``, ``reverse_x0``, ``reverse_t``, ``signal``, ``noise``, ``data``
and the field arrays).
"""

from __future__ import annotations

from manim import *
from scipy.spatial import cKDTree

from scenes.diffusion.field_stage import FieldStage
from scenes.kit import style
from scenes.kit.text import label
from scenes.kit.widgets import counter, frame_at, point_cloud


class FieldSampling(FieldStage):
    """New points made from random dots by the model's pulls: one step split
    into its pull and its random shake; one dot's pulls and shakes laid end to
    end with their net arrows (the shakes cancel); the same run without the
    shake (one pile); the run finished on the shape; a finished dot shown as
    its 2-pixel picture. Reads ``reverse``,
    ``reverse_x0``, ``reverse_t``, ``signal``, ``data`` and the field arrays."""

    needs_name = "FieldSampling"
    reverse_seconds = 8.0  # the run from the shake demo to the end
    every_k = 5  # points drawn from every 5th recorded step, eased between
    n_chain = 40  # steps of one dot laid end to end
    grey_unreached = True  # low-noise arrows drawn by DenoisingField's rule
    clear_names = True  # no arrow runs over the axis names
    min_share = 1.0  # every arrow one length, as in DenoisingField: direction only

    def current_t(self) -> float:
        steps = self.tr["reverse_t"]
        return float(np.interp(self.tracker.get_value(), np.arange(len(steps)),
                               steps))  # fmt: skip

    def construct(self):
        self.tracker = ValueTracker(0)  # index into the reverse frames
        self.stage()
        pal, tr = self.palette, self.tr
        extent, scale, centre = self.extent, self.scale, self.plot_center
        to_scene, total, tracker = self.to_scene, self.total, self.tracker
        data, reverse, guesses = tr["data"], tr["reverse"], tr["reverse_x0"]
        steps = tr["reverse_t"]
        last = len(steps) - 1
        near_data = cKDTree(data)
        title = self.title_block(("Making new points (new pictures):",
                                  "a pull and a shake, step by step"))  # fmt: skip


        key_idx = np.append(np.arange(0, last, self.every_k), last)
        key_idx = np.unique(key_idx)
        key_frames = reverse[key_idx]

        def key_s(s: float) -> float:
            """Step index s as a (fractional) index into the key frames."""
            return float(np.interp(s, key_idx, np.arange(len(key_idx))))

        def pos_at(s: float) -> np.ndarray:
            """The dots at step index s, on the smoothed path."""
            return frame_at(key_frames, key_s(s))

        shown = ValueTracker(0.0)
        real_op = ValueTracker(0.35)
        cloud = point_cloud(lambda s: [(data, pal.data, real_op.get_value()),
                                       (pos_at(s), pal.sample, shown.get_value())],
                            tracker, extent, self.plot_side - 0.1)  # fmt: skip
        cloud.move_to(centre)
        def done() -> int:
            """Steps taken so far: counted up from 0, so it moves from the
            first step on, with the dots."""
            return total - int(round(self.current_t()))

        steps_label = counter(f"steps done: {{}} of {total}", done, pal)
        steps_label.next_to(title, DOWN, 0.35).align_to(title, LEFT)
        self.noise_label.next_to(steps_label, DOWN, 0.2).align_to(title, LEFT)
        # one model run per step: the network asked once, for all dots at once
        runs_label = label("each step: 1 network run, for all dots", pal.text,
                           style.LABEL_SIZE)
        runs_label.next_to(self.noise_label, DOWN, 0.2).align_to(title, LEFT)
        real_entry = VGroup(Dot(color=pal.data, radius=0.06), VGroup(*[
            label(t, pal.data, style.LABEL_SIZE)
            for t in ("real data, shown for comparison:", "not used to make new dots")
        ]).arrange(DOWN, aligned_edge=LEFT, buff=0.06)).arrange(RIGHT, buff=0.2)
        sample_entry = self.entry(Dot(color=pal.sample, radius=0.08),
                                  f"{reverse.shape[1]:,} new dots; each dot is "
                                  "a 2-pixel picture")  # fmt: skip
        pull_entry = self.entry(
            Arrow(ORIGIN, RIGHT * 0.5, buff=0, color=pal.guess, stroke_width=3,
                  tip_length=0.12), "the pull (direction only)")
        grey_entry = self.entry(
            Arrow(ORIGIN, RIGHT * 0.5, buff=0, color=pal.muted, stroke_width=3,
                  tip_length=0.12), "grey: training rarely got here",
            pal.muted)  # fmt: skip
        legend = VGroup(real_entry, sample_entry, pull_entry, grey_entry).arrange(
            DOWN, aligned_edge=LEFT, buff=0.1)
        legend.next_to(runs_label, DOWN, 0.3).align_to(title, LEFT)
        notes_top = legend.get_bottom() + DOWN * 0.35

        def place(m: Mobject) -> Mobject:
            return m.move_to([title.get_left()[0], notes_top[1], 0],
                             aligned_edge=UL)  # fmt: skip

        axes = self.axes_names()
        self.add(title, self.frame, axes, cloud)

        # Beat 1: what the scene is for, then the learned pulls with the noise
        # level they are for; the grey ones (DenoisingField's rule) named with
        # them, their legend row in from the start
        self.narrate("Diffusion makes pictures by removing noise, step by "
                     "step.")  # fmt: skip
        self.play(FadeIn(real_entry), run_time=max(0.5, self.caption_left()))
        grey_start = bool((~self.reached_at(total)).any())
        # the model and its training put in plain words where first said:
        # the scene stands alone
        self.narrate(f"These arrows are the pull at {self.noise_pct(total)}% "
                     "noise: where the model, a small network, says to move.")
        self.play(FadeIn(self.arrows), FadeIn(pull_entry),
                  FadeIn(self.noise_label),
                  run_time=max(0.5, self.caption_left()))  # fmt: skip
        self.narrate("It learned them in training, guessing the data back "
                     "from noisy copies" + ("; grey: rarely reached."
                                            if grey_start else "."))
        self.add(self.far_arrows)  # redrawn each frame: added, not faded
        self.play(FadeIn(grey_entry), run_time=max(0.5, self.caption_left()))
        # the dots come in as they are named
        self.narrate("Each dot is a 2-pixel picture. New ones start from "
                     f"random dots: {total} steps.")
        self.play(shown.animate.set_value(0.55), FadeIn(sample_entry),
                  run_time=0.8)  # fmt: skip
        self.play(FadeIn(steps_label), FadeIn(runs_label),
                  run_time=max(0.5, self.caption_left()))  # fmt: skip

        # Beat 2: one step = a pull along the arrow + a small random shake
        ab = tr["signal"] ** 2

        def split(k: int) -> tuple[np.ndarray, np.ndarray]:
            """The pull part and the shake of the move from frame k to k+1
            (the sampler's mean from the recorded guess and the schedule)."""
            t = int(steps[k])
            beta = 1 - ab[t] / ab[t - 1]
            c0 = np.sqrt(ab[t - 1]) * beta / (1 - ab[t])
            cx = np.sqrt(1 - beta) * (1 - ab[t - 1]) / (1 - ab[t])
            mean = c0 * guesses[k + 1] + cx * reverse[k]
            return mean - reverse[k], reverse[k + 1] - mean

        k0 = 2 if len(steps) > 4 else 0
        n_zoom = 3
        kc = k0 + n_zoom  # the chains start where the 3 steps left the dot
        n_chain = int(min(self.n_chain, last - 1 - kc))
        parts = [split(k) for k in range(kc, kc + n_chain)]
        st_all = np.stack([p[0] for p in parts])  # steps x dots x 2
        sh_all = np.stack([p[1] for p in parts])
        net_pull = np.linalg.norm(st_all.sum(0), axis=1)
        net_shake = np.linalg.norm(sh_all.sum(0), axis=1)
        # the example: starting well inside, its pulls' sum far and its
        # shakes' sum short (plainly so), its pull path inside the plot
        ways = reverse[kc][None] + np.cumsum(st_all, 0)
        # how far the shakes' path wanders from its start on the way
        wander = np.linalg.norm(np.cumsum(sh_all, 0), axis=-1).max(0)
        # both paths kept clear of the axis names along the left and bottom
        inside = ((np.abs(reverse[k0]).max(1) < 0.5 * extent)
                  & (np.abs(reverse[kc]).max(1) < 0.5 * extent)
                  & (np.abs(ways).max((0, 2)) < 0.7 * extent)
                  & (np.abs(reverse[kc][None] + np.cumsum(sh_all, 0))
                     .max((0, 2)) < 0.7 * extent))  # fmt: skip
        # among the quarter of them moved furthest by their pulls, the one
        # whose shakes end and wander least against that
        far = inside & (net_pull >= np.percentile(net_pull[inside], 75)
                        if inside.any() else True)
        score = (net_shake + 0.5 * wander) / np.maximum(net_pull, 1e-9)
        j = int(np.argmin(np.where(far, score, np.inf)))
        plain = net_pull[j] > 2.5 * net_shake[j]
        kept_pull = float(np.median(net_pull / np.maximum(
            np.linalg.norm(st_all, axis=-1).sum(0), 1e-9)))
        kept_shake = float(np.median(net_shake / np.maximum(
            np.linalg.norm(sh_all, axis=-1).sum(0), 1e-9)))
        # one dot, zoomed in, for a few steps: each a pull then a shake
        zparts = [split(k) for k in range(k0, k0 + n_zoom)]
        zpath = [reverse[k][j] for k in range(k0, k0 + n_zoom + 1)]
        zmids = [zpath[i] + zparts[i][0][j] for i in range(n_zoom)]
        zall = np.array(zpath + zmids)
        zc = 0.5 * (zall.max(0) + zall.min(0))
        box_side = 3.2  # about 190 px at 480p: the steps drawn large
        zoom = 0.8 * (box_side / 2) / max(float(np.abs(zall - zc).max()), 1e-9)
        # per step, is the shake bigger than the pull (typical dot)?
        big_shake = float(np.median(np.linalg.norm(sh_all, axis=-1))) > float(
            np.median(np.linalg.norm(st_all, axis=-1)))
        mag = zoom / scale
        shafts0, heads0 = self.arrows[0], self.arrows[1]
        a = to_scene(reverse[k0][j])[0]
        ring0 = Circle(radius=0.22, color=pal.text, stroke_width=4).move_to(a)
        ring0.set_z_index(6)
        # how far a dot moves per step, early and halfway (typical dot): at
        # full noise the first steps are big jumps, later ones small
        moved = np.median(np.linalg.norm(np.diff(reverse, axis=0), axis=-1), 1)
        self.big_first = bool(moved[k0] > 3 * moved[last // 2])  # for the tests

        def key_text(*lines: str) -> VGroup:
            return VGroup(*[label(t, pal.text, style.LABEL_SIZE + 2)
                            for t in lines]).arrange(DOWN, aligned_edge=LEFT,
                                                     buff=0.06)  # fmt: skip

        step_key = VGroup(
            VGroup(VGroup(Line(ORIGIN, RIGHT * 0.5, color=pal.guess,
                               stroke_width=12),
                          Dot(ORIGIN, radius=0.07, color=pal.guess),
                          Dot(RIGHT * 0.5, radius=0.07, color=pal.guess)),
                   key_text("thick: a pull", "along its arrow")),
            VGroup(DashedLine(ORIGIN, RIGHT * 0.5, color=pal.text,
                              stroke_width=5, dash_length=0.03,
                              dashed_ratio=0.4),
                   key_text("dotted: a", "random shake,", "often bigger"
                            if big_shake else "smaller")),
            key_text(*(("the ringed dot,", "zoomed" + (f" x{mag:.0f}"
                                                      if mag >= 1.5 else ""))
                       + (("early steps: big",) if self.big_first
                          else ()))),
        )  # fmt: skip
        for row in step_key[:2]:
            row.arrange(RIGHT, buff=0.15, aligned_edge=UP)
        step_key.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        box = Square(box_side, color=pal.muted, stroke_width=2)
        # the box takes the legend's place in the column beside the plot
        box.move_to([title.get_left()[0], legend.get_top()[1] + 0.1, 0],
                    aligned_edge=UL)
        step_key.next_to(box, RIGHT, 0.25).align_to(box, UP)
        # the step each move belongs to, ticking as the ringed dot moves
        zoom_count = counter(f"step {{}} of {total}", done, pal)
        zoom_count.next_to(step_key, DOWN, 0.2).align_to(step_key, LEFT)

        def zpt(p: np.ndarray) -> np.ndarray:
            return box.get_center() + np.append((p - zc) * zoom, 0)

        zdot = Dot(zpt(zpath[0]), radius=0.08, color=pal.sample).set_z_index(8)
        # each pull a thick solid purple bar with round purple ends (seen
        # even when short), each shake a thin dotted white line, no heads
        zsteps = [VGroup(
            VGroup(Line(zpt(zpath[i]), zpt(zmids[i]), color=pal.guess,
                        stroke_width=12),
                   Dot(zpt(zpath[i]), radius=0.07, color=pal.guess),
                   Dot(zpt(zmids[i]), radius=0.07, color=pal.guess)),
            DashedLine(zpt(zmids[i]), zpt(zpath[i + 1]), color=pal.text,
                       stroke_width=4, dash_length=0.05, dashed_ratio=0.35),
        ).set_z_index(7) for i in range(n_zoom)]  # fmt: skip
        main_dot = Dot(a, radius=0.07, color=pal.sample).set_z_index(8)
        one_step = VGroup(ring0, box, zdot, *zsteps, main_dot)
        self.play(tracker.animate.set_value(k0), run_time=0.6)
        # the ring comes in as "this ringed dot" is said; the step size said
        # only as the frames show it (no "a little" beside a leap)
        self.narrate("Take this ringed dot: each step, it moves along its pull "
                     "plus a random shake"
                     + ("; big steps at first, small later." if self.big_first
                        else "."))  # fmt: skip
        n_share = tr["noise"]

        def fine_pct() -> str:
            t = self.current_t()
            return f"{100 * float(np.interp(t, np.arange(len(n_share)), n_share)):.2f}"

        fine_noise = counter("noise: {}%", fine_pct, pal).move_to(
            self.noise_label, aligned_edge=LEFT)  # fmt: skip
        self.remove(self.noise_label)
        self.add(fine_noise)
        self.play(FadeOut(legend), Create(ring0), FadeIn(main_dot),
                  run_time=0.3)  # fmt: skip
        zoom_count.update()  # its digits read the step now, before it fades in
        self.play(shown.animate.set_value(0.25), Create(box),
                  FadeIn(zdot), FadeIn(step_key), FadeIn(zoom_count),
                  run_time=0.6)  # fmt: skip
        each = max(0.9, (self.caption_left() - 0.3) / n_zoom)
        for i, zs in enumerate(zsteps):
            self.play(FadeIn(zs[0][1:]), Create(zs[0][0]),
                      zdot.animate.move_to(zpt(zmids[i])),
                      run_time=0.5 * each)  # fmt: skip
            here = to_scene(zpath[i + 1])[0]
            self.play(Create(zs[1]), zdot.animate.move_to(zpt(zpath[i + 1])),
                      main_dot.animate.move_to(here), ring0.animate.move_to(here),
                      tracker.animate.set_value(k0 + i + 1),
                      run_time=0.4 * each)  # fmt: skip
            self.wait(0.1 * each)
        self.hold_caption()

        # Beat 3: over many steps the pulls add up, the shakes cancel; both
        # chains start at the ring, everything else dimmed
        pull_way = to_scene(reverse[kc][j] + np.concatenate(
            [np.zeros((1, 2)), np.cumsum(st_all[:, j], 0)]))
        shake_way = to_scene(reverse[kc][j] + np.concatenate(
            [np.zeros((1, 2)), np.cumsum(sh_all[:, j], 0)]))
        chains = VGroup(
            VGroup(*[Line(p, q, color=pal.guess, stroke_width=4)
                     for p, q in zip(pull_way[:-1], pull_way[1:], strict=True)]),
            VGroup(*[Line(p, q, color=pal.text, stroke_width=3,
                          stroke_opacity=0.8)
                     for p, q in zip(shake_way[:-1], shake_way[1:], strict=True)]),
        ).set_z_index(6)  # fmt: skip
        start_mark = VGroup(
            Dot(pull_way[0], radius=0.09, color=pal.text),
            label("start", pal.text, style.LABEL_SIZE)
            .add_background_rectangle(color=pal.background, opacity=0.8)
            .next_to(pull_way[0], LEFT, 0.35),
        ).set_z_index(9)  # fmt: skip
        ends = VGroup(Dot(pull_way[-1], radius=0.08, color=pal.guess),
                      Dot(shake_way[-1], radius=0.08, color=pal.text)
                      ).set_z_index(9)  # fmt: skip
        nets = VGroup(
            Arrow(pull_way[0], pull_way[-1], buff=0, color=pal.guess,
                  stroke_width=10, tip_length=0.26,
                  max_tip_length_to_length_ratio=0.4),
        ).set_z_index(7)  # fmt: skip
        net_shake_arrow = Arrow(shake_way[0], shake_way[-1], buff=0,
                                color=pal.text, stroke_width=8, tip_length=0.18,
                                max_tip_length_to_length_ratio=0.5).set_z_index(10)
        # the two sums added, head to tail: where the dot really is after them
        landed = to_scene(reverse[kc + n_chain][j])[0]
        summed = VGroup(
            Dot(landed, radius=0.08, color=pal.sample),
            Circle(radius=0.22, color=pal.sample, stroke_width=3).move_to(landed),
        ).set_z_index(9)  # fmt: skip
        chain_note = VGroup(*[
            label(t, c, style.LABEL_SIZE)
            for t, c in ((f"from the ring, its next {n_chain} steps:", pal.text),
                         ("its pulls laid end to end", pal.guess),
                         ("its shakes laid end to end", pal.text),
                         ("all the pulls together: moved far", pal.guess),
                         ("all the shakes together: " + (
                             "short" if plain else "shorter"), pal.text),
                         (f"ringed: where it is after {n_chain} steps",
                          pal.sample))
        ]).arrange(DOWN, aligned_edge=LEFT, buff=0.08)  # fmt: skip
        # the demo's notes sit under the title: the counters and the legend
        # step aside while it runs, so nothing reaches the captions
        chain_note.next_to(title, DOWN, 0.35).align_to(title, LEFT)
        readings = VGroup(steps_label, self.noise_label, runs_label)
        self.narrate(f"Over {n_chain} steps, lay its pulls and shakes end to "
                     "end.")  # fmt: skip
        # set at once, not animated: the arrows are redrawn every frame and
        # the number drawn grey or purple can change while it plays
        shafts0.set_stroke(opacity=0.15)
        heads0.set_fill(opacity=0.15)
        self.far_arrows.set_opacity(0.1)
        self.remove(fine_noise)
        self.play(FadeOut(step_key), FadeOut(zoom_count),
                  FadeOut(one_step[1:3]), FadeOut(readings),
                  FadeOut(VGroup(*zsteps)), FadeIn(chain_note[:3]),
                  FadeIn(start_mark), FadeOut(one_step[0]), FadeOut(main_dot),
                  shown.animate.set_value(0.08),
                  real_op.animate.set_value(0.12),
                  run_time=0.5)
        self.play(Create(chains[0]), Create(chains[1]),
                  tracker.animate.set_value(kc + n_chain),
                  run_time=max(2.5, self.caption_left() - 0.4), rate_func=linear)
        self.play(FadeIn(ends), run_time=0.3)
        self.narrate("All the pulls together move it far; "
                     + ("the random shakes mostly cancel, so their sum is short."
                        if plain and kept_pull > 2 * kept_shake else
                        "the random shakes cancel only partly."))  # fmt: skip
        # each sum named on its own arrow, one at a time
        pull_tag = label("all pulls: long", pal.guess, style.LABEL_SIZE + 2)
        shake_tag = label("all shakes: " + ("short" if plain else "shorter"),
                          pal.text, style.LABEL_SIZE + 2)
        for tag, a0, a1 in ((pull_tag, pull_way[0], pull_way[-1]),
                            (shake_tag, shake_way[0], shake_way[-1])):
            d = a1 - a0
            n = np.array([-d[1], d[0], 0]) / max(np.linalg.norm(d), 1e-9)
            tag.add_background_rectangle(color=pal.background, opacity=0.85)
            tag.move_to(0.5 * (a0 + a1) + n * 0.35).set_z_index(11)
        # the shakes' sum is short: its name sits beside the start, clear of
        # the pulls' arrow and the "start" name on the left
        shake_tag.next_to(shake_way[0], RIGHT, 0.3).shift(DOWN * 0.3)
        # the pulls' name past its arrow's tip, along it: never over the arrow
        way = pull_way[-1] - pull_way[0]
        pull_tag.next_to(pull_way[-1], way / max(np.linalg.norm(way), 1e-9), 0.2)
        self.play(chains.animate.set_stroke(opacity=0.2), GrowArrow(nets[0]),
                  FadeIn(chain_note[3]), FadeIn(pull_tag),
                  run_time=1.0)  # fmt: skip
        self.play(GrowArrow(net_shake_arrow), FadeIn(chain_note[4]),
                  FadeIn(shake_tag), run_time=1.0)  # fmt: skip
        self.wait(0.4)
        self.play(net_shake_arrow.animate.shift(pull_way[-1] - shake_way[0]),
                  FadeOut(shake_tag), FadeOut(pull_tag), run_time=0.8)
        self.play(FadeIn(summed), FadeIn(chain_note[5]), run_time=0.5)
        self.hold_caption()
        # why the shake: the same run from the same noise without it
        calm_run = tr.arrays.get("reverse_noshake")

        def arrows_back() -> None:
            """The field at full strength again (behind the replay's cover
            when there is one, so it never flashes up before it)."""
            shafts0.set_stroke(opacity=1.0)
            heads0.set_fill(opacity=1.0)
            self.far_arrows.set_opacity(0.7)

        if calm_run is None:
            arrows_back()
        # the readings come back at once: their digits changed while away
        # after the demo's notes have gone, never over them
        demo_parts = (chains, nets, chain_note, summed, start_mark, ends,
                      net_shake_arrow)
        legend_rows = VGroup(real_entry, sample_entry, pull_entry, grey_entry)
        if calm_run is None:
            self.play(*[FadeOut(m) for m in demo_parts],
                      real_op.animate.set_value(0.35),
                      shown.animate.set_value(0.55), run_time=0.3)  # fmt: skip
            self.add(readings)
            self.play(FadeIn(legend_rows), run_time=0.2)
        if calm_run is not None:
            stats = tr.stats
            n_calm, n_shake = stats["cells_no_shake"], stats["cells_shake"]
            piles = n_calm < 0.5 * n_shake
            # where the no-shake run ends: its pile, how many dots are in it,
            # and whether it sits on the shape (as near a real point as real
            # points sit to each other) or off it
            calm_end = calm_run[-1]
            pile_at = np.median(calm_end, axis=0)
            in_pile = np.linalg.norm(calm_end - pile_at, axis=1) < 0.05 * extent
            n_pile, n_all = int(in_pile.sum()), len(calm_end)
            real_gap = float(near_data.query(data, k=2)[0][:, 1].max())
            off_shape = float(near_data.query(pile_at)[0]) > real_gap
            one_pile = piles and n_pile == n_all
            self.pile = (n_pile, n_all, off_shape)  # for the tests
            # the reason, from the no-shake run's own frames: how soon its
            # dots gather (their spread a quarter of the start's) and how
            # much noise is still left then
            spread = np.array([np.median(np.linalg.norm(f - np.median(f, 0),
                                                        axis=1))
                               for f in calm_run])  # fmt: skip
            gathered = np.flatnonzero(spread < 0.25 * spread[0])
            k_gather = int(gathered[0]) if len(gathered) else len(steps) - 1
            centre_first = (len(gathered) > 0
                            and steps[k_gather] >= 0.5 * total
                            and float(np.linalg.norm(np.median(
                                calm_run[k_gather], 0) - data.mean(0)))
                            < 0.15 * extent)  # fmt: skip
            self.gather = (k_gather, centre_first)  # for the tests
            run_s = ValueTracker(0.0)
            hop = max(1, (len(steps) - 1) // 20)
            # eased between steps while the dots gather (they pile within a
            # step or two, so they are seen travelling together), then in hops
            fine = float(max(1, k_gather))

            def q(s: float) -> float:
                return float(s) if s <= fine else max(fine, hop * np.floor(s / hop))
            # the two runs replace the main plot, full height, side by side
            low_edge = -2.85  # clear of a two-line caption
            top_edge = title.get_bottom()[1] - 0.3
            side = top_edge - 0.45 - (low_edge + 0.45)
            cover = VGroup(
                Rectangle(width=config.frame_width / 2 + title.get_left()[0],
                          height=4 + 3.95, stroke_width=0,
                          fill_color=pal.background, fill_opacity=1.0)
                .move_to([-config.frame_width / 2, low_edge, 0], aligned_edge=DL),
                Rectangle(width=config.frame_width, height=top_edge + 0.2 - low_edge,
                          stroke_width=0, fill_color=pal.background,
                          fill_opacity=1.0)
                .move_to([-config.frame_width / 2, low_edge, 0], aligned_edge=DL),
            ).set_z_index(20)  # fmt: skip
            panels, feet = Group(), VGroup()
            pile_text = ((f"all {n_all:,} dots here",) if n_pile == n_all else
                         (f"{n_pile:,} of {n_all:,} dots here",))
            # the shaken run waits, dimmed, while the one without is told
            with_s = ValueTracker(0.0)
            with_op = ValueTracker(0.35)
            for run, name, foot_text, run_at, op in (
                    (calm_run, "without the shake", pile_text, run_s, None),
                    (reverse, "with the shake",
                     ("spread over the shape",) if piles else ("more spread",),
                     with_s, with_op)):
                # in 20 hops, not every frame: 2 x 2,000 dots redrawn at 10 fps
                # would push the article GIF over its 3 MB
                img = point_cloud(
                    lambda s, run=run, op=op: [
                        (data, pal.data, 0.3),
                        (frame_at(run, q(s)), pal.sample,
                         0.9 if op is None else op.get_value())],
                    run_at, extent, side)  # fmt: skip
                edge = Square(side, color=pal.muted, stroke_width=2)
                head = label(name, pal.text, style.BODY_SIZE)
                foot = VGroup(*[label(t, pal.text, style.LABEL_SIZE)
                                for t in foot_text]).arrange(DOWN, buff=0.06)
                head.next_to(edge, UP, 0.1)
                foot.next_to(edge, DOWN, 0.1)
                feet.add(foot)
                panels.add(Group(img.move_to(edge), edge, head).set_z_index(21))
            panels.arrange(RIGHT, buff=0.8)
            panels.move_to([0, 0, 0]).align_to([0, top_edge, 0], UP)
            feet.set_z_index(21)
            for panel, foot in zip(panels, feet, strict=True):
                foot.next_to(panel[1], DOWN, 0.1)
            panel_scale = side / (2 * extent)
            where = (" all onto one spot" if one_pile else " onto a few spots")
            where += ", between the curves" if off_shape else ""
            # how soon they gather, said as the run's own frames show it
            # (never a slow collapse the frames do not have), and why
            soon = ("in one step" if k_gather == 1 else
                    f"within {k_gather} steps")
            # without the shake a step lands each dot on its pull's aim:
            # at full noise that is the average of where it could have come
            # from, one spot for every dot
            jump = ("jumps" if k_gather == 1 else "moves")
            reason = (f"Without the shake, {soon}, every dot {jump} to the "
                      "average of where it could have come from: the same "
                      "spot for all"
                      + (", between the curves" if off_shape else "") + "."
                      if centre_first and one_pile else
                      f"Without the shake, {soon} the dots gather"
                      + (where + "." if piles else "."))
            # why a pile is bad, said only once the run shown has finished
            bad = ((f"{n_all:,} copies of one picture"
                    + (", not a real one" if off_shape else "") + ". ")
                   if one_pile else "Many copies of a few pictures. "
                   if piles else "")
            self.narrate("Why the shake? Same start, run again without it.")
            said_with = bad + ("With the shake, they spread over the shape."
                               if piles else "With the shake, they "
                               "spread more: it adds variety.")  # fmt: skip
            run_t = ValueTracker(float(total))
            run_steps = counter(f"steps done: {{}} of {total}",
                                lambda: total - int(round(run_t.get_value())),
                                pal)  # fmt: skip
            run_noise = counter("noise: {}%",
                                lambda: self.noise_pct(run_t.get_value()), pal)
            run_read = VGroup(label("replayed from the start", pal.text,
                                    style.LABEL_SIZE + 2),
                              run_steps, run_noise).arrange(
                DOWN, aligned_edge=LEFT, buff=0.12)
            run_read.move_to([-config.frame_width / 2 + 0.4, 3.7, 0],
                             aligned_edge=UL).set_z_index(22)
            # the reading follows the run playing: the one without the shake,
            # then the shaken one replayed from the start
            run_t.add_updater(lambda m: m.set_value(float(np.interp(
                q((with_s if with_s.get_value() > 0 else run_s).get_value()),
                np.arange(len(steps)), steps))))
            self.add(run_t)
            # the full-noise pulls drawn in the no-shake panel: all inward
            p_c = panels[0][1].get_center()
            few = self.grid[::2]
            tips = self.arrow_ends(total, at=few, guess=self.field_at(total)[::2])
            inward = VGroup(*[
                Arrow(p_c + np.append(a * panel_scale, 0),
                      p_c + np.append((a + 1.8 * (b - a)) * panel_scale, 0),
                      buff=0, color=pal.guess, stroke_width=8, tip_length=0.2,
                      max_tip_length_to_length_ratio=0.5)
                for a, b in zip(few, tips, strict=True)
                if 0.35 * extent < np.abs(a).max() < 0.85 * extent
            ]).set_z_index(22)  # fmt: skip
            inward_note = label("at high noise: every pull to the middle",
                                pal.guess, style.LABEL_SIZE)
            inward_note.next_to(panels[0][1], DOWN, 0.1).set_z_index(22)
            # the old plot and readings cleared first, then the panels in
            self.play(FadeIn(cover), FadeOut(axes[2]),
                      *[FadeOut(m) for m in demo_parts], run_time=0.3)
            # behind the cover: the plot set back for after the replay
            arrows_back()
            real_op.set_value(0.35)
            shown.set_value(0.55)
            self.play(FadeIn(panels), FadeIn(inward), FadeIn(inward_note),
                      FadeIn(run_read), run_time=0.4)  # fmt: skip
            # the pile ringed and named as soon as the dots have gathered,
            # drawn big; the ring follows it to where the run ends
            ring_op = ValueTracker(0.0)

            def pile_centre() -> np.ndarray:
                f = frame_at(calm_run, q(run_s.get_value()))
                return p_c + np.append(np.median(f, 0) * panel_scale, 0)

            pile_mark = always_redraw(lambda: VGroup(
                Dot(pile_centre(), radius=0.16, color=pal.sample,
                    fill_opacity=ring_op.get_value()),
                Circle(radius=0.34, color=pal.text, stroke_width=5,
                       stroke_opacity=ring_op.get_value()).move_to(pile_centre()),
            ).set_z_index(22))  # fmt: skip
            pile_name = always_redraw(lambda: label(
                pile_text[0], pal.text, style.LABEL_SIZE + 2).set_opacity(
                ring_op.get_value()).next_to(pile_centre(), UP, 0.42)
                .set_z_index(22))  # fmt: skip
            self.add(pile_mark, pile_name)
            self.hold_caption()
            # the gathering played while its reason is said, the pile named
            # after
            self.narrate(reason)
            upto = fine
            first = max(2.5, 0.55 * self.caption_left())
            self.play(run_s.animate.set_value(upto), run_time=first,
                      rate_func=linear)  # fmt: skip
            self.play(ring_op.animate.set_value(1.0), FadeOut(inward),
                      FadeOut(inward_note), run_time=0.5)  # fmt: skip
            # the run without the shake played to its end before the outcome
            self.play(run_s.animate.set_value(len(steps) - 1),
                      run_time=max(1.5, self.caption_left()),
                      rate_func=linear)  # fmt: skip
            if bad:  # said of the left panel, the right one still waiting
                self.narrate(bad.strip())
                self.hold_caption()
            self.narrate(said_with[len(bad):])
            # then the shaken run, lit, played while it is said
            self.play(with_op.animate.set_value(0.9),
                      with_s.animate.set_value(1e-6), run_time=0.3)
            self.play(with_s.animate.set_value(len(steps) - 1),
                      run_time=max(1.0, self.caption_left() - 0.8),
                      rate_func=linear)  # fmt: skip
            self.play(FadeIn(feet[1]), run_time=0.4)
            self.hold_caption()
            self.remove(pile_mark, pile_name, run_t)
            # the panels go first, then the cover: nothing shows through
            self.play(FadeOut(panels), FadeOut(pile_mark.copy()),
                      FadeOut(pile_name.copy()),
                      FadeOut(feet[1]), FadeOut(run_read),
                      run_time=0.25)  # fmt: skip
            self.add(readings)
            self.play(FadeOut(cover), FadeIn(axes[2]), FadeIn(legend_rows),
                      shown.animate.set_value(0.55), run_time=0.2)  # fmt: skip
        else:
            variety = VGroup(*[label(t, pal.text, style.LABEL_SIZE) for t in (
                "why shake at all? for variety:", "so new dots do not all land",
                "on the same few spots")]).arrange(DOWN, aligned_edge=LEFT,
                                                   buff=0.08)  # fmt: skip
            place(variety)
            self.narrate("The shake is there for variety: it keeps new dots "
                         "from all landing on the same few spots.")
            self.play(FadeIn(variety), shown.animate.set_value(0.55),
                      run_time=0.5)  # fmt: skip
            self.hold_caption()
            self.play(FadeOut(variety), run_time=0.3)

        # Beat 4: the run finishes on the main plot
        end_off = near_data.query(reverse[-1])[0]
        on = float((end_off <= float(near_data.query(data, k=2)[0][:, 1].max()))
                   .mean())  # fmt: skip
        self.settled = on
        # the main run picks up where it was left, said so
        self.narrate("Back to the first run: "
                     + ("all" if on >= 0.999 else "almost all" if on >= 0.9
                        else "most")
                     + " the dots settle onto the shape.")  # fmt: skip
        # the poster on the way down: about half noise, purple and grey arrows
        k_half = int(np.argmin(np.abs(np.array([self.noise_pct(t) for t in steps])
                                      - 50)))  # fmt: skip
        k_half = int(np.clip(k_half, tracker.get_value() + 1, last))
        run_all = max(0.6 * self.reverse_seconds, self.caption_left())
        share = (k_half - tracker.get_value()) / max(last - tracker.get_value(), 1)
        self.play(shown.animate.set_value(0.6), run_time=0.3)
        self.play(tracker.animate.set_value(k_half), run_time=run_all * share,
                  rate_func=linear)  # fmt: skip
        self.mark_poster()
        # the arrows leave, with their legend rows, before the first step at
        # which training reached none of them: never an all-grey field
        none_at = [k for k in range(k_half, last + 1)
                   if not self.reached_at(float(steps[k])).any()]
        k_hide = none_at[0] - 1 if none_at else last
        self.hidden_from = k_hide  # for the tests
        rest = max(0.3, run_all * (1 - share))
        arrow_rows = VGroup(pull_entry, grey_entry)
        if k_hide < last:
            part = (k_hide - k_half) / max(last - k_half, 1)
            self.play(tracker.animate.set_value(k_hide),
                      run_time=max(0.2, rest * part), rate_func=linear)
            self.arrows.clear_updaters()
            self.far_arrows.clear_updaters()
            self.play(FadeOut(self.arrows), FadeOut(self.far_arrows),
                      FadeOut(arrow_rows), run_time=0.4)  # fmt: skip
            rest = max(0.3, rest * (1 - part) - 0.4)
        self.play(tracker.animate.set_value(last), run_time=rest,
                  rate_func=linear)  # fmt: skip

        # Beat 5: a typical finished dot (its nearest real point at the median
        # distance of all finished dots) is a new 2-pixel picture, its
        # distance said against the usual spacing of real points
        typical = int(np.argmin(np.abs(end_off - np.median(end_off))))
        end = reverse[-1][typical]
        gap = float(end_off[typical])
        # the usual spacing of real points: each one's distance to its
        # nearest other real point, the median of those
        usual = float(np.median(near_data.query(data, k=2)[0][:, 1]))
        self.finish = (gap, usual)  # tests check the sentence against these
        near_words = (("one of the real ones again",) if gap <= 1e-3 * extent
                      else ("nearer a real one than", "real ones are to each other")
                      if gap < 0.5 * usual else
                      ("as near the real ones as", "they are to each other")
                      if gap <= 2 * usual else
                      ("further from the real ones", "than they are from each other"))
        # the sentence shown as two bars: the typical new dot to its nearest
        # real one, and the usual spacing of real dots, on one scale
        per = 2.2 / max(gap, usual, 1e-9)
        b_unit = 2 * extent  # the plot's width: brightness 0 to 1
        # enough digits that two different gaps never read as one figure;
        # "typical" said as what it is, and the gap an exact copy would have
        places = self.telling_places(gap / b_unit, usual / b_unit)
        self.gap_places = places  # for the tests
        compare = VGroup(label(self.gap_verdict(gap, usual, extent), pal.text,
                               style.LABEL_SIZE),
                         *[
            VGroup(label(t, c, style.LABEL_SIZE),
                   Line(ORIGIN, RIGHT * max(0.04, d * per), color=c,
                        stroke_width=12)).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
            for t, c, d in ((f"median, new dot to nearest real: "
                             f"{gap / b_unit:.{places}f}", pal.sample, gap),
                            (f"median, real to nearest other real: "
                             f"{usual / b_unit:.{places}f}", pal.data, usual))
        ]).arrange(DOWN, aligned_edge=LEFT, buff=0.16)  # fmt: skip
        # the zero the bars are read against: a copy sits on a real dot
        copy_ref = VGroup(Line(UP * 0.12, DOWN * 0.12, color=pal.text,
                               stroke_width=4),
                          label("an exact copy: 0", pal.text, style.LABEL_SIZE)
                          ).arrange(RIGHT, buff=0.15)  # fmt: skip
        copy_ref.next_to(compare, DOWN, 0.16).align_to(compare, LEFT)
        compare.add(copy_ref)
        typ_at = to_scene(end)[0]
        ring = VGroup(
            Square(0.34, color=pal.sample, stroke_width=5).rotate(PI / 4)
            .move_to(typ_at),
            label("typical new dot", pal.sample, style.LABEL_SIZE + 2)
            .add_background_rectangle(color=pal.background, opacity=0.85)
            .next_to(typ_at, DOWN, 0.25),
        ).set_z_index(7)  # fmt: skip
        for name in (ring[1],):  # inside the plot
            name.shift(RIGHT * max(0.0, self.frame.get_left()[0] + 0.1
                                   - name.get_left()[0]))
            name.shift(LEFT * max(0.0, name.get_right()[0]
                                  - self.frame.get_right()[0] + 0.1))
        picture = self.two_pixels(end, "typical new dot:")
        # the legend gives way: the distances, then the picture under them,
        # drawn large in the column beside the plot
        top_left = [title.get_left()[0], legend.get_top()[1], 0]
        picture.move_to(top_left, aligned_edge=UL)
        compare.next_to(picture, DOWN, 0.25).align_to(picture, LEFT)
        # the arrows leave with their legend: none stays unnamed (held still
        # first: they are redrawn every frame)
        going = ([FadeOut(legend)] if k_hide == last else
                 [FadeOut(real_entry), FadeOut(sample_entry)])
        if k_hide == last:
            self.arrows.clear_updaters()
            self.far_arrows.clear_updaters()
            going += [FadeOut(self.arrows), FadeOut(self.far_arrows)]
        self.play(Create(ring[0]), FadeIn(ring[1]), *going,
                  real_op.animate.set_value(0.8), run_time=0.6)  # fmt: skip
        fresh = (gap > 1e-3 * extent) and 0.5 * usual <= gap <= 2 * usual
        self.narrate("A typical new picture "
                     + ("is " if gap <= 1e-3 * extent else "sits ")
                     + " ".join(near_words)
                     + (": new, not copied." if fresh else "."))
        self.play(FadeIn(picture), run_time=0.6)
        self.play(FadeIn(compare), run_time=max(0.6, self.caption_left()))
        # the runs it took, one mark each, against the single run of a
        # generator that makes its picture in one pass
        n_runs = int(total)
        cols = 40
        marks = VGroup(*[Square(0.07, stroke_width=0, fill_color=pal.guess,
                                fill_opacity=1.0) for _ in range(n_runs)])
        marks.arrange_in_grid(cols=cols, buff=0.025)
        one_mark = Square(0.07, stroke_width=0, fill_color=pal.sample,
                          fill_opacity=1.0)
        runs_board = VGroup(
            label(f"this way: {n_runs} network runs, 1 a step", pal.guess,
                  style.LABEL_SIZE),
            marks,
            VGroup(one_mark, label("a network that makes a picture in one go",
                                   pal.sample, style.LABEL_SIZE)).arrange(
                RIGHT, buff=0.15),
            label("(a GAN): 1 run", pal.sample, style.LABEL_SIZE),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)  # fmt: skip
        runs_board.move_to(top_left, aligned_edge=UL)
        self.narrate(f"{total} steps: {total} network runs. A GAN draws a "
                     "picture in one run. That is why diffusion is slow.")
        self.play(FadeOut(picture), FadeOut(compare), run_time=0.3)
        self.play(FadeIn(runs_board[0]), run_time=0.2)
        self.play(LaggedStart(*[FadeIn(m) for m in marks], lag_ratio=1.0),
                  Indicate(steps_label, color=pal.guess),
                  run_time=max(1.0, 0.6 * self.caption_left()))  # fmt: skip
        self.play(FadeIn(runs_board[2:]), run_time=0.5)
        self.hold_caption()

    @staticmethod
    def gap_verdict(gap: float, usual: float, extent: float) -> str:
        """The two gap bars compared in words, chosen by the measured gaps:
        a new dot's gap to its nearest real dot against a real dot's gap to
        its nearest other real dot."""
        if gap <= 1e-3 * extent:
            return "new dots sit on real ones: copies"
        if gap < 0.5 * usual:
            return "new dots sit closer to real ones than real ones do"
        if gap <= 2 * usual:
            return "about the same gap: new, not copied"
        return "new dots sit further off than real ones do"

    @staticmethod
    def telling_places(a: float, b: float, least: int = 3, most: int = 6) -> int:
        """Decimal places (from ``least`` up to ``most``) at which ``a`` and
        ``b`` first print differently, so two gaps shown side by side read
        as the same figure only when they truly are."""
        for places in range(least, most + 1):
            if f"{a:.{places}f}" != f"{b:.{places}f}":
                return places
        return most
