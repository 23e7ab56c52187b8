"""Files that open right: values rounded to the indicator's decimals in CSV and XLSX, a Dutch CSV
dialect for Dutch Excel, full precision in JSON; the XLSX describes every column."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from kansrijk.cli import cli
from kansrijk.store import RESULT_COLUMNS

FIXTURE = Path(__file__).parent.parent / "fixtures" / "aggregates" / "rivm_factsheet_2020_nl.csv"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("dialect") / "m.duckdb"
    result = CliRunner().invoke(cli, ["import", "--db", str(path), str(FIXTURE)])
    assert result.exit_code == 0, result.output
    return path


def _export(db: Path, out: Path, *args: str) -> None:
    result = CliRunner().invoke(cli, ["export", "--db", str(db), "--out", str(out), *args])
    assert result.exit_code == 0, result.output


def test_dutch_csv_reads_back_as_numbers(db, tmp_path):
    out = tmp_path / "nl.csv"
    _export(db, out, "--format", "csv", "--dialect", "nl")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, so Excel reads the accents right
    rows = {(r["indicator"], r["period"]): r for r in csv.DictReader(raw.decode("utf-8-sig").splitlines(), delimiter=";")}
    ks13 = rows[("ks13", "2019")]  # 000: 1.790 of 29.001
    assert float(ks13["value"].replace(",", ".")) == round(100 * 1790 / 29001, 1) == 6.2
    assert ks13["value"] == "6,2" and float(ks13["numerator"].replace(",", ".")) == 1790
    lower = float(ks13["lower"].replace(",", "."))
    assert lower == round(lower, 1) and 5 < lower < 6.2


def test_machine_csv_is_rounded_and_json_keeps_full_precision(db, tmp_path):
    machine, js = tmp_path / "m.csv", tmp_path / "m.json"
    _export(db, machine, "--format", "csv")
    _export(db, js, "--format", "json")
    row = next(r for r in csv.DictReader(machine.read_text(encoding="utf-8").splitlines())
               if (r["indicator"], r["period"]) == ("ks13", "2019"))
    assert row["value"] == "6.2"
    exact = next(r for r in json.loads(js.read_text(encoding="utf-8"))
                 if (r["indicator"], r["period"]) == ("ks13", "2019"))
    assert exact["value"] == pytest.approx(100 * 1790 / 29001, abs=1e-9)


def test_xlsx_has_a_frozen_header_typed_numbers_and_a_column_sheet(db, tmp_path):
    out = tmp_path / "m.xlsx"
    _export(db, out, "--format", "xlsx")
    book = openpyxl.load_workbook(out)
    sheet, columns = book["kansrijk"], book["kolommen"]
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header == list(RESULT_COLUMNS)
    value = header.index("value")
    numbers = [r[value] for r in sheet.iter_rows(min_row=2, values_only=True) if r[value] is not None]
    assert numbers and all(isinstance(v, (int, float)) and round(v, 1) == v for v in numbers)
    described = {r[0]: r[1] for r in columns.iter_rows(min_row=2, values_only=True)}
    assert set(described) == set(RESULT_COLUMNS) and all(described.values())
