"""Trend chart: an area's value per period with its 95% interval band, against NL (and a region).

Suppressed periods are gaps in the line, marked by a hatched square at the foot of the plot; when no
period has a published value the chart says so in words instead of drawing empty axes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kansrijk import vocabulary
from kansrijk.publish import formatting
from kansrijk.publish.charts import palette
from kansrijk.publish.charts.data import Point, status_text, to_points, value_text
from kansrijk.publish.charts.grid import horizontal_grid
from kansrijk.publish.charts.legend import LegendItem, draw_legend, legend_height
from kansrijk.publish.charts.scale import (
    Box,
    LinearScale,
    axis_title,
    tick_decimals,
    tick_label,
    value_ticks,
)
from kansrijk.publish.charts.svg import (
    FONT_SIZE,
    SMALL_FONT_SIZE,
    Svg,
    circle,
    line,
    polygon,
    polyline,
    rect,
    text,
    text_width,
    tooltip,
)

COMPARATOR_STYLES = ((palette.NL, "6 3"), (palette.REGION, "2 3"))
NO_VALUES = "Geen gepubliceerde waarden"


@dataclass(frozen=True)
class Comparator:
    """A reference line (the Netherlands, a region) drawn with the area's trend."""

    name: str
    points: list[Point]
    colour: str
    dash: str


def comparators(
    benchmark_points: Sequence[object] | Mapping[str, Sequence[object]] | None,
) -> list[Comparator]:
    """Reference lines from one sequence (the Netherlands) or a mapping ``name -> points``."""
    if benchmark_points is None:
        return []
    named = (
        benchmark_points
        if isinstance(benchmark_points, Mapping)
        else {"Nederland": benchmark_points}
    )
    lines = []
    for index, (name, points) in enumerate(named.items()):
        colour, dash = COMPARATOR_STYLES[index % len(COMPARATOR_STYLES)]
        lines.append(Comparator(str(name), to_points(points), colour, dash))
    return lines


def periods_of(series: Sequence[Sequence[Point]]) -> list[str]:
    """Every period label in the series, in time order (labels such as ``2019``, ``2015-2019``)."""
    return sorted({point.period for points in series for point in points})


def x_positions(periods: list[str], box: Box) -> dict[str, float]:
    """The x of each period: evenly spread, a single period in the middle."""
    if len(periods) == 1:
        return {periods[0]: box.x + box.width / 2}
    pad = min(24.0, box.width / (2 * len(periods)))
    step = (box.width - 2 * pad) / (len(periods) - 1)
    return {period: box.x + pad + index * step for index, period in enumerate(periods)}


def _runs(points: list[Point]) -> list[list[Point]]:
    runs: list[list[Point]] = [[]]
    for point in points:
        if point.published:
            runs[-1].append(point)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def trend_values(points: list[Point], lines: list[Comparator]) -> list[float]:
    """Every number the y-axis must show: values and limits of the area, values of the comparators."""
    values = [
        v for p in points if p.published for v in (p.value, p.lower, p.upper) if v is not None
    ]
    values += [p.value for c in lines for p in c.points if p.published and p.value is not None]
    return values


def draw_trend(
    doc: Svg,
    box: Box,
    periods: list[str],
    ticks: list[float],
    unit: str,
    points: list[Point],
    lines: list[Comparator],
    compact: bool = False,
) -> None:
    """Draw grid, axes, comparators, band, line and suppressed marks of one trend into ``box``."""
    size = SMALL_FONT_SIZE if compact else FONT_SIZE - 1
    y = LinearScale(ticks[0], ticks[-1], box.bottom, box.y)
    xs = x_positions(periods, box)
    decimals = tick_decimals(ticks)
    horizontal_grid(doc, ticks, y, box.x, box.right, unit, decimals, size)
    doc.add(line(box.x, box.bottom, box.right, box.bottom, palette.AXIS, stroke_width=1.0))
    _period_labels(doc, periods, xs, box, size)
    runs = _runs(points)
    for run in runs:
        _draw_band(doc, run, xs, y)
    for comparator in lines:
        for run in _runs(comparator.points):
            coords = [(xs[p.period], y(p.value)) for p in run if p.value is not None]
            if len(coords) > 1:
                doc.add(
                    polyline(
                        coords,
                        comparator.colour,
                        stroke_width=1.5,
                        stroke_dasharray=comparator.dash,
                    )
                )
            for point, (cx, cy) in zip(run, coords, strict=True):
                label = f"{comparator.name} {point.period}: {formatting.value(point.value, unit)}"
                doc.add(circle(cx, cy, 2.0, comparator.colour, children=tooltip(label)))
    for run in runs:
        _draw_run(doc, run, xs, y, unit, compact)
    for point in points:
        if not point.published:
            mark = 8.0 if compact else 10.0
            doc.add(
                rect(
                    xs[point.period] - mark / 2, box.bottom - mark - 2, mark, mark, doc.hatch(),
                    stroke=palette.HATCH_LINE, stroke_width=0.5, class_="suppressed",
                    children=tooltip(f"{point.period}: {status_text(point.status)}"),
                )
            )  # fmt: skip
    published = [p for p in points if p.published]
    if published and not compact:
        last = published[-1]
        assert last.value is not None
        label = formatting.value(last.value, unit)
        top = y(last.upper) if last.upper is not None else y(last.value) - 4
        baseline = top - 6
        if baseline - size < box.y - 4:  # no room above (values near the top): write below
            bottom = y(last.lower) if last.lower is not None else y(last.value) + 4
            baseline = bottom + size + 4
        half = text_width(label, size, bold=True) / 2
        cx = min(max(xs[last.period], box.x + half), box.right - half)
        doc.add(text(cx, baseline, label, size, palette.TEXT, "middle", bold=True))


def _draw_band(doc: Svg, run: list[Point], xs: dict[str, float], y: LinearScale) -> None:
    with_limits = [p for p in run if p.lower is not None and p.upper is not None]
    if len(with_limits) > 1 and len(with_limits) == len(run):
        upper = [(xs[p.period], y(p.upper)) for p in run if p.upper is not None]
        lower = [(xs[p.period], y(p.lower)) for p in reversed(run) if p.lower is not None]
        doc.add(polygon(upper + lower, palette.AREA_BAND, class_="interval"))
    else:
        for p in with_limits:
            assert p.lower is not None and p.upper is not None
            x = xs[p.period]
            doc.add(
                line(
                    x, y(p.lower), x, y(p.upper), palette.AREA, stroke_width=1.5, class_="interval"
                )
            )
            doc.add(line(x - 4, y(p.lower), x + 4, y(p.lower), palette.AREA, stroke_width=1.5))
            doc.add(line(x - 4, y(p.upper), x + 4, y(p.upper), palette.AREA, stroke_width=1.5))


def _draw_run(
    doc: Svg, run: list[Point], xs: dict[str, float], y: LinearScale, unit: str, compact: bool
) -> None:
    coords = [(xs[p.period], y(p.value)) for p in run if p.value is not None]
    if len(coords) > 1:
        doc.add(polyline(coords, palette.AREA, stroke_width=2.0))
    for point, (cx, cy) in zip(run, coords, strict=True):
        label = f"{point.period}: {value_text(point.value, point.lower, point.upper, unit)}"
        doc.add(
            circle(
                cx,
                cy,
                2.5 if compact else 3.5,
                palette.AREA,
                class_="value",
                children=tooltip(label),
            )
        )


def _period_labels(
    doc: Svg, periods: list[str], xs: dict[str, float], box: Box, size: float
) -> None:
    widest = max(text_width(period, size) for period in periods)
    slot = box.width / max(len(periods), 1)
    every = 1
    while widest + 4 > slot * every and every < len(periods):
        every += 1
    for index, period in enumerate(periods):
        if index % every == 0:
            doc.add(text(xs[period], box.bottom + size + 4, period, size, palette.MUTED, "middle"))


def describe(points: list[Point], lines: list[Comparator], unit: str, area_name: str) -> str:
    """The Dutch text alternative: every period of the area and of each comparator."""

    def one(point: Point) -> str:
        if point.published:
            return f"{point.period} {value_text(point.value, point.lower, point.upper, unit)}"
        return f"{point.period} {status_text(point.status)}"

    parts = [f"{area_name}: " + "; ".join(one(p) for p in points) + "." if points else ""]
    for comparator in lines:
        parts.append(f"{comparator.name}: " + "; ".join(one(p) for p in comparator.points) + ".")
    return " ".join(part for part in parts if part)


def _no_values(doc: Svg, points: list[Point], width: float, height: float) -> None:
    reasons = sorted({vocabulary.STATUS_LABELS[p.status] for p in points})
    reason = (
        ("Reden: " if len(reasons) == 1 else "Redenen: ") + "; ".join(reasons) if reasons else ""
    )
    doc.add(
        rect(
            8, 8, width - 16, height - 16, doc.hatch(), stroke=palette.HATCH_LINE, stroke_width=0.5
        )
    )
    needed = max(
        text_width(NO_VALUES, FONT_SIZE + 1, bold=True), text_width(reason, SMALL_FONT_SIZE)
    )
    box_width = min(width - 32, needed + 24)
    doc.add(rect((width - box_width) / 2, height / 2 - 30, box_width, 52, palette.BACKGROUND))
    doc.add(
        text(width / 2, height / 2 - 8, NO_VALUES, FONT_SIZE + 1, palette.TEXT, "middle", bold=True)
    )
    if reason:
        doc.add(text(width / 2, height / 2 + 12, reason, SMALL_FONT_SIZE, palette.TEXT, "middle"))


def trend_chart(
    points: Sequence[object],
    unit: str,
    title: str,
    benchmark_points: Sequence[object] | Mapping[str, Sequence[object]] | None = None,
    width: float = 560.0,
    height: float = 300.0,
    area_name: str = "Gemeente",
) -> str:
    """An SVG line chart of ``points`` (period, value, lower, upper, status) with its 95% band.

    ``benchmark_points`` is one sequence (drawn as "Nederland") or a mapping ``name -> points``
    (Nederland, a region). Suppressed periods are gaps with a hatched mark; with no published value
    at all the chart shows "Geen gepubliceerde waarden" and the reasons. The y-axis starts at 0 for
    non-negative data and stops at 100 for percentages. ``title`` is the accessible name.
    """
    area = to_points(points)
    lines = comparators(benchmark_points)
    desc = describe(area, lines, unit, area_name) or f"{NO_VALUES}."
    doc = Svg(width, height, title, desc)
    if not any(p.published for p in area):
        _no_values(doc, area, width, height)
        return doc.render()
    ticks = value_ticks(trend_values(area, lines), unit)
    decimals = tick_decimals(ticks)
    left = 8 + max(text_width(tick_label(t, unit, decimals), FONT_SIZE - 1) for t in ticks) + 6
    items = [
        LegendItem(area_name, "line", palette.AREA),
        LegendItem("95%-betrouwbaarheidsinterval", "band", palette.AREA_BAND),
    ]
    items += [LegendItem(c.name, "line", c.colour, c.dash) for c in lines]
    if any(not p.published for p in area):
        items.append(LegendItem("Niet gepubliceerd", "hatch"))
    legend_top = height - legend_height(items, width - left - 8) - 4
    box = Box(left, 14 + FONT_SIZE, width - left - 12, legend_top - 24 - (14 + FONT_SIZE))
    unit_title = axis_title(unit)
    if unit_title and unit != "percentage":
        doc.add(text(8, FONT_SIZE + 2, unit_title, SMALL_FONT_SIZE, palette.MUTED))
    draw_trend(doc, box, periods_of([area] + [c.points for c in lines]), ticks, unit, area, lines)
    draw_legend(doc, items, left, legend_top, width - left - 8)
    return doc.render()
