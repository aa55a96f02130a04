"""Render scenes to the files users take away: <Scene>.mp4, .gif, .png, .srt, .vtt,
and sounds/<Scene>-<nn>-<name>.wav for each sound a scene plays.

    python -m scenes.output.render PointsFlow                  # article quality
    python -m scenes.output.render PointsFlow --quality draft  # quick look
    python -m scenes.output.render --list

One Manim render per scene. Manim writes the MP4 (H.264, yuv420p) and the .srt
captions; every frame it produces is also handed, lossless, to an ffmpeg GIF
encoder with a palette step (Manim's own ``--format gif`` encodes from lossy
H.264 clips instead). Everything is written into a private work folder first
and renamed into ``renders/`` only when complete, so an interrupted or failed
render never leaves a partial file under a final name, and parallel renders
never share a folder. Ctrl-C, SIGTERM and SIGHUP remove the work folder; one
killed outright (SIGKILL) stays, named ``.<Scene>-<pid>-*``, until the next
render of that scene into that folder removes it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from engine.core.trace import remove_leftovers
from scenes.kit.handoff import concat_list
from scenes.output.captions import write_vtt
from scenes.output.catalog import SCENES, find_scene
from scenes.output.gif import GifEncoder, RenderError, theme_colours
from scenes.output.soundtrack import (
    add_narration,
    narrate_sections,
    replace_sounds,
    write_sounds,
)

RENDERS_DIR = Path(__file__).resolve().parents[2] / "renders"


def default_out_dir() -> Path:
    """renders/ for the dark theme; renders/light/ for THEME=light, kept apart."""
    from scenes.kit.style import palette

    name = palette().name
    return RENDERS_DIR if name == "dark" else RENDERS_DIR / name


@dataclass(frozen=True)
class Quality:
    pixel_height: int
    frame_rate: int
    gif_height: int  # GIFs are for the web: smaller than the video
    gif_fps: int


# The default, article, draws at the GIF's own size and rate, so every frame
# drawn goes into both the video and the GIF as it is (no resize, none
# dropped), and a cold make of every scene stays near its budget; the smooth
# 1080p60 video is the lecture's (make lecture). 10 frames a second: a GIF
# stores each frame's delay in hundredths of a second, so 10 fps is exact
# (12 fps alternates 8 and 9), and it draws a sixth fewer frames than 12
# (AttentionReads: 25.2 s to render instead of 28.2 s, its GIF 0.81 MB
# instead of 0.97 MB).
QUALITIES = {
    "draft": Quality(360, 10, 360, 10),
    "article": Quality(480, 10, 480, 10),
    "lecture": Quality(1080, 60, 480, 10),
}


def width_for(height: int) -> int:
    """The 16:9 width for ``height``, rounded to even: H.264 needs even sizes."""
    return round(height * 16 / 9 / 2) * 2


def escape_manims_concat_list() -> None:
    """Make Manim (0.22) write its list of partial movies with every path
    escaped. Its own list quotes each path without escaping a quote in it, so
    a render into a folder such as "lecturer's copy" stopped when the parts
    were joined. Safe to call more than once."""
    from manim.scene.scene_file_writer import SceneFileWriter

    def manifest(input_files: list[str]) -> bytes:
        return concat_list(input_files).encode("utf-8")

    SceneFileWriter._concat_manifest_bytes = staticmethod(manifest)


def manim_settings(name: str, q: Quality, work: Path, fmt: str = "mp4") -> dict:
    """Manim config for rendering scene ``name`` at ``q`` into folder ``work``."""
    return {
        "media_dir": str(work),
        "pixel_height": q.pixel_height,
        "pixel_width": width_for(q.pixel_height),
        "frame_rate": q.frame_rate,
        "disable_caching": True,
        # x264's "superfast" preset: about a third of "medium"'s time on our
        # flat drawings at the same crf (the video writer was a quarter of a
        # render's time), for larger files (AttentionReads at 480p and 12 fps:
        # 2.9 MB, 25.4 s to render, against 2.4 MB and 27.1 s with
        # "veryfast"). "zerolatency": no lookahead and no B-frames, so each of
        # Manim's short per-animation files closes at once (AttentionReads at
        # 10 fps: 22.4-23.7 s against 24.4-28.4 s, 0.4% larger).
        "video_encoder_options": {"preset": "superfast", "tune": "zerolatency"},
        "output_file": name,
        "format": fmt,
        "verbosity": "WARNING",
        "progress_bar": "display" if sys.stderr.isatty() else "none",
    }


def render(
    name: str,
    quality: str | Quality = "article",
    out_dir: Path | None = None,
    gif: bool = True,
    on_gif_frame=None,
    sections: bool = False,
) -> dict[str, Path]:
    """Render scene ``name``; returns the final paths written, by extension,
    and each sound the scene played by ``"sounds/<file name>"``
    (``<out_dir>/sounds/<name>-<nn>-<sound>.wav``, replacing the scene's older
    ones there).

    ``quality`` is a preset name (see QUALITIES) or a Quality of your own.
    ``on_gif_frame``, if given, is called with each lossless RGB frame exactly
    as the GIF encoder receives it (tests and benchmarks compare against them).
    ``sections`` also writes each narrated step as its own video, with Manim's
    JSON index, into ``<out_dir>/sections/<name>/``.
    """
    from manim import config, tempconfig

    escape_manims_concat_list()
    scene_class = find_scene(name)
    q = QUALITIES[quality] if isinstance(quality, str) else quality
    out_dir = default_out_dir() if out_dir is None else out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out_dir, name)  # work folders of killed renders of this scene
    work = Path(tempfile.mkdtemp(prefix=f".{name}-{os.getpid()}-", dir=out_dir))
    settings = {**manim_settings(name, q, work), "save_sections": sections}
    encoder = None
    try:
        with tempconfig(settings):
            config.seed = 0  # Manim's own randomness, for repeatable frames
            scene = scene_class()
            if gif:
                encoder = GifEncoder(
                    work / f"{name}.gif",
                    width_for(q.gif_height),
                    q.gif_height,
                    q.gif_fps,
                    on_gif_frame,
                    keep_colours=theme_colours(),
                )
                _tee_frames(scene, encoder, q.frame_rate, q.gif_fps)
            scene.render()
            movie = Path(scene.renderer.file_writer.movie_file_path)
            section_dir = (
                Path(scene.renderer.file_writer.sections_output_dir)
                if sections
                else None
            )
        poster = getattr(scene, "poster_frame", None)
        if poster is None:
            poster = scene.renderer.get_frame()
        if encoder:
            encoder.cover(poster)  # the GIF opens on the point of the scene
            encoder.close()
            encoder = None
        clips = [(start, c.path) for start, c in getattr(scene, "voice_clips", [])]
        sounds = list(getattr(scene, "played_sounds", []))
        clips += [(start, s.track) for start, s in sounds]  # with VOICE=none too
        if clips:  # voice and sounds, on an AAC track exactly as long as the video
            track = add_narration(movie, clips)
            if section_dir is not None:
                narrate_sections(section_dir, name, track)
        produced = {".mp4": movie, ".srt": movie.with_suffix(".srt")}
        if produced[".srt"].exists():  # the same cues for the web's <track>
            produced[".vtt"] = write_vtt(produced[".srt"], work / f"{name}.vtt")
        if gif:
            produced[".gif"] = work / f"{name}.gif"
        produced[".png"] = work / f"{name}.png"
        Image.fromarray(np.asarray(poster)[..., :3]).save(produced[".png"])
        wavs = write_sounds(name, sounds, work / "sounds")  # whole before moved
        final = {}
        for ext, path in produced.items():
            if path.exists():
                final[ext] = out_dir / f"{name}{ext}"
                os.replace(path, final[ext])
        # <out>/sounds/<Scene>-<nn>-<name>.wav; the scene's older ones go
        for wav in replace_sounds(name, wavs, out_dir / "sounds"):
            final[f"sounds/{wav.name}"] = wav
        if section_dir is not None:
            final["sections"] = _replace_dir(section_dir, out_dir / "sections" / name)
        return final
    finally:
        if encoder:
            encoder.abort()
        shutil.rmtree(work, ignore_errors=True)


def _replace_dir(new: Path, final: Path) -> Path:
    """Put folder ``new`` at ``final``, replacing what was there by renames only."""
    final.parent.mkdir(parents=True, exist_ok=True)
    old = None
    if final.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{final.name}-old-", dir=final.parent))
        os.replace(final, old / final.name)
    os.replace(new, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return final


def _tee_frames(scene, encoder: GifEncoder, frame_rate: int, gif_fps: int) -> None:
    """Hand Manim's frames to the GIF encoder as well, resampled to ``gif_fps``.

    Frames arrive lossless here, before H.264 touches them. ``repeat`` is how
    many times Manim writes the same frame (a still ``wait``).
    """
    writer = scene.renderer.file_writer
    original = writer.write_frame
    count = {"n": 0}

    def write_frame(pixels, *, repeat: int = 1):
        kept = 0
        for _ in range(repeat):
            n = count["n"]
            # Keep frame n when it starts a new GIF frame interval.
            if (
                n == 0
                or (n * gif_fps) // frame_rate != ((n - 1) * gif_fps) // frame_rate
            ):
                kept += 1
            count["n"] += 1
        if kept:  # a still wait: one frame, resized once, held ``kept`` frames
            encoder.add(pixels, repeat=kept)
        return original(pixels, repeat=repeat)

    writer.write_frame = write_frame


class OneLineParser(argparse.ArgumentParser):
    """Bad arguments get one line and exit 2, not a usage dump."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def main(argv: list[str] | None = None) -> int:
    parser = OneLineParser(
        prog="python -m scenes.output.render",
        description="Render scenes to renders/<Scene>.mp4, .gif, .png, .srt and .vtt.",
    )
    parser.add_argument("scenes", nargs="*", help="scene names (see --list)")
    parser.add_argument(
        "--quality",
        choices=QUALITIES,
        default="article",
        help="draft 360p10, article 480p10 (default), lecture 1080p60",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="output folder (default renders/, or renders/light/ with THEME=light)",
    )
    parser.add_argument("--no-gif", action="store_true", help="skip the GIF")
    parser.add_argument(
        "--sections",
        action="store_true",
        help="also write each narrated step as its own video under <out>/sections/",
    )
    parser.add_argument(
        "--list", action="store_true", help="list scenes in chapter order"
    )
    args = parser.parse_args(argv)
    if args.list or not args.scenes:
        for chapter, names in SCENES.items():
            print(f"{chapter}: {' '.join(names)}")
        return 0
    from engine.core.trace import TraceError
    from scenes.kit.pacing import CaptionError
    from scenes.kit.sounds import SoundError
    from scenes.kit.style import ThemeError
    from scenes.kit.voice import voice_name
    from scenes.output.catalog import UnknownScene
    from scenes.output.soundtrack import SoundtrackError

    try:
        voice_name()  # VOICE=unknown is refused before any work
    except CaptionError as err:
        print(f"render: {err}", file=sys.stderr)
        return 2
    for name in args.scenes:
        try:
            files = render(
                name,
                args.quality,
                args.out,
                gif=not args.no_gif,
                sections=args.sections,
            )
        except (
            UnknownScene,
            TraceError,
            ThemeError,
            RenderError,
            CaptionError,  # VoiceError too
            SoundError,
            SoundtrackError,
        ) as err:
            print(f"render: {err}", file=sys.stderr)
            return 2
        except (OSError, RuntimeError) as err:
            cause = os_error_in(err)
            if cause is None:
                raise
            print(
                f"render: cannot write to {args.out or 'renders'}: "
                f"{cause.strerror or cause}",
                file=sys.stderr,
            )
            return 1
        sizes = ", ".join(
            f"{p.name} ({p.stat().st_size / 1e6:.1f} MB)" if p.is_file() else f"{p}/"
            for p in files.values()
        )
        print(f"render: {name} -> {sizes}", file=sys.stderr)
    return 0


def os_error_in(err: BaseException) -> OSError | None:
    """The OSError behind ``err``, if any: Manim's movie writer reports a full
    disk as a RuntimeError raised from the OSError."""
    seen = set()
    while err is not None and id(err) not in seen:
        if isinstance(err, OSError):
            return err
        seen.add(id(err))
        err = err.__cause__ or err.__context__
    return None


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised like Ctrl-C so that every clean-up runs."""


def _stop(signum, frame):
    raise Stopped(signum)


def run(argv: list[str] | None = None) -> None:
    """The command line: Ctrl-C, SIGTERM (what make sends its jobs when killed)
    and SIGHUP all stop a render cleanly, its work folder removed."""
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _stop)
    try:
        code = main(argv)
    except KeyboardInterrupt as stop:
        print("render: interrupted; no partial files were kept", file=sys.stderr)
        code = 128 + (stop.args[0] if isinstance(stop, Stopped) else signal.SIGINT)
    if code != 0:
        # Our clean-up has run by now. A render stopped mid-animation can leave
        # one of Manim's (non-daemon) encoder threads waiting for frames, which
        # would keep the process alive after sys.exit: leave without waiting.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    run()
