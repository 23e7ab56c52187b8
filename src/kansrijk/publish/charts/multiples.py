"""Small multiples: one small trend per area in a grid, all on the same y-axis and periods.

Sharing the axis is the point (Tufte, "The Visual Display of Quantitative Information", 1983:
small multiples invite comparison only when the scales match); the NL line repeats in every panel.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kansrijk.errors import ChartInputError
from kansrijk.publish.charts import palette
from kansrijk.publish.charts.data import Point, to_points
from kansrijk.publish.charts.legend import LegendItem, draw_legend, legend_height
from kansrijk.publish.charts.scale import Box, tick_decimals, tick_label, value_ticks
from kansrijk.publish.charts.svg import (
    FONT_SIZE,
    SMALL_FONT_SIZE,
    Svg,
    fit_text,
    rect,
    text,
    text_width,
)
from kansrijk.publish.charts.trend import (
    NO_VALUES,
    comparators,
    describe,
    draw_trend,
    periods_of,
    trend_values,
)

PANEL_GAP = 12.0


def _panel(item: object) -> tuple[str, list[Point]]:
    if isinstance(item, Mapping):
        name, points = item.get("name", item.get("area_name")), item.get("points")
    elif isinstance(item, tuple) and len(item) == 2:
        name, points = item
    else:
        name, points = getattr(item, "name", None), getattr(item, "points", None)
    if name is None or points is None:
        raise ChartInputError(f"Een paneel heeft een naam en punten nodig; gekregen: {item!r}.")
    return str(name), to_points(points)


def small_multiples(
    panels: Sequence[object],
    unit: str,
    benchmark_points: Sequence[object] | Mapping[str, Sequence[object]] | None = None,
    title: str = "Trend per gemeente",
    columns: int = 5,
    width: float = 760.0,
    panel_height: float = 120.0,
) -> str:
    """An SVG grid of small trend charts, one per panel, with a shared y-axis and period axis.

    ``panels`` are ``{"name": ..., "points": [...]}`` dicts, ``(name, points)`` pairs or objects
    with ``name`` and ``points``. ``benchmark_points`` (NL, or a mapping of name -> points) is drawn
    in every panel. A panel without published values says "Geen gepubliceerde waarden".
    """
    named = [_panel(item) for item in panels]
    lines = comparators(benchmark_points)
    columns = max(1, min(columns, len(named) or 1))
    rows = -(-len(named) // columns) if named else 1
    values = [v for _, points in named for v in trend_values(points, lines)]
    ticks = value_ticks(values, unit, count=3)
    decimals = tick_decimals(ticks)
    axis_width = max(text_width(tick_label(t, unit, decimals), SMALL_FONT_SIZE) for t in ticks) + 6
    periods = periods_of([points for _, points in named] + [c.points for c in lines])
    legend = [
        LegendItem("Gemeente", "line", palette.AREA),
        LegendItem("95%-betrouwbaarheidsinterval", "band", palette.AREA_BAND),
    ]
    legend += [LegendItem(c.name, "line", c.colour, c.dash) for c in lines]
    if any(not p.published for _, points in named for p in points):
        legend.append(LegendItem("Niet gepubliceerd", "hatch"))
    legend_space = legend_height(legend, width - 16) + 8
    cell_width = (width - PANEL_GAP) / columns
    height = rows * (panel_height + PANEL_GAP) + legend_space + PANEL_GAP
    desc = " ".join(
        describe(points, [], unit, name) or f"{name}: {NO_VALUES}." for name, points in named
    )
    if lines:
        desc += " " + describe([], lines, unit, "")
    doc = Svg(width, height, title, desc)
    for index, (name, points) in enumerate(named):
        left = PANEL_GAP / 2 + (index % columns) * cell_width
        top = PANEL_GAP / 2 + (index // columns) * (panel_height + PANEL_GAP)
        size = fit_text(name, cell_width - 8, FONT_SIZE, bold=True)
        doc.add(
            text(
                left + 4, top + FONT_SIZE, name, size, palette.TEXT, bold=True, class_="panel-title"
            )
        )
        box = Box(
            left + axis_width + 4,
            top + FONT_SIZE + 8,
            cell_width - axis_width - 12,
            panel_height - FONT_SIZE - 8 - SMALL_FONT_SIZE - 8,
        )
        if any(p.published for p in points):
            draw_trend(doc, box, periods, ticks, unit, points, lines, compact=True)
        else:
            doc.add(rect(box.x, box.y, box.width, box.height, doc.hatch(), class_="empty-panel"))
            _no_values(doc, box)
    draw_legend(doc, legend, 8, height - legend_space, width - 16)
    return doc.render()


def _no_values(doc: Svg, box: Box) -> None:
    lines = [NO_VALUES]
    if text_width(NO_VALUES, SMALL_FONT_SIZE) > box.width - 12:
        first, _, rest = NO_VALUES.rpartition(" ")
        lines = [first, rest]
    size = min(fit_text(part, box.width - 12, SMALL_FONT_SIZE) for part in lines)
    block = len(lines) * (size + 3)
    top = box.y + (box.height - block) / 2
    doc.add(rect(box.x + 4, top - 3, box.width - 8, block + 6, palette.BACKGROUND))
    for index, part in enumerate(lines):
        doc.add(
            text(
                box.x + box.width / 2,
                top + (index + 1) * (size + 3) - 3,
                part,
                size,
                palette.TEXT,
                "middle",
            )
        )
