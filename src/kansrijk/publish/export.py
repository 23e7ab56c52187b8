"""Open-data export of every published result as one tidy table (CSV, XLSX, Parquet or JSON).

Suppressed values are empty and carry their status and reason; published counts follow the
catalogue's rounding rule (applied by disclosure control).

Tables people open (CSV, XLSX) give values and limits rounded to the indicator's decimals (one; none
for counts); Parquet and JSON keep full precision for further computation. CSV comes in two dialects:
``machine`` (default: ``,`` and a decimal point, UTF-8) for programs, and ``nl`` (``;``, a decimal
comma, UTF-8 with a byte-order mark) that Dutch Excel opens as columns of numbers. The XLSX has its
header row frozen, numbers as numbers, and a second sheet describing every column.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kansrijk.errors import KansrijkError, NotComputed
from kansrijk.publish.formatting import decimals_for
from kansrijk.store import RESULT_COLUMNS, Store

FORMATS = ("csv", "xlsx", "parquet", "json")
DIALECTS = ("machine", "nl")
EXPORT_COLUMNS = [c for c in RESULT_COLUMNS]
ROUNDED = ("value", "lower", "upper", "lower_998", "upper_998")
# Every column in Dutch, for the XLSX's description sheet (docs/architecture.md has the same in English).
COLUMN_TEXT = {
    "indicator": "Indicator of deel ervan (bv. ks12.a)",
    "variant": "Deel of definitie binnen de indicator (leeg: de indicator zelf)",
    "catalogue": "Indicatorenset (ks = landelijk, gm = Gelderland Midden, haarlem = Haarlem)",
    "area_code": "Gebiedscode (GM.... gemeente, GG.... GGD-regio, NL01 Nederland, RG.... eigen regio)",
    "area_name": "Naam van het gebied",
    "area_level": "Niveau: gemeente, provincie, ggd, jeugdregio, regio, vsv, jgz of land",
    "period": "Periode: een jaar (2023) of meerdere jaren samen (2019-2023)",
    "period_start": "Eerste jaar van de periode",
    "period_end": "Laatste jaar van de periode",
    "reference_date": "Peildatum, als het cijfer op één dag geteld is",
    "numerator": "Teller (afgerond volgens de onthullingsregel van de set)",
    "denominator": "Noemer (afgerond volgens de onthullingsregel van de set)",
    "value": "Waarde in de eenheid van de indicator, afgerond op de decimalen van de indicator",
    "lower": "Ondergrens van het 95%-betrouwbaarheidsinterval",
    "upper": "Bovengrens van het 95%-betrouwbaarheidsinterval",
    "lower_998": "Ondergrens van het 99,8%-interval (voor 'veel beter/slechter')",
    "upper_998": "Bovengrens van het 99,8%-interval",
    "confidence": "Betrouwbaarheid van lower en upper (0,95)",
    "method": "Methode van het interval (Wilson, Byar, exact Poisson; 'telling' zonder interval)",
    "unit": "Eenheid: percentage, per_1000, count, mean",
    "polarity": "Wat gunstig is: higher_is_better, lower_is_better of no_judgement",
    "status": "gepubliceerd, te_klein, privacy, niet_aangeboden, niet_geregistreerd of geen_data",
    "reason": "Waarom er geen waarde is (bij een andere status dan gepubliceerd)",
    "benchmark_nl": "Vergelijking met Nederland in dezelfde periode",
    "benchmark_region": "Vergelijking met de regio (region_code) in dezelfde periode",
    "region_code": "De regio waarmee vergeleken is",
    "trend": "Uitkomst van de trendtoets over de laatste jaren",
    "members_with_data": "Aantal gemeenten met gegevens in dit gebied",
    "members_total": "Aantal gemeenten in dit gebied",
    "source": "Bron van de gegevens",
    "definition_version": "Versie van de definitie (uitgave van het brondocument)",
    "synthetic": "WAAR als het cijfer uit synthetische demogegevens komt (geen echt cijfer)",
}


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


def for_people(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with values and limits rounded to each row's decimals (none for counts, else one)."""
    if "unit" not in frame.columns:
        return frame
    out = frame.copy()
    places = out["unit"].map(decimals_for).to_numpy()
    for col in (c for c in ROUNDED if c in out.columns):
        values = out[col].to_numpy(float)
        out[col] = np.where(places == 0, np.round(values, 0), np.round(values, 1))
    return out


def csv_text(frame: pd.DataFrame, dialect: str = "machine") -> str:
    """CSV of ``frame`` in a dialect (see the module docstring); values rounded for people."""
    if dialect not in DIALECTS:
        raise KansrijkError(f"onbekend CSV-dialect {dialect!r}; kies uit {', '.join(DIALECTS)}")
    rounded = for_people(frame)
    if dialect == "nl":
        return str(rounded.to_csv(index=False, sep=";", decimal=",", date_format="%Y-%m-%d"))
    return str(rounded.to_csv(index=False, date_format="%Y-%m-%d"))


def _write_xlsx(frame: pd.DataFrame, out: Path) -> None:
    sheet = for_people(frame)
    sheet["reference_date"] = sheet["reference_date"].astype(str).replace({"NaT": ""})
    columns = pd.DataFrame({"kolom": list(sheet.columns),
                            "betekenis": [COLUMN_TEXT.get(c, "") for c in sheet.columns]})
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        sheet.to_excel(writer, index=False, sheet_name="kansrijk", freeze_panes=(1, 0))
        columns.to_excel(writer, index=False, sheet_name="kolommen", freeze_panes=(1, 0))
        for ws in writer.book.worksheets:
            for cells in ws.iter_cols(min_row=1, max_row=1):
                ws.column_dimensions[cells[0].column_letter].width = max(10, min(60, len(str(cells[0].value)) + 4))


def export(store: Store, fmt: str, out: Path, selection: ResultFilter | None = None,
           dialect: str = "machine") -> int:
    """Write the published results to ``out`` in ``fmt`` (CSV in ``dialect``); returns the row count."""
    if fmt not in FORMATS:
        raise KansrijkError(f"onbekend formaat {fmt!r}; kies uit {', '.join(FORMATS)}")
    frame = published_frame(store, selection)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        text = csv_text(frame, dialect)
        out.write_text(text, encoding="utf-8-sig" if dialect == "nl" else "utf-8")
    elif fmt == "xlsx":
        _write_xlsx(frame, out)
    elif fmt == "parquet":
        store.con.register("export_frame", frame)
        store.con.execute(f"COPY export_frame TO '{_sql_path(out)}' (FORMAT parquet)")
        store.con.unregister("export_frame")
    else:
        out.write_text(json.dumps(records(frame), ensure_ascii=False, indent=1), encoding="utf-8")
    return len(frame)


def to_text(frame: pd.DataFrame, fmt: str, dialect: str = "machine") -> str:
    """CSV or JSON text of ``frame`` for standard output."""
    if fmt == "csv":
        return csv_text(frame, dialect)
    if fmt == "json":
        return json.dumps(records(frame), ensure_ascii=False, indent=1)
    raise KansrijkError(f"formaat {fmt!r} kan niet naar het scherm; geef --out BESTAND")


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
