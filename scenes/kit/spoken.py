"""Screen text to spoken text: what the narrator says for a caption.

A caption is written to be read ("147 ms", "76x", "0.02%", "1,000", "√16",
"length²"); a voice fed that text reads symbols letter by letter, drops them,
or says "one comma zero zero zero". ``spoken()`` rewrites every number, unit
and symbol our captions use into words, with num2words for the numbers, and
``unspeakable()`` names anything left that a voice could misread: a caption
that still holds one is refused (CaptionError) rather than spoken wrong.

    >>> spoken("Timed here: 24.6 µs per digit, 15,984x slower.")
    'Timed here: twenty-four point six microseconds per digit, fifteen thousand,
    nine hundred and eighty-four times slower.'
"""

from __future__ import annotations

import re
import unicodedata

from num2words import num2words

from scenes.kit.pacing import CaptionError

# A number as captions write it: digits with thousands commas, an optional
# decimal part. "1,000" and "0.02" and "15,984" and "1.00".
NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

UNITS = {  # unit after a number -> (singular, plural)
    "µs": ("microsecond", "microseconds"),
    "μs": ("microsecond", "microseconds"),
    "ms": ("millisecond", "milliseconds"),
    "s": ("second", "seconds"),
    "kB": ("kilobyte", "kilobytes"),
    "KB": ("kilobyte", "kilobytes"),
    "MB": ("megabyte", "megabytes"),
    "GB": ("gigabyte", "gigabytes"),
    "Hz": ("hertz", "hertz"),
    "kHz": ("kilohertz", "kilohertz"),
    "dB": ("decibel", "decibels"),
}

# Symbols with one reading wherever they stand.
SYMBOLS = {
    "“": '"', "”": '"', "‘": "'", "’": "'", "…": "...",
    "—": ", ", "–": ", ", "·": ", ",
    "≥": " at least ", "≤": " at most ", "≈": " about ", "±": " plus or minus ",
    "→": " to ", "=": " equals ", "²": " squared", "³": " cubed",
    "<": " less than ", ">": " more than ",  # "<0.1%" of attention
    # the marks of a token's display form (engine/core/token_text.py)
    "␣": " ", "↵": " new line ", "⇥": " tab ", "∅": " empty token ",
}  # fmt: skip
# A byte shown on its own (part of a character, or a control): <0xC3>. A
# leading space's mark is not said: the word is said as it starts.
BYTE_TOKEN = re.compile(r"<0x[0-9A-Fa-f]{2}>")

SPEAKABLE = re.compile(r"[A-Za-z' ,.;:!?\"()\-]")


def say_number(text: str) -> str:
    """A number as written in a caption ("1,000", "0.02", "97.2") in words.

    Decimals are read digit by digit after the point, as people read them:
    "1.00" is "one point zero zero", not "one"."""
    whole, _, frac = text.replace(",", "").partition(".")
    words = num2words(int(whole))
    if frac:
        words += " point " + " ".join(num2words(int(d)) for d in frac)
    return words


def _unit(match: re.Match) -> str:
    number, unit = match.group(1), match.group(2)
    one, many = UNITS[unit]
    # "1 ms" is one millisecond; "1.0 MB" is read "one point zero megabytes"
    return f"{say_number(number)} {one if number == '1' else many}"


def spoken(line: str) -> str:
    """The words a narrator says for caption ``line`` (see the module doc)."""
    text = BYTE_TOKEN.sub(" a byte ", line)
    for symbol, words in SYMBOLS.items():
        text = text.replace(symbol, words)
    # x-hat-0 and the like: a letter with a combining circumflex
    text = re.sub(r"([A-Za-z])\u0302", r"\1 hat ", text)
    text = re.sub(r"√\s*(" + NUMBER + ")", r"the square root of \1", text)
    # 8x8, 24x24: a size
    text = re.sub(rf"\b({NUMBER})x({NUMBER})\b", r"\1 by \2", text)
    # 76x, 4.0x: so many times; ×4.0 (memory ×4.0) and 4 × 3: times
    text = re.sub(rf"\b({NUMBER})x\b", r"\1 times", text)
    text = re.sub(rf"×\s*({NUMBER})", r"times \1", text)
    text = text.replace("×", " times ")
    # 80%+ and 53%
    text = re.sub(rf"({NUMBER})%\+", r"\1 percent or more", text)
    text = re.sub(rf"({NUMBER})\s?%", r"\1 percent", text)
    units = "|".join(sorted(map(re.escape, UNITS), key=len, reverse=True))
    text = re.sub(rf"\b({NUMBER})\s?({units})\b", _unit, text)
    # a unit named on its own ("times in µs and ms"): its plural name. One
    # letter ("s") is left alone: it is also a plain word's ending
    named = "|".join(sorted((re.escape(u) for u in UNITS if len(u) > 1), key=len,
                            reverse=True))  # fmt: skip
    text = re.sub(rf"(?<![\w])({named})(?![\w])", lambda m: UNITS[m.group(1)][1],
                  text)  # fmt: skip
    text = re.sub(r"\s\+\s", " plus ", text)
    text = re.sub(NUMBER, lambda m: say_number(m.group(0)), text)
    # A lone quoted full stop: the token ".", said as such.
    text = text.replace('"."', '"full stop"')
    text = "".join(plain_letters(ch) for ch in text)
    return re.sub(r"\s+", " ", text).strip()


def plain_letters(ch: str) -> str:
    """A letter with an accent as the voice can read it (é -> e, ü -> u: its
    base letter, Unicode's NFKD decomposition); anything else unchanged, so a
    letter with no Latin base (a Chinese character) stays and is refused."""
    if ch.isascii() or not ch.isalpha():
        return ch
    base = "".join(
        c for c in unicodedata.normalize("NFKD", ch) if c.isascii() and c.isalpha()
    )
    return base or ch


def unspeakable(text: str) -> list[str]:
    """Characters in ``text`` a voice could misread (digits, symbols)."""
    return sorted({ch for ch in text if not SPEAKABLE.fullmatch(ch)})


def speakable(line: str) -> str:
    """``spoken(line)``, or CaptionError naming what is left unspeakable."""
    said = spoken(line)
    left = unspeakable(said)
    if left:
        raise CaptionError(
            f"cannot speak {' '.join(repr(c) for c in left)} in caption {line!r}"
        )
    return said
