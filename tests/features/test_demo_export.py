"""`kansrijk demo` then `kansrijk export`: the national figures of the synthetic data set match the seed.

Expected values: RIVM, Monitor Kansrijke Start, factsheet 2020 (seed 000_afa4227bfa08a049.txt):
dashboard, Table 1 (Big2 in four definitions), and the text of indicators 8, 10, 13, 14 and 15. The
figures are computed by the whole pipeline (generate, import, compute, disclose, export).
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kansrijk.areas import AreaRegistry
from kansrijk.cli import cli
from kansrijk.store import Store

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
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    built = CliRunner().invoke(cli, ["demo", "--db", str(db)])
    assert built.exit_code == 0, built.output
    assert "synthetische gegevens" in built.output
    return db


@pytest.fixture(scope="module")
def demo_rows(demo_db):
    exported = CliRunner().invoke(cli, ["export", "--db", str(demo_db), "--format", "json", "--catalogue", "ks"])
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


# Persons counted by two measures, those of the second among those of the first (from their
# definitions in seed 000, Table 1, and seed 003): (outer, inner, count) and what the difference is.
NESTED = [
    ("ks12.a", "ks12.b", "denominator"),  # births at 22-23 weeks
    ("ks12.a", "ks12.b", "numerator"),
    ("ks12.a", "ks12.c", "denominator"),  # stillbirths
    ("ks12.a", "ks12.c", "numerator"),
    ("ks12.b", "ks12.d", "denominator"),  # stillbirths from 24 weeks
    ("ks12.c", "ks12.d", "denominator"),  # live births at 22-23 weeks
    ("ks12.a", "ks12.d", "denominator"),
    ("ks12.a", "hl01", "denominator"),  # births at 22-23 weeks
    ("ks12.a", "hl03", "numerator"),
    ("ks07", "hl02", "denominator"),  # first children at 22-23 weeks
    ("ks12.a", "ks12.vroeg", "numerator"),  # small for their age, not preterm
    ("ks12.a", "ks12.klein", "numerator"),  # preterm, not small
    # Children in vulnerable households (seed 000, indicator 11; the same households as ks08): any of
    # the three characteristics (ks11.d) against each, and the parents' debts against the mother's.
    ("ks11.d", "ks11.a", "numerator"),
    ("ks11.d", "ks11.b", "numerator"),
    ("ks11.d", "ks11.c", "numerator"),
    ("ks11.c", "ks08", "numerator"),  # the father's debts, not the mother's
    ("ks11.d", "ks08", "numerator"),
]


def test_no_two_nested_figures_published_side_by_side_differ_by_a_small_number(demo_db):
    # Before the catalogues declared the nesting, 50.411 such differences were below 10.
    with Store.open(demo_db, read_only=True) as store:
        published = store.con.execute(
            "SELECT indicator, area_code, area_level, period, numerator, denominator FROM published "
            "WHERE status = 'gepubliceerd'").df()
    table = published.pivot_table(index=["area_code", "period"], columns="indicator",
                                  values=["numerator", "denominator"])
    for outer, inner, count in NESTED:
        difference = (table[count][outer] - table[count][inner]).dropna()
        assert len(difference) and (difference >= 10).all(), (outer, inner, count, difference[difference < 10])
    # Both parts and Big2 side by side: the children both preterm and small.
    both = (table["numerator"]["ks12.vroeg"] + table["numerator"]["ks12.klein"] - table["numerator"]["ks12.a"]).dropna()
    assert len(both) and (both >= 10).all()
    # Pregnancies within children differ by the children after the first of a multiple pregnancy, no
    # protected condition: late care (ks07) and Big2 are both published for every large gemeente.
    gemeenten = published[published["area_level"] == "gemeente"]
    for indicator in ("ks07", "ks12.a"):
        shown = set(gemeenten.loc[(gemeenten["indicator"] == indicator) & (gemeenten["period"] == "2023"), "area_code"])
        assert {"GM0363", "GM0599", "GM0518", "GM0344"} <= shown  # Amsterdam, Rotterdam, Den Haag, Utrecht


def test_every_row_says_it_is_synthetic(demo_rows):
    assert demo_rows and all(r["synthetic"] for r in demo_rows)


def _report(db, out, *args):
    result = CliRunner().invoke(cli, ["report", "--db", str(db), "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return sorted(Path(out).glob("*.html")), sorted(Path(out).glob("*.pdf"))


def _dutch(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + "%"


def test_national_factsheet_is_short_tagged_with_table_1_and_named_rankings(demo_db, demo_rows, tmp_path):
    [page], [pdf] = _report(demo_db, tmp_path, "--area", "NL01", "--year", "2019", "--format", "html,pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)) <= 20
    assert re.search(r"^Tagged:\s+yes", info, re.M)
    html = page.read_text(encoding="utf-8")
    # 000's Table 1: Big2 in four definitions for 2018 and 2019, from the published NL counts
    table = re.search(r'<table class="variants-table" data-indicator="ks12">(.*?)</table>', html, re.S).group(1)
    header = re.findall(r'<th scope="col">(\d{4})</th>', table)
    assert header[-2:] == ["2018", "2019"]
    nl = {(r["indicator"], r["period"]): r for r in demo_rows if r["area_code"] == "NL01"}
    for measure in ("ks12.a", "ks12.b", "ks12.c", "ks12.d"):
        row = re.search(rf'<tr data-indicator="{re.escape(measure)}">(.*?)</tr>', table, re.S).group(1)
        cells = re.findall(r"<td>(.*?)</td>", row)
        for period, cell in zip(header, cells):
            published = nl[(measure, period)]
            assert cell == _dutch(round(100 * published["numerator"] / published["denominator"], 1))
    # every ranking names five gemeenten at each end
    rankings = re.findall(r'<table class="ranking" data-indicator="[^"]+">(.*?)</table>', html, re.S)
    assert rankings
    for ranking in rankings:
        assert len(re.findall(r"<tr><td>", ranking)) == 5


def test_factsheets_have_none_of_the_known_defects(demo_db, tmp_path):
    sys.path.insert(0, str(Path(__file__).parents[2] / "scripts"))
    from check_factsheets import defects

    pages = []
    for name, args in (("ks", ["--area", "Haarlem"]), ("ks2", ["--area", "Eemsdelta"]), ("ks3", ["--area", "Vlieland"]),
                       ("hl", ["--area", "Haarlem", "--catalogue", "haarlem"]),
                       ("gm", ["--area", "RGGM", "--catalogue", "gm"]), ("nl", ["--area", "NL01"])):
        html, _ = _report(demo_db, tmp_path / name, *args, "--format", "html")
        pages += html
    assert len(pages) == 6
    found = {page.name: defects(page.read_text(encoding="utf-8")) for page in pages}
    assert all(not names for names in found.values()), found
    haarlem = next(p for p in pages if p.name == "gm0392-haarlem.html").read_text(encoding="utf-8")
    offers = dict(re.findall(r'<th scope="row">([^<]+)</th><td>[^<]*</td><td>([^<]+)</td>',
                             haarlem[haarlem.index('id="aanbod"'):]))
    assert offers["VoorZorg"] in ("ja", "nee") and offers["Samen Starten"] == "niet geregistreerd"


def test_the_defect_check_finds_each_defect():
    sys.path.insert(0, str(Path(__file__).parents[2] / "scripts"))
    from check_factsheets import DEFECTS, defects

    samples = {"rounding to 0": "aantallen zijn afgerond op 0.", "zero gemeenten sentence": "Van de 0 gemeenten met",
               "lower-case abbreviated NL": "vergelijkbaar met nl", "doubled kicker":
               "MONITOR KANSRIJKE START · MONITOR KANSRIJKE START (RIVM)", "name repeated in its label":
               "Vroeggeboorte (Vroeggeboorte (< 37 weken))", "count without denominator": "22 van -",
               "ISO date": "Peildatum 2020-09-15", "a word broken by a space": "zwangerschapsb egeleiding"}
    assert set(samples) == set(DEFECTS)
    for name, text in samples.items():
        assert defects(f"<p>{text}</p>") == [name]
    assert defects("<p>Vergelijkbaar met Nederland; 15 september 2020; 22 van 1.234</p>") == []


def test_the_demo_gives_ede_a_one_page_wegwijzer(demo_db, tmp_path):
    result = CliRunner().invoke(cli, ["wegwijzer", "--db", str(demo_db), "--area", "Ede", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    [pdf] = tmp_path.glob("*.pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M)
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "Wegwijzer voor ouders in Ede" in text and "Synthetische gegevens" in text
    assert "(in Ede)" in text and "(regio " in text and "(landelijk)" in text
