"""Caption pacing over the default renders: can every cue be read?

The rule (scenes/kit/pacing.py): each cue on screen at least
max(1.5 s, characters / 15). This reads every scene's .srt as `make` wrote it.
"""

from __future__ import annotations

from pathlib import Path

from scenes.kit import pacing


def figures(renders: Path, names: list[str]) -> dict:
    """{"cues", "too_fast", "over_15_cps", "fastest_cps", "fastest_cue"} over
    the .srt of every scene in ``names`` under ``renders``.

    ``fastest_cps`` is the reading speed the hardest cue asks of a viewer,
    characters per second. Raises OSError if a scene's .srt is missing."""
    cues, too_fast, over, fastest = 0, 0, 0, (0.0, "")
    for name in names:
        srt = (renders / f"{name}.srt").read_text(encoding="utf-8")
        too_fast += len(pacing.too_fast(srt))
        for start, end, text in pacing.cues(srt):
            cues += 1
            cps = len(text) / max(end - start, 1e-3)
            # a cue rounded to whole milliseconds may read 15.01 cps: not over
            over += cps > pacing.READING_CPS + 0.05
            if cps > fastest[0]:
                fastest = (cps, f"{name}: {text}")
    return {
        "cues": cues,
        "too_fast": too_fast,
        "over_15_cps": over,
        "fastest_cps": round(fastest[0], 2),
        "fastest_cue": fastest[1],
    }
