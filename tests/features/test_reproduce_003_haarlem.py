"""Haarlem's memo table (seed 003, chapter 2 "Haarlem in cijfers") is reproduced from counts.

Source of every expected value: gemeente Haarlem, notitie Kansrijke Start Haarlem (2022), seed
003_0d3cb2d8b598f612.txt: three small tables "periode / Haarlem / Nederland" for 2017, 2018, 2019:
vroeggeboorte en/of laag geboortegewicht per 1000 (150,1 160,7 / 147,5 159,0 / 147,1 157,5), perinatale
sterfte per 1000 (5,0 4,4 / 4,6 4,5 / 4,1 4,5) and start of care before 10 weeks in % (78,0 71,3 /
78,4 72,1 / 78,4 72,6). The note prints rates only; the counts below are chosen here (the first whole
counts from the area's size up that give the printed rate, checked in the first test), with Haarlem's
about 1.900 births a year (the note) and NL's about 170.000. Big2 per 1000 is a 5-year figure (waarstaatjegemeente.nl; the note's "2017" is 2013-2017).
"""

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kansrijk.cli import cli

# indicator, area, period in the store, period the note prints, value printed in the note
PRINTED = [
    ("hl03", "GM0392", "2013-2017", "2017", 150.1), ("hl03", "NL01", "2013-2017", "2017", 160.7),
    ("hl03", "GM0392", "2014-2018", "2018", 147.5), ("hl03", "NL01", "2014-2018", "2018", 159.0),
    ("hl03", "GM0392", "2015-2019", "2019", 147.1), ("hl03", "NL01", "2015-2019", "2019", 157.5),
    ("hl01", "GM0392", "2017", "2017", 5.0), ("hl01", "NL01", "2017", "2017", 4.4),
    ("hl01", "GM0392", "2018", "2018", 4.6), ("hl01", "NL01", "2018", "2018", 4.5),
    ("hl01", "GM0392", "2019", "2019", 4.1), ("hl01", "NL01", "2019", "2019", 4.5),
    ("hl02", "GM0392", "2017", "2017", 78.0), ("hl02", "NL01", "2017", "2017", 71.3),
    ("hl02", "GM0392", "2018", "2018", 78.4), ("hl02", "NL01", "2018", "2018", 72.1),
    ("hl02", "GM0392", "2019", "2019", 78.4), ("hl02", "NL01", "2019", "2019", 72.6),
]
SCALE = {"hl01": 1000, "hl03": 1000, "hl02": 100}
# births (hl01, hl03) or pregnancies (hl02) per area and length of the period
BASE = {("GM0392", 1): 1900, ("GM0392", 5): 9500, ("NL01", 1): 170_000, ("NL01", 5): 850_000}


def _years(period: str) -> int:
    start, _, end = period.partition("-")
    return int(end or start) - int(start) + 1


def counts(indicator: str, area: str, period: str, value: float) -> tuple[int, int]:
    """Whole counts near the area's size that give ``value`` to one decimal."""
    for denominator in range(BASE[(area, _years(period))], 10**7):
        numerator = round(value * denominator / SCALE[indicator])
        if abs(numerator / denominator * SCALE[indicator] - value) < 0.05:
            return numerator, denominator
    raise AssertionError(value)


def dutch(value: float, unit: str) -> str:
    text = f"{value:.1f}".replace(".", ",")
    return f"{text}%" if unit == "%" else f"{text} per 1.000"


def test_the_counts_give_the_printed_rates():
    for indicator, area, period, _, value in PRINTED:
        numerator, denominator = counts(indicator, area, period, value)
        assert round(numerator / denominator * SCALE[indicator] + 1e-9, 1) == value


@pytest.fixture(scope="module")
def factsheet(tmp_path_factory) -> str:
    tmp = tmp_path_factory.mktemp("haarlem")
    source = tmp / "haarlem_003.csv"
    lines = ["indicator;gebied;periode;teller;noemer"]
    lines += [f"{ind};{area};{period};{';'.join(map(str, counts(ind, area, period, value)))}"
              for ind, area, period, _, value in PRINTED]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp / "haarlem.duckdb"
    runner = CliRunner()
    for args in (["import", "--db", str(db), str(source)], ["compute", "--db", str(db)],
                 ["report", "--db", str(db), "--area", "Haarlem", "--catalogue", "haarlem", "--format", "html",
                  "--out", str(tmp / "out")]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.output
    (page,) = (tmp / "out").glob("*.html")
    return Path(page).read_text(encoding="utf-8")


def table_rows(page: str) -> dict[str, list[tuple[str, str, str]]]:
    """Per indicator the (period, Haarlem, Nederland) rows of the factsheet's comparison table."""
    section = re.search(r'<section class="comparison".*?</section>', page, re.S)
    assert section, "the factsheet has no comparison table"
    out = {}
    for indicator, body in re.findall(r'<tbody data-indicator="([^"]+)">(.*?)</tbody>', section.group(0), re.S):
        cells = [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
        out[indicator] = [tuple(c) for c in cells]
    return out


@pytest.mark.parametrize("indicator, unit", [("hl03", "per"), ("hl02", "%")])
def test_memo_table_reproduced(factsheet, indicator, unit):
    rows = table_rows(factsheet)[indicator]
    printed = [p for p in PRINTED if p[0] == indicator]
    expected = [(period if "-" not in period else f"{period}, {_years(period)} jaar samen", dutch(h[4], unit),
                 dutch(n[4], unit))
                for (_, _, period, _, _), h, n in zip(printed[::2], printed[::2], printed[1::2])]
    assert rows == expected


def test_small_perinatal_death_counts_are_not_published(factsheet):
    # 4,6 and 4,1 per 1.000 of about 1.900 births are 9 and 8 deaths: fewer than 10 persons
    rows = table_rows(factsheet)["hl01"]
    assert rows[0] == ("2017", dutch(5.0, "per"), dutch(4.4, "per"))
    assert [r[1] for r in rows[1:]] == ["n.g.", "n.g."]
    assert [r[2] for r in rows[1:]] == [dutch(4.5, "per"), dutch(4.5, "per")]


def test_big2_per_1000_is_shown_as_its_five_year_figure(factsheet):
    tile = re.search(r'<li class="tile[^"]*" data-indicator="hl03">(.*?)</li>', factsheet, re.S).group(1)
    assert dutch(147.1, "per") in tile and "2015-2019" in tile
