"""Coordinators approve the summary and recommendations of an area of their region in the portal.

API: ``save_summary(pg, user, area, catalogue, edition, text, areas) -> bool`` and
``list_summaries(pg, user, areas) -> list[SavedSummary]``. The text is checked as ``kansrijk summary``
checks it (:func:`kansrijk.programme.summaries.check_summary`: not empty, not the draft); the approver
is the logged-in coordinator. Only the region itself or an area within it (a gemeente, a sub-region
such as regio Zuid) may be approved. It is stored as an import of kind ``samenvatting`` with its
``summaries`` row, so reports made from the server take it for that area and edition.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from kansrijk.areas import AreaRegistry
from kansrijk.errors import AccessDenied, InputError, Problem, UnknownArea
from kansrijk.portal import access
from kansrijk.portal.accounts import User
from kansrijk.programme.summaries import SUMMARY, check_summary, summary_import
from kansrijk.server.pgstore import PgStore

SOURCE = "portaal"


@dataclass(frozen=True)
class SavedSummary:
    area_code: str
    catalogue: str
    edition: int
    approved_by: str
    approved_at: datetime


def areas_of_region(user: User, areas: AreaRegistry) -> list[str]:
    """The region of a coordinator and every current area within it (sub-regions, gemeenten)."""
    region = str(user.region_code)
    members = set(areas.members(region))
    inside = [a.code for a in areas.areas() if a.code != region and a.level not in ("land",)
              and set(areas.members(a.code)) and set(areas.members(a.code)) <= members]
    return [region, *inside]


def save_summary(pg: PgStore, user: User | None, area: str, catalogue: str, edition: int, text: str,
                 areas: AreaRegistry, catalogues: Sequence[str]) -> bool:
    """Approve ``text`` for ``area`` (a code or name within the coordinator's region) in ``catalogue``
    (one of ``catalogues``) for the edition ending in ``edition``; False when exactly this approval
    exists."""
    access.require(user, "approve_summary", areas=areas)
    assert user is not None
    wrong = []
    if catalogue not in catalogues:
        wrong.append(Problem(SOURCE, f"onbekende indicatorenset; kies uit {', '.join(catalogues)}",
                             column="catalogus", value=catalogue[:20]))
    if not areas.first_year <= edition <= areas.current_year + 1:
        wrong.append(Problem(SOURCE, f"editie moet een jaar van {areas.first_year} tot en met "
                             f"{areas.current_year + 1} zijn", column="jaar", value=str(edition)))
    if wrong:
        raise InputError(wrong, summary=f"{SOURCE}: niet opgeslagen")
    try:
        code = areas.resolve(area).code
    except UnknownArea as exc:
        raise AccessDenied(f"Onbekend gebied: {exc}") from None
    if code not in areas_of_region(user, areas):
        raise AccessDenied("Dit valt buiten uw regio (een samenvatting vaststellen).")
    name = check_summary(text, user.name, SOURCE)
    file_name, digest = summary_import(catalogue, code, edition, text, name, SOURCE)
    with pg.transaction() as cur:
        if cur.execute("SELECT 1 FROM imports WHERE kind = %s AND sha256 = %s", [SUMMARY, digest]).fetchone():
            return False
        import_id = pg.add_import(cur, SUMMARY, file_name, digest, 1)
        cur.execute("INSERT INTO summaries (import_id, catalogue, area_code, edition, text, approved_by, approved_at) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    [import_id, catalogue, code, edition, text, name, datetime.now().replace(microsecond=0)])
    return True


def list_summaries(pg: PgStore, user: User, areas: AreaRegistry) -> list[SavedSummary]:
    """The approvals of the coordinator's region, newest first (without their texts)."""
    rows = pg.query("SELECT area_code, catalogue, edition, approved_by, approved_at FROM summaries "
                    "WHERE area_code = ANY(%s) ORDER BY approved_at DESC, import_id DESC",
                    [areas_of_region(user, areas)])
    return [SavedSummary(**r) for r in rows]  # type: ignore[arg-type]


def saved_text(pg: PgStore, area_code: str, catalogue: str, edition: int) -> str:
    """The latest approved text of one area, catalogue and edition ("" when there is none)."""
    rows = pg.query("SELECT text FROM summaries WHERE area_code = %s AND catalogue = %s AND edition = %s "
                    "ORDER BY approved_at DESC, import_id DESC LIMIT 1", [area_code, catalogue, edition])
    return str(rows[0]["text"]) if rows else ""
