"""Funnel chart: points coloured by their place against the 95% and 99.8% limits.

Expected places from the normal approximation to the binomial limits (Spiegelhalter 2005, eq. 1:
target +- z * sqrt(target (1 - target) / n)), computed here; the test values keep well clear of
the small difference between that approximation and the exact limits the chart draws.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from kansrijk.errors import ChartInputError
from kansrijk.publish.charts import funnel_chart, palette
from kansrijk.publish.charts.funnel import position

SVG = "{http://www.w3.org/2000/svg}"
TARGET = 15.0  # percent


def normal_limits(n: int, z: float) -> tuple[float, float]:
    half = z * math.sqrt(0.15 * 0.85 / n) * 100
    return TARGET - half, TARGET + half


def test_reference_limits_at_n_1000() -> None:
    assert normal_limits(1000, 1.959964) == pytest.approx((12.787, 17.213), abs=0.001)
    assert normal_limits(1000, 3.090232) == pytest.approx((11.511, 18.489), abs=0.001)


ROWS_AT_1000 = [
    {
        "area_code": "GM0001",
        "area_name": "Binnen",
        "value": 15.5,
        "denominator": 1000,
    },  # inside 95%
    {"area_code": "GM0002", "area_name": "Hoog", "value": 17.9, "denominator": 1000},  # 95-99.8%
    {
        "area_code": "GM0003",
        "area_name": "Zeer hoog",
        "value": 19.5,
        "denominator": 1000,
    },  # > 99.8%
    {"area_code": "GM0004", "area_name": "Laag", "value": 12.0, "denominator": 1000},  # 95-99.8%
    {
        "area_code": "GM0005",
        "area_name": "Geheim",
        "status": "te_klein",
        "value": 30.3,
        "denominator": 40,
    },
]


def point_fills(svg: str) -> dict[str, str]:
    root = ET.fromstring(svg)
    return {
        e.find(f"{SVG}title").text.split(":")[0]: e.get("fill")
        for e in root.iter(f"{SVG}circle")
        if "point" in (e.get("class") or "").split()
    }


def test_points_are_coloured_by_their_place_for_lower_is_better() -> None:
    fills = point_fills(
        funnel_chart(ROWS_AT_1000, TARGET, "percentage", polarity="lower_is_better")
    )
    colours = palette.BENCHMARK_COLOURS
    assert fills == {
        "Binnen": colours["gelijk"],
        "Hoog": colours["slechter"],
        "Zeer hoog": colours["veel_slechter"],
        "Laag": colours["beter"],
    }


def test_without_judgement_the_points_are_higher_or_lower() -> None:
    fills = point_fills(funnel_chart(ROWS_AT_1000, TARGET, "percentage"))
    assert fills["Zeer hoog"] == palette.BENCHMARK_COLOURS["veel_hoger"]
    assert fills["Laag"] == palette.BENCHMARK_COLOURS["lager"]


def test_suppressed_rows_are_not_drawn_and_their_value_never_shown() -> None:
    svg = funnel_chart(ROWS_AT_1000, TARGET, "percentage")
    assert "Geheim" not in point_fills(svg)
    assert "30,3" not in " ".join(ET.fromstring(svg).itertext())
    assert "1 zonder gepubliceerde waarde of noemer" in ET.fromstring(svg).find(f"{SVG}desc").text


def test_four_limit_curves_a_target_line_and_the_highlight_named() -> None:
    svg = funnel_chart(ROWS_AT_1000, TARGET, "percentage", highlight="GM0002")
    root = ET.fromstring(svg)
    assert len([e for e in root.iter(f"{SVG}polyline") if e.get("class") == "limit"]) == 4
    assert len([e for e in root.iter(f"{SVG}line") if e.get("class") == "target"]) == 1
    assert "Hoog" in [e.text for e in root.iter(f"{SVG}text")]
    assert "Hoog: 17,9% (noemer 1.000)" in svg
    assert "95%-grenzen" in svg and "99,8%-grenzen" in svg


def test_position_rules() -> None:
    inner, outer = (10.0, 20.0), (8.0, 22.0)
    assert (
        position(20.0, inner, outer, "higher_is_better") == "gelijk"
    )  # on the limit counts as inside
    assert position(21.0, inner, outer, "higher_is_better") == "beter"
    assert position(23.0, inner, outer, "higher_is_better") == "veel_beter"
    assert position(9.0, inner, outer, "lower_is_better") == "beter"
    assert position(7.0, inner, outer, "no_judgement") == "veel_lager"


def test_a_unit_that_is_not_a_proportion_is_refused() -> None:
    with pytest.raises(ChartInputError, match="alleen proporties"):
        funnel_chart(ROWS_AT_1000, TARGET, "count")
