"""What users take away: looping GIFs, sections, themes kept apart, the lecture."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import timedelta
from pathlib import Path

import av
import numpy as np
import pytest
import srt
from PIL import Image

from bench.gif_fidelity import decode_gif, psnr
from scenes.diffusion.digits import GuidanceScale
from scenes.kit import style
from scenes.kit.raster import hex_to_rgb
from scenes.output import lecture
from scenes.output.gif import COVER_SECONDS, theme_colours
from scenes.output.render import RENDERS_DIR, default_out_dir
from tests.support import shared
from tests.support.rendering import TINY, render_for_test, two_part_lecture

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def guidance(digits_trace_path, tmp_path_factory):
    return render_for_test(
        GuidanceScale,
        digits_trace_path,
        tmp_path_factory.mktemp("guidance"),
        sections=True,
    )


def gif_size_frames(guidance, decoded):
    """The lossless frames, resized to the GIF's size as the encoder does."""
    size = decoded[0].shape[1::-1]
    return [
        np.asarray(Image.fromarray(f).resize(size, Image.LANCZOS))
        for f in guidance.frames
    ]


def test_gif_opens_on_the_poster_then_loops_every_frame_on_time_near_lossless(
    guidance,
):
    gif = guidance.files[".gif"]
    with Image.open(gif) as img:
        assert img.info.get("loop") == 0  # 0 = forever
    decoded = decode_gif(gif, TINY.gif_fps)
    cover = round(COVER_SECONDS * TINY.gif_fps)
    frames = gif_size_frames(guidance, decoded)
    # the poster frame first, held, then every frame on the timeline: none
    # lost or late
    assert len(decoded) == cover + len(frames)
    poster = Image.open(guidance.files[".png"]).convert("RGB")
    poster = np.asarray(poster.resize(decoded[0].shape[1::-1], Image.LANCZOS))
    assert psnr([poster] * cover, decoded[:cover]) > 35
    assert psnr(frames, decoded[cover:]) > 35


def test_gif_keeps_the_theme_colours_exactly_where_they_are_drawn(guidance):
    decoded = decode_gif(guidance.files[".gif"], TINY.gif_fps)
    cover = round(COVER_SECONDS * TINY.gif_fps)
    frames = gif_size_frames(guidance, decoded)
    checked = 0
    for colour in theme_colours():
        rgb = np.array(hex_to_rgb(colour))
        for i in range(0, len(frames), 5):
            drawn = (frames[i] == rgb).all(axis=-1)
            checked += int(drawn.sum())
            shown = decoded[cover + i][drawn]
            assert (shown == rgb).all(), f"{colour} changed in frame {i}"
    assert checked > 10_000  # the background alone: the check saw pixels


def test_every_narrated_step_is_a_section_with_its_own_video(guidance):
    section_dir = guidance.files["sections"]
    index = json.loads((section_dir / "GuidanceScale.json").read_text())
    captions = list(srt.parse(guidance.files[".srt"].read_text()))
    named = [s for s in index if s["name"] != "autocreated"]
    # one section per narrated line, named by its first caption, in order (a
    # line cut into several captions is one step)
    assert 3 <= len(named) <= len(captions)
    texts = iter(c.content[:20] for c in captions)
    for section in named:
        assert any(text in section["name"] for text in texts), section["name"]
        video = section_dir / section["video"]
        with av.open(str(video)) as c:
            assert c.duration > 0


def test_light_theme_renders_apart_on_a_light_background(
    digits_trace_path, tmp_path, monkeypatch
):
    monkeypatch.setenv("THEME", "light")
    assert default_out_dir() == RENDERS_DIR / "light"
    done = render_for_test(GuidanceScale, digits_trace_path, tmp_path)
    corner = np.asarray(Image.open(done.files[".png"]).convert("RGB"))[2, 2]
    assert tuple(corner) == tuple(hex_to_rgb(style.LIGHT.background))
    monkeypatch.setenv("THEME", "dark")
    assert default_out_dir() == RENDERS_DIR


def make_dry_run(*args: str) -> subprocess.CompletedProcess:
    """``make -n ARGS`` in the checkout, as a user's shell would run it.

    Even -n writes the theme's voice stamp (renders/light/.voice): not while
    test_own_data.py checks that a refused make adds nothing under renders/."""
    with shared.taking_turns("checkout-renders"):
        return subprocess.run(
            ["make", "-n", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={"PATH": "/usr/bin:/bin", "MAKEFLAGS": ""},
        )


def test_make_keeps_light_renders_apart_and_refuses_unknown_themes():
    plan = make_dry_run("THEME=light", "renders/light/PointsFlow.mp4")
    assert "scenes.output.render PointsFlow --quality article --out renders/light" in (
        plan.stdout
    )
    bad = make_dry_run("THEME=blue")
    assert bad.returncode != 0
    assert "THEME must be dark or light, not 'blue'" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def test_voice_none_makes_a_silent_video_and_make_refuses_unknown_voices(guidance):
    with av.open(str(guidance.files[".mp4"])) as c:  # the tests render VOICE=none
        assert not c.streams.audio
    assert guidance.scene.voice_clips == []
    bad = make_dry_run("VOICE=robot")
    assert bad.returncode != 0
    assert "VOICE must be heart or none, not 'robot'" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def test_no_scene_module_hard_codes_a_colour():
    for path in (ROOT / "scenes").rglob("*.py"):
        if path.name == "style.py":
            continue
        text = path.read_text()
        assert not re.search(r"#[0-9A-Fa-f]{6}\b", text), path


@pytest.fixture
def two_scene_lecture(guidance, monkeypatch, tmp_path):
    """A lecture of two parts, both real renders, named as two catalog scenes."""
    return two_part_lecture(guidance.files, tmp_path / "scenes", monkeypatch)


def test_lecture_joins_scenes_with_chapters_and_shifted_captions(
    two_scene_lecture, guidance, tmp_path
):
    out = tmp_path / "out" / "lecture.mp4"
    assert lecture.main(["--scenes", str(two_scene_lecture), "--out", str(out)]) == 0
    one = lecture.duration(guidance.files[".mp4"])
    assert lecture.duration(out) == pytest.approx(2 * one, abs=0.1)
    with av.open(str(out)) as c:
        chapters = c.chapters()
    assert [ch["metadata"]["title"] for ch in chapters] == [
        "Diffusion models: GuidanceScale",
        "Diffusion models: StepsVsSpeed",
    ]
    second = chapters[1]
    assert float(second["start"] * second["time_base"]) == pytest.approx(one, abs=0.01)
    listed = out.with_suffix(".chapters.txt").read_text().splitlines()
    assert listed[0].startswith("00:00:00 Diffusion models: GuidanceScale.")
    m, sec = divmod(int(one), 60)
    assert listed[1].startswith(f"00:{m:02d}:{sec:02d} Diffusion models: StepsVsSpeed.")
    own = list(srt.parse(guidance.files[".srt"].read_text()))
    joined = list(srt.parse(out.with_suffix(".srt").read_text()))
    assert len(joined) == 2 * len(own)
    shifted = joined[len(own)]
    assert shifted.content == own[0].content
    assert shifted.start - own[0].start == pytest.approx(
        timedelta(seconds=one), abs=timedelta(milliseconds=2)
    )
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]


def test_lecture_names_a_missing_scene_in_one_line(two_scene_lecture, tmp_path, capsys):
    (two_scene_lecture / "StepsVsSpeed.srt").unlink()
    out = tmp_path / "out" / "lecture.mp4"
    assert lecture.main(["--scenes", str(two_scene_lecture), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    missing = two_scene_lecture / "StepsVsSpeed.srt"
    assert err == f"lecture: {missing} is missing: run make lecture"
    assert not out.exists()


def test_the_posters_own_strong_colours_get_palette_entries_theme_blends_do_not():
    from scenes.output.gif import strong_colours

    keep = [tuple(int(v) for v in hex_to_rgb(c)) for c in theme_colours()]
    bg, data = np.array(keep[0]), np.array(hex_to_rgb(style.DARK.data))
    blend = np.round(bg + (data - bg) * 0.5).astype(np.uint8)  # an edge of a line
    green = np.array([44, 172, 63], np.uint8)  # a thumbnail's triangle
    pixels = np.array([keep[0], keep[1], blend, green, green], np.uint8)
    assert strong_colours(pixels, keep).tolist() == [green.tolist()]


def test_gif_pixels_are_their_palettes_nearest_colour_in_rgb(tmp_path):
    """Static of many colours beside flat theme colours: each GIF pixel is the
    palette entry nearest the frame's pixel in RGB (what PSNR measures), the
    theme colours exact. (FFmpeg's own mapping is perceptual: more error.)"""
    from scenes.output.gif import GifEncoder

    rng = np.random.default_rng(0)
    keep = [tuple(int(v) for v in hex_to_rgb(c)) for c in theme_colours()]
    frames = []
    for _ in range(6):
        f = np.zeros((96, 160, 3), np.uint8)
        f[:] = keep[0]
        f[:, 120:] = keep[1]
        cells = rng.integers(0, 256, (24, 24, 3), dtype=np.uint8)  # static
        f[:96, :96] = np.repeat(np.repeat(cells, 4, 0), 4, 1)
        frames.append(f)
    out = tmp_path / "static.gif"
    enc = GifEncoder(out, 160, 96, 12, keep_colours=theme_colours())
    for f in frames:
        enc.add(f)
    enc.close()
    decoded = decode_gif(out, 12)
    entries = np.unique(np.concatenate([d.reshape(-1, 3) for d in decoded]), axis=0)
    for f, d in zip(frames, decoded, strict=True):
        px = f.reshape(-1, 3).astype(np.int64)
        dist = ((px[:, None, :] - entries[None].astype(np.int64)) ** 2).sum(-1)
        got = ((px - d.reshape(-1, 3).astype(np.int64)) ** 2).sum(-1)
        # ties aside, no colour the GIF shows anywhere is nearer than the one shown
        assert np.all(got <= dist.min(axis=1))
        assert np.array_equal(d[:, 120:], f[:, 120:])  # a theme colour, exact
    assert len(entries) <= 256
    assert psnr(frames, decoded) > 25.0  # 3,456 colours of static in 256


def test_only_a_make_that_can_render_rewrites_the_voice_stamp(tmp_path):
    """The stamp that re-renders every scene when the voice changes is written
    by a make that may render, into the folder it renders to: not by a dry run
    (-n, -q), not by a refused make, and a render of one's own prompt keeps
    its own (the test suite's silent makes left the default renders stale)."""
    import shutil

    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copytree(ROOT / "mk", tmp_path / "mk")
    env = {"PATH": "/usr/bin:/bin", "MAKEFLAGS": ""}

    def make(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["make", "--no-print-directory", *args], cwd=tmp_path,
                              capture_output=True, text=True, env=env, timeout=60)

    def stamp(folder: str = "renders") -> str | None:
        path = tmp_path / folder / ".voice"
        return path.read_text().strip() if path.exists() else None

    assert make("VOICE=heart", "help").returncode == 0
    assert stamp() == "heart"
    make("-n", "VOICE=none")
    make("-q", "VOICE=none")
    assert stamp() == "heart"  # dry runs leave it
    refused = make("VOICE=none", "scene", "S=Nope")
    assert refused.returncode != 0 and stamp() == "heart"
    # parsed only (help renders nothing): the stamp is written as for a render
    make("VOICE=none", "help", "S=PointsFlow", "TRACE=mine.npz")
    assert stamp() == "heart" and stamp("renders/custom") == "none"
    assert make("VOICE=none", "help").returncode == 0
    assert stamp() == "none"  # a make that may render: the voice changed
