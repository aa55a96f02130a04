"""The GIF of a scene: one palette that keeps the theme's colours exact, under
3 MB, opening on the poster frame.

Every frame Manim draws reaches the encoder lossless (scenes/output/render.py
tees them off before H.264); the encoder resizes them to the GIF's size and
spools each new frame to disk once, maps them to one palette, then FFmpeg's GIF
encoder (libavcodec, through PyAV, in this process) writes the GIF and
gifsicle re-packs it. See GifEncoder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

from scenes.kit.handoff import arg
from scenes.kit.raster import hex_to_rgb


class RenderError(Exception):
    """A render that cannot finish (a GIF that cannot be encoded, a missing tool)."""


MAX_GIF_BYTES = 3_000_000  # a GIF for an article page: at most 3 MB
COVER_SECONDS = 2.0  # the poster frame opens the GIF for this long
PALETTE_SIZES = (256, 128, 64, 32)  # tried in turn until the GIF fits


class GifEncoder:
    """Frames in, a looping GIF out: one palette for the whole scene, with the
    theme's colours in it exactly, and the scene's poster frame first.

    Frames are resized to the GIF's size and spooled to a raw file beside the
    GIF (the render's private work folder), each new frame once with how long
    it is held; every sixth GIF frame is sampled. On
    ``close`` the palette is the theme's colours (scenes/kit/style.py), which
    every pixel drawn in them keeps exactly, then colours found in the
    sampled pixels, the poster among them (see ``palette``). Every frame is
    mapped to it in RGB without dithering (flat colours stay flat, and LZW
    compresses their runs; see ``_encode``); FFmpeg's GIF encoder stores only
    each frame's changed rectangle and gifsicle re-packs the result.
    If the GIF is over MAX_GIF_BYTES the palette shrinks (256, 128, 64, 32
    colours) and the frames are mapped again.

    ``cover(rgb)`` sets the first frame (the scene's poster, held
    COVER_SECONDS): what an article's thumbnail and a reader who has turned
    animation off see. ``on_frame`` gets each frame as resized (not the cover).
    """

    SAMPLE_EVERY = 6  # frames: 0.6 s at 10 fps
    SAMPLE_STRIDE = 3  # pixels: every third row and column of a sampled frame
    RAMP_LEVELS = 4  # blends of each kept colour with the background
    ERROR_STRIDE = 7  # every seventh sampled pixel scores a palette
    STRONG_COLOURS = 16  # entries for the poster's own strong colours (128+)

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
        self.keep = list(dict.fromkeys(rgb))  # in order, once; the background first
        self.frames_path = path.with_suffix(".frames.rgb")
        self.frames = open(self.frames_path, "wb")  # noqa: SIM115 (closed in close)
        self.holds: list[int] = []  # GIF frames each spooled frame is shown for
        self.count = 0
        self.samples: list[np.ndarray] = []
        self.cover_frame: np.ndarray | None = None
        self.strong = np.zeros((0, 3), np.uint8)  # see strong_colours

    def _fit(self, rgba: np.ndarray) -> np.ndarray:
        rgba = np.asarray(rgba)
        # RGB copied a channel at a time: one strided copy of rgba[..., :3]
        # is about seven times slower, and it runs on every frame
        rgb = np.empty(rgba.shape[:2] + (3,), np.uint8)
        for c in range(3):
            rgb[..., c] = rgba[..., c]
        if rgb.shape[1::-1] == self.size:
            return rgb
        img = Image.fromarray(rgb).resize(self.size, Image.Resampling.LANCZOS)
        return np.asarray(img)

    def add(self, rgba: np.ndarray, repeat: int = 1) -> None:
        """Append frame ``rgba`` (H x W x 3 or 4 uint8), held for ``repeat``
        GIF frames; a held frame is resized once, not once per frame."""
        rgb = self._fit(rgba)
        if repeat < 1:
            return
        # a held frame is spooled once: most of an explainer's frames are holds
        self.frames.write(rgb.tobytes())
        self.holds.append(repeat)
        for _ in range(repeat):
            if self.on_frame is not None:
                self.on_frame(rgb)
            if self.count % self.SAMPLE_EVERY == 0:
                k = self.SAMPLE_STRIDE
                self.samples.append(rgb[::k, ::k].reshape(-1, 3).copy())
            self.count += 1

    def cover(self, rgba: np.ndarray) -> None:
        """Open the GIF on this frame (held COVER_SECONDS), then play the scene.
        It joins the palette's samples as a sampled frame does."""
        self.cover_frame = self._fit(rgba)
        k = self.SAMPLE_STRIDE
        self.samples.append(self.cover_frame[::k, ::k].reshape(-1, 3).copy())
        self.strong = strong_colours(self.cover_frame.reshape(-1, 3), self.keep)

    def palette(self, colours: int) -> np.ndarray:
        """``colours`` RGB entries: the kept colours first, then colours for
        the sampled pixels (the poster among them). With 128 colours or more,
        STRONG_COLOURS entries go to the poster's own strong colours
        (``strong_colours``), so the small bright shapes that are the point
        of a scene (a green triangle among thumbnails) keep their hue.

        The rest is found two ways, and the palette that shows the sampled
        pixels with less error is used: a median cut (Pillow), which follows
        how many pixels have a colour and suits flat drawings, and an octree
        (Pillow), which spreads its entries over the colours present and
        suits pictures of many colours (PromptToImage's static: 36.9 dB
        instead of 34.0). At 32 colours (a busy scene squeezed under 3 MB) a
        third is tried: the kept colours, RAMP_LEVELS blends of each with the
        background (what the anti-aliased edges of lines, dots and letters
        are made of), and a median cut for what is left. Blends win for
        scenes of lines and dots (PointsFlow: 37.7 dB instead of 35.1), the
        median cut for scenes of images (ReverseDenoising: 37.3 dB).
        """
        ways = ["median", "octree"]
        if colours <= 32 and self.keep:
            ways.append("ramps")
        return min((self._palette(colours, way) for way in ways), key=self._error)

    def _palette(self, colours: int, way: str) -> np.ndarray:
        kept = np.asarray(self.keep, np.uint8).reshape(-1, 3)
        extra = np.zeros((0, 3), np.uint8)
        if way == "ramps":
            bg = kept[0].astype(np.float64)
            steps = np.linspace(0, 1, self.RAMP_LEVELS + 2)[1:-1, None]
            blends = {
                tuple(int(v) for v in np.round(bg + (c - bg) * t))
                for c in kept[1:].astype(np.float64)
                for t in steps
            }
            extra = np.asarray(sorted(blends - set(self.keep)), np.uint8)
        elif colours >= 128 and len(self.strong):
            n = min(self.STRONG_COLOURS, len(self.strong))
            cut = Image.fromarray(self.strong.reshape(1, -1, 3)).quantize(
                colors=n, method=Image.Quantize.MEDIANCUT
            )
            extra = np.asarray(cut.getpalette()[: 3 * n], np.uint8)
        extra = extra.reshape(-1, 3)
        free = colours - len(kept) - len(extra)
        found = np.zeros((0, 3), np.uint8)
        if free > 0:
            pixels = np.concatenate(self.samples).reshape(1, -1, 3)
            method = (
                Image.Quantize.FASTOCTREE
                if way == "octree"
                else Image.Quantize.MEDIANCUT
            )
            cut = Image.fromarray(pixels).quantize(colors=free, method=method)
            found = np.asarray(cut.getpalette()[: 3 * free], np.uint8).reshape(-1, 3)
        return np.concatenate([kept, extra, found])[:colours]

    def _error(self, palette: np.ndarray) -> float:
        """Mean squared error (8-bit RGB units squared, summed over the three
        channels) of every ERROR_STRIDE-th sampled pixel shown in ``palette``,
        mapped as the frames are (``_encode``)."""
        pixels = np.concatenate(self.samples)[:: self.ERROR_STRIDE]
        shown = NearestColour(palette)(pixels)
        diff = shown.astype(np.int32) - pixels
        return float(np.mean(np.square(diff).sum(axis=-1)))

    def _encode(self, colours: int, work: Path) -> None:
        """Map every frame to the palette here, then let FFmpeg's GIF encoder
        (libavcodec, through PyAV) store the frames as they are.

        Each pixel gets the entry nearest in RGB (``NearestColour``), the
        distance PSNR and ``palette`` measure. FFmpeg's own paletteuse
        filter picks by a perceptual distance (OkLab): on PromptToImage's
        static it gave 29.7 dB where the same palette, mapped in RGB, gives
        34.0. Frames reach the encoder already as palette indices (pal8),
        so it has nothing left to choose; it stores each frame's changed
        rectangle (its default ``offsetting`` and ``transdiff`` flags).
        Only the rectangle that changed since the spooled frame before is
        mapped again: most frames change in one small place.
        """
        import av

        entries = self.palette(colours)
        pal = NearestColour(entries)
        argb = np.zeros((256, 4), np.uint8)
        argb[:, 0] = 255  # opaque
        argb[:, 1:] = entries[0]  # unused entries: a kept one
        argb[: len(entries), 1:] = entries
        w, h = self.size
        frame_bytes = w * h * 3
        out = work / "out.gif"
        with av.open(str(out), "w", format="gif") as container:
            stream = container.add_stream("gif", rate=self.fps)
            stream.width, stream.height, stream.pix_fmt = w, h, "pal8"
            pts = 0

            def put(index: np.ndarray, frames: int) -> None:
                nonlocal pts
                for _ in range(frames):
                    frame = av.VideoFrame.from_ndarray((index, argb), format="pal8")
                    frame.pts = pts
                    pts += 1
                    container.mux(stream.encode(frame))

            if self.cover_frame is not None:
                put(
                    pal.index(self.cover_frame), max(1, round(COVER_SECONDS * self.fps))
                )
            with open(self.frames_path, "rb") as src:
                last, index = None, None
                for hold in self.holds:
                    rgb = np.frombuffer(src.read(frame_bytes), np.uint8).reshape(
                        h, w, 3
                    )
                    index = _remap(rgb, last, index, pal)
                    last = rgb
                    put(index, hold)
            container.mux(stream.encode(None))
        os.replace(out, self.path)
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


def _codes(rgb: np.ndarray) -> np.ndarray:
    """Each RGB pixel (..., 3 uint8) as one integer, for fast matching."""
    rgb = rgb.astype(np.uint32)
    return (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]


def _remap(rgb: np.ndarray, last, index, pal) -> np.ndarray:
    """Palette indices (h, w uint8) of frame ``rgb``: those of the frame before
    (``last``, its ``index``) with only the rectangle that changed mapped
    again by ``pal``."""
    if last is None:
        return pal.index(rgb)
    h, w, _ = rgb.shape
    # compared as rows of bytes: reducing over a pixel's 3 channels is ~40x slower
    changed = rgb.reshape(h, w * 3) != last.reshape(h, w * 3)
    rows = np.flatnonzero(changed.any(axis=1))
    if not len(rows):
        return index
    band = changed[rows[0] : rows[-1] + 1].any(axis=0).reshape(w, 3)
    cols = np.flatnonzero(band.any(axis=1))
    box = np.s_[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    index = index.copy()
    index[box] = pal.index(rgb[box])
    return index


class NearestColour:
    """Maps RGB pixels (..., 3 uint8) to the nearest of ``entries`` (n x 3
    uint8, n <= 256) by squared RGB distance, exactly, the first entry
    winning a tie. Pillow's own palette mapping is not exact (a coarse colour
    cache: up to 285 off in squared distance on random colours), nor is
    FFmpeg's (perceptual). Each colour is looked up once and remembered in a
    table of every 24-bit colour (32 MB), so a scene's thousands of frames,
    which share most colours, cost little more than one."""

    def __init__(self, entries: np.ndarray):
        self.entries = np.asarray(entries, np.uint8).reshape(-1, 3)
        self.table = np.full(1 << 24, -1, np.int16)

    def __call__(self, rgb: np.ndarray) -> np.ndarray:
        """The nearest entry's colour for each pixel: (..., 3 uint8)."""
        return np.take(self.entries, self.index(rgb), axis=0)

    def index(self, rgb: np.ndarray) -> np.ndarray:
        """The nearest entry's index for each pixel: (...) uint8."""
        code = _codes(rgb)
        # np.take, not fancy indexing: the same result, three to four times
        # faster on a whole frame (a GIF of 1,000 frames maps each one)
        index = np.take(self.table, code)
        if index.min() < 0:
            new = np.unique(code[index < 0])
            colours = np.stack([new >> 16, (new >> 8) & 255, new & 255], -1)
            pal = self.entries.astype(np.int32)
            for at in range(0, len(new), 16384):
                part = colours[at : at + 16384].astype(np.int32)
                d = np.square(part[:, None, :] - pal[None]).sum(axis=-1)
                self.table[new[at : at + 16384]] = d.argmin(axis=1)
            index = np.take(self.table, code)
        return index.astype(np.uint8)


def optimise_gif(path: Path) -> None:
    """Shrink a GIF losslessly with gifsicle -O2 (same pixels, every frame kept).

    ffmpeg's GIF muxer stores each changed rectangle as it comes; gifsicle
    re-packs them with transparency where pixels did not change, about 13%
    smaller on our point-cloud scenes. -O3 tries more ways per frame: on
    ModeCollapse 0.2% smaller for 1.7 times the time.
    """
    gifsicle = shutil.which("gifsicle")
    if gifsicle is None:
        raise RenderError("gifsicle is missing: run make setup (it installs it)")
    done = subprocess.run(
        [gifsicle, "-O2", "--no-warnings", "--batch", arg(path)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RenderError(f"GIF optimisation failed: {done.stderr.strip() or '?'}")


def theme_colours() -> tuple[str, ...]:
    """The current theme's colours (scenes/kit/style.py), kept exact in GIFs."""
    from dataclasses import fields

    from scenes.kit.style import palette

    theme = palette()
    return tuple(getattr(theme, f.name) for f in fields(theme) if f.name != "name")


def strong_colours(pixels: np.ndarray, keep: list[tuple[int, int, int]]) -> np.ndarray:
    """The distinct saturated colours of ``pixels`` (N x 3 uint8) that are not
    a theme colour or its blend with the background (``keep[0]``): the
    colours of images, each counted once however many pixels show it."""
    rgb = np.unique(pixels, axis=0).astype(np.float64)
    rgb = rgb[rgb.max(axis=1) - rgb.min(axis=1) > 80]  # saturated
    if not keep or not len(rgb):
        return rgb.astype(np.uint8).reshape(-1, 3)
    bg = np.asarray(keep[0], np.float64)
    near = np.full(len(rgb), np.inf)
    for colour in keep[1:]:
        line = np.asarray(colour, np.float64) - bg
        t = np.clip((rgb - bg) @ line / max(line @ line, 1.0), 0, 1)
        near = np.minimum(near, np.linalg.norm(rgb - (bg + t[:, None] * line), axis=1))
    return rgb[near > 24].astype(np.uint8).reshape(-1, 3)
