"""The summary and recommendations of an area, approved by its coordinator.

``GET /portaal/samenvatting?gebied=RGGMZ&catalogus=gm&jaar=2023`` shows the saved text of that area
and edition (or an empty form) and the texts approved for the region; ``POST`` saves it through
:func:`kansrijk.portal.summary_edit.save_summary`, with the coordinator as the approver. A refused
text stores nothing and shows the form again with the problem and the text kept.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from starlette.responses import Response

from kansrijk.errors import InputError
from kansrijk.portal import summary_edit
from kansrijk.portal.web.endpoint import PREFIX, Call

MAX_TEXT_FIELD = 60_000


def _edition(text: str, strict: bool = False) -> int:
    """The edition asked for; last year when none (or, unless ``strict``, an unreadable one) is given;
    strict: 0 for an unreadable one, which the save refuses."""
    if text.isdigit() and len(text) == 4:
        return int(text)
    return 0 if strict and text else date.today().year - 1


def page(call: Call, status: int = 200, problems: list[str] | None = None,
         entered: dict[str, str] | None = None) -> Response:
    user = call.user
    assert user is not None and user.region_code is not None
    query = call.request.query_params
    entered = entered or {"gebied": query.get("gebied", user.region_code)[:40],
                          "catalogus": query.get("catalogus", "gm")[:20], "jaar": query.get("jaar", "")[:4]}
    saved = summary_edit.list_summaries(call.db, user, call.areas)
    if "tekst" not in entered:
        entered["tekst"] = summary_edit.saved_text(call.db, entered["gebied"].upper(), entered["catalogus"],
                                                   _edition(entered["jaar"]))
    choices = [(code, call.areas.get(code).name) for code in summary_edit.areas_of_region(user, call.areas)]
    names = dict(choices)
    return call.page("summary.html.j2", "Samenvatting vaststellen", status, problems=problems or [],
                     entered=entered, choices=choices, names=names, saved=saved,
                     catalogues=[(c, call.portal.catalogues.catalogue(c).name) for c in call.portal.catalogues.keys],
                     edition=_edition(entered["jaar"]), done=query.get("opgeslagen") == "1")


def save(call: Call) -> Response:
    entered = {"gebied": call.field("gebied")[:40], "catalogus": call.field("catalogus")[:20],
               "jaar": call.field("jaar")[:4], "tekst": call.field("tekst")[:MAX_TEXT_FIELD]}
    try:
        summary_edit.save_summary(call.db, call.user, entered["gebied"], entered["catalogus"],
                                  _edition(entered["jaar"], strict=True), entered["tekst"], call.areas,
                                  call.portal.catalogues.keys)
    except InputError as exc:
        return page(call, 422, [p.for_user() for p in exc.problems], entered)
    query = urlencode({"opgeslagen": 1, "gebied": entered["gebied"], "catalogus": entered["catalogus"],
                       "jaar": entered["jaar"]})
    return call.redirect(f"{PREFIX}/samenvatting?{query}")
