"""Figures read the same in every scene: shares, times and ratios."""

from __future__ import annotations

from scenes.kit.numbers import ms, pct, times


def test_times_read_well_at_every_size():
    assert ms(1234.5) == "1,234 ms"  # rounded half to even: 1,234.5 -> 1,234
    assert ms(51.44) == "51.4 ms"
    assert ms(1.094) == "1.09 ms"  # three figures: ratios read off agree
    assert ms(0.9946) == "0.99 ms"
    assert ms(0.00728) == "7.3 µs"


def test_ratios_keep_two_significant_figures_and_say_so():
    assert times(3.42) == "3.4x"
    assert times(51.3) == "51x"
    assert times(7061.4) == "about 7,100x"
    assert times(15331) == "about 15,000x"


def test_shares_drop_a_trailing_zero_and_never_round_to_the_ends():
    assert pct(0.125) == "12.5%"
    assert pct(0.12) == "12%"
    assert pct(0.9996) == "100%"
    assert pct(0.9994) == "99.9%"
    assert pct(0.0004) == "0%"
    assert pct(0.0316) == "3.2%"
