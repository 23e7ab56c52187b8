"""Checking what a partner submits: the rules of the aggregate import, then the organisation's own rules.

An upload (CSV or XLSX) is written to a temporary file under its own name and read by
:func:`kansrijk.intake.aggregates.parse_aggregates`, so it meets exactly the rules and messages of
``kansrijk import``. Form cells are written as the same kind of table (columns ``indicator``,
``gemeente``, ``jaar``, ``teller``, ``noemer``, ``status``) and read the same way; their problems are
then located by the cell's position in the form (``Rij 3, kolom 'teller'``) instead of a file line. A
form cell with no teller, noemer or status is not filled in and is left out (a grid is never filled
completely); a form without any filled cell is refused.

On top of that, :func:`organisation_problems` checks what the organisation may submit: only its own
measures, only gemeenten (no regions), only the gemeenten it serves (a gemeente of an earlier year
counts when it was merged into one of them), and no cell that another organisation already has
approved. Every problem names row, column and value; :class:`~kansrijk.errors.InputError` carries all.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import psycopg

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.errors import InputError, Problem, UnknownArea
from kansrijk.intake.aggregates import COLUMNS, AggregateFile, AggregateRow, parse_aggregates
from kansrijk.intake.tabular import MB, Limits, Table, read_table
from kansrijk.portal.accounts import Organisation
from kansrijk.portal.schema import APPROVED
from kansrijk.programme.intake import text_of

FORM = "formulier"
UPLOAD = "bestand"
FORM_HEADERS = {"indicator": "indicator", "area": "gemeente", "period": "jaar", "numerator": "teller",
                "denominator": "noemer", "status": "status"}
MAX_UPLOAD_BYTES = 5 * MB
# A partner's submission is a few hundred rows; anything far beyond is refused within a second or two.
UPLOAD_LIMITS = Limits(max_bytes=MAX_UPLOAD_BYTES, max_unpacked=20 * MB, max_rows=20_000, max_columns=50,
                       max_cell=1_000, max_sheets=20)
APPROVED_ELSEWHERE = "voor deze indicator, gemeente en periode is al een cijfer van een andere organisatie goedgekeurd"


@dataclass(frozen=True)
class FormCell:
    """One filled-in cell of the portal form: a measure for a gemeente in a year, with its counts."""

    measure: str
    gemeente: str
    year: int | str
    teller: str | float | int | None = None
    noemer: str | float | int | None = None
    status: str | None = None

    @property
    def is_empty(self) -> bool:
        return all(_blank(v) for v in (self.teller, self.noemer, self.status))


@dataclass(frozen=True)
class Checked:
    """A validated submission: its rows, where they came from, and how to locate a problem in it."""

    source: str  # FORM or UPLOAD
    file: AggregateFile
    path: Path

    @cached_property
    def _table(self) -> Table:
        return read_table(self.path, limits=UPLOAD_LIMITS)

    def column(self, field_name: str) -> str:
        """The column of ``field_name`` (indicator, area, period...) as the user wrote or saw it."""
        if self.source == FORM:
            return FORM_HEADERS[field_name]
        header = next((h for h in self._table.headers if h in COLUMNS[field_name]), field_name)
        return self._table.as_written(header)

    def problem(self, row: AggregateRow, field_name: str, message: str, value: object) -> Problem:
        """A problem in ``row``'s ``field_name`` cell, located for the user (a form has no sheet)."""
        sheet = None if self.source == FORM else self._table.sheet
        return Problem(self.file.file_name, message, line=row.source_row, column=self.column(field_name),
                       value=value, sheet=sheet)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def refusal_summary(name: str, problems: Sequence[Problem], what: str = "ingediend") -> str:
    """The head line of a refusal: ``formulier: 2 problemen gevonden; niets ingediend``."""
    n = len(problems)
    return f"{name}: {n} {'probleem' if n == 1 else 'problemen'} gevonden; niets {what}"


def write_table(path: Path, headers: Iterable[str], rows: Iterable[Sequence[object]]) -> Path:
    """Write ``headers`` and ``rows`` as a semicolon CSV at ``path``, to be read like an imported file."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def check_form(cells: Sequence[FormCell | Mapping[str, object]], folder: Path, catalogues: Catalogues,
               areas: AreaRegistry) -> Checked:
    """Validate form cells (FormCell or mappings with the same keys) like an import file; all or nothing."""
    typed = [c if isinstance(c, FormCell) else FormCell(**c) for c in cells]  # type: ignore[arg-type]
    filled = [(position, c) for position, c in enumerate(typed, start=1) if not c.is_empty]
    if not filled:
        problem = Problem(FORM, "het formulier bevat geen ingevulde cijfers")
        raise InputError([problem], summary=refusal_summary(FORM, [problem]))
    path = write_table(folder / f"{FORM}.csv", FORM_HEADERS.values(), (
        [text_of(v) for v in (c.measure, c.gemeente, c.year, c.teller, c.noemer, c.status)]
        for _, c in filled))
    shown = {line: position for line, (position, _) in enumerate(filled, start=2)}
    try:
        parsed = parse_aggregates(path, catalogues, areas)
    except InputError as exc:
        problems = [replace(p, file=FORM, line=shown.get(p.line, p.line) if p.line is not None else None)
                    for p in exc.problems]
        raise InputError(problems, summary=refusal_summary(FORM, problems)) from None
    rows = [replace(r, source_row=shown[r.source_row]) for r in parsed.rows]  # the form's row numbers
    return Checked(FORM, replace(parsed, file_name=FORM, rows=rows), path)


def safe_file_name(file_name: str) -> str:
    """The last part of an uploaded file's name, without folders or control characters (``upload`` if
    nothing usable is left): it becomes a file name in the submission's temporary folder."""
    name = Path((file_name or "").replace("\\", "/")).name
    name = "".join(c for c in name if c.isprintable()).strip()
    if len(name) > 200:  # keep the extension: it says CSV or XLSX
        name = Path(name).stem[:180] + Path(name).suffix[:20]
    return "upload" if name in ("", ".", "..") else name


def check_upload(file_name: str, data: bytes, folder: Path, catalogues: Catalogues,
                 areas: AreaRegistry) -> Checked:
    """Validate an uploaded CSV or XLSX with the aggregate-import rules; all or nothing."""
    name = safe_file_name(file_name)
    if len(data) > MAX_UPLOAD_BYTES:
        problem = Problem(name, f"het bestand is groter dan {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
        raise InputError([problem], summary=refusal_summary(name, [problem]))
    path = folder / name
    path.write_bytes(data)
    return Checked(UPLOAD, parse_aggregates(path, catalogues, areas, UPLOAD_LIMITS), path)


def temporary_folder() -> tempfile.TemporaryDirectory[str]:
    """A private temporary folder for one submission's file (removed on exit)."""
    return tempfile.TemporaryDirectory(prefix="kansrijk-portaal-")


def organisation_problems(cur: psycopg.Cursor, organisation: Organisation, checked: Checked,
                          areas: AreaRegistry) -> list[Problem]:
    """What ``organisation`` may not submit of ``checked``: measures, areas, gemeenten, approved cells."""
    problems: list[Problem] = []
    allowed = set(organisation.measures)
    served = set(organisation.gemeenten)
    for row in checked.file.rows:
        if row.indicator not in allowed:
            problems.append(checked.problem(
                row, "indicator", f"uw organisatie levert {row.indicator} niet aan "
                f"(wel: {', '.join(organisation.measures)})", row.indicator))
        area = areas.get(row.area_code)
        if area.level != "gemeente":
            problems.append(checked.problem(
                row, "area", f"{area.name} ({area.code}) is geen gemeente; lever cijfers per gemeente aan",
                row.area_input))
        elif not _served(row, served, areas):
            problems.append(checked.problem(
                row, "area", f"uw organisatie levert geen cijfers voor gemeente {area.name} ({area.code})",
                row.area_input))
    problems.extend(approved_elsewhere(cur, organisation.id, checked))
    return problems


def _served(row: AggregateRow, served: set[str], areas: AreaRegistry) -> bool:
    if row.area_code in served:
        return True
    try:
        return areas.current_code(row.area_code, row.period.end) in served
    except UnknownArea:
        return False


def cell_keys(rows: Sequence[AggregateRow]) -> list[list[str]]:
    """The rows' cells (measure, gemeente, period) as three parallel lists, for ``unnest`` in SQL."""
    return [[r.indicator for r in rows], [r.area_code for r in rows], [r.period.label for r in rows]]


def approved_elsewhere(cur: psycopg.Cursor, organisation_id: int, checked: Checked) -> list[Problem]:
    """Problems for cells of ``checked`` that another organisation has an approved value for."""
    rows = checked.file.rows
    cur.execute(
        "SELECT DISTINCT r.indicator, r.area_code, r.period FROM submission_rows r "
        "JOIN submissions s USING (submission_id) "
        "JOIN unnest(%s::text[], %s::text[], %s::text[]) AS c(indicator, area_code, period) "
        "USING (indicator, area_code, period) "
        "WHERE r.organisation_id <> %s AND s.state = %s AND r.replaced_by IS NULL",
        [*cell_keys(rows), organisation_id, APPROVED],
    )
    taken = set(cur.fetchall())
    return [
        checked.problem(row, "indicator", APPROVED_ELSEWHERE, f"{row.indicator} {row.area_code} {row.period.label}")
        for row in rows if (row.indicator, row.area_code, row.period.label) in taken
    ]
