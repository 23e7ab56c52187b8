"""The `kansrijk` command: exit codes, one-line errors, help texts with examples, export formats."""

import json

import duckdb
import openpyxl
import pytest
from click.testing import CliRunner

from kansrijk.cli import cli

import click

from kansrijk.import_kinds import IMPORT_KINDS


def _walk(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command of the command line, with its path (``portal add-user``)."""
    found = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += _walk(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


COMMANDS = _walk(cli)
# Commands that read a store: with a store that does not exist they stop with one line.
READERS = [c for c in COMMANDS if c[0] in {"audit", "dashboard", "export", "quality", "report", "site", "serve"}]

COUNTS = """indicator;gebied;periode;teller;noemer
ks13;NL01;2018;1.698;30.743
ks13;NL01;2019;1.790;29.001
ks13;Haarlem;2019;60;1.200
ks13;Bloemendaal;2019;4;150
ks13;Heemstede;2019;70;1.000
ks13;Zandvoort;2019;30;800
"""


def test_the_walk_finds_every_command():
    assert len(COMMANDS) >= 19 and ("portal", "add-user") in COMMANDS and ("report",) in COMMANDS
    assert len(READERS) == 7


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_help_ends_with_an_example(command):
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    body = result.output.rstrip().splitlines()
    example_at = max(i for i, line in enumerate(body) if line.strip() == "Voorbeeld:")
    assert body[example_at + 1].strip().startswith("kansrijk ")


def test_indicators_json_lists_the_national_set():
    result = CliRunner().invoke(cli, ["indicators", "--catalogue", "ks", "--format", "json"])
    assert result.exit_code == 0
    ids = {row["id"] for row in json.loads(result.output)}
    assert {f"ks{n:02d}" for n in range(1, 16) if n not in (11, 12)} <= ids
    assert {"ks12.a", "ks12.b", "ks12.c", "ks12.d", "ks11.a", "ks11.d"} <= ids


def test_areas_lists_ggd_regions():
    result = CliRunner().invoke(cli, ["areas", "--level", "ggd", "--format", "json"])
    assert result.exit_code == 0
    assert len(json.loads(result.output)) == 25


REQUIRED = {"export": ["--format", "csv"], "report": ["--area", "NL01", "--out", "uit"], "site": ["--out", "uit"]}


@pytest.mark.parametrize("command", READERS, ids=" ".join)
def test_every_reader_of_a_missing_store_says_so_in_one_line(command, tmp_path):
    missing = tmp_path / "ontbreekt.duckdb"
    result = CliRunner().invoke(cli, [*command, "--db", str(missing), *REQUIRED.get(command[0], [])])
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [f"Fout: database {missing} bestaat niet; maak hem met 'kansrijk demo' "
                                          "of 'kansrijk import'"]
    assert not missing.exists()


def test_the_import_kinds_of_the_command_line_are_those_of_the_library():
    from kansrijk.cli import IMPORT_KIND_NAMES

    assert IMPORT_KIND_NAMES == tuple(IMPORT_KINDS)


@pytest.mark.parametrize("kind", list(IMPORT_KINDS))
def test_every_import_kind_refuses_a_missing_file_in_one_line(kind, tmp_path):
    db = tmp_path / "k.duckdb"
    result = CliRunner().invoke(cli, ["import", "--db", str(db), "--kind", kind, str(tmp_path / "weg.csv")])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Fout: ") and "weg.csv" in result.output, lines
    assert "Traceback" not in result.output


def test_user_error_is_one_line_with_exit_code_1(tmp_path):
    result = CliRunner().invoke(cli, ["export", "--db", str(tmp_path / "missing.duckdb"), "--format", "csv"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert result.output.startswith("Fout: database ")
    assert "Traceback" not in result.output


def test_bad_file_names_row_column_and_value_and_imports_nothing(tmp_path):
    bad = tmp_path / "fout.csv"
    bad.write_text("indicator;gebied;periode;teller;noemer\nks13;Haarlem;2019;zestig;1200\n", encoding="utf-8")
    db = tmp_path / "k.duckdb"
    result = CliRunner().invoke(cli, ["import", "--db", str(db), str(bad)])
    assert result.exit_code == 1
    assert "fout.csv:2:teller" in result.output and "'zestig'" in result.output
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM aggregate_rows").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM imports").fetchone()[0] == 0


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    data = folder / "tellingen.csv"
    data.write_text(COUNTS, encoding="cp1252")
    db = folder / "k.duckdb"
    first = CliRunner().invoke(cli, ["import", "--db", str(db), str(data)])
    assert first.exit_code == 0, first.output
    again = CliRunner().invoke(cli, ["import", "--db", str(db), str(data)])
    assert "tellingen.csv: al eerder ingelezen, overgeslagen" in again.output
    return db


def test_reimport_does_not_duplicate(store_path):
    con = duckdb.connect(str(store_path), read_only=True)
    assert con.execute("SELECT count(*) FROM aggregate_rows").fetchone()[0] == 6


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet", "json"])
def test_export_formats_hold_the_same_rows(store_path, tmp_path, fmt):
    out = tmp_path / f"uit.{fmt}"
    result = CliRunner().invoke(cli, ["export", "--db", str(store_path), "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(out).active
        rows = list(sheet.iter_rows(values_only=True))
        header, body = rows[0], rows[1:]
        table = [dict(zip(header, r)) for r in body]
    elif fmt == "parquet":
        table = duckdb.sql(f"SELECT * FROM '{out}'").df().to_dict(orient="records")
    elif fmt == "csv":
        table = duckdb.sql(f"SELECT * FROM read_csv('{out}', all_varchar=true)").df().to_dict(orient="records")
    else:
        table = json.loads(out.read_text(encoding="utf-8"))
    bloemendaal = [r for r in table if r["area_code"] == "GM0377" and str(r["period"]) == "2019"]
    assert len(bloemendaal) == 1
    assert bloemendaal[0]["status"] == "te_klein"
    assert bloemendaal[0]["value"] in (None, "", float("nan")) or bloemendaal[0]["value"] != bloemendaal[0]["value"]
    haarlem = [r for r in table if r["area_code"] == "GM0392" and str(r["period"]) == "2019"][0]
    assert float(haarlem["value"]) == pytest.approx(5.0)
    zandvoort = [r for r in table if r["area_code"] == "GM0473" and str(r["period"]) == "2019"][0]
    # The four make up jeugdregio Zuid-Kennemerland, whose sum would give Bloemendaal away next to
    # the others; the national set publishes no jeugdregio sums (ks.yaml: area_levels), and GGD
    # Kennemerland holds more gemeenten than these, so Zandvoort is shown.
    assert not [r for r in table if str(r["area_code"]).startswith("JZ")]
    assert zandvoort["status"] == "gepubliceerd"
    required = {"indicator", "variant", "area_code", "area_name", "area_level", "period", "numerator",
                "denominator", "value", "lower", "upper", "confidence", "unit", "status", "reason",
                "benchmark_nl", "benchmark_region", "trend", "source", "definition_version", "synthetic"}
    assert required <= set(table[0])


def test_dashboard_prints_national_figure(store_path):
    result = CliRunner().invoke(cli, ["dashboard", "--db", str(store_path), "--area", "Nederland"])
    assert result.exit_code == 0, result.output
    assert "6,2%" in result.output
    assert "synthetische" not in result.output
