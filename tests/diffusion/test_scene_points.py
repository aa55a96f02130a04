"""PointsFlow renders, and its frames show points where the trace says they are.

Manim's own ``frames_comparison`` helper skips itself on cairo < 1.18 (this
machine has 1.16), so frames are checked here by reading pixels.
"""

from __future__ import annotations

import subprocess

import av
import numpy as np
import pytest
from PIL import Image

from scenes.diffusion.points import PointsFlow
from scenes.kit import style
from scenes.kit.raster import hex_to_rgb
from tests.support.rendering import FRAME_H, FRAME_W, render_for_test, scene_to_pixel


class QuickPointsFlow(PointsFlow):
    """The same shot with shorter phases, to keep the test fast."""

    forward_seconds = 1.5
    reverse_seconds = 1.5


@pytest.fixture(scope="module")
def rendered(points_trace_path, tmp_path_factory):
    result = render_for_test(
        QuickPointsFlow, points_trace_path, tmp_path_factory.mktemp("renders")
    )
    return result.out, result.files, result.frames


def data_to_scene(points: np.ndarray, extent: float) -> np.ndarray:
    side = QuickPointsFlow.plot_side - 0.1  # the cloud image's side in scene units
    centre = np.asarray(QuickPointsFlow.plot_center[:2])
    return centre + points / (2 * extent) * side


def test_render_writes_the_four_files_and_nothing_else(rendered):
    out, files, _ = rendered
    assert sorted(files) == [".gif", ".mp4", ".png", ".srt", ".vtt"]
    assert sorted(p.name for p in out.iterdir()) == [
        "PointsFlow.gif",
        "PointsFlow.mp4",
        "PointsFlow.png",
        "PointsFlow.srt",
        "PointsFlow.vtt",
    ]


def test_mp4_is_h264_yuv420p_and_plays_for_the_whole_scene(rendered):
    out, _, _ = rendered
    with av.open(str(out / "PointsFlow.mp4")) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert stream.codec_context.pix_fmt == "yuv420p"
        assert (stream.width, stream.height) == (FRAME_W, FRAME_H)
        frames = sum(1 for _ in container.decode(video=0))
    assert frames > 10 * (
        QuickPointsFlow.forward_seconds + QuickPointsFlow.reverse_seconds
    )


def test_gif_loops_forever_and_lasts_as_long_as_the_video(rendered):
    out, _, _ = rendered
    with Image.open(out / "PointsFlow.gif") as gif:
        assert gif.info.get("loop") == 0
        assert gif.size == (256, 144)
        durations = []
        for i in range(gif.n_frames):
            gif.seek(i)
            durations.append(gif.info["duration"])
    with av.open(str(out / "PointsFlow.mp4")) as container:
        stream = container.streams.video[0]
        video_seconds = float(stream.duration * stream.time_base)
    assert sum(durations) / 1000 == pytest.approx(video_seconds, rel=0.1)


def test_captions_are_timed_narration(rendered):
    out, _, _ = rendered
    srt = (out / "PointsFlow.srt").read_text()
    assert "A diffusion model learns by watching data get destroyed." in srt
    assert "00:00:00,000 -->" not in srt.splitlines()[1], "first caption starts after 0"
    assert srt.count("-->") == 11  # long lines are cut into one-line captions
    # the replay of the noising is said not to be the model before it runs
    assert srt.index("Not the model yet") < srt.index("To generate")


def test_poster_shows_generated_points_where_the_trace_puts_them(
    rendered, points_trace
):
    out, _, _ = rendered
    poster = np.asarray(Image.open(out / "PointsFlow.png").convert("RGB")).astype(float)
    assert poster.shape == (FRAME_H, FRAME_W, 3)
    pal = style.palette()
    extent = float(points_trace.extents["x"][1])
    samples = points_trace["reverse"][
        -1
    ]  # the poster is the end of the reverse process
    px = np.rint(scene_to_pixel(data_to_scene(samples, extent)) - 0.5).astype(int)

    def near_colour(colour: str, where: np.ndarray, tol=60.0) -> np.ndarray:
        # Best match in a 3x3 neighbourhood: a dot may straddle a pixel edge.
        target = hex_to_rgb(colour)
        best = np.full(len(where), np.inf)
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                rows = np.clip(where[:, 1] + dr, 0, FRAME_H - 1)
                cols = np.clip(where[:, 0] + dc, 0, FRAME_W - 1)
                best = np.minimum(best, np.abs(poster[rows, cols] - target).sum(1))
        return best < tol

    hit = near_colour(pal.sample, px).mean()
    assert hit > 0.9, (
        f"only {hit:.0%} of generated points are drawn where the trace says"
    )

    # Pixels of the plot far from every point must be background, not dots.
    grid = np.stack(
        np.meshgrid(np.linspace(-3.6, 3.6, 40), np.linspace(-3.6, 3.6, 40)), -1
    ).reshape(-1, 2)
    far = np.min(np.linalg.norm(grid[:, None] - samples[None], axis=-1), axis=1) > 0.6
    empty = np.rint(scene_to_pixel(data_to_scene(grid[far], extent)) - 0.5).astype(int)
    bg = hex_to_rgb(pal.background)
    background = (np.abs(poster[empty[:, 1], empty[:, 0]] - bg).sum(1) < 30).mean()
    assert far.sum() > 100 and background > 0.97


def test_forward_frames_show_the_data_dissolving(rendered, points_trace):
    """Drawn points start on the data, then lie far from it: noise is visible."""
    _, _, frames = rendered
    pal = style.palette()
    extent = float(points_trace.extents["x"][1])
    data = points_trace["data"]
    target = hex_to_rgb(pal.data)
    side_px = (QuickPointsFlow.plot_side - 0.1) / 8.0 * FRAME_H
    centre_px = scene_to_pixel(np.asarray(QuickPointsFlow.plot_center[:2])[None])[0]

    def share_off_data(frame) -> float | None:
        rows, cols = np.nonzero(np.abs(frame.astype(float) - target).sum(-1) < 60)
        if len(rows) < 30:
            return None
        # pixels -> data units, then the distance to the nearest real point
        xy = np.stack([cols + 0.5 - centre_px[0], centre_px[1] - rows - 0.5], 1)
        xy = xy / side_px * 2 * extent
        nearest = np.min(np.linalg.norm(xy[:, None] - data[None], axis=-1), axis=1)
        return float((nearest > 0.5).mean())

    shares = [s for s in map(share_off_data, frames) if s is not None]
    assert shares[0] < 0.05, "the scene opens on the real data"
    assert max(shares) > 0.3, "then noise carries the points off the data"


def test_engine_check_accepts_the_trace_the_scene_drew(points_trace_path):
    out = subprocess.run(
        ["python", "-m", "engine", "check", str(points_trace_path)],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr
