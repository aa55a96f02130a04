"""The audio track of a video: voice clips at their captions and the sounds a
scene plays at their starts, muxed as AAC.

Manim's own ``add_sound`` ends the audio where the last clip ends and leaves
the sample rate to pydub; a lecture joined from many scenes needs every
scene's audio exactly as long as its picture, so each scene's track is built
here: silence of the video's exact length (a whole number of samples at
48 kHz for every frame rate we use), each clip added at its caption's start,
encoded AAC-LC at 48 kHz by PyAV (FFmpeg's native encoder) and muxed beside the
unchanged H.264 stream. Loudness is that of the clips (-16 LUFS each,
scenes/kit/voice.py) and sounds (-20 LUFS each, scenes/kit/sounds.py), which
never overlap: a scene plays a sound only once the voice has finished its
line. ``loudness`` measures the finished file.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np

from scenes.kit.handoff import arg
from scenes.kit.voice import SAMPLE_RATE, read_wav, write_wav

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


def mix(clips: list[tuple[float, Path | np.ndarray]], seconds: float) -> np.ndarray:
    """Mono float32 track of ``seconds`` at SAMPLE_RATE with each (start s,
    clip) added at its start; a clip is a WAV at SAMPLE_RATE (a voice clip) or
    float samples at SAMPLE_RATE (a levelled sound, scenes/kit/sounds.py).
    SoundtrackError if a clip runs past the end."""
    track = np.zeros(round(seconds * SAMPLE_RATE), dtype=np.float32)
    for start, clip in clips:
        audio = clip if isinstance(clip, np.ndarray) else read_wav(clip)
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
            # No temporal noise shaping: with it, FFmpeg's native encoder
            # overshot by up to 3.9 dB where a voice starts in the stream's
            # first second (NoteFromStatic: +1.9 dBFS decoded from a track
            # peaking at -1.65; -1.8 without it, the same 128 kbit/s)
            audio_out = target.add_stream("aac", rate=SAMPLE_RATE, layout="mono",
                                          options={"aac_tns": "0"})
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


def add_narration(
    movie: Path, clips: list[tuple[float, Path | np.ndarray]]
) -> np.ndarray:
    """Give ``movie`` (in place, atomically) the track of ``clips`` (voice
    clips and sounds, see ``mix``); returns it (mono float32 at SAMPLE_RATE)."""
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


def loudness(movie: Path, spans: list[tuple[float, float]] | None = None) -> dict:
    """Integrated loudness (LUFS, BS.1770-4 by pyloudnorm), sample peak (dBFS),
    sample rate and codec of ``movie``'s audio, and both streams' lengths (s).

    ``spans`` ((start s, end s), ...): the loudness is measured over those
    stretches only, joined (e.g. where the voice speaks, leaving out the
    sounds a scene plays between its lines); the peak is the whole track's."""
    import av
    import pyloudnorm

    audio, rate = decode_audio(movie)
    measured = audio
    if spans is not None:
        parts = [audio[round(a * rate) : round(b * rate)] for a, b in spans]
        measured = np.concatenate(parts) if parts else audio[:0]
    with av.open(arg(movie)) as container:
        a = container.streams.audio[0]
        audio_s = float(a.duration * a.time_base) if a.duration else audio.size / rate
        codec = a.codec_context.name
    peak = float(np.max(np.abs(audio))) if audio.size else 0.0
    return {
        "lufs": float(pyloudnorm.Meter(rate).integrated_loudness(measured)),
        "peak_dbfs": 20 * np.log10(peak) if peak > 0 else float("-inf"),
        "rate": rate,
        "codec": codec,
        "audio_seconds": audio_s,
        "video_seconds": video_seconds(movie),
    }


def sound_file(scene: str, number: int, name: str) -> str:
    """The file name of a scene's ``number``-th sound (from 1):
    ``<Scene>-<nn>-<name>.wav``, nn two digits or more."""
    return f"{scene}-{number:02d}-{name}.wav"


def is_sound_of(scene: str, file_name: str) -> bool:
    """Whether ``file_name`` is one of ``scene``'s sound files (not another
    scene's whose name starts the same)."""
    pattern = rf"{re.escape(scene)}-\d{{2,}}-[A-Za-z0-9_-]+\.wav"
    return re.fullmatch(pattern, file_name) is not None


def write_sounds(scene: str, sounds: list, folder: Path) -> list[Path]:
    """Write each (start s, Sound) of ``scene`` (scenes/kit/sounds.py) as a
    16-bit mono WAV at the sound's own rate, as the scene gave it, into
    ``folder`` (the render's work folder); returns the paths, in order."""
    written = []
    for number, (_, sound) in enumerate(sounds, start=1):
        path = folder / sound_file(scene, number, sound.name)
        write_wav(path, sound.samples, sound.rate)
        written.append(path)
    return written


def replace_sounds(scene: str, new: list[Path], folder: Path) -> list[Path]:
    """Move ``new`` (whole WAVs in the work folder) into ``folder`` by renames,
    then delete ``scene``'s other WAVs there, left by an earlier render: the
    folder ends with exactly this render's sounds of the scene. Returns the
    final paths."""
    final = []
    if new:
        folder.mkdir(parents=True, exist_ok=True)
    for path in new:
        final.append(folder / path.name)
        os.replace(path, final[-1])
    if folder.is_dir():
        keep = {p.name for p in final}
        for old in folder.iterdir():
            if is_sound_of(scene, old.name) and old.name not in keep:
                old.unlink(missing_ok=True)
    return final
