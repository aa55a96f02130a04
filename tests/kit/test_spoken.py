"""Spoken text: every number, unit and symbol a caption holds, said in words."""

from __future__ import annotations

import pytest

from scenes.kit.pacing import CaptionError
from scenes.kit.spoken import speakable, spoken, unspeakable


@pytest.mark.parametrize(
    ("caption", "said"),
    [
        ("76x faster", "seventy-six times faster"),
        ("0.02% is left", "zero point zero two percent is left"),
        ("147 ms per image", "one hundred and forty-seven milliseconds per image"),
        ("1 ms", "one millisecond"),
        ("1.0 MB", "one point zero megabytes"),
        ("1,000 fakes", "one thousand fakes"),
        ("24.6 µs per digit", "twenty-four point six microseconds per digit"),
        ("R² 0.99", "R squared zero point nine nine"),
        ("Divided by √16 = 4", "Divided by the square root of sixteen equals four"),
        ("x̂0", "x hat zero"),
        ("≥ 3 steps", "at least three steps"),
        ("memory ×4.0", "memory times four point zero"),
        ("4 heads × 3 tables + the mask",
         "four heads times three tables plus the mask"),
        ("sure (80%+)", "sure (eighty percent or more)"),
        ("an 8x8 digit", "an eight by eight digit"),
        ("“book”: 94%", '"book": ninety-four percent'),
        ("The top word is “.”", 'The top word is "full stop"'),
        ("15,984x slower",
         "fifteen thousand, nine hundred and eighty-four times slower"),
        ("Times are in µs and ms.", "Times are in microseconds and milliseconds."),
        ("Memory in KB and MB:", "Memory in kilobytes and megabytes:"),
        ("it has 3 steps", "it has three steps"),  # a lone "s" stays a letter
    ],
)  # fmt: skip
def test_numbers_units_and_symbols_are_said_in_words(caption, said):
    assert spoken(caption) == said
    assert unspeakable(said) == []


def test_a_symbol_the_normaliser_cannot_say_is_refused_by_name():
    with pytest.raises(CaptionError, match="cannot speak 'µ'"):
        speakable("a µ alone")  # a unit (µs) is said; the letter is not
    with pytest.raises(CaptionError, match="'@'"):
        speakable("mail me @ home")
