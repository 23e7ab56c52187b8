"""Funnel chart: each area's value against its denominator, with 95% and 99.8% control limits.

Method: Spiegelhalter (2005), "Funnel plots for comparing institutional performance", Stat Med
24:1185-1202; the limits come from :func:`kansrijk.stats.funnel_limits` (exact binomial around the
target, for values that are proportions shown as a percentage or per 1.000). A point is coloured by
where it lies: inside the 95% limits "gelijk", between 95% and 99.8% "beter"/"slechter" (or
"hoger"/"lager" without a judgement), outside 99.8% the "veel_" form.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from kansrijk.errors import ChartInputError
from kansrijk.publish import formatting
from kansrijk.publish.charts import palette
from kansrijk.publish.charts.data import Row, to_rows
from kansrijk.publish.charts.grid import horizontal_grid
from kansrijk.publish.charts.legend import LegendItem, draw_legend, legend_height
from kansrijk.publish.charts.scale import (
    Box,
    LinearScale,
    axis_title,
    nice_ticks,
    tick_decimals,
    tick_label,
    value_ticks,
)
from kansrijk.publish.charts.svg import (
    FONT_SIZE,
    SMALL_FONT_SIZE,
    Svg,
    circle,
    element,
    line,
    polyline,
    rect,
    text,
    text_width,
    tooltip,
)
from kansrijk.stats import CONFIDENCE_95, CONFIDENCE_998
from kansrijk.stats.funnel import funnel_limits
from kansrijk.stats.benchmark import HIGHER_IS_BETTER, NO_JUDGEMENT, check_polarity

SCALES = {"percentage": 100.0, "per_1000": 1000.0}
INNER_DASH = "5 3"
SAMPLES = 160


def _scale(unit: str) -> float:
    try:
        return SCALES[unit]
    except KeyError:
        raise ChartInputError(
            f"Een trechterdiagram kan alleen proporties tonen (percentage of per 1.000), niet {unit!r}."
        ) from None


def position(
    value: float, inner: tuple[float, float], outer: tuple[float, float], polarity: str
) -> str:
    """Benchmark key of a point from its place against the inner (95%) and outer (99.8%) limits."""
    if inner[0] <= value <= inner[1]:
        return "gelijk"
    above = value > inner[1]
    much = value > outer[1] if above else value < outer[0]
    if polarity == NO_JUDGEMENT:
        key = "hoger" if above else "lager"
    else:
        key = "beter" if above == (polarity == HIGHER_IS_BETTER) else "slechter"
    return "veel_" + key if much else key


def funnel_chart(
    rows: Sequence[object],
    target: float,
    unit: str,
    limits: tuple[float, float] = (CONFIDENCE_95, CONFIDENCE_998),
    highlight: str | None = None,
    polarity: str = NO_JUDGEMENT,
    title: str = "Trechterdiagram",
    width: float = 560.0,
    height: float = 380.0,
    target_name: str = "Nederland",
) -> str:
    """An SVG funnel plot of ``rows`` (name, code, value in the unit, denominator) around ``target``.

    ``target`` is in the unit (``15.6`` for 15,6%); ``limits`` are the inner and outer confidence
    levels. Points are coloured by their position (see :func:`position`); ``highlight`` (a code or
    name) is drawn larger, outlined and named. Rows without a published value or a denominator are
    not drawn and are counted in the text alternative.
    """
    check_polarity(polarity)
    scale = _scale(unit)
    inner_level, outer_level = sorted(limits)
    items = to_rows(rows)
    drawn = [r for r in items if r.published and r.denominator is not None and r.denominator > 0]
    denominators = np.array([r.denominator for r in drawn], dtype=float)
    bands = {
        level: funnel_limits(target / scale, denominators, level)
        for level in (inner_level, outer_level)
    }
    keys = [
        position(r.value or 0.0, (bands[inner_level][0][i] * scale, bands[inner_level][1][i] * scale),
                 (bands[outer_level][0][i] * scale, bands[outer_level][1][i] * scale), polarity)
        for i, r in enumerate(drawn)
    ]  # fmt: skip
    legend = [
        LegendItem(palette.benchmark_label(k, target_name), "dot", palette.benchmark_colour(k))
        for k in palette.BENCHMARK_ORDER
        if k in keys
    ]
    legend += [
        LegendItem(f"{_percent(level)}-grenzen", "line", palette.NL, dash)
        for level, dash in ((inner_level, INNER_DASH), (outer_level, None))
    ]
    legend.append(LegendItem(target_name, "line", palette.AREA))
    x_ticks = nice_ticks(0.0, float(denominators.max()) if drawn else 100.0, 5)
    y_ticks = value_ticks([target] + [r.value for r in drawn if r.value is not None], unit)
    decimals = tick_decimals(y_ticks)
    left = 12 + max(text_width(tick_label(t, unit, decimals), SMALL_FONT_SIZE) for t in y_ticks)
    legend_top = height - legend_height(legend, width - 16) - 6
    plot = Box(left, 22.0, width - left - 16, legend_top - 22 - 2 * SMALL_FONT_SIZE - 14)
    desc = _describe(items, drawn, keys, target, unit, highlight, target_name, inner_level)
    doc = Svg(width, height, title, desc)
    x = LinearScale(x_ticks[0], x_ticks[-1], plot.x, plot.right)
    y = LinearScale(y_ticks[0], y_ticks[-1], plot.bottom, plot.y)
    _axes(doc, plot, x, y, x_ticks, y_ticks, unit, decimals)
    clip = doc.define(
        "plot",
        element(
            "clipPath",
            rect(plot.x, plot.y, plot.width, plot.height, "none"),
            id=doc.local_id("plot"),
        ),
    )
    curves = []
    if drawn:
        grid = np.unique(np.round(np.geomspace(1, max(x_ticks[-1], 2), SAMPLES)))
        for level in (inner_level, outer_level):
            lower, upper = funnel_limits(target / scale, grid, level)
            dash = INNER_DASH if level == inner_level else None
            for bound in (lower, upper):
                coords = [
                    (x(n), y(v * scale)) for n, v in zip(grid, bound, strict=True) if np.isfinite(v)
                ]
                curves.append(
                    polyline(
                        coords, palette.NL, stroke_width=1.0, stroke_dasharray=dash, class_="limit"
                    )
                )
    curves.append(
        line(
            plot.x,
            y(target),
            plot.right,
            y(target),
            palette.AREA,
            stroke_width=1.5,
            class_="target",
        )
    )
    doc.add(f'<g clip-path="{clip}">{"".join(curves)}</g>')
    for row, key in sorted(zip(drawn, keys, strict=True), key=lambda pair: _is(pair[0], highlight)):
        _point(doc, row, key, x, y, unit, _is(row, highlight), plot)
    draw_legend(doc, legend, 8, legend_top, width - 16)
    return doc.render()


def _is(row: Row, highlight: str | None) -> bool:
    return highlight is not None and highlight in (row.code, row.name)


def _axes(
    doc: Svg,
    plot: Box,
    x: LinearScale,
    y: LinearScale,
    x_ticks: list[float],
    y_ticks: list[float],
    unit: str,
    decimals: int,
) -> None:
    horizontal_grid(doc, y_ticks, y, plot.x, plot.right, unit, decimals)
    for tick in x_ticks:
        doc.add(
            line(x(tick), plot.bottom, x(tick), plot.bottom + 4, palette.AXIS, stroke_width=1.0)
        )
        doc.add(
            text(
                x(tick),
                plot.bottom + SMALL_FONT_SIZE + 6,
                formatting.count(tick),
                SMALL_FONT_SIZE,
                palette.MUTED,
                "middle",
            )
        )
    doc.add(line(plot.x, plot.bottom, plot.right, plot.bottom, palette.AXIS, stroke_width=1.0))
    doc.add(
        text(
            plot.x + plot.width / 2,
            plot.bottom + 2 * SMALL_FONT_SIZE + 10,
            "Aantal in de noemer",
            SMALL_FONT_SIZE,
            palette.TEXT,
            "middle",
        )
    )
    doc.add(text(8, 14, axis_title(unit).capitalize(), SMALL_FONT_SIZE, palette.TEXT))


def _point(
    doc: Svg,
    row: Row,
    key: str,
    x: LinearScale,
    y: LinearScale,
    unit: str,
    highlighted: bool,
    plot: Box,
) -> None:
    assert row.value is not None and row.denominator is not None
    label = f"{row.name}: {formatting.value(row.value, unit)} (noemer {formatting.count(row.denominator)})"
    cx, cy = x(row.denominator), y(row.value)
    radius, stroke = (6.0, 2.0) if highlighted else (3.5, 0.5)
    doc.add(
        circle(
            cx,
            cy,
            radius,
            palette.benchmark_colour(key),
            stroke=palette.TEXT if highlighted else palette.BACKGROUND,
            stroke_width=stroke,
            class_="point highlight" if highlighted else "point",
            children=tooltip(label),
        )
    )
    if highlighted:
        name_width = text_width(row.name, FONT_SIZE, bold=True)
        right = cx + 9 + name_width <= plot.right
        tx = cx + 9 if right else cx - 9
        doc.add(
            text(
                tx,
                max(cy - 8, plot.y + FONT_SIZE),
                row.name,
                FONT_SIZE,
                palette.TEXT,
                "start" if right else "end",
                bold=True,
                stroke=palette.BACKGROUND,
                stroke_width=3.0,
                paint_order="stroke",
            )
        )


def _percent(level: float) -> str:
    share = level * 100
    return formatting.number(share, 0 if abs(share - round(share)) < 1e-9 else 1) + "%"


def _describe(
    items: list[Row],
    drawn: list[Row],
    keys: list[str],
    target: float,
    unit: str,
    highlight: str | None,
    target_name: str,
    inner: float,
) -> str:
    parts = [
        f"{len(drawn)} gebieden naar waarde en noemer; {target_name}: {formatting.value(target, unit)}."
    ]
    inside = keys.count("gelijk")
    parts.append(f"{inside} binnen de {_percent(inner)}-grenzen.")
    for key in dict.fromkeys(k for k in keys if k != "gelijk"):
        parts.append(f"{palette.benchmark_label(key, target_name)}: {keys.count(key)}.")
    for row, key in zip(drawn, keys, strict=True):
        if _is(row, highlight):
            parts.append(
                f"{row.name}: {formatting.value(row.value, unit)} bij noemer {formatting.count(row.denominator)}, {palette.benchmark_phrase(key, target_name)}."
            )
    missing = len(items) - len(drawn)
    if missing:
        parts.append(f"{missing} zonder gepubliceerde waarde of noemer.")
    return " ".join(parts)
