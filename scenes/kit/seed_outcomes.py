"""How a GAN's random starts ended, classified the one way every scene says it.

ModeCollapse and ThreeArchitectures both report the ``gan_points`` trace's
starts ("8 of 8 starts collapsed"); one rule here keeps their words equal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SeedOutcomes:
    """How every seed of both runs ended.

    ``covered`` (run, seed): modes covered at the end; ``collapsed`` (run,):
    seeds ending with half the modes or fewer; ``full`` (run,): seeds covering
    every mode; ``typical`` (run,): whether seed 0 (the run drawn in full) ended
    like most seeds of its run (both collapsed, or both not).
    """

    covered: np.ndarray
    n_modes: int
    collapsed: tuple[int, ...]
    full: tuple[int, ...]
    typical: tuple[bool, ...]

    @property
    def seeds(self) -> int:
        return self.covered.shape[1]


def seed_outcomes(covered: np.ndarray, n_modes: int) -> SeedOutcomes:
    """Classify (run, seed) final coverages; see ``SeedOutcomes``.

    A run "collapsed" when it ends covering half the modes or fewer, the rule
    ModeCollapse already uses for the run it shows.
    """
    collapsed_each = covered <= n_modes // 2  # (run, seed)
    collapsed = tuple(int(c) for c in collapsed_each.sum(1))
    full = tuple(int(f) for f in (covered == n_modes).sum(1))
    seeds = covered.shape[1]
    typical = tuple(
        bool(collapsed_each[r, 0] == (2 * collapsed[r] > seeds))
        for r in range(len(covered))
    )
    return SeedOutcomes(covered, n_modes, collapsed, full, typical)
