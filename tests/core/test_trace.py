"""The trace format: round trip, and a clear, specific error for every bad file."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest

from engine.core import trace
from engine.core.trace import FORMAT_VERSION, TraceError


def minimal_arrays(frames=3, points=5, samples=4, steps=2):
    rng = np.random.default_rng(0)
    f32 = np.float32
    return {
        "data": rng.normal(size=(points, 2)).astype(f32),
        "forward": rng.normal(size=(frames, points, 2)).astype(f32),
        "forward_t": np.arange(frames, dtype=np.int32),
        "reverse": rng.normal(size=(frames, samples, 2)).astype(f32),
        "reverse_x0": rng.normal(size=(frames, samples, 2)).astype(f32),
        "reverse_t": np.arange(frames, dtype=np.int32)[::-1].copy(),
        "signal": np.linspace(1, 0, steps + 1).astype(f32),
        "noise": np.linspace(0, 1, steps + 1).astype(f32),
        "loss": np.ones(7, f32),
    }


def minimal_manifest():
    return trace.build_manifest(
        "points_diffusion",
        {"seed": 0},
        {"engine": "test"},
        extents={"x": [-4, 4], "y": [-4, 4]},
    )


def write_npz(path, arrays, manifest=None, **extra):
    payload = dict(arrays)
    if manifest is not None:
        payload[trace.MANIFEST_KEY] = np.array(json.dumps(manifest))
    payload.update(extra)
    np.savez_compressed(path, **payload)
    return path


def error_of(path) -> str:
    with pytest.raises(TraceError) as info:
        trace.load(path)
    message = str(info.value)
    assert message.startswith(str(path)), "the error names the file"
    assert "\n" not in message, "the error is one line"
    return message


def test_round_trip_keeps_arrays_and_manifest(tmp_path):
    arrays, manifest = minimal_arrays(), minimal_manifest()
    path = trace.save(tmp_path / "t.npz", manifest, arrays)
    loaded = trace.load(path)
    assert loaded.kind == "points_diffusion"
    assert loaded.manifest == json.loads(json.dumps(manifest))
    assert set(loaded.arrays) == set(arrays)
    for name, a in arrays.items():
        np.testing.assert_array_equal(loaded[name], a)
        assert loaded[name].dtype == a.dtype
    described = loaded.manifest["arrays"]["forward"]
    assert described["dims"] == ["frame", "point", "2"]
    assert described["meaning"] and described["units"]


def test_save_leaves_no_temporary_files(tmp_path):
    trace.save(tmp_path / "t.npz", minimal_manifest(), minimal_arrays())
    assert [p.name for p in tmp_path.iterdir()] == ["t.npz"]


def test_save_refuses_an_invalid_trace_and_writes_nothing(tmp_path):
    arrays = minimal_arrays()
    del arrays["signal"]
    with pytest.raises(TraceError, match="missing array 'signal'"):
        trace.save(tmp_path / "t.npz", minimal_manifest(), arrays)
    assert list(tmp_path.iterdir()) == []


def test_missing_array(tmp_path):
    arrays = minimal_arrays()
    del arrays["reverse_x0"]
    path = write_npz(tmp_path / "t.npz", arrays, minimal_manifest())
    assert "missing array 'reverse_x0'" in error_of(path)


def test_wrong_number_of_dims(tmp_path):
    arrays = minimal_arrays()
    arrays["forward"] = arrays["forward"][0]
    path = write_npz(tmp_path / "t.npz", arrays, minimal_manifest())
    assert "array 'forward' has 2 dims" in error_of(path)
    assert "expected 3 (frame, point, 2)" in error_of(path)


def test_dims_that_disagree_between_arrays(tmp_path):
    arrays = minimal_arrays()
    arrays["reverse_x0"] = arrays["reverse_x0"][:, :2]
    path = write_npz(tmp_path / "t.npz", arrays, minimal_manifest())
    assert "array 'reverse_x0' has 2 along 'sample' but 'reverse' has 4" in error_of(
        path
    )


def test_fixed_dim_of_the_wrong_size(tmp_path):
    arrays = minimal_arrays()
    arrays["data"] = np.zeros((5, 3), np.float32)
    path = write_npz(tmp_path / "t.npz", arrays, minimal_manifest())
    assert "array 'data' has size 3 on a dim that must be 2" in error_of(path)


def test_wrong_dtype(tmp_path):
    arrays = minimal_arrays()
    arrays["signal"] = np.array(["a", "b", "c"])
    path = write_npz(tmp_path / "t.npz", arrays, minimal_manifest())
    assert "array 'signal' has dtype <U1, expected float" in error_of(path)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nan_or_inf_values(tmp_path, bad):
    arrays = minimal_arrays()
    arrays["reverse"][1, 2, 0] = bad
    path = write_npz(tmp_path / "t.npz", arrays, minimal_manifest())
    assert "array 'reverse' holds 1 NaN or inf values" in error_of(path)


def test_wrong_format_version(tmp_path):
    manifest = minimal_manifest()
    manifest["version"] = FORMAT_VERSION + 1
    path = write_npz(tmp_path / "t.npz", minimal_arrays(), manifest)
    message = error_of(path)
    assert f"trace format version {FORMAT_VERSION + 1} is not supported" in message
    assert "re-record" in message


def test_unknown_kind(tmp_path):
    manifest = minimal_manifest()
    manifest["kind"] = "telepathy"
    path = write_npz(tmp_path / "t.npz", minimal_arrays(), manifest)
    assert "unknown trace kind 'telepathy'" in error_of(path)


def test_config_without_seed(tmp_path):
    manifest = minimal_manifest()
    manifest["config"] = {}
    path = write_npz(tmp_path / "t.npz", minimal_arrays(), manifest)
    assert "config lacks its 'seed'" in error_of(path)


def test_not_a_zip_at_all(tmp_path):
    path = tmp_path / "t.npz"
    path.write_bytes(b"this is not a trace, just text\n" * 10)
    assert "not a trace: not an .npz (zip) file" in error_of(path)


def test_empty_file(tmp_path):
    path = tmp_path / "t.npz"
    path.touch()
    assert "empty file, not a trace" in error_of(path)


def test_missing_file(tmp_path):
    assert "no such file" in error_of(tmp_path / "nope.npz")


def test_zip_without_manifest(tmp_path):
    path = write_npz(tmp_path / "t.npz", minimal_arrays())
    assert "no __manifest__ entry" in error_of(path)


def test_manifest_that_is_not_json(tmp_path):
    path = write_npz(
        tmp_path / "t.npz",
        minimal_arrays(),
        **{trace.MANIFEST_KEY: np.array("{not json")},
    )
    assert "manifest is not valid JSON" in error_of(path)


def test_truncated_file(tmp_path):
    good = trace.save(tmp_path / "good.npz", minimal_manifest(), minimal_arrays())
    data = good.read_bytes()
    cut = tmp_path / "cut.npz"
    cut.write_bytes(data[: len(data) // 2])
    message = error_of(cut)
    assert "not an .npz" in message or "truncated or corrupt" in message


def test_pickled_objects_are_refused_never_unpickled(tmp_path):
    class Boom:
        def __reduce__(self):
            return (exec, ("raise SystemExit('unpickled!')",))

    arrays = minimal_arrays()
    evil = np.empty(1, dtype=object)
    evil[0] = Boom()
    path = write_npz(tmp_path / "t.npz", arrays, minimal_manifest(), evil=evil)
    # The .npz really holds a pickle: make sure the test tests what it says.
    with zipfile.ZipFile(path) as z:
        assert b"unpickled!" in z.read("evil.npy")
    assert "array 'evil' holds pickled objects; refused" in error_of(path)


def test_load_can_demand_a_kind(tmp_path):
    path = trace.save(tmp_path / "t.npz", minimal_manifest(), minimal_arrays())
    with pytest.raises(TraceError, match="is a 'points_diffusion' trace, but a 'gan'"):
        trace.load(path, kind="gan")
