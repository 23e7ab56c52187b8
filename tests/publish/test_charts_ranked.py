"""Ranked chart: order, one bar per gemeente, all labels for 15 rows, few non-overlapping ones for 342."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from kansrijk.publish.charts import ranked_chart, text_width

SVG = "{http://www.w3.org/2000/svg}"


def fifteen_rows() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = [
        {"area_code": f"GM{i:04d}", "area_name": f"Gemeente {i}", "value": 10.0 + i * 0.5,
         "lower": 9.0 + i * 0.5, "upper": 11.0 + i * 0.5, "benchmark_nl": "gelijk"}
        for i in range(14)
    ]  # fmt: skip
    rows.append(
        {"area_code": "GM1900", "area_name": "Súdwest-Fryslân", "status": "te_klein", "value": 3.21}
    )
    return rows


def value_of(i: int) -> float:
    return (i % 97) / 3 + i / 10_000  # distinct values, so the order is known without ties


def all_gemeenten() -> list[dict[str, object]]:
    return [
        {"area_code": f"GM{i:04d}", "area_name": f"Gemeente nummer {i}", "value": value_of(i),
         "lower": value_of(i) - 1, "upper": value_of(i) + 1, "benchmark_nl": "beter"}
        for i in range(342)
    ]  # fmt: skip


def by_class(root: ET.Element, tag: str, css_class: str) -> list[ET.Element]:
    return [e for e in root.iter(f"{SVG}{tag}") if e.get("class") == css_class]


def test_fifteen_rows_are_all_named_in_descending_order_suppressed_last() -> None:
    root = ET.fromstring(ranked_chart(fifteen_rows(), "percentage", nl_value=14.0))
    labels = [e.text for e in by_class(root, "text", "label")]
    assert labels == [f"Gemeente {i}" for i in range(13, -1, -1)] + ["Súdwest-Fryslân"]
    assert len(by_class(root, "rect", "bar")) == 14
    assert len(by_class(root, "rect", "suppressed")) == 1
    svg = ET.tostring(root, encoding="unicode")
    assert "niet gepubliceerd (te klein)" in svg and "3,2" not in " ".join(root.itertext())


def test_label_boxes_stay_left_of_the_plot() -> None:
    root = ET.fromstring(ranked_chart(fifteen_rows(), "percentage", highlight="GM0003"))
    plot_left = float(by_class(root, "rect", "plot-area")[0].get("x"))
    for label in by_class(root, "text", "label"):
        bold = label.get("font-weight") == "bold"
        left = float(label.get("x")) - text_width(label.text, float(label.get("font-size")), bold)
        assert left >= 0 and float(label.get("x")) <= plot_left


def test_nl_line_and_dutch_values() -> None:
    svg = ranked_chart(fifteen_rows(), "percentage", nl_value=14.0)
    assert "Nederland: 14,0%" in svg
    assert "16,5% (15,5-17,5)" in svg  # Gemeente 13: 10 + 6.5
    assert len(by_class(ET.fromstring(svg), "line", "nl")) == 1


def test_342_rows_get_thin_bars_and_only_extremes_and_highlight_named() -> None:
    rows = all_gemeenten()
    svg = ranked_chart(rows, "percentage", highlight="GM0095", nl_value=16.0)
    root = ET.fromstring(svg)
    bars = by_class(root, "rect", "bar")
    assert len(bars) == 342
    assert max(float(b.get("height")) for b in bars) < 6
    labels = by_class(root, "text", "label")
    # highest: i = 290 (96/3 + 0.029); the highlighted i = 95 ranks 6th (after 290, 193, 96, 289, 192); lowest: i = 0
    assert [e.text for e in labels] == [
        "Gemeente nummer 290",
        "Gemeente nummer 95",
        "Gemeente nummer 0",
    ]
    assert labels[1].get("font-weight") == "bold"
    baselines = [float(e.get("y")) for e in labels]
    for above, below in zip(baselines, baselines[1:], strict=False):
        assert below - above >= float(
            labels[0].get("font-size")
        )  # no overlap although the rows touch
    assert len(svg) < 250_000


@pytest.mark.parametrize("count", [1, 15, 41])
def test_row_counts_around_the_labelling_threshold(count: int) -> None:
    rows = all_gemeenten()[:count]
    root = ET.fromstring(ranked_chart(rows, "percentage"))
    assert len(by_class(root, "rect", "bar")) == count
    expected_labels = count if count <= 40 else 2
    assert len(by_class(root, "text", "label")) == expected_labels
