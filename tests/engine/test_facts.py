"""Programme facts of merged gemeenten are ja/nee, never a fraction, and counts over all gemeenten get
no sampling interval (Amsterdam with Weesp, Eemsdelta from Appingedam, Delfzijl and Loppersum)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kansrijk.cli import cli

# 2020 division: Amsterdam and Weesp (merged in 2022), Appingedam, Delfzijl and Loppersum (Eemsdelta, 2021)
IMPULS = ("GM0363", "GM0457", "GM0003", "GM0010", "GM0024")
COALITION = {"GM0363": "ja", "GM0457": "nee", "GM0003": "ja", "GM0010": "ja", "GM0024": "ja"}
VOORZORG = {"GM0363": "ja", "GM0457": "nee", "GM0003": "nee", "GM0010": "ja", "GM0024": "nee"}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("facts")
    registry = tmp / "programma.csv"
    lines = ["feit;onderwerp;waarde;geldig vanaf"]
    lines += [f"impuls_tranche_1;{c};ja;01-01-2020" for c in IMPULS]
    lines += [f"coalitie;{c};{v};01-06-2020" for c, v in COALITION.items()]
    lines += [f"voorzorg;{c};{v};01-06-2020" for c, v in VOORZORG.items()]
    registry.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db, runner = tmp / "m.duckdb", CliRunner()
    result = runner.invoke(cli, ["import", "--db", str(db), "--kind", "programme", str(registry)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["export", "--db", str(db), "--format", "json", "--catalogue", "ks"])
    assert result.exit_code == 0, result.output
    rows = {(r["indicator"], r["area_code"], r["period"]): r for r in json.loads(result.stdout)}
    dashboard = runner.invoke(cli, ["dashboard", "--db", str(db), "--area", "Amsterdam"])
    assert dashboard.exit_code == 0, dashboard.output
    return rows, dashboard.output


def test_merged_gemeenten_have_a_fact_not_a_fraction(exported):
    rows, _ = exported
    # rule "all": ja only when every gemeente merged into it had the fact in 2020
    expected = {("ks01", "GM0363"): 0, ("ks01", "GM1979"): 1, ("ks05", "GM0363"): 0, ("ks05", "GM1979"): 0}
    for (indicator, code), hit in expected.items():
        row = rows[(indicator, code, "2020")]
        assert (row["numerator"], row["denominator"], row["value"]) == (hit, 1, 100.0 * hit)
        assert row["lower"] is None and row["upper"] is None and row["benchmark_nl"] in (None, "niet_getoetst")


def test_nl_keeps_the_count_of_that_years_gemeenten_without_interval(exported):
    rows, _ = exported
    # NL from the 2020 division: ks01 4 of the 5 Impuls gemeenten, ks05 2 of all 355 gemeenten
    ks01, ks05 = rows[("ks01", "NL01", "2020")], rows[("ks05", "NL01", "2020")]
    assert (ks01["numerator"], ks01["denominator"]) == (4, 5)
    assert (ks05["numerator"], ks05["denominator"]) == (2, 355)
    assert ks05["lower"] is None and ks05["upper"] is None  # ks05 is a registry count: a census


def test_the_dashboard_says_ja_or_nee(exported):
    _, output = exported
    line = next(line for line in output.splitlines() if line.startswith("ks01"))
    assert " nee " in line and "%" not in line
