"""Your own 2D points, from a CSV file, for the points diffusion model and the GAN.

A points CSV is plain text, one point a line, ``x,y``; an optional header line
(``x,y``), blank lines and ``#`` comments are skipped. Anything else is refused
with one line naming the file, the line and what is wrong: a missing file, a
value that is not a finite number, a line without exactly two columns, fewer
than MIN_POINTS or more than MAX_POINTS points, or points that are all the same.

The models see the points centred and scaled to unit spread, as the built-in
datasets are (``engine/data/points.py``), so any units work. Configs name a CSV
*pinned* to its content, ``points.csv#sha256=<12 hex>``, so a cached model is
never reused for a changed file. ``make`` checks a CSV before anything runs:

    python -m engine.data.points_csv points_diffusion my_points.csv
    # -> renders/traces/points_diffusion-<hash of the file>.npz, or one line, exit 2

Imports numpy only (not torch), so the check is quick.
"""

from __future__ import annotations

import hashlib
import math
import sys
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


def read_points(path: str | Path) -> np.ndarray:
    """The points of a CSV as written, (n, 2) float64; CsvError if unusable."""
    path = Path(path)
    if not path.exists():
        raise CsvError(f"{path}: no such file")
    if path.is_dir():
        raise CsvError(f"{path}: is a folder, not a CSV file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise CsvError(f"{path}: {size:,} bytes is too large for a points CSV")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvError(f"{path}: not a text file (expected lines of x,y)") from None
    except OSError as err:
        raise CsvError(f"{path}: cannot read it ({err.strerror or err})") from None
    rows: list[tuple[float, float]] = []
    seen_data = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split(",")]
        if len(cells) != 2:
            raise CsvError(
                f"{path}: line {number} has {len(cells)} column"
                f"{'s' if len(cells) != 1 else ''}; expected 2 (x,y)"
            )
        values = []
        for cell in cells:
            try:
                v = float(cell)
            except ValueError:
                values = None
                break
            values.append(v)
        if values is None:
            if not seen_data and not rows:  # the first line may be a header
                seen_data = True
                continue
            bad = next(c for c in cells if not _is_number(c))
            raise CsvError(f"{path}: line {number}: {bad!r} is not a number")
        seen_data = True
        for v in values:
            if not math.isfinite(v):
                raise CsvError(f"{path}: line {number}: {v} is not a finite number")
        rows.append((values[0], values[1]))
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
    return points


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def normalise(points: np.ndarray) -> np.ndarray:
    """Centred, scaled to unit spread like the built-in datasets, and shrunk further
    if need be so that every point fits within FIT_WITHIN. (n, 2) float32."""
    pts = points - points.mean(0)
    pts = pts / pts.std(0).mean()
    far = np.abs(pts).max()
    if far > FIT_WITHIN:  # a few far points: shrink all, keep the shape
        pts = pts * (FIT_WITHIN / far)
    return pts.astype(np.float32)


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
    """The normalised points of a CSV dataset name (plain or pinned). (n, 2) float32"""
    path, _, want = name.partition(PIN)
    points = read_points(path)
    if want and file_hash(path) != want:
        raise CsvError(f"{path}: the file changed since it was pinned ({want})")
    return normalise(points)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m engine.data.points_csv KIND FILE.csv")
        return 2
    kind, name = argv
    try:
        if not is_csv(name):
            raise CsvError(f"DATA={name}: expected a .csv file of x,y lines")
        read_points(name)
    except CsvError as err:
        print(f"DATA: {err}")
        return 2
    print(f"renders/traces/{kind}-{file_hash(name)}.npz")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
