"""Names with quotes, spaces, non-ASCII letters and a leading dash survive every
hand-off to another program or file format: FFmpeg's concat list (ours and
Manim's), its command lines, gifsicle, the slides' JSON index, WebVTT and the
gallery's embedded JSON."""

from __future__ import annotations

import json
import subprocess
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from scenes.kit.handoff import HandoffError, arg, concat_line
from scenes.output import lecture
from scenes.output.captions import cues_json, vtt_text

ROOT = Path(__file__).resolve().parents[2]

# Folder names users have: the two, and every awkward character at once.
AWKWARD = [
    "plain copy",
    "lecturer's copy",
    "-dash 'q' \"dq\" élève ünï $HOME `x` ;&|",
]


def tiny_movie(path: Path, seconds: float = 0.6, fps: int = 10) -> None:
    """A short silent H.264 video, as a scene render without a voice is."""
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 64, 36, "yuv420p"
        stream.time_base = Fraction(1, fps)
        for i in range(round(seconds * fps)):
            rgb = np.full((36, 64, 3), 20 * i, np.uint8)
            frame = av.VideoFrame.from_ndarray(rgb, format="rgb24")
            frame.pts = i
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))


def scene_folder(folder: Path, monkeypatch) -> Path:
    folder.mkdir(parents=True)
    parts = [("diffusion", "GuidanceScale"), ("diffusion", "StepsVsSpeed")]
    for _, name in parts:
        tiny_movie(folder / f"{name}.mp4")
        (folder / f"{name}.srt").write_text(
            f"1\n00:00:00,000 --> 00:00:00,500\n{name} says “é”\n\n", encoding="utf-8"
        )
    monkeypatch.setattr(lecture, "ordered", lambda: parts)
    return folder


@pytest.mark.parametrize("name", AWKWARD)
def test_the_lecture_joins_scenes_whatever_their_folder_is_called(
    name, tmp_path, monkeypatch, capsys
):
    # Failed at 84f1326 for "lecturer's copy": "joining the scenes failed: Error
    # opening input files" (the concat list quoted paths without escaping).
    monkeypatch.chdir(tmp_path)
    scenes = scene_folder(Path(name) / "lecture", monkeypatch)  # relative, as typed
    out = Path(name) / "out" / "lecture.mp4"
    code = lecture.main([f"--scenes={scenes}", f"--out={out}"])
    assert code == 0, capsys.readouterr().err
    assert lecture.duration(out) == pytest.approx(1.2, abs=0.15)
    joined = out.with_suffix(".srt").read_text(encoding="utf-8")
    assert "StepsVsSpeed says “é”" in joined
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]


def test_a_line_break_in_a_path_is_one_line_not_a_broken_list(tmp_path):
    with pytest.raises(HandoffError, match="cannot hold a line break"):
        concat_line(tmp_path / "two\nlines.mp4")


def test_a_path_is_never_read_as_an_option_or_a_protocol(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("-y.mp4", "a:b.mp4", "--help"):
        given = arg(name)
        assert given.startswith("/") and given.endswith(name)
    line = concat_line("it's.mp4")
    assert line == f"file '{tmp_path}/it'\\''s.mp4'\n"


def test_manim_and_our_gif_render_into_a_folder_with_every_awkward_character(
    tmp_path,
):
    # Failed at 84f1326: Manim's own concat list of partial movies is not
    # escaped either, so a render into "lecturer's copy" stopped.
    from tests.support.project import finish, start_render, tiny_points_trace

    out = tmp_path / AWKWARD[2] / "renders"
    code, err, _ = finish(start_render("PointsFlow", out, tiny_points_trace()))
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == [
        f"PointsFlow.{ext}" for ext in ("gif", "mp4", "png", "srt", "vtt")
    ]


def test_web_captions_and_embedded_cues_survive_markup_in_a_caption(tmp_path):
    said = "a <b> & --> </script><!-- “é” 'q'"
    vtt = vtt_text([{"start": 0.0, "end": 1.0, "text": said}])
    assert "-->" not in vtt.split("\n", 3)[3], "a cue's text never holds -->"
    assert "&lt;b&gt; &amp; --&gt;" in vtt
    srt_file = tmp_path / "c.srt"
    srt_file.write_text(f"1\n00:00:00,000 --> 00:00:01,000\n{said}\n\n", "utf-8")
    embedded = cues_json(srt_file)
    assert "<" not in embedded and ">" not in embedded, "nothing HTML can read"
    assert json.loads(embedded)[0]["text"] == said


def test_make_reads_your_points_from_a_path_with_spaces_and_quotes(tmp_path):
    # Failed at 84f1326: "DATA: give a path without spaces".
    from tests.support.project import MAKE_ENV

    folder = tmp_path / "my points" / "it's -é"
    folder.mkdir(parents=True)
    bad = folder / "bad file.csv"
    bad.write_text("x,y,z\n1,2,3\n")
    out = subprocess.run(
        ["make", "--no-print-directory", "scene", "S=PointsFlow", f"DATA={bad}"],
        capture_output=True, text=True, timeout=120, cwd=ROOT, env=MAKE_ENV,
    )  # fmt: skip
    lines = (out.stdout + out.stderr).strip().splitlines()
    assert out.returncode != 0
    assert len(lines) == 1, lines
    assert f"DATA: {bad}: line 1 has 3 columns; expected 2 (x,y)" in lines[0]
    good = folder / "good file.csv"
    rng = np.random.default_rng(0)
    good.write_text("".join(f"{x},{y}\n" for x, y in rng.normal(size=(40, 2))))
    # -n: print what would run, run nothing (the checks run, the recipes do not)
    out = subprocess.run(
        ["make", "-n", "--no-print-directory", "scene", "S=PointsFlow",
         f"DATA={good}"],
        capture_output=True, text=True, timeout=120, cwd=ROOT, env=MAKE_ENV,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    record = [ln for ln in out.stdout.splitlines() if "engine record" in ln]
    assert record, out.stdout
    # the shell reads the record line back into the exact path
    words = subprocess.run(
        ["bash", "-c", f"printf '%s\\n' {record[0].split('engine record', 1)[1]}"],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()  # fmt: skip
    assert f"dataset={good}" in words, words
