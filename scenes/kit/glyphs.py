"""Manim's Text, with each distinct glyph outline read once per process.

Manim's Text asks Pango for an SVG of the string and parses it with
svgelements. Pango's SVG defines each distinct glyph once (``<symbol>``) and
places it with ``<use x= y=>``, but svgelements re-reads the outline at every
place it is used, and Manim builds a group for every SVG element on the way:
about 2.5 ms a glyph, most of what a caption costs to build. GlyphText turns
each distinct outline into a small recipe once (which coordinates make each of
Manim's Bezier points), then places every use with the same arithmetic Manim
would do, so its points are bit-for-bit Manim's (tests/kit/test_glyphs.py).

Only Pango's plain layout (one styled group of ``<use>``s) takes this path;
anything else (colour spans, arcs, other elements) falls back to Manim's own.
"""

from __future__ import annotations

import errno
import io
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import numpy as np
import svgelements as se
from manim import Text, VGroup
from manim.constants import RIGHT

SVG_NS = "{http://www.w3.org/2000/svg}"
HREF = "{http://www.w3.org/1999/xlink}href"


@dataclass(frozen=True)
class Recipe:
    """How one glyph's Manim points come from its outline's coordinates.

    ``coords`` holds every point of the outline, z = 0. Manim's point k is
    ``coords[a[k]]`` where ``direct[k]``, else ``(coords[a] + coords[b] +
    coords[c]) / 3`` (the control points Manim gives lines and quadratics).
    """

    coords: np.ndarray
    a: np.ndarray
    b: np.ndarray
    c: np.ndarray
    direct: np.ndarray

    def points_at(self, x: float, y: float) -> np.ndarray:
        # svgelements places a use at x*1 + y*0 + e, which is exactly x + e.
        placed = self.coords + np.array([x, y, 0.0])
        mixed = (placed[self.a] + placed[self.b] + placed[self.c]) / 3
        return np.where(self.direct[:, None], placed[self.a], mixed)


class Unsupported(Exception):
    """An outline or layout the fast path does not cover: use Manim's."""


_RECIPES: dict[str, Recipe] = {}  # outline path data -> recipe
_TEMPLATES: dict[tuple, object] = {}  # style of a glyph -> a glyph styled so


def recipe(d: str) -> Recipe:
    """The recipe for outline ``d``, mirroring VMobjectFromSVGPath.handle_commands."""
    if d in _RECIPES:
        return _RECIPES[d]
    coords: list[tuple[float, float, float]] = []
    rows: list[tuple[int, int, int, bool]] = []

    def point(p) -> int:
        coords.append((p[0], p[1], 0.0))
        return len(coords) - 1

    def cubic(s: int, c1: int, c2: int, e: int) -> None:
        rows.extend([(s, s, s, True), (c1, c1, c1, True), (c2, c2, c2, True),
                     (e, e, e, True)])  # fmt: skip

    def line(s: int, e: int) -> None:
        rows.extend([(s, s, s, True), (s, s, e, False), (s, e, e, False),
                     (e, e, e, True)])  # fmt: skip

    last = true_move = None
    for seg in se.Path(d):
        kind = type(seg)
        if kind is se.Move:
            last = true_move = point(seg.end)
        elif kind is se.Line:
            end = point(seg.end)
            line(last, end)
            last = end
        elif kind is se.CubicBezier:
            c1, c2, end = point(seg.control1), point(seg.control2), point(seg.end)
            cubic(last, c1, c2, end)
            last = end
        elif kind is se.QuadraticBezier:
            cp, end = point(seg.control), point(seg.end)
            rows.extend([(last, last, last, True), (last, cp, cp, False),
                         (cp, cp, end, False), (end, end, end, True)])  # fmt: skip
            last = end
        elif kind is se.Close:
            # Manim closes only when the pen is more than 1e-4 from the start.
            # Translating both points by one offset keeps them apart or equal.
            gap = np.subtract(coords[last], coords[true_move])
            if abs(np.linalg.norm(gap)) > 0.0001:
                line(last, true_move)
                last = true_move
        else:
            raise Unsupported(kind.__name__)
    table = np.array(rows, dtype=np.int64).reshape(-1, 4)
    made = Recipe(
        coords=np.array(coords, dtype=np.float64).reshape(-1, 3),
        a=table[:, 0],
        b=table[:, 1],
        c=table[:, 2],
        direct=table[:, 3].astype(bool),
    )
    _RECIPES[d] = made
    return made


def outline(symbol: ET.Element) -> str:
    """The path data of a glyph's ``<symbol>`` (empty for a space)."""
    return symbol.find(f"{SVG_NS}path").get("d", "")


def plain_layout(tree: ET.ElementTree) -> tuple[ET.Element, list[ET.Element]]:
    """Pango's plain layout: (the one group holding the uses, its uses).

    Raises Unsupported for anything else, so the caller can use Manim's parse.
    """
    root = tree.getroot()
    holders = [g for g in root.iter(f"{SVG_NS}g") if g.find(f"{SVG_NS}use") is not None]
    if len(holders) != 1:
        raise Unsupported("uses in more than one group")
    group = holders[0]
    uses = list(group)
    if any(u.tag != f"{SVG_NS}use" or u.get("transform") for u in uses):
        raise Unsupported("something other than plain uses")
    drawn = {"svg", "defs", "g", "symbol", "path", "use"}
    if any(el.tag.removeprefix(SVG_NS) not in drawn for el in root.iter()):
        raise Unsupported("an element other than paths and uses")
    if any(g.get("transform") for g in root.iter(f"{SVG_NS}g")):
        raise Unsupported("a transformed group")
    return group, uses


def cut_short(path, err: ET.ParseError) -> Exception:
    """The error for a Pango SVG that does not parse.

    Pango writes through cairo, which drops write errors, so a full disk shows
    up as a file cut short: report that as the disk error it is.
    """
    disk = os.statvfs(path)
    if disk.f_bavail * disk.f_frsize < 1 << 20:
        return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
    return err


class GlyphText(Text):
    """Text whose glyph outlines are parsed once per process, not once per use."""

    def generate_mobject(self):
        path = self.get_file_path()
        try:
            tree = ET.parse(path)
        except ET.ParseError as err:
            raise cut_short(path, err) from err
        try:
            group, uses = plain_layout(tree)
            symbols = {s.get("id"): s for s in tree.getroot().iter(f"{SVG_NS}symbol")}
            placed = []  # (recipe, symbol, use) of each glyph drawn
            for use in uses:
                symbol = symbols[use.get(HREF)[1:]]
                rec = recipe(outline(symbol))
                if len(rec.a):  # spaces draw nothing
                    placed.append((rec, symbol, use))
            if not placed:
                raise Unsupported("nothing drawn")
            _, symbol, use = placed[0]
            template = self._style_template(tree, group, use, symbol)
        except (Unsupported, KeyError, AttributeError, TypeError):
            return super().generate_mobject()
        glyphs = []
        for rec, _, use in placed:
            glyph = template.copy()
            glyph.points = rec.points_at(float(use.get("x", 0)), float(use.get("y", 0)))
            glyphs.append(glyph)
        self.add(*glyphs)
        self.id_to_vgroup_dict = {"root": VGroup(*glyphs)}
        self.flip(RIGHT)  # Flip y, as Manim's parse does
        return self

    def _style_template(self, tree: ET.ElementTree, group: ET.Element, use, symbol):
        """One glyph parsed Manim's way, for its style: every glyph in the
        group is styled alike. Its points are replaced by each glyph's own.
        Parsed once per distinct style (a colour, in practice)."""
        root = tree.getroot()
        key = (
            repr(sorted(self.generate_config_style_dict().items())),
            repr(sorted(root.attrib.items())),
            repr(sorted(group.attrib.items())),
            repr(sorted(symbol.find(f"{SVG_NS}path").attrib.items())),  # its style
        )
        if key not in _TEMPLATES:
            _TEMPLATES[key] = self._parse_style_probe(tree, group, use, symbol)
        return _TEMPLATES[key]

    def _parse_style_probe(self, tree, group, use, symbol):
        """Manim's own parse of this SVG cut down to one use of one glyph."""
        for other in list(group):
            if other is not use:
                group.remove(other)
        for parent in tree.getroot().iter():
            for child in list(parent):
                if child.tag == f"{SVG_NS}symbol" and child is not symbol:
                    parent.remove(child)
        probe = io.BytesIO()
        self.modify_xml_tree(tree).write(probe)
        probe.seek(0)
        mobjects, _ = self.get_mobjects_from(se.SVG.parse(probe))
        if len(mobjects) != 1:
            raise Unsupported("the style probe did not give one glyph")
        template = mobjects[0]
        template.path_obj = None  # its points are replaced; nothing reads it
        return template
