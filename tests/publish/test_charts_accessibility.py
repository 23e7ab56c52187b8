"""Every chart: well-formed SVG, explicit size, role and Dutch text alternative, readable text colours.

Contrast: WCAG 2.1 relative luminance and contrast ratio, written out here; every ``<text>`` is drawn
on the white background (or on a white box over a hatch), so its fill must reach 4.5:1 on white.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest

from kansrijk.publish import charts

SVG = "{http://www.w3.org/2000/svg}"

POINTS = [
    {"period": "2019", "value": 15.6, "lower": 14.9, "upper": 16.3},
    {"period": "2020", "status": "te_klein"},
    {"period": "2021", "value": 14.1, "lower": 13.2, "upper": 15.0},
]
ROWS = [
    {"area_code": "GM0796", "area_name": "'s-Hertogenbosch", "value": 15.6, "lower": 14.9,
     "upper": 16.3, "benchmark_nl": "beter", "numerator": 312, "denominator": 2000},
    {"area_code": "GM1900", "area_name": "Súdwest-Fryslân", "value": 18.0, "lower": 16.0,
     "upper": 20.1, "benchmark_nl": "gelijk", "numerator": 180, "denominator": 1000},
    {"area_code": "GM0202", "area_name": "Arnhem", "status": "te_klein"},
]  # fmt: skip

CHARTS: dict[str, Callable[[], str]] = {
    "trend": lambda: charts.trend_chart(POINTS, "percentage", "Roken", POINTS),
    "trend_empty": lambda: charts.trend_chart([POINTS[1]], "percentage", "Roken"),
    "compare": lambda: charts.compare_chart(ROWS, "percentage"),
    "spine": lambda: charts.spine_chart(
        15.6, 14.2, (8.1, 12.0, 16.0, 22.0), "lower_is_better", "slechter"
    ),
    "ranked": lambda: charts.ranked_chart(ROWS, "percentage", "GM0202", nl_value=15.0),
    "funnel": lambda: charts.funnel_chart(ROWS, 15.0, "percentage", highlight="GM0796"),
    "map": lambda: charts.choropleth({"GM0796": "beter", "GM1900": None}, highlight="GM0796"),
    "mini_map": lambda: charts.mini_map("GM0796"),
    "multiples": lambda: charts.small_multiples([{"name": "Ede", "points": POINTS}], "percentage"),
}


def wcag_contrast_on_white(colour: str) -> float:
    channels = []
    for start in (1, 3, 5):
        srgb = int(colour[start : start + 2], 16) / 255
        channels.append(srgb / 12.92 if srgb <= 0.03928 else ((srgb + 0.055) / 1.055) ** 2.4)
    luminance = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    return (1.0 + 0.05) / (luminance + 0.05)


@pytest.mark.parametrize("name", CHARTS)
def test_chart_is_an_accessible_svg(name: str) -> None:
    root = ET.fromstring(CHARTS[name]())
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert float(root.get("width", "0")) > 0 and float(root.get("height", "0")) > 0
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text
    assert desc is not None and desc.text and len(desc.text) > 20
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert root.get("font-family") == "DejaVu Sans, Arial, sans-serif"


@pytest.mark.parametrize("name", CHARTS)
def test_every_text_reaches_aa_contrast_on_white(name: str) -> None:
    root = ET.fromstring(CHARTS[name]())
    for element in root.iter(f"{SVG}text"):
        assert wcag_contrast_on_white(element.get("fill", "#000000")) >= 4.5, element.text


@pytest.mark.parametrize("name", CHARTS)
def test_every_reference_points_at_a_definition_in_the_same_svg(name: str) -> None:
    svg = CHARTS[name]()
    root = ET.fromstring(svg)
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    for element in root.iter():
        for value in element.attrib.values():
            if value.startswith("url(#"):
                assert value[5:-1] in ids
