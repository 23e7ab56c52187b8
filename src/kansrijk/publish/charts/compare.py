"""Compare chart: horizontal bars with 95% interval whiskers for an area, its region and NL.

The label column is sized to the widest name as measured in DejaVu Sans, and the value column to the
widest value text, so long names (``'s-Hertogenbosch``, ``Súdwest-Fryslân``) are never cut off; the
chart grows wider than asked when the names need it.
"""

from __future__ import annotations

from collections.abc import Sequence

from kansrijk.publish.charts import palette
from kansrijk.publish.charts.data import Row, status_text, to_rows, value_text
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

ROW_HEIGHT = 26.0
BAR_HEIGHT = 14.0
PAD = 8.0
MIN_PLOT_WIDTH = 120.0


def label_column_width(names: Sequence[str], size: float = FONT_SIZE, bold: bool = False) -> float:
    """Pixels of the label column: the widest name plus padding on both sides."""
    return max((text_width(name, size, bold) for name in names), default=0.0) + 2 * PAD


def row_text(row: Row, unit: str) -> str:
    """The value column text of a row: ``15,6% (14,9-16,3)`` or its suppression."""
    if row.published:
        return value_text(row.value, row.lower, row.upper, unit)
    return status_text(row.status)


def bar_colour(row: Row, index: int) -> str:
    """A benchmark colour when the row has one, else the area colour (first row) or a neutral grey."""
    if row.colour:
        return palette.benchmark_colour(row.colour)
    if index == 0:
        return palette.AREA
    return palette.COMPARATOR_BARS[(index - 1) % len(palette.COMPARATOR_BARS)]


def compare_chart(
    rows: Sequence[object],
    unit: str,
    title: str = "Vergelijking met regio en Nederland",
    width: float = 480.0,
    compared_with: str = "Nederland",
) -> str:
    """An SVG bar chart of a few areas (area, region, NL) with 95% interval whiskers.

    Rows are dicts or objects with a name, value, lower, upper, status and optionally a benchmark
    colour key (``beter``, ``gelijk``...), which colours the bar and adds a legend. Suppressed rows
    get a hatched mark and their reason instead of a bar. Bars start at 0.
    """
    items = to_rows(rows)
    names = [row.name for row in items]
    texts = [row_text(row, unit) for row in items]
    label_width = label_column_width(names)
    value_width = max((text_width(t, SMALL_FONT_SIZE + 1) for t in texts), default=0.0) + 2 * PAD
    width = max(width, label_width + value_width + MIN_PLOT_WIDTH)
    keys = [row.colour for row in items if row.colour and row.published]
    legend = [
        LegendItem(palette.benchmark_label(k, compared_with), "swatch", palette.benchmark_colour(k))
        for k in dict.fromkeys(keys)
    ]
    if any(not row.published for row in items):
        legend.append(LegendItem("Niet gepubliceerd", "hatch"))
    legend_space = legend_height(legend, width - 2 * PAD) + 6 if legend else 0.0
    plot = Box(label_width, PAD, width - label_width - value_width, ROW_HEIGHT * len(items))
    height = plot.bottom + SMALL_FONT_SIZE + 10 + legend_space + PAD
    desc = "; ".join(f"{name}: {t}" for name, t in zip(names, texts, strict=True)) + "."
    doc = Svg(width, height, title, desc if items else "Geen gegevens.")
    values = [
        v
        for row in items
        if row.published
        for v in (row.value, row.lower, row.upper)
        if v is not None
    ]
    ticks = value_ticks(values, unit, count=4, zero=True)
    x = LinearScale(ticks[0], ticks[-1], plot.x, plot.right)
    decimals = tick_decimals(ticks)
    doc.add(rect(plot.x, plot.y, plot.width, plot.height, "none", class_="plot-area"))
    vertical_grid(doc, ticks, x, plot.y, plot.bottom, unit, decimals)
    doc.add(line(x(ticks[0]), plot.y, x(ticks[0]), plot.bottom, palette.AXIS, stroke_width=1.0))
    for index, (row, shown) in enumerate(zip(items, texts, strict=True)):
        top = plot.y + index * ROW_HEIGHT
        mid = top + ROW_HEIGHT / 2
        doc.add(
            text(
                label_width - PAD,
                mid + FONT_SIZE * 0.35,
                row.name,
                FONT_SIZE,
                palette.TEXT,
                "end",
                class_="label",
            )
        )
        doc.add(
            text(
                plot.right + PAD,
                mid + SMALL_FONT_SIZE * 0.35,
                shown,
                SMALL_FONT_SIZE + 1,
                palette.TEXT,
                class_="value-text",
            )
        )
        _draw_row(doc, row, index, x, ticks[0], mid, f"{row.name}: {shown}")
    if legend:
        draw_legend(doc, legend, PAD, plot.bottom + SMALL_FONT_SIZE + 12, width - 2 * PAD)
    return doc.render()


def _draw_row(
    doc: Svg, row: Row, index: int, x: LinearScale, zero: float, mid: float, label: str
) -> None:
    if not row.published or row.value is None:
        doc.add(
            rect(
                x(zero),
                mid - BAR_HEIGHT / 2,
                36,
                BAR_HEIGHT,
                doc.hatch(),
                stroke=palette.HATCH_LINE,
                stroke_width=0.5,
                class_="suppressed",
                children=tooltip(label),
            )
        )
        return
    start, end = sorted((x(zero), x(row.value)))
    doc.add(
        rect(
            start,
            mid - BAR_HEIGHT / 2,
            end - start,
            BAR_HEIGHT,
            bar_colour(row, index),
            class_="bar",
            children=tooltip(label),
        )
    )
    if row.lower is not None and row.upper is not None:
        low, high = x(row.lower), x(row.upper)
        doc.add(line(low, mid, high, mid, palette.TEXT, stroke_width=1.5, class_="whisker"))
        doc.add(line(low, mid - 5, low, mid + 5, palette.TEXT, stroke_width=1.5))
        doc.add(line(high, mid - 5, high, mid + 5, palette.TEXT, stroke_width=1.5))
