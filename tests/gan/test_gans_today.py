"""GANs today: the pretrained face generator (pinned weights, checked) and
image-to-image translation trained here, recorded small and rendered tiny."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

from engine.core.trace import load
from engine.gan.faces import GanFacesConfig, mean_change, slerp
from engine.gan.faces import record as record_faces
from engine.gan.pix2pix_data import pictures, shrink, striped
from engine.gan.pix2pix_record import record as record_i2i
from engine.gan.pix2pix_train import Pix2PixConfig
from engine.gan.sharpness import laplacian_variance
from scenes.gan.faces import FaceGenerator, FaceWalk
from scenes.gan.translate import ImageToImage
from tests.support.rendering import TINY, render_for_test

ROOT = Path(__file__).resolve().parents[2]
SMALL_FACES = dict(n_faces=6, walk_keys=2, walk_steps=4, repeats=1)
TINY_I2I = dict(
    train_iters=20,
    gan_iters=20,
    width=4,
    record_every=10,
    n_show=4,
    batch_size=8,
    n_train=64,
    n_held_out=24,
)


def _folder(prefix: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, folder, True)
    return folder


@functools.cache
def faces_path() -> Path:
    path = _folder("gan-faces-") / "gan_faces.npz"
    record_faces(GanFacesConfig(**SMALL_FACES), path, progress=False)
    return path


@functools.cache
def i2i_path() -> Path:
    path = _folder("i2i-") / "image_to_image.npz"
    record_i2i(Pix2PixConfig(**TINY_I2I), path, progress=False, use_cache=False)
    return path


def test_shrink_keeps_each_blocks_mean_and_stripes_hide_from_it():
    img = np.arange(36, dtype=float).reshape(1, 6, 6, 1)
    out = shrink(img, 3)
    assert out[0, 0, 0, 0] == out[0, 2, 2, 0] == img[0, :3, :3].mean()
    with pytest.raises(ValueError):
        shrink(np.zeros((1, 4, 4, 1)), 3)
    # every stripe offset shrinks to the same input: where they go is lost
    flat = np.ones((3, 24, 24, 3), np.float32)
    lined = striped(flat, np.random.default_rng(0))
    shrunk = [shrink(lined[i : i + 1], 3) for i in range(3)]
    np.testing.assert_allclose(shrunk[0], shrunk[1], atol=1e-6)
    np.testing.assert_allclose(shrunk[0], shrunk[2], atol=1e-6)
    images, codes = pictures(6, seed=0)
    assert images.shape == (6, 24, 24, 3) and codes.shape == (6, 3)


def test_sharpness_is_lower_for_a_blurred_copy():
    from scipy import ndimage

    rng = np.random.default_rng(0)
    sharp = np.sign(rng.standard_normal((5, 8, 8, 3)))
    blurred = np.stack([ndimage.gaussian_filter(s, (1.0, 1.0, 0)) for s in sharp])
    assert (laplacian_variance(blurred) < laplacian_variance(sharp)).all()
    assert laplacian_variance(np.zeros((1, 8, 8)))[0] == 0


def test_slerp_ends_at_its_keys_and_stays_near_their_length():
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal((2, 100))
    np.testing.assert_allclose(slerp(a, b, 0.0), a, atol=1e-9)
    np.testing.assert_allclose(slerp(a, b, 1.0), b, atol=1e-9)
    mid = np.linalg.norm(slerp(a, b, 0.5))
    assert mid > 0.9 * min(np.linalg.norm(a), np.linalg.norm(b))


def test_faces_trace_figures_are_checkable_from_its_arrays():
    tr = load(faces_path())
    st = tr.stats
    assert tr["face"].shape == (6, 64, 64, 3) and tr["face"].dtype == np.uint8
    assert tr["face"].std() > 20, "faces, not a flat colour"
    assert st["ms_per_face_batch"] == pytest.approx(np.median(tr["batch_ms"]), 1e-3)
    assert st["ms_per_face_alone"] == pytest.approx(np.median(tr["alone_ms"]), 1e-3)
    walk = tr["walk"]
    steps = [mean_change(walk[i], walk[(i + 1) % len(walk)]) for i in range(len(walk))]
    np.testing.assert_allclose(tr["walk_change"], steps, rtol=1e-5)
    # the walk passes through its keys: frame 0 is key 0's face
    np.testing.assert_allclose(tr["walk_latent"][0], tr["walk_key"][0], atol=1e-5)


def _record_cli(env_extra: dict, out: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, **env_extra}
    return subprocess.run(
        [sys.executable, "-m", "engine", "record", "gan_faces", "--quiet",
         "--set", "n_faces=2", "--set", "repeats=1", "--out", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_missing_or_altered_face_weights_are_one_line_and_no_trace(tmp_path):
    from engine.gan.face_weights import face_weights

    bad = tmp_path / "weights.tar"
    bad.write_bytes(face_weights().read_bytes()[:-1] + b"x")
    for path, said in ((tmp_path / "none.tar", "missing"), (bad, "not the pinned")):
        out = tmp_path / "faces.npz"
        done = _record_cli({"FACE_WEIGHTS": str(path)}, out)
        assert done.returncode == 1
        lines = [x for x in done.stderr.splitlines() if "not written" in x]
        assert len(lines) == 1 and said in lines[0], done.stderr
        assert "Traceback" not in done.stderr and not out.exists()
    check = subprocess.run([sys.executable, "-m", "engine.gan.face_weights"],
                           cwd=ROOT, env={**os.environ, "FACE_WEIGHTS": str(bad)},
                           capture_output=True, text=True)  # fmt: skip
    assert check.returncode == 1 and check.stderr.count("\n") == 1


def test_image_to_image_figures_are_checkable_from_its_arrays():
    from engine.hybrid import check

    tr = load(i2i_path())
    st = tr.stats
    method = [str(m) for m in tr["method"]]
    held, read, truth = tr["held_images"], tr["read"], tr["held_code"]
    for m, name in enumerate(method):
        key = name.replace(" ", "_").lower()
        np.testing.assert_allclose(tr["sharpness"][m], laplacian_variance(held[m]),
                                   rtol=1e-4)  # fmt: skip
        again = check.read(held[m])
        np.testing.assert_array_equal(read[m, :, 1], again.shape)
        right = (read[m] == truth).all(-1).mean()
        assert st[f"correct_{key}"] == pytest.approx(right, abs=1e-4)
    g, l1 = method.index("GAN"), method.index("L1 alone")
    ratio = tr["sharpness"][g].mean() / tr["sharpness"][l1].mean()
    assert st["sharpness_ratio_gan_to_l1"] == pytest.approx(ratio, abs=1e-3)
    assert tr["verdict"].shape[-2:] == (6, 6) and st["patch_pixels"] == 10
    # the GAN starts where the L1-alone twin ended: the same generator's output
    np.testing.assert_allclose(tr["gan_out"][0], tr["l1_out"][-1], atol=1e-6)
    assert tr["gan_step"][0] == 0 and tr["gan_step"][-1] == TINY_I2I["gan_iters"]
    assert len(tr["verdict"]) == len(tr["gan_out"]) == len(tr["gan_step"])
    assert held.shape[1:] == (24, 24, 24, 3) and st["input_side"] == 8
    # the fixed rules read the real pictures right, far more than by chance
    assert st["correct_target"] > 0.8


class QuickFaces(FaceGenerator):
    hold_seconds = 0.2


class QuickWalk(FaceWalk):
    walk_seconds = 2.0


class QuickI2I(ImageToImage):
    train_seconds = 1.0
    hold_seconds = 0.2


def test_face_time_is_said_in_plain_units():
    from scenes.gan.faces import plain_time

    assert plain_time(6.3928) == "6.39 thousandths of a second"
    assert plain_time(0.0371) == "37.1 millionths of a second"


@pytest.mark.slow
def test_face_scenes_render_legibly_and_show_the_traces_faces(tmp_path):
    from scenes.gan.faces import edge_strength, halfway_pair, plain_time
    from scenes.kit.numbers import pct
    from tests.support.rendering import crop

    out = render_for_test(QuickFaces, faces_path(), tmp_path / "f")
    tr = load(faces_path())
    drawn = crop(out.frames[-1].astype(float), out.scene.grid, inset=0.05)
    assert drawn.std() > 20
    srt = out.files[".srt"].read_text()
    assert f"{tr.stats['batch']}" in srt and "DigiFace-1M" in srt
    # the time a face in plain units, and every face of the trace in the grid
    assert f"{plain_time(tr.stats['ms_per_face_batch'])} a face" in srt
    assert len(out.scene.grid) == len(tr["face"])
    # the one pass is set beside the way diffusion draws: many passes a picture
    assert "many passes" in " ".join(srt.split())
    walk = render_for_test(QuickWalk, faces_path(), tmp_path / "w")
    # the face walks on under every line: from the walk's start to the last
    # change of face, it never stands still a second (the caption's fade aside)
    faces = [crop(f.astype(float), walk.scene.big, inset=0.1) for f in walk.frames]
    moved = [np.abs(a - b).mean() > 0.5 for a, b in zip(faces, faces[1:], strict=False)]
    first = int(walk.scene.walk_from * TINY.gif_fps) + 1
    last = len(moved) - 1 - moved[::-1].index(True)
    still, longest = 0, 0
    for m in moved[first : last + 1]:
        still = 0 if m else still + 1
        longest = max(longest, still)
    assert longest < TINY.gif_fps * 1.0, f"the face stood still {longest} frames"
    srt = " ".join(walk.files[".srt"].read_text().split())
    assert f"{tr['walk_latent'].shape[1]} random numbers" in srt
    # "never jumps" rests on the largest frame-to-frame change, read from the
    # walk's own frames (a loop: the last frame steps back to the first)
    frames = tr["walk"]
    largest = max(mean_change(frames[i], frames[(i + 1) % len(frames)])
                  for i in range(len(frames)))  # fmt: skip
    assert pct(largest) in srt
    smooth = largest < tr.stats["face_pair_change_median"] / 4
    said = "never jumps" if smooth else "change the face a lot"
    assert "stored" not in srt and said in srt
    # halfway: the forger's own frame beside a 50/50 mix of the leg's two ends,
    # and "sharper" said only when the edges measure so
    keys, start = len(tr["walk_key"]), walk.scene.start
    per_key = len(frames) // keys
    drawn, mixed = halfway_pair(frames, keys, start)
    np.testing.assert_array_equal(drawn, frames[start * per_key + per_key // 2])
    ends = frames[start * per_key], frames[((start + 1) % keys) * per_key]
    np.testing.assert_allclose(mixed, (ends[0] / 2 + ends[1] / 2), atol=0.51)
    shown = [crop(walk.frames[-1].astype(float), group[0], inset=0.1)
             for group in walk.scene.halfway_pair]  # fmt: skip
    assert np.abs(shown[0] - shown[1]).mean() > 2, "two different pictures"
    sharper = edge_strength(drawn) > edge_strength(mixed)
    assert ("sharper edges" in srt) == sharper


@pytest.mark.slow
def test_image_to_image_renders_and_says_what_was_measured(tmp_path):
    from scenes.kit.numbers import pct

    out = render_for_test(QuickI2I, i2i_path(), tmp_path / "i")
    tr = load(i2i_path())
    st = tr.stats
    # the captions' words alone, in order: a line cut in two reads on
    lines = out.files[".srt"].read_text().splitlines()
    words = (w for w in lines if w.strip() and "-->" not in w and not w.isdigit())
    srt = " ".join(" ".join(words).split())
    method = [str(m) for m in tr["method"]]
    right = (tr["read"] == tr["held_code"][None]).all(-1).mean(1)  # as the scene
    gan, l1 = right[method.index("GAN")], right[method.index("L1 alone")]
    # the content kept is said in one line, whole when both keep it alike
    if pct(gan) == pct(l1):
        # one line, which the captions may cut in two
        assert "A simple program reads each picture's colour" in srt
        assert f"right for {pct(gan)} of both versions, so the content is kept" in srt
    else:
        assert f"right for {pct(l1)} without the inspector, {pct(gan)} with it" in srt
    ratio = st["sharpness_ratio_gan_to_l1"]
    assert ("as sharp with the inspector as without" in srt) == (ratio >= 1.5)
    assert ("not sharper" in srt) == (ratio < 1.05)
    # the sharpness figures are said as averages, the real pictures' beside them
    assert f"Averaged over {len(tr['held_code'])} pictures never trained on" in srt
    real = tr["sharpness"][method.index("target")].mean()
    assert f"the real pictures' {real:.3f}" in srt
    # the drawing turning striped over training is said only when measured
    # on the followed picture the scene shows (the largest shape)
    from scenes.gan.translate import stripes_from

    shapes = (tr["shown_target"].max(-1) > -0.5).sum((1, 2))
    k = int(np.argmax(shapes))
    turned = stripes_from(tr["gan_out"][:, k : k + 1]) is not None
    assert ("Now the forger draws the pattern." in srt) == turned
    # what the pictures are is said: made by a program, not photographs
    assert "a striped shape made by a program" in srt
    # how the inspector learns what real looks like is said, and drawn: an
    # arrow from under the real picture (kept in view) into the inspector
    assert "It is also shown real pictures, and learns to tell them" in srt
    scene = out.scene
    path = scene.from_real[0].get_start()
    assert abs(path[0] - scene.xs[3]) < 0.01 and path[1] < scene.y
    assert abs(scene.from_real[1].get_end()[1]
               - scene.inspector[0][0].get_bottom()[1]) < 0.1  # fmt: skip
    assert "the inspector learns to catch it" in srt
    # the share of the real pictures' sharpness said is printed between the two
    # figures it compares, the ratio gone before it
    share = round(100 * float(tr["sharpness"][method.index("GAN")].mean() / real))
    assert scene.share_label.text.replace(" ", "").endswith(f"={share}%")
    cols = scene.columns
    assert cols[2].get_x() < scene.share_label.get_x() < cols[3].get_x()
    # the ratio is printed between the two figures it compares
    from scenes.kit.numbers import times

    ratio_label = out.scene.ratio_label
    assert ratio_label.text.replace(" ", "") == times(ratio).replace(" ", "")
    figs_y = [c[1].get_bottom()[1] for c in out.scene.columns[1:3]]
    assert ratio_label.get_y() < min(figs_y)
    cols = out.scene.columns
    assert cols[1].get_x() < ratio_label.get_x() < cols[2].get_x()
    # the inspector is drawn as a box when it joins, in the empty third column
    words = out.scene.inspector[0][1][2].text.replace(" ", "")
    assert words == "realorfake?"
    assert abs(out.scene.inspector[0].get_x() - out.scene.xs[2]) < out.scene.cell
