"""Trend chart and small multiples: marks per period, Dutch numbers, suppression never shown as a number."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from kansrijk.publish.charts import small_multiples, trend_chart

SVG = "{http://www.w3.org/2000/svg}"

FIVE_YEARS_ONE_SUPPRESSED = [
    {"period": "2015", "value": 15.6, "lower": 14.9, "upper": 16.3},
    {"period": "2016", "value": 15.1, "lower": 14.4, "upper": 15.8},
    # an internal value on a suppressed row must never reach the chart
    {"period": "2017", "value": 12.345, "lower": 11.0, "upper": 13.7, "status": "te_klein"},
    {"period": "2018", "value": 14.2, "lower": 13.5, "upper": 14.9},
    {"period": "2019", "value": 13.8, "lower": 13.1, "upper": 14.5},
]
NL_FIVE_YEARS = [{"period": str(year), "value": 14.0} for year in range(2015, 2020)]


def marks(svg: str, tag: str, css_class: str) -> list[ET.Element]:
    root = ET.fromstring(svg)
    return [e for e in root.iter(f"{SVG}{tag}") if css_class in (e.get("class") or "").split()]


def texts(svg: str) -> list[str]:
    return [e.text or "" for e in ET.fromstring(svg).iter(f"{SVG}text")]


def test_one_marker_per_published_period_and_a_hatched_mark_for_the_suppressed_one() -> None:
    svg = trend_chart(FIVE_YEARS_ONE_SUPPRESSED, "percentage", "Roken", NL_FIVE_YEARS)
    assert len(marks(svg, "circle", "value")) == 4
    suppressed = marks(svg, "rect", "suppressed")
    assert len(suppressed) == 1
    assert suppressed[0].find(f"{SVG}title").text == "2017: niet gepubliceerd (te klein)"


def test_the_line_breaks_at_the_suppressed_period() -> None:
    svg = trend_chart(FIVE_YEARS_ONE_SUPPRESSED, "percentage", "Roken")
    # 2015-2016 and 2018-2019: two runs, two bands, two area lines
    assert len(marks(svg, "polygon", "interval")) == 2
    area_lines = [
        e for e in ET.fromstring(svg).iter(f"{SVG}polyline") if e.get("stroke") == "#08519C"
    ]
    assert len(area_lines) == 2


def test_values_and_intervals_appear_in_dutch_and_suppressed_values_never_do() -> None:
    svg = trend_chart(FIVE_YEARS_ONE_SUPPRESSED, "percentage", "Roken", NL_FIVE_YEARS)
    assert "2015: 15,6% (14,9-16,3)" in svg
    assert "13,8%" in texts(svg)  # the last value is written on the chart
    assert "Nederland 2019: 14,0%" in svg
    readable = " ".join(ET.fromstring(svg).itertext())  # text, titles, description
    assert "12,3" not in readable and "12.3" not in readable and "13,7" not in readable
    assert "niet gepubliceerd (te klein)" in ET.fromstring(svg).find(f"{SVG}desc").text


def test_periods_are_labelled_in_time_order() -> None:
    shuffled = [FIVE_YEARS_ONE_SUPPRESSED[i] for i in (3, 0, 4, 1, 2)]
    labels = [t for t in texts(trend_chart(shuffled, "percentage", "Roken")) if t.startswith("20")]
    assert labels == ["2015", "2016", "2017", "2018", "2019"]


def test_a_single_point_gets_a_marker_and_a_whisker() -> None:
    svg = trend_chart(
        [{"period": "2019", "value": 15.6, "lower": 14.9, "upper": 16.3}], "percentage", "Roken"
    )
    assert len(marks(svg, "circle", "value")) == 1
    assert len(marks(svg, "line", "interval")) == 1


def test_all_suppressed_says_so_instead_of_drawing_empty_axes() -> None:
    points = [{"period": "2018", "status": "te_klein"}, {"period": "2019", "status": "privacy"}]
    svg = trend_chart(points, "percentage", "Roken")
    assert "Geen gepubliceerde waarden" in texts(svg)
    assert "Redenen: privacy; te klein" in texts(svg)
    assert marks(svg, "circle", "value") == []


def test_values_near_0_and_100_percent_keep_the_axis_within_0_100() -> None:
    low = trend_chart(
        [{"period": "2019", "value": 0.3, "lower": 0.1, "upper": 0.9}], "percentage", "Laag"
    )
    high = trend_chart(
        [{"period": "2019", "value": 99.6, "lower": 98.9, "upper": 99.9}], "percentage", "Hoog"
    )
    assert "0,0%" in texts(low) and not any(t.startswith("-") for t in texts(low))
    assert "100,0%" in texts(high)
    assert not any(
        t.endswith("%") and float(t[:-1].replace(".", "").replace(",", ".")) > 100
        for t in texts(high)
    )


GELDERLAND_MIDDEN = [
    "Arnhem", "Barneveld", "Doesburg", "Duiven", "Ede", "Lingewaard", "Overbetuwe", "Renkum",
    "Renswoude", "Rheden", "Rozendaal", "Scherpenzeel", "Wageningen", "Westervoort", "Zevenaar",
]  # fmt: skip


def test_small_multiples_draw_one_panel_per_gemeente_on_one_shared_axis() -> None:
    panels = [
        {
            "name": name,
            "points": [
                {"period": "2018", "value": 10.0 + i},
                {"period": "2019", "value": 11.0 + i},
            ],
        }
        for i, name in enumerate(GELDERLAND_MIDDEN[:-1])
    ]
    panels.append({"name": "Zevenaar", "points": [{"period": "2019", "status": "te_klein"}]})
    svg = small_multiples(panels, "percentage", NL_FIVE_YEARS[-2:])
    titles = [e.text for e in marks(svg, "text", "panel-title")]
    assert titles == GELDERLAND_MIDDEN
    tick_labels = [t for t in texts(svg) if t.endswith("%")]
    # 14 drawn panels, each with the same ticks: every label occurs a multiple of 14 times
    assert tick_labels and all(tick_labels.count(label) % 14 == 0 for label in set(tick_labels))
    assert len(marks(svg, "rect", "empty-panel")) == 1
    assert len(marks(svg, "circle", "value")) == 28
