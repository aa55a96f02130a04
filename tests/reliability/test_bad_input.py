"""Bad input gets one clear line and a non-zero exit, never a traceback, and
touches nothing else in the output folder.

The trace validator's message for each bad trace is tested in test_trace.py;
here every such trace goes through a render, as a user's TRACE= would. Unknown
trace kinds, unknown config fields, num_steps out of range and an unwritable
--out are in test_cli.py; unknown words in a sentence in test_transformer.py.
"""

from __future__ import annotations

import contextlib
import dataclasses
import subprocess
import zipfile

import numpy as np
import pytest

from engine.core import trace
from engine.core.config_args import ConfigError, apply_overrides
from engine.core.recorders import RECORDERS
from tests.core.test_trace import minimal_arrays, minimal_manifest, write_npz
from tests.support.project import (
    MAKE_ENV,
    PYTHON,
    ROOT,
    finish,
    is_root,
    start_render,
    tiny_points_trace,
)


def good(path):
    return trace.save(path, minimal_manifest(), minimal_arrays())


def truncated(path):
    data = good(path).read_bytes()
    path.write_bytes(data[: len(data) // 2])


def not_a_zip(path):
    path.write_text("x,y\n1,2\n")


def empty(path):
    path.touch()


def no_manifest(path):
    write_npz(path, minimal_arrays())


def with_manifest(change=None, **arrays_change):
    def make(path):
        manifest, arrays = minimal_manifest(), minimal_arrays()
        if change:
            change(manifest)
        for name, value in arrays_change.items():
            if value is None:
                del arrays[name]
            else:
                arrays[name] = value(arrays[name])
        write_npz(path, arrays, manifest)

    return make


def pickled(path):
    evil = np.empty(1, dtype=object)
    evil[0] = {"a": 1}
    write_npz(path, minimal_arrays(), minimal_manifest(), evil=evil)


def nan_at(a):
    a = a.copy()
    a.flat[3] = np.nan
    return a


BAD_TRACES = {
    "truncated": (truncated, ("not an .npz", "truncated or corrupt")),
    "not a zip": (not_a_zip, ("not an .npz (zip) file",)),
    "empty": (empty, ("empty file",)),
    "zip without manifest": (no_manifest, ("no __manifest__ entry",)),
    "wrong version": (with_manifest(lambda m: m.update(version=99)),
                      ("version 99 is not supported",)),
    "missing array": (with_manifest(signal=None), ("missing array 'signal'",)),
    "wrong dims": (with_manifest(forward=lambda a: a[0]),
                   ("array 'forward' has 2 dims",)),
    "wrong dtype": (with_manifest(forward_t=lambda a: a.astype(np.float32) + 0.5),
                    ("array 'forward_t' has dtype float32",)),
    "NaN values": (with_manifest(reverse=nan_at), ("holds 1 NaN or inf",)),
    "inf values": (with_manifest(noise=lambda a: np.full_like(a, np.inf)),
                   ("NaN or inf values",)),
    "pickled objects": (pickled, ("holds pickled objects; refused",)),
}  # fmt: skip
PREVIOUS = {"PointsFlow.png": b"an earlier poster", "notes.txt": b"the user's"}


def listing(folder):
    return sorted((p.name, p.read_bytes()) for p in folder.iterdir())


@pytest.fixture
def out(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    for name, data in PREVIOUS.items():
        (folder / name).write_bytes(data)
    return folder


@pytest.mark.parametrize("case", BAD_TRACES)
def test_a_render_refuses_each_bad_trace_in_one_line_touching_nothing(
    case, tmp_path, out, monkeypatch, capsys
):
    from scenes.output import render as render_module

    make, expected = BAD_TRACES[case]
    bad = tmp_path / "bad.npz"
    make(bad)
    monkeypatch.setenv("TRACE", str(bad))
    before = listing(out)
    code = render_module.main(["PointsFlow", "--quality", "draft", "--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and err[0].startswith(f"render: {bad}: "), err
    assert any(e in err[0] for e in expected), err
    assert listing(out) == before, "the output folder was touched"


def test_a_pickled_trace_is_never_unpickled_even_through_the_command_line(
    tmp_path, out
):
    bad = tmp_path / "evil.npz"
    marker = tmp_path / "unpickled"

    class Boom:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    evil = np.empty(1, dtype=object)
    evil[0] = Boom()
    write_npz(bad, minimal_arrays(), minimal_manifest(), evil=evil)
    with zipfile.ZipFile(bad) as z:
        assert str(marker).encode() in z.read("evil.npy")
    done = subprocess.run(
        [str(PYTHON), "-m", "scenes.output.render", "PointsFlow", "--out", str(out)],
        cwd=ROOT, env={**MAKE_ENV, "TRACE": str(bad)}, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"render: {bad}: array 'evil' holds pickled objects; refused"
    ]
    assert not marker.exists()
    assert sorted(p.name for p in out.iterdir()) == sorted(PREVIOUS)


def test_a_render_refuses_unknown_scenes_and_qualities_in_one_line(out, capsys):
    from scenes.output import render as render_module

    assert render_module.main(["Nope", "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("render: unknown scene 'Nope'")
    with pytest.raises(SystemExit) as stop:
        render_module.main(["PointsFlow", "--quality", "huge", "--out", str(out)])
    assert stop.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "invalid choice: 'huge'" in err[0]
    assert sorted(p.name for p in out.iterdir()) == sorted(PREVIOUS)


def test_a_render_into_a_folder_that_cannot_be_written_is_one_line(
    tmp_path, monkeypatch, capsys
):
    from scenes.output import render as render_module

    monkeypatch.setenv("TRACE", str(good(tmp_path / "t.npz")))
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code = render_module.main(["PointsFlow", "--out", str(blocker / "renders")])
    assert code == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        f"render: cannot write to {blocker / 'renders'}: Not a directory"
    ]


def test_make_scene_refuses_an_unknown_scene_in_one_line():
    done = subprocess.run(
        ["make", "--no-print-directory", "scene", "S=Nope"],
        cwd=ROOT, env=MAKE_ENV, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    lines = (done.stdout + done.stderr).strip().splitlines()
    assert done.returncode != 0
    assert len(lines) == 1 and "unknown scene 'Nope'" in lines[0], lines


def numeric_fields():
    for kind, entry in RECORDERS.items():
        config_class, _ = entry.load()
        for field in dataclasses.fields(config_class):
            if type(field.default) in (int, float):
                yield kind, config_class, field


def test_every_count_rate_and_seed_has_bounds():
    """Negative, absurd or non-finite values of any numeric config field are
    refused with one line, before anything trains."""
    checked = 0
    for kind, config_class, field in numeric_fields():
        bad = ["-5", str(10**12)]
        if isinstance(field.default, float):
            bad += ["nan", "inf"]
        for value in bad:
            with pytest.raises(ConfigError) as err:
                apply_overrides(config_class, [f"{field.name}={value}"])
            assert "\n" not in str(err.value) and field.name in str(err.value), (
                kind, field.name, value, str(err.value))  # fmt: skip
            checked += 1
    assert checked > 100


@pytest.mark.parametrize(
    "args, expected",
    [
        (["attention", "--set", "heads=0"], "heads must be between 1 and 64, got 0"),
        (["points_diffusion", "--set", "seed=-5"], "seed must be between 0 and"),
        (["gan_points", "--set", f"n_modes={10**12}"], "n_modes must be between"),
        (["attention", "--set", "sentence=" + " ".join(["the"] * 40)],
         "sentence has 40 words; at most 12 fit the attention scenes legibly "
         "(every label at least 12 px tall)"),
        (["text_generation", "--set", "prompt=" + " ".join(["the"] * 40)],
         "prompt has 40 words; at most 31 fit the model's context"),
        (["text_generation", "--set", "prompt=   "],
         "prompt must have at least one word"),
    ],
)  # fmt: skip
def test_the_engine_refuses_bad_config_in_one_line(args, expected, tmp_path, capsys):
    from engine.__main__ import main

    code = main(["record", *args, "--out", str(tmp_path / "t.npz")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and err[0].startswith(f"engine: {expected}"), err
    assert list(tmp_path.iterdir()) == []


def test_a_too_long_sentence_is_refused_before_make_does_anything():
    done = subprocess.run(
        [str(PYTHON), "-m", "engine.transformer.sentence", *["the"] * 40],
        cwd=ROOT, env=MAKE_ENV, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stdout.strip().splitlines() == [
        "SENTENCE has 40 words; at most 12 fit the attention scenes legibly "
        "(every label at least 12 px tall)"
    ]
    assert "Traceback" not in done.stderr


@contextlib.contextmanager
def small_disk(folder, size: str):
    """A tmpfs of ``size`` mounted at ``folder``: a disk that fills up."""
    if not is_root():
        pytest.skip("a full disk is simulated with a small tmpfs, which needs root")
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True, text=True,
    )  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.mark.slow
@pytest.mark.parametrize("size", ["300k", "400k"])  # 400k fills in a movie part
def test_a_render_on_a_full_disk_is_one_line_and_leaves_nothing(size, tmp_path):
    with small_disk(tmp_path / "disk", size) as disk:
        out = disk / "renders"
        code, err, _ = finish(start_render("PointsFlow", out, tiny_points_trace()))
        assert code == 1
        assert err.splitlines() == [
            f"render: cannot write to {out}: No space left on device"
        ]
        assert list(out.iterdir()) == []


TINY_RECORD = ["record", "points_diffusion", "--quiet", "--set", "train_iters=5",
               "--set", "n_show=10"]  # fmt: skip


def test_a_recording_on_a_full_disk_is_one_line_and_leaves_nothing(
    tmp_path, capsys
):
    from engine.__main__ import main

    with small_disk(tmp_path / "disk", "16k") as disk:
        out = disk / "traces" / "points_diffusion.npz"
        assert main([*TINY_RECORD, "--no-cache", "--out", str(out)]) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert err[-1] == f"engine: cannot write {out}: No space left on device"
        assert list(out.parent.iterdir()) == []


def test_a_full_checkpoint_cache_is_one_line_and_writes_no_trace(
    tmp_path, monkeypatch, capsys
):
    from engine.__main__ import main
    from engine.core import checkpoints

    with small_disk(tmp_path / "disk", "16k") as disk:
        monkeypatch.setattr(checkpoints, "CACHE_DIR", disk / "cache")
        out = tmp_path / "points_diffusion.npz"
        assert main([*TINY_RECORD, "--out", str(out)]) == 1
        err = capsys.readouterr().err.strip().splitlines()
        (cache,) = [line for line in err if "cannot write" in line]
        assert cache.startswith(f"engine: cannot write {disk / 'cache'}/points_diff")
        assert cache.endswith(".pt: No space left on device")
        assert not out.exists() and list((disk / "cache").iterdir()) == []



def test_a_recording_that_breaks_the_trace_format_is_one_line(
    tmp_path, monkeypatch, capsys
):
    """A model that diverged records NaN: the trace is refused, not written."""
    from engine.__main__ import main
    from engine.diffusion import points as points_diffusion

    def diverged(cfg, out_path, progress=True, use_cache=True):
        arrays = minimal_arrays()
        arrays["reverse"][:] = np.nan
        return trace.save(out_path, minimal_manifest(), arrays)

    monkeypatch.setattr(points_diffusion, "record", diverged)
    out = tmp_path / "t.npz"
    assert main(["record", "points_diffusion", "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == f"engine: not written: {out}: array 'reverse' holds " + (
        f"{minimal_arrays()['reverse'].size} NaN or inf values"
    )
    assert list(tmp_path.iterdir()) == []


def test_only_errors_caused_by_the_disk_count_as_disk_errors():
    from scenes.output.render import os_error_in

    disk = OSError(28, "No space left on device")
    try:
        raise RuntimeError("Failed to finish video segment") from disk
    except RuntimeError as wrapped:
        assert os_error_in(wrapped) is disk  # Manim's writer wraps it
    assert os_error_in(RuntimeError("a bug")) is None  # still a traceback
