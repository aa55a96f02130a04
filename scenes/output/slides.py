"""Slides for a lecturer: every scene as a manim-slides presentation, offline.

    python -m scenes.output.slides render PointsFlow --out renders/slides
    python -m scenes.output.slides join --out renders/slides   # -> slides.html

manim-slides (5.x) needs scenes built on its own ``Slide`` class: ``render``
makes one by putting ``Slide`` under the scene's class, so each ``narrate``
line starts a new slide (``next_slide``) whose presenter notes are the line
(press S in the browser for the speaker view). Each scene's slides are
written into a private work folder and moved into ``<out>/build/`` when whole.

The slide videos are silent (the lecturer speaks), so the sounds a scene
plays (scenes/kit/sounds.py) are left out of them too: the scene still holds
each sound's length, its pictures keep their timing, and the sounds are in the
scene's MP4 and its .wav files.

``join`` runs ``manim-slides convert --to html`` over every scene, in chapter
order, into ``<out>/slides.html`` with its videos in ``<out>/slides_assets/``.
manim-slides loads reveal.js from a CDN, and its ``--offline`` option
downloads it: instead, reveal.js comes from the npm registry at set-up
(scripts/reveal/package.json, pinned with its lock file) and is copied to
``<out>/reveal.js/``, which the page names as its ``cdn_url``. The page opens
from disk with no network.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from scenes.kit.handoff import arg
from scenes.output.catalog import ordered

ROOT = Path(__file__).resolve().parents[2]
REVEAL = ROOT / "scripts" / "reveal" / "node_modules" / "reveal.js"


class SlidesError(Exception):
    """A scene that cannot be made into slides, or a missing piece."""


def slide_class(scene_class):
    """``scene_class`` with manim-slides' ``Slide`` underneath: its
    ``next_slide`` splits the video at every narrated step."""
    from manim import ManimColor, Scene
    from manim_slides import Slide
    from manim_slides.slide.base import BaseSlide

    class CompatibleSlide(Slide):
        # manim-slides 5.7's Slide.__init__ sets config["write_to_movie"], an
        # option Manim 0.22 no longer has (movies are always written): skip
        # that line, keep the rest of its set-up (BaseSlide's).
        def __init__(self, *args, **kwargs):
            BaseSlide.__init__(self, *args, **kwargs)

        # Our scenes give the camera a "#rrggbb" string, not a ManimColor.
        @property
        def _background_color(self) -> str:
            return ManimColor(self.renderer.camera.background_color).to_hex()

        # Its render sets config["max_files_cached"] to infinity, which Manim
        # 0.22 refuses; our renders keep every partial file anyway (caching is
        # off and the work folder is private), so render, then save slides.
        def render(self, *args, **kwargs):
            Scene.render(self, *args, **kwargs)
            self._save_slides(use_cache=False, flush_cache=False, skip_reversing=True)

    return type(
        scene_class.__name__,
        (scene_class, CompatibleSlide),
        {"skip_reversing": True},  # backwards playback is not needed in class
    )


def render_scene(name: str, out: Path, quality="article") -> Path:
    """Render scene ``name`` as slides into ``<out>/build/`` (its JSON and its
    ``files/<name>/`` videos); returns the JSON's path. ``quality`` is a preset
    name of scenes.output.render.QUALITIES or a Quality."""
    from manim import config, tempconfig
    from manim_slides.slide.base import BaseSlideConfig

    from scenes.output.catalog import describe, find_scene
    from scenes.output.render import (
        QUALITIES,
        escape_manims_concat_list,
        manim_settings,
    )

    escape_manims_concat_list()
    q = QUALITIES[quality] if isinstance(quality, str) else quality
    build = out / "build"  # made only once a scene's slides are whole
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{name}-slides-", dir=out))
    try:
        with tempconfig(manim_settings(name, q, work / "media")):
            config.seed = 0
            scene = slide_class(find_scene(name))(output_folder=work / "slides")
            # The scene's first slide (its title, before the first caption)
            # gets what the scene shows as its presenter note.
            scene._base_slide_config = BaseSlideConfig(notes=describe(name))
            scene.render()
        made = work / "slides"
        final_files = build / "files" / name
        final_files.parent.mkdir(parents=True, exist_ok=True)
        if final_files.exists():
            shutil.rmtree(final_files)
        os.replace(made / "files" / name, final_files)
        # manim-slides writes absolute paths to the videos: point them at their
        # new place (the JSON is rewritten whole, then renamed). Read as JSON,
        # not as text: a quote or a non-ASCII letter in the folder's name is
        # escaped in the file, and a text search would not find the path.
        index = json.loads((made / f"{name}.json").read_text(encoding="utf-8"))
        index = moved(index, str(made / "files" / name), str(final_files.resolve()))
        tmp = build / f".{name}.json.tmp"
        rewritten = json.dumps(index, ensure_ascii=False, indent=2)
        tmp.write_text(rewritten, encoding="utf-8")
        os.replace(tmp, build / f"{name}.json")
        return build / f"{name}.json"
    finally:
        shutil.rmtree(work, ignore_errors=True)


def moved(value, old: str, new: str):
    """``value`` (parsed JSON) with every string that is path ``old`` or lies
    under it rewritten to lie under ``new`` instead."""
    if isinstance(value, dict):
        return {k: moved(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [moved(v, old, new) for v in value]
    if isinstance(value, str) and (value == old or value.startswith(old + "/")):
        return new + value[len(old) :]
    return value


def reveal_theme() -> str:
    """reveal.js's theme matching ours: black for dark, white for light."""
    from scenes.kit.style import palette

    return "white" if palette().name == "light" else "black"


def join(out: Path, scenes: list[str] | None = None) -> Path:
    """Convert every scene's slides (chapter order) into ``<out>/slides.html``
    with reveal.js beside it; returns the page's path."""
    names = scenes or [scene for _, scene in ordered()]
    build = out / "build"
    missing = [n for n in names if not (build / f"{n}.json").is_file()]
    if missing:
        raise SlidesError(f"no slides yet for {', '.join(missing)}: run make slides")
    if not (REVEAL / "dist" / "reveal.js").is_file():
        raise SlidesError(f"reveal.js is missing from {REVEAL}: run make slides")
    with tempfile.TemporaryDirectory(prefix=".slides-", dir=out) as tmp:
        work = Path(tmp)
        page = work / "slides.html"
        cmd = [
            str(Path(sys.executable).with_name("manim-slides")), "convert",
            "--to", "html", "--folder", arg(build),
            "-c", "cdn_url=reveal.js", "-c", f"reveal_theme={reveal_theme()}",
            "-c", "title=How generative AI works",
            *names, arg(page),
        ]  # fmt: skip
        done = subprocess.run(cmd, capture_output=True, text=True, errors="replace")
        if done.returncode != 0 or not page.is_file():
            last = (done.stderr.strip().splitlines() or ["?"])[-1]
            raise SlidesError(f"manim-slides convert failed: {last}")
        # The slide videos are silent (the lecturer speaks): mark every one
        # muted, as manim-slides marks only the first, so browsers that block
        # autoplay with sound play them at once instead of showing an
        # "unmute" button over the captions.
        html = page.read_text(encoding="utf-8")
        html = html.replace(
            "data-background-video=",
            "data-background-video-muted data-background-video=",
        )
        page.write_text(html, encoding="utf-8")
        shutil.copytree(REVEAL / "dist", work / "reveal.js" / "dist")
        for made in ("slides_assets", "reveal.js", "slides.html"):
            final = out / made
            if final.is_dir():
                shutil.rmtree(final)
            os.replace(work / made, final)
    return out / "slides.html"


def main(argv: list[str] | None = None) -> int:
    from scenes.output.render import QUALITIES, OneLineParser

    parser = OneLineParser(
        prog="python -m scenes.output.slides",
        description="Every scene as manim-slides slides, and one offline page.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("render", help="render one scene as slides")
    one.add_argument("scene")
    one.add_argument("--quality", choices=QUALITIES, default="article")
    one.add_argument("--out", type=Path, required=True)
    both = sub.add_parser("join", help="make <out>/slides.html from every scene")
    both.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)

    from engine.core.trace import TraceError
    from scenes.kit.pacing import CaptionError
    from scenes.kit.sounds import SoundError
    from scenes.output.catalog import UnknownScene

    try:
        if args.command == "render":
            path = render_scene(args.scene, args.out, args.quality)
        else:
            path = join(args.out)
    except (SlidesError, UnknownScene, TraceError, CaptionError, SoundError) as err:
        print(f"slides: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        print(
            f"slides: cannot write {args.out}: {err.strerror or err}", file=sys.stderr
        )
        return 1
    print(f"slides: {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
