"""Maps of the 342 gemeenten: a choropleth by benchmark outcome, quintile or category (a programme
fact: ja / nee / onbekend), and a mini map.

Every gemeente is one ``<path class="gemeente">`` with a ``<title>`` "Naam: waarde" (tooltip and text
alternative). Suppressed and missing values are hatched grey. Quintiles: the published values are
split at their 20th, 40th, 60th and 80th percentiles (numpy's linear interpolation, Hyndman & Fan
type 7); a value on a cut point goes to the lower class. Geometry: :mod:`geometry`.

A map names the period it shows in its legend (``Periode: 2019-2023, 5 jaar samen``); a gemeente
whose figure is of another period (a pooled figure standing in for a hidden year) says so in its
tooltip, and the legend counts them per period.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from kansrijk.errors import ChartInputError, UnknownArea
from kansrijk.publish import formatting
from kansrijk.publish.charts import geometry, palette
from kansrijk.publish.charts.data import status_text
from kansrijk.publish.charts.legend import LegendItem, draw_legend, legend_height
from kansrijk.publish.charts.svg import SMALL_FONT_SIZE, Svg, element, text, tooltip
from kansrijk.vocabulary import NO_DATA, PUBLISHED

MODES = ("benchmark", "quintile", "category")
Categories = Mapping[str, tuple[str, str]]  # category key -> (legend label, fill colour), in legend order
ATTRIBUTION = "Kaart: CBS/PDOK (CC BY 4.0)"


@dataclass(frozen=True)
class MapValue:
    """One gemeente on a map: a benchmark key and/or a value in the unit, or a suppressed status.

    ``period`` is set when the figure is of another period than the map's (``2019-2023, 5 jaar
    samen`` where the latest year is hidden).
    """

    key: str | None = None
    value: float | None = None
    status: str = PUBLISHED
    period: str | None = None


def _as_map_value(raw: object) -> MapValue:
    if isinstance(raw, MapValue):
        return raw if raw.status == PUBLISHED else MapValue(status=raw.status)
    if raw is None:
        return MapValue(status=NO_DATA)
    if isinstance(raw, str):
        if raw == palette.SUPPRESSED:
            return MapValue(status=palette.SUPPRESSED)
        return MapValue(key=raw)
    if isinstance(raw, (int, float)):
        return MapValue(value=float(raw)) if raw == raw else MapValue(status=NO_DATA)
    raise ChartInputError(
        f"Een kaartwaarde moet een vergelijkingsuitkomst, een getal of None zijn; gekregen: {raw!r}."
    )


def _check(values_by_code: Mapping[str, object], mode: str, highlight: str | None) -> None:
    if mode not in MODES:
        raise ChartInputError(f"Onbekende kaartsoort {mode!r}; kies uit benchmark, quintile of category.")
    known = geometry.names()
    unknown = sorted(code for code in values_by_code if code not in known)
    if unknown:
        shown = ", ".join(unknown[:5]) + (" ..." if len(unknown) > 5 else "")
        raise ChartInputError(
            f"{len(unknown)} gemeentecode(s) staan niet op de kaart (gemeentelijke indeling 2023): {shown}."
        )
    if highlight is not None and highlight not in known:
        raise UnknownArea(
            f"Gemeente {highlight!r} staat niet op de kaart (gemeentelijke indeling 2023)."
        )


def quintile_breaks(values: list[float]) -> list[float]:
    """The four cut points between quintiles (20th-80th percentile, linear interpolation)."""
    return [float(q) for q in np.quantile(np.asarray(values, dtype=float), [0.2, 0.4, 0.6, 0.8])]


def quintile_of(value: float, breaks: list[float]) -> int:
    """Quintile 1..5 of ``value``; a value on a cut point belongs to the lower quintile."""
    return bisect.bisect_left(breaks, value) + 1


def choropleth(
    values_by_code: Mapping[str, object],
    mode: str = "benchmark",
    highlight: str | None = None,
    title: str = "Kaart van de gemeenten",
    unit: str = "percentage",
    width: float = 420.0,
    compared_with: str = "Nederland",
    period: str | None = None,
    categories: Categories | None = None,
) -> str:
    """An SVG map of the 342 gemeenten coloured by benchmark outcome, by quintile of the value, or
    (``mode="category"``) by a category key of ``categories`` (``"ja"``).

    ``values_by_code`` maps a gemeente code (2023 division) to a benchmark key (``"beter"``), a
    value (quintile mode), ``None`` (no data) or a :class:`MapValue` (key, value, status, period).
    Codes not given are hatched as "geen gegevens". ``highlight`` outlines one gemeente. ``period``
    (as users read it) is named in the legend and the text alternative. Raises
    :class:`ChartInputError` for an unknown mode, code or key and :class:`UnknownArea` for an
    unknown ``highlight``.
    """
    _check(values_by_code, mode, highlight)
    categories = categories or {}
    entries = {code: _as_map_value(raw) for code, raw in values_by_code.items()}
    if mode == "category":
        wrong = sorted({str(e.key) for e in entries.values() if e.status == PUBLISHED and e.key not in categories})
        if wrong:
            raise ChartInputError(f"Onbekende categorie(ën) op de kaart: {', '.join(wrong)}.")
    if mode == "benchmark":
        for entry in entries.values():
            if entry.status == PUBLISHED and entry.key is None:
                raise ChartInputError(
                    "Een kaart naar vergelijkingsuitkomst heeft per gemeente een uitkomst nodig (beter, gelijk, ...)."
                )
            if entry.key is not None:
                palette.benchmark_colour(entry.key)
    published = [e.value for e in entries.values() if e.status == PUBLISHED and e.value is not None]
    if mode == "quintile" and any(
        e.status == PUBLISHED and e.value is None for e in entries.values()
    ):
        raise ChartInputError("Een kwintielkaart heeft per gemeente een getal nodig.")
    breaks = quintile_breaks(published) if mode == "quintile" and published else []
    classes = {}
    for code, entry in entries.items():
        if entry.status != PUBLISHED:
            continue
        classes[code] = (
            entry.key if mode != "quintile" else quintile_of(entry.value or 0.0, breaks)
        )  # type: ignore[assignment]
    legend = _legend(entries, classes, mode, unit, compared_with, period, categories)
    map_height = geometry.map_height(width)
    legend_space = legend_height(legend, width - 8) + 4
    height = map_height + legend_space + SMALL_FONT_SIZE + 8
    doc = Svg(
        width,
        height,
        title,
        _describe(entries, classes, mode, unit, highlight, compared_with, period, categories),
    )
    hatch = doc.hatch()
    stroke, stroke_width = ("#8C8C8C", 0.3) if mode == "quintile" else ("#FFFFFF", 0.5)
    marks = []
    outline = ""
    for shape, d in geometry.paths(float(width)):
        entry = entries.get(shape.code, MapValue(status=NO_DATA))
        fill = hatch if shape.code not in classes else _fill(classes[shape.code], mode, categories)
        label = f"{shape.name}: {_entry_text(entry, classes.get(shape.code), mode, unit, compared_with, categories)}"
        marks.append(
            element(
                "path",
                tooltip(label),
                d=d,
                fill=fill,
                stroke=stroke,
                stroke_width=stroke_width,
                class_="gemeente",
                data_code=shape.code,
            )
        )
        if shape.code == highlight:
            outline = element(
                "path",
                d=d,
                fill="none",
                stroke=palette.HIGHLIGHT,
                stroke_width=2.0,
                class_="highlight",
            )
    doc.add(f'<g class="gemeenten">{"".join(marks)}</g>', outline)
    draw_legend(doc, legend, 4, map_height + 2, width - 8)
    doc.add(text(width - 4, height - 4, ATTRIBUTION, SMALL_FONT_SIZE - 1, palette.MUTED, "end"))
    return doc.render()


def _fill(cls: object, mode: str, categories: Categories) -> str:
    if mode == "benchmark":
        return palette.benchmark_colour(str(cls))
    if mode == "category":
        return categories[str(cls)][1]
    return palette.QUINTILE_COLOURS[int(cls) - 1]  # type: ignore[call-overload]


def _entry_text(entry: MapValue, cls: object, mode: str, unit: str, compared_with: str,
                categories: Categories | None = None) -> str:
    if entry.status != PUBLISHED:
        return status_text(entry.status)
    if mode == "category":
        return (categories or {})[str(cls)][0]
    shown = formatting.value(entry.value, unit) if entry.value is not None else ""
    when = f"; {entry.period}" if entry.period else ""
    if mode == "benchmark":
        judged = palette.benchmark_phrase(str(cls), compared_with)
        return f"{shown} ({judged}{when})" if shown else f"{judged}{when}"
    return f"{shown} (kwintiel {cls}{when})"


def _other_periods(entries: dict[str, MapValue], classes: dict[str, object]) -> dict[str, int]:
    """How many coloured gemeenten show a figure of another period than the map's, per period."""
    found = Counter(entries[c].period for c in classes if entries[c].period)
    return {str(p): n for p, n in sorted(found.items())}


def _gemeenten(n: int) -> str:
    return f"{n} {'gemeente' if n == 1 else 'gemeenten'}"


def _period_notes(
    entries: dict[str, MapValue], classes: dict[str, object], period: str | None, every: bool = False
) -> list[str]:
    """The map's period and the gemeenten shown with another one: the most frequent other period by
    name, the rest counted (``every``: each by name, for the text alternative)."""
    notes = [f"Periode: {period}"] if period else []
    others = sorted(_other_periods(entries, classes).items(), key=lambda item: -item[1])
    named = others if every else others[:1]
    for other, n in named:
        notes.append(f"{_gemeenten(n)}: {other} (laatste jaar niet gepubliceerd)")
    rest = sum(n for _, n in others[len(named):])
    if rest:
        notes.append(f"{_gemeenten(rest)}: een eerdere periode (zie de gemeente)")
    return notes


def _quintile_ranges(
    entries: dict[str, MapValue], classes: dict[str, object], unit: str
) -> dict[int, str]:
    ranges = {}
    for quintile in range(1, 6):
        members = [
            entries[c].value
            for c, q in classes.items()
            if q == quintile and entries[c].value is not None
        ]
        if members:
            ranges[quintile] = (
                f"{formatting.value(min(members), unit)} tot {formatting.value(max(members), unit)}"
            )
    return ranges


def _legend(
    entries: dict[str, MapValue],
    classes: dict[str, object],
    mode: str,
    unit: str,
    compared_with: str,
    period: str | None = None,
    categories: Categories | None = None,
) -> list[LegendItem]:
    notes = [LegendItem(note, "text") for note in _period_notes(entries, classes, period)]
    if mode == "category":
        counts = Counter(classes.values())
        items = [LegendItem(f"{label} ({_gemeenten(counts[key])})", "swatch", colour)
                 for key, (label, colour) in (categories or {}).items() if counts.get(key)]
    elif mode == "benchmark":
        used = set(classes.values())
        items = [
            LegendItem(
                palette.benchmark_label(k, compared_with), "swatch", palette.benchmark_colour(k)
            )
            for k in palette.BENCHMARK_ORDER
            if k in used
        ]
    else:
        ranges = _quintile_ranges(entries, classes, unit)
        items = [
            LegendItem(label, "swatch", palette.QUINTILE_COLOURS[q - 1])
            for q, label in ranges.items()
        ]
    if len(classes) < len(geometry.names()):
        items.append(LegendItem("Niet gepubliceerd of geen gegevens", "hatch"))
    return notes + items


def _describe(
    entries: dict[str, MapValue],
    classes: dict[str, object],
    mode: str,
    unit: str,
    highlight: str | None,
    compared_with: str,
    period: str | None,
    categories: Categories | None = None,
) -> str:
    total = len(geometry.names())
    parts = [f"Kaart van {total} gemeenten."]
    parts += [f"{note}." for note in _period_notes(entries, classes, period, every=True)]
    counts = Counter(classes.values())
    if mode == "category":
        for key, (label, _) in (categories or {}).items():
            if counts.get(key):
                parts.append(f"{label}: {counts[key]}.")
    elif mode == "benchmark":
        for key in palette.BENCHMARK_ORDER:
            if counts.get(key):
                parts.append(f"{palette.benchmark_label(key, compared_with)}: {counts[key]}.")
    else:
        for quintile, label in _quintile_ranges(entries, classes, unit).items():
            parts.append(f"Kwintiel {quintile} ({label}): {counts[quintile]}.")
    missing = total - len(classes)
    if missing:
        parts.append(f"Niet gepubliceerd of geen gegevens: {missing}.")
    if highlight is not None:
        entry = entries.get(highlight, MapValue(status=NO_DATA))
        parts.append(
            f"Gemarkeerd: {geometry.names()[highlight]}, "
            f"{_entry_text(entry, classes.get(highlight), mode, unit, compared_with, categories)}."
        )
    return " ".join(parts)


def mini_map(code: str, width: float = 150.0, title: str | None = None) -> str:
    """A small map of the Netherlands with one gemeente filled, for the head of a factsheet.

    The other gemeenten form one light grey path, which keeps the SVG small. Raises
    :class:`UnknownArea` for a code not in the 2023 division.
    """
    known = geometry.names()
    if code not in known:
        raise UnknownArea(
            f"Gemeente {code!r} staat niet op de kaart (gemeentelijke indeling 2023)."
        )
    name = known[code]
    drawn = geometry.paths(float(width), 0.6, 2.0)
    rest = "".join(d for shape, d in drawn if shape.code != code)
    own = next(d for shape, d in drawn if shape.code == code)
    height = geometry.map_height(width, 2.0)
    doc = Svg(
        width,
        height,
        title or f"Ligging van {name}",
        f"Kaart van Nederland waarop {name} is gemarkeerd.",
    )
    doc.add(
        element(
            "path",
            d=rest,
            fill=palette.MINI_MAP_FILL,
            stroke="#FFFFFF",
            stroke_width=0.3,
            class_="other",
        )
    )
    doc.add(
        element(
            "path",
            tooltip(name),
            d=own,
            fill=palette.AREA,
            stroke=palette.HIGHLIGHT,
            stroke_width=1.0,
            class_="highlight",
            data_code=code,
        )
    )
    return doc.render()
