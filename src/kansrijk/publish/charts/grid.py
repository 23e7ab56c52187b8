"""Grid lines with Dutch tick labels, shared by the charts."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kansrijk.publish.charts import palette
from kansrijk.publish.charts.scale import tick_label
from kansrijk.publish.charts.svg import SMALL_FONT_SIZE, Svg, line, text


def vertical_grid(
    doc: Svg, ticks: Sequence[float], x: Callable[[float], float], top: float, bottom: float, unit: str, decimals: int
) -> None:
    """A vertical grid line per tick, labelled below the plot (value axis along x)."""
    for tick in ticks:
        doc.add(line(x(tick), top, x(tick), bottom, palette.GRID, stroke_width=1.0))
        label = tick_label(tick, unit, decimals)
        doc.add(text(x(tick), bottom + SMALL_FONT_SIZE + 4, label, SMALL_FONT_SIZE, palette.MUTED, "middle"))


def horizontal_grid(
    doc: Svg,
    ticks: Sequence[float],
    y: Callable[[float], float],
    left: float,
    right: float,
    unit: str,
    decimals: int,
    size: float = SMALL_FONT_SIZE,
) -> None:
    """A horizontal grid line per tick, labelled left of the plot (value axis along y)."""
    for tick in ticks:
        doc.add(line(left, y(tick), right, y(tick), palette.GRID, stroke_width=1.0))
        doc.add(text(left - 4, y(tick) + size * 0.35, tick_label(tick, unit, decimals), size, palette.MUTED, "end"))
