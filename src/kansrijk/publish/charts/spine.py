"""Spine chart (Fingertips "area profile" row): one area against the spread over the gemeenten.

Method as the Fingertips spine chart (UKHSA, Fingertips user guide, "Area profiles"): the
Netherlands sits in the middle; the bar runs from the worst gemeente on the left to the best on the
right (lowest to highest for indicators without a judgement), with the middle half (Q1-Q3) darker;
the area is a dot in its benchmark colour. Both halves share one scale (the larger distance from
NL), so the dot's distance from the middle reads the same on either side.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from kansrijk.errors import ChartInputError
from kansrijk.publish import formatting
from kansrijk.publish.charts import palette
from kansrijk.publish.charts.data import status_text
from kansrijk.publish.charts.scale import LinearScale
from kansrijk.publish.charts.svg import (
    SMALL_FONT_SIZE,
    Svg,
    circle,
    line,
    rect,
    text,
    text_width,
    tooltip,
)
from kansrijk.stats.benchmark import LOWER_IS_BETTER, NO_JUDGEMENT, check_polarity
from kansrijk.vocabulary import NO_DATA, PUBLISHED

OUTER = "#CCCCCC"
INNER = "#8F8F8F"
PAD = 6.0
BAR_TOP = 6.0
BAR_HEIGHT = 16.0


def _quartet(distribution: object) -> tuple[float, float, float, float]:
    if isinstance(distribution, Mapping):
        raw = tuple(distribution.get(k) for k in ("min", "q1", "q3", "max"))
    elif hasattr(distribution, "q1"):
        raw = tuple(getattr(distribution, k, None) for k in ("min", "q1", "q3", "max"))
    else:
        raw = tuple(distribution)  # type: ignore[call-overload]
    values = [float(v) if v is not None else math.nan for v in raw]
    if len(values) != 4 or any(math.isnan(v) for v in values) or values != sorted(values):
        raise ChartInputError(
            "De spreiding voor een spine chart moet vier getallen zijn (minimum, eerste kwartiel, "
            f"derde kwartiel, maximum) in oplopende volgorde; gekregen: {distribution!r}."
        )
    return values[0], values[1], values[2], values[3]


def spine_chart(
    value: float | None,
    nl_value: float,
    distribution: object,
    polarity: str,
    colour: str,
    unit: str = "percentage",
    status: str = PUBLISHED,
    title: str = "Spreiding over de gemeenten",
    width: float = 320.0,
    area_name: str = "Gemeente",
) -> str:
    """An SVG spine: the area's ``value`` against NL and the gemeenten's min, Q1, Q3 and max.

    ``distribution`` is ``(min, q1, q3, max)`` (a tuple, a mapping or an object with those names);
    ``colour`` is the area's benchmark outcome (``beter``, ``gelijk``...). Worst is on the left
    for ``higher_is_better`` and ``lower_is_better`` alike; ``no_judgement`` runs low to high. A
    missing ``value`` or a suppressed ``status`` draws no dot and says why.
    """
    check_polarity(polarity)
    fill = palette.benchmark_colour(colour)
    low, q1, q3, high = _quartet(distribution)
    shown = value if status == PUBLISHED and value is not None and not math.isnan(value) else None
    reach = (
        max(abs(nl_value - low), abs(high - nl_value), abs((shown or nl_value) - nl_value)) or 1.0
    )
    flipped = polarity == LOWER_IS_BETTER
    left_value, right_value = (
        (nl_value + reach, nl_value - reach) if flipped else (nl_value - reach, nl_value + reach)
    )
    x = LinearScale(left_value, right_value, PAD, width - PAD)
    worst, best = (high, low) if flipped else (low, high)
    names = ("Laagst", "Hoogst") if polarity == NO_JUDGEMENT else ("Slechtst", "Best")
    left_label = f"{names[0]}: {formatting.value(worst, unit)}"
    right_label = f"{names[1]}: {formatting.value(best, unit)}"
    centre_label = f"Nederland: {formatting.value(nl_value, unit)}"
    area_text = (
        formatting.value(shown, unit)
        if shown is not None
        else status_text(status if status != PUBLISHED else NO_DATA)
    )
    left_w, centre_w, right_w = (
        text_width(t, SMALL_FONT_SIZE) for t in (left_label, centre_label, right_label)
    )
    centre_fits = left_w + centre_w / 2 + 8 < width / 2 and right_w + centre_w / 2 + 8 < width / 2
    first_line = BAR_TOP + BAR_HEIGHT + SMALL_FONT_SIZE + 4
    height = first_line + 6 + (0 if centre_fits else SMALL_FONT_SIZE + 4)
    desc = (
        f"{area_name}: {area_text}"
        + (f" ({palette.benchmark_phrase(colour)})" if shown is not None else "")
        + f". {centre_label}. Gemeenten van {formatting.value(worst, unit)} ({names[0].lower()}) tot "
        f"{formatting.value(best, unit)} ({names[1].lower()}); de middelste helft van "
        f"{formatting.value(q1, unit)} tot {formatting.value(q3, unit)}."
    )
    doc = Svg(width, height, title, desc)
    doc.add(_span(x, worst, best, OUTER, "range"), _span(x, q1, q3, INNER, "quartiles"))
    mid = BAR_TOP + BAR_HEIGHT / 2
    doc.add(
        line(
            x(nl_value),
            BAR_TOP - 4,
            x(nl_value),
            BAR_TOP + BAR_HEIGHT + 4,
            palette.TEXT,
            stroke_width=2.0,
            class_="nl",
        )
    )
    if shown is not None:
        doc.add(
            circle(
                x(shown),
                mid,
                6.0,
                fill,
                stroke=palette.TEXT,
                stroke_width=1.0,
                class_="value",
                children=tooltip(f"{area_name}: {area_text}"),
            )
        )
    doc.add(text(PAD, first_line, left_label, SMALL_FONT_SIZE, palette.MUTED))
    doc.add(text(width - PAD, first_line, right_label, SMALL_FONT_SIZE, palette.MUTED, "end"))
    centre_y = first_line if centre_fits else first_line + SMALL_FONT_SIZE + 4
    doc.add(text(width / 2, centre_y, centre_label, SMALL_FONT_SIZE, palette.TEXT, "middle"))
    return doc.render()


def _span(x: LinearScale, start: float, end: float, fill: str, name: str) -> str:
    left, right = sorted((x(start), x(end)))
    return rect(left, BAR_TOP, right - left, BAR_HEIGHT, fill, class_=name)
