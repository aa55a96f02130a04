"""Rendering a scene in a test: tiny (216p, 5 fps: the GIF's own rate, so
every frame rendered is one the GIF keeps), fast, with its lossless frames kept.

Manim's own ``frames_comparison`` helper skips itself on cairo < 1.18 (this
machine has 1.16), so scene tests read pixels from these frames instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from scenes.kit import pacing
from scenes.kit.glossary import jargon_in
from scenes.kit.spoken import speakable
from scenes.output.gif import GifEncoder
from scenes.output.render import Quality, render

TINY = Quality(pixel_height=216, frame_rate=5, gif_height=144, gif_fps=5)
FRAME_W, FRAME_H = 384, 216
FRAME_UNITS_H = 8.0  # Manim's frame is 8 units tall


@dataclass
class Rendered:
    out: Path
    files: dict[str, Path]
    frames: list[np.ndarray]  # lossless RGB frames handed to the GIF encoder
    scene: object  # the scene instance, to read where it put things


def render_for_test(scene_class, trace_path: Path, out: Path, **options) -> Rendered:
    """Render ``scene_class`` from ``trace_path`` at TINY quality into ``out``.

    ``options`` go to scenes.output.render.render (e.g. ``sections=True``).
    """
    instances = []

    class Recorded(scene_class):
        def setup(self):
            instances.append(self)
            super().setup()

    # Outputs are named after the project's scene, not a test's quick subclass.
    name = next(
        c.__name__ for c in scene_class.__mro__ if c.__module__.startswith("scenes.")
    )
    Recorded.__name__ = name
    frames = []
    real_add = GifEncoder.add
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRACE", str(trace_path))
        mp.setattr("scenes.output.render.find_scene", lambda name: Recorded)
        mp.setattr(
            GifEncoder,
            "add",
            lambda self, rgba, repeat=1: (
                frames.extend([rgba[..., :3].copy()] * repeat)
                or real_add(self, rgba, repeat)
            ),
        )
        files = render(name, TINY, out, **options)
    check_captions(files, instances[0])
    check_legible(name, instances[0])
    return Rendered(out, files, frames, instances[0])


def check_legible(name: str, scene) -> None:
    """No text on screen, at any settled moment of the render, with capitals
    under style.MIN_TEXT_PX tall in the 854x480 GIF (ExplainerScene.small_text);
    a failure names the scene, the time and the string."""
    from scenes.kit import style

    small = getattr(scene, "small_texts", None)
    assert small is not None, f"{name} is not an ExplainerScene"
    shown = sorted(t for t in scene.texts_seen if jargon_in(t))
    assert not shown, f"{name}: jargon on screen, unexplained: {shown}"
    assert not small, f"{name}: text under {style.MIN_TEXT_PX:g} px in the GIF:\n" + (
        "\n".join(f"  {t:6.2f} s  {px:4.1f} px  {s!r}" for t, s, px in small)
    )


def check_captions(files: dict[str, Path], scene=None) -> None:
    """Every render a test makes keeps the pacing rule (each cue on screen at
    least max(1.5 s, characters / 15), and, when voiced, until its clip has
    ended), every cue can be spoken, and the .vtt holds the .srt's cues."""
    srt = files[".srt"].read_text(encoding="utf-8")
    assert pacing.cues(srt), "no captions"
    fast = pacing.too_fast(srt)
    assert not fast, "captions shown too briefly to read:\n" + "\n".join(fast)
    clips = dict(getattr(scene, "voice_clips", []))
    for start, end, text in pacing.cues(srt):
        spoken = next((c for t, c in clips.items() if abs(t - start) < 0.002), None)
        if spoken is not None:
            assert end - start >= spoken.seconds, f"voice cut off: {text!r}"
    for _, _, text in pacing.cues(srt):
        speakable(text)  # CaptionError names a symbol the narrator cannot say
        assert not jargon_in(text), f"jargon {jargon_in(text)} in caption {text!r}"
        if scene is not None:  # one line each: a caption never covers the scene
            assert scene.caption_fits(text), f"caption wider than the frame: {text!r}"
    vtt = files[".vtt"].read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT")
    assert vtt.count(" --> ") == len(pacing.cues(srt))


def scene_to_pixel(xy: np.ndarray) -> np.ndarray:
    """Manim scene coordinates (n, 2+) -> (column, row) pixels of the TINY frame."""
    xy = np.atleast_2d(xy)
    frame_w = FRAME_UNITS_H * FRAME_W / FRAME_H
    col = (xy[:, 0] + frame_w / 2) / frame_w * FRAME_W
    row = (FRAME_UNITS_H / 2 - xy[:, 1]) / FRAME_UNITS_H * FRAME_H
    return np.stack([col, row], 1)


def crop(frame: np.ndarray, mobject, inset: float = 0.0) -> np.ndarray:
    """The pixels of ``frame`` under ``mobject``'s bounding box, shrunk by ``inset``."""
    (c0, r0), (c1, r1) = scene_to_pixel(
        np.array(
            [
                mobject.get_corner([-1, 1, 0])[:2] + [inset, -inset],
                mobject.get_corner([1, -1, 0])[:2] + [-inset, inset],
            ]
        )
    )
    return frame[int(round(r0)) : int(round(r1)), int(round(c0)) : int(round(c1))]


def two_part_lecture(files: dict[str, Path], folder: Path, monkeypatch) -> Path:
    """A lecture's scene folder of two parts, both the render ``files`` under
    two catalog scenes' names; the catalog is narrowed to those two."""
    import shutil

    from scenes.output import lecture

    folder.mkdir()
    parts = [("diffusion", "GuidanceScale"), ("diffusion", "StepsVsSpeed")]
    for _, name in parts:
        for ext in (".mp4", ".srt"):
            shutil.copy(files[ext], folder / f"{name}{ext}")
    monkeypatch.setattr(lecture, "ordered", lambda: parts)
    return folder
