"""The published 2020 process figures of the RIVM factsheet (seed 000) from registry facts.

Expected values: factsheet 2020 dashboard (21%, 48%, 58%, 65%, 37%, 35%, 22%) and the counts in the
indicator texts (59/275, 133/275, 29/50, 181/280, 130/355, 203/579, 8/37).
"""

import json

import pytest
from click.testing import CliRunner

from kansrijk.cli import cli

EXPECTED = [
    ("ks01", 21, 59, 275, "2020-09-15"),
    ("ks02", 48, 133, 275, "2020-09-15"),
    ("ks03", 58, 29, 50, "2020-10-01"),
    ("ks04", 65, 181, 280, "2020-09-15"),
    ("ks05", 37, 130, 355, "2020-10-01"),
    ("ks06", 35, 203, 579, "2020-10-01"),
    ("ks09", 22, 8, 37, "2020-10-01"),
]


@pytest.fixture(scope="module")
def exported(tmp_path_factory, factsheet_2020_file):
    db = tmp_path_factory.mktemp("db") / "monitor.duckdb"
    runner = CliRunner()
    result = runner.invoke(cli, ["import-registry", "--db", str(db), str(factsheet_2020_file)])
    assert result.exit_code == 0, result.output
    assert "feiten ingelezen" in result.output
    result = runner.invoke(cli, ["export", "--db", str(db), "--format", "json", "--area", "NL01",
                                 "--catalogue", "ks"])
    assert result.exit_code == 0, result.output
    return {(r["indicator"], r["period"]): r for r in json.loads(result.stdout)}


@pytest.mark.parametrize("indicator, value, numerator, denominator, peildatum", EXPECTED)
def test_factsheet_figure_reproduced(exported, indicator, value, numerator, denominator, peildatum):
    row = exported[(indicator, "2020")]
    assert row["status"] == "gepubliceerd"
    assert (row["numerator"], row["denominator"]) == (numerator, denominator)
    assert round(row["value"]) == value
    assert row["reference_date"] == peildatum


def test_facts_carry_over_to_the_next_year_only_when_registered(exported):
    # the file's last facts are of 2020: nothing is computed for 2021
    assert not any(period == "2021" for _, period in exported)
