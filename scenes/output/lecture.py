"""Join every scene's video into one lecture, with chapters and captions.

    python -m scenes.output.lecture --scenes renders/lecture --out renders/lecture.mp4

Reads <Scene>.mp4 and <Scene>.srt for every scene, in chapter order, from the
folder ``make lecture`` renders into, and writes beside ``--out``:

- lecture.mp4: the scenes back to back (video copied, not re-encoded), with a
  chapter per scene in the MP4's own metadata (players list them) and the
  narration of every scene on one AAC track, in sync at every boundary;
- lecture.chapters.txt: one line per scene, its start time and title, in the
  form video sites read as chapters;
- lecture.srt: every scene's captions, shifted to where the scene starts.

Every file is written under a temporary name and renamed when complete.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import numpy as np

from scenes.kit.handoff import HandoffError, arg, concat_list
from scenes.kit.voice import SAMPLE_RATE, write_wav
from scenes.output.captions import write_vtt
from scenes.output.catalog import chapter_title, describe, ordered
from scenes.output.soundtrack import SoundtrackError, decode_audio, video_seconds


class LectureError(Exception):
    pass


@dataclass
class Part:
    chapter: str
    scene: str
    movie: Path
    captions: Path
    seconds: float


def duration(movie: Path) -> float:
    """Length of ``movie`` in seconds, read from its container."""
    import av

    try:
        with av.open(arg(movie)) as container:
            if container.duration is None:
                raise LectureError(f"{movie}: no duration in the file")
            return container.duration / av.time_base
    except av.error.FFmpegError as err:
        raise LectureError(f"{movie}: not a readable video ({err})") from None


def collect(scene_dir: Path) -> list[Part]:
    parts = []
    for chapter, scene in ordered():
        movie, captions = scene_dir / f"{scene}.mp4", scene_dir / f"{scene}.srt"
        for path in (movie, captions):
            if not path.is_file():
                raise LectureError(f"{path} is missing: run make lecture")
        parts.append(Part(chapter, scene, movie, captions, duration(movie)))
    return parts


def clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def chapters_text(parts: list[Part]) -> str:
    lines, start = [], 0.0
    for part in parts:
        lines.append(
            f"{clock(start)} {chapter_title(part.chapter)}: {part.scene}. "
            f"{describe(part.scene)}"
        )
        start += part.seconds
    return "\n".join(lines) + "\n"


def ffmetadata(parts: list[Part]) -> str:
    """Chapters in ffmpeg's metadata format (times in milliseconds)."""
    out, start = [";FFMETADATA1"], 0.0
    for part in parts:
        end = start + part.seconds
        title = f"{chapter_title(part.chapter)}: {part.scene}"
        escaped = "".join("\\" + c if c in "=;#\\\n" else c for c in title)
        out += [
            "[CHAPTER]",
            "TIMEBASE=1/1000",
            f"START={round(start * 1000)}",
            f"END={round(end * 1000)}",
            f"title={escaped}",
        ]
        start = end
    return "\n".join(out) + "\n"


def joined_captions(parts: list[Part]) -> str:
    import srt

    subtitles, start = [], 0.0
    for part in parts:
        try:
            lines = list(srt.parse(part.captions.read_text(encoding="utf-8")))
        except srt.SRTParseError as err:
            raise LectureError(f"{part.captions}: not valid captions ({err})") from None
        shift = timedelta(seconds=start)
        for line in lines:
            line.start += shift
            line.end += shift
            subtitles.append(line)
        start += part.seconds
    return srt.compose(subtitles)


def lecture_track(parts: list[Part]) -> np.ndarray | None:
    """The lecture's narration: each scene's audio, decoded (the AAC encoder's
    priming dropped) and cut or padded to exactly its video's length, back to
    back; silence for a scene rendered without a voice; None if none has one.

    Joining the scenes' AAC streams as they are would shift every later scene's
    voice by the encoder's 1024-sample priming (21 ms) per boundary: more than
    a frame at 60 fps after the first scene."""
    pieces, voiced = [], False
    for part in parts:
        piece = np.zeros(round(video_seconds(part.movie) * SAMPLE_RATE), np.float32)
        try:
            audio, rate = decode_audio(part.movie)
        except SoundtrackError:  # a silent scene (VOICE=none)
            pieces.append(piece)
            continue
        if rate != SAMPLE_RATE:
            raise LectureError(f"{part.movie}: audio at {rate} Hz, not {SAMPLE_RATE}")
        voiced = True
        n = min(piece.size, audio.size)
        piece[:n] = audio[:n]
        pieces.append(piece)
    return np.concatenate(pieces) if voiced else None


def join_movies(parts: list[Part], out: Path, work: Path) -> None:
    """Concatenate the parts' video streams (copied, not re-encoded) with the
    chapters, and the narration of ``lecture_track`` encoded once as AAC."""
    import imageio_ffmpeg

    track = lecture_track(parts)
    audio_in: list[str] = []
    audio_map: list[str] = []
    if track is not None:
        write_wav(work / "narration.wav", track)
        audio_in = ["-i", arg(work / "narration.wav")]
        audio_map = ["-map", "2:a", "-c:a", "aac", "-b:a", "128k", "-ar", "48000"]
    listing = work / "parts.txt"
    try:
        listing.write_text(concat_list(p.movie for p in parts), encoding="utf-8")
    except HandoffError as err:
        raise LectureError(f"cannot join the scenes: {err}") from None
    meta = work / "chapters.ffmeta"
    meta.write_text(ffmetadata(parts), encoding="utf-8")
    cmd = [
        imageio_ffmpeg.get_ffmpeg_exe(),
        "-hide_banner", "-loglevel", "error",
        "-f", "concat", "-safe", "0", "-i", arg(listing),
        "-i", arg(meta),
        *audio_in,
        "-map", "0:v", "-map_metadata", "1", "-map_chapters", "1",
        "-c:v", "copy", *audio_map, "-movflags", "+faststart",
        "-y", arg(out),
    ]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, errors="replace")
    if done.returncode != 0:
        last = done.stderr.strip().splitlines()[-1:] or ["?"]
        raise LectureError(f"joining the scenes failed: {last[0]}")


def build(scene_dir: Path, out: Path) -> dict[str, Path]:
    parts = collect(scene_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    finals = {
        "movie": out,
        "chapters": out.with_suffix(".chapters.txt"),
        "captions": out.with_suffix(".srt"),
        "web captions": out.with_suffix(".vtt"),
    }
    with tempfile.TemporaryDirectory(prefix=".lecture-", dir=out.parent) as tmp:
        work = Path(tmp)
        made = {
            "movie": work / "lecture.mp4",
            "chapters": work / "chapters.txt",
            "captions": work / "lecture.srt",
            "web captions": work / "lecture.vtt",
        }
        join_movies(parts, made["movie"], work)
        made["chapters"].write_text(chapters_text(parts), encoding="utf-8")
        made["captions"].write_text(joined_captions(parts), encoding="utf-8")
        write_vtt(made["captions"], made["web captions"])
        for key, path in made.items():
            os.replace(path, finals[key])
    return finals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scenes.output.lecture",
        description="Join every scene's video into one lecture with chapters.",
    )
    parser.add_argument(
        "--scenes", type=Path, required=True, help="folder of <Scene>.mp4/.srt"
    )
    parser.add_argument("--out", type=Path, required=True, help="the lecture .mp4")
    args = parser.parse_args(argv)
    try:
        files = build(args.scenes, args.out)
    except LectureError as err:
        print(f"lecture: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        reason = err.strerror or err
        print(f"lecture: cannot write {args.out}: {reason}", file=sys.stderr)
        return 1
    total = duration(files["movie"])
    print(
        f"lecture: {files['movie']} ({total / 60:.1f} min, "
        f"{files['movie'].stat().st_size / 1e6:.0f} MB), {files['chapters'].name}, "
        f"{files['captions'].name}, {files['web captions'].name}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
