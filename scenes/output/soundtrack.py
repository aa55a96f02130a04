"""The narration track of a video: clips placed at their captions, muxed as AAC.

Manim's own ``add_sound`` ends the audio where the last clip ends and leaves
the sample rate to pydub; a lecture joined from many scenes needs every
scene's audio exactly as long as its picture, so each scene's track is built
here: silence of the video's exact length (a whole number of samples at
48 kHz for every frame rate we use), each clip added at its caption's start,
encoded AAC-LC at 48 kHz by PyAV (FFmpeg's native encoder) and muxed beside the
unchanged H.264 stream. Loudness is that of the clips (-16 LUFS each,
scenes/kit/voice.py); ``loudness`` measures the finished file.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from scenes.kit.handoff import arg
from scenes.kit.voice import SAMPLE_RATE, read_wav

AAC_BITRATE = 128_000  # bit/s, mono speech: transparent at this rate


class SoundtrackError(Exception):
    """A clip that does not fit the video, or a file PyAV cannot read."""


def video_seconds(movie: Path) -> float:
    """Length of the first video stream of ``movie`` in seconds (frames / fps)."""
    import av

    with av.open(arg(movie)) as container:
        stream = container.streams.video[0]
        frames = stream.frames or sum(
            1 for p in container.demux(stream) if p.dts is not None
        )
        return frames / float(stream.average_rate)


def mix(clips: list[tuple[float, Path]], seconds: float) -> np.ndarray:
    """Mono float32 track of ``seconds`` at SAMPLE_RATE with each (start s,
    WAV) clip added at its start. SoundtrackError if a clip runs past the end."""
    track = np.zeros(round(seconds * SAMPLE_RATE), dtype=np.float32)
    for start, path in clips:
        audio = read_wav(path)
        at = round(start * SAMPLE_RATE)
        if at < 0 or at + audio.size > track.size:
            raise SoundtrackError(
                f"the clip at {start:.2f} s ({audio.size / SAMPLE_RATE:.2f} s) runs "
                f"past the video's end at {seconds:.2f} s"
            )
        track[at : at + audio.size] += audio
    return track


def mux(movie: Path, track: np.ndarray, out: Path) -> None:
    """Write ``out``: ``movie``'s video stream copied, ``track`` (mono float32
    at SAMPLE_RATE) encoded AAC. ``out`` is written whole, then renamed."""
    import av

    tmp = out.with_name(f".{out.stem}-mux{out.suffix}")
    try:
        with av.open(arg(movie)) as source, av.open(arg(tmp), "w") as target:
            video_in = source.streams.video[0]
            video_out = target.add_stream_from_template(template=video_in)
            audio_out = target.add_stream("aac", rate=SAMPLE_RATE, layout="mono")
            audio_out.bit_rate = AAC_BITRATE
            for packet in source.demux(video_in):
                if packet.dts is None:
                    continue
                packet.stream = video_out
                target.mux(packet)
            step = 1024  # AAC's frame: the encoder takes any size, this is natural
            for at in range(0, track.size, step):
                chunk = track[at : at + step].reshape(1, -1)
                frame = av.AudioFrame.from_ndarray(chunk, format="flt", layout="mono")
                frame.sample_rate = SAMPLE_RATE
                frame.pts = at
                for packet in audio_out.encode(frame):
                    target.mux(packet)
            for packet in audio_out.encode(None):
                target.mux(packet)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def add_narration(movie: Path, clips: list[tuple[float, Path]]) -> np.ndarray:
    """Give ``movie`` (in place, atomically) the narration track of ``clips``;
    returns the track (mono float32 at SAMPLE_RATE)."""
    track = mix(clips, video_seconds(movie))
    mux(movie, track, movie)
    return track


def narrate_sections(section_dir: Path, name: str, track: np.ndarray) -> None:
    """Give each of Manim's section videos (listed in ``<name>.json``, in
    order, back to back) its own slice of the scene's narration ``track``."""
    import json

    at = 0
    index = (section_dir / f"{name}.json").read_text(encoding="utf-8")
    for section in json.loads(index):
        video = section_dir / section["video"]
        n = round(video_seconds(video) * SAMPLE_RATE)
        mux(video, track[at : at + n], video)
        at += n


def decode_audio(movie: Path) -> tuple[np.ndarray, int]:
    """The first audio stream of ``movie`` as mono float64 and its sample rate;
    SoundtrackError if there is none."""
    import av

    with av.open(arg(movie)) as container:
        if not container.streams.audio:
            raise SoundtrackError(f"{movie.name} has no audio track")
        stream = container.streams.audio[0]
        parts = [
            f.to_ndarray().reshape(-1, f.samples).mean(axis=0)
            if f.format.is_planar
            else f.to_ndarray().reshape(f.samples, -1).mean(axis=1)
            for f in container.decode(stream)
        ]
        return np.concatenate(parts).astype(np.float64), stream.rate


def loudness(movie: Path) -> dict:
    """Integrated loudness (LUFS, BS.1770-4 by pyloudnorm), sample peak (dBFS),
    sample rate and codec of ``movie``'s audio, and both streams' lengths (s)."""
    import av
    import pyloudnorm

    audio, rate = decode_audio(movie)
    with av.open(arg(movie)) as container:
        a = container.streams.audio[0]
        audio_s = float(a.duration * a.time_base) if a.duration else audio.size / rate
        codec = a.codec_context.name
    peak = float(np.max(np.abs(audio))) if audio.size else 0.0
    return {
        "lufs": float(pyloudnorm.Meter(rate).integrated_loudness(audio)),
        "peak_dbfs": 20 * np.log10(peak) if peak > 0 else float("-inf"),
        "rate": rate,
        "codec": codec,
        "audio_seconds": audio_s,
        "video_seconds": video_seconds(movie),
    }
