"""Submissions: a partner's counts, stored whole with who and when, versioned per cell.

API (the web layer calls these):

- ``submit_form(pg, user, cells, idempotency_key, catalogues, areas) -> Submission``
- ``submit_file(pg, user, file_name, data, idempotency_key, catalogues, areas) -> Submission``
- ``list_for(pg, user, state=None) -> list[Submission]``: a partner's own, a coordinator's region's
- ``get(pg, user, submission_id) -> Submission`` with its rows; ``history(pg, user, submission_id)``
  (``events(con, submission_id)`` without the access check)
- ``diff(pg, submission_id) -> list[CellChange]``: old and new value per cell

Validation is that of :mod:`kansrijk.portal.validation` (the aggregate-import rules plus the
organisation's rules); a refused submission stores nothing. A submission and its rows are written in
one transaction, with the organisation's row locked, so submissions of one organisation are numbered
one after the other: every cell (measure, gemeente, period) of a submission gets version 1 + the
number of earlier versions of that cell for the organisation. The idempotency key is unique per user:
sending the same key again (a double POST) returns the first submission and stores nothing.

A submission that changes a cell the organisation already has approved is a correction
(``is_correction``); :func:`diff` shows the approved value beside the new one. Rows are never
changed or deleted; an approval only marks the rows it replaces (``replaced_by``), see
:mod:`kansrijk.portal.review`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import psycopg

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.errors import InputError, NotFound, PortalError
from kansrijk.intake.aggregates import AggregateRow
from kansrijk.portal import access
from kansrijk.portal.accounts import ORG_COLUMNS, Organisation, User, now_utc, organisation_from_row
from kansrijk.portal.schema import APPROVED, REPLACED, SUBMITTED
from kansrijk.portal.validation import (
    Checked,
    FormCell,
    cell_keys,
    check_form,
    check_upload,
    organisation_problems,
    refusal_summary,
    temporary_folder,
)
from kansrijk.server.pgstore import PgStore

MAX_KEY_LENGTH = 200
ROW_COLUMNS = ("submission_id", "organisation_id", "source_row", "indicator", "area_input", "area_code", "period",
               "period_start", "period_end", "reference_date", "numerator", "denominator", "status", "version")


@dataclass(frozen=True)
class SubmissionRow:
    """One submitted figure and its version; ``replaced_by`` is the approval that replaced it."""

    source_row: int
    indicator: str
    area_input: str
    area_code: str
    period: str
    period_start: int
    period_end: int
    reference_date: date | None
    numerator: float | None
    denominator: float | None
    status: str
    version: int
    replaced_by: int | None

    @property
    def replaced(self) -> bool:
        return self.replaced_by is not None


@dataclass(frozen=True)
class Submission:
    """A submission: whose, from what, when, its state and review; ``rows`` only from :func:`get`."""

    id: int
    organisation: Organisation
    user_id: int
    user_name: str
    source: str
    file_name: str
    sha256: str
    row_count: int
    is_correction: bool
    state: str
    submitted_at: datetime
    reviewed_by: int | None
    reviewer_name: str | None
    reviewed_at: datetime | None
    review_note: str | None
    rows: tuple[SubmissionRow, ...] = ()


@dataclass(frozen=True)
class CellChange:
    """A cell of a submission beside the approved value it would replace (or replaced)."""

    indicator: str
    area_code: str
    period: str
    version: int
    numerator: float | None
    denominator: float | None
    status: str
    old_numerator: float | None = None
    old_denominator: float | None = None
    old_status: str | None = None
    old_version: int | None = None
    old_submission_id: int | None = None

    @property
    def is_new(self) -> bool:
        """No approved value before."""
        return self.old_submission_id is None

    @property
    def changed(self) -> bool:
        """An approved value existed and differs from this one."""
        return not self.is_new and (self.old_numerator, self.old_denominator, self.old_status) != (
            self.numerator, self.denominator, self.status)


@dataclass(frozen=True)
class Event:
    """One step in a submission's history."""

    state: str
    user_id: int | None
    user_name: str | None
    note: str | None
    at: datetime


# -- submitting -----------------------------------------------------------------------------------


def submit_form(pg: PgStore, user: User, cells: Sequence[FormCell | Mapping[str, object]], idempotency_key: str,
                catalogues: Catalogues, areas: AreaRegistry) -> Submission:
    """Submit form cells (see :class:`~kansrijk.portal.validation.FormCell`); InputError stores nothing."""
    existing = _prepare(pg, user, idempotency_key, areas)
    if existing is not None:
        return existing
    with temporary_folder() as folder:
        checked = check_form(cells, Path(folder), catalogues, areas)
        return _store(pg, user, checked, idempotency_key, areas)


def submit_file(pg: PgStore, user: User, file_name: str, data: bytes, idempotency_key: str,
                catalogues: Catalogues, areas: AreaRegistry) -> Submission:
    """Submit an uploaded CSV or XLSX (its bytes and original name); InputError stores nothing."""
    existing = _prepare(pg, user, idempotency_key, areas)
    if existing is not None:
        return existing
    with temporary_folder() as folder:
        checked = check_upload(file_name, data, Path(folder), catalogues, areas)
        return _store(pg, user, checked, idempotency_key, areas)


def _prepare(pg: PgStore, user: User, key: str, areas: AreaRegistry) -> Submission | None:
    """Check the user may submit and the key is usable; the earlier submission with this key, if any."""
    access.require(user, "submit", None, areas)
    if not key or not key.strip() or len(key) > MAX_KEY_LENGTH:
        raise PortalError("ongeldige inzendsleutel; laad het formulier opnieuw")
    found = _id_by_key(pg.con, user.id, key)
    return None if found is None else get(pg, user, found, areas, with_rows=False)


def _id_by_key(con: psycopg.Connection | psycopg.Cursor, user_id: int, key: str) -> int | None:
    row = con.execute("SELECT submission_id FROM submissions WHERE user_id = %s AND idempotency_key = %s",
                      [user_id, key]).fetchone()
    return None if row is None else int(row[0])


def lock_organisation(cur: psycopg.Cursor, organisation_id: int) -> Organisation:
    """Lock the organisation's row until the end of the transaction (one writer per organisation)."""
    cur.execute(f"SELECT {ORG_COLUMNS} FROM organisations WHERE organisation_id = %s FOR UPDATE",
                [organisation_id])
    row = cur.fetchone()
    if row is None:
        raise NotFound(f"organisatie {organisation_id} bestaat niet")
    return organisation_from_row(row)


def _store(pg: PgStore, user: User, checked: Checked, key: str, areas: AreaRegistry) -> Submission:
    assert user.organisation_id is not None
    with pg.transaction() as cur:
        organisation = lock_organisation(cur, user.organisation_id)
        access.require(user, "submit", organisation, areas)
        found = _id_by_key(cur, user.id, key)  # a concurrent double POST committed while we waited
        if found is not None:
            submission_id = found
        else:
            problems = organisation_problems(cur, organisation, checked, areas)
            if problems:
                raise InputError(problems, summary=refusal_summary(checked.file.file_name, problems))
            submission_id = _insert(cur, user, organisation, checked, key)
    return get(pg, user, submission_id, areas, with_rows=False)


def _insert(cur: psycopg.Cursor, user: User, organisation: Organisation, checked: Checked, key: str) -> int:
    rows = checked.file.rows
    cur.execute(
        "SELECT indicator, area_code, period, max(version) FROM submission_rows "
        "JOIN unnest(%s::text[], %s::text[], %s::text[]) AS c(indicator, area_code, period) "
        "USING (indicator, area_code, period) WHERE organisation_id = %s GROUP BY 1, 2, 3",
        [*cell_keys(rows), organisation.id],
    )
    versions = {(i, a, p): int(v) for i, a, p, v in cur.fetchall()}
    approved = current_approved(cur, organisation.id, rows)
    is_correction = any(
        (r.indicator, r.area_code, r.period.label) in approved
        and approved[(r.indicator, r.area_code, r.period.label)] != (r.numerator, r.denominator, r.status)
        for r in rows
    )
    now = now_utc()
    sha256 = checked.file.sha256
    cur.execute(
        "INSERT INTO submissions (organisation_id, user_id, idempotency_key, source, file_name, sha256, row_count, "
        "is_correction, state, submitted_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING submission_id",
        [organisation.id, user.id, key, checked.source, checked.file.file_name, sha256, len(rows), is_correction,
         SUBMITTED, now],
    )
    submission_id = int(cur.fetchone()[0])  # type: ignore[index]
    with cur.copy(f"COPY submission_rows ({', '.join(ROW_COLUMNS)}) FROM STDIN") as copy:
        for r in rows:
            copy.write_row((
                submission_id, organisation.id, r.source_row, r.indicator, r.area_input, r.area_code, r.period.label,
                r.period.start, r.period.end, r.period.reference_date, r.numerator, r.denominator, r.status,
                versions.get((r.indicator, r.area_code, r.period.label), 0) + 1,
            ))
    add_event(cur, submission_id, user.id, SUBMITTED, None, now)
    return submission_id


def current_approved(cur: psycopg.Cursor, organisation_id: int,
                     rows: Sequence[AggregateRow]) -> dict[tuple[str, str, str], tuple[float | None, float | None, str]]:
    """(indicator, area, period) -> (numerator, denominator, status) approved now for these cells."""
    cur.execute(
        "SELECT r.indicator, r.area_code, r.period, r.numerator, r.denominator, r.status FROM submission_rows r "
        "JOIN submissions s USING (submission_id) "
        "JOIN unnest(%s::text[], %s::text[], %s::text[]) AS c(indicator, area_code, period) "
        "USING (indicator, area_code, period) "
        "WHERE r.organisation_id = %s AND s.state = %s AND r.replaced_by IS NULL",
        [*cell_keys(rows), organisation_id, APPROVED],
    )
    return {(i, a, p): (n, d, s) for i, a, p, n, d, s in cur.fetchall()}


def add_event(cur: psycopg.Cursor, submission_id: int, user_id: int | None, state: str, note: str | None,
              at: datetime) -> None:
    """Record a step in a submission's history."""
    cur.execute("INSERT INTO submission_events (submission_id, user_id, state, note, at) VALUES (%s, %s, %s, %s, %s)",
                [submission_id, user_id, state, note, at])


# -- reading --------------------------------------------------------------------------------------

_SELECT = (
    "SELECT s.submission_id, s.user_id, u.name, s.source, s.file_name, s.sha256, s.row_count, s.is_correction, "
    "s.state, s.submitted_at, s.reviewed_by, r.name, s.reviewed_at, s.review_note, "
    + ", ".join(f"o.{c.strip()}" for c in ORG_COLUMNS.split(","))
    + " FROM submissions s JOIN users u ON u.user_id = s.user_id "
    "LEFT JOIN users r ON r.user_id = s.reviewed_by JOIN organisations o ON o.organisation_id = s.organisation_id"
)


def _submission(row: Sequence[object], rows: tuple[SubmissionRow, ...] = ()) -> Submission:
    head, org = row[:14], row[14:]
    return Submission(int(head[0]), organisation_from_row(org), int(head[1]), str(head[2]),  # type: ignore[arg-type]
                      *head[3:], rows=rows)  # type: ignore[arg-type]


def load(con: psycopg.Connection | psycopg.Cursor, submission_id: int, with_rows: bool = True) -> Submission:
    """The submission with this id (no access check); :class:`NotFound` if there is none."""
    row = con.execute(_SELECT + " WHERE s.submission_id = %s", [submission_id]).fetchone()
    if row is None:
        raise NotFound(f"inzending {submission_id} bestaat niet")
    rows: tuple[SubmissionRow, ...] = ()
    if with_rows:
        rows = tuple(SubmissionRow(*r) for r in con.execute(
            "SELECT source_row, indicator, area_input, area_code, period, period_start, period_end, reference_date, "
            "numerator, denominator, status, version, replaced_by FROM submission_rows WHERE submission_id = %s "
            "ORDER BY source_row", [submission_id]).fetchall())
    return _submission(row, rows)


def get(pg: PgStore, user: User | None, submission_id: int, areas: AreaRegistry | None = None,
        with_rows: bool = True) -> Submission:
    """The submission with its rows, if ``user`` may see it (AccessDenied otherwise, NotFound if none)."""
    access.require(user, "view_submission", None, areas)
    submission = load(pg.con, submission_id, with_rows)
    access.require(user, "view_submission", submission, areas)
    return submission


def list_for(pg: PgStore, user: User | None, state: str | None = None,
             areas: AreaRegistry | None = None) -> list[Submission]:
    """The submissions ``user`` may see, newest first: a partner its organisation's, a coordinator those
    of organisations in its region; optionally only those in ``state``."""
    access.require(user, "view_own_submissions", None, areas)
    assert user is not None
    own = user.organisation_id if user.role == access.PARTNER else None
    rows = pg.con.execute(_SELECT + " WHERE (%s::text IS NULL OR s.state = %s) AND (%s::int IS NULL OR "
                          "s.organisation_id = %s) ORDER BY s.submitted_at DESC, s.submission_id DESC",
                          [state, state, own, own]).fetchall()
    found = [_submission(r) for r in rows]
    return [s for s in found if access.can(user, "view_own_submissions", s.organisation, areas)]


def history(pg: PgStore, user: User | None, submission_id: int, areas: AreaRegistry | None = None) -> list[Event]:
    """Every step of a submission, oldest first (same access as :func:`get`)."""
    get(pg, user, submission_id, areas, with_rows=False)
    return events(pg.con, submission_id)


def events(con: psycopg.Connection | psycopg.Cursor, submission_id: int) -> list[Event]:
    """Every step of a submission, oldest first (no access check: call :func:`get` first)."""
    return [Event(*r) for r in con.execute(
        "SELECT e.state, e.user_id, u.name, e.note, e.at FROM submission_events e "
        "LEFT JOIN users u USING (user_id) WHERE e.submission_id = %s ORDER BY e.at, e.event_id",
        [submission_id]).fetchall()]


def diff(pg: PgStore, submission_id: int) -> list[CellChange]:
    """Per cell of the submission: its value beside the approved value it replaces.

    For an approved submission the old value is the one it replaced; for any other the value that
    is approved now (what an approval would replace). No access check: call :func:`get` first.
    """
    submission = load(pg.con, submission_id, with_rows=False)
    if submission.state in (APPROVED, REPLACED):
        condition = "o.replaced_by = n.submission_id"
    else:
        condition = f"o.replaced_by IS NULL AND os.state = '{APPROVED}'"
    rows = pg.con.execute(
        "SELECT n.indicator, n.area_code, n.period, n.version, n.numerator, n.denominator, n.status, "
        "o.numerator, o.denominator, o.status, o.version, o.submission_id "
        "FROM submission_rows n LEFT JOIN (submission_rows o JOIN submissions os USING (submission_id)) "
        f"ON o.organisation_id = n.organisation_id AND o.indicator = n.indicator AND o.area_code = n.area_code "
        f"AND o.period = n.period AND o.submission_id <> n.submission_id AND {condition} "
        "WHERE n.submission_id = %s ORDER BY n.source_row",
        [submission_id],
    ).fetchall()
    return [CellChange(*r) for r in rows]
