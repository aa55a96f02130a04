"""Paths handed to other programs (FFmpeg, gifsicle, manim-slides) and to the
file formats they read, written so that any name survives: quotes, spaces,
non-ASCII letters, a leading dash, a colon.

    cmd = [ffmpeg, "-i", arg(movie), "-y", arg(out)]
    listing.write_text(concat_list([a, b]), encoding="utf-8")

A relative name such as ``-x/part.mp4`` is read by most programs as an option,
and FFmpeg reads ``a:b.mp4`` as the protocol ``a``; an absolute path starts
with ``/`` and is neither. Paths stay a list of arguments (no shell), so no
other quoting is needed on the command line.
"""

from __future__ import annotations

from pathlib import Path


class HandoffError(ValueError):
    """A path that the receiving format cannot hold; ``str(err)`` is one line."""


def arg(path: str | Path) -> str:
    """``path`` as one command-line argument: absolute, so never an option or
    an FFmpeg protocol, whatever its first character. A str."""
    return str(Path(path).absolute())


def concat_line(path: str | Path) -> str:
    """One ``file '...'`` line of FFmpeg's concat demuxer list for ``path``
    (absolute; read with ``-safe 0``). Inside single quotes everything is
    literal except the quote itself, written ``'\\''`` (close, escaped quote,
    reopen), as the demuxer's tokeniser (av_get_token) reads it.

    Raises HandoffError for a path holding a line break: the list is read
    line by line, so no quoting can carry one."""
    text = arg(path)
    if "\n" in text or "\r" in text:
        raise HandoffError(f"{text!r}: FFmpeg's concat list cannot hold a line break")
    return "file '" + text.replace("'", "'\\''") + "'\n"


def concat_list(paths) -> str:
    """FFmpeg's concat demuxer list of ``paths``, in order (write it as UTF-8)."""
    return "".join(concat_line(p) for p in paths)
