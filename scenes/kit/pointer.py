"""A box that moves to whatever the narration is talking about.

A caption that names a figure on a still frame leaves the viewer hunting for
it; a box that travels to that figure as the words are spoken points at it,
and keeps the picture moving while the narration is read (a review of the
renders found still holds of 8-18 s where captions were read over frames
that did not change).
"""

from __future__ import annotations

from manim import AnimationGroup, Create, FadeIn, FadeOut, Mobject, SurroundingRectangle


class Pointer:
    """One box per scene: ``to(mob)`` draws it around ``mob`` (or moves it
    there), ``away()`` removes it. Each returns the animation, for
    ``scene.play``.

    ``colour`` is a theme colour; ``buff`` the gap around the target, in scene
    units. With ``glide=False`` the box fades from one target and is drawn
    around the next, rather than sliding there: a box sliding between two
    cells of a table crosses the text between them and looks broken.
    With ``fade_in=True`` a new box fades in whole instead of being drawn
    edge by edge (a slow draw shows half edges for a while).
    """

    def __init__(self, colour: str, buff: float = 0.1, stroke_width: float = 3.0,
                 glide: bool = True, fade_in: bool = False):  # fmt: skip
        self.colour, self.buff, self.stroke_width = colour, buff, stroke_width
        self.glide, self.fade_in = glide, fade_in
        self.box: Mobject | None = None

    def _around(self, mob: Mobject) -> Mobject:
        return SurroundingRectangle(
            mob, color=self.colour, buff=self.buff, stroke_width=self.stroke_width
        )

    def to(self, mob: Mobject):
        """The animation that draws the box around ``mob`` or moves it there."""
        target = self._around(mob)
        draw = FadeIn if self.fade_in else Create
        if self.box is None:
            self.box = target
            return draw(target)
        if not self.glide:
            old, self.box = self.box, target
            return AnimationGroup(FadeOut(old), draw(target))
        return self.box.animate.become(target)

    def away(self):
        """The animation that removes the box (the box is forgotten)."""
        box, self.box = self.box, None
        return FadeOut(box)
