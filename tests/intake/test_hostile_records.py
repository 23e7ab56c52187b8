"""Hostile and awkward record files: no SQL from a file runs, every refusal names file, row and column
in Dutch without engine text, and nothing is half-imported.

Expected row numbers are counted by hand from the files written here (the header is row 1, a blank
line counts as a row, as a spreadsheet shows it).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook

from kansrijk.errors import InputError
from kansrijk.intake.records import import_records
from kansrijk.store import Store
from tests.intake.births import BIRTHS_HEADER, GOOD_BIRTHS, TwoGemeenten


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "store.duckdb") as opened:
        good = tmp_path / "good.csv"
        good.write_text("\n".join([BIRTHS_HEADER, *GOOD_BIRTHS]) + "\n", encoding="utf-8")
        import_records(opened, "births", [good], areas=TwoGemeenten())
        yield opened


def _snapshot(store: Store) -> list[tuple[object, ...]]:
    return store.con.execute("SELECT * FROM rec_births ORDER BY child_id").fetchall() + store.con.execute(
        "SELECT kind, file_name, row_count FROM imports ORDER BY 1, 2").fetchall()


def _refused(store: Store, path: Path) -> list[str]:
    before = _snapshot(store)
    with pytest.raises(InputError) as info:
        import_records(store, "births", [path], areas=TwoGemeenten())
    assert _snapshot(store) == before
    return [str(p) for p in info.value.problems]


def _csv(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


HOSTILE_HEADERS = [
    "x\" AS y FROM (SELECT 1); COPY (SELECT 42) TO '{marker}' (FORMAT csv); --",
    "child_id\" AS c, 1 AS \"d",
    "x\"); UPDATE rec_births SET gestational_age_days = 0; --",
    "x'; DROP TABLE rec_births; --",
]


@pytest.mark.parametrize("header", HOSTILE_HEADERS)
def test_sql_in_a_csv_header_is_a_name_never_code(store: Store, tmp_path: Path, header: str) -> None:
    marker = tmp_path / "written-by-sql.txt"
    name = header.format(marker=marker)
    columns = BIRTHS_HEADER.split(";")
    path = _csv(tmp_path / "births.csv", [";".join(f'"{c}"' for c in [*columns, name.replace('"', '""')]),
                                         GOOD_BIRTHS[0].replace("c1", "c9") + ";x"])
    problems = _refused(store, path)
    assert any("onbekende kolom" in p for p in problems)
    assert not marker.exists()


@pytest.mark.parametrize("header", HOSTILE_HEADERS)
def test_sql_in_a_parquet_column_name_is_a_name_never_code(store: Store, tmp_path: Path, header: str) -> None:
    marker = tmp_path / "written-by-sql.txt"
    name = header.format(marker=marker)
    path = tmp_path / "births.parquet"
    quoted = '"' + name.replace('"', '""') + '"'
    store.con.execute(f"COPY (SELECT 'c9' AS child_id, 1 AS {quoted}) TO '{path}' (FORMAT parquet)")
    problems = _refused(store, path)
    assert any("onbekende kolom" in p for p in problems)
    assert not marker.exists()


def test_a_blank_line_does_not_shift_the_row_numbers(store: Store, tmp_path: Path) -> None:
    bad = GOOD_BIRTHS[0].replace("c1", "c8").replace(";280;", ";28x;")
    path = _csv(tmp_path / "births.csv", [BIRTHS_HEADER, GOOD_BIRTHS[0].replace("c1", "c7"), "", bad])
    assert _refused(store, path) == ["births.csv:4:gestational_age_days: geen geheel getal (waarde: '28x')"]


def test_a_truncated_line_is_named_by_row(store: Store, tmp_path: Path) -> None:
    path = _csv(tmp_path / "births.csv", [BIRTHS_HEADER, GOOD_BIRTHS[0].replace("c1", "c7"), "c8;m8;2019-01-01"])
    assert _refused(store, path) == ["births.csv:3: rij heeft 3 velden, de kopregel heeft er 10"]


def test_an_unbalanced_quote_is_named_by_row(store: Store, tmp_path: Path) -> None:
    path = _csv(tmp_path / "births.csv", [BIRTHS_HEADER, GOOD_BIRTHS[0].replace("c1", "c7"),
                                          '"c8;m8;2019-01-01;GM0363;280;3500;M;levend;;'])
    [problem] = _refused(store, path)
    assert problem.startswith("births.csv:3: een aanhalingsteken wordt niet gesloten")


def test_a_huge_cell_is_refused_with_its_row(store: Store, tmp_path: Path) -> None:
    path = _csv(tmp_path / "births.csv", [BIRTHS_HEADER, GOOD_BIRTHS[0].replace("c1", "c7"),
                                          '"' + "x" * 1_000_000 + '";m8;2019-01-01;GM0363;280;3500;M;levend;;'])
    [problem] = _refused(store, path)
    assert problem.startswith("births.csv:3: ")
    assert "langer dan" in problem and "x" * 100 not in problem


def test_a_header_only_file_imports_nothing(store: Store, tmp_path: Path) -> None:
    path = _csv(tmp_path / "births.csv", [BIRTHS_HEADER])
    assert _refused(store, path) == ["births.csv: het bestand bevat geen gegevensrijen"]


def test_a_corrupt_parquet_file_gets_a_clean_message(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "births.parquet"
    path.write_bytes(b"PAR1" + b"\x00garbage" * 100 + b"PAR1")
    problems = _refused(store, path)
    assert problems == ["births.parquet: beschadigd of geen echt Parquet-bestand"]


def test_utf16_csv_from_excel_is_read(store: Store, tmp_path: Path) -> None:
    path = _csv(tmp_path / "births.csv", [BIRTHS_HEADER, GOOD_BIRTHS[0].replace("c1", "c7")], encoding="utf-16")
    [outcome] = import_records(store, "births", [path], areas=TwoGemeenten())
    assert outcome.rows == 1


def test_a_workbook_of_births_is_read_as_a_workbook(store: Store, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(BIRTHS_HEADER.split(";"))
    sheet.append([None] * 3)
    sheet.append(GOOD_BIRTHS[0].replace("c1", "c7").replace(";280;", ";28x;").split(";"))
    path = tmp_path / "births.xlsx"
    workbook.save(path)
    problems = _refused(store, path)
    assert problems == ["births.xlsx[Sheet]:3:gestational_age_days: geen geheel getal (waarde: '28x')"]
