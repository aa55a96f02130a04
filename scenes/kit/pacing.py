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


# Where a caption may be cut into two, best first: after a sentence, a clause,
# a comma, then between any two words (as subtitle guidelines cut lines).
_BREAKS = (". ", "? ", "! ", "; ", ": ", ", ", " ")


def split_caption(line: str, fits) -> list[str]:
    """``line`` cut into captions that each ``fits(part)`` on one line.

    A line that fits stays whole. Otherwise it is cut once, at the strongest
    break (``_BREAKS``) nearest its middle, never leaving a part under a
    quarter of the line, and each half is split again as needed. A part with
    no space left in it is returned as it is (the caption then wraps)."""
    line = line.strip()
    if fits(line) or " " not in line:
        return [line]
    middle = len(line) / 2
    for mark in _BREAKS:
        at = [i + len(mark) - 1 for i in range(len(line)) if line.startswith(mark, i)]
        at = [i for i in at if len(line) / 4 <= i <= 3 * len(line) / 4]
        if at:
            cut = min(at, key=lambda i: abs(i - middle))
            head, tail = line[:cut].rstrip(), line[cut:].strip()
            return split_caption(head, fits) + split_caption(tail, fits)
    return [line]
