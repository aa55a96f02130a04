"""The base class of every scene: theme, captions (on screen and .srt), poster frame.

class MyShot(ExplainerScene):
    def construct(self):
        self.narrate("Plain words for what is on screen now.")
        ...
        self.mark_poster()  # this frame becomes <Scene>.png
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, FadeIn, FadeOut, Scene, Text

from scenes import style, tracefile


class ExplainerScene(Scene):
    """A Scene with the theme, narration captions and a chosen poster frame."""

    def setup(self):
        self.palette = style.palette()
        self.camera.background_color = self.palette.background
        self.poster_frame: np.ndarray | None = None
        self._caption: Text | None = None
        self._narration: list[tuple[float, str]] = []  # (start time, line)
        kind = getattr(self, "trace_kind", None)
        if kind:  # a trace this scene cannot draw is refused now, in one line
            tracefile.load_trace(kind, scene=self)

    # Captions
    def caption_text(self, line: str) -> Text:
        text = Text(
            line, font=style.FONT, font_size=style.BODY_SIZE, color=self.palette.text
        )
        if text.width > self.camera.frame_width - 1:
            text.scale_to_fit_width(self.camera.frame_width - 1)
        return text.to_edge(DOWN, buff=0.35)

    def narrate(self, line: str, run_time: float = 0.4):
        """Show ``line`` as the on-screen caption and log it for the .srt file.

        Each narration line also starts a Manim section, so a lecturer can step
        through a scene one explained step at a time (render with sections:
        ``python -m scenes.render <Scene> --sections``).
        """
        self.next_section(f"{len(self._narration) + 1:02d} {line[:60]}")
        new = self.caption_text(line)
        anims = [FadeIn(new)]
        if self._caption is not None:
            anims.append(FadeOut(self._caption))
        self.play(*anims, run_time=run_time)
        self._caption = new
        self._narration.append((self.renderer.time - run_time, line))

    def tear_down(self):
        # Each narration line lasts until the next one starts (or the scene ends).
        end = self.renderer.time
        starts = [t for t, _ in self._narration] + [end]
        for (start, line), stop in zip(self._narration, starts[1:], strict=True):
            self.add_subcaption(
                line, duration=max(stop - start, 0.1), offset=start - end
            )

    # Poster
    def mark_poster(self, hold: float = 0.1):
        """Hold still for ``hold`` seconds; keep that frame as the poster (<Scene>.png).

        A play's last frame is drawn just before the animation reaches its end
        (a caption still fading, a counter one step short); the hold draws the
        finished state.
        """
        self.wait(hold)
        self.poster_frame = np.array(self.renderer.get_frame(), copy=True)
