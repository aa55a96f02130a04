"""Every colour text is drawn in stands out from its theme's page by at least
WCAG 2.1's 4.5:1 for small text (https://www.w3.org/TR/WCAG21/#contrast-minimum):
captions are 12-13 px tall in a GIF, and the grey notes were the hardest read."""

import pytest

from scenes.kit import style

TEXT_COLOURS = ("text", "muted", "data", "sample", "guess", "signal", "noise", "accent")


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance of an sRGB colour "#RRGGBB", 0 (black) to 1."""
    h = hex_colour.lstrip("#")
    c = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_the_contrast_measure_matches_wcags_extremes():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#777777") == pytest.approx(1.0)


@pytest.mark.parametrize("theme", sorted(style.THEMES))
@pytest.mark.parametrize("role", TEXT_COLOURS)
def test_text_colours_stand_out_from_the_page(theme, role):
    pal = style.THEMES[theme]
    ratio = contrast(getattr(pal, role), pal.background)
    assert ratio >= 4.5, f"{theme} {role}: {ratio:.2f}:1"
