"""Legends: a row of keys (swatch, line, band, hatch, dot) with Dutch labels, wrapped to a width.

A ``text`` item has no symbol and a line of its own: a plain note such as the period a chart shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from kansrijk.publish.charts import palette
from kansrijk.publish.charts.svg import SMALL_FONT_SIZE, Svg, circle, line, rect, text, text_width

KEY_WIDTH = 18.0
GAP = 6.0
SPACING = 16.0
ROW_HEIGHT = 16.0


@dataclass(frozen=True)
class LegendItem:
    """One legend key: ``kind`` is ``swatch``, ``line``, ``band``, ``hatch``, ``dot`` or ``text``."""

    label: str
    kind: str
    colour: str = palette.TEXT
    dash: str | None = None


def item_width(item: LegendItem, size: float = SMALL_FONT_SIZE) -> float:
    """Pixels one key takes: symbol, gap and label (a ``text`` item only its label)."""
    return _offset(item) + text_width(item.label, size)


def _offset(item: LegendItem) -> float:
    return 0.0 if item.kind == "text" else KEY_WIDTH + GAP


def legend_height(items: list[LegendItem], width: float, size: float = SMALL_FONT_SIZE) -> float:
    """The height :func:`draw_legend` needs for ``items`` within ``width``."""
    return len(_rows(items, width, size)) * ROW_HEIGHT


def _rows(items: list[LegendItem], width: float, size: float) -> list[list[LegendItem]]:
    rows: list[list[LegendItem]] = []
    used = width + 1
    for item in items:
        needed = item_width(item, size)
        alone = item.kind == "text" or (rows and rows[-1][-1].kind == "text")  # a note is a line of its own
        if rows and not alone and used + SPACING + needed <= width:
            rows[-1].append(item)
            used += SPACING + needed
        else:
            rows.append([item])
            used = needed
    return rows


def _symbol(doc: Svg, item: LegendItem, x: float, mid: float) -> str:
    if item.kind == "text":
        return ""
    if item.kind == "line":
        return line(
            x, mid, x + KEY_WIDTH, mid, item.colour, stroke_width=2.0, stroke_dasharray=item.dash
        )
    if item.kind == "band":
        return rect(x, mid - 5, KEY_WIDTH, 10, item.colour)
    if item.kind == "hatch":
        return rect(
            x, mid - 5, KEY_WIDTH, 10, doc.hatch(), stroke=palette.HATCH_LINE, stroke_width=0.5
        )
    if item.kind == "dot":
        return circle(
            x + KEY_WIDTH / 2, mid, 4, item.colour, stroke=palette.BACKGROUND, stroke_width=0.5
        )
    return rect(x, mid - 5, KEY_WIDTH, 10, item.colour, stroke=palette.AXIS, stroke_width=0.5)


def draw_legend(
    doc: Svg,
    items: list[LegendItem],
    x: float,
    y: float,
    width: float,
    size: float = SMALL_FONT_SIZE,
) -> float:
    """Draw the keys from ``(x, y)`` (top left), wrapping within ``width``; returns the height."""
    rows = _rows(items, width, size)
    parts = []
    for index, row in enumerate(rows):
        mid = y + index * ROW_HEIGHT + ROW_HEIGHT / 2
        cursor = x
        for item in row:
            parts.append(_symbol(doc, item, cursor, mid))
            parts.append(
                text(cursor + _offset(item), mid + size * 0.35, item.label, size, palette.TEXT)
            )
            cursor += item_width(item, size) + SPACING
    doc.add(f'<g class="legend">{"".join(parts)}</g>')
    return len(rows) * ROW_HEIGHT
