"""Files built to exhaust memory or time: each is refused with a Dutch message naming file (and row)
at its limit (``benchmarks/hostile.py`` prints what the worst of them cost in time and memory).

The sheets are written as raw XML, the way an attacker would, not through a spreadsheet library that
would refuse to write them."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from kansrijk.errors import InputError
from kansrijk.intake.tabular import MB, TABLE_LIMITS, Limits, read_table
from kansrijk.portal.validation import UPLOAD_LIMITS

SHEET = "xl/worksheets/sheet1.xml"
HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main">')


def _workbook_with_sheet(path: Path, sheet_xml: bytes) -> Path:
    """A real workbook (written by openpyxl) whose first sheet is replaced by ``sheet_xml``."""
    base = path.with_suffix(".base.xlsx")
    workbook = Workbook()
    workbook.active["A1"] = "x"
    workbook.save(base)
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, sheet_xml if info.filename == SHEET else source.read(info))
    base.unlink()
    return path


def _rows_xml(rows: int, dimension: str | None = None) -> bytes:
    body = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>gemeente</t></is></c><c r="B%d"><v>%d</v></c></row>'
        % (n, n, n, n) for n in range(1, rows + 1))
    dim = b'<dimension ref="%s"/>' % dimension.encode() if dimension else b""
    return HEAD + dim + b"<sheetData>" + body + b"</sheetData></worksheet>"


def _refused(path: Path, limits: Limits) -> str:
    with pytest.raises(InputError) as info:
        read_table(path, limits=limits)
    [problem] = info.value.problems
    return str(problem)


def test_a_zip_bomb_workbook_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    # About 40 MB of sheet XML in a file small enough to pass the upload's size check.
    path = _workbook_with_sheet(tmp_path / "bom.xlsx", _rows_xml(400_000))
    assert path.stat().st_size < UPLOAD_LIMITS.max_bytes
    message = _refused(path, UPLOAD_LIMITS)
    assert message == ("bom.xlsx: uitgepakt is dit Excel-bestand groter dan 20 MB; "
                       "verdeel het over kleinere bestanden")


def test_a_workbook_with_too_many_rows_stops_at_the_limit(tmp_path: Path) -> None:
    path = _workbook_with_sheet(tmp_path / "lang.xlsx", _rows_xml(30_000))
    message = _refused(path, UPLOAD_LIMITS)
    assert message == "lang.xlsx[Sheet]:20002: werkblad heeft meer dan 20000 rijen"


def test_a_sheet_that_claims_to_be_huge_is_read_for_what_it_holds(tmp_path: Path) -> None:
    path = _workbook_with_sheet(tmp_path / "claim.xlsx", _rows_xml(3, dimension="A1:XFD1048576"))
    table = read_table(path, limits=UPLOAD_LIMITS)
    assert [r.number for r in table.rows] == [2, 3]


def test_a_row_wider_than_the_limit_is_refused(tmp_path: Path) -> None:
    cells = b"".join(b'<c r="%s1"><v>1</v></c>' % _column(n).encode() for n in range(1, 61))
    path = _workbook_with_sheet(tmp_path / "breed.xlsx", HEAD + b'<sheetData><row r="1">' + cells +
                                b"</row></sheetData></worksheet>")
    message = _refused(path, UPLOAD_LIMITS)
    assert message == "breed.xlsx[Sheet]:1: rij heeft meer dan 50 kolommen"


def test_a_lone_cell_in_the_last_column_does_not_widen_every_row(tmp_path: Path) -> None:
    # Rows padded out to column XFD (16.384) would cost minutes; the reader never looks past its limit.
    rows = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c><c r="XFD%d"><v>1</v></c></row>'
                    % (n, n, n) for n in range(1, 5001))
    path = _workbook_with_sheet(tmp_path / "ver.xlsx", HEAD + b"<sheetData>" + rows + b"</sheetData></worksheet>")
    table = read_table(path, limits=UPLOAD_LIMITS)
    assert len(table.rows) == 4999


def _column(n: int) -> str:
    name = ""
    while n:
        n, rest = divmod(n - 1, 26)
        name = chr(65 + rest) + name
    return name


def test_too_many_sheets(tmp_path: Path) -> None:
    workbook = Workbook()
    for n in range(60):
        workbook.create_sheet(f"blad{n}")
    path = tmp_path / "bladen.xlsx"
    workbook.save(path)
    message = _refused(path, TABLE_LIMITS)
    assert message == "bladen.xlsx: het bestand heeft meer dan 50 werkbladen"


def test_a_csv_line_without_end_is_not_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "regel.csv"
    path.write_bytes(b"indicator;gebied\n" + b"x" * (20 * MB))
    message = _refused(path, TABLE_LIMITS)
    assert message == "regel.csv:2: regel 2 is langer dan 40000 tekens"


def test_a_csv_with_too_many_columns(tmp_path: Path) -> None:
    path = tmp_path / "kolommen.csv"
    path.write_text(";".join(f"k{n}" for n in range(300)) + "\n", encoding="utf-8")
    message = _refused(path, TABLE_LIMITS)
    assert message == "kolommen.csv:1: rij heeft meer dan 40 kolommen"


def test_a_csv_with_too_many_rows(tmp_path: Path) -> None:
    path = tmp_path / "rijen.csv"
    path.write_text("indicator;gebied\n" + "ks09;Haarlem\n" * 20_001, encoding="utf-8")
    message = _refused(path, UPLOAD_LIMITS)
    assert message == "rijen.csv:20002: bestand heeft meer dan 20000 rijen"


def test_an_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "groot.csv"
    path.write_bytes(b"a;b\n" + b"1;2\n" * (6 * MB // 4))
    message = _refused(path, UPLOAD_LIMITS)
    assert message == "groot.csv: bestand is groter dan 5 MB"
