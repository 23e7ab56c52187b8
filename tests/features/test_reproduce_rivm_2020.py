"""The national figures of the RIVM factsheet 2020 (seed 000) are reproduced from its own counts.

Source of every expected value: RIVM, Monitor Kansrijke Start, factsheet 2020 (seed
000_afa4227bfa08a049.txt): the dashboard percentages and the counts in each indicator's text
(ks01 59 of 275; ks02 37 + 96 of 275; ks03 29 of 50; ks04 181 of 280; ks05 130 of 355; ks06 203 of 579;
ks09 8 of 37; ks13 1.698 of 30.743 and 1.790 of 29.001; ks14 2.509 of 32.002 and 2.487 of 30.285).
"""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kansrijk.cli import cli

FIXTURE = Path(__file__).parent.parent / "fixtures" / "aggregates" / "rivm_factsheet_2020_nl.csv"

# indicator, period label, published value, decimals as printed in the factsheet
PUBLISHED = [
    ("ks01", "2020", 21, 0),
    ("ks02", "2020", 48, 0),
    ("ks03", "2020", 58, 0),
    ("ks04", "2020", 65, 0),
    ("ks05", "2020", 37, 0),
    ("ks06", "2020", 35, 0),
    ("ks09", "2020", 22, 0),
    ("ks13", "2018", 5.5, 1),
    ("ks13", "2019", 6.2, 1),
    ("ks14", "2018", 7.8, 1),
    ("ks14", "2019", 8.2, 1),
]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    db = tmp_path_factory.mktemp("rivm") / "rivm.duckdb"
    runner = CliRunner()
    result = runner.invoke(cli, ["import", "--db", str(db), str(FIXTURE)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["export", "--db", str(db), "--format", "json", "--area", "NL01"])
    assert result.exit_code == 0, result.output
    return {(r["indicator"], r["period"]): r for r in json.loads(result.stdout)}


@pytest.mark.parametrize("indicator, period, expected, decimals", PUBLISHED)
def test_factsheet_value_reproduced(exported, indicator, period, expected, decimals):
    row = exported[(indicator, period)]
    assert row["status"] == "gepubliceerd"
    assert round(row["value"], decimals) == expected


def test_counts_and_interval_are_exported(exported):
    row = exported[("ks13", "2019")]
    assert row["numerator"] == 1790 and row["denominator"] == 29001
    assert row["lower"] < row["value"] < row["upper"]
    assert row["unit"] == "percentage" and row["confidence"] == 0.95
    assert row["reference_date"] is None
    assert exported[("ks01", "2020")]["reference_date"] == "2020-09-15"


def test_real_counts_are_not_marked_synthetic(exported):
    assert not any(r["synthetic"] for r in exported.values())
