"""Open-data export of every published result as one tidy table (CSV, XLSX, Parquet or JSON).

Suppressed values are empty and carry their status and reason; published counts follow the
catalogue's rounding rule (applied by disclosure control).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from kansrijk.errors import KansrijkError, NotComputed
from kansrijk.store import RESULT_COLUMNS, Store

FORMATS = ("csv", "xlsx", "parquet", "json")
EXPORT_COLUMNS = [c for c in RESULT_COLUMNS]


@dataclass(frozen=True)
class ResultFilter:
    """Which published rows to return; empty fields mean all."""

    indicators: Sequence[str] = field(default_factory=tuple)
    areas: Sequence[str] = field(default_factory=tuple)
    catalogue: str | None = None
    period: str | None = None
    area_level: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses, params = [], []
        if self.indicators:
            clauses.append("indicator IN (" + ",".join("?" * len(self.indicators)) + ")")
            params.extend(self.indicators)
        if self.areas:
            clauses.append("area_code IN (" + ",".join("?" * len(self.areas)) + ")")
            params.extend(self.areas)
        if self.catalogue:
            clauses.append("catalogue = ?")
            params.append(self.catalogue)
        if self.period:
            clauses.append("period = ?")
            params.append(self.period)
        if self.area_level:
            clauses.append("area_level = ?")
            params.append(self.area_level)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def published_frame(store: Store, selection: ResultFilter | None = None) -> pd.DataFrame:
    """The published results as a DataFrame in export column order."""
    row = store.con.execute("SELECT count(*) FROM published").fetchone()
    if not row or not row[0]:
        raise NotComputed("er zijn nog geen resultaten; draai eerst 'kansrijk compute' of 'kansrijk demo'")
    where, params = (selection or ResultFilter()).where()
    cols = ", ".join(f'"{c}"' for c in EXPORT_COLUMNS)
    sql = (
        f"SELECT {cols} FROM published{where} "
        "ORDER BY catalogue, indicator, area_level, area_code, period_start, period_end"
    )
    return store.con.execute(sql, params).df()


def plain_value(value: Any) -> Any:
    """A value from a frame as plain Python: None for every kind of missing, dates as ISO text,
    numpy scalars as Python numbers."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (pd.Timestamp, date)):
        return value.isoformat()[:10]
    if hasattr(value, "item"):
        return plain_value(value.item())
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-ready rows (NaN -> None, dates as ISO text)."""
    return [{k: plain_value(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def export(store: Store, fmt: str, out: Path, selection: ResultFilter | None = None) -> int:
    """Write the published results to ``out`` in ``fmt``; returns the number of rows written."""
    if fmt not in FORMATS:
        raise KansrijkError(f"onbekend formaat {fmt!r}; kies uit {', '.join(FORMATS)}")
    frame = published_frame(store, selection)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        frame.to_csv(out, index=False, date_format="%Y-%m-%d")
    elif fmt == "xlsx":
        sheet = frame.copy()
        sheet["reference_date"] = sheet["reference_date"].astype(str).replace({"NaT": ""})
        sheet.to_excel(out, index=False, sheet_name="kansrijk")
    elif fmt == "parquet":
        store.con.register("export_frame", frame)
        store.con.execute(f"COPY export_frame TO '{_sql_path(out)}' (FORMAT parquet)")
        store.con.unregister("export_frame")
    else:
        out.write_text(json.dumps(records(frame), ensure_ascii=False, indent=1), encoding="utf-8")
    return len(frame)


def to_text(frame: pd.DataFrame, fmt: str) -> str:
    """CSV or JSON text of ``frame`` for standard output."""
    if fmt == "csv":
        return str(frame.to_csv(index=False, date_format="%Y-%m-%d"))
    if fmt == "json":
        return json.dumps(records(frame), ensure_ascii=False, indent=1)
    raise KansrijkError(f"formaat {fmt!r} kan niet naar het scherm; geef --out BESTAND")


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
