"""Spine chart: NL in the middle, worst on the left, one scale for both halves (Fingertips)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from kansrijk.errors import ChartInputError, StatsInputError
from kansrijk.publish.charts import spine_chart

SVG = "{http://www.w3.org/2000/svg}"
SPREAD = (8.0, 12.0, 16.0, 22.0)  # min, Q1, Q3, max over gemeenten
NL = 14.0
WIDTH = 320.0
PAD = 6.0


def parts(svg: str) -> tuple[float, float, ET.Element]:
    root = ET.fromstring(svg)
    nl = next(e for e in root.iter(f"{SVG}line") if e.get("class") == "nl")
    dots = [e for e in root.iter(f"{SVG}circle") if e.get("class") == "value"]
    value_x = float(dots[0].get("cx")) if dots else float("nan")
    return float(nl.get("x1")), value_x, root


def expected_x(value: float, higher_on_the_right: bool) -> float:
    # both halves share the larger distance from NL: here max(14 - 8, 22 - 14) = 8
    reach = 8.0
    share = (value - (NL - reach)) / (2 * reach)
    if not higher_on_the_right:
        share = 1 - share
    return PAD + share * (WIDTH - 2 * PAD)


def test_nl_is_in_the_middle() -> None:
    nl_x, _, _ = parts(spine_chart(15.0, NL, SPREAD, "higher_is_better", "beter", width=WIDTH))
    assert nl_x == pytest.approx(WIDTH / 2)


def test_higher_is_better_puts_a_high_value_right_of_nl() -> None:
    nl_x, value_x, _ = parts(
        spine_chart(18.0, NL, SPREAD, "higher_is_better", "beter", width=WIDTH)
    )
    assert value_x > nl_x
    assert value_x == pytest.approx(expected_x(18.0, higher_on_the_right=True), abs=0.01)


def test_lower_is_better_flips_so_a_high_value_lies_left_of_nl() -> None:
    nl_x, value_x, root = parts(
        spine_chart(18.0, NL, SPREAD, "lower_is_better", "slechter", width=WIDTH)
    )
    assert value_x < nl_x
    assert value_x == pytest.approx(expected_x(18.0, higher_on_the_right=False), abs=0.01)
    labels = [e.text for e in root.iter(f"{SVG}text")]
    assert "Slechtst: 22,0%" in labels and "Best: 8,0%" in labels


def test_the_dot_has_the_benchmark_colour_and_the_quartile_band_sits_inside_the_range() -> None:
    _, _, root = parts(spine_chart(18.0, NL, SPREAD, "higher_is_better", "veel_beter", width=WIDTH))
    assert next(e for e in root.iter(f"{SVG}circle")).get("fill") == "#00665E"
    rects = {e.get("class"): e for e in root.iter(f"{SVG}rect") if e.get("class")}
    outer, inner = rects["range"], rects["quartiles"]
    assert float(outer.get("x")) <= float(inner.get("x"))
    assert float(inner.get("x")) + float(inner.get("width")) <= float(outer.get("x")) + float(
        outer.get("width")
    )
    assert float(inner.get("x")) == pytest.approx(expected_x(12.0, True), abs=0.01)


def test_a_suppressed_value_draws_no_dot_and_says_why() -> None:
    svg = spine_chart(17.77, NL, SPREAD, "higher_is_better", "niet_getoetst", status="te_klein")
    _, value_x, root = parts(svg)
    assert value_x != value_x  # NaN: no dot
    assert "niet gepubliceerd (te klein)" in root.find(f"{SVG}desc").text
    assert "17,8" not in " ".join(root.itertext())


def test_invalid_input_is_refused() -> None:
    with pytest.raises(ChartInputError, match="oplopende volgorde"):
        spine_chart(15.0, NL, (12.0, 8.0, 16.0, 22.0), "higher_is_better", "beter")
    with pytest.raises(ChartInputError, match="Onbekende vergelijkingsuitkomst"):
        spine_chart(15.0, NL, SPREAD, "higher_is_better", "groen")
    with pytest.raises(StatsInputError, match="Onbekende polariteit"):
        spine_chart(15.0, NL, SPREAD, "hoger_is_beter", "beter")
