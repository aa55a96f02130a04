"""Our GIF against Manim's own ``--format gif``, same scene, same size and rate.

Both GIFs come from the same Manim frames at 480p and 12 fps. Ours is encoded
from the lossless frames (palette step, see scenes/render.py); Manim's from its
H.264 partial movies. Each is decoded and compared with the lossless frames:
PSNR over all frames, SSIM on a sample of them.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from scenes.render import Quality, render

# The size and rate both GIFs are made at (our default GIF's size).
GIF_QUALITY = Quality(pixel_height=480, frame_rate=12, gif_height=480, gif_fps=12)
SSIM_FRAMES = 24  # SSIM is slow: evenly spaced frames


@dataclass
class GifFidelity:
    scene: str
    frames: int
    ours_bytes: int
    manim_bytes: int
    bytes_ratio: float  # ours / Manim's
    ours_psnr_db: float
    manim_psnr_db: float
    ours_ssim: float
    manim_ssim: float

    def as_dict(self) -> dict:
        return asdict(self)


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
    err = np.mean(
        [
            np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
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


def manim_gif(name: str, q: Quality, work: Path) -> Path:
    """Manim's own GIF of scene ``name`` (what ``manim --format gif`` makes)."""
    from manim import config, tempconfig

    from scenes.catalog import find_scene

    settings = {
        "media_dir": str(work),
        "pixel_height": q.pixel_height,
        "pixel_width": round(q.pixel_height * 16 / 9 / 2) * 2,
        "frame_rate": q.frame_rate,
        "disable_caching": True,
        "output_file": name,
        "format": "gif",
        "verbosity": "WARNING",
        "progress_bar": "none",
    }
    with tempconfig(settings):
        config.seed = 0
        scene = find_scene(name)()
        scene.render()
        return Path(scene.renderer.file_writer.gif_file_path)


def compare(name: str) -> GifFidelity:
    work = Path(tempfile.mkdtemp(prefix=f"gif-{name}-"))
    try:
        lossless: list[np.ndarray] = []
        ours = render(name, GIF_QUALITY, work / "ours", on_gif_frame=lossless.append)[
            ".gif"
        ]
        theirs = manim_gif(name, GIF_QUALITY, work / "manim")
        fps = GIF_QUALITY.gif_fps
        ours_frames, their_frames = decode_gif(ours, fps), decode_gif(theirs, fps)
        # Both must play every frame for as long as the render showed it.
        for label, frames in (("ours", ours_frames), ("Manim's", their_frames)):
            if len(frames) != len(lossless):
                raise RuntimeError(
                    f"{name}: {label} GIF has {len(frames)} frames, "
                    f"the render made {len(lossless)}"
                )
        return GifFidelity(
            scene=name,
            frames=len(lossless),
            ours_bytes=ours.stat().st_size,
            manim_bytes=theirs.stat().st_size,
            bytes_ratio=ours.stat().st_size / theirs.stat().st_size,
            ours_psnr_db=psnr(lossless, ours_frames),
            manim_psnr_db=psnr(lossless, their_frames),
            ours_ssim=mean_ssim(lossless, ours_frames),
            manim_ssim=mean_ssim(lossless, their_frames),
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
