"""Submitting counts: the form grid, the file upload and the template download (partners).

``GET /portaal/inzendingen/nieuw?jaar=2024`` shows the grid of :mod:`kansrijk.portal.web.grid` and an
upload form; both carry a fresh idempotency key, so a double POST stores one submission. A refused
submission (InputError) stores nothing and shows the page again with every problem as a Dutch
sentence (werkblad, rij, kolom, waarde), next to the cell for the grid, with the input kept.
``GET /portaal/sjabloon.xlsx?jaar=2024`` is the organisation's Excel template for that year.
"""

from __future__ import annotations

import io
import re
from typing import Any

from starlette.responses import Response

from kansrijk.errors import InputError, Problem
from kansrijk.portal import accounts, submissions
from kansrijk.portal.accounts import Organisation
from kansrijk.portal.template import template_workbook
from kansrijk.portal.validation import MAX_UPLOAD_BYTES
from kansrijk.portal.web import grid
from kansrijk.portal.web.endpoint import PREFIX, Call
from kansrijk.portal.web.security import new_token

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD_FIELD = "bestand"
KEY_FIELD = "sleutel"
# The body of an upload: the file plus the form's other fields and multipart framing.
MAX_UPLOAD_BODY = MAX_UPLOAD_BYTES + 64 * 1024


def _organisation(call: Call, action: str = "submit") -> Organisation:
    """The partner's organisation, after checking ``action`` on it (the endpoint checked the role)."""
    user = call.user
    assert user is not None and user.organisation_id is not None
    organisation = accounts.organisation(call.db, user.organisation_id)
    call.require(action, organisation)
    return organisation


def _year(call: Call, text: str | None) -> tuple[int, list[int]]:
    """The year asked for (``jaar``, else the default) and the years the partner may choose."""
    choices = grid.years(call.areas)
    return grid.chosen_year(text, choices), choices


def list_page(call: Call) -> Response:
    """The submissions the user may see (a partner its organisation's, a coordinator its region's)."""
    found = submissions.list_for(call.db, call.user, areas=call.areas)
    return call.page("submissions.html.j2", "Inzendingen", submissions=found, can_submit=call.can("submit"))


def new_form(call: Call) -> Response:
    """The empty grid for the chosen year, with the upload form beside it."""
    organisation = _organisation(call)
    year, choices = _year(call, call.request.query_params.get("jaar"))
    return _new_page(call, organisation, year, choices)


def submit_grid(call: Call) -> Response:
    """Submit the grid; on problems show it again with the input and the problems."""
    organisation = _organisation(call)
    year, choices = _year(call, call.field("jaar"))
    rows = grid.rows_for(organisation, year, call.portal.catalogues, call.areas)
    key = call.field(KEY_FIELD)
    try:
        submission = submissions.submit_form(call.db, call.user, grid.cells(rows, call.fields, year), key,
                                             call.portal.catalogues, call.areas)
    except InputError as exc:
        return _new_page(call, organisation, year, choices, grid_key=key, status=422, rows=rows,
                         entered=grid.entered(rows, call.fields), problems=exc.problems)
    return call.redirect(f"{PREFIX}/inzendingen/{submission.id}")


def submit_upload(call: Call) -> Response:
    """Submit an uploaded CSV or XLSX (the filled-in template); on problems show them on the form page."""
    organisation = _organisation(call)
    year, choices = _year(call, call.field("jaar"))
    key = call.field(KEY_FIELD)
    upload = call.files.get(UPLOAD_FIELD)
    if upload is None or not upload.name or not upload.data:
        problems = [Problem("upload", "kies een ingevuld bestand (Excel of CSV) om te versturen")]
        return _new_page(call, organisation, year, choices, upload_key=key, status=422, upload_problems=problems)
    try:
        submission = submissions.submit_file(call.db, call.user, upload.name, upload.data, key,
                                             call.portal.catalogues, call.areas)
    except InputError as exc:
        return _new_page(call, organisation, year, choices, upload_key=key, status=422,
                         upload_problems=exc.problems, upload_name=upload.name)
    return call.redirect(f"{PREFIX}/inzendingen/{submission.id}")


def _new_page(call: Call, organisation: Organisation, year: int, choices: list[int], *, grid_key: str | None = None,
              upload_key: str | None = None, status: int = 200,
              rows: list[grid.GridRow] | None = None, entered: dict[str, str] | None = None,
              problems: list[Problem] | None = None, upload_problems: list[Problem] | None = None,
              upload_name: str | None = None) -> Response:
    rows = rows if rows is not None else grid.rows_for(organisation, year, call.portal.catalogues, call.areas)
    located = grid.located(problems or [], rows)
    context: dict[str, Any] = {
        "organisation": organisation,
        "year": year,
        "years": choices,
        "rows": rows,
        "grid_key": grid_key or new_token(),  # one key per form: a grid and a file are two submissions
        "upload_key": upload_key or new_token(),
        "entered": entered or {},
        "problems": located,
        "field_problems": grid.by_field(located),
        "upload_problems": [p.for_user() for p in upload_problems or []],
        "upload_name": upload_name,
        "statuses": grid.STATUS_CHOICES,
        "max_upload_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
    }
    return call.page("submission_new.html.j2", f"Cijfers aanleveren {year}", status, **context)


def template_download(call: Call) -> Response:
    """The organisation's Excel template for the chosen year."""
    organisation = _organisation(call, "download_template")
    year, _ = _year(call, call.request.query_params.get("jaar"))
    measures, gemeenten = grid.template_of(organisation, year, call.portal.catalogues, call.areas)
    workbook = template_workbook(measures, gemeenten, year, title=f"Aanlevering {organisation.name} {year}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    name = f"sjabloon-{_slug(organisation.name)}-{year}.xlsx"
    return Response(buffer.getvalue(), media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "organisatie"
