"""How long a caption must stay on screen, and how long a scene's last frame.

Subtitle norms set the floor: a viewer reads about 15 characters a second
(Netflix's ceiling for adults is 17; the BBC's 160-180 words a minute is about
the same), and no caption, however short, flashes by in under 1.5 s. A scene
holds its last frame 3 s, so the point of the scene can be looked at before
the video ends or loops.

Plain arithmetic, no Manim: the render, the tests and the benchmark all read
these numbers from here.
"""

from __future__ import annotations

READING_CPS = 15.0  # characters a second a viewer reads comfortably
MIN_SECONDS = 1.5  # no caption shorter than this, however few its characters
FINAL_HOLD = 3.0  # seconds the last frame of a scene stays still


class CaptionError(ValueError):
    """A caption that cannot be shown or spoken (empty, or unspeakable)."""

def reading_seconds(line: str) -> float:
    """Seconds ``line`` must stay on screen to be read: max(1.5, characters / 15).

    Every character counts, spaces and punctuation too, as subtitle norms count
    them.
    """
    return max(MIN_SECONDS, len(line) / READING_CPS)


def cues(srt_text: str) -> list[tuple[float, float, str]]:
    """The cues of an .srt file as (start s, end s, text), lines joined by a
    space. Parsed by the ``srt`` library; raises srt.SRTParseError on a file
    that is not SRT."""
    import srt

    return [
        (c.start.total_seconds(), c.end.total_seconds(), " ".join(c.content.split()))
        for c in srt.parse(srt_text)
    ]


def too_fast(srt_text: str, slack: float = 0.05) -> list[str]:
    """Every cue shown for less than its reading time, in words (empty: all are
    readable). ``slack`` seconds absorb rounding to whole frames and to the
    .srt's milliseconds."""
    found = []
    for start, end, text in cues(srt_text):
        need = reading_seconds(text)
        if end - start + slack < need:
            found.append(
                f"{end - start:.2f} s for {len(text)} characters (needs "
                f"{need:.2f} s): {text!r}"
            )
    return found
