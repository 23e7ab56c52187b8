"""Indicators that no source registers (catalogue ``registered: false``: 001's preconception care, the
reach of Nu Niet Zwanger, the health score at age two) are published for Nederland as "niet
geregistreerd", visible as such, never left out; the child-protection measure on its own (001) is
computed from the children's records."""

from __future__ import annotations

import json

from click.testing import CliRunner

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.cli import cli


def test_unregistered_indicators_say_so(tmp_path):
    counts = tmp_path / "tellingen.csv"
    counts.write_text("indicator;gebied;periode;teller;noemer\nks08;NL01;2022;5000;170000\n", encoding="utf-8")
    db, runner = tmp_path / "m.duckdb", CliRunner()
    assert runner.invoke(cli, ["import", "--db", str(db), str(counts)]).exit_code == 0
    result = runner.invoke(cli, ["export", "--db", str(db), "--format", "json", "--catalogue", "vws"])
    assert result.exit_code == 0, result.output
    rows = {r["indicator"]: r for r in json.loads(result.stdout)}
    unregistered = {m.id for m in Catalogues.load().measures("vws") if not m.registered}
    assert unregistered == {"vw02", "vw03", "vw04"}
    current = str(AreaRegistry.load().current_year)  # not registered as of the current division
    for measure in unregistered:
        row = rows[measure]
        assert (row["area_code"], row["period"], row["status"]) == ("NL01", current, "niet_geregistreerd")
        assert row["value"] is None and row["reason"] == "De benodigde gegevens worden niet geregistreerd."
    report = runner.invoke(cli, ["report", "--db", str(db), "--area", "NL01", "--catalogue", "vws",
                                 "--format", "html", "--out", str(tmp_path / "out")])
    assert report.exit_code == 0, report.output
    [page] = (tmp_path / "out").glob("*.html")
    html = page.read_text(encoding="utf-8")
    assert html.count("De benodigde gegevens worden niet geregistreerd.") >= 3
    assert "Preconceptiezorg" in html and "Gezondheidsscore op 2 jaar" in html


def test_child_protection_is_counted_from_the_records(tmp_path):
    import pandas as pd

    # 300 children under 2 in Utrecht in 2021, 30 of them under supervision or guardianship: 100 per 1000
    frame = pd.DataFrame({"child_id": [f"c{k}" for k in range(300)], "year": 2021, "gemeente_code": "GM0344",
                          "youth_protection": [k < 30 for k in range(300)], "residential_care": False})
    path = tmp_path / "kinderen.csv"
    frame.to_csv(path, index=False)
    db, runner = tmp_path / "m.duckdb", CliRunner()
    imported = runner.invoke(cli, ["import", "--db", str(db), "--kind", "children", str(path)])
    assert imported.exit_code == 0, imported.output
    result = runner.invoke(cli, ["export", "--db", str(db), "--format", "json", "--catalogue", "vws",
                                 "--area", "NL01"])
    row = next(r for r in json.loads(result.stdout) if r["indicator"] == "vw01" and r["period"] == "2021")
    assert row["status"] == "gepubliceerd" and (row["numerator"], row["denominator"]) == (30, 300)
    assert abs(row["value"] - 1000 * 30 / 300) < 1e-9
