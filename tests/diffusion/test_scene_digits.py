"""The digit scenes render, and their frames show what the trace holds."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from scipy.spatial import cKDTree

from engine.core.trace import TraceError, load
from scenes.diffusion.digits import (
    ForwardNoising,
    GuidanceScale,
    ReverseDenoising,
    StepsVsSpeed,
    in_ms,
    similarity,
)
from scenes.diffusion.field_sampling import FieldSampling
from scenes.diffusion.field_stage import FieldStage
from scenes.diffusion.points import DenoisingField
from scenes.kit import style
from scenes.kit.images import ink_to_rgba
from scenes.kit.numbers import pct, times
from scenes.kit.raster import hex_to_rgb
from tests.support.rendering import TINY, crop, render_for_test


class QuickReverse(ReverseDenoising):
    reverse_seconds = 1.5


class QuickForward(ForwardNoising):
    forward_seconds = 1.5


class QuickField(DenoisingField):
    sweep_seconds = 1.5
    low_seconds = 1.5


class QuickSampling(FieldSampling):
    reverse_seconds = 1.5


@pytest.fixture(scope="module")
def reverse(digits_trace_path, tmp_path_factory):
    return render_for_test(
        QuickReverse, digits_trace_path, tmp_path_factory.mktemp("r")
    )


# Each scene below is rendered once for the module and read by every test of
# it: a render is the costly part of these tests.
@pytest.fixture(scope="module")
def forward(digits_trace_path, tmp_path_factory):
    return render_for_test(QuickForward, digits_trace_path,
                           tmp_path_factory.mktemp("f"))


@pytest.fixture(scope="module")
def steps_speed(digits_trace_path, digits_speed_path, tmp_path_factory):
    return render_for_test(StepsVsSpeed, digits_trace_path,
                           tmp_path_factory.mktemp("s"))


@pytest.fixture(scope="module")
def guidance(digits_trace_path, tmp_path_factory):
    return render_for_test(GuidanceScale, digits_trace_path,
                           tmp_path_factory.mktemp("g"))


def cell_centres(pixels: np.ndarray, cells: int = 8) -> np.ndarray:
    """The colour at the centre of each of cells x cells blocks: (cells, cells, 3).

    Images are drawn with nearest-neighbour scaling, so a block's centre pixel
    shows exactly that image pixel, whatever the sub-pixel alignment.
    """
    h, w = pixels.shape[:2]
    rows = ((np.arange(cells) + 0.5) * h / cells).astype(int)
    cols = ((np.arange(cells) + 0.5) * w / cells).astype(int)
    return pixels[np.ix_(rows, cols)]


def test_reverse_final_frame_shows_the_ten_digits_where_the_trace_puts_them(
    reverse, digits_trace
):
    pal = style.palette()
    poster = np.asarray(Image.open(reverse.files[".png"]).convert("RGB"))
    final = digits_trace["reverse"][-1]  # (prompt, 8, 8)
    assert len(reverse.scene.columns) == len(final) == 10
    for k, (sample_img, _) in enumerate(reverse.scene.columns):
        seen = cell_centres(crop(poster, sample_img, inset=0.0).astype(float))
        expected = ink_to_rgba(final[k], pal.background, pal.text)[..., :3].astype(
            float
        )
        corr = np.corrcoef(seen.mean(-1).ravel(), expected.mean(-1).ravel())[0, 1]
        assert corr > 0.9, (
            f"column {k}: drawn image does not match the trace ({corr:.2f})"
        )


def test_reverse_starts_from_static_shared_by_every_prompt(reverse, digits_trace):
    # 2 s in: the static has faded in, the first caption is being read, and
    # denoising has not begun
    first = reverse.frames[2 * TINY.gif_fps]
    static = [
        cell_centres(crop(first, img, inset=0.0).astype(float)).mean(-1)
        for img, _ in reverse.scene.columns
    ]
    for other in static[1:]:
        np.testing.assert_allclose(other, static[0], atol=3)
    assert np.std(static[0]) > 20, "the static is visible, not a blank square"


def test_reverse_writes_readings_into_the_captions(reverse, digits_trace):
    srt = reverse.files[".srt"].read_text()
    right = int((digits_trace["reverse_read"] == digits_trace["prompts"]).sum())
    assert f"{right} of 10 as the digit asked for" in srt


def test_reverse_figures_follow_the_run_to_its_end(reverse, digits_trace):
    # once the guess is told apart from the sample, both figures stay on
    # screen while the passes run on: the sample's ends as alike as can be
    guesses, samples = digits_trace["reverse_x0"], digits_trace["reverse"]
    alike = similarity(guesses, samples[-1])
    last = len(alike) - 1
    early = next((k for k in range(1, len(alike)) if alike[k] >= 0.85), None)
    if early is None or early >= last // 2:
        pytest.skip("this trace's guess never gets ahead of its sample")
    end = similarity(samples, samples[-1])[last]
    shown = reverse.scene.texts_seen
    assert f"sample {end:.2f}" in shown and f"guess {alike[last]:.2f}" in shown


@pytest.mark.parametrize("rendered", ["forward", "steps_speed", "guidance"])
def test_digit_scenes_render_with_content(rendered, request):
    result = request.getfixturevalue(rendered)
    assert sorted(result.files) == [".gif", ".mp4", ".png", ".srt", ".vtt"]
    poster = np.asarray(Image.open(result.files[".png"]).convert("RGB")).astype(float)
    bg = hex_to_rgb(style.palette().background)
    ink = (np.abs(poster - bg).sum(-1) > 60).mean()
    assert 0.05 < ink < 0.6, f"poster is {ink:.0%} non-background"


def test_steps_vs_speed_shows_the_times_measured_once_in_generation_speed(
    steps_speed, digits_speed_path, digits_trace
):
    # one figure, one value: the times are read from the generation_speed trace
    # (which OneShotGeneration and the table read too), not measured again
    speed = load(digits_speed_path, kind="generation_speed")
    pairs = zip(speed["step_counts"].tolist(), speed["step_ms_per_sample"], strict=True)
    timed = dict(pairs)
    result = steps_speed
    srt = result.files[".srt"].read_text()
    first = int(digits_trace["speed_steps"][0])
    assert f"{first} small denoising steps: {in_ms(timed[first])} per image" in srt
    shown = {t for t in result.scene.texts_seen}
    for count in digits_trace["speed_steps"]:
        # in ms throughout: one unit reads at a glance down the column
        assert in_ms(timed[int(count)]) in shown, (count, sorted(shown)[:20])
    assert any("ms = thousandths of a second" in t for t in shown)
    # few pictures per column, each large enough to read
    for column in result.scene.columns:
        assert len(column[2]) <= StepsVsSpeed.shown_digits
        assert min(p.height for p in column[2]) >= 0.8
    # the speed-up said is drawn between the bars, in the same words
    counts, accuracy = digits_trace["speed_steps"], digits_trace["speed_accuracy"]
    kept = [k for k in range(len(counts)) if accuracy[k] >= accuracy[0] - 0.01]
    few = max(kept, key=lambda k: -counts[k])
    if few > 0:
        ms = [timed[int(c)] for c in counts]
        faster = times(ms[0] / ms[few])
        said = spoken(result.files[".srt"])
        assert f"{faster} faster than every step" in said
        assert f"{faster} faster, same {pct(accuracy[few])}" in shown
        # rough-looking shortcut pictures are set against the reader's share
        assert f"the reader still reads {pct(accuracy[few])} as asked" in said
        near = digits_trace["speed_nearest_real"]
        assert ("look rougher to us" in said) == (near[few] > near[0])


def test_steps_vs_speed_refuses_times_of_other_step_counts(
    digits_trace_path, digits_speed_path, tmp_path, monkeypatch
):
    from engine.core import trace as tracefile

    speed = load(digits_speed_path, kind="generation_speed")
    arrays = dict(speed.arrays)
    arrays["step_counts"] = arrays["step_counts"] + 1
    other = tracefile.save(tmp_path / "other_speed.npz", speed.manifest, arrays)
    monkeypatch.setenv("TRACE_GENERATION_SPEED", str(other))
    with pytest.raises(TraceError, match="times no run of"):
        render_for_test(StepsVsSpeed, digits_trace_path, tmp_path / "out")
    assert not (tmp_path / "out" / "StepsVsSpeed.mp4").exists()


def share_tinted(poster: np.ndarray, plot, colour: str) -> float:
    """The share of the plot's pixels pushed from the background towards
    ``colour`` (thin anti-aliased strokes blend into the background at this
    size)."""
    inside = crop(poster, plot, inset=0.1)
    bg = hex_to_rgb(style.palette().background)
    v, g = inside - bg, hex_to_rgb(colour) - bg
    along = (v @ g) / (g @ g)
    across = np.linalg.norm(v - along[..., None] * g, axis=-1) / np.linalg.norm(g)
    return float(((along > 0.25) & (across < 0.15)).mean())


def spoken(srt_file) -> str:
    """The captions' words only, joined (no cue numbers or times)."""
    return " ".join(
        line.strip() for line in srt_file.read_text().splitlines()
        if line.strip() and not line.strip().isdigit() and "-->" not in line
    )


def test_denoising_field_draws_arrows_over_the_data(points_trace_path, tmp_path):
    result = render_for_test(QuickField, points_trace_path, tmp_path)
    pal = style.palette()
    poster = np.asarray(Image.open(result.files[".png"]).convert("RGB")).astype(float)
    assert share_tinted(poster, result.scene.plot, pal.guess) > 0.01, "arrows"
    assert share_tinted(poster, result.scene.plot, pal.data) > 0.01, "real data"
    srt = spoken(result.files[".srt"])
    # it opens on what it is about (diffusion: removing noise a little at a
    # time), then what a point is (a 2-pixel picture), then the made-up data
    # forming the curves, then noise, before the arrows are read
    assert srt.startswith("Diffusion makes a picture by removing noise a little "
                          "at a time.")
    assert srt.index("Diffusion") < srt.index("Each point is a picture of two "
                                              "pixels")
    assert srt.index("made-up pictures") < srt.index("form two blue curves") < (
        srt.index("Noise is a random shove.")) < srt.index("gives the arrows")
    # one shove is said on its own, then the noise level as the shoves' size
    assert srt.index("Noise is a random shove.") < srt.index(
        "The noise level is the shoves' size")
    # the worked spot, the lines and the X each said in plain words as they
    # appear, before the arrows are read; the pull's aim said as measured
    assert srt.index("Noise is a random shove") < srt.index(
        "land near this one noisy point") < srt.index(
        "where each one came from") < srt.index("X is their average") < (
        srt.index("gives the arrows"))
    assert ("points at X." in srt) != ("points roughly at X." in srt)
    # the pull put in plain words once, as the worked spot's arrow grows, the
    # model introduced where first said: the network that learns the pull
    assert srt.count("The model, a network, learns this pull: it points") == 1
    assert srt.index("The model, a network") < srt.index("gives the arrows")
    assert "noise left" not in srt and "noise added" not in srt
    # the scale is read on one sweep, then the full-noise pulls to the middle
    # (said as measured), and the takeaway last
    # the arrows first shown at full noise, the level said as they come,
    # and why they aim at the middle there
    scene = result.scene
    # the scale's ends said as the noise reading shows them, read from the trace
    lo, hi = scene.noise_pct(0), scene.noise_pct(scene.total)
    assert srt.index(f"from {lo}%, the data itself, to {hi}%, random "
                     "scatter") < (
        srt.index("gives the arrows. High noise first, "
                  f"{scene.noise_pct(scene.total)}%:")
    ) < srt.index("could have come from anywhere")
    assert ("so they point to the middle" in srt) != ("guess only roughly" in srt)
    # the X is called a blend, not a real picture, only when it sits off the
    # curves (as measured)
    assert ("a blend of both curves, not a real picture" in srt) == (
        result.scene.blend)
    # at low noise the field is not faked: the spots training never reached
    # at that noise (further than 3 noise widths from every real point) are
    # greyed and said so; the claim for the reached arrows said as measured
    reached_at, nearest, t_seen = result.scene.reach
    far_now = ~reached_at(float(result.scene.field_t.min()))
    # one rule at every level, 100% included: within 3 noise widths of the
    # data shrunk by that level's signal share, read from the trace
    scene = result.scene
    tr_ = scene.tr
    for t in (float(scene.total), float(scene.field_t.min())):
        s_t = float(np.interp(t, np.arange(len(tr_["signal"])), tr_["signal"]))
        n_t = float(np.interp(t, np.arange(len(tr_["noise"])), tr_["noise"]))
        want = cKDTree(tr_["data"] * s_t).query(scene.grid)[0] < 3 * n_t
        assert np.array_equal(reached_at(t), want)
    assert far_now.any()
    # the low level shown is the lowest recorded one where enough reached
    # arrows start more than one drawn arrow length off every curve, and it
    # is said before the reading moves there
    scene = result.scene
    assert scene.off_seen >= scene.off_needed
    clear_off = cKDTree(scene.tr["data"]).query(scene.grid)[0] > scene.cap
    for t in scene.field_t[scene.field_t < t_seen]:
        assert (reached_at(float(t)) & clear_off).sum() < scene.off_needed
    # why the levels jump (worked example, then high noise first, then low)
    assert f"Now low, {scene.noise_pct(t_seen)}%:" in srt
    assert srt.index("could have come from anywhere") < srt.index("Now low,")
    assert ("could only have come from a curve near it" in srt) == nearest
    # the worked example's own level, said
    assert f"shoves like these, here at {scene.noise_pct(scene.shown_calm)}%." in (
        srt)
    assert srt.index("shoves like these, here at") < srt.index("gives the arrows")
    # grey arrows named once, at full noise where they first show, only
    # when some are grey there; said as the corners of the one round cloud
    # the shoves make when almost no signal is left; "rarely", never "never"
    # (a 3-width rule)
    full_grey = bool((~reached_at(float(scene.total))).any())
    s_full = float(np.interp(scene.total, np.arange(len(tr_["signal"])),
                             tr_["signal"]))  # fmt: skip
    assert scene.round_grey == (full_grey and s_full < 0.1)
    assert srt.count("the grey corners are rarely reached") == int(
        scene.round_grey)
    assert srt.count("Grey where training shoves rarely land") == int(
        full_grey and not scene.round_grey)
    assert "never trained" not in srt and "never reached" not in srt
    # the closing claim chosen by the measured share of reached arrows whose
    # line, followed straight on, runs into a curve
    share = scene.hit_share
    assert ("every arrow points at a curve." in srt) == (share >= 0.999)
    assert ("most arrows point at a curve." in srt) == (0.5 <= share < 0.999)
    assert ("point roughly toward the curves" in srt) == (share < 0.5)
    assert "nearest curve" not in srt
    # it speaks only of what it shows: no dots being cleaned (a later
    # scene's), no hand-off; it ends on the reached arrows' claim
    assert "being cleaned" not in srt and "Grey is harmless" not in srt
    assert "next scene" not in srt
    assert srt.rstrip().endswith(("at a curve.", "toward the curves."))
    # every field arrow is drawn one length: only its direction changes
    scene = result.scene
    # no arrow starts in the first column or row, where it would run over the
    # axis names
    full = scene.tr["field_grid"]
    assert scene.grid[:, 0].min() > full[:, 0].min()
    assert scene.grid[:, 1].min() > full[:, 1].min()
    pulls = scene.arrow_ends(scene.total) - scene.grid
    assert np.allclose(np.linalg.norm(pulls, axis=1), scene.cap)
    # the aim is shown: a few of the arrows seen off the curves, furthest
    # from the data, get their line drawn on to where it meets a curve
    picked = scene.aim_picked
    off = cKDTree(scene.tr["data"]).query(scene.grid)[0]
    assert 0 < len(picked) <= 3
    assert (reached_at(float(t_seen)) & clear_off)[picked].all()
    assert off[picked[0]] == off[reached_at(float(t_seen)) & clear_off].max()
    # the worked example's close-up is drawn only when it magnifies enough
    assert scene.close_zoom <= 3.0
    drawn = scene.close_zoom >= scene.least_zoom
    assert drawn == any(t.startswith("close up, ") for t in scene.texts_seen)


def test_worked_spot_is_shoved_far_and_its_average_lands_nearest_a_curve():
    fine = np.array([True, True, True, True, False])
    lost = np.array([0.9, 0.9, 0.1, 0.2, 5.0])
    x_off = np.array([0.5, 0.05, 0.0, 0.0, 0.0])
    # the quarter shoved furthest among the usable: 0 and 1; 1's X is nearer
    # (2 and 3 land nearer still, but sit too close to the data to be seen)
    assert DenoisingField.worked_spot(fine, lost, x_off) == 1
    assert DenoisingField.worked_spot(np.zeros(5, bool), lost, x_off) == -1


def test_landing_is_where_the_line_first_meets_the_data():
    near = cKDTree(np.array([[3.0, 0.0], [5.0, 0.0], [0.0, 3.0]]))
    hit = DenoisingField.landing(np.zeros(2), np.array([1.0, 0.0]), near,
                                 0.1, 10.0)
    assert hit is not None and abs(hit[0] - 2.9) < 0.05 and abs(hit[1]) < 1e-9
    # aimed between the points: the line never comes near one
    assert DenoisingField.landing(np.zeros(2), np.array([1.0, 1.0]), near,
                                  0.1, 10.0) is None


def test_furthest_apart_takes_the_furthest_spots_kept_apart():
    spots = np.array([[0.0, 0.0], [0.1, 0.0], [1.0, 0.0], [2.0, 0.0]])
    off = np.array([4.0, 3.0, 2.0, 1.0])
    taken = DenoisingField.furthest_apart(spots, off, 0.5, n=2)
    assert taken.tolist() == [0, 2]  # 1 is too near 0


def test_field_sampling_draws_points_pulls_and_a_finished_dot(
    points_trace_path, tmp_path
):
    result = render_for_test(QuickSampling, points_trace_path, tmp_path)
    pal = style.palette()
    poster = np.asarray(Image.open(result.files[".png"]).convert("RGB")).astype(float)
    assert share_tinted(poster, result.scene.plot, pal.guess) > 0.01, "arrows"
    assert share_tinted(poster, result.scene.plot, pal.sample) > 0.01, "points"
    # the followed dot's guess is marked in the field in the pull's colour
    # (not the new points' colour)
    assert pal.guess != pal.sample
    # its arrows mean what DenoisingField's mean: one length, direction only
    scene = result.scene
    pulls = scene.arrow_ends(scene.total) - scene.grid
    assert np.allclose(np.linalg.norm(pulls, axis=1), scene.cap)
    srt = spoken(result.files[".srt"])
    # it stands alone: it opens on what the noise % and the pull are, then
    # starts from noise
    # no talk of noise over a still picture: the pulls are shown with the
    # level they are for, read from the trace
    scene = result.scene
    assert srt.startswith("Diffusion makes pictures by removing noise, step by "
                          "step. These arrows are the pull at "
                          f"{scene.noise_pct(scene.total)}% noise: where the "
                          "model, a small network, says to move.")
    # the model and training put in plain words the first time each is said
    assert srt.index("model") == srt.index("the model, a small network") + 4
    assert srt.index("training") == srt.index(
        "training, guessing the data back from noisy copies")
    # no "a little" beside the leaps the first steps make
    assert "a little" not in srt
    assert "Noise is random scatter" not in srt
    assert srt.index("These arrows are the pull") < srt.index("random dots")
    # the ringed dot is named as its ring comes in, at the step's start
    assert srt.index("Take this ringed dot: each step") < srt.index(
        "plus a random shake")
    # its step size said as the run's own frames show it: big jumps at full
    # noise, small ones later, only when the first steps are plainly bigger
    assert ("big steps at first, small later" in srt) == scene.big_first
    # its low-noise arrows are greyed by DenoisingField's rule, the same code
    scene = result.scene
    assert scene.grey_unreached
    assert type(scene).reached_at is FieldStage.reached_at
    scene.tracker.set_value(len(scene.tr["reverse_t"]) - 1)  # the last step
    grey = ~scene.reached_at(scene.current_t())
    assert grey.any()
    assert np.allclose(scene.reach_ends(False)[~grey], scene.grid[~grey])
    assert np.allclose(scene.reach_ends(True)[grey], scene.grid[grey])
    # never an all-grey field: the arrows leave before the first step at
    # which training reached none of them
    steps_ = scene.tr["reverse_t"]
    k_hide = scene.hidden_from
    assert scene.reached_at(float(steps_[k_hide])).any() or k_hide == len(
        steps_) - 1
    if k_hide < len(steps_) - 1:
        assert not scene.reached_at(float(steps_[k_hide + 1])).any()
    # one step: a pull plus a random shake; the shakes' sum said as measured,
    # then why the sampler shakes at all: the same run without its shake,
    # said as measured (its finished points on fewer spots)
    assert srt.index("plus a random shake") < srt.index("All the pulls")
    assert ("the random shakes mostly cancel" in srt) != ("cancel only partly" in srt)
    assert srt.index("All the pulls") < srt.index("Why the shake?")
    stats = result.scene.tr.stats
    piles = stats["cells_no_shake"] < 0.5 * stats["cells_shake"]
    n_pile, n_all, off_shape = result.scene.pile
    one_pile = piles and n_pile == n_all
    assert ("the same spot for all" in srt) == (one_pile and result.scene.gather[1])
    assert "Same start, run again without it" in srt
    # the reason is given as the no-shake run's own frames show it: its dots
    # gather (at the middle, while the noise is still high) before they pile
    k_gather, centre_first = result.scene.gather
    assert 0 < k_gather < len(result.scene.tr["reverse_t"])
    # why in one step: without the shake each dot lands on its pull's aim,
    # the average of where it could have come from, one spot for all
    assert ("to the average of where it could have come from" in srt) == (
        centre_first and one_pile)
    if centre_first and one_pile:
        assert srt.index("Same start, run again without it.") < srt.index(
            "Without the shake,")
    # how soon, as the frames show it: "in one step" only if it takes one
    assert ("in one step" in srt) == (k_gather == 1)
    assert "Why the shake?" in srt and "In this recipe" not in srt
    # where the no-shake pile lands, said as measured
    assert ("all onto one spot" in srt or "the same spot for all" in srt) == (
        piles and n_pile == n_all)
    assert ("between the curves" in srt) == (piles and off_shape)
    # why a pile is bad: every dot the same picture, said after the run
    # (in the line after the reason, when both runs have finished)
    assert ("copies of one picture" in srt) == (piles and n_pile == n_all)
    if "copies of one picture" in srt:
        assert srt.index("Why the shake?") < srt.index("copies of one picture")
        assert srt.index("copies of one picture") < srt.index("With the shake")
    # grey arrows named once, with the arrows at the start, only if some are
    grey_start = bool((~result.scene.reached_at(float(result.scene.total))).any())
    assert srt.count("; grey: rarely reached.") == int(grey_start)
    assert "never reached" not in srt
    # the main run picks up after the replay, said so
    assert srt.index("Why the shake?") < srt.index("Back to the first run")
    # one dot followed, its guess named; a finished dot is a picture, said
    # as measured; it ends on the takeaway
    assert srt.index("settle onto the shape") < srt.index("A typical new picture")
    on = result.scene.settled
    word = "all" if on >= 0.999 else "almost all" if on >= 0.9 else "most"
    assert f"Back to the first run: {word} the dots settle onto the shape." in srt
    # a typical finished dot (median distance to its nearest real point):
    # that distance said in words against the usual spacing of real points,
    # never "not a copy"
    gap, usual = result.scene.finish
    assert "not a copy" not in srt
    said = {
        "one of the real ones again": gap <= 1e-3 * result.scene.extent,
        "nearer a real one than real ones are to each other": (
            gap > 1e-3 * result.scene.extent and gap < 0.5 * usual),
        "as near the real ones as they are to each other": (
            gap > 1e-3 * result.scene.extent and 0.5 * usual <= gap <= 2 * usual),
        "further from the real ones than they are from each other": gap > 2 * usual,
    }
    assert [w for w, true in said.items() if w in srt] == [
        w for w, true in said.items() if true]
    # "new, not copied" only when the gap is the real points' own spacing
    assert ("new, not copied" in srt) == said[
        "as near the real ones as they are to each other"]
    # ... and says the many steps are why it is slow
    total = int(result.scene.total)
    # a model run in plain words: the network asked once a step, for all dots
    # and the one-pass generator put in plain words
    assert srt.rstrip().endswith(f"{total} steps: {total} network runs. A GAN "
                                 "draws a picture in one run. That is why "
                                 "diffusion is slow.")
    # no "same spot, same pull": the pull changes with the noise
    assert "same pull" not in srt.lower()


def test_denoising_field_refuses_a_trace_without_the_field(tmp_path):
    from engine.core import trace
    from tests.core.test_trace import minimal_arrays, minimal_manifest

    path = trace.save(tmp_path / "old.npz", minimal_manifest(), minimal_arrays())
    with pytest.raises(trace.TraceError, match="DenoisingField needs the field arrays"):
        render_for_test(QuickField, path, tmp_path / "out")
    assert not (tmp_path / "out" / "DenoisingField.mp4").exists()


def test_forward_noising_ends_on_the_drawing_run_from_static_to_a_digit(
    forward, digits_trace
):
    # generation is shown, not only said: the trace's own reverse run, from
    # its first (pure static) frame to its last, one picture per hop
    result = forward
    steps = digits_trace["reverse_t"]
    srt = " ".join(result.files[".srt"].read_text().split())
    assert f"repeats this {int(steps[0] - steps[-1]):,} times here" in srt
    chain = result.scene.chain
    assert len(chain) == QuickForward.chain_tiles
    # the one example's miss is told beside guessing no noise at all; the
    # larger average over every noise level is not said, so it never reads
    # as the same figure, worse
    t = int(digits_trace["train_t"][0])
    said = spoken(result.files[".srt"])
    assert f"For this image at step {t}, the trained network is off by" in said
    blind = float(np.mean(digits_trace["train_noise"] ** 2))
    assert f"Guessing no noise would be off by {blind:.2f}" in said
    assert "averaged over all of them" not in said
    shown = {t for t in result.scene.texts_seen}
    assert f"step {int(steps[0])}" in shown and f"step {int(steps[-1])}" in shown


def test_guidance_says_how_far_each_scale_sits_from_real_digits(guidance, digits_trace):
    # the cost of pushing harder is measured, not asserted: the distance to
    # the closest real digit, per scale, beside real digits' own distance
    result = guidance
    # each in real digits' own distance from each other (1 = as unlike)
    apart = digits_trace["guidance_nearest_real"]
    real = float(np.median(digits_trace["nearest_real"]))
    shown = {t for t in result.scene.texts_seen}
    for d in apart:
        assert f"{d / real:.1f}" in shown, (d, sorted(shown)[:30])
    assert "gap between real digits: 1" in shown
    assert "gap to closest real digit" in shown
    # the scales as a ladder, its 0 and 1 named by the two guesses they give
    assert "without the prompt" in shown and "with the prompt" in shown
    for s in digits_trace["guidance_scales"]:
        assert f"{s:g}" in shown
    srt = " ".join(result.files[".srt"].read_text().split())
    assert ("1 = the usual gap between a real digit and its nearest other real "
            "digit") in srt
    # the gap shown on single samples first: one beside its closest real
    # digit at the best scale and at the strongest, each pair's own gap named
    samples = digits_trace["guidance_samples"]
    near = digits_trace["guidance_nearest_image"]
    pair_gap = np.sqrt(((samples - near) ** 2).mean(axis=(2, 3))) / real
    assert "closest real digit" in shown
    scales = digits_trace["guidance_scales"]
    assert f"scale {scales[-1]:g} sample" in shown
    acc = digits_trace["guidance_accuracy"]
    obeys = np.flatnonzero(acc >= acc.max() - 0.01)
    row = int(np.argmax(pair_gap[-1] - pair_gap[int(obeys[np.argmin(apart[obeys])])]))
    assert f"gap {pair_gap[-1, row]:.1f}" in shown
    # the blind-guess level is drawn where it is said
    assert "blind guess: 10%" in shown and "a blind guess would get 10%" in srt
    # every scale from the first to read every sample as asked is said as a run
    first = int(np.argmax(acc))
    if acc[first] >= 0.9995 and first < len(acc) - 1 and acc[first + 1] >= acc[first]:
        assert (f"from scale {scales[first]:g} on, every sample was read as asked"
                in srt)
    # plain prompting short of the best: its share, then the best scale's own
    # words (never "gets the rest", which reads as the other samples)
    from scenes.kit.numbers import pct

    one = np.flatnonzero(np.isclose(scales, 1))
    if len(one) and first > one[0] and acc[one[0]] < acc[first] - 0.01:
        assert (f"Scale 1, just the guess with the prompt, gets {pct(acc[one[0]])}"
                in srt)
        assert f"scale {scales[first]:g} reads " in srt
        assert "gets the rest" not in srt
    # honest at both ends: every scale whose shown gap passes the line (and
    # is not tied with the best) is named, below the best as too little
    # guidance, above it as too much
    acc = digits_trace["guidance_accuracy"]
    obeys = np.flatnonzero(acc >= acc.max() - 0.01)
    good = int(obeys[np.argmin(apart[obeys])])

    def shown_pair(i):
        return round(float(acc[i]), 3), round(float(apart[i] / real), 1)

    passing = [i for i in range(len(apart)) if round(float(apart[i] / real), 1) > 1.0
               and shown_pair(i) != shown_pair(good)]  # fmt: skip
    low = any(i < good for i in passing)
    high = any(i > good for i in passing)
    if passing:
        names = [f"{scales[i]:g}" for i in passing]
        listed = names[0] if len(names) == 1 else (", ".join(names[:-1]) + " and "
                                                   + names[-1])  # fmt: skip
        assert f" of {listed} pass" in srt, (listed, srt[-600:])
    said = {
        (True, True): "Too little guidance and too much both drift",
        (True, False): "Too little guidance drifts from real handwriting",
        (False, True): "Pushed harder, they drift from real handwriting",
    }
    for ends, line in said.items():
        assert (line in srt) == (ends == (low, high)), (line, low, high)


def test_guidance_refuses_a_trace_without_the_distances(
    digits_trace_path, digits_trace, tmp_path
):
    from engine.core import trace as tracefile

    arrays = {k: v for k, v in digits_trace.arrays.items()
              if not k.startswith("guidance_nearest")}  # fmt: skip
    old = tracefile.save(tmp_path / "old.npz", digits_trace.manifest, arrays)
    with pytest.raises(TraceError, match="GuidanceScale needs guidance_nearest"):
        render_for_test(GuidanceScale, old, tmp_path / "out")
    assert not (tmp_path / "out" / "GuidanceScale.mp4").exists()


def test_guidance_names_every_scale_tied_for_best_not_one_sweet_spot():
    import numpy as np

    from scenes.diffusion.digits import best_scales_line

    scales = np.array([0, 1, 2, 4, 8, 16])
    acc = np.array([0.14, 0.945, 1.0, 1.0, 1.0, 1.0])
    unlike = np.array([1.4, 1.2, 1.0, 1.02, 1.1, 1.3])
    line = best_scales_line(scales, acc, unlike, 2)
    assert "scales 2 and 4 do equally well" in line and "2, is enough" in line
    assert "no need to go higher" in line
    unlike[3] = 1.06  # 1.1 shown: no longer the same
    assert best_scales_line(scales, acc, unlike, 2).startswith("So scale 2 is")
