"""The narration of the default renders: how fast the voice is, how loud the
videos are, and whether any caption leaves before its voice has finished.

Reads the MP4s and .srt files the cold ``make`` wrote; the clips are the ones
that ``make`` cached (renders/cache/voice/ of the same tree).
"""

from __future__ import annotations

import time
from pathlib import Path

from scenes.kit import pacing, voice
from scenes.kit.spoken import speakable
from scenes.output.soundtrack import SoundtrackError, is_sound_of, loudness

RTF_LINES = 12  # captions synthesised afresh to time the voice


def figures(renders: Path, names: list[str]) -> dict:
    """{"voice", "rtf", "rtf_audio_seconds", "scenes": {name: {"lufs",
    "peak_dbfs", "audio_seconds", "video_seconds"}}, "silent", "cut_off",
    "audio_past_video"} over every scene in ``names`` under ``renders``.

    ``rtf`` is synthesis seconds / audio seconds on one thread (below 1 is
    faster than real time); ``cut_off`` counts cues that leave the screen
    before their clip ends. ``lufs`` is the narration's: in a scene that
    plays sounds, measured only where the voice speaks."""
    voice.CACHE_DIR = renders / "cache" / "voice"
    name = voice.voice_name()
    per_scene, silent, cut_off, past, lines = {}, [], 0, 0, []
    for scene in names:
        srt = (renders / f"{scene}.srt").read_text(encoding="utf-8")
        try:
            m = loudness(renders / f"{scene}.mp4")
        except SoundtrackError:
            silent.append(scene)
            continue
        spans = []  # (start, end) s where the voice speaks
        for start, end, text in pacing.cues(srt):
            lines.append(speakable(text))
            clip = voice.clip(lines[-1], name) if name != "none" else None
            if clip is not None:
                spans.append((start, start + clip.seconds))
                cut_off += end - start + 0.002 < clip.seconds
        # A scene that plays sounds (renders/sounds/<Scene>-*.wav) has them on
        # its track between the lines: the narration is measured where the
        # voice speaks, and a track of sounds alone is not a voice.
        sounds = renders / "sounds"
        if sounds.is_dir() and any(
            is_sound_of(scene, p.name) for p in sounds.iterdir()
        ):
            if not spans:
                silent.append(scene)
                continue
            m = loudness(renders / f"{scene}.mp4", spans)
        per_scene[scene] = {
            k: round(float(v), 3)
            for k, v in m.items()
            if k in ("lufs", "peak_dbfs", "audio_seconds", "video_seconds")
        }
        past += m["audio_seconds"] > m["video_seconds"] + 0.001
    result = {
        "voice": name,
        "scenes": per_scene,
        "silent": silent,
        "cut_off": cut_off,
        "audio_past_video": past,
    }
    if name != "none" and lines:
        voice.synthesize("Warming up.", name)  # the model loads once, not timed
        picked = lines[:: max(1, len(lines) // RTF_LINES)][:RTF_LINES]
        start = time.perf_counter()
        audio = sum(voice.synthesize(t, name).size for t in picked)
        taken = time.perf_counter() - start
        from hibari import SAMPLE_RATE as VOICE_RATE

        result["rtf"] = round(taken / (audio / VOICE_RATE), 3)
        result["rtf_audio_seconds"] = round(audio / VOICE_RATE, 1)
    return result
