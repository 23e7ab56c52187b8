"""A submission's page (cells, versions, old → new for a correction, history) and its review.

``GET /portaal/inzendingen/{id}``: the partner of the organisation or a coordinator of its region.
``POST .../goedkeuren`` and ``POST .../afwijzen`` (coordinator of the region, CSRF checked by the
endpoint): an approval replaces the organisation's import and calls the portal's ``on_change`` so the
public dashboard is recomputed; a rejection needs a note. A refused review changes nothing and shows
the page again with the reason.
"""

from __future__ import annotations

from starlette.responses import Response

from kansrijk.errors import InputError, NotFound, PortalError
from kansrijk.portal import review, submissions
from kansrijk.portal.schema import SUBMITTED
from kansrijk.portal.web.endpoint import PREFIX, Call, sentence

NOTE_FIELD = "toelichting"


def _submission_id(call: Call) -> int:
    text = str(call.request.path_params["id"])
    if not text.isdigit() or len(text) > 9:
        raise NotFound(f"inzending {text[:20]} bestaat niet")
    return int(text)


def detail(call: Call, status: int = 200, problems: list[str] | None = None, note: str = "") -> Response:
    """The submission with its cells beside the approved values they replace, and its history."""
    submission_id = _submission_id(call)
    submission = submissions.get(call.db, call.user, submission_id, call.areas, with_rows=False)
    changes = submissions.diff(call.db, submission_id)
    events = submissions.events(call.db.con, submission_id)  # access checked by get
    names = {code: call.areas.get(code).name for code in {c.area_code for c in changes}}
    measures = {i: measure_name(call, i) for i in {c.indicator for c in changes}}
    reviewable = submission.state == SUBMITTED and call.can("review_submission", submission)
    return call.page("submission.html.j2", f"Inzending {submission.id}", status, submission=submission,
                     changes=changes, events=events, names=names, measures=measures, reviewable=reviewable,
                     problems=problems or [], note=note)


def measure_name(call: Call, measure_id: str) -> str:
    """``Ondersteuning kwetsbare gezinnen (Prenataal huisbezoek)`` for ``gm08.phb``; the id if unknown."""
    measure = call.measure(measure_id)
    if measure is None:
        return measure_id
    return f"{measure.short_name} ({measure.label})" if measure.variant else measure.short_name


def approve(call: Call) -> Response:
    """Approve; the dashboard is recomputed in the background."""
    submission_id = _submission_id(call)
    try:
        review.approve(call.db, call.user, submission_id, call.field(NOTE_FIELD) or None,
                       call.portal.catalogues, call.areas)
    except InputError as exc:
        return detail(call, 409, [p.for_user() for p in exc.problems], call.field(NOTE_FIELD))
    except PortalError as exc:
        return detail(call, 409, [sentence(str(exc))], call.field(NOTE_FIELD))
    call.portal.on_change()
    return call.redirect(f"{PREFIX}/inzendingen/{submission_id}")


def reject(call: Call) -> Response:
    """Reject with a note for the partner."""
    submission_id = _submission_id(call)
    try:
        review.reject(call.db, call.user, submission_id, call.field(NOTE_FIELD), call.areas)
    except PortalError as exc:
        return detail(call, 422, [sentence(str(exc))], call.field(NOTE_FIELD))
    return call.redirect(f"{PREFIX}/inzendingen/{submission_id}")
