"""Property-based tests of the readers: whatever the bytes, a clear error or a correct import, and
never anything half-imported.

- Any bytes as a CSV, workbook or Parquet file: the reader raises only InputError, whose problems
  name the file and carry a Dutch message (no engine text, no temporary path).
- Any table written as Dutch Excel and LibreOffice write CSV (``;``, ``,`` or tab; UTF-8 with or
  without byte-order mark, Windows-1252 or UTF-16; quotes where a value needs them) reads back
  cell for cell, with the row numbers of the file.
- Any bytes offered as births: the import either succeeds or changes nothing in the store.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kansrijk.errors import InputError
from kansrijk.intake.records import import_records
from kansrijk.intake.tabular import read_table
from kansrijk.store import Store
from tests.intake.births import BIRTHS_HEADER, GOOD_BIRTHS, TwoGemeenten

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ENGINE_WORDS = ("duckdb", "Error:", "Traceback", "/tmp/", "Binder", "Parser Error")


def _check_problems(error: InputError, name: str) -> None:
    assert error.problems
    for problem in error.problems:
        assert problem.file == name
        assert not any(word in problem.message for word in ENGINE_WORDS), problem.message


@SETTINGS
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".csv", ".xlsx", ".parquet", ".txt"]))
def test_any_bytes_give_a_table_or_a_clear_error(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"bestand{suffix}"
        path.write_bytes(data)
        try:
            read_table(path)
        except InputError as exc:
            _check_problems(exc, path.name)


@SETTINGS
@given(data=st.binary(max_size=3000).map(lambda b: b"PK\x03\x04" + b))
def test_any_zip_like_bytes_give_a_clear_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "werkboek.xlsx"
        path.write_bytes(data)
        try:
            read_table(path)
        except InputError as exc:
            _check_problems(exc, path.name)


# Cell text as people type it: letters with diacritics, digits, spaces, quotes, separators, the euro sign.
CELL = st.text(alphabet=st.sampled_from(list("abcXYZ éëïöüÉ0123456789,.;\t\"'-€")), min_size=1, max_size=12).filter(
    lambda s: s.strip() != "")
# At least two columns: a one-column file has no separator to sniff (every import has two or more).
HEADER = st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=6), min_size=2, max_size=5, unique=True)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    header = draw(HEADER)
    rows = draw(st.lists(st.lists(CELL, min_size=len(header), max_size=len(header)), min_size=1, max_size=8))
    return header, rows


@SETTINGS
@given(table=tables(), separator=st.sampled_from([";", ",", "\t"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]), blank_after=st.integers(0, 3))
def test_a_written_table_reads_back_cell_for_cell(table: tuple[list[str], list[list[str]]], separator: str,
                                                  encoding: str, blank_after: int) -> None:
    header, rows = table
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    lines_before: list[int] = []
    for index, row in enumerate(rows):
        if index == blank_after:
            buffer.write("\r\n")  # a blank line: skipped, but it keeps its row number
        writer.writerow(row)
        lines_before.append(index + 2 + (1 if index >= blank_after else 0))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tabel.csv"
        path.write_bytes(buffer.getvalue().encode(encoding))
        read = read_table(path)
    assert list(read.headers) == header
    assert [r.number for r in read.rows] == lines_before
    assert [[r.get(h) for h in header] for r in read.rows] == [[c.strip() or None for c in row] for row in rows]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.binary(max_size=600))
def test_births_import_succeeds_or_changes_nothing(body: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        with Store.open(Path(folder) / "s.duckdb") as store:
            good = Path(folder) / "good.csv"
            good.write_text("\n".join([BIRTHS_HEADER, *GOOD_BIRTHS]) + "\n", encoding="utf-8")
            import_records(store, "births", [good], areas=TwoGemeenten())
            before = store.con.execute("SELECT count(*), count(DISTINCT import_id) FROM rec_births").fetchone()
            path = Path(folder) / "births.csv"
            path.write_bytes(BIRTHS_HEADER.encode() + b"\n" + body)
            try:
                [outcome] = import_records(store, "births", [path], areas=TwoGemeenten())
            except InputError as exc:
                _check_problems(exc, path.name)
                after = store.con.execute("SELECT count(*), count(DISTINCT import_id) FROM rec_births").fetchone()
                assert after == before
            else:
                after = store.con.execute("SELECT count(*) FROM rec_births").fetchone()
                assert after is not None and before is not None and after[0] == before[0] + outcome.rows
