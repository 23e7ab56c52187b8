"""The one-page dashboard: per indicator of a catalogue, the latest published figure for one area.

Shared by the CLI table, the factsheets and the web pages (one source for the page context).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from kansrijk.catalogue import Catalogues, Measure
from kansrijk.publish import formatting
from kansrijk.publish.export import ResultFilter, published_frame
from kansrijk.store import Store


@dataclass(frozen=True)
class Tile:
    """One dashboard tile: an indicator's latest figure for an area, formatted in Dutch."""

    indicator: str
    name: str
    short_name: str
    type: str
    unit: str
    period: str
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


def display_name(measure: Measure) -> str:
    """The short name users see for a measure: ``Big2: ≥ 24 weken, alle geboren kinderen``."""
    if measure.kind == "single" or measure.label == measure.short_name:
        return measure.short_name
    if measure.label.startswith(measure.short_name):
        return measure.label
    return f"{measure.short_name}: {measure.label}"


def latest_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Per indicator, the latest single-year (or peildatum) row; pooled periods are not tiles."""
    singles = frame[frame["period_start"] == frame["period_end"]]
    if singles.empty:
        return singles
    singles = singles.sort_values(["indicator", "period_end", "reference_date"], na_position="first")
    return singles.groupby("indicator", sort=False).tail(1)


def _clean(value: Any) -> Any:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return value


def tiles(store: Store, catalogues: Catalogues, area_code: str = "NL01", catalogue: str = "ks") -> list[Tile]:
    """The dashboard tiles of ``catalogue`` for ``area_code``, in catalogue order."""
    frame = published_frame(store, ResultFilter(areas=[area_code], catalogue=catalogue))
    latest = {row["indicator"]: row for row in latest_rows(frame).to_dict(orient="records")}
    out = []
    for measure in catalogues.measures(catalogue):
        row = latest.get(measure.id)
        if row is None:
            continue
        out.append(
            Tile(
                indicator=measure.id,
                name=measure.name,
                short_name=display_name(measure),
                type=measure.type,
                unit=measure.unit,
                period=row["period"],
                value=_clean(row["value"]),
                value_text=formatting.value(_clean(row["value"]), measure.unit),
                interval_text=formatting.interval(_clean(row["lower"]), _clean(row["upper"]), measure.unit),
                numerator=_clean(row["numerator"]),
                denominator=_clean(row["denominator"]),
                status=row["status"],
                reason=_clean(row["reason"]),
                benchmark_nl=_clean(row["benchmark_nl"]),
                trend=_clean(row["trend"]),
                synthetic=bool(row["synthetic"]),
            )
        )
    return out
