"""Text in the explainer's font, built once and cheap to animate.

Building a Text runs Pango and parses the SVG it writes (tens of milliseconds),
and each glyph keeps its parsed SVG path after its points are made. Manim
deep-copies a mobject for every FadeIn, Transform and ``copy()``, and copying
those path objects is what made a caption's fade cost a tenth of a second.
So each distinct text is built once (by GlyphText, which reads each glyph's
outline once per process), its glyphs keep only their points and style, and
callers get a copy.
"""

from __future__ import annotations

from manim import Text

from scenes.kit import style
from scenes.kit.glyphs import GlyphText

_BUILT: dict[tuple[str, str, float], Text] = {}
_CAPS: dict[float, float] = {}


def cap_units(size: float) -> float:
    """The height, in scene units, of a capital letter at font ``size``
    (DejaVu Sans: 0.73 of the size in points, over Manim's 48 points a unit)."""
    if size not in _CAPS:
        _CAPS[size] = GlyphText("H", font=style.FONT, font_size=size).height
    return _CAPS[size]


def note_size(mobject, size: float, s: str, turns: bool = True):
    """Remember what ``mobject`` says, at which font ``size`` and how big it
    was built, so the scene can tell how tall its capitals end up on screen
    however it is scaled later (see ExplainerScene.small_text). A text that
    may be turned upright (``turns``) is measured by its longer side; one
    whose width changes as it runs (a counter) by its height."""
    built = max(mobject.height, mobject.width) if turns else mobject.height
    mobject.legible = (s, cap_units(size), built, turns)
    return mobject


def drop_svg_paths(text: Text) -> Text:
    """Forget each glyph's parsed SVG path; its points are already made from it."""
    for glyph in text.family_members_with_points():
        if hasattr(glyph, "path_obj"):
            glyph.path_obj = None
    return text


def label(s: str, colour: str, size: float = style.LABEL_SIZE) -> Text:
    """``s`` in the explainer's font, ``size`` and ``colour``: a fresh copy."""
    key = (s, colour, float(size))
    if key not in _BUILT:
        built = GlyphText(s, font=style.FONT, font_size=size, color=colour)
        _BUILT[key] = note_size(drop_svg_paths(built), size, s)
    return _BUILT[key].copy()


def quoted(s: str) -> str:
    """``s`` in curly double quotes, as every scene quotes a word or prompt."""
    return f"\u201c{s}\u201d"
