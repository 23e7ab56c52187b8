"""The SVG builder: text measurement, escaping, the document head, axis ticks."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from kansrijk.publish.charts import scale
from kansrijk.publish.charts.svg import Svg, text, text_width

SVG = "{http://www.w3.org/2000/svg}"


def test_text_width_uses_dejavu_sans_advance_widths() -> None:
    # read from the fonts' hmtx tables (2048 units per em): DejaVu Sans Book "m" 1995, "i" 569,
    # "0" 1303; DejaVu Sans Bold "m" 2134, "W" 2259
    assert text_width("m", 2048) == pytest.approx(1995, abs=2)
    assert text_width("i", 2048) == pytest.approx(569, abs=2)
    assert text_width("0", 2048) == pytest.approx(1303, abs=2)
    assert text_width("m", 2048, bold=True) == pytest.approx(2134, abs=3)
    assert text_width("W", 2048, bold=True) == pytest.approx(2259, abs=3)


def test_text_width_adds_up_and_scales_with_the_font_size() -> None:
    assert text_width("mi", 12) == pytest.approx(text_width("m", 12) + text_width("i", 12))
    assert text_width("Súdwest-Fryslân", 24) == pytest.approx(2 * text_width("Súdwest-Fryslân", 12))
    assert text_width("Súdwest-Fryslân", 12) == pytest.approx(text_width("Sudwest-Fryslan", 12))


def test_an_unknown_glyph_counts_as_the_widest_glyph_so_boxes_never_fall_short() -> None:
    widest_known = max(text_width(char, 10, bold=True) for char in "mW%æÆ")
    assert text_width("\u0142", 10) >= widest_known


def test_document_has_size_role_and_text_alternative() -> None:
    doc = Svg(200, 100, "Titel & <meer>", "Beschrijving")
    doc.add(text(10, 20, "a < b & c"))
    root = ET.fromstring(doc.render())
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == (
        "200",
        "100",
        "0 0 200 100",
    )
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby", "").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}title").text == "Titel & <meer>"
    assert root.find(f"{SVG}desc").get("id") == desc_id
    assert root.find(f"{SVG}text").text == "a < b & c"
    assert "DejaVu Sans" in root.get("font-family", "")


def test_ids_differ_between_documents_and_repeat_for_the_same_content() -> None:
    first = Svg(10, 10, "Een", "d").render()
    second = Svg(10, 10, "Twee", "d").render()
    assert ET.fromstring(first).get("aria-labelledby") != ET.fromstring(second).get(
        "aria-labelledby"
    )
    assert Svg(10, 10, "Een", "d").render() == first


@pytest.mark.parametrize(
    "low, high, expected",
    [
        (0.0, 17.3, [0, 5, 10, 15, 20]),  # span 17.3 / 5 = 3.46 -> step 5
        (12.1, 13.9, [12.0, 12.5, 13.0, 13.5, 14.0]),  # 1.8 / 5 = 0.36 -> step 0.5
        (0.0, 1000.0, [0, 200, 400, 600, 800, 1000]),
    ],
)
def test_nice_ticks_use_steps_of_1_2_2_5_or_5(
    low: float, high: float, expected: list[float]
) -> None:
    assert scale.nice_ticks(low, high) == pytest.approx(expected)


def test_percentage_axis_stays_within_0_and_100() -> None:
    assert scale.value_ticks([0.2, 1.4], "percentage")[0] == 0
    near_full = scale.value_ticks([97.5, 99.9], "percentage")
    assert near_full[-1] == 100 and near_full[0] >= 0


def test_tick_labels_are_dutch() -> None:
    assert scale.tick_label(12.5, "percentage", 1) == "12,5%"
    assert scale.tick_label(2500, "per_1000", 0) == "2.500"
    assert scale.tick_decimals([0, 2.5, 5]) == 1
