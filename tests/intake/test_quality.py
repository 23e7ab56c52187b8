"""What is missing in the records: counted per column, gemeente and year, shown to the analist by
`kansrijk quality` and in a factsheet's colophon without ever showing a count below the threshold.

The births below are written by hand; the expected counts are read off them.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kansrijk.areas import AreaRegistry
from kansrijk.cli import cli
from kansrijk.intake.quality import missing_values
from kansrijk.intake.records import import_records
from kansrijk.publish.quality import colophon_lines
from kansrijk.store import Store

AREAS = AreaRegistry.load()
HEADER = "child_id;mother_id;birth_date;gemeente_code;gestational_age_days;birth_weight_g;sex;vital_status"


def _births(path: Path) -> Path:
    lines = [HEADER]
    # Amsterdam 2019: 30 children, 12 without a birth weight, 1 without a gestational age.
    for i in range(30):
        weight = "" if i < 12 else "3300"
        days = "" if i == 29 else "280"
        lines.append(f"a{i};m{i};2019-06-01;GM0363;{days};{weight};F;levend")
    # Weesp 2020 (carried onto Amsterdam): 5 children, 2 without a birth weight.
    for i in range(5):
        lines.append(f"w{i};n{i};2020-06-01;GM0457;280;{'' if i < 2 else '3100'};M;levend")
    # Haarlem 2019: 4 children, 3 without a birth weight.
    for i in range(4):
        lines.append(f"h{i};p{i};2019-06-01;GM0392;280;{'' if i < 3 else '3400'};M;levend")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _store(tmp_path: Path) -> Path:
    db = tmp_path / "q.duckdb"
    with Store.open(db) as store:
        import_records(store, "births", [_births(tmp_path / "births.csv")], areas=AREAS)
    return db


def test_missing_values_per_current_gemeente_and_year(tmp_path: Path) -> None:
    with Store.open(_store(tmp_path), read_only=True) as store:
        frame = missing_values(store, AREAS)
    weight = frame[(frame["kind"] == "births") & (frame["column"] == "birth_weight_g")]
    got = {(r.area_code, r.year): (r.missing, r.total) for r in weight.itertuples()}
    assert got == {("GM0363", 2019): (12, 30), ("GM0363", 2020): (2, 5), ("GM0392", 2019): (3, 4)}
    ga = frame[(frame["column"] == "gestational_age_days") & (frame["missing"] > 0)]
    assert ga[["area_code", "year", "missing"]].values.tolist() == [["GM0363", 2019, 1]]


def test_colophon_never_shows_a_small_count(tmp_path: Path) -> None:
    with Store.open(_store(tmp_path), read_only=True) as store:
        frame = missing_values(store, AREAS)
    amsterdam = {line.label: line for line in colophon_lines(frame, ["GM0363"], 10)}
    assert (amsterdam["geboortegewicht"].area_missing, amsterdam["geboortegewicht"].area_total) == ("14", "35")
    assert amsterdam["geboortegewicht"].nl_missing == "17"
    assert amsterdam["zwangerschapsduur"].area_missing == "minder dan 10"
    haarlem = {line.label: line for line in colophon_lines(frame, ["GM0392"], 10)}
    assert haarlem["geboortegewicht"].area_missing == "minder dan 10"


def test_quality_command_prints_the_table_per_year(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["quality", "--db", str(_store(tmp_path)), "--area", "Amsterdam"])
    assert result.exit_code == 0, result.output
    lines = [line.split() for line in result.output.splitlines() if "birth_weight_g" in line]
    assert [line[-5:] for line in lines] == [["birth_weight_g", "2019", "12", "30", "40,00"],
                                             ["birth_weight_g", "2020", "2", "5", "40,00"]]


def test_the_factsheet_colophon_lists_what_is_missing(tmp_path: Path) -> None:
    from kansrijk.catalogue import Catalogues
    from kansrijk.pipeline import compute
    from kansrijk.publish.reports.render import render_reports

    db = _store(tmp_path)
    catalogues = Catalogues.load()
    with Store.open(db) as store:
        compute(store, catalogues, AREAS)
    with Store.open(db, read_only=True) as store:
        [made] = render_reports(store, catalogues, AREAS, area="Amsterdam", catalogue="ks", out=tmp_path / "out")
    html = made.paths[0].read_text(encoding="utf-8")
    colophon = html[html.index('id="colofon"'):]
    assert "Ontbrekende waarden in de records" in colophon
    assert "<td>geboortegewicht</td><td>14 van 35</td><td>17 van 39</td>" in colophon
    assert "<td>zwangerschapsduur</td><td>minder dan 10 van 35</td><td>minder dan 10 van 39</td>" in colophon


def test_the_import_command_says_what_is_unknown(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["import", "--db", str(tmp_path / "i.duckdb"), "--kind", "births",
                                      "--no-compute", str(_births(tmp_path / "births.csv"))])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "births.csv: 39 rijen ingelezen" in lines
    assert "  geboortegewicht (birth_weight_g) onbekend in 17 rijen" in lines
    assert "  zwangerschapsduur (gestational_age_days) onbekend in 1 rij" in lines


def test_quality_of_synthetic_records_says_so(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with Store.open(db) as store:
        import_records(store, "births", [_births(tmp_path / "births.csv")], synthetic=True, areas=AREAS)
    output = CliRunner().invoke(cli, ["quality", "--db", str(db)]).output.splitlines()
    assert output[0] == output[-1] == "LET OP: synthetische gegevens (demo) - geen echte cijfers."
    real = CliRunner().invoke(cli, ["quality", "--db", str(_store(tmp_path / "echt"))]).output
    assert "synthetisch" not in real
