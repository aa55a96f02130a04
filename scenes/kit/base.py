"""The base class of every scene: theme, captions (on screen and .srt), poster frame.

The explanation sets the clock: a caption stays until it can be read
(scenes/kit/pacing.py), so when the next caption comes early, or the scene
ends, the scene first waits for the one on screen; the last frame is held 3 s.

class MyShot(ExplainerScene):
    def construct(self):
        self.narrate("Plain words for what is on screen now.")
        ...
        self.mark_poster()  # this frame becomes <Scene>.png
"""

from __future__ import annotations

import math

import numpy as np
from manim import (
    DOWN,
    FadeIn,
    FadeOut,
    Scene,
    Text,
    ValueTracker,
    VGroup,
    Wait,
    config,
)

from scenes.kit import pacing, style, tracefile, voice
from scenes.kit.camera import ExplainerCamera
from scenes.kit.sounds import PlaysSounds, Sound
from scenes.kit.spoken import speakable
from scenes.kit.text import label

CAPTION_OUT = 0.15  # seconds the old caption takes to fade before the next
STILL_MARGIN = 0.15  # scene units around a moving box that stay redrawn


def _box(m) -> np.ndarray | None:
    """``m``'s bounding box as [x0, y0, x1, y1], grown by STILL_MARGIN (line
    widths, anti-aliasing); None if it has nothing to draw."""
    try:
        points = m.get_all_points()
    except Exception:  # noqa: BLE001 (an odd mobject: counted as moving)
        return None
    if len(points) == 0:
        return None
    lo, hi = points[:, :2].min(axis=0), points[:, :2].max(axis=0)
    return np.concatenate([lo - STILL_MARGIN, hi + STILL_MARGIN])


def _overlaps(a: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Which of ``boxes`` (n, 4) box ``a`` (4,) overlaps, as (n,) bools."""
    return (
        (a[0] < boxes[:, 2])
        & (boxes[:, 0] < a[2])
        & (a[1] < boxes[:, 3])
        & (boxes[:, 1] < a[3])
    )


def pause_after(line: str) -> float:
    """Seconds of quiet after ``line`` is spoken: a full voice.PAUSE after a
    caption that ends a sentence (or a colon's lead-in), a comma's
    voice.PART_PAUSE after one whose sentence goes on in the next caption,
    whether the scene or the caption splitter cut it there."""
    ends = line.rstrip().endswith((".", "?", "!", ":"))
    return voice.PAUSE if ends else voice.PART_PAUSE


class ExplainerScene(PlaysSounds, Scene):
    """A Scene with the theme, narration captions, sounds (play_sound,
    scenes/kit/sounds.py) and a chosen poster frame."""

    def __init__(self, *args, **kwargs):
        # Manim's camera, compositing each image only where it has pixels
        kwargs.setdefault("camera_class", ExplainerCamera)
        super().__init__(*args, **kwargs)

    def setup(self):
        self.palette = style.palette()
        self.camera.background_color = self.palette.background
        self.poster_frame: np.ndarray | None = None
        self._caption: Text | None = None
        self._narration: list[tuple[float, str]] = []  # (start time, line)
        self.voice_clips: list[tuple[float, voice.Clip]] = []  # (start time, clip)
        self.played_sounds: list[tuple[float, Sound]] = []  # (start time, sound)
        self._caption_due = 0.0  # scene time before which the caption must stay
        # later parts of a split line: (scene time to show, caption), in order
        self._queued: list[tuple[float, VGroup]] = []
        self._still_since = 0.0  # scene time the last animation (not a wait) ended
        self._voice_until = 0.0  # scene time the last spoken clip ends
        self.small_texts: list[tuple[float, str, float]] = []  # see small_text
        self.texts_seen: set[str] = set()  # every text on screen after a play
        kind = getattr(self, "trace_kind", None)
        if kind:  # a trace this scene cannot draw is refused now, in one line
            tracefile.load_trace(kind, scene=self)

    # Captions
    def caption_text(self, line: str):
        """The caption at the bottom of the frame, at BODY_SIZE: one line, or,
        if that is wider than the frame, two lines of about equal length (as
        subtitles are set); shrunk only if even two lines will not fit."""
        room = self.camera.frame_width - 1
        text = label(line, self.palette.text, style.BODY_SIZE)
        if text.width > room:
            words = line.split()
            cuts = range(1, len(words))
            best = min(
                cuts,
                key=lambda k: abs(len(" ".join(words[:k])) - len(" ".join(words[k:]))),
            )
            text = VGroup(
                label(" ".join(words[:best]), self.palette.text, style.BODY_SIZE),
                label(" ".join(words[best:]), self.palette.text, style.BODY_SIZE),
            ).arrange(DOWN, buff=0.12)
            if text.width > room:
                text.scale_to_fit_width(room)
        return text.to_edge(DOWN, buff=0.35)

    def caption_seconds(
        self, line: str, clip: voice.Clip | None = None, pause: float = voice.PAUSE
    ) -> float:
        """How long ``line`` stays on screen at least: its reading time, and
        its spoken clip (if any) plus ``pause`` seconds, whichever is longer
        (voice.PART_PAUSE when the same sentence goes on in the next caption)."""
        spoken = clip.seconds + pause if clip is not None else 0.0
        return max(pacing.reading_seconds(line), spoken)

    def narrate(self, line: str, run_time: float = 0.4):
        """Show ``line`` as the on-screen caption, speak it, log it for the .srt.

        The voice sets the clock, as ``with self.voiceover(text):`` does in
        manim-voiceover: the clip of the line's spoken form (scenes/kit/spoken.py,
        read by scenes/kit/voice.py) starts as the caption fades in, and the
        caption stays ``caption_seconds(line, clip)``: until the clip ends plus
        a pause, and at least its reading time. What the scene plays after
        ``narrate`` runs under the voice; if the next ``narrate`` (or the end of
        the scene) comes sooner, the scene waits first, on its current frame.
        What runs between two captions is never cut short; it may be followed
        by a wait. With ``VOICE=none`` the reading time alone sets the pace.

        A line too wide for one line at BODY_SIZE is narrated as several
        captions, cut at a sentence, clause or comma near its middle
        (pacing.split_caption), each spoken and held on its own.

        Raises CaptionError for an empty caption or one the normaliser cannot
        speak, VoiceError if the voice cannot load or speak it.

        Each narration line also starts a Manim section, so a lecturer can step
        through a scene one explained step at a time (render with sections:
        ``python -m scenes.output.render <Scene> --sections``), and, when the
        scene is rendered as a manim-slides ``Slide`` (``make slides``), a new
        slide whose presenter notes are the line.
        """
        if not line.strip():
            raise pacing.CaptionError(f"{type(self).__name__}: an empty caption")
        # a line too wide for one line of the frame becomes several captions,
        # cut where a subtitler would cut it: no caption ever covers the scene
        first, *rest = pacing.split_caption(line, self.caption_fits)
        self._narrate_one(first, run_time)
        # The later parts follow on their own clock: what the scene plays next
        # runs under the whole line, not only under its last part.
        for part in rest:
            self._queue_caption(part)

    def _queue_caption(self, line: str):
        """Show ``line`` (a later part of a split narration line) when the
        caption before it has been up long enough, whatever the scene is
        playing then: spoken and logged from that moment."""
        clip = voice.clip(speakable(line))
        start = self._caption_due  # when the part before it may go
        self._queued.append((start, self.caption_text(line)))
        self._narration.append((start, line))
        if clip is not None:
            self.voice_clips.append((start, clip))
            self._voice_until = start + clip.seconds
        self._caption_due = start + self.caption_seconds(line, clip, pause_after(line))
        if self._swap_due not in self._caption.updaters:
            self._caption.add_updater(self._swap_due)

    def _swap_due(self, caption=None, dt: float = 0.0):
        """Put up every queued caption whose time has come (an updater of the
        caption on screen while parts are queued, and called between waits)."""
        while self._queued and self.renderer.time >= self._queued[0][0] - 1e-6:
            _, new = self._queued.pop(0)
            self._caption.become(new)
            # become() copies the drawing, not what the text says and how big
            # it was built (small_text measures captions by it)
            if hasattr(new, "legible"):
                self._caption.legible = new.legible
            elif hasattr(self._caption, "legible"):
                del self._caption.legible

    def caption_fits(self, line: str) -> bool:
        """Whether ``line`` fits on one line of caption at BODY_SIZE."""
        room = self.camera.frame_width - 1
        return label(line, self.palette.text, style.BODY_SIZE).width <= room

    def _narrate_one(self, line: str, run_time: float):
        clip = voice.clip(speakable(line))  # None when VOICE=none
        self.hold_caption()
        section = f"{len(self._narration) + 1:02d} {line[:60]}"
        if hasattr(self, "next_slide"):  # a manim-slides Slide (make slides)
            self.next_slide(section, notes=line)
        else:
            self.next_section(section)
        new = self.caption_text(line)
        if self._caption is not None:
            self._caption.clear_updaters()
            # The old caption goes before the new comes: two captions are never
            # on screen at once. paint_once drew the old one first; fading it
            # there would redraw everything after it each frame. Nothing
            # overlaps a caption, so drawing it last gives the same frames.
            self.bring_to_front(self._caption)
            self.play(FadeOut(self._caption), run_time=CAPTION_OUT)
        self.play(FadeIn(new), run_time=run_time)
        self.paint_once(new)
        self._caption = new
        start = self.renderer.time - run_time
        self._narration.append((start, line))
        if clip is not None:  # render.py lays the clips on the video's audio track
            self.voice_clips.append((start, clip))
            self._voice_until = start + clip.seconds
        self._caption_due = start + self.caption_seconds(line, clip, pause_after(line))

    def next_caption_in(self) -> float:
        """Seconds until the next part of a split line goes up (0 if none is
        queued): to start an animation with the words it belongs to."""
        if self._queued:
            return max(0.0, self._queued[0][0] - self.renderer.time)
        return 0.0

    def caption_left(self) -> float:
        """Seconds the caption on screen must still stay (0 once it may go).

        For sizing an animation to run under the line being spoken, so the
        picture moves while the voice talks about it instead of freezing."""
        return max(0.0, self._caption_due - self.renderer.time)

    def hold_caption(self):
        """Wait, on the current frame, until the caption on screen has been up
        long enough to read."""
        self.wait_frames(self._caption_due - self.renderer.time)

    def wait_frames(self, seconds: float):
        """Wait at least ``seconds``, in whole frames.

        Manim draws a still wait as int(duration x fps) frames, so 0.3 s at
        10 fps (2.9999... frames) would be two frames: half a frame is added
        to the whole frames asked for, and the clock is checked after.

        The wait is a frozen frame: nothing moves while a caption is read, so
        Manim draws the frame once and repeats it, instead of running every
        updater (counters, live images) for every frame of the hold."""
        end = self.renderer.time + seconds
        # a queued caption part goes up on time: the hold is cut there
        while self._queued and self._queued[0][0] < end - 1e-6:
            self._wait_until(self._queued[0][0])
            self._swap_due()
        self._wait_until(end)

    def _wait_until(self, end: float):
        fps = config.frame_rate
        for _ in range(3):  # one wait does it; the loop only guards rounding
            left = end - self.renderer.time
            if left <= 1e-6:
                return
            self.wait((math.ceil(left * fps - 1e-6) + 0.5) / fps, frozen_frame=True)

    def play(self, *animations, **kwargs):
        super().play(*animations, **kwargs)
        if not self._queued and self._caption is not None:
            self._caption.clear_updaters()  # nothing left to put up
        if not all(isinstance(a, Wait) for a in animations):
            self._still_since = self.renderer.time
            self.small_text()

    def small_text(self) -> list[tuple[float, str, float]]:
        """Text on screen now whose capitals are under style.MIN_TEXT_PX tall
        in the GIF, as (scene time s, text, capital height px); each one is
        also kept in ``self.small_texts`` (once per text). Checked after every
        animation, when things have settled; tests fail a scene that has any.

        Measured from the glyphs as drawn (scenes/kit/text.note_size): the
        font size's capital height times however much the text was scaled
        since. Invisible text (fully faded) and text off the frame are not
        counted."""
        found = []
        seen = {t for _, t, _ in self.small_texts}
        half_w, half_h = config.frame_width / 2, config.frame_height / 2
        for mob in self.mobjects:
            for m in mob.get_family():
                spec = getattr(m, "legible", None)
                if spec is None or not m.has_points() and not m.submobjects:
                    continue
                s, cap, built, turns = spec
                if built <= 0 or m.get_fill_opacity() <= 0.01:
                    continue
                x, y = m.get_center()[:2]
                if abs(x) > half_w or abs(y) > half_h:
                    continue
                self.texts_seen.add(s)
                now = max(m.height, m.width) if turns else m.height
                px = cap * now / built * style.GIF_PX_PER_UNIT
                if px < style.MIN_TEXT_PX - 0.05:
                    found.append((round(self.renderer.time, 2), s, round(px, 1)))
                    if s not in seen:
                        seen.add(s)
                        self.small_texts.append(found[-1])
        return found

    def get_moving_mobjects(self, *animations):
        """What Manim redraws every frame of a play: from the first mobject that
        itself moves, in drawing order, to the end.

        Manim starts that list at the first *group* holding anything that moves,
        so the still axes and labels of a plot whose curve grows were redrawn
        every frame. Here a mobject moves if it is animated, has an updater, is
        in the foreground, or sits inside a group that has an updater; the still
        mobjects before the first one that moves are painted once per play.
        The drawing order is Manim's own, so every frame is the same, only
        cheaper.

        After the first one that moves, a mobject that neither moves nor
        overlaps the box of anything that does (at its start, or at its
        animation's start or target) joins the still frame too: a caption or a
        label added after a live image was otherwise redrawn glyph by glyph,
        every frame, all play long. Where nothing moves over it, being painted
        underneath instead of on top changes no pixel.
        """
        from manim.animation.composition import AnimationGroup

        animated: set = set()
        boxes: list = []
        todo = list(animations)
        while todo:
            anim = todo.pop()
            animated.update(anim.mobject.get_family())
            for end in ("starting_mobject", "target_mobject"):
                other = getattr(anim, end, None)
                if other is not None:
                    boxes.append(_box(other))
            if isinstance(anim, AnimationGroup):
                todo.extend(anim.animations)
        moved_by_updater: set = set()
        for mob in self.mobjects:
            for member in mob.get_family():
                if member.updaters:
                    moved_by_updater.update(member.get_family())
        moving = animated | moved_by_updater | set(self.foreground_mobjects)
        drawn = self.get_mobject_family_members()  # Manim's drawing order
        first = next((i for i, m in enumerate(drawn) if m in moving), None)
        if first is None:
            return []
        # one box per moving mobject whose parent does not move (a moving
        # group's box holds its members')
        tops = [m for m in drawn if m in moving and not isinstance(m, ValueTracker)]
        inner = {id(c) for m in tops for c in m.get_family()[1:]}
        boxes += [_box(m) for m in tops if id(m) not in inner]
        boxes = np.array([b for b in boxes if b is not None]).reshape(-1, 4)
        holds: dict[int, bool] = {}

        def holds_moving(m) -> bool:  # m or anything inside it moves
            if id(m) not in holds:
                holds[id(m)] = m in moving or any(map(holds_moving, m.submobjects))
            return holds[id(m)]

        def redrawn(m) -> bool:
            if holds_moving(m):
                return True
            own = _box(m)
            return own is None or bool(_overlaps(own, boxes).any())

        return [m for m in drawn[first:] if redrawn(m)]

    def paint_once(self, *still):
        """Draw ``still`` mobjects first, so each play paints them once.

        During a play Manim redraws, every frame, each mobject listed after the
        first moving one (animated or with an updater), so a caption or legend
        added after a live image was redrawn glyph by glyph every frame. Drawn
        first, they join the still frame Manim paints once per play. Only for
        mobjects that nothing moving overlaps: they end up underneath.
        """
        self.bring_to_back(*still)

    def tear_down(self):
        # The last caption stays until read, and the last frame at least
        # FINAL_HOLD seconds after the last thing moved and the voice stopped.
        self.hold_caption()
        quiet_since = max(self._still_since, self._voice_until)
        self.wait_frames(pacing.FINAL_HOLD - (self.renderer.time - quiet_since))
        # Each narration line lasts until the next one starts (or the scene ends).
        end = self.renderer.time
        starts = [t for t, _ in self._narration] + [end]
        for (start, line), stop in zip(self._narration, starts[1:], strict=True):
            self.add_subcaption(
                line, duration=max(stop - start, 0.1), offset=start - end
            )

    # Poster
    def mark_poster(self, hold: float = 0.1):
        """Hold still for ``hold`` seconds; keep that frame, without its caption,
        as the poster (<Scene>.png, and the frame the GIF opens on).

        A play's last frame is drawn just before the animation reaches its end
        (a caption still fading, a counter one step short); the hold draws the
        finished state. The caption is left off: on a thumbnail it would be a
        sentence cut from its context.
        """
        self.wait(hold)
        shown = [m for m in self.mobjects if m is not self._caption]
        self.renderer.static_image = None  # drawn afresh, on the background
        self.renderer.update_frame(self, mobjects=shown)
        self.poster_frame = np.array(self.renderer.get_frame(), copy=True)
