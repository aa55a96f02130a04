"""``python -m tests.support.render_cli <Scene> ...``: the render command line
(``scenes.output.render.run``, with its signal handling and one-line errors) on
shortened copies of real scenes, at a tiny size for ``--quality draft``.

The reliability tests start it as a real process, to kill it, fill its disk or
run two at once; a full-length scene would take minutes on a busy machine.
"""

from __future__ import annotations

import sys

from scenes.diffusion.points import DenoisingField, PointsFlow
from scenes.output import render as render_module
from scenes.output.render import Quality

# Smaller still than the scene tests' TINY: these tests check files, not pictures.
MINI = Quality(pixel_height=144, frame_rate=5, gif_height=144, gif_fps=5)


class QuickPointsFlow(PointsFlow):
    forward_seconds = 1.0
    reverse_seconds = 1.0


class QuickField(DenoisingField):
    reverse_seconds = 1.0


class LongPointsFlow(PointsFlow):
    """Long enough (minutes) that a test's signal always lands mid-render: the
    quick one can end in the two seconds between its first movie part and the
    signal on a busy machine, and an ended render has nothing left to stop."""

    forward_seconds = 1.0
    reverse_seconds = 600.0


QUICK = {"PointsFlow": QuickPointsFlow, "DenoisingField": QuickField}
LONG = {"PointsFlow": LongPointsFlow}
for _name, _cls in [*QUICK.items(), *LONG.items()]:
    _cls.__name__ = _name  # outputs are named after the project's scene


def main(argv: list[str]) -> None:
    """As ``scenes.output.render``, plus ``--long``: scenes killed mid-render."""
    scenes = QUICK
    if "--long" in argv:
        argv = [a for a in argv if a != "--long"]
        scenes = LONG
    real_find = render_module.find_scene
    render_module.find_scene = lambda name: scenes.get(name) or real_find(name)
    render_module.QUALITIES["draft"] = MINI
    render_module.run(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
