"""Tokens as a viewer reads them: the display form of a vocabulary's strings.

A trace's ``vocab`` holds each token as the tokenizer stores it. Our own model's
are words, shown as they are. Subword tokenizers store other forms:

- GPT-2's byte-level BPE (also RoBERTa, GPT-J, Llama 3) writes every byte as a
  printable stand-in: ``Ġalice`` is " alice", ``Ċ`` a newline, ``Ã©rin``
  "érin" (the two bytes of é, each drawn as a Latin-1 letter);
- SentencePiece (T5, Llama 2) marks a leading space with ``▁`` and writes a
  byte it has no piece for as ``<0xC3>``;
- WordPiece (BERT) marks a piece that continues the word before with ``##``.

``display_vocab`` turns every token into one display form: the bytes decoded,
a leading space shown as ``␣``, a newline as ``↵``, a tab as ``⇥``, a WordPiece
continuation as ``…ing``, an empty token as ``∅``, and a byte that is only part
of a character, or a control character, as ``<0xC3>``. Best is to pass the
vocabulary exactly as the tokenizer stores it (``tokenizer.convert_ids_to_tokens``
in Hugging Face, or the vocab file's strings): the form is recognised from the
strings themselves. Plain data, no torch.

    >>> display_vocab(["Ġalice", "Ċ", "Ã©rin", "", "."])
    ['␣alice', '↵', 'érin', '∅', '.']
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

SPACE, NEWLINE, TAB, EMPTY, GOES_ON = "␣", "↵", "⇥", "∅", "…"
MARKS = {" ": SPACE, "\n": NEWLINE, "\r": NEWLINE, "\t": TAB}
PIECE_SPACE = "▁"  # SentencePiece's mark for a leading space (U+2581)
BYTE_TOKEN = re.compile(r"<0x([0-9A-Fa-f]{2})>")
# Characters that draw nothing a viewer can read: controls, format marks,
# unassigned, private use and surrogate code points.
UNSEEN = {"Cc", "Cf", "Cn", "Co", "Cs"}


@lru_cache(maxsize=1)
def byte_stand_ins() -> dict[str, int]:
    """GPT-2's table (openai/gpt-2, encoder.py ``bytes_to_unicode``): the
    printable character standing in for each byte, inverted: char -> byte.
    Printable Latin-1 bytes stand for themselves; the other 68 (controls,
    space, soft hyphen) are drawn as U+0100 onwards, so " " is "Ġ"."""
    kept = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1),
            *range(ord("®"), ord("ÿ") + 1)]  # fmt: skip
    table, extra = {}, 0
    for b in range(256):
        if b in kept:
            table[chr(b)] = b
        else:
            table[chr(256 + extra)] = b
            extra += 1
    return table


def is_byte_level(vocab: list[str]) -> bool:
    """Whether ``vocab`` is a byte-level BPE vocabulary: every token written in
    GPT-2's stand-in characters only, and some token holding a stand-in for a
    space or a control byte (``Ġ``, ``Ċ``), which plain text never does."""
    table = byte_stand_ins()
    shifted = {ch for ch in table if ord(ch) >= 256}
    return all(set(t) <= table.keys() for t in vocab) and any(
        shifted & set(t) for t in vocab
    )


def is_wordpiece(vocab: list[str]) -> bool:
    """Whether ``vocab`` marks continuing pieces with ``##`` (WordPiece)."""
    return any(t.startswith("##") and len(t) > 2 for t in vocab)


def _bytes_shown(data: bytes) -> str:
    """Bytes as text: UTF-8 where they make whole characters, ``<0xC3>`` for
    each byte that is only part of one."""
    out, at = [], 0
    while at < len(data):
        for size in (1, 2, 3, 4):
            try:
                out.append(data[at : at + size].decode("utf-8"))
            except UnicodeDecodeError:
                continue
            at += size
            break
        else:
            out.append(f"<0x{data[at]:02X}>")
            at += 1
    return "".join(out)


def _marked(text: str) -> str:
    """Whitespace and unseen characters made visible; ``∅`` for nothing."""
    if not text:
        return EMPTY
    out = []
    for ch in text:
        if ch in MARKS:
            out.append(MARKS[ch])
        elif unicodedata.category(ch) in UNSEEN or ch.isspace():
            out.append("".join(f"<0x{b:02X}>" for b in ch.encode("utf-8")))
        else:
            out.append(ch)
    return "".join(out)


def display_token(token: str, byte_level: bool = False, wordpiece: bool = False) -> str:
    """One token's display form (see the module doc). ``byte_level`` and
    ``wordpiece`` say which form the vocabulary is in (``display_vocab`` tells
    them from the whole vocabulary)."""
    if byte_level:
        table = byte_stand_ins()
        token = _bytes_shown(bytes(table[ch] for ch in token))
    else:
        token = BYTE_TOKEN.sub(
            lambda m: _bytes_shown(bytes([int(m.group(1), 16)])), token
        ).replace(PIECE_SPACE, " ")
    if wordpiece and token.startswith("##") and len(token) > 2:
        return GOES_ON + _marked(token[2:])
    return _marked(token)


def display_vocab(vocab) -> list[str]:
    """Every token of ``vocab`` (strings, as the tokenizer stores them) in its
    display form, the vocabulary's form told from its strings."""
    vocab = [str(t) for t in vocab]
    byte_level = is_byte_level(vocab)
    wordpiece = not byte_level and is_wordpiece(vocab)
    return [display_token(t, byte_level, wordpiece) for t in vocab]


def unshowable(vocab, ids) -> str | None:
    """A problem in words if a token among ``ids`` cannot be shown (nothing of
    it would be drawn: a lone combining mark), else None."""
    shown = display_vocab(vocab)
    for i in sorted({int(i) for i in ids}):
        form = shown[i]
        if all(unicodedata.category(ch).startswith("M") for ch in form):
            return (
                f"cannot show token {i} of the vocab ({str(vocab[i])!r}): it draws "
                "no visible character; pass the vocabulary as the tokenizer "
                "stores it (docs/your-own-model.md)"
            )
    return None
