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
        _BUILT[key] = drop_svg_paths(built)
    return _BUILT[key].copy()
