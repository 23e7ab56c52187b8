"""The unsuppressed figures of one gemeente (table ``results``), for its viewers and its region's coordinators.

``GET /portaal/cijfers/GM0228`` shows every computed row of the gemeente before disclosure control,
under a "vertrouwelijk — niet publiceren" banner, with beside each row whether the public dashboard
shows it; ``GET /portaal/cijfers/GM0228.csv`` gives the same rows in the columns of ``results``.
The access check (``view_unsuppressed`` on the gemeente code) comes before anything is read.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from starlette.responses import Response

from kansrijk.errors import NotFound
from kansrijk.portal.web.endpoint import Call
from kansrijk.publish import formatting
from kansrijk.publish.export import csv_text
from kansrijk.vocabulary import PUBLISHED
from kansrijk.store import RESULT_COLUMNS
from kansrijk import vocabulary

CONFIDENTIAL = "Vertrouwelijk — niet publiceren"
MAX_CODE_LENGTH = 12


def _code_and_format(call: Call) -> tuple[str, str]:
    text = str(call.request.path_params["rest"]).strip()
    fmt = "html"
    if text.lower().endswith(".csv"):
        text, fmt = text[:-4], "csv"
    if not text or len(text) > MAX_CODE_LENGTH or not text.isascii() or not text.isalnum():
        raise NotFound("deze pagina bestaat niet")
    return text.upper(), fmt


def _rows(call: Call, code: str) -> list[dict[str, object]]:
    columns = ", ".join(f'r."{c}"' for c in RESULT_COLUMNS)
    return call.db.query(
        f"SELECT {columns}, p.status AS published_status FROM results r LEFT JOIN published p "
        "ON p.catalogue = r.catalogue AND p.indicator = r.indicator AND p.area_code = r.area_code "
        "AND p.period = r.period WHERE r.area_code = %s "
        "ORDER BY r.catalogue, r.indicator, r.period_start, r.period_end, r.period",
        [code],
    )


def page(call: Call) -> Response:
    """The gemeente's unsuppressed figures as a page or as CSV."""
    code, fmt = _code_and_format(call)
    call.require("view_unsuppressed", code)
    rows = _rows(call, code)
    if fmt == "csv":
        frame = pd.DataFrame([{c: r[c] for c in RESULT_COLUMNS} for r in rows], columns=list(RESULT_COLUMNS))
        return Response("# " + CONFIDENTIAL + "\n" + csv_text(frame), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="vertrouwelijk-{code}.csv"'})
    area = call.areas.get(code)
    shown = [_shown(call, r) for r in rows]
    return call.page("figures.html.j2", f"Vertrouwelijke cijfers {area.name}", area=area, rows=shown,
                     banner=CONFIDENTIAL)


def _shown(call: Call, row: dict[str, Any]) -> dict[str, Any]:
    measure = call.measure(str(row["indicator"]))
    unit = str(row["unit"] or (measure.unit if measure else ""))
    published = row["published_status"]
    return {
        "indicator": row["indicator"],
        "name": measure.short_name if measure else row["indicator"],
        "label": measure.label if measure and measure.variant else "",
        "catalogue": row["catalogue"],
        "period": row["period"],
        "numerator": formatting.number(row["numerator"], 0 if _whole(row["numerator"]) else 2),
        "denominator": formatting.number(row["denominator"], 0 if _whole(row["denominator"]) else 2),
        "value": formatting.value(row["value"], unit),
        "interval": formatting.interval(row["lower"], row["upper"], unit),
        "status": vocabulary.status_label(str(row["status"])),
        "public": "ja" if published == PUBLISHED else
                  ("nee, " + vocabulary.status_label(str(published)) if published else "nee"),
    }


def _whole(value: object) -> bool:
    return value is None or (isinstance(value, (int, float)) and float(value).is_integer())
