"""Ranked chart: gemeenten ordered by value, bars coloured by benchmark, interval whiskers, NL line.

Up to :data:`LABEL_ALL` rows every row is named; beyond that the bars get thin and only the highest,
the lowest and the highlighted gemeente are named, their labels pushed apart where they would
collide and tied to their bar by a leader line. Every bar keeps its tooltip.
"""

from __future__ import annotations

from collections.abc import Sequence

from kansrijk.publish import formatting
from kansrijk.publish.charts import palette
from kansrijk.publish.charts.compare import PAD, label_column_width, row_text
from kansrijk.publish.charts.data import Row, to_rows
from kansrijk.publish.charts.grid import vertical_grid
from kansrijk.publish.charts.legend import LegendItem, draw_legend, legend_height
from kansrijk.publish.charts.scale import Box, LinearScale, tick_decimals, value_ticks
from kansrijk.publish.charts.svg import (
    FONT_SIZE,
    SMALL_FONT_SIZE,
    Svg,
    line,
    rect,
    text,
    text_width,
    tooltip,
)

LABEL_ALL = 40
LABELLED_ROW = 20.0
LABEL_GAP = FONT_SIZE + 3


def ranked_order(rows: list[Row]) -> list[Row]:
    """Published rows from highest to lowest value, then the suppressed rows in their given order."""
    published = sorted((r for r in rows if r.published), key=lambda r: -(r.value or 0.0))
    return published + [r for r in rows if not r.published]


def _is(row: Row, highlight: str | None) -> bool:
    return highlight is not None and highlight in (row.code, row.name)


def spread_labels(targets: list[float], gap: float, top: float, bottom: float) -> list[float]:
    """Label baselines near ``targets`` (sorted) at least ``gap`` apart, kept within top..bottom."""
    placed: list[float] = []
    for target in targets:
        placed.append(max(target, placed[-1] + gap) if placed else max(target, top))
    for index in range(len(placed) - 1, -1, -1):
        limit = bottom if index == len(placed) - 1 else placed[index + 1] - gap
        placed[index] = min(placed[index], limit)
    return placed


def ranked_chart(
    rows: Sequence[object],
    unit: str,
    highlight: str | None = None,
    nl_value: float | None = None,
    title: str = "Gemeenten gerangschikt",
    width: float = 640.0,
    compared_with: str = "Nederland",
    period: str | None = None,
) -> str:
    """An SVG of areas ranked by value, with 95% whiskers, benchmark colours and the NL line.

    ``period`` (as users read it: ``2019-2023, 5 jaar samen``) is named in the legend and the text
    alternative; a row of another period says so in its name.

    ``highlight`` is an area code or name drawn bold and outlined. Rows are dicts or objects with
    name, code, value, lower, upper, status and a benchmark colour key (``benchmark_nl``).
    Suppressed rows come last as hatched marks. Scales from a handful of rows (all named) to all
    342 gemeenten (thin bars; only the extremes and the highlighted one named).
    """
    ordered = ranked_order(to_rows(rows))
    published = [r for r in ordered if r.published]
    label_all = len(ordered) <= LABEL_ALL
    step = LABELLED_ROW if label_all else max(2.0, min(6.0, 900.0 / max(len(ordered), 1)))
    extremes = {0, len(published) - 1} if published else set()
    named = [i for i, r in enumerate(ordered) if label_all or i in extremes or _is(r, highlight)]
    label_width = label_column_width([ordered[i].name for i in named], bold=highlight is not None)
    value_width = (
        max(
            (text_width(row_text(ordered[i], unit), SMALL_FONT_SIZE, bold=True) for i in named),
            default=0.0,
        )
        + 2 * PAD
    )
    width = max(width, label_width + value_width + 160)
    legend = _legend(ordered, nl_value, compared_with, period)
    legend_space = legend_height(legend, width - 2 * PAD) + 8
    plot = Box(
        label_width, PAD + FONT_SIZE + 4, width - label_width - value_width, step * len(ordered)
    )
    height = plot.bottom + SMALL_FONT_SIZE + 12 + legend_space + PAD
    doc = Svg(width, height, title, _describe(ordered, unit, highlight, nl_value, period))
    values = [v for r in published for v in (r.value, r.lower, r.upper) if v is not None]
    ticks = value_ticks(
        values + ([nl_value] if nl_value is not None else []), unit, count=5, zero=True
    )
    x = LinearScale(ticks[0], ticks[-1], plot.x, plot.right)
    decimals = tick_decimals(ticks)
    doc.add(rect(plot.x, plot.y, plot.width, plot.height, "none", class_="plot-area"))
    vertical_grid(doc, ticks, x, plot.y, plot.bottom, unit, decimals)
    bar = max(step * 0.7, 1.5) if not label_all else 13.0
    for index, row in enumerate(ordered):
        _draw_bar(
            doc, row, x, ticks[0], plot.y + index * step + step / 2, bar, unit, _is(row, highlight)
        )
    doc.add(line(x(ticks[0]), plot.y, x(ticks[0]), plot.bottom, palette.AXIS, stroke_width=1.0))
    if nl_value is not None:
        doc.add(
            line(
                x(nl_value),
                plot.y - 4,
                x(nl_value),
                plot.bottom,
                palette.NL,
                stroke_width=1.5,
                stroke_dasharray="6 3",
                class_="nl",
            )
        )
        nl_label = f"{compared_with}: {formatting.value(nl_value, unit)}"
        half = text_width(nl_label, SMALL_FONT_SIZE) / 2
        centre = min(max(x(nl_value), plot.x + half), width - PAD - half)
        doc.add(text(centre, plot.y - 6, nl_label, SMALL_FONT_SIZE, palette.TEXT, "middle"))
    _draw_labels(doc, ordered, named, plot, step, unit, highlight, label_all)
    draw_legend(doc, legend, PAD, plot.bottom + SMALL_FONT_SIZE + 14, width - 2 * PAD)
    return doc.render()


def _draw_bar(
    doc: Svg,
    row: Row,
    x: LinearScale,
    zero: float,
    mid: float,
    bar: float,
    unit: str,
    highlighted: bool,
) -> None:
    label = f"{row.name}: {row_text(row, unit)}"
    if not row.published or row.value is None:
        doc.add(
            rect(
                x(zero),
                mid - bar / 2,
                24,
                bar,
                doc.hatch(),
                class_="suppressed",
                children=tooltip(label),
            )
        )
        return
    fill = palette.benchmark_colour(row.colour) if row.colour else palette.AREA
    start, end = sorted((x(zero), x(row.value)))
    outline = {"stroke": palette.HIGHLIGHT, "stroke_width": 1.5} if highlighted else {}
    doc.add(
        rect(
            start,
            mid - bar / 2,
            end - start,
            bar,
            fill,
            class_="bar",
            children=tooltip(label),
            **outline,
        )
    )
    if row.lower is not None and row.upper is not None:
        width = 1.2 if bar >= 6 else 0.6
        doc.add(
            line(
                x(row.lower),
                mid,
                x(row.upper),
                mid,
                palette.TEXT,
                stroke_width=width,
                class_="whisker",
            )
        )


def _draw_labels(
    doc: Svg,
    ordered: list[Row],
    named: list[int],
    plot: Box,
    step: float,
    unit: str,
    highlight: str | None,
    label_all: bool,
) -> None:
    centres = [plot.y + index * step + step / 2 for index in named]
    baselines = [c + FONT_SIZE * 0.35 for c in centres]
    if not label_all:
        baselines = spread_labels(
            baselines, LABEL_GAP, plot.y + FONT_SIZE, plot.bottom + FONT_SIZE * 0.35
        )
    for index, centre, baseline in zip(named, centres, baselines, strict=True):
        row = ordered[index]
        bold = _is(row, highlight)
        doc.add(
            text(
                plot.x - PAD,
                baseline,
                row.name,
                FONT_SIZE,
                palette.TEXT,
                "end",
                bold=bold,
                class_="label",
            )
        )
        doc.add(
            text(
                plot.right + PAD,
                baseline - 1,
                row_text(row, unit),
                SMALL_FONT_SIZE,
                palette.TEXT,
                bold=bold,
                class_="value-text",
            )
        )
        if abs(baseline - FONT_SIZE * 0.35 - centre) > 0.5:
            doc.add(
                line(
                    plot.x - PAD + 2,
                    baseline - FONT_SIZE * 0.35,
                    plot.x,
                    centre,
                    palette.AXIS,
                    stroke_width=0.75,
                )
            )


def _legend(
    ordered: list[Row], nl_value: float | None, compared_with: str, period: str | None = None
) -> list[LegendItem]:
    keys = dict.fromkeys(r.colour for r in ordered if r.colour and r.published)
    items = [LegendItem(f"Periode: {period}", "text")] if period else []
    items += [
        LegendItem(palette.benchmark_label(k, compared_with), "swatch", palette.benchmark_colour(k))
        for k in palette.BENCHMARK_ORDER
        if k in keys
    ]
    if any(r.published and not r.colour for r in ordered):
        items.append(LegendItem("Niet vergeleken", "swatch", palette.AREA))
    if nl_value is not None:
        items.append(LegendItem(compared_with, "line", palette.NL, "6 3"))
    if any(not r.published for r in ordered):
        items.append(LegendItem("Niet gepubliceerd", "hatch"))
    return items


def _describe(
    ordered: list[Row], unit: str, highlight: str | None, nl_value: float | None, period: str | None = None
) -> str:
    published = [r for r in ordered if r.published]
    parts = [f"{len(ordered)} gebieden gerangschikt van hoog naar laag."]
    if period:
        parts.append(f"Periode: {period}.")
    if published:
        parts.append(
            f"Hoogste: {published[0].name} ({formatting.value(published[0].value, unit)}); laagste: {published[-1].name} ({formatting.value(published[-1].value, unit)})."
        )
    if nl_value is not None:
        parts.append(f"Nederland: {formatting.value(nl_value, unit)}.")
    for row in ordered:
        if _is(row, highlight):
            if row.published:
                parts.append(
                    f"{row.name}: plaats {published.index(row) + 1} van {len(published)} ({row_text(row, unit)})."
                )
            else:
                parts.append(f"{row.name}: {row_text(row, unit)}.")
    suppressed = len(ordered) - len(published)
    if suppressed:
        parts.append(f"{suppressed} niet gepubliceerd.")
    return " ".join(parts)
