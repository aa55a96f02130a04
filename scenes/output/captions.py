"""Caption files for the web: WebVTT made from the .srt Manim writes.

Browsers' ``<track>`` element reads WebVTT, not SRT. Each cue keeps its times
and text; the text is escaped as WebVTT requires (``&``, ``<`` and ``>`` would
otherwise start an entity or a tag, so a caption such as "<0.1%" would be cut),
which converters that copy SRT text through, such as webvtt-py, do not do.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import srt


def _stamp(seconds: float) -> str:
    ms = round(seconds * 1000)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def read_cues(srt_path: Path) -> list[dict]:
    """The cues of an .srt file: [{"start": s, "end": s, "text": str}, ...].

    Raises OSError if the file cannot be read, srt.SRTParseError if it is not
    SRT."""
    text = Path(srt_path).read_text(encoding="utf-8")
    return [
        {
            "start": c.start.total_seconds(),
            "end": c.end.total_seconds(),
            "text": c.content.strip(),
        }
        for c in srt.parse(text)
    ]


def vtt_text(cues: list[dict]) -> str:
    """A WebVTT file (W3C WebVTT, section 4) holding ``cues``."""
    blocks = ["WEBVTT", ""]
    for cue in cues:
        # html.escape(quote=False) escapes exactly &, < and >.
        blocks += [
            f"{_stamp(cue['start'])} --> {_stamp(cue['end'])}",
            html.escape(cue["text"], quote=False),
            "",
        ]
    return "\n".join(blocks)


def write_vtt(srt_path: Path, vtt_path: Path) -> Path:
    """Write the WebVTT twin of ``srt_path`` to ``vtt_path`` (same cues)."""
    Path(vtt_path).write_text(vtt_text(read_cues(srt_path)), encoding="utf-8")
    return Path(vtt_path)


def cues_json(srt_path: Path) -> str:
    """The cues as JSON safe to embed in an HTML <script> block: no ``<``,
    ``>`` or ``&`` is left for the HTML parser to read (written as JSON's
    ``\\u003c`` and the like, which mean the same characters), so no caption
    can end the script early ("</script>") or open a comment ("<!--")."""
    text = json.dumps(read_cues(srt_path), ensure_ascii=False)
    for ch in "<>&":
        text = text.replace(ch, f"\\u{ord(ch):04x}")
    return text
