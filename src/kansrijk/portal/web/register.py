"""The programme registry of a coordinator's region: the facts per gemeente, and a form to add one.

``GET /portaal/register`` lists the gemeente facts of the region; ``POST`` adds one through
:func:`kansrijk.portal.programme_edit.add_fact` (the registry-import rules) and calls ``on_change``,
since registry facts feed indicators. A refused fact stores nothing and shows the form again with
the problems and the input.
"""

from __future__ import annotations

from starlette.responses import Response

from kansrijk.errors import InputError
from kansrijk.portal import programme_edit
from kansrijk.portal.web.endpoint import PREFIX, Call
from kansrijk.programme.facts import FACT_KINDS, GEMEENTE

FIELDS = ("feit", "gemeente", "waarde", "geldig_vanaf")


def page(call: Call, status: int = 200, problems: list[str] | None = None,
         entered: dict[str, str] | None = None) -> Response:
    """The region's facts and the form."""
    user = call.user
    assert user is not None and user.region_code is not None
    entries = programme_edit.list_facts(call.db, user, call.areas)
    members = call.region_gemeenten(user.region_code)
    kinds = [k for k in FACT_KINDS if k.subject == GEMEENTE]
    values = list(dict.fromkeys(v for k in kinds if not k.is_count for v in k.values))
    names = {a.code: a.name for a in members}
    return call.page("register.html.j2", "Register van de regio", status, entries=entries, members=members,
                     names=names, kinds=kinds, values=values, problems=problems or [], entered=entered or {},
                     region=call.areas.get(user.region_code), added=call.request.query_params.get("toegevoegd") == "1")


def add(call: Call) -> Response:
    """Add one fact; the dashboard is recomputed in the background."""
    entered = {name: call.field(name)[:100] for name in FIELDS}
    try:
        programme_edit.add_fact(call.db, call.user, entered["feit"], entered["gemeente"], entered["waarde"],
                               entered["geldig_vanaf"], call.areas)
    except InputError as exc:
        return page(call, 422, [p.for_user() for p in exc.problems], entered)
    call.portal.on_change()
    return call.redirect(f"{PREFIX}/register?toegevoegd=1")
