"""The gallery page, opened in a real headless Chromium (Debian's package).

Every scene's files are real renders (one scene rendered small, copied under
every scene's name), so the browser decodes real GIFs, PNGs and H.264 videos.
"""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from srt import parse as srt_parse

from scenes.diffusion.digits import GuidanceScale
from scenes.output import gallery
from scenes.output.catalog import ordered, scene_title
from tests.support.rendering import render_for_test

CHROMIUM = Path("/usr/bin/chromium")
# Flags for a closed network: without them Chromium keeps trying to reach
# Google's services and logs refused connections.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def renders(digits_trace_path, tmp_path_factory) -> Path:
    done = render_for_test(
        GuidanceScale, digits_trace_path, tmp_path_factory.mktemp("one")
    )
    out = tmp_path_factory.mktemp("renders")
    for _, scene in ordered():
        for ext in gallery.FILES:
            shutil.copy(done.files[ext], out / f"{scene}{ext}")
    assert gallery.main(["--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(renders):
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(renders))
    handler.log_message = lambda *args: None
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def check_page(browser, url: str) -> dict:
    """Load ``url``; return what loaded and what went wrong."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    problems = []
    page.on(
        "console",
        lambda m: (
            problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning")
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    # ERR_ABORTED is the browser stopping a video's download once it has the
    # metadata that preload="metadata" asks for: not a failure.
    page.on(
        "requestfailed",
        lambda r: (
            problems.append(f"failed: {r.url} {r.failure}")
            if r.failure != "net::ERR_ABORTED"
            else None
        ),
    )
    page.goto(url)
    # Images are lazy: bring each into view so the browser fetches it; the
    # one in view turns from its poster into its GIF.
    playing = []
    for img in page.query_selector_all("img"):
        img.scroll_into_view_if_needed()
        page.wait_for_function(
            "i => i.getAttribute('src') === i.dataset.gif && i.complete",
            arg=img,
            timeout=30_000,
        )
        playing.append(img.get_attribute("src"))
    page.wait_for_function(
        "[...document.images].every(i => i.complete)", timeout=30_000
    )
    page.wait_for_function(
        "[...document.querySelectorAll('video')]"
        ".every(v => v.readyState >= 1 || v.error)",
        timeout=30_000,
    )
    found = page.evaluate(
        """() => ({
        images: [...document.images].map(
            i => [i.dataset.gif, i.naturalWidth, i.getAttribute('alt')]),
        videos: [...document.querySelectorAll('video')].map(
            v => [v.getAttribute('src'), v.duration, v.getAttribute('poster')]),
        links: [...document.querySelectorAll('a[href$=".srt"]')].length,
        headings: [...document.querySelectorAll('h3')].map(h => h.textContent),
    })"""
    )
    # Captions: every video shows a text track with cues, loaded from its .vtt
    # (a server) or from the page (disk).
    page.wait_for_function(
        "[...document.querySelectorAll('video')].every(v => [...v.textTracks]"
        ".some(t => t.mode === 'showing' && t.cues && t.cues.length > 0))",
        timeout=30_000,
    )
    found["captions"] = page.evaluate(
        """() => [...document.querySelectorAll('video')].map(v => {
            const t = [...v.textTracks].find(t => t.mode === 'showing');
            return [t.kind, t.language, t.cues.length, t.cues[0].text];
        })"""
    )
    page.close()
    return {**found, "problems": problems, "playing": playing}


@pytest.mark.slow
@pytest.mark.parametrize("where", ["disk", "server"])
def test_gallery_loads_every_image_and_video_without_errors(
    browser, renders, server, where
):
    url = (renders / "index.html").as_uri() if where == "disk" else server + "/"
    found = check_page(browser, url)
    scenes = [scene for _, scene in ordered()]
    assert found["problems"] == []
    assert found["headings"] == [f"{scene_title(s)} ({s})" for s in scenes]
    assert [gif for gif, _, _ in found["images"]] == [f"{s}.gif" for s in scenes]
    assert found["playing"] == [f"{s}.gif" for s in scenes]  # each, once in view
    assert all(width > 0 for _, width, _ in found["images"])
    for s, (_, _, alt) in zip(scenes, found["images"], strict=True):
        assert alt.startswith(f"{scene_title(s)}: ") and len(alt) > 60
    assert [src for src, _, _ in found["videos"]] == [f"{s}.mp4" for s in scenes]
    assert all(duration > 0 for _, duration, _ in found["videos"])
    assert [poster for _, _, poster in found["videos"]] == [f"{s}.png" for s in scenes]
    assert found["links"] == len(scenes)
    srt = (renders / f"{scenes[0]}.srt").read_text()
    cues = list(srt_parse(srt))
    assert found["captions"] == [
        ["captions", "en", len(cues), cues[0].content] for _ in scenes
    ]


def test_gallery_refuses_in_one_line_when_a_file_is_missing(renders, tmp_path, capsys):
    partial = tmp_path / "partial"
    shutil.copytree(renders, partial)
    (partial / "index.html").unlink()
    (partial / "ModeCollapse.srt").unlink()
    assert gallery.main(["--out", str(partial)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("gallery: 1 of the scenes' files are missing, e.g. ")
    assert "ModeCollapse.srt: run make" in err
    assert not (partial / "index.html").exists()
