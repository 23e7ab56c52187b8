"""The web dashboard with a hidden single year and a published 5-year figure (``tests/pooled.py``):
the profile shows the 5-year figure against NL and region of the same period, maps colour it, and a
``map_period: pooled`` indicator maps one pooled window. Expected numbers come from the counts.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kansrijk.publish.web.app import create_app
from kansrijk.publish.web.pages import WebData
from kansrijk.store import Store
from tests.browser import axe_violations, needs_chromium
from tests.pooled import (
    HIDDEN, HIDDEN_NAME, LARGE, POOLED_TEXT, REGION, YEARS, national_total, percentage_text, total,
)
from tests.serving import serving
from tests.web.http import get

HATCH = re.compile(r"url\(#kc-[0-9a-f]+-hatch\)")


@pytest.fixture(scope="module")
def pooled_server(pooled_db: Path) -> Iterator[str]:
    with Store.open(pooled_db, read_only=True) as store:
        web = WebData.load(store)
    with serving(create_app(web)) as base:
        yield base


def _profile_row(page: str, measure: str) -> str:
    found = re.search(rf'<a href="/indicator/{re.escape(measure)}">.*?</tr>', page, re.S)
    assert found is not None
    return htmllib.unescape(re.sub(r"<svg.*?</svg>", "", found.group(0), flags=re.S))


def test_profile_shows_the_5_year_figure_with_nl_and_region_of_the_same_period(pooled_server, areas):
    reply = get(pooled_server, f"/gebied/{HIDDEN}")
    assert reply.status == 200
    row = _profile_row(reply.text, "ks12.a")
    cells = [re.sub(r"<[^>]+>", " ", c).split() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    period, value, _interval, region, nl = (" ".join(c) for c in cells[:5])
    assert period == f"{POOLED_TEXT} 2023: te klein"
    assert value == percentage_text(*total("ks12.a", [HIDDEN], YEARS))
    members = sorted(areas.members(REGION))
    assert region == percentage_text(*total("ks12.a", members, YEARS))
    assert nl == percentage_text(*national_total("ks12.a", YEARS))


def test_profile_names_the_5_year_figure_hidden_beside_a_hidden_year(pooled_server):
    """Vlieland's debts: the year and the 5-year figure too small (1 of 40 a year)."""
    assert total("ks08", [HIDDEN], YEARS)[0] < 10
    row = _profile_row(get(pooled_server, f"/gebied/{HIDDEN}").text, "ks08")
    cells = [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert cells[0] == f"2023 {POOLED_TEXT}: te klein"


def test_pooled_indicator_page_maps_and_lists_the_5_year_window(pooled_server):
    page = get(pooled_server, "/indicator/ks08").text
    assert f"Periode van de kaart: {POOLED_TEXT}." in page
    row = re.search(rf'<a href="/gebied/{LARGE}">[^<]+</a></th><td>([^<]+)</td>\s*<td class="num">([^<]+)</td>', page)
    assert row is not None
    assert row.group(1) == POOLED_TEXT
    assert row.group(2) == percentage_text(*total("ks08", [LARGE], YEARS))


@needs_chromium
def test_in_the_browser_the_gemeente_is_coloured_and_the_profile_says_5_jaar_samen(browser, pooled_server, tmp_path):
    context = browser.new_context(base_url=pooled_server, viewport={"width": 1280, "height": 900},
                                  bypass_csp=True)  # axe-core is injected as an inline script
    tab = context.new_page()
    try:
        tab.goto("/indicator/ks12.a")
        shape = tab.locator(f'figure.chart svg path.gemeente[data-code="{HIDDEN}"]')
        assert not HATCH.match(shape.get_attribute("fill") or "")
        tip = shape.locator("title").text_content() or ""
        assert tip.startswith(f"{HIDDEN_NAME}: {percentage_text(*total('ks12.a', [HIDDEN], YEARS))}")
        assert POOLED_TEXT in tip
        tab.goto(f"/gebied/{HIDDEN}")
        row = tab.get_by_role("row").filter(has=tab.get_by_role("link", name="Big2: ≥ 22 weken, alle geboren kinderen", exact=True)).first
        assert f"{POOLED_TEXT}" in row.inner_text()
        tab.screenshot(path=str(tmp_path / "profiel-vlieland.png"), full_page=True)
        assert axe_violations(tab) == []
    finally:
        context.close()
