"""A hidden single year falls back to the published 5-year figure: CLI dashboard, factsheet, region
table, maps and ranking; ``map_period: pooled`` maps one pooled window for every gemeente.

The store is ``tests/pooled.py`` (Vlieland: every year too small, 2019-2023 published). Expected
numbers come from the counts written there, not from the code under test.
"""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kansrijk.cli import cli
from kansrijk.publish import latest
from kansrijk.publish.context import PublishedData
from kansrijk.publish.reports.render import area_html
from kansrijk.store import Store
from tests.pooled import (
    HIDDEN,
    HIDDEN_NAME,
    LARGE,
    POOLED_TEXT,
    REGION,
    YEARS,
    national_total,
    percentage_text,
    total,
)

HATCH = re.compile(r"url\(#kc-[0-9a-f]+-hatch\)")


@pytest.fixture(scope="module")
def data(pooled_db: Path) -> PublishedData:
    with Store.open(pooled_db, read_only=True) as store:
        return PublishedData.load(store, "ks")


@pytest.fixture(scope="module")
def published(pooled_db: Path) -> dict[tuple[str, str, str], str]:
    """(measure, area, period) -> status, straight from the published table (the preconditions)."""
    with Store.open(pooled_db, read_only=True) as store:
        rows = store.con.execute("SELECT indicator, area_code, period, status FROM published").fetchall()
    return {(i, a, p): s for i, a, p, s in rows}


def test_the_store_has_a_hidden_year_with_a_published_5_year_figure(published):
    assert published[("ks12.a", HIDDEN, "2023")] == "te_klein"
    assert published[("ks12.a", HIDDEN, "2019-2023")] == "gepubliceerd"
    assert published[("ks08", LARGE, "2023")] == "gepubliceerd"


def test_cli_dashboard_shows_the_5_year_figure(pooled_db):
    result = CliRunner().invoke(cli, ["dashboard", "--db", str(pooled_db), "--area", HIDDEN_NAME])
    assert result.exit_code == 0, result.output
    line = next(row for row in result.output.splitlines() if row.startswith("ks12.a "))
    assert POOLED_TEXT in line
    assert percentage_text(*total("ks12.a", [HIDDEN], YEARS)) in line  # 15 of 200: 7,5%
    assert "te klein" not in line


def _tile(page: str, measure: str) -> str:
    found = re.search(rf'<li class="tile([^"]*)" data-indicator="{re.escape(measure)}">(.*?)</li>', page, re.S)
    assert found is not None
    return found.group(1) + found.group(2)


def _article(page: str, measure: str) -> str:
    # the national factsheet has one article per indicator; a measure's own article elsewhere
    found = (re.search(rf'<article class="indicator[^"]*" id="{re.escape(measure)}">(.*?)</article>', page, re.S)
             or re.search(rf'<article class="indicator[^"]*" id="{re.escape(measure.split(".")[0])}">(.*?)</article>',
                          page, re.S))
    assert found is not None
    return found.group(1)


def test_factsheet_shows_the_5_year_figure_against_nl_and_region_of_the_same_period(data, catalogues, areas):
    page = area_html(data, catalogues, areas, HIDDEN)
    tile = _tile(page, "ks12.a")
    value = percentage_text(*total("ks12.a", [HIDDEN], YEARS))
    assert "suppressed" not in tile.split(">")[0]
    assert f"data-value>{value}<" in tile and POOLED_TEXT in tile
    nl_pooled = percentage_text(*national_total("ks12.a", YEARS))
    nl_2023 = percentage_text(*national_total("ks12.a", (2023,)))
    assert nl_pooled != nl_2023
    text = htmllib.unescape(re.sub(r"<svg.*?</svg>", "", _article(page, "ks12.a"), flags=re.S))
    assert f"In {HIDDEN_NAME} is de waarde {value} ({POOLED_TEXT})" in text
    assert f"het landelijk gemiddelde ({nl_pooled})" in text and nl_2023 not in text
    assert "Het cijfer over 2023 is niet gepubliceerd." in text
    assert "Te klein voor een betrouwbare uitkomst" in text


def test_region_table_cell_shows_the_5_year_figure_with_its_period(data, catalogues, areas):
    page = area_html(data, catalogues, areas, REGION)
    cell = re.search(rf'<td class="([^"]*)" data-indicator="ks12.a" data-area="{HIDDEN}">(.*?)</td>', page, re.S)
    assert cell is not None and cell.group(1) != "suppressed"
    assert cell.group(2).startswith(percentage_text(*total("ks12.a", [HIDDEN], YEARS)))
    assert POOLED_TEXT in cell.group(2)


def _map_paths(svg: str) -> dict[str, tuple[str, str]]:
    """gemeente code -> (fill, tooltip) of every gemeente on a map."""
    shape = r'<path d="[^"]*" fill="([^"]*)"[^>]*class="gemeente" data-code="(GM\d{4})"><title>([^<]*)</title>'
    found = re.findall(shape, svg)
    return {code: (fill, htmllib.unescape(title)) for fill, code, title in found}


@pytest.fixture(scope="module")
def national(data, catalogues, areas) -> str:
    return area_html(data, catalogues, areas, "NL01")


def test_latest_map_colours_the_gemeente_by_its_5_year_figure(national):
    maps = [s for s in re.findall(r"<svg.*?</svg>", _article(national, "ks12.a"), re.S) if 'class="gemeente"' in s]
    assert len(maps) == 1
    paths = _map_paths(maps[0])
    fill, title = paths[HIDDEN]
    assert not HATCH.match(fill)
    assert title.startswith(f"{HIDDEN_NAME}: {percentage_text(*total('ks12.a', [HIDDEN], YEARS))} (")
    assert POOLED_TEXT in title
    large_title = paths[LARGE][1]  # a gemeente whose 2023 is published shows 2023
    assert percentage_text(*total("ks12.a", [LARGE], (2023,))) in large_title and "jaar samen" not in large_title
    assert "Periode: 2023" in maps[0]


def test_pooled_map_shows_the_latest_pooled_window_for_every_gemeente(national, published, areas):
    article = _article(national, "ks08")
    maps = [s for s in re.findall(r"<svg.*?</svg>", article, re.S) if 'class="gemeente"' in s]
    assert len(maps) == 1
    assert f"Periode: {POOLED_TEXT}" in maps[0]
    paths = _map_paths(maps[0])
    coloured = {code for code, (fill, _) in paths.items() if not HATCH.match(fill)}
    expected = {a for (m, a, p), s in published.items()
                if m == "ks08" and p == "2019-2023" and s == "gepubliceerd" and a.startswith("GM")}
    assert coloured == expected
    # Leeuwarden's 2023 is published, yet the map shows its five years together
    assert percentage_text(*total("ks08", [LARGE], YEARS)) in paths[LARGE][1]
    assert percentage_text(*total("ks08", [LARGE], (2023,))) not in paths[LARGE][1]
    # the ranking names the five lowest (best) and highest gemeenten over the same five years
    ranking = re.search(r'<table class="ranking" data-indicator="ks08">(.*?)</table>', article, re.S).group(1)
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", ranking)
    shares = sorted((total("ks08", [code], YEARS)[0] / total("ks08", [code], YEARS)[1], areas.get(code).name)
                    for code in expected)
    assert [r[0] for r in rows] == [name for _, name in shares[:5]]
    assert [r[2] for r in rows] == [name for _, name in shares[::-1][:5]]
    assert all(r[1].endswith(f"({YEARS[0]}-{YEARS[-1]})") for r in rows)


ROW = {"area_code": "GM0001", "status": "gepubliceerd", "value": 1.0, "reference_date": None}


def _row(period: str, status: str = "gepubliceerd") -> dict:
    start, _, end = period.partition("-")
    return {**ROW, "period": period, "period_start": int(start), "period_end": int(end or start), "status": status,
            "value": 1.0 if status == "gepubliceerd" else None}


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([_row("2022"), _row("2023"), _row("2019-2023")], "2023"),  # the latest year, published
        ([_row("2023", "te_klein"), _row("2018-2022"), _row("2019-2023")], "2019-2023"),
        ([_row("2023", "te_klein"), _row("2018-2022"), _row("2019-2023", "privacy")], "2018-2022"),
        ([_row("2023", "te_klein"), _row("2019-2023", "te_klein")], "2023"),  # nothing published: the reason
        ([_row("2023", "te_klein"), _row("2021-2023"), _row("2019-2023")], "2021-2023"),  # shortest of equal ends
        ([_row("2022"), _row("2019-2023")], "2022"),  # a published year beats a pooled window
        ([_row("2018-2022", "te_klein"), _row("2019-2023", "te_klein")], "2019-2023"),
        ([], None),
    ],
)
def test_the_rule_picks_the_figure_a_user_sees(rows, expected):
    found = latest.shown(rows)
    assert (found["period"] if found else None) == expected


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([_row("2023", "te_klein"), _row("2019-2023", "privacy")], "2019-2023"),
        ([_row("2023", "te_klein"), _row("2019-2023")], None),  # the 5-year figure is shown instead
        ([_row("2023"), _row("2019-2023", "te_klein")], None),  # the year is shown
        ([_row("2023", "te_klein"), _row("2017-2021", "te_klein")], None),  # no window ends in 2023
        ([_row("2023", "te_klein")], None),
    ],
)
def test_a_hidden_5_year_figure_is_named_beside_a_hidden_year(rows, expected):
    found = latest.also_hidden(rows)
    assert (found["period"] if found else None) == expected


def test_where_the_5_year_figure_is_hidden_too_the_factsheet_says_so_and_why(data, catalogues, areas, published):
    """Vlieland's debts: 1 of 40 a year, 5 of 200 together: the year and the 5-year figure are too
    small. The factsheet names both, each with its reason; a gemeente whose year is shown says
    nothing of its 5-year figure."""
    assert total("ks08", [HIDDEN], YEARS)[0] < 10
    assert published[("ks08", HIDDEN, "2023")] == published[("ks08", HIDDEN, "2019-2023")] == "te_klein"
    text = htmllib.unescape(re.sub(r"<svg.*?</svg>", "", _article(area_html(data, catalogues, areas, HIDDEN), "ks08"),
                                   flags=re.S))
    assert "Niet gepubliceerd (2023):" in text
    assert f"Ook het cijfer over {POOLED_TEXT}, is niet gepubliceerd. Te klein voor een betrouwbare uitkomst" in text
    large = htmllib.unescape(_article(area_html(data, catalogues, areas, LARGE), "ks08"))
    assert published[("ks08", LARGE, "2023")] == "gepubliceerd" and "Ook het cijfer over" not in large
