"""Spreadsheet exports in other locales and encodings read as they are: columns
split at ';' or tabs with decimal commas, UTF-16 and UTF-8 with a byte-order
mark, a header line; what cannot be read names how the file was read."""

from __future__ import annotations

import numpy as np
import pytest

from engine.data import points_csv


def points(n=40, seed=0) -> np.ndarray:
    return np.round(np.random.default_rng(seed).normal(size=(n, 2)) * 3, 4)


def lines(pts, sep=",", decimal=".") -> str:
    return "".join(
        f"{x:.4f}{sep}{y:.4f}\n".replace(".", decimal) if decimal != "." else
        f"{x:.4f}{sep}{y:.4f}\n"
        for x, y in pts
    )  # fmt: skip


@pytest.mark.parametrize(
    "name, header, sep, decimal, encoding, dialect",
    [
        # Failed at 84f1326: "line 1 has 3 columns; expected 2"
        ("european", "x;y\n", ";", ",", "utf-8", "UTF-8, columns split at ';', "
         "decimal commas"),
        ("semicolons", "", ";", ".", "utf-8", "UTF-8, columns split at ';'"),
        ("tabs", "x\ty\n", "\t", ",", "utf-8", "UTF-8, columns split at tabs, "
         "decimal commas"),
        # Failed at 84f1326: "not a text file"
        ("utf16", "x,y\n", ",", ".", "utf-16", "UTF-16, columns split at ','"),
        ("utf16-european", "x;y\n", ";", ",", "utf-16", "UTF-16, columns split "
         "at ';', decimal commas"),
        ("utf32", "", ",", ".", "utf-32", "UTF-32, columns split at ','"),
        # These worked before: kept.
        ("header", "x,y\n", ",", ".", "utf-8", "UTF-8, columns split at ','"),
        ("utf8-bom", "x,y\n", ",", ".", "utf-8-sig", "UTF-8, columns split at ','"),
    ],
)  # fmt: skip
def test_spreadsheet_exports_read_as_written(
    tmp_path, name, header, sep, decimal, encoding, dialect
):
    pts = points()
    path = tmp_path / f"{name}.csv"
    path.write_bytes((header + lines(pts, sep, decimal)).encode(encoding))
    read = points_csv.read_file(path)
    np.testing.assert_allclose(read.points, pts)
    assert read.dialect == dialect
    assert read.lines[0] == (2 if header else 1)


def test_the_issues_line_reads_as_two_columns(tmp_path):
    path = tmp_path / "eu.csv"
    path.write_text("1,2345;-0,5\n" * 10 + "2,5;3\n" * 10, encoding="utf-8")
    got = points_csv.read_points(path)
    assert got[0].tolist() == [1.2345, -0.5] and got[-1].tolist() == [2.5, 3.0]


def test_quoted_cells_with_decimal_commas_read_too(tmp_path):
    path = tmp_path / "quoted.csv"
    body = "".join(f'"1,5","-{i},25"\n' for i in range(25))
    path.write_text('"x","y"\n' + body, encoding="utf-8")
    assert points_csv.read_points(path)[3].tolist() == [1.5, -3.25]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("x;y\n" + "1,5;2,5\n" * 25 + "1,5;2,5;3\n",
         "line 27 has 3 columns; expected 2 (x,y) (read as columns split at ';')"),
        ("x;y\n" + "1,5;2,5\n" * 25 + "1,5;abc\n",
         "line 27: 'abc' is not a number (read as columns split at ';')"),
        ("1.5,2.5\n" * 25 + "1,2,3\n", "line 26 has 3 columns; expected 2 (x,y)"),
    ],
)  # fmt: skip
def test_a_line_that_does_not_fit_names_the_dialect(tmp_path, text, expected):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(points_csv.CsvError) as info:
        points_csv.read_points(path)
    assert str(info.value) == f"{path}: {expected}"


@pytest.mark.parametrize(
    "data",
    [
        "x,y\n1,2\n".encode("utf-16-le"),  # UTF-16 without its mark
        b"\x89PNG\r\n\x1a\n\x00\x00",
        "x,y\nÄ,1\n".encode("latin-1"),
    ],
)
def test_what_is_not_text_is_one_line_naming_the_encodings_read(tmp_path, data):
    path = tmp_path / "bin.csv"
    path.write_bytes(data)
    with pytest.raises(points_csv.CsvError) as info:
        points_csv.read_points(path)
    assert str(info.value) == (
        f"{path}: not a text file (expected lines of x,y in UTF-8, or in UTF-16 "
        "with its byte-order mark)"
    )
