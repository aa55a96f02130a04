"""Per scene: our GIF against Manim's own GIF, and render speed against a floor.

One Manim render per scene, exactly what ``manim --format gif`` does, at 480p
and 10 fps. Its lossless frames are captured on their way to the encoder; our
GIF encoder (scenes/output/render.py) is fed those same frames. Both GIFs are decoded
and compared with the lossless frames: PSNR over all frames, SSIM on a sample.

The same render is timed. Manim's floor is a minimal scene of the same size and
rate rendered the same way: one full-frame image whose pixels change every
frame (every frame drawn, encoded and muxed, nothing else). Its time is a fixed
start-up cost plus a cost per frame, so the benchmark renders it at three
lengths spanning the scenes' and reads each scene's floor off the straight
line through them (bench/floor.py) rather than rendering it once per scene.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

from scenes.kit.raster import hex_to_rgb
from scenes.output.gif import GifEncoder, theme_colours
from scenes.output.render import Quality, manim_settings

# The size and rate both GIFs are made at (our default GIF's size).
GIF_QUALITY = Quality(pixel_height=480, frame_rate=10, gif_height=480, gif_fps=10)
SSIM_FRAMES = 12  # SSIM is slow (0.16 s a 480p frame): evenly spaced frames


def decode_gif(path: Path, fps: float) -> list[np.ndarray]:
    """The GIF as full RGB frames on a timeline of ``fps`` frames per second.

    Optimisers store a run of identical frames once with a longer delay, so
    frames are laid out by their delays, then sampled at each frame's middle.
    """
    shown, ends, clock = [], [], 0.0
    with Image.open(path) as img:
        for index in range(getattr(img, "n_frames", 1)):
            img.seek(index)
            shown.append(np.asarray(img.convert("RGB")))
            clock += img.info.get("duration", 0) / 1000
            ends.append(clock)
    count = round(clock * fps)
    picks = np.searchsorted(ends, (np.arange(count) + 0.5) / fps, side="right")
    return [shown[min(i, len(shown) - 1)] for i in picks]


def psnr(reference: list[np.ndarray], decoded: list[np.ndarray]) -> float:
    """Peak signal-to-noise ratio (dB) over all frames together."""
    # Squared 8-bit differences are exact in int32, and several times quicker.
    err = np.mean(
        [
            np.mean(np.square(a.astype(np.int32) - b.astype(np.int32)))
            for a, b in zip(reference, decoded, strict=True)
        ]
    )
    return float("inf") if err == 0 else float(10 * np.log10(255.0**2 / err))


def mean_ssim(reference: list[np.ndarray], decoded: list[np.ndarray]) -> float:
    from skimage.metrics import structural_similarity

    picks = np.linspace(0, len(reference) - 1, min(SSIM_FRAMES, len(reference)))
    return float(
        np.mean(
            [
                structural_similarity(
                    reference[i], decoded[i], channel_axis=2, data_range=255
                )
                for i in picks.round().astype(int)
            ]
        )
    )


def theme_colours_changed(reference, decoded, every: int = 10) -> int:
    """Pixels drawn in a theme colour (scenes/kit/style.py) in ``reference``
    that show another colour in ``decoded``, over every ``every``-th frame."""
    changed = 0
    for colour in theme_colours():
        rgb = hex_to_rgb(colour).astype(np.uint8)
        for a, b in zip(reference[::every], decoded[::every], strict=True):
            drawn = (a == rgb).all(axis=-1)
            changed += int((b[drawn] != rgb).any(axis=-1).sum())
    return changed


def manim_gif_render(scene_class, q: Quality, work: Path, frames: list | None):
    """Render like ``manim --format gif``; returns (gif path, seconds).

    ``frames``, if a list, receives every lossless RGB frame Manim produces.
    """
    from manim import config, tempconfig

    settings = manim_settings(scene_class.__name__, q, work, fmt="gif")
    with tempconfig({**settings, "progress_bar": "none"}):
        config.seed = 0
        start = time.perf_counter()
        scene = scene_class()
        if frames is not None:
            writer = scene.renderer.file_writer
            original = writer.write_frame

            def write_frame(pixels, *, repeat: int = 1):
                frames.extend([np.array(pixels[..., :3])] * repeat)
                return original(pixels, repeat=repeat)

            writer.write_frame = write_frame
        scene.render()
        seconds = time.perf_counter() - start
        return Path(scene.renderer.file_writer.gif_file_path), seconds


def floor_scene(seconds: float):
    """A scene of ``seconds`` whose one full-frame image changes every frame."""
    from manim import ImageMobject, Scene, config

    class Floor(Scene):
        def construct(self):
            h, w = config.pixel_height, config.pixel_width
            noise = np.random.default_rng(0).integers(0, 256, (h, w, 3), np.uint8)
            image = ImageMobject(noise).set(height=config.frame_height)
            state = {"frame": 0}

            def change(mob):
                state["frame"] += 1
                mob.pixel_array[..., :3] = np.roll(noise, state["frame"], axis=1)

            image.add_updater(change)
            self.add(image)
            self.wait(seconds)

    return Floor


def floor_render_seconds(frames: int) -> dict:
    """Seconds to render Manim's floor for ``frames`` frames at the GIF's size."""
    work = Path(tempfile.mkdtemp(prefix="bench-floor-"))
    try:
        seconds = frames / GIF_QUALITY.frame_rate
        _, taken = manim_gif_render(floor_scene(seconds), GIF_QUALITY, work, None)
        return {"frames": frames, "seconds": round(taken, 2)}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure_scene(name: str) -> dict:
    """Every figure of one scene (run in its own process by the benchmark)."""
    from scenes.output.catalog import find_scene

    q = GIF_QUALITY
    work = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
    try:
        lossless: list[np.ndarray] = []
        theirs, seconds = manim_gif_render(find_scene(name), q, work / "m", lossless)
        ours = work / f"{name}.gif"
        start = time.perf_counter()
        height, width = lossless[0].shape[:2]
        encoder = GifEncoder(
            ours, width, height, q.gif_fps, keep_colours=theme_colours()
        )
        for frame in lossless:
            encoder.add(frame)
        encoder.close()
        encode_seconds = time.perf_counter() - start
        ours_frames = decode_gif(ours, q.gif_fps)
        their_frames = decode_gif(theirs, q.gif_fps)
        # Both must play every frame for as long as the render showed it.
        for label, frames in (("ours", ours_frames), ("Manim's", their_frames)):
            if len(frames) != len(lossless):
                raise RuntimeError(
                    f"{name}: {label} GIF plays {len(frames)} frames, "
                    f"the render made {len(lossless)}"
                )
        ours_bytes, manim_bytes = ours.stat().st_size, theirs.stat().st_size
        with Image.open(ours) as gif:
            colours = len(gif.getpalette() or []) // 3
        return {
            "scene": name,
            "frames": len(lossless),
            "render_seconds": round(seconds, 2),
            "our_gif_encode_seconds": round(encode_seconds, 2),
            "ours_bytes": ours_bytes,
            "manim_bytes": manim_bytes,
            "bytes_ratio": round(ours_bytes / manim_bytes, 3),
            "ours_psnr_db": round(psnr(lossless, ours_frames), 2),
            "manim_psnr_db": round(psnr(lossless, their_frames), 2),
            "ours_ssim": round(mean_ssim(lossless, ours_frames), 4),
            "ours_colours": colours,
            "theme_colour_errors": theme_colours_changed(lossless, ours_frames),
            "manim_ssim": round(mean_ssim(lossless, their_frames), 4),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
