"""make slides: a manim-slides presentation, one slide per narrated step, with
the narration as presenter notes, that opens from disk with no network."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from scenes.output import slides
from scenes.output.catalog import describe
from tests.output.test_gallery import CHROMIUM, CHROMIUM_FLAGS
from tests.support.rendering import TINY

ROOT = slides.ROOT


@pytest.fixture(scope="module")
def deck(points_trace_path, tmp_path_factory):
    if not (slides.REVEAL / "dist" / "reveal.js").is_file():
        pytest.fail("reveal.js is not installed: make test installs it (npm ci)")
    out = tmp_path_factory.mktemp("slides")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRACE", str(points_trace_path))
        index = slides.render_scene("PointsFlow", out, TINY)
    page = slides.join(out, ["PointsFlow"])
    return out, json.loads(index.read_text()), page


def test_every_narrated_step_is_a_slide_with_the_line_as_its_notes(deck):
    _, index, _ = deck
    notes = [s["notes"] for s in index["slides"]]
    assert notes[0] == describe("PointsFlow")  # the title, before the first line
    assert len(notes) >= 4 and all(notes)
    # each caption is a slide's notes, in the order spoken
    assert notes[1] == "Each dot is one example of the data;"
    assert "A diffusion model learns by watching data get destroyed." in notes


def test_the_page_opens_from_disk_offline_with_every_slide_and_its_notes(deck):
    out, index, page = deck
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        tab = browser.new_page()
        remote, problems = [], []
        tab.on(
            "request",
            lambda r: remote.append(r.url) if not r.url.startswith("file:") else None,
        )
        tab.on("pageerror", lambda e: problems.append(str(e)))
        tab.goto(page.as_uri())
        tab.wait_for_function("window.Reveal && Reveal.isReady()", timeout=15_000)
        total = tab.evaluate("Reveal.getTotalSlides()")
        notes = tab.evaluate(
            "Reveal.getSlides().map(s =>"
            " (s.querySelector('aside.notes') || {}).textContent || '')"
        )
        tab.evaluate("Reveal.next()")
        shown = tab.evaluate("Reveal.getIndices().h")
        browser.close()
    assert remote == [], f"the page reached for the network: {remote}"
    assert problems == []
    assert total == len(index["slides"])
    assert [n.strip() for n in notes] == [s["notes"] for s in index["slides"]]
    assert shown == 1
    assert (out / "reveal.js" / "dist" / "reveal.js").is_file()
    assert len(list((out / "slides_assets").glob("*.mp4"))) == total
    html = page.read_text()
    assert html.count("data-background-video-muted") >= total  # silent clips


def test_join_without_slides_is_one_line(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "scenes.output.slides", "join", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("slides: no slides yet for PointsFlow")
    assert len(done.stderr.strip().splitlines()) == 1
