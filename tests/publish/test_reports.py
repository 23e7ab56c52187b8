"""Factsheet content (HTML): sections, tile numbers equal the export, suppressed values never shown."""

import re

import pytest

from kansrijk.publish.context import PublishedData
from kansrijk.publish.export import ResultFilter, published_frame
from kansrijk.publish.reports.render import area_html

NOTICE = "Synthetische gegevens (demo)"
REASONS = {  # the Dutch reasons of the disclosure rules (seed 004: "te klein", privacy)
    "te_klein": "Te klein voor een betrouwbare uitkomst",
    "privacy": "Niet getoond om privacyredenen",
}


@pytest.fixture(scope="module")
def data(report_store):
    return PublishedData.load(report_store, "ks")


@pytest.fixture(scope="module")
def html(data, catalogues, areas):
    return {code: area_html(data, catalogues, areas, code) for code in ("GM0202", "GM1982", "GM0088", "RGGM", "NL01")}


def dutch(value: float, unit: str) -> str:
    """Independent Dutch formatting: one decimal, comma, thousands dot not needed below 1.000."""
    text = f"{value:.1f}".replace(".", ",")
    return text + "%" if unit == "percentage" else text


def tiles(page: str) -> dict[str, str]:
    found = re.findall(r'<li class="tile[^"]*" data-indicator="([^"]+)">(.*?)</li>', page, re.S)
    return dict(found)


@pytest.mark.parametrize("code", ["GM0202", "GM1982", "GM0088", "RGGM", "NL01"])
def test_sections_and_synthetic_notice(html, code):
    page = html[code]
    assert page.count(NOTICE) >= 2  # banner and colophon (the PDF repeats it in every page header)
    for heading in ("<h2>Dashboard</h2>", "<h2>Actielijn 2: Tijdens de zwangerschap</h2>", "<h2>Colofon</h2>"):
        assert heading in page
    assert "Onthullingsregel" in page and "Samenvatting en aanbevelingen" not in page


def expected_tiles(frame):
    """Per indicator the row a tile should show, worked out here: the latest single year when it is
    published, else the published pooled window ending last (the shortest of equal ends), else the
    latest single year as it is."""
    out = {}
    for indicator, rows in frame.groupby("indicator"):
        singles = rows[rows["period_start"] == rows["period_end"]].sort_values("period_end")
        pooled = rows[(rows["period_start"] != rows["period_end"]) & (rows["status"] == "gepubliceerd")]
        pooled = pooled.sort_values(["period_end", "period_start"])
        if len(singles) and singles.iloc[-1]["status"] == "gepubliceerd":
            out[indicator] = singles.iloc[-1]
        elif len(pooled):
            out[indicator] = pooled.iloc[-1]
        elif len(singles):
            out[indicator] = singles.iloc[-1]
    return out


def period_text(row) -> str:
    start, end = int(row["period_start"]), int(row["period_end"])
    return str(end) if start == end else f"{start}-{end}, {end - start + 1} jaar samen"


@pytest.mark.parametrize("code", ["GM0202", "GM1982", "RGGM", "NL01"])
def test_every_tile_number_equals_the_export(report_store, html, code):
    frame = published_frame(report_store, ResultFilter(areas=[code], catalogue="ks"))
    latest = expected_tiles(frame)
    shown = tiles(html[code])
    assert set(shown) == set(latest)
    for indicator, tile in shown.items():
        row = latest[indicator]
        if row["status"] == "gepubliceerd":
            value = re.search(r"data-value>([^<]+)<", tile).group(1)
            assert value == dutch(row["value"], row["unit"]), indicator
            assert period_text(row) in tile
        else:
            assert "niet gepubliceerd" in tile and "data-value" not in tile


def test_tiny_gemeente_hides_values_and_gives_reasons(report_store, html):
    page = html["GM0088"]
    hidden = report_store.con.execute(
        "SELECT p.indicator, p.status, p.reason, r.value, r.unit FROM published p JOIN results r USING "
        "(indicator, area_code, period) WHERE p.area_code = 'GM0088' AND p.status <> 'gepubliceerd' "
        "AND p.period_start = p.period_end AND p.catalogue = 'ks'"
    ).fetchall()
    assert len(hidden) >= 5  # a handful of births a year: most values are suppressed
    shown = tiles(page)
    for indicator, status, reason, true_value, unit in hidden:
        assert reason in page
        if indicator in shown and true_value is not None:
            assert dutch(true_value, unit) not in shown[indicator]
    assert any(REASONS[s] in page for s in ("te_klein", "privacy"))


def test_big2_shows_four_definitions_side_by_side(html):
    page = html["GM0202"]
    table = re.search(r'<article class="indicator variants" id="ks12">(.*?)</article>', page, re.S)
    assert table is not None
    rows = re.findall(r'<tr data-indicator="(ks12\.[a-d])">', table.group(1))
    assert rows == ["ks12.a", "ks12.b", "ks12.c", "ks12.d"]
    assert "4 definities naast elkaar" in table.group(1)


def test_merged_gemeente_has_its_history(html):
    page = html["GM1982"]  # Land van Cuijk, formed in 2022: earlier years carried from its predecessors
    assert "Land van Cuijk" in page and "2019" in page and "2023" in page


def test_region_report_lists_every_member(html, areas):
    page = html["RGGM"]
    for code in areas.members("RGGM"):
        assert f"<th scope=\"row\">{areas.get(code).name}</th>" in page
    # Small multiples per indicator published per gemeente: ks07, ks12.a, ks13, ks14 (not the Big2
    # variants, withheld per gemeente beside ks12.a).
    assert page.count("<svg") >= 4


def test_national_report_has_map_of_every_gemeente(html):
    page = html["NL01"]
    assert page.count('class="gemeente"') >= 342
    assert "Kaart: CBS/PDOK (CC BY 4.0)" in page


def test_user_text_section_only_when_given(data, catalogues, areas, tmp_path):
    text = tmp_path / "GM0202.md"
    text.write_text("# Samenvatting\nDe cijfers **laten** zien.\n\n- Eerste aanbeveling\n- <b>geen html</b>\n")
    from kansrijk.publish.reports.usertext import text_for

    page = area_html(data, catalogues, areas, "GM0202", text=text_for(tmp_path, "GM0202"))
    assert "<h2>Samenvatting en aanbevelingen</h2>" in page
    assert "<li>Eerste aanbeveling</li>" in page and "&lt;b&gt;geen html&lt;/b&gt;" in page
    assert text_for(tmp_path, "GM0088") is None
