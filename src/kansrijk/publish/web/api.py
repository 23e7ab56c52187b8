"""The ``.json``, ``.csv`` and ``.nl.csv`` twins of every page: the published rows the page shows.

The CSV is written exactly as ``kansrijk export --format csv`` writes it (same columns, order, date
format and rounding); ``.nl.csv`` as ``--dialect nl`` does (``;``, decimal comma, UTF-8 with BOM, for
Dutch Excel); the JSON is the export's JSON records in full precision. Suppressed rows carry status
and reason and no numbers, as in ``published``.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from kansrijk.publish import export

DUTCH_CSV = "nl.csv"
TWIN_FORMATS = ("json", DUTCH_CSV, "csv")  # longest suffix first: ``x.nl.csv`` is not ``x.nl`` + ``.csv``


def csv_bytes(frame: pd.DataFrame, fmt: str) -> bytes:
    """The rows as CSV, as the export writes them: machine CSV, or the Dutch dialect with a BOM."""
    if fmt == DUTCH_CSV:
        return export.csv_text(frame, "nl").encode("utf-8-sig")
    return export.csv_text(frame).encode("utf-8")


def json_text(frame: pd.DataFrame, meta: dict[str, Any] | None = None) -> str:
    """The rows as JSON: ``{"meta": {...}, "rows": [...]}``."""
    body = {"meta": meta or {}, "rows": export.records(frame)}
    return json.dumps(body, ensure_ascii=False, indent=1)


def page_meta(twin: str, context: dict[str, Any]) -> dict[str, Any]:
    """The ``meta`` of a twin: its page path, the synthetic flag and the page title."""
    return {"pagina": twin, "synthetisch": bool(context.get("synthetic", False)), "titel": context.get("title")}


def error_json(status: int, message: str) -> str:
    """An error body: ``{"fout": {"status": 404, "melding": "..."}}``."""
    return json.dumps({"fout": {"status": status, "melding": message}}, ensure_ascii=False)
