"""GlyphText builds exactly the Text Manim would, bit for bit, only sooner."""

import errno
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from manim import SVGMobject, Text, tempconfig

from scenes.kit import glyphs, style
from scenes.kit.glyphs import GlyphText

STRINGS = [
    "The inspector learns to tell real points from forged ones, round by round.",
    "step 1,234 of 1,000",
    "99.7% seen, 97.2% held out",
    "a  b\tc",  # runs of spaces and a tab
    "× → — “quoted” é √2 ∑",  # symbols and accents outside ASCII
    "fi fl ffi",  # ligatures
    "1",
]


@pytest.fixture(autouse=True)
def own_media_dir(tmp_path):
    with tempconfig({"media_dir": str(tmp_path)}):
        yield


def assert_same(ours: Text, manims: Text) -> None:
    mine = ours.family_members_with_points()
    theirs = manims.family_members_with_points()
    assert len(ours.submobjects) == len(manims.submobjects)
    assert len(mine) == len(theirs) > 0
    for a, b in zip(mine, theirs, strict=True):
        assert np.array_equal(a.points, b.points)  # exact, not close
        assert np.array_equal(a.fill_rgbas, b.fill_rgbas)
        assert np.array_equal(a.stroke_rgbas, b.stroke_rgbas)
        assert np.array_equal(a.background_stroke_rgbas, b.background_stroke_rgbas)
        assert a.stroke_width == b.stroke_width
    assert ours.text == manims.text


@pytest.mark.parametrize("s", STRINGS)
@pytest.mark.parametrize("colour, size", [("#5EC8F2", 24), ("#FFFFFF", 36.5)])
def test_glyph_text_is_manims_text(s, colour, size):
    kw = {"font": style.FONT, "font_size": size, "color": colour}
    assert_same(GlyphText(s, **kw), Text(s, **kw))


def test_each_outline_is_read_once_and_the_fast_path_is_taken(monkeypatch):
    def no_manim_parse(self):
        raise AssertionError("fell back to Manim's parse")

    monkeypatch.setattr(SVGMobject, "generate_mobject", no_manim_parse)
    GlyphText("glyph reuse", font=style.FONT)
    outlines = len(glyphs._RECIPES)
    GlyphText("reuse glyph", font=style.FONT)  # the same letters, new places
    assert len(glyphs._RECIPES) == outlines


def test_colour_spans_fall_back_to_manims_parse(monkeypatch):
    manims_parse = SVGMobject.generate_mobject
    calls = []

    def counted(self):
        calls.append(self)
        return manims_parse(self)

    monkeypatch.setattr(SVGMobject, "generate_mobject", counted)
    kw = {"font": style.FONT, "t2c": {"real": "#FF0000"}, "color": "#FFFFFF"}
    ours = GlyphText("real or fake", **kw)
    assert calls == [ours]  # two colours: two groups of glyphs, Manim's parse
    assert_same(ours, Text("real or fake", **kw))


def test_a_cut_short_svg_is_a_full_disk_only_when_the_disk_is_full(
    tmp_path, monkeypatch
):
    svg = tmp_path / "cut.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"><g><use x="1"')
    with pytest.raises(ET.ParseError) as parse:
        ET.parse(svg)
    assert glyphs.cut_short(svg, parse.value) is parse.value  # room left: corrupt

    class Full:
        f_bavail, f_frsize = 3, 4096

    monkeypatch.setattr(glyphs.os, "statvfs", lambda path: Full)
    err = glyphs.cut_short(svg, parse.value)
    assert isinstance(err, OSError) and err.errno == errno.ENOSPC
