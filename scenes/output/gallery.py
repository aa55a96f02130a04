"""A static page of every scene: renders/index.html.

    python -m scenes.output.gallery        # renders/ (renders/light/ with THEME=light)
    python -m scenes.output.gallery --out DIR

Lists every scene by chapter with its looping GIF, its video (poster frame
shown until played, captions on), links to its files and one line on what it
shows. Links are relative, so the page works opened from disk and served by any
static server. Colours come from the theme's palette (scenes/kit/style.py).

Sounds: under a scene that plays sounds (scenes/kit/sounds.py), one
``<audio controls preload="none">`` player per ``sounds/<Scene>-<nn>-<name>.wav``,
in the order played, labelled with the sound's name in plain words; nothing
is fetched until a reader presses play. A scene without sounds is unchanged.

Captions: each video has a ``<track>`` of its .vtt, which the page points at
its file when served. Chromium refuses track files on a page opened from disk
(and logs an error for each), so there the page gives each video the cues it
carries itself (``addTextTrack``): captions show either way.
"""

from __future__ import annotations

import argparse
import html
import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

from scenes.kit import style
from scenes.output.captions import cues_json
from scenes.output.catalog import (
    CHAPTER_TEXT,
    chapter_title,
    describe,
    ordered,
    scene_title,
)
from scenes.output.soundtrack import is_sound_of

FILES = (".gif", ".mp4", ".png", ".srt", ".vtt")


class GalleryError(Exception):
    pass


def missing_files(out: Path) -> list[Path]:
    return [
        out / f"{scene}{ext}"
        for _, scene in ordered()
        for ext in FILES
        if not (out / f"{scene}{ext}").is_file()
    ]


def sounds_of(scene: str, out: Path) -> list[Path]:
    """``scene``'s sound files in ``out``/sounds/, in the order it played them."""
    folder = out / "sounds"
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if is_sound_of(scene, p.name)]
    return sorted(found, key=lambda p: int(p.name[len(scene) + 1 :].split("-")[0]))


def plain_name(wav: Path, scene: str) -> str:
    """The words of a sound file's name: ``Scene-03-bell-E5-step-250.wav`` ->
    ``bell E5 step 250``."""
    slug = wav.stem[len(scene) + 1 :].split("-", 1)[1]
    return slug.replace("-", " ").replace("_", " ")


def sound_list(scene: str, out: Path) -> str:
    """The players of ``scene``'s sounds ("" if it has none)."""
    items = []
    for number, wav in enumerate(sounds_of(scene, out), start=1):
        said = html.escape(plain_name(wav, scene))
        src = html.escape(f"sounds/{quote(wav.name)}")
        items.append(
            f'<li><span class="sound">{number}. {said}</span>'
            f'<audio controls preload="none" src="{src}" aria-label="{said}"></audio>'
            f'<a href="{src}">WAV</a></li>'
        )
    if not items:
        return ""
    return (
        '\n    <div class="sounds"><p>Sounds heard in the video:</p>'
        f"<ul>{''.join(items)}</ul></div>"
    )


def scene_card(scene: str, out: Path) -> str:
    name = html.escape(scene)
    title = html.escape(scene_title(scene))
    cues = cues_json(out / f"{scene}.srt")
    about = html.escape(describe(scene))
    links = " · ".join(
        f'<a href="{name}{ext}">{label}</a>'
        for ext, label in (
            (".mp4", "video (MP4)"),
            (".gif", "GIF"),
            (".png", "poster (PNG)"),
            (".srt", "captions (SRT)"),
            (".vtt", "captions (WebVTT)"),
        )
    )
    return f"""
  <article id="{name}">
    <h3>{title} <span class="file">({name})</span></h3>
    <p>{about}</p>
    <div class="media">
      <figure><img src="{name}.png" data-gif="{name}.gif" alt="{title}: {about}"
        loading="lazy" width="854" height="480"><figcaption>GIF, loops (plays
        when in view)</figcaption></figure>
      <figure><video src="{name}.mp4" poster="{name}.png" controls
        preload="metadata" width="854" height="480" data-cues="cues-{name}">
        <track kind="captions" srclang="en" label="English" data-src="{name}.vtt"
          default></video>
        <script type="application/json" id="cues-{name}">{cues}</script>
        <figcaption>video</figcaption></figure>
    </div>
    <p class="links">{links}</p>{sound_list(scene, out)}
  </article>"""


# Pages opened from disk cannot load <track> files in Chromium: give each
# video its cues from the page itself when its track has not loaded.
CAPTIONS_SCRIPT = """
<script>
function embedCaptions(video) {
  const track = video.querySelector("track");
  if (track && track.readyState === 2) return;  // LOADED: the .vtt is in use
  if (video.dataset.embedded) return;
  video.dataset.embedded = "1";
  if (track) track.remove();
  const cues = JSON.parse(document.getElementById(video.dataset.cues).textContent);
  const added = video.addTextTrack("captions", "English", "en");
  for (const c of cues) added.addCue(new VTTCue(c.start, c.end, c.text));
  added.mode = "showing";
}
for (const video of document.querySelectorAll("video[data-cues]")) {
  const track = video.querySelector("track");
  if (location.protocol === "file:" || !track) {
    embedCaptions(video);  // Chromium refuses track files from disk
  } else {
    track.addEventListener("error", () => embedCaptions(video));
    track.src = track.dataset.src;  // served: the .vtt itself
    track.track.mode = "showing";
  }
}
</script>"""


# Each GIF plays only while it is on screen (the poster shows otherwise), so
# the page does not fetch and run 17 GIFs at once; readers who ask for reduced
# motion keep the posters.
GIF_SCRIPT = """
<script>
if (!matchMedia("(prefers-reduced-motion: reduce)").matches &&
    "IntersectionObserver" in window) {
  const seen = new IntersectionObserver((entries) => {
    for (const e of entries) {
      const img = e.target;
      const want = e.isIntersecting ? img.dataset.gif : img.dataset.png;
      if (img.getAttribute("src") !== want) img.src = want;
    }
  }, {rootMargin: "100px"});
  for (const img of document.querySelectorAll("img[data-gif]")) {
    img.dataset.png = img.getAttribute("src");
    seen.observe(img);
  }
}
</script>"""


def page(palette: style.Palette, out: Path) -> str:
    sections, current = [], None
    for chapter, scene in ordered():
        if chapter != current:
            if current is not None:
                sections.append("</section>")
            title = html.escape(chapter_title(chapter))
            sections.append(f'<section><h2 id="{chapter}">{title}</h2>')
            if chapter in CHAPTER_TEXT:
                said = html.escape(CHAPTER_TEXT[chapter])
                sections.append(f"<blockquote>{said}</blockquote>")
            current = chapter
        sections.append(scene_card(scene, out))
    sections.append("</section>")
    contents = " · ".join(
        f'<a href="#{c}">{html.escape(chapter_title(c))}</a>'
        for c in dict.fromkeys(chapter for chapter, _ in ordered())
    )
    p = palette
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>How generative AI works: every scene</title>
<link rel="icon" href="data:,">
<style>
  body {{ background: {p.background}; color: {p.text};
         font-family: "{style.FONT}", sans-serif; max-width: 1800px;
         margin: 0 auto; padding: 1rem 2rem; }}
  a {{ color: {p.data}; }}
  h2 {{ border-bottom: 1px solid {p.muted}; padding-bottom: .3rem; }}
  article {{ margin-bottom: 2.5rem; }}
  .media {{ display: flex; flex-wrap: wrap; gap: 1rem; }}
  figure {{ margin: 0; flex: 1 1 420px; max-width: 854px; }}
  img, video {{ width: 100%; height: auto; display: block;
               border: 1px solid {p.muted}; }}
  figcaption, .links, .file {{ color: {p.muted}; font-size: .9rem; }}
  .sounds ul {{ list-style: none; padding: 0; display: flex; flex-wrap: wrap;
                gap: .5rem 1.5rem; }}
  .sounds li {{ display: flex; align-items: center; gap: .5rem; }}
  .sound {{ min-width: 10rem; }}
  blockquote {{ border-left: 3px solid {p.muted}; margin: 1rem 0;
               padding: .2rem 1rem; max-width: 60rem; }}
</style>
</head>
<body>
<h1>How generative AI works: every scene</h1>
<p>Every frame comes from a small model trained on this machine. Chapters:
{contents}.</p>
{"".join(sections)}
{CAPTIONS_SCRIPT}
{GIF_SCRIPT}
</body>
</html>
"""


def write(out: Path) -> Path:
    missing = missing_files(out)
    if missing:
        raise GalleryError(
            f"{len(missing)} of the scenes' files are missing, e.g. {missing[0]}: "
            "run make"
        )
    final = out / "index.html"
    fd, tmp = tempfile.mkstemp(prefix=".index-", suffix=".html", dir=out)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(page(style.palette(), out))
        os.replace(tmp, final)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return final


def main(argv: list[str] | None = None) -> int:
    from scenes.output.render import default_out_dir

    parser = argparse.ArgumentParser(
        prog="python -m scenes.output.gallery",
        description="Write index.html, a page of every rendered scene.",
    )
    parser.add_argument("--out", type=Path, default=None, help="the renders folder")
    args = parser.parse_args(argv)
    try:
        out = args.out or default_out_dir()
        written = write(out)
    except (GalleryError, style.ThemeError) as err:
        print(f"gallery: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        reason = err.strerror or err
        where = args.out or "renders"
        print(f"gallery: cannot write {where}: {reason}", file=sys.stderr)
        return 1
    print(f"gallery: {written}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
