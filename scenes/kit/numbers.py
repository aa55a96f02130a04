"""Figures as every scene writes them, so one figure reads the same everywhere.

A share shown in two scenes (guidance 0's accuracy in GuidanceScale and in
ThreeArchitectures) must not read 12% in one and 12.5% in the other.
"""

from __future__ import annotations


def pct(share: float) -> str:
    """A share (0..1) as a percentage: 100%, 99.7%, 68%, 12.5%, 3.2%, 0%.

    Whole percentages from 10% up lose their ".0"; nothing is rounded to 100%
    or 0% that is not within 0.05 points of it."""
    v = 100 * float(share)
    if v >= 99.95:
        return "100%"
    if v >= 10 and abs(v - round(v)) < 0.05:
        return f"{v:.0f}%"
    return f"{v:.1f}%" if v >= 0.05 else "0%"


def ms(value: float) -> str:
    """A measured time in milliseconds, readable at any size: 1,234 ms, 53.5 ms,
    1.09 ms, 0.35 ms, 7.1 µs. Three figures from 1 ms up, so a ratio worked out
    from two times on screen agrees with the one said ("1.0 ms" against
    8.4 µs would read 119x where the measured times give 130x)."""
    if value >= 100:
        return f"{value:,.0f} ms"
    if value >= 10:
        return f"{value:.1f} ms"
    if value >= 1:
        return f"{value:.2f} ms"
    if value >= 0.1:
        return f"{value:.2f} ms"
    return f"{1000 * value:.1f} µs"


# The units ms() writes, in words a newcomer reads.
UNIT_WORDS = {"ms": "thousandths of a second", "µs": "millionths of a second"}


def unit_words(shown: str) -> str:
    """The unit of a time as ms() writes it, in plain words: "37.1 µs" ->
    "µs: millionths of a second"."""
    unit = shown.rsplit(" ", 1)[-1]
    return f"{unit}: {UNIT_WORDS[unit]}"


def plain_time(value_ms: float) -> str:
    """A measured time in words, figures as ms(): 6.39 ms -> "6.39
    thousandths of a second", 37.1 µs -> "37.1 millionths of a second"."""
    number, unit = ms(value_ms).rsplit(" ", 1)
    return f"{number} {UNIT_WORDS[unit]}"


def in_ms(value: float) -> str:
    """A time in milliseconds, always in ms (never switching to µs): a column
    of times reads at a glance only in one unit ("53.5 µs" beside "0.26 ms"
    reads as the larger). 0.031 ms, 0.26 ms, 58.3 ms."""
    if value >= 0.1:
        return ms(value)
    return f"{value:.3f} ms"


def times(ratio: float) -> str:
    """How many times one figure is another: 3.4x, 51x, "about 15,000x".

    Two significant figures at most: timings repeated on a busy machine vary
    by more than a percent, so "15,331x" would be false precision."""
    if ratio < 10:
        return f"{ratio:.1f}x"
    if ratio < 100:
        return f"{ratio:.0f}x"
    digits = len(str(int(ratio))) - 2
    rounded = int(round(ratio, -digits))
    return f"about {rounded:,}x"


def millions(n: int) -> str:
    """A count in millions to one decimal: 22_713_216 -> "22.7 million"."""
    return f"{n / 1e6:.1f} million"


def duration(seconds: float) -> str:
    """A span in plain units: "58 seconds", "1.9 hours", "3.2 days" (a unit
    is used from one and a half of it up)."""
    for unit, size in (("days", 86400), ("hours", 3600), ("minutes", 60)):
        if seconds >= 1.5 * size:
            return f"{seconds / size:.1f} {unit}"
    return f"{seconds:.0f} seconds"
