"""Your own 2D points, from a CSV file, for the points diffusion model and the GAN.

A points CSV is plain text, one point a line, ``x,y``; an optional header line
(``x,y``), blank lines and ``#`` comments are skipped. Spreadsheet exports read
as they are: UTF-8 (with or without a byte-order mark), UTF-16 or UTF-32 with
one, columns split at commas, at semicolons or at tabs (csv.Sniffer tells which),
decimal points or decimal commas (``1,2345;-0,5``). Anything else is refused
with one line naming the file, the line and what is wrong: a missing file, a
value that is not a finite number, a line without exactly two columns, fewer
than MIN_POINTS or more than MAX_POINTS points, or points that are all the same.

The models see the points centred and scaled to unit spread, as the built-in
datasets are (``engine/data/points.py``), so any units work. Points far outside
the rest (a stray line such as ``1000,1000`` beside a ring of radius 3) would
set that scale alone and shrink the shape to a dot: they are left out, and
``note`` says so in one line naming their line numbers. Configs name a CSV
*pinned* to its content, ``points.csv#sha256=<12 hex>``, so a cached model is
never reused for a changed file. ``make`` checks a CSV before anything runs:

    python -m engine.data.points_csv points_diffusion my_points.csv
    # -> renders/traces/points_diffusion-<hash of the file>.npz, or one line, exit 2

Imports numpy only (not torch), so the check is quick.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from engine.core.config_args import ConfigError

MIN_POINTS = 20  # fewer is not a shape to learn
MAX_POINTS = 100_000  # more only slows training down; a sample of them does as well
MAX_BYTES = 20_000_000  # a points CSV this large is not one
# Normalised points must fit well inside the plots' extents (-4..4).
FIT_WITHIN = 3.5
PIN = "#sha256="


class CsvError(ConfigError):
    """A points CSV is unusable; ``str(err)`` is one line naming the file."""


def is_csv(name: str) -> bool:
    """Whether a dataset name is a CSV file (plain or pinned) rather than a built-in."""
    return name.partition(PIN)[0].lower().endswith(".csv")


def file_hash(path: str | Path) -> str:
    """The first 12 hex digits of the sha256 of the file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


# Encodings told by their byte-order mark, longest mark first (UTF-32 LE's mark
# begins with UTF-16 LE's). Without a mark a file is read as UTF-8.
MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
# Column separators tried besides the comma: spreadsheets in locales that write
# decimal commas (1,5) export "1,5;2,5", and tab-separated text is common.
OTHER_SEPARATORS = ";\t"
# A number with a decimal comma: 1,2345  -0,5  ,5  1,5e3
DECIMAL_COMMA = re.compile(r"[+-]?(?:\d+,\d*|,\d+)(?:[eE][+-]?\d+)?")
# Lines far outside the rest: farther from the points' median than FAR times
# the distance within which CORE of the points lie. With CORE below one, one
# stray point cannot stretch the yardstick it is measured with.
CORE = 0.95
FAR = 3.0
SHOWN_LINES = 5  # line numbers named in the one-line note; the rest are counted


@dataclass(frozen=True)
class PointsFile:
    """A points CSV as read: ``points`` (n, 2) float64 as written, ``lines``
    (n,) int the line number (from 1) each point is on, ``dialect`` how the
    file was read, in words (encoding, separator, decimal mark)."""

    points: np.ndarray
    lines: np.ndarray
    dialect: str


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """The text of a points CSV and its encoding's name: UTF-8, or UTF-16 or
    UTF-32 by their byte-order mark. CsvError for anything else."""
    for mark, codec, name in MARKS:
        if data.startswith(mark):
            try:
                return data.decode(codec), name
            except UnicodeDecodeError:
                break
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is not None and "\0" not in text:
            return text, "UTF-8"
    raise CsvError(
        f"{path}: not a text file (expected lines of x,y in UTF-8, or in UTF-16 "
        "with its byte-order mark)"
    )


def separator(lines: list[str]) -> str:
    """The column separator of these lines (a sample of the file): ";" or a
    tab when csv.Sniffer finds one used consistently, else ",". The comma is
    not sniffed for, as "1,5;2,5" uses it consistently too (twice a line)."""
    try:
        found = csv.Sniffer().sniff("\n".join(lines), delimiters=OTHER_SEPARATORS)
    except csv.Error:
        return ","
    return found.delimiter


def number(cell: str) -> float | None:
    """``cell`` as a float, with a decimal point or a decimal comma; None if
    it is not a number."""
    try:
        return float(cell)
    except ValueError:
        pass
    if DECIMAL_COMMA.fullmatch(cell):
        return float(cell.replace(",", "."))
    return None


def read_file(path: str | Path) -> PointsFile:
    """A points CSV, read and checked (see the module doc); CsvError if unusable."""
    path = Path(path)
    if not path.exists():
        raise CsvError(f"{path}: no such file")
    if path.is_dir():
        raise CsvError(f"{path}: is a folder, not a CSV file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise CsvError(f"{path}: {size:,} bytes is too large for a points CSV")
    try:
        text, encoding = decode(path, path.read_bytes())
    except OSError as err:
        raise CsvError(f"{path}: cannot read it ({err.strerror or err})") from None
    numbered = [
        (line_no, line.strip())
        for line_no, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.strip().startswith("#")
    ]
    sep = separator([line for _, line in numbered[:50]])
    read_as = "" if sep == "," else f" (read as columns split at {SEP_NAMES[sep]})"
    rows: list[tuple[float, float]] = []
    lines: list[int] = []
    commas = False
    for at, (line_no, line) in enumerate(numbered):
        cells = [c.strip() for c in next(csv.reader([line], delimiter=sep))]
        if len(cells) != 2:
            raise CsvError(
                f"{path}: line {line_no} has {len(cells)} column"
                f"{'s' if len(cells) != 1 else ''}; expected 2 (x,y){read_as}"
            )
        values = [number(c) for c in cells]
        if None in values:
            if at == 0:  # the first line may be a header
                continue
            bad = cells[values.index(None)]
            raise CsvError(f"{path}: line {line_no}: {bad!r} is not a number{read_as}")
        commas = commas or any("," in c for c in cells)
        for v in values:
            if not math.isfinite(v):
                raise CsvError(f"{path}: line {line_no}: {v} is not a finite number")
        rows.append((values[0], values[1]))
        lines.append(line_no)
        if len(rows) > MAX_POINTS:
            raise CsvError(
                f"{path}: more than {MAX_POINTS:,} points; use a sample of them"
            )
    if len(rows) < MIN_POINTS:
        raise CsvError(
            f"{path}: {len(rows)} point{'s' if len(rows) != 1 else ''}; "
            f"at least {MIN_POINTS} are needed"
        )
    points = np.array(rows, dtype=np.float64)  # (n, 2)
    if np.ptp(points, axis=0).max() == 0:
        raise CsvError(f"{path}: all {len(points)} points are the same point")
    dialect = f"{encoding}, columns split at {SEP_NAMES[sep]}" + (
        ", decimal commas" if commas else ""
    )
    return PointsFile(points, np.array(lines), dialect)


SEP_NAMES = {",": "','", ";": "';'", "\t": "tabs"}


def read_points(path: str | Path) -> np.ndarray:
    """The points of a CSV as written, (n, 2) float64; CsvError if unusable."""
    return read_file(path).points


def far_out(points: np.ndarray) -> np.ndarray:
    """(n,) bool: the points far outside the rest, farther from the points'
    median (per axis) than FAR times the distance within which CORE of them
    lie. Measured from the median and a quantile, which one point cannot move
    far, unlike the mean and spread it would stretch."""
    centre = np.median(points, axis=0)
    reach = np.linalg.norm(points - centre, axis=1)  # (n,)
    core = np.quantile(reach, CORE, method="lower")  # never the largest alone
    if core == 0:  # most points on one spot: no yardstick, nothing is far
        return np.zeros(len(points), dtype=bool)
    return reach > FAR * core


def normalise(points: np.ndarray) -> np.ndarray:
    """Centred, scaled to unit spread like the built-in datasets, and shrunk further
    if need be so that every point fits within FIT_WITHIN. (n, 2) float32.
    Leave out the points ``far_out`` names first, or one stray point sets the
    scale of all."""
    pts = points - points.mean(0)
    pts = pts / pts.std(0).mean()
    far = np.abs(pts).max()
    if far > FIT_WITHIN:  # a few far points: shrink all, keep the shape
        pts = pts * (FIT_WITHIN / far)
    return pts.astype(np.float32)


def note(name: str) -> str | None:
    """One line naming the lines of a CSV dataset that lie far outside the rest
    and saying they are left out, or None when none is."""
    path = name.partition(PIN)[0]
    read = read_file(path)
    far = far_out(read.points)
    if not far.any():
        return None
    found = [str(n) for n in read.lines[far]]
    listed = ", ".join(found[:SHOWN_LINES])
    if len(found) > SHOWN_LINES:
        listed += f" and {len(found) - SHOWN_LINES:,} more"
    return (
        f"{path}: line{'s' if len(found) > 1 else ''} {listed} "
        f"lie{'s' if len(found) == 1 else ''} far outside the rest (over {FAR:g}x "
        f"the distance from the middle within which {CORE:.0%} of the points lie); "
        f"left out, the other {int((~far).sum()):,} points are used"
    )


def pin(name: str) -> str:
    """``path.csv`` -> ``path.csv#sha256=<hash>``, after checking the file.

    An already pinned name is checked against the file's content now.
    """
    path, _, want = name.partition(PIN)
    read_points(path)
    have = file_hash(path)
    if want and want != have:
        raise CsvError(
            f"{path}: the file changed since it was pinned (sha256 {want} -> {have})"
        )
    return f"{path}{PIN}{have}"


def load(name: str) -> np.ndarray:
    """The normalised points of a CSV dataset name (plain or pinned), without
    the points far outside the rest (``far_out``; ``note`` names their lines).
    (m, 2) float32, m <= the file's points."""
    path, _, want = name.partition(PIN)
    points = read_points(path)
    if want and file_hash(path) != want:
        raise CsvError(f"{path}: the file changed since it was pinned ({want})")
    return normalise(points[~far_out(points)])


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m engine.data.points_csv KIND FILE.csv")
        return 2
    kind, name = argv
    try:
        if not is_csv(name):
            raise CsvError(f"DATA={name}: expected a .csv file of x,y lines")
        said = note(name)
    except CsvError as err:
        print(f"DATA: {err}")
        return 2
    if said:  # stdout names the trace for make; the note is for the user
        print(f"DATA: {said}", file=sys.stderr)
    print(f"renders/traces/{kind}-{file_hash(name)}.npz")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
