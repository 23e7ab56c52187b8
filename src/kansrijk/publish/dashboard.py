"""The one-page dashboard of the CLI: per indicator of a catalogue, the figure a user sees for one area.

Which figure that is (the latest year, or the latest pooled window when that year is hidden) is
decided by :func:`kansrijk.publish.latest.shown`, as on the factsheets and the web pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kansrijk.catalogue import Catalogues, Measure
from kansrijk.publish import formatting, latest
from kansrijk.publish.context import FACT_TEXT, is_fact
from kansrijk.publish.export import ResultFilter, plain_value, published_frame, records
from kansrijk.store import Store
from kansrijk.vocabulary import CENSUS_METHOD


@dataclass(frozen=True)
class Tile:
    """One dashboard tile: an indicator's latest figure for an area, formatted in Dutch."""

    indicator: str
    name: str
    short_name: str
    type: str
    unit: str
    period: str
    period_text: str  # as users read it: ``2023`` or ``2019-2023, 5 jaar samen``
    value: float | None
    value_text: str
    interval_text: str
    numerator: float | None
    denominator: float | None
    status: str
    reason: str | None
    benchmark_nl: str | None
    trend: str | None
    synthetic: bool


def shown_rows(frame: pd.DataFrame, measures: Mapping[str, Measure]) -> dict[str, dict[str, Any]]:
    """Per indicator of one area's published rows, the row a user sees (:func:`latest.shown`)."""
    by_indicator: dict[str, list[dict[str, Any]]] = {}
    for row in records(frame):
        by_indicator.setdefault(row["indicator"], []).append(row)
    out = {}
    for indicator, rows in by_indicator.items():
        measure = measures.get(indicator)
        row = latest.shown(rows, figure_period=measure.figure_period if measure else latest.LATEST)
        if row is not None:
            out[indicator] = row
    return out


def _value_text(measure: Measure, row: dict[str, Any]) -> str:
    """A figure as the dashboard prints it: "ja"/"nee" for one gemeente's fact, the count beside a
    census share ("21,5% (59 van 275)"), else the value in its unit."""
    if is_fact(measure, row):
        return FACT_TEXT[bool(row["numerator"])]
    text = formatting.value(plain_value(row["value"]), measure.unit)
    if row.get("method") == CENSUS_METHOD and plain_value(row.get("denominator")) is not None:
        text += f" ({formatting.count(row['numerator'])} van {formatting.count(row['denominator'])})"
    return text


def tiles(store: Store, catalogues: Catalogues, area_code: str = "NL01", catalogue: str = "ks") -> list[Tile]:
    """The dashboard tiles of ``catalogue`` for ``area_code``, in catalogue order."""
    frame = published_frame(store, ResultFilter(areas=[area_code], catalogue=catalogue))
    shown = shown_rows(frame, {m.id: m for m in catalogues.measures(catalogue)})
    out = []
    for measure in catalogues.measures(catalogue):
        row = shown.get(measure.id)
        if row is None:
            continue
        out.append(
            Tile(
                indicator=measure.id,
                name=measure.name,
                short_name=measure.title,
                type=measure.type,
                unit=measure.unit,
                period=row["period"],
                period_text=formatting.period_label(row["period_start"], row["period_end"]),
                value=plain_value(row["value"]),
                value_text=_value_text(measure, row),
                interval_text=formatting.interval(plain_value(row["lower"]), plain_value(row["upper"]), measure.unit),
                numerator=plain_value(row["numerator"]),
                denominator=plain_value(row["denominator"]),
                status=row["status"],
                reason=plain_value(row["reason"]),
                benchmark_nl=plain_value(row["benchmark_nl"]),
                trend=plain_value(row["trend"]),
                synthetic=bool(row["synthetic"]),
            )
        )
    return out
