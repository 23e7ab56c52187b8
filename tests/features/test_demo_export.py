"""`kansrijk demo` then `kansrijk export`: the national figures of the synthetic data set match the seed.

Expected values: RIVM, Monitor Kansrijke Start, factsheet 2020 (seed 000_afa4227bfa08a049.txt):
dashboard, Table 1 (Big2 in four definitions), and the text of indicators 8, 10, 13, 14 and 15. The
figures are computed by the whole pipeline (generate, import, compute, disclose, export).
"""

import json

import pytest
from click.testing import CliRunner

from kansrijk.areas import AreaRegistry
from kansrijk.cli import cli

SEED_FIGURES = [
    ("ks12.a", "2018", 16.0), ("ks12.a", "2019", 15.6),
    ("ks12.b", "2018", 15.7), ("ks12.b", "2019", 15.4),
    ("ks12.c", "2018", 15.6), ("ks12.c", "2019", 15.2),
    ("ks12.d", "2018", 15.6), ("ks12.d", "2019", 15.2),
    ("ks12.vroeg", "2019", 6.9), ("ks12.klein", "2019", 10.2),
    ("ks07", "2019", 14.6),
    ("ks08", "2015", 3.7), ("ks08", "2018", 2.6),
    ("ks10", "2019", 5.0),
    ("ks13", "2018", 5.5), ("ks13", "2019", 6.2),
    ("ks14", "2018", 7.8), ("ks14", "2019", 8.2),
    ("ks15", "2015", 1.7), ("ks15", "2019", 1.6),
]


@pytest.fixture(scope="module")
def demo_rows(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    runner = CliRunner()
    built = runner.invoke(cli, ["demo", "--db", str(db)])
    assert built.exit_code == 0, built.output
    assert "synthetische gegevens" in built.output
    exported = runner.invoke(cli, ["export", "--db", str(db), "--format", "json", "--catalogue", "ks"])
    assert exported.exit_code == 0
    return json.loads(exported.stdout)


@pytest.mark.parametrize("indicator, period, expected", SEED_FIGURES)
def test_national_figure_within_0_3_of_the_seed(demo_rows, indicator, period, expected):
    row = next(r for r in demo_rows if r["indicator"] == indicator and r["area_code"] == "NL01" and r["period"] == period)
    assert row["status"] == "gepubliceerd"
    assert abs(row["value"] - expected) <= 0.3


def test_no_kraamzorg_stays_in_the_published_range(demo_rows):
    values = [r["value"] for r in demo_rows if r["indicator"] == "ks10" and r["area_code"] == "NL01"
              and r["period"] in {"2015", "2016", "2017", "2018", "2019"}]
    assert len(values) == 5 and all(3.6 - 0.3 <= v <= 5.7 + 0.3 for v in values)


def test_every_current_gemeente_has_a_value_or_a_reason(demo_rows):
    gemeenten = {a.code for a in AreaRegistry.load().gemeenten()}
    assert len(gemeenten) == 342
    rows = {r["area_code"]: r for r in demo_rows if r["indicator"] == "ks12.a" and r["period"] == "2019"
            and r["area_level"] == "gemeente"}
    assert set(rows) == gemeenten
    for row in rows.values():
        if row["status"] == "gepubliceerd":
            assert row["value"] is not None and row["lower"] <= row["value"] <= row["upper"]
        else:
            assert row["value"] is None and row["numerator"] is None and row["reason"]
    assert any(r["status"] != "gepubliceerd" for r in rows.values())  # the Wadden islands are tiny


def test_every_row_says_it_is_synthetic(demo_rows):
    assert demo_rows and all(r["synthetic"] for r in demo_rows)
