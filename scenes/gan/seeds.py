"""ModeCollapse's last beat: the same two GANs from several random starts.

One run is an anecdote; the ``gan_points`` trace holds every seed's end
(``seed_final_covered``, measured on ``final_fake``), so the scene shows each
start's final fakes as a small plot, counts how many starts collapsed with and
without the brake, and calls the pair shown above typical only when it is.
Every sentence here is chosen by those counts.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, UP, FadeIn, Group, ValueTracker, config

from scenes.gan.draw import label
from scenes.kit import style
from scenes.kit.seed_outcomes import SeedOutcomes, seed_outcomes
from scenes.kit.widgets import point_cloud


def run_sentence(outcomes: SeedOutcomes, run: int, name: str) -> str:
    """What the starts of one run did, in words chosen by the counts."""
    n, seeds = outcomes.n_modes, outcomes.seeds
    collapsed, full = outcomes.collapsed[run], outcomes.full[run]
    if collapsed == seeds:
        most = int(outcomes.covered[run].max())
        return (f"{name}: all {seeds} starts collapsed; none ends on more than "
                f"{most} of {n} blobs.")  # fmt: skip
    if collapsed * 2 > seeds:
        return f"{name}: {collapsed} of {seeds} starts collapsed."
    if full == seeds:
        return f"{name}: all {seeds} starts covered every blob."
    return (f"{name}: {full} of {seeds} starts covered all {n} blobs, "
            f"{collapsed} collapsed.")  # fmt: skip


def typical_sentence(outcomes: SeedOutcomes) -> str:
    """Whether the pair shown in full is typical of its runs, as measured."""
    if all(outcomes.typical):
        return "The pair you watched, from the first start, is a typical one."
    return ("The pair you watched, from the first start, is not typical of "
            "every start: see the row where it differs.")  # fmt: skip


def play_seed_study(scene, tr, names: list[str], extent: float) -> None:
    """Fade in, row by row, every seed's final fakes for both runs, each with
    its count, then say how many collapsed and whether the shown pair is typical.

    ``scene`` is the ModeCollapse scene (an ExplainerScene); ``tr`` its trace,
    holding ``seed_final_covered`` (run, seed) and ``final_fake``.
    """
    pal = scene.palette
    n_modes = len(tr["modes"])
    outcomes = seed_outcomes(np.asarray(tr["seed_final_covered"]), n_modes)
    seeds = outcomes.seeds
    still = ValueTracker(0)
    side = min(1.45, (config.frame_width - 1.0) / seeds - 0.12)
    xs = (np.arange(seeds) - (seeds - 1) / 2) * (side + 0.12)
    rows = []
    for run, y in enumerate((1.35, -1.55)):
        plots = Group()
        for k in range(seeds):
            fakes = tr["final_fake"][run, k][:1500]
            cloud = point_cloud(
                lambda v, f=fakes: [(tr["data"], pal.data, 0.45), (f, pal.sample, 1.0)],
                still, extent, side, radius_px=1.2,
            ).move_to([xs[k], y, 0])  # fmt: skip
            count = label(f"{int(outcomes.covered[run, k])} of {n_modes}",
                          pal.accent if k == 0 else pal.text)  # fmt: skip
            count.next_to(cloud, DOWN, 0.08)
            plots.add(Group(cloud, count))
        # the counts under the plots say what they count, once a row
        head = label(f"{names[run]}, {seeds} random starts: blobs covered", pal.text,
                     style.BODY_SIZE).next_to(plots, UP, 0.12)  # fmt: skip
        rows.append((head, plots))
    first = label("first start = the pair you just watched", pal.accent)
    first.next_to(rows[1][1], DOWN, 0.1)
    scene.narrate("Was that luck? The same two GANs, from "
                  f"{seeds} different random starts.")  # fmt: skip
    for run, (head, plots) in enumerate(rows):
        shown = [head, plots] + ([first] if run == 1 else [])
        scene.play(*[FadeIn(m) for m in shown], run_time=0.8)
        scene.narrate(run_sentence(outcomes, run, names[run]))
    scene.narrate(typical_sentence(outcomes))
