"""The portal's overview page, per role.

- partner: the organisation's submissions (newest first), a link to supply counts and the template;
- coordinator: the submissions of its region waiting for review, the register and the gemeenten
  whose unsuppressed figures it may see;
- viewer: links to its gemeente's unsuppressed figures and public profile.
"""

from __future__ import annotations

from starlette.responses import Response

from kansrijk.portal import access, accounts, submissions
from kansrijk.portal.schema import SUBMITTED
from kansrijk.portal.web import grid
from kansrijk.portal.web.endpoint import Call


def page(call: Call) -> Response:
    """The overview for the logged-in user's role."""
    user = call.user
    assert user is not None
    context: dict[str, object] = {}
    if user.role == access.PARTNER and user.organisation_id is not None:
        context["organisation"] = accounts.organisation(call.db, user.organisation_id)
        context["submissions"] = submissions.list_for(call.db, user, areas=call.areas)
        context["years"] = grid.years(call.areas)
        context["year"] = grid.default_year(context["years"])  # type: ignore[arg-type]
    elif user.role == access.COORDINATOR and user.region_code is not None:
        context["region"] = call.areas.get(user.region_code)
        context["waiting"] = submissions.list_for(call.db, user, SUBMITTED, call.areas)
        context["gemeenten"] = call.region_gemeenten(user.region_code)
    elif user.role == access.VIEWER and user.gemeente_code is not None:
        context["gemeente"] = call.areas.get(user.gemeente_code)
    return call.page("portal_home.html.j2", "Portaal", **context)
