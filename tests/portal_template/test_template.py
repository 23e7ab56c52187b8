"""The partner template: its sheets and checks, and that the aggregate import reads it as filled in.

Facts relied on: the gm catalogue (gm.yaml) - gm08.phb is a percentage of "Totaal aantal zwangeren",
gm03.gesprekken a count without denominator; regio Zuid (RGGMZ) is Lingewaard, Overbetuwe, Renkum and
Wageningen (seed 004); Weesp (GM0457) merged into Amsterdam in 2022 and is in GGD Amsterdam.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.cli import cli
from kansrijk.errors import BadRequest, InputError, UnknownArea, UnknownIndicator
from kansrijk.intake.aggregates import COLUMNS, parse_aggregates
from kansrijk.intake.tabular import normalise_header
from kansrijk.portal.template import template_gemeenten, template_measures, write_template
from tests.portal_template.filling import fill_template, header_positions, set_cell

CATALOGUES = Catalogues.load()
AREAS = AreaRegistry.load()
ZUID = {"GM1705": "Lingewaard", "GM1734": "Overbetuwe", "GM0274": "Renkum", "GM0289": "Wageningen"}
MEASURES = ("gm08.phb", "gm03.gesprekken")


@pytest.fixture
def template(tmp_path: Path) -> Path:
    measures = template_measures(CATALOGUES, "gm", MEASURES)
    return write_template(tmp_path / "sjabloon.xlsx", measures, template_gemeenten(AREAS, ["RGGMZ"], 2023), 2023,
                          title="Aanlevering JGZ 2023")


def _numbers() -> dict[tuple[str, str], tuple[int | None, int | None, str | None]]:
    """Whole numbers for every row: PHB 10+i of 300+i, conversations 5+i."""
    entries = {}
    for i, code in enumerate(sorted(ZUID)):
        entries[("gm08.phb", code)] = (10 + i, 300 + i, None)
        entries[("gm03.gesprekken", code)] = (5 + i, None, None)
    return entries


def test_sheets_headers_and_prefilled_rows(template):
    workbook = load_workbook(template)
    assert workbook.sheetnames == ["Invullen", "Uitleg"]
    sheet = workbook["Invullen"]
    headers = list(header_positions(sheet))
    assert {"indicator", "gebied", "periode", "teller", "noemer", "status"} <= set(headers)
    aliases = {alias for names in COLUMNS.values() for alias in names}
    informational = [h for h in headers if normalise_header(h) not in aliases]
    assert informational == ["Omschrijving", "Naam gebied", "Opmerking"]
    assert sheet.freeze_panes == "A2"
    assert all(sheet.column_dimensions[letter].width >= 9 for letter in "ABCDEFGHI")
    col = header_positions(sheet)
    rows = [
        {h: sheet.cell(r, c).value for h, c in col.items()} for r in range(2, sheet.max_row + 1)
    ]
    assert len(rows) == len(MEASURES) * len(ZUID)
    assert {(r["indicator"], r["gebied"]) for r in rows} == {(m, g) for m in MEASURES for g in ZUID}
    assert all(r["Naam gebied"] == ZUID[r["gebied"]] and r["periode"] == 2023 for r in rows)
    assert all(r["teller"] is None and r["noemer"] is None and r["status"] is None for r in rows)
    count_rows = [r for r in rows if r["indicator"] == "gm03.gesprekken"]
    assert all("n.v.t." in r["Opmerking"] for r in count_rows)
    assert workbook.properties.title == "Aanlevering JGZ 2023"


def test_excel_checks_whole_numbers_empty_nvt_and_statuses(template):
    sheet = load_workbook(template)["Invullen"]
    col = header_positions(sheet)
    by_type: dict[str, set[tuple[int, int]]] = {}
    for check in sheet.data_validations.dataValidation:
        by_type.setdefault(check.type, set()).update(cell for rng in check.sqref.ranges for cell in rng.cells)
        if check.type == "whole":
            assert (check.operator, check.formula1) == ("greaterThanOrEqual", "0")
        if check.type == "list":
            assert check.formula1 == '"niet_aangeboden,niet_geregistreerd,geen_data"'
    for r in range(2, sheet.max_row + 1):
        assert (r, col["teller"]) in by_type["whole"]
        assert (r, col["status"]) in by_type["list"]
        if sheet.cell(r, col["indicator"]).value == "gm08.phb":
            assert (r, col["noemer"]) in by_type["whole"]
        else:  # a count: noemer n.v.t., nothing may be typed
            assert (r, col["noemer"]) in by_type["textLength"]
            assert "n.v.t." in sheet.cell(r, col["noemer"]).comment.text


def test_uitleg_gives_the_catalogue_definitions(template):
    sheet = load_workbook(template)["Uitleg"]
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Aanlevering JGZ 2023"
    table = {row[0]: row for row in rows if row[0] in MEASURES}
    phb, talks = CATALOGUES.measure("gm08.phb"), CATALOGUES.measure("gm03.gesprekken")
    assert tuple(table["gm08.phb"][1:4]) == (phb.name, phb.numerator, "Totaal aantal zwangeren.")
    assert tuple(table["gm03.gesprekken"][1:4]) == (talks.name, talks.numerator, "n.v.t.")
    text = " ".join(str(row[0]) for row in rows if row[0])
    for status in ("niet_aangeboden", "niet_geregistreerd", "geen_data"):
        assert status in text


def test_filled_template_imports_cleanly(template, tmp_path):
    fill_template(template, _numbers())
    result = parse_aggregates(template, CATALOGUES, AREAS)
    assert len(result.rows) == len(MEASURES) * len(ZUID)
    db = tmp_path / "monitor.duckdb"
    outcome = CliRunner().invoke(cli, ["import", "--db", str(db), "--no-compute", str(template)])
    assert outcome.exit_code == 0, outcome.output
    assert "sjabloon.xlsx: 8 rijen ingelezen" in outcome.output
    con = duckdb.connect(str(db), read_only=True)
    stored = {(i, a): (n, d) for i, a, n, d in con.execute(
        "SELECT indicator, area_code, numerator, denominator FROM aggregate_rows").fetchall()}
    con.close()
    assert stored == {key: (float(n), None if d is None else float(d)) for key, (n, d, _) in _numbers().items()}


def _row_of(path: Path, indicator: str, gebied: str) -> int:
    sheet = load_workbook(path)["Invullen"]
    col = header_positions(sheet)
    return next(r for r in range(2, sheet.max_row + 1)
                if (sheet.cell(r, col["indicator"]).value, sheet.cell(r, col["gebied"]).value) == (indicator, gebied))


@pytest.mark.parametrize(
    "header, value, message",
    [
        ("teller", "abc", "geen getal"),
        ("teller", 400, "teller is groter dan noemer (400 > 303)"),
        ("gebied", "GM9999", "onbekend gebied 'GM9999'"),
    ],
    ids=["tekst", "teller-groter", "onbekende-gemeente"],
)
def test_one_bad_cell_names_sheet_row_column_and_value(template, tmp_path, header, value, message):
    fill_template(template, _numbers())
    row = _row_of(template, "gm08.phb", "GM1734")  # Overbetuwe: PHB 13 of 303 in _numbers
    set_cell(template, row, header, value)
    db = tmp_path / "monitor.duckdb"
    outcome = CliRunner().invoke(cli, ["import", "--db", str(db), "--no-compute", str(template)])
    assert outcome.exit_code == 1
    assert f"sjabloon.xlsx[Invullen]:{row}:{header}: {message}" in outcome.output
    with pytest.raises(InputError) as info:
        parse_aggregates(template, CATALOGUES, AREAS)
    (problem,) = info.value.problems
    assert (problem.sheet, problem.line, problem.column, problem.value) == ("Invullen", row, header, value)
    assert problem.for_user() == f"Werkblad 'Invullen', rij {row}, kolom '{header}': {problem.message} (waarde: " + (
        f"'{value}')." if isinstance(value, str) else f"{value}).")
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM aggregate_rows").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM imports").fetchone() == (0,)
    con.close()


def test_blank_template_is_refused_row_by_row(template):
    with pytest.raises(InputError) as info:
        parse_aggregates(template, CATALOGUES, AREAS)
    problems = info.value.problems
    assert len(problems) == len(MEASURES) * len(ZUID)
    assert {p.sheet for p in problems} == {"Invullen"} and {p.column for p in problems} == {"teller"}
    assert {p.message.split(" (")[0] for p in problems} == {"teller ontbreekt", "teller en noemer ontbreken"}
    assert all(p.for_user().startswith(f"Werkblad 'Invullen', rij {p.line}, kolom 'teller': teller") for p in problems)


def test_rows_without_figures_import_with_a_status(template):
    entries = _numbers()
    entries[("gm08.phb", "GM0274")] = (None, None, "niet_aangeboden")
    entries[("gm03.gesprekken", "GM0274")] = (None, None, "geen_data")
    fill_template(template, entries)
    rows = {(r.indicator, r.area_code): r for r in parse_aggregates(template, CATALOGUES, AREAS).rows}
    assert rows[("gm08.phb", "GM0274")].status == "niet_aangeboden"
    assert rows[("gm03.gesprekken", "GM0274")].numerator is None
    assert rows[("gm08.phb", "GM0289")].status == "gepubliceerd"


def test_default_measures_are_the_aggregate_ones_of_the_catalogue():
    # gm.yaml: gm01, gm02 and gm13 come from surveys; gm03.gemeenten is counted from the registry.
    expected = ["gm03.gesprekken", "gm03.aandachtsfunctionarissen", "gm04", "gm05", "gm06", "gm07.a", "gm07.b",
                "gm08.phb", "gm08.so_prenataal", "gm08.so_postnataal", "gm08.voorzorg", "gm09", "gm10", "gm11", "gm12"]
    assert [m.id for m in template_measures(CATALOGUES, "gm")] == expected


def test_measure_choice_errors():
    with pytest.raises(UnknownIndicator, match="hoort niet bij catalogus gm"):
        template_measures(CATALOGUES, "gm", ["ks12.a"])
    with pytest.raises(BadRequest, match="tekst"):
        template_measures(CATALOGUES, None, ["gm13"])
    with pytest.raises(BadRequest):
        template_measures(CATALOGUES)


def test_gemeenten_follow_the_division_of_the_year():
    ggd = AREAS.region_of("GM0363")  # GGD Amsterdam
    assert "GM0457" in {g.code for g in template_gemeenten(AREAS, [ggd], 2021)}
    assert "GM0457" not in {g.code for g in template_gemeenten(AREAS, [ggd], 2023)}
    assert [g.code for g in template_gemeenten(AREAS, ["Wageningen", "GM0274", "RGGMZ"], 2023)] == [
        "GM1705", "GM1734", "GM0274", "GM0289"]  # by name
    with pytest.raises(UnknownArea):
        template_gemeenten(AREAS, ["Weesp"], 2023)


def test_cli_writes_the_template(tmp_path):
    out = tmp_path / "sjabloon.xlsx"
    result = CliRunner().invoke(cli, ["template", "--catalogue", "gm", "--measure", "gm08.phb", "--measure",
                                      "gm08.voorzorg", "--area", "RGGM", "--year", "2023", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "30 regels (2 indicatoren x 15 gemeenten)" in result.output
    assert load_workbook(out)["Invullen"].max_row == 31
    wrong = CliRunner().invoke(cli, ["template", "--catalogue", "gm", "--area", "RGGM", "--year", "2023",
                                     "--out", str(tmp_path / "sjabloon.csv")])
    assert wrong.exit_code == 1 and "extensie .xlsx" in wrong.output
    helptext = CliRunner().invoke(cli, ["template", "--help"]).output
    assert "Voorbeeld" in helptext and "kansrijk template --catalogue gm" in helptext
