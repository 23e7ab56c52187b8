"""Maps: 342 gemeenten from the packaged CBS/PDOK boundaries, tooltips, quintiles, hatching, size."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from kansrijk.errors import ChartInputError, UnknownArea
from kansrijk.publish.charts import MapValue, choropleth, geometry, mini_map, palette

SVG = "{http://www.w3.org/2000/svg}"


def gemeente_paths(svg: str) -> list[ET.Element]:
    return [e for e in ET.fromstring(svg).iter(f"{SVG}path") if e.get("class") == "gemeente"]


def all_codes() -> list[str]:
    return sorted(geometry.names())


def test_the_packaged_boundaries_hold_the_342_gemeenten_of_2023() -> None:
    names = geometry.names()
    assert len(names) == 342
    assert names["GM0363"] == "Amsterdam"
    assert names["GM1900"] == "Súdwest-Fryslân"
    assert geometry.shapes() is geometry.shapes()  # parsed once


def test_benchmark_map_has_342_paths_with_dutch_tooltips_and_stays_small() -> None:
    values = dict.fromkeys(all_codes(), "gelijk")
    values["GM0363"] = "beter"
    svg = choropleth(values, highlight="GM0363", title="Roken tijdens de zwangerschap")
    paths = gemeente_paths(svg)
    assert len(paths) == 342
    titles = {p.get("data-code"): p.find(f"{SVG}title").text for p in paths}
    assert titles["GM0363"] == "Amsterdam: beter dan Nederland"
    assert titles["GM0796"] == "'s-Hertogenbosch: vergelijkbaar met Nederland"
    assert len(svg.encode()) < 250_000
    highlight = [e for e in ET.fromstring(svg).iter(f"{SVG}path") if e.get("class") == "highlight"]
    assert len(highlight) == 1 and highlight[0].get("fill") == "none"


def test_missing_and_suppressed_gemeenten_are_hatched_and_say_so() -> None:
    values: dict[str, object] = {
        "GM0363": MapValue(key="beter", value=15.6),
        "GM0014": MapValue(status="te_klein", value=9.87),
    }
    svg = choropleth(values)
    paths = {p.get("data-code"): p for p in gemeente_paths(svg)}
    assert paths["GM0363"].get("fill") == palette.BENCHMARK_COLOURS["beter"]
    assert paths["GM0363"].find(f"{SVG}title").text == "Amsterdam: 15,6% (beter dan Nederland)"
    assert paths["GM0014"].get("fill").startswith("url(#")
    assert paths["GM0014"].find(f"{SVG}title").text == "Groningen: niet gepubliceerd (te klein)"
    assert paths["GM0344"].find(f"{SVG}title").text == "Utrecht: geen gegevens"
    assert sum(p.get("fill").startswith("url(#") for p in paths.values()) == 341
    readable = " ".join(ET.fromstring(svg).itertext())  # titles, description, legend
    assert "9,9" not in readable
    assert "Niet gepubliceerd of geen gegevens: 341." in ET.fromstring(svg).find(f"{SVG}desc").text


def test_quintiles_split_at_the_20_to_80th_percentiles() -> None:
    # values 1..342: the 20th percentile (linear interpolation) is 1 + 0.2 * 341 = 69.2, the 40th
    # 137.4, the 60th 205.6 and the 80th 273.8, so the classes hold 69, 68, 68, 68 and 69 gemeenten
    values = {code: float(rank) for rank, code in enumerate(all_codes(), start=1)}
    svg = choropleth(values, mode="quintile", unit="count")
    fills = Counter(p.get("fill") for p in gemeente_paths(svg))
    assert [fills[colour] for colour in palette.QUINTILE_COLOURS] == [69, 68, 68, 68, 69]
    assert "1 tot 69" in svg and "274 tot 342" in svg


def test_paths_lie_within_the_drawing() -> None:
    svg = choropleth({}, width=300.0)
    root = ET.fromstring(svg)
    width, height = float(root.get("width")), float(root.get("height"))
    for path in gemeente_paths(svg):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d"))]
        assert 0 <= min(numbers) and max(numbers[0::2]) <= width and max(numbers[1::2]) <= height


def test_unknown_codes_modes_keys_and_highlights_are_refused() -> None:
    with pytest.raises(ChartInputError, match="GM0999"):
        choropleth({"GM0999": "beter"})  # not a 2023 code
    with pytest.raises(ChartInputError, match="Onbekende kaartsoort"):
        choropleth({}, mode="hexbin")
    with pytest.raises(ChartInputError, match="Onbekende vergelijkingsuitkomst"):
        choropleth({"GM0363": "groen"})
    with pytest.raises(UnknownArea):
        choropleth({}, highlight="GM9999")


def test_mini_map_fills_one_gemeente_and_is_small() -> None:
    svg = mini_map("GM0202")
    root = ET.fromstring(svg)
    highlighted = [e for e in root.iter(f"{SVG}path") if e.get("class") == "highlight"]
    assert [e.get("data-code") for e in highlighted] == ["GM0202"]
    assert root.find(f"{SVG}title").text == "Ligging van Arnhem"
    assert len(svg.encode()) < 60_000
    with pytest.raises(UnknownArea):
        mini_map("GM0000")
