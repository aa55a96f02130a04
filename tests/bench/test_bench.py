"""The benchmark's arithmetic: the floor line, the overhead timing, the table."""

import pytest

from bench import floor, recording, report


def test_floor_line_through_renders_gives_each_scene_its_floor():
    renders = [{"frames": f, "seconds": 1.5 + 0.025 * f} for f in (120, 330, 540)]
    line = floor.fit(renders)
    assert line["fixed_seconds"] == pytest.approx(1.5, abs=1e-6)
    assert line["ms_per_frame"] == pytest.approx(25.0, abs=1e-6)
    assert line["r2"] == pytest.approx(1.0)
    scenes = [{"scene": "A", "frames": 200, "render_seconds": 13.0}]
    floor.add_ratios(scenes, line)
    assert scenes[0]["floor_seconds"] == pytest.approx(6.5)
    assert scenes[0]["render_to_floor"] == pytest.approx(2.0)


def test_floor_fit_reports_a_poor_line():
    renders = [{"frames": 100, "seconds": 5}, {"frames": 200, "seconds": 1},
               {"frames": 300, "seconds": 6}]  # fmt: skip
    assert floor.fit(renders)["r2"] < 0.5


def test_overhead_keeps_each_sides_fastest_run(monkeypatch):
    # Scripted CPU times: "on" runs take 1.1 s at best, "off" runs 1.0 s at
    # best; the first "off" call is the warm-up, slow and not counted.
    times = {"on": iter([1.5, 1.1, 1.2]), "off": iter([9.0, 1.0, 1.4, 1.3])}
    monkeypatch.setattr(recording, "cpu_seconds", lambda fn: fn())
    run = {side: (lambda side=side: next(times[side])) for side in times}
    figures = recording.on_off(run, repeats=3)
    assert figures["seconds_on"] == 1.1
    assert figures["seconds_off"] == 1.0
    assert figures["overhead"] == pytest.approx(0.1)
    assert figures["runs_each"] == 3


def test_table_marks_unmet_goals_and_names_the_floor_line():
    from bench.__main__ import GOALS

    scenes = [
        {"scene": name, "frames": 240, "render_seconds": seconds,
         "ours_bytes": 10**6, "manim_bytes": 3 * 10**7, "bytes_ratio": 0.033,
         "ours_psnr_db": 40.0, "manim_psnr_db": 20.0, "ours_ssim": 0.99,
         "manim_ssim": 0.3}
        for name, seconds in (("Quick", 12.0), ("Slow", 30.0))
    ]  # fmt: skip
    line = floor.fit([{"frames": f, "seconds": 1 + 0.03 * f} for f in (120, 540)])
    floor.add_ratios(scenes, line)  # floor at 240 frames: 8.2 s
    result = {
        "date": "2026-11-28",
        "machine": {"cpu": "CPU", "cores": 2, "memory_gb": 24, "os": "Linux",
                    "python": "3.11", "torch": "2", "manim": "0.22"},
        "goals": GOALS,
        "bench_seconds": 16 * 60,
        "scenes": scenes,
        "floor": line,
    }  # fmt: skip
    body = report.table(result)
    assert "| `make bench` itself | 16.0 min | < 15 min | **no** |" in body
    assert "1.00 s + 30.0 ms per frame" in body
    assert "| 3.66x (Slow) | <= 2.0x | **no** |" in body
    assert "| scenes within 2.0x of Manim's floor | 1 of 2 | all | **no** |" in body


def test_floor_renders_are_spread_among_the_scenes_none_at_either_end():
    scenes = [f"scene{i}" for i in range(17)]
    floors = ["floor120", "floor330", "floor540"]
    jobs = floor.interleave(scenes, floors)
    assert sorted(jobs) == sorted(scenes + floors)
    assert [j for j in jobs if j in scenes] == scenes  # order kept
    assert [j for j in jobs if j in floors] == floors
    at = [jobs.index(f) for f in floors]
    assert at[0] > 1 and at[-1] < len(jobs) - 3  # not first, nor near the end
    assert all(b - a >= 4 for a, b in zip(at[:-1], at[1:], strict=True))  # spread


def test_the_sound_models_are_benched_against_their_bars(tmp_path, monkeypatch):
    """Each recorded sound trace gives one row with its figures and bar; a
    figure under its bar is marked unmet; a trace not recorded gives none."""
    from types import SimpleNamespace

    from bench import models

    stats = {
        "sound_diffusion": {"train_seconds": 50.0, "samples": 128,
                            "pitch_share": 0.984, "instrument_share": 0.75},
        "tune_prompt": {"train_seconds": 40.0, "seen_accuracy": 0.95,
                        "heldout_accuracy": 0.8},
    }
    monkeypatch.setattr(models, "load",
                        lambda path: SimpleNamespace(stats=stats[path.stem]))
    assert models.sound_training(tmp_path) == []
    for kind in stats:
        (tmp_path / f"{kind}.npz").touch()
    rows = {r["model"]: r for r in models.sound_training(tmp_path)}
    note = rows["note diffusion (sound_diffusion)"]
    assert note["value"] == "98.4% / 75.0%" and not note["meets_bar"]
    assert note["quality"].startswith("of 128 notes")
    assert rows["words to a tune (tune_prompt)"]["meets_bar"]
    assert len(rows) == 2  # no melody trace, no melody row
