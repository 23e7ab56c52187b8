"""Palette contrast, checked with the WCAG 2.1 formulas written out here (not the module's own).

Source: WCAG 2.1, definitions "relative luminance" and "contrast ratio"; success criterion 1.4.3
(AA) asks 4.5:1 for normal text.
"""

from __future__ import annotations

import pytest

from kansrijk.errors import ChartInputError
from kansrijk.publish.charts import palette


def wcag_luminance(colour: str) -> float:
    channels = []
    for start in (1, 3, 5):
        srgb = int(colour[start : start + 2], 16) / 255
        channels.append(srgb / 12.92 if srgb <= 0.03928 else ((srgb + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def wcag_contrast(first: str, second: str) -> float:
    high, low = sorted((wcag_luminance(first), wcag_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_reference_formula_gives_the_known_extremes() -> None:
    assert wcag_contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    # #767676 is the lightest grey that passes AA on white (4.54:1); #777777 fails (4.48:1)
    assert wcag_contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    assert wcag_contrast("#777777", "#FFFFFF") < 4.5


@pytest.mark.parametrize("name, text, background", palette.text_pairs())
def test_every_text_and_background_pair_reaches_aa(name: str, text: str, background: str) -> None:
    assert wcag_contrast(text, background) >= 4.5, name


def test_text_pairs_cover_every_benchmark_and_quintile_colour() -> None:
    backgrounds = {background for _, _, background in palette.text_pairs()}
    assert set(palette.BENCHMARK_COLOURS.values()) <= backgrounds
    assert set(palette.QUINTILE_COLOURS) <= backgrounds


def test_module_contrast_agrees_with_the_reference_formula() -> None:
    for fill in (*palette.BENCHMARK_COLOURS.values(), *palette.QUINTILE_COLOURS):
        assert palette.contrast_ratio(palette.TEXT, fill) == pytest.approx(
            wcag_contrast(palette.TEXT, fill)
        )


def test_quintile_scale_is_sequential_from_light_to_dark() -> None:
    luminances = [wcag_luminance(colour) for colour in palette.QUINTILE_COLOURS]
    assert luminances == sorted(luminances, reverse=True)
    assert len(set(palette.QUINTILE_COLOURS)) == 5


def test_better_worse_and_similar_differ_in_lightness_for_colour_blind_readers() -> None:
    # neighbouring outcomes must not rely on hue alone: at least 1.3:1 apart in luminance contrast
    order = ["veel_beter", "beter", "gelijk", "slechter", "veel_slechter"]
    for first, second in zip(order, order[1:], strict=False):
        assert (
            wcag_contrast(palette.BENCHMARK_COLOURS[first], palette.BENCHMARK_COLOURS[second]) > 1.3
        )


def test_labels_are_dutch_and_name_the_comparison() -> None:
    assert palette.benchmark_label("beter") == "Beter dan Nederland"
    assert (
        palette.benchmark_label("gelijk", "Gelderland Midden")
        == "Vergelijkbaar met Gelderland Midden"
    )
    assert palette.benchmark_phrase("slechter") == "slechter dan Nederland"


def test_unknown_outcome_is_refused_with_a_dutch_message() -> None:
    with pytest.raises(ChartInputError, match="Onbekende vergelijkingsuitkomst 'groen'"):
        palette.benchmark_colour("groen")
