"""The one palette of every chart and map: benchmark colours, a quintile scale, text and line colours.

Benchmark colours follow the Fingertips convention (UKHSA) made colour-blind safe: better is
blue-green, similar is amber, worse is orange/red, and indicators without a judgement use two blues
(dark for higher, light for lower). Lightness differs between neighbouring classes so the map still
reads in grey. The quintile scale is ColorBrewer YlGnBu (Brewer & Harrower, colorbrewer2.org),
sequential and colour-blind safe; its fourth step is a shade darker so white text on it passes AA.

Text is only ever drawn in :data:`TEXT` or :data:`MUTED` on :data:`BACKGROUND`, or in
:func:`text_colour_on` of a fill; each such pair reaches the WCAG 2.1 AA contrast of 4.5:1
(success criterion 1.4.3; relative luminance and contrast ratio as defined there).
"""

from __future__ import annotations

from kansrijk.errors import ChartInputError
from kansrijk.vocabulary import BENCHMARKS, SUPPRESSED

BACKGROUND = "#FFFFFF"
TEXT = "#1A1A1A"
MUTED = "#595959"
WHITE_TEXT = "#FFFFFF"
GRID = "#E3E3E3"
AXIS = "#8C8C8C"

AREA = "#08519C"
AREA_BAND = "#C6DBEF"
NL = "#4D4D4D"
REGION = "#7B3294"
COMPARATOR_BARS = ("#9E9E9E", "#6E6E6E")
HIGHLIGHT = "#1A1A1A"
MAP_OUTLINE = "#FFFFFF"
MINI_MAP_FILL = "#D9D9D9"

HATCH_BACKGROUND = BENCHMARKS[SUPPRESSED][1]
HATCH_LINE = "#9A9A9A"

BENCHMARK_COLOURS: dict[str, str] = {key: colour for key, (_label, colour) in BENCHMARKS.items()}
# legend order: judged outcomes first (best to worst), then the no-judgement pair, then the rest
BENCHMARK_ORDER = tuple(BENCHMARKS)

QUINTILE_COLOURS = ("#FFFFCC", "#A1DAB4", "#41B6C4", "#2A72B0", "#253494")


def benchmark_colour(key: str) -> str:
    """The fill for a benchmark outcome (``beter``, ``gelijk``, ``niet_gepubliceerd``...).

    Raises :class:`ChartInputError` for a key that is not a benchmark outcome.
    """
    try:
        return BENCHMARK_COLOURS[key]
    except KeyError:
        known = ", ".join(BENCHMARK_COLOURS)
        raise ChartInputError(
            f"Onbekende vergelijkingsuitkomst {key!r} voor een kleur; kies uit {known}."
        ) from None


def benchmark_label(key: str, compared_with: str = "Nederland") -> str:
    """Dutch legend text for a benchmark outcome: ``Beter dan Nederland``."""
    benchmark_colour(key)
    return BENCHMARKS[key][0].format(compared_with)


def benchmark_phrase(key: str, compared_with: str = "Nederland") -> str:
    """The legend text inside a sentence: ``beter dan Nederland`` (the place name keeps its capital)."""
    label = benchmark_label(key, compared_with)
    return label[:1].lower() + label[1:]


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a ``#RRGGBB`` colour (sRGB linearised, Rec. 709 weights)."""
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def linear(channel: float) -> float:
        if channel <= 0.04045:
            return channel / 12.92
        return float(((channel + 0.055) / 1.055) ** 2.4)

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio ``(L1 + 0.05) / (L2 + 0.05)`` with L1 the lighter colour."""
    a, b = relative_luminance(first), relative_luminance(second)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_on(fill: str) -> str:
    """The text colour (:data:`TEXT` or white) with the higher contrast on ``fill``."""
    if contrast_ratio(TEXT, fill) >= contrast_ratio(WHITE_TEXT, fill):
        return TEXT
    return WHITE_TEXT


def text_pairs() -> list[tuple[str, str, str]]:
    """Every ``(name, text colour, background)`` pair the charts draw text with."""
    pairs = [("tekst", TEXT, BACKGROUND), ("grijze tekst", MUTED, BACKGROUND)]
    for key, fill in BENCHMARK_COLOURS.items():
        pairs.append((key, text_colour_on(fill), fill))
    for index, fill in enumerate(QUINTILE_COLOURS, start=1):
        pairs.append((f"kwintiel {index}", text_colour_on(fill), fill))
    return pairs

# A ja/nee fact per gemeente on a map (programme facts, the menukaart): two colours that differ for
# every kind of colour vision, and the hatch for unknown.
YES_COLOUR, NO_COLOUR = "#2166AC", "#F2C14E"
FACT_CATEGORIES = {"ja": ("Ja", YES_COLOUR), "nee": ("Nee", NO_COLOUR)}
# The programme's own maps: Impuls tranches (earliest darkest) and the role in Nu Niet Zwanger.
IMPULS_CATEGORIES = {"1": ("Tranche 1", "#08519C"), "2": ("Tranche 2", "#3182BD"), "3": ("Tranche 3", "#9ECAE1"),
                     "nee": ("Niet aangevraagd", NO_COLOUR)}
NNZ_CATEGORIES = {"centrum": ("Centrumgemeente, gestart", "#08519C"), "omringend": ("Omringende gemeente",
                  "#9ECAE1"), "geen": ("Niet actief", NO_COLOUR)}
