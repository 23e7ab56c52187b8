"""The ``.json`` and ``.csv`` twins of every page: the published rows the page shows.

The CSV is written exactly as ``kansrijk export --format csv`` writes it (same columns, order and
date format); the JSON is the export's JSON records. Suppressed rows carry status and reason and
no numbers, as in ``published``.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from kansrijk.publish.export import records

TWIN_FORMATS = ("json", "csv")


def csv_text(frame: pd.DataFrame) -> str:
    """The rows as CSV text, as the export writes them."""
    return str(frame.to_csv(index=False, date_format="%Y-%m-%d"))


def json_text(frame: pd.DataFrame, meta: dict[str, Any] | None = None) -> str:
    """The rows as JSON: ``{"meta": {...}, "rows": [...]}``."""
    body = {"meta": meta or {}, "rows": records(frame)}
    return json.dumps(body, ensure_ascii=False, indent=1)


def page_meta(twin: str, context: dict[str, Any]) -> dict[str, Any]:
    """The ``meta`` of a twin: its page path, the synthetic flag and the page title."""
    return {"pagina": twin, "synthetisch": bool(context.get("synthetic", False)), "titel": context.get("title")}


def error_json(status: int, message: str) -> str:
    """An error body: ``{"fout": {"status": 404, "melding": "..."}}``."""
    return json.dumps({"fout": {"status": status, "melding": message}}, ensure_ascii=False)
