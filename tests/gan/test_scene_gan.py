"""The GAN scenes render, and their frames show what the traces hold.

Rendered tiny (216p, 10 fps) from the small real traces the engine tests
record, with shorter timings; pixels are read from the lossless frames.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from scenes.gan.draw import digit_grid, heat_rgba
from scenes.gan.forger import DigitForger, ForgerVsInspector, ModeCollapse
from scenes.kit import style
from scenes.kit.raster import hex_to_rgb
from tests.gan.test_gan_digits import small_digits_trace_path
from tests.gan.test_gan_points import small_points_trace_path
from tests.support.rendering import (
    FRAME_H,
    FRAME_W,
    TINY,
    crop,
    render_for_test,
    scene_to_pixel,
)


class QuickForger(ForgerVsInspector):
    slow_rounds = 1
    quick_rounds = 1
    turn_seconds = 0.4
    quick_turn_seconds = 0.3
    fast_forward_seconds = 1.0


class QuickCollapse(ModeCollapse):
    play_seconds = 2.0


class QuickDigits(DigitForger):
    morph_seconds = 0.3
    hold_seconds = 0.2


@pytest.fixture(scope="module")
def points():
    from engine.core.trace import load

    return load(small_points_trace_path())


@pytest.fixture(scope="module")
def forger(tmp_path_factory):
    return render_for_test(
        QuickForger, small_points_trace_path(), tmp_path_factory.mktemp("f")
    )


@pytest.fixture(scope="module")
def collapse(tmp_path_factory):
    return render_for_test(
        QuickCollapse, small_points_trace_path(), tmp_path_factory.mktemp("m")
    )


@pytest.fixture(scope="module")
def digits(tmp_path_factory):
    return render_for_test(
        QuickDigits, small_digits_trace_path(), tmp_path_factory.mktemp("d")
    )


def poster_of(rendered) -> np.ndarray:
    img = Image.open(rendered.files[".png"]).convert("RGB")
    return np.asarray(img).astype(float)


def data_to_pixels(scene, xy: np.ndarray, square) -> np.ndarray:
    """Data units -> integer (column, row) pixels inside the plot ``square``."""
    centre = square.get_center()
    return np.rint(
        scene_to_pixel(scene.to_scene(xy, centre, square.width)) - 0.5
    ).astype(int)


def share_drawn(frame: np.ndarray, where: np.ndarray, colour: str, tol=60.0) -> float:
    """Share of pixel positions with ``colour`` in their 3x3 neighbourhood."""
    target = hex_to_rgb(colour)
    best = np.full(len(where), np.inf)
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            rows = np.clip(where[:, 1] + dr, 0, FRAME_H - 1)
            cols = np.clip(where[:, 0] + dc, 0, FRAME_W - 1)
            best = np.minimum(best, np.abs(frame[rows, cols] - target).sum(1))
    return float((best < tol).mean())


def test_each_scene_writes_its_four_files(forger, collapse, digits):
    for rendered, name in (
        (forger, "ForgerVsInspector"),
        (collapse, "ModeCollapse"),
        (digits, "DigitForger"),
    ):
        assert sorted(p.name for p in rendered.out.iterdir()) == [
            f"{name}{ext}" for ext in (".gif", ".mp4", ".png", ".srt", ".vtt")
        ]


def test_forger_shows_the_inspectors_map_with_its_line_where_the_extent_says(
    forger, points
):
    """The stage opens plain; once the verdict's line has brought it in, the
    frame shows round 0's map, cell by cell, top row at the top."""
    scene = forger.scene
    first = forger.frames[0].astype(float)
    frame = forger.frames[int(scene.verdict_shown * TINY.gif_fps) + 1].astype(float)
    heat = points["heat"][scene.run, 0]  # (gy, gx)
    n = len(heat)
    board = scene.board
    left, top = board.get_left()[0], board.get_top()[1]
    cell = board.width / n
    centres = np.array(
        [[left + (j + 0.5) * cell, top - (i + 0.5) * cell] for i in range(n)
         for j in range(n)]
    )  # fmt: skip
    px = np.rint(scene_to_pixel(centres) - 0.5).astype(int)
    drawn = frame[px[:, 1], px[:, 0]]  # (n*n, 3)
    # Cells under real points or the frame line are not the map: judge the rest.
    want = heat_rgba(heat, style.palette())[..., :3].reshape(-1, 3).astype(float)
    flipped = heat_rgba(heat[::-1], style.palette())[..., :3].reshape(-1, 3)
    error = np.abs(drawn - want).sum(1)
    assert np.median(error) < 8 and (error < 15).mean() > 0.8
    assert (
        np.abs(drawn - flipped).sum(1).mean() > 2 * np.abs(drawn - want).sum(1).mean()
    )
    # before its line, the same cells are the page, not the map
    page = hex_to_rgb(style.palette().background)
    before = np.abs(first[px[:, 1], px[:, 0]] - page).sum(1)
    assert np.median(before) < 8


def test_forger_poster_shows_the_final_fakes_where_the_trace_puts_them(forger, points):
    scene = forger.scene
    final = points["fake"][scene.run, -1]
    inside = (np.abs(final) < points.extents["x"][1]).all(1)
    px = data_to_pixels(scene, final[inside], scene.plot)
    assert share_drawn(poster_of(forger), px, style.palette().sample) > 0.9


def test_collapse_poster_shows_both_runs_final_fakes_in_their_panels(collapse, points):
    scene, poster = collapse.scene, poster_of(collapse)
    pal = style.palette()
    extent = points.extents["x"][1]
    for run, square in enumerate(scene.plots):
        final = points["fake"][run, -1]
        final = final[(np.abs(final) < extent).all(1)]
        px = data_to_pixels(scene, final, square)
        assert share_drawn(poster, px, pal.sample) > 0.9, f"run {run}"
    # Both start the same: the first frame's two panels hold the same picture.
    first = collapse.frames[0].astype(float)
    a, b = (crop(first, sq, inset=0.05) for sq in scene.plots)
    h, w = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
    assert np.abs(a[:h, :w] - b[:h, :w]).mean() < 3


def test_digit_poster_shows_the_final_fakes_beside_real_digits(digits):
    from engine.core.trace import load

    tr = load(small_digits_trace_path())
    scene, poster = digits.scene, poster_of(digits)
    pal = style.palette()
    for mob, images in ((scene.fake_img, tr["fake"][-1]), (scene.real_img, tr["real"])):
        want = digit_grid(images, scene.cols, pal)[..., :3]
        drawn = crop(poster, mob)
        resized = np.asarray(
            Image.fromarray(want).resize(drawn.shape[1::-1], Image.NEAREST)
        ).astype(float)
        assert np.abs(drawn - resized).mean() < 20
        assert drawn.std() > 20, "the grid holds ink, not a blank square"


def test_mode_collapse_says_collapse_only_when_measured(tmp_path, points):
    """A plain run that covers the ring (here: the remedied run's history put in
    its place, seeds too) is told as not collapsed, in the run and the starts."""
    from engine.core import trace
    from scenes.gan.seeds import run_sentence
    from scenes.kit.seed_outcomes import seed_outcomes

    arrays = dict(points.arrays)
    for name, a in points.arrays.items():
        if a.ndim and a.shape[0] == 2 and name not in ("run_name",):
            arrays[name] = np.stack([a[1], a[1]])
    path = trace.save(tmp_path / "no_collapse.npz", points.manifest, arrays)
    srt = " ".join(
        render_for_test(QuickCollapse, path, tmp_path / "out").files[".srt"]
        .read_text().split()
    )  # fmt: skip
    assert "Here the plain GAN did not collapse" in srt
    assert "one trick" not in srt and "starts collapsed" not in srt
    said = run_sentence(seed_outcomes(arrays["seed_final_covered"], 8), 0, "plain GAN")
    assert said in srt and "collapsed" not in said.replace("0 collapsed", "")


def test_fast_forward_parts_follow_the_measured_fakes():
    """The scatter part ends where the fakes first spread as widely as the
    real points; the gathering part where they first cover as many blobs as
    at the end with half the end's share near one; none without cover."""
    rng = np.random.default_rng(0)
    data = rng.normal(size=(500, 2))
    spreads = np.array([0.1, 0.2, 0.5, 0.9, 1.0, 1.0, 1.0])
    fake = rng.normal(size=(1, 400, 2)) * spreads[:, None, None]
    covered = np.array([0, 0, 1, 3, 8, 7, 8])
    near = np.array([0, 0, 0.1, 0.2, 0.3, 0.5, 0.6])
    assert ForgerVsInspector.phases(fake, data, covered, near, 1) == (3, 4)
    collapsed = np.zeros_like(covered)
    assert ForgerVsInspector.phases(fake, data, collapsed, near, 1) == (3, None)
    # a long streak is not a scatter: its narrow direction is what counts
    streak = fake.copy()
    streak[:, :, 1] *= 0.1
    assert ForgerVsInspector.phases(streak, data, covered, near, 1)[0] is None


def test_inspector_is_right_where_its_map_says_so():
    """A real point counts as judged right where the map says over 50% real
    there, a fake where it says under; the two kinds weigh alike."""
    heat = np.full((1, 8, 8), 0.1)
    heat[0, :, :4] = 0.9  # left half: "real"
    left = np.tile([[-2.0, 0.5]], (10, 1))
    right = np.tile([[2.0, -0.5]], (30, 1))
    judged = ForgerVsInspector.judged_right
    assert judged(heat, left, [right], 4.0) == pytest.approx([1.0])
    assert judged(heat, left, [left], 4.0) == pytest.approx([0.5])
    assert judged(heat[:, :, ::-1], left, [right], 4.0) == pytest.approx([0.0])
    # a map of exactly 50% everywhere gets nothing right
    assert judged(np.full((1, 8, 8), 0.5), left, [right], 4.0) == pytest.approx([0])


def test_forger_says_how_often_the_inspector_ends_right(forger, points):
    """The last training line names the measured share the inspector gets
    right, and calls it a coin toss only when it is within 5 points of 50%."""
    scene = forger.scene
    right = 100 * ForgerVsInspector.judged_right(
        points["heat"][scene.run], points["data"], points["fake"][scene.run],
        float(points.extents["x"][1]),
    )  # fmt: skip
    srt = " ".join(forger.files[".srt"].read_text().split())
    assert f"By the end, the inspector is right {right[-1]:.0f}% of the time" in srt
    assert ("hardly better than a coin toss" in srt) == (
        abs(right[-1] - 50) <= 5 and "down from" not in srt
        and "not fooled more" not in srt
    )  # fmt: skip


def test_forger_push_arrows_stay_up_while_their_line_is_read(forger):
    """The arrows are on screen from the start of the caption that names them
    until it, and the one that goes on from it, have been up long enough to
    read (max(1.5 s, characters / 15))."""
    text = forger.files[".srt"].read_text().strip().split("\n\n")

    def seconds(stamp: str) -> float:
        h, m, rest = stamp.split(":")
        return int(h) * 3600 + int(m) * 60 + float(rest.replace(",", "."))

    cues = []
    for block in text:
        lines = block.splitlines()
        start, end = (seconds(x.strip()) for x in lines[1].split("-->"))
        cues.append((start, end, " ".join(lines[2:])))
    first = next(i for i, c in enumerate(cues) if "white arrow" in c[2])
    named = [cues[first]]
    if "toward" not in cues[first][2]:  # the line went on in the next caption
        named.append(cues[first + 1])
    up, down = forger.scene.arrows_up
    last = named[-1]
    read = last[0] + max(1.5, len(last[2]) / 15)
    assert up <= named[0][0] + 0.6 and down >= read - 0.05


def test_digit_forger_outlines_the_fakes_the_reader_is_unsure_of(digits):
    """One outline per shown fake the reader is under its sure level for, each
    on that fake's tile; and the brake is named only where a collapse ended in
    a run that trained with it (r1_gamma > 0)."""
    from engine.core.trace import load

    tr = load(small_digits_trace_path())
    scene = digits.scene
    unsure = np.flatnonzero(tr["confidence"][-1] < float(tr.config["confident_at"]))
    assert len(scene.unsure) == len(unsure)
    grid = scene.fake_img
    rows = int(np.ceil(len(tr["fake"][-1]) / scene.cols))
    for box, i in zip(scene.unsure, unsure, strict=True):
        r, c = divmod(int(i), scene.cols)
        x = (box.get_x() - grid.get_left()[0]) / grid.width * scene.cols
        y = (grid.get_top()[1] - box.get_y()) / grid.height * rows
        assert int(x) == c and int(y) == r
    srt = " ".join(digits.files[".srt"].read_text().split())
    braked = float(tr.config.get("r1_gamma", 0.0)) > 0
    assert ("brake" in srt) == (braked and "the collapse did not last" in srt)


def test_digit_lines_name_the_brake_and_the_held_variety_only_when_measured():
    """The collapse's end names the brake only for a run trained with it
    (r1_gamma > 0); the later training says the variety held only if every
    recorded round from there has at least ``varied_kinds`` kinds of digit."""
    from types import SimpleNamespace

    class Trace(dict):
        config: dict = {}

    def scene(r1: float, reads: list[list[int]]) -> SimpleNamespace:
        tr = Trace(read=np.array(reads), step=np.arange(len(reads)) * 100)
        tr.config = {"r1_gamma": r1}
        return SimpleNamespace(tr=tr, varied_kinds=DigitForger.varied_kinds)

    braked = DigitForger.escape_lines(scene(1.0, [[0]]))
    assert "brake" in braked[0] and braked[-1].startswith("Now watch")
    assert "brake" not in " ".join(DigitForger.escape_lines(scene(0.0, [[0]])))
    varied = [list(range(8)) + [0, 0], list(range(10))]
    line = DigitForger.later_training_line(scene(1.0, varied), 0)
    assert line.startswith("Training goes on to round 100,") and "8 to 10 kinds" in line
    collapsed = varied + [[3] * 10]
    line = DigitForger.later_training_line(scene(1.0, collapsed), 0)
    assert line == "Training goes on to round 200."


def test_reader_bars_stand_as_tall_as_their_share_of_the_fakes():
    """One bar per digit, its height its share of the fakes shown: a collapse
    (all read as one digit) is one full bar and nine empty ones."""
    from types import SimpleNamespace

    me = SimpleNamespace(palette=style.palette())
    collapsed = DigitForger.reader_bars(me, np.eye(10, dtype=int)[8] * 36, 36)
    heights = np.array([b[0].height for b in collapsed[2]])
    assert heights.argmax() == 8 and (heights[np.arange(10) != 8] < 0.05).all()
    spread = DigitForger.reader_bars(me, np.array([4, 3, 0, 5, 6, 3, 5, 3, 7, 0]), 36)
    tall = np.array([b[0].height for b in spread[2]])
    assert np.allclose(tall[[0, 4]] / tall[8], [4 / 7, 6 / 7], atol=0.01)


def test_one_shot_names_only_the_shortcut_digits_drawn_fainter():
    """A shortcut digit is called fainter only when its brightest strokes are
    dimmer than the full run's drawing of the same prompt; units read in words."""
    from scenes.gan.oneshot import digits_said, fainter, unit_words

    full = np.full((3, 8, 8), -1.0)
    full[:, 2:6, 3:5] = 1.0  # three digits, full ink on their strokes
    shortcut = full.copy()
    shortcut[1, 2:6, 3:5] = 0.6  # the middle one's strokes dimmer
    assert fainter(shortcut, full, [4, 7, 9]) == [7]
    assert fainter(full, full, [4, 7, 9]) == []
    assert digits_said([0, 1]) == "the 0 and the 1"
    assert unit_words("37.1 µs") == "µs: millionths of a second"
