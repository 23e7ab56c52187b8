"""Compare chart: long names whole and clear of the plot, a bar per published row, Dutch numbers."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from kansrijk.publish.charts import compare_chart, text_width

SVG = "{http://www.w3.org/2000/svg}"

AREA_REGION_NL = [
    {"name": "'s-Hertogenbosch", "value": 15.6, "lower": 14.9, "upper": 16.3, "colour": "beter"},
    {"name": "Gelderland Midden", "value": 17.2, "lower": 16.8, "upper": 17.6},
    {"name": "Nederland", "value": 16.9, "lower": 16.8, "upper": 17.0},
    {"name": "Súdwest-Fryslân", "status": "te_klein", "value": 9.87},
]


def by_class(root: ET.Element, tag: str, css_class: str) -> list[ET.Element]:
    return [e for e in root.iter(f"{SVG}{tag}") if e.get("class") == css_class]


@pytest.mark.parametrize("width", [480.0, 200.0])
def test_long_names_are_whole_and_their_boxes_stay_left_of_the_plot(width: float) -> None:
    root = ET.fromstring(compare_chart(AREA_REGION_NL, "percentage", width=width))
    plot = by_class(root, "rect", "plot-area")[0]
    plot_left = float(plot.get("x"))
    labels = by_class(root, "text", "label")
    assert [label.text for label in labels] == [row["name"] for row in AREA_REGION_NL]
    for label in labels:
        right = float(label.get("x"))  # anchored at the end
        left = right - text_width(label.text, float(label.get("font-size")))
        assert label.get("text-anchor") == "end"
        assert left >= 0 and right <= plot_left
    for value in by_class(root, "text", "value-text"):
        end = float(value.get("x")) + text_width(value.text, float(value.get("font-size")))
        assert float(value.get("x")) >= plot_left + float(plot.get("width"))
        assert end <= float(root.get("width"))


def test_one_bar_per_published_row_and_a_hatched_mark_for_the_suppressed() -> None:
    root = ET.fromstring(compare_chart(AREA_REGION_NL, "percentage"))
    assert len(by_class(root, "rect", "bar")) == 3
    assert len(by_class(root, "line", "whisker")) == 3
    assert len(by_class(root, "rect", "suppressed")) == 1


def test_numbers_are_dutch_and_the_suppressed_value_is_not_shown() -> None:
    svg = compare_chart(AREA_REGION_NL, "percentage")
    assert "15,6% (14,9-16,3)" in svg
    assert "niet gepubliceerd (te klein)" in svg
    readable = " ".join(ET.fromstring(svg).itertext())  # text, titles, description
    assert "9,9" not in readable and "9,87" not in readable


def test_bar_lengths_are_proportional_to_the_values_from_zero() -> None:
    root = ET.fromstring(compare_chart(AREA_REGION_NL[:3], "percentage"))
    widths = [float(bar.get("width")) for bar in by_class(root, "rect", "bar")]
    assert widths[1] / widths[0] == pytest.approx(17.2 / 15.6, rel=0.01)


def test_the_benchmark_colour_has_a_legend_entry() -> None:
    svg = compare_chart(AREA_REGION_NL, "percentage")
    assert "Beter dan Nederland" in svg
    assert 'fill="#35978F"' in svg
