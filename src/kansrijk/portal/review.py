"""Reviewing submissions: a coordinator approves or rejects what a partner of its region sent.

API: ``approve(pg, user, submission_id, note, catalogues, areas) -> Approval`` and
``reject(pg, user, submission_id, note)`` (a note is required). Only a submission in state
``ingediend`` can be reviewed, only by a coordinator of the organisation's region.

An approval is one transaction, with the organisation's row locked (``SELECT ... FOR UPDATE``, the
same lock a submission takes) and one approval at a time across organisations:

1. refuse (InputError, nothing changed) when a cell already has a newer approved version of the same
   organisation, or an approved value of another organisation;
2. mark the submission ``goedgekeurd`` and each cell of an earlier approved submission it replaces
   as replaced by it; an earlier submission whose cells are all replaced becomes ``vervangen``;
3. rebuild the organisation's current approved set as one new import of kind ``inzendingen``
   (``inzendingen <organisatie> t/m inzending <id>``) with its ``aggregate_rows``, and delete the
   organisation's previous import with its rows. Imports are thus never changed, only replaced, so a
   working copy that synchronises by import id sees the change.

The returned :class:`Approval` names the new import; the caller starts a recompute with it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import psycopg

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.errors import InputError, NotFound, PortalError, Problem, UnknownIndicator
from kansrijk.intake.importer import ROW_COLUMNS as AGGREGATE_COLUMNS
from kansrijk.intake.importer import SUBMISSIONS
from kansrijk.portal import access
from kansrijk.portal.accounts import Organisation, User, now_utc
from kansrijk.portal.schema import APPROVED, REJECTED, REPLACED, SUBMITTED
from kansrijk.portal.submissions import Submission, add_event, load, lock_organisation
from kansrijk.portal.validation import APPROVED_ELSEWHERE
from kansrijk.server.pgstore import PgStore

IMPORT_KIND = SUBMISSIONS
MAX_NOTE_LENGTH = 4000
_APPROVAL_LOCK = 7142003  # one approval at a time: the check against other organisations holds


@dataclass(frozen=True)
class Approval:
    """What an approval changed: the organisation's new import (and the one it replaced)."""

    submission_id: int
    organisation_id: int
    import_id: int
    previous_import_id: int | None
    row_count: int
    replaced_cells: int


def _note(note: str | None, required: bool) -> str | None:
    text = (note or "").strip()
    if required and not text:
        raise PortalError("geef een toelichting: de partner leest waarom de inzending is afgewezen")
    if len(text) > MAX_NOTE_LENGTH:
        raise PortalError(f"de toelichting is langer dan {MAX_NOTE_LENGTH} tekens")
    return text or None


def _lock_for_review(cur: psycopg.Cursor, user: User | None, submission_id: int,
                     areas: AreaRegistry | None) -> tuple[Organisation, Submission]:
    """Lock the submission's organisation and the submission; check access and state."""
    access.require(user, "review_submission", None, areas)
    row = cur.execute("SELECT organisation_id FROM submissions WHERE submission_id = %s", [submission_id]).fetchone()
    if row is None:
        raise NotFound(f"inzending {submission_id} bestaat niet")
    organisation = lock_organisation(cur, int(row[0]))
    cur.execute("SELECT 1 FROM submissions WHERE submission_id = %s FOR UPDATE", [submission_id])
    submission = load(cur, submission_id, with_rows=False)
    access.require(user, "review_submission", submission, areas)
    if submission.state != SUBMITTED:
        raise PortalError(f"inzending {submission_id} is al {submission.state}; alleen een ingediende inzending "
                          "kan worden beoordeeld")
    return organisation, submission


def _mark_reviewed(cur: psycopg.Cursor, user: User, submission_id: int, state: str, note: str | None) -> None:
    now = now_utc()
    cur.execute("UPDATE submissions SET state = %s, reviewed_by = %s, reviewed_at = %s, review_note = %s "
                "WHERE submission_id = %s", [state, user.id, now, note, submission_id])
    add_event(cur, submission_id, user.id, state, note, now)


def reject(pg: PgStore, user: User | None, submission_id: int, note: str,
           areas: AreaRegistry | None = None) -> Submission:
    """Reject a submitted submission with a required note; returns it as it is now."""
    text = _note(note, required=True)
    with pg.transaction() as cur:
        _lock_for_review(cur, user, submission_id, areas)
        assert user is not None
        _mark_reviewed(cur, user, submission_id, REJECTED, text)
        return load(cur, submission_id, with_rows=False)


def approve(pg: PgStore, user: User | None, submission_id: int, note: str | None, catalogues: Catalogues,
            areas: AreaRegistry) -> Approval:
    """Approve a submitted submission and rebuild its organisation's import (see the module docstring)."""
    text = _note(note, required=False)
    with pg.transaction() as cur:
        organisation, submission = _lock_for_review(cur, user, submission_id, areas)
        assert user is not None
        cur.execute("SELECT pg_advisory_xact_lock(%s)", [_APPROVAL_LOCK])
        problems = _conflicts(cur, submission, catalogues)
        if problems:
            raise InputError(problems, summary=f"inzending {submission_id} kan niet worden goedgekeurd: "
                             f"{len(problems)} {'probleem' if len(problems) == 1 else 'problemen'}")
        cur.execute(
            "UPDATE submission_rows o SET replaced_by = n.submission_id FROM submission_rows n, submissions os "
            "WHERE n.submission_id = %s AND o.organisation_id = n.organisation_id AND o.indicator = n.indicator "
            "AND o.area_code = n.area_code AND o.period = n.period AND o.submission_id = os.submission_id "
            "AND os.state = %s AND o.replaced_by IS NULL", [submission_id, APPROVED])
        replaced_cells = cur.rowcount
        now = now_utc()
        cur.execute(
            "UPDATE submissions s SET state = %s WHERE organisation_id = %s AND state = %s AND NOT EXISTS "
            "(SELECT 1 FROM submission_rows r WHERE r.submission_id = s.submission_id AND r.replaced_by IS NULL) "
            "RETURNING submission_id", [REPLACED, organisation.id, APPROVED])
        for (replaced_id,) in cur.fetchall():
            add_event(cur, replaced_id, user.id, REPLACED, f"vervangen door inzending {submission_id}", now)
        _mark_reviewed(cur, user, submission_id, APPROVED, text)
        import_id, rows = _rebuild_import(cur, organisation, submission_id)
    return Approval(submission_id, organisation.id, import_id, organisation.import_id, rows, replaced_cells)


def _conflicts(cur: psycopg.Cursor, submission: Submission, catalogues: Catalogues) -> list[Problem]:
    """Cells with a newer approved version of the organisation or an approved value of another one, and
    measures no longer in the catalogues."""
    problems = []
    cur.execute(
        "SELECT DISTINCT n.source_row, n.indicator, n.area_code, n.period, o.organisation_id = n.organisation_id "
        "FROM submission_rows n JOIN submission_rows o ON o.indicator = n.indicator AND o.area_code = n.area_code "
        "AND o.period = n.period AND o.replaced_by IS NULL JOIN submissions os ON os.submission_id = o.submission_id "
        "WHERE n.submission_id = %s AND os.state = %s "
        "AND (o.organisation_id <> n.organisation_id OR o.version > n.version) ORDER BY n.source_row",
        [submission.id, APPROVED])
    for source_row, indicator, area_code, period, own in cur.fetchall():
        message = "er is al een nieuwere versie van deze cel goedgekeurd" if own else APPROVED_ELSEWHERE
        problems.append(Problem(submission.file_name, message, line=source_row, column="indicator",
                                value=f"{indicator} {area_code} {period}"))
    cur.execute("SELECT DISTINCT indicator FROM submission_rows WHERE submission_id = %s", [submission.id])
    for (indicator,) in cur.fetchall():
        try:
            catalogues.measure(indicator)
        except UnknownIndicator as exc:
            problems.append(Problem(submission.file_name, str(exc), column="indicator", value=indicator))
    return problems


def _rebuild_import(cur: psycopg.Cursor, organisation: Organisation, submission_id: int) -> tuple[int, int]:
    """Replace the organisation's import by one holding its current approved cells; (import id, rows)."""
    cur.execute(
        "SELECT r.area_input, r.indicator, r.area_code, r.period_start, r.period_end, r.reference_date, "
        "r.numerator, r.denominator, r.status FROM submission_rows r JOIN submissions s USING (submission_id) "
        "WHERE r.organisation_id = %s AND s.state = %s AND r.replaced_by IS NULL "
        "ORDER BY r.indicator, r.area_code, r.period_start, r.period_end, r.reference_date",
        [organisation.id, APPROVED])
    cells = cur.fetchall()
    content = "\n".join("|".join("" if v is None else str(v) for v in cell) for cell in cells)
    digest = hashlib.sha256(f"{content}\ninzending {submission_id}".encode()).hexdigest()
    if organisation.import_id is not None:
        cur.execute("DELETE FROM aggregate_rows WHERE import_id = %s", [organisation.import_id])
        cur.execute("DELETE FROM imports WHERE import_id = %s", [organisation.import_id])
    import_id = PgStore.add_import(cur, IMPORT_KIND, f"{IMPORT_KIND} {organisation.name} t/m inzending {submission_id}",
                                   digest, len(cells))
    with cur.copy(f"COPY aggregate_rows ({', '.join(AGGREGATE_COLUMNS)}) FROM STDIN") as copy:
        for number, (area_input, indicator, area_code, start, end, reference, numerator, denominator, status) \
                in enumerate(cells, start=1):
            copy.write_row((import_id, number, indicator, area_input, area_code, start, end, reference, numerator,
                            denominator, status))
    cur.execute("UPDATE organisations SET import_id = %s WHERE organisation_id = %s", [import_id, organisation.id])
    return import_id, len(cells)
