"""Render scenes to the files users take away: <Scene>.mp4, .gif, .png, .srt, .vtt.

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
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from engine.core.trace import remove_leftovers
from scenes.kit.raster import hex_to_rgb
from scenes.output.captions import write_vtt
from scenes.output.catalog import SCENES, find_scene
from scenes.output.soundtrack import add_narration, narrate_sections

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


QUALITIES = {
    "draft": Quality(480, 15, 360, 12),
    "article": Quality(720, 30, 480, 12),
    "lecture": Quality(1080, 60, 480, 12),
}


class RenderError(Exception):
    pass


def width_for(height: int) -> int:
    """The 16:9 width for ``height``, rounded to even: H.264 needs even sizes."""
    return round(height * 16 / 9 / 2) * 2


def manim_settings(name: str, q: Quality, work: Path, fmt: str = "mp4") -> dict:
    """Manim config for rendering scene ``name`` at ``q`` into folder ``work``."""
    return {
        "media_dir": str(work),
        "pixel_height": q.pixel_height,
        "pixel_width": width_for(q.pixel_height),
        "frame_rate": q.frame_rate,
        "disable_caching": True,
        "output_file": name,
        "format": fmt,
        "verbosity": "WARNING",
        "progress_bar": "display" if sys.stderr.isatty() else "none",
    }


MAX_GIF_BYTES = 3_000_000  # a GIF for an article page: at most 3 MB
COVER_SECONDS = 2.0  # the poster frame opens the GIF for this long
PALETTE_SIZES = (256, 128, 64, 32)  # tried in turn until the GIF fits


class GifEncoder:
    """Frames in, a looping GIF out: one palette for the whole scene, with the
    theme's colours in it exactly, and the scene's poster frame first.

    Frames are resized to the GIF's size and spooled to a raw file beside the
    GIF (the render's private work folder); every sixth one is sampled. On
    ``close`` the palette is the theme's colours (scenes/kit/style.py), which
    every pixel drawn in them keeps exactly, their blends with the background
    (anti-aliased edges), and a median cut (Pillow) of the sampled pixels
    for the rest; FFmpeg's ``paletteuse`` maps every frame to it without
    dithering (flat colours stay flat, and LZW compresses their runs) and
    stores only each frame's changed rectangle; gifsicle re-packs the result.
    If the GIF is over MAX_GIF_BYTES the palette shrinks (256, 128, 64, 32
    colours) and the frames are mapped again.

    ``cover(rgb)`` sets the first frame (the scene's poster, held
    COVER_SECONDS): what an article's thumbnail and a reader who has turned
    animation off see. ``on_frame`` gets each frame as resized (not the cover).
    """

    SAMPLE_EVERY = 6  # frames: half a second at 12 fps
    SAMPLE_STRIDE = 3  # pixels: every third row and column of a sampled frame
    RAMP_LEVELS = 4  # blends of each kept colour with the background

    def __init__(
        self,
        path: Path,
        width: int,
        height: int,
        fps: int,
        on_frame=None,
        keep_colours: tuple[str, ...] = (),
    ):
        self.path = path
        self.size = (width, height)
        self.fps = fps
        self.on_frame = on_frame
        rgb = [tuple(int(v) for v in hex_to_rgb(c)) for c in keep_colours]
        self.background = rgb[:1]  # the first kept colour is the background
        self.keep = list(dict.fromkeys(rgb))  # in order, once each
        self.frames_path = path.with_suffix(".frames.rgb")
        self.frames = open(self.frames_path, "wb")  # noqa: SIM115 (closed in close)
        self.count = 0
        self.samples: list[np.ndarray] = []
        self.cover_frame: np.ndarray | None = None

    def _fit(self, rgba: np.ndarray) -> np.ndarray:
        img = Image.fromarray(np.ascontiguousarray(np.asarray(rgba)[..., :3]))
        if img.size != self.size:
            img = img.resize(self.size, Image.Resampling.LANCZOS)
        return np.asarray(img)

    def add(self, rgba: np.ndarray) -> None:
        rgb = self._fit(rgba)
        if self.on_frame is not None:
            self.on_frame(rgb)
        self.frames.write(rgb.tobytes())
        if self.count % self.SAMPLE_EVERY == 0:
            k = self.SAMPLE_STRIDE
            self.samples.append(rgb[::k, ::k].reshape(-1, 3).copy())
        self.count += 1

    def cover(self, rgba: np.ndarray) -> None:
        """Open the GIF on this frame (held COVER_SECONDS), then play the scene."""
        self.cover_frame = self._fit(rgba)

    def palette(self, colours: int) -> np.ndarray:
        """``colours`` RGB entries: the kept colours; RAMP_LEVELS blends of
        each with the background (the first kept colour), which is what the
        anti-aliased edges of lines, dots and letters are made of; then a
        median cut of the sampled pixels for the rest (images)."""
        kept = np.asarray(self.keep, np.uint8).reshape(-1, 3)
        ramps = np.zeros((0, 3), np.uint8)
        if len(self.background):
            bg = np.asarray(self.background[0], np.float64)
            steps = np.linspace(0, 1, self.RAMP_LEVELS + 2)[1:-1, None]
            blends = {
                tuple(int(v) for v in np.round(bg + (np.asarray(c) - bg) * t))
                for c in kept[1:]
                for t in steps
            }
            ramps = np.asarray(sorted(blends - set(self.keep)), np.uint8).reshape(-1, 3)
        free = colours - len(kept) - len(ramps)
        found = np.zeros((0, 3), np.uint8)
        if free > 0:
            pixels = np.concatenate(self.samples).reshape(1, -1, 3)
            cut = Image.fromarray(pixels).quantize(
                colors=free, method=Image.Quantize.MEDIANCUT
            )
            found = np.asarray(cut.getpalette()[: 3 * free], np.uint8).reshape(-1, 3)
        return np.concatenate([kept, ramps, found])[:colours]

    def _encode(self, colours: int, work: Path) -> None:
        import imageio_ffmpeg

        entries = self.palette(colours)
        grid = np.repeat(entries[:1], 256, axis=0)  # unused entries: a kept one
        grid[: len(entries)] = entries
        Image.fromarray(grid.reshape(16, 16, 3)).save(work / "palette.png")
        w, h = self.size
        raw = [
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-s",
            f"{w}x{h}",
            "-r",
            str(self.fps),
        ]
        inputs, graph = [], "[0][1]paletteuse=dither=none:diff_mode=rectangle"
        if self.cover_frame is not None:
            held = max(1, round(COVER_SECONDS * self.fps))
            (work / "cover.rgb").write_bytes(self.cover_frame.tobytes() * held)
            inputs = [*raw, "-i", str(work / "cover.rgb")]
            graph = (
                "[0][1]concat=n=2:v=1:a=0[all];"
                "[all][2]paletteuse=dither=none:diff_mode=rectangle"
            )
        cmd = [
            imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error",
            *inputs, *raw, "-i", str(self.frames_path),
            "-i", str(work / "palette.png"),
            "-filter_complex", graph, "-loop", "0", "-f", "gif", "-y", str(self.path),
        ]  # fmt: skip
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["?"])[-1]
            raise RenderError(f"GIF encoding failed: {last}")
        optimise_gif(self.path)

    def close(self) -> None:
        self.frames.close()
        if self.count == 0:
            raise RenderError("GIF encoding failed: the scene drew no frames")
        work = Path(tempfile.mkdtemp(prefix=".gif-", dir=self.path.parent))
        try:
            for colours in PALETTE_SIZES:
                self._encode(colours, work)
                if self.path.stat().st_size <= MAX_GIF_BYTES:
                    break
        finally:
            shutil.rmtree(work, ignore_errors=True)
            self.frames_path.unlink(missing_ok=True)

    def abort(self) -> None:
        self.frames.close()
        self.frames_path.unlink(missing_ok=True)


def optimise_gif(path: Path) -> None:
    """Shrink a GIF losslessly with gifsicle -O3 (same pixels, every frame kept).

    ffmpeg's GIF muxer stores each changed rectangle as it comes; gifsicle
    re-packs them with transparency where pixels did not change, about 13%
    smaller on our point-cloud scenes.
    """
    gifsicle = shutil.which("gifsicle")
    if gifsicle is None:
        raise RenderError("gifsicle is missing: run make setup (it installs it)")
    done = subprocess.run(
        [gifsicle, "-O3", "--no-warnings", "--batch", str(path)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RenderError(f"GIF optimisation failed: {done.stderr.strip() or '?'}")


def render(
    name: str,
    quality: str | Quality = "article",
    out_dir: Path | None = None,
    gif: bool = True,
    on_gif_frame=None,
    sections: bool = False,
) -> dict[str, Path]:
    """Render scene ``name``; returns the final paths written, by extension.

    ``quality`` is a preset name (see QUALITIES) or a Quality of your own.
    ``on_gif_frame``, if given, is called with each lossless RGB frame exactly
    as the GIF encoder receives it (tests and benchmarks compare against them).
    ``sections`` also writes each narrated step as its own video, with Manim's
    JSON index, into ``<out_dir>/sections/<name>/``.
    """
    from manim import config, tempconfig

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
        if clips:  # the narration, on an AAC track exactly as long as the video
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
        final = {}
        for ext, path in produced.items():
            if path.exists():
                final[ext] = out_dir / f"{name}{ext}"
                os.replace(path, final[ext])
        if section_dir is not None:
            final["sections"] = _replace_dir(section_dir, out_dir / "sections" / name)
        return final
    finally:
        if encoder:
            encoder.abort()
        shutil.rmtree(work, ignore_errors=True)


def theme_colours() -> tuple[str, ...]:
    """The current theme's colours (scenes/kit/style.py), kept exact in GIFs."""
    from dataclasses import fields

    from scenes.kit.style import palette

    theme = palette()
    return tuple(getattr(theme, f.name) for f in fields(theme) if f.name != "name")


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
        for _ in range(repeat):
            n = count["n"]
            # Keep frame n when it starts a new GIF frame interval.
            if (
                n == 0
                or (n * gif_fps) // frame_rate != ((n - 1) * gif_fps) // frame_rate
            ):
                encoder.add(pixels)
            count["n"] += 1
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
        help="draft 480p15, article 720p30 (default), lecture 1080p60",
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
