"""Import programme facts (CSV/XLSX) into the registry tables of the store; all or nothing.

A registry file has one fact per row::

    feit;onderwerp;waarde;geldig vanaf
    impuls_tranche_1;Utrecht;ja;01-01-2019
    coalitie;GM0344;ja;15-09-2020
    centering_pregnancy;Verloskundigenpraktijk De Wieg;ja;01-10-2020
    aantal_verloskundigenpraktijken;NL01;579;01-10-2020

``onderwerp`` (also ``gebied``, ``gemeente``, ``organisatie``, ``praktijk``) is a gemeente code or
name for gemeente facts (it must exist in the year of ``geldig vanaf``), a practice or organisation
name, or ``NL01``/``Nederland`` for counts of the whole country. Every problem names
file:row:column and the value; a file with any problem imports nothing. A file imported before (same
SHA-256) is skipped. History is kept: a later ``geldig vanaf`` replaces a fact from that date on,
earlier dates keep their value.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from kansrijk.areas import AreaLookup, AreaRegistry
from kansrijk.errors import InputError, InvalidNumber, InvalidPeriod, Problem, UnknownArea
from kansrijk.intake.append import register_imports
from kansrijk.intake.columns import map_columns, parse_each, summary, text_of
from kansrijk.intake.outcome import ImportOutcome
from kansrijk.intake.tabular import Cell, Row, Table, excel_serial_date, parse_number, read_table
from kansrijk.periods import parse_period
from kansrijk.programme.facts import COUNTRY, GEMEENTE, KINDS, FactKind, fact_kind
from kansrijk.store import Store

REGISTRY = "registry"
NATIONAL = "NL01"

REGISTRY_SCHEMA = """
CREATE TABLE IF NOT EXISTS registry_facts (
    import_id INTEGER NOT NULL,
    source_row INTEGER NOT NULL,
    fact VARCHAR NOT NULL,
    subject_kind VARCHAR NOT NULL,
    subject VARCHAR NOT NULL,
    subject_input VARCHAR NOT NULL,
    value VARCHAR NOT NULL,
    valid_from DATE NOT NULL
);
"""
FACT_COLUMNS = ["import_id", "source_row", "fact", "subject_kind", "subject", "subject_input", "value", "valid_from"]

COLUMNS: dict[str, tuple[str, ...]] = {
    "fact": ("feit", "fact", "soort"),
    "subject": ("onderwerp", "gebied", "gemeente", "organisatie", "praktijk", "subject"),
    "value": ("waarde", "value"),
    "valid_from": ("geldig vanaf", "geldig_vanaf", "peildatum", "datum", "valid_from"),
}
Facts = dict[str, dict[str, str]]  # fact kind -> subject -> value, as true on one day
DUTCH_NAME = {"fact": "feit", "subject": "onderwerp", "value": "waarde", "valid_from": "geldig vanaf"}


@dataclass(frozen=True)
class Fact:
    """One validated fact: from ``valid_from`` on, ``fact`` of ``subject`` is ``value``."""

    fact: str
    subject_kind: str
    subject: str
    subject_input: str
    value: str
    valid_from: date
    source_row: int


@dataclass(frozen=True)
class RegistryFile:
    """A fully validated registry file."""

    file_name: str
    sha256: str
    facts: list[Fact]


def ensure_programme_schema(store: Store) -> None:
    """Create the registry tables in ``store`` when they are not there yet."""
    store.con.execute(REGISTRY_SCHEMA)


def parse_date(value: Cell) -> date:
    """A date cell: an XLSX date, an Excel serial number, ``2020-10-01`` or ``1-10-2020``.

    Raises :class:`InvalidPeriod` for a year or range (a fact needs a day) and anything else.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 9999:
        return excel_serial_date(value)
    period = parse_period(value)
    if period.reference_date is None:
        raise InvalidPeriod(f"geen datum: {text_of(value)!r} (verwacht bv. 01-10-2020)")
    return period.reference_date


class _Checker:
    def __init__(self, table: Table, columns: dict[str, str], areas: AreaRegistry) -> None:
        self.table = table
        self.columns = columns
        self.areas = AreaLookup(areas)
        self.problems: list[Problem] = []
        self.seen: dict[tuple[str, str, date], int] = {}

    def _cell(self, row: Row, field_name: str) -> Cell:
        return row.get(self.columns[field_name])

    def _problem(self, row: Row, field_name: str | None, message: str, value: object = None) -> None:
        column = self.table.as_written(self.columns[field_name]) if field_name else None
        self.problems.append(Problem(self.table.file_name, message, line=row.number, column=column, value=value))

    def check(self, row: Row) -> Fact | None:
        before = len(self.problems)
        kind = self._kind(row)
        valid_from = self._date(row)
        subject = self._subject(row, kind, valid_from)
        value = self._value(row, kind)
        if len(self.problems) > before or kind is None or valid_from is None or subject is None or value is None:
            return None
        key = (kind.key, subject, valid_from)
        if key in self.seen:
            self._problem(row, None, f"dubbele rij: feit, onderwerp en datum staan ook in rij {self.seen[key]}",
                          f"{kind.key} {subject} {valid_from.isoformat()}")
            return None
        self.seen[key] = row.number
        return Fact(kind.key, kind.subject, subject, text_of(self._cell(row, "subject")), value, valid_from, row.number)

    def _kind(self, row: Row) -> FactKind | None:
        raw = text_of(self._cell(row, "fact"))
        if not raw:
            self._problem(row, "fact", "feit ontbreekt")
            return None
        kind = fact_kind(raw)
        if kind is None:
            self._problem(row, "fact", f"onbekend feit; kies uit {', '.join(KINDS)}", raw)
        return kind

    def _date(self, row: Row) -> date | None:
        value = self._cell(row, "valid_from")
        if value is None:
            self._problem(row, "valid_from", "datum ontbreekt")
            return None
        try:
            day = parse_date(value)
        except (InvalidPeriod, InvalidNumber) as exc:
            self._problem(row, "valid_from", str(exc), text_of(value))
            return None
        if day > date.today():
            self._problem(row, "valid_from", f"datum {day.day}-{day.month}-{day.year} ligt in de toekomst",
                          text_of(value))
            return None
        return day

    def _subject(self, row: Row, kind: FactKind | None, valid_from: date | None) -> str | None:
        raw = text_of(self._cell(row, "subject"))
        if not raw:
            self._problem(row, "subject", "onderwerp ontbreekt")
            return None
        if kind is None:
            return None
        if kind.subject in (GEMEENTE, COUNTRY):
            level = "gemeente" if kind.subject == GEMEENTE else "land"
            try:
                area = self.areas.resolve(raw, valid_from.year if valid_from else None, level=level)
            except UnknownArea as exc:
                self._problem(row, "subject", str(exc), raw)
                return None
            if area.level != level:
                self._problem(row, "subject", f"dit feit gaat over een {'gemeente' if level == 'gemeente' else 'heel Nederland (NL01)'}, "
                              f"niet over een {area.level}", raw)
                return None
            return area.code
        return " ".join(raw.split())

    def _value(self, row: Row, kind: FactKind | None) -> str | None:
        cell = self._cell(row, "value")
        raw = text_of(cell)
        if kind is None:
            return None
        if not raw:
            self._problem(row, "value", "waarde ontbreekt")
            return None
        if kind.is_count:
            try:
                number = parse_number(cell)
            except InvalidNumber:
                number = None
            if number is None or number < 0 or not number.is_integer():
                self._problem(row, "value", "geen geheel aantal", raw)
                return None
            return str(int(number))
        word = " ".join(raw.lower().split())
        assert isinstance(kind.values, tuple)
        if word not in kind.values:
            self._problem(row, "value", f"ongeldige waarde voor {kind.key}; kies uit {', '.join(kind.values)}", raw)
            return None
        return word


def parse_programme(path: Path, areas: AreaRegistry) -> RegistryFile:
    """Read and validate a registry file (CSV or XLSX); raises :class:`InputError` with every problem."""
    path = Path(path)
    table = read_table(path)
    columns = map_columns(table, COLUMNS, tuple(COLUMNS), DUTCH_NAME)
    checker = _Checker(table, columns, areas)
    facts = [f for f in (checker.check(row) for row in table.rows) if f is not None]
    if not table.rows:
        checker.problems.append(table.problem(None, "het bestand bevat geen gegevensrijen"))
    if checker.problems:
        raise InputError(checker.problems, summary=summary(table.file_name, checker.problems))
    return RegistryFile(table.file_name, hashlib.sha256(path.read_bytes()).hexdigest(), facts)


def import_programme(store: Store, paths: Sequence[Path], areas: AreaRegistry,
                    synthetic: bool = False) -> list[ImportOutcome]:
    """Validate every file, then write all in one transaction; any problem in any file imports nothing."""
    parsed = parse_each(paths, lambda path: parse_programme(path, areas))
    ensure_programme_schema(store)
    return register_imports(store, REGISTRY, [(item.file_name, item.sha256, item.facts) for item in parsed],
                            write_facts, synthetic)


def write_facts(con: object, import_id: int, facts: Sequence[Fact]) -> None:
    """Insert ``facts`` under ``import_id`` (inside the caller's transaction)."""
    frame = pd.DataFrame(
        [(import_id, f.source_row, f.fact, f.subject_kind, f.subject, f.subject_input, f.value, f.valid_from)
         for f in facts],
        columns=FACT_COLUMNS,
    )
    con.register("incoming_facts", frame)  # type: ignore[attr-defined]
    con.execute("INSERT INTO registry_facts SELECT * FROM incoming_facts")  # type: ignore[attr-defined]
    con.unregister("incoming_facts")  # type: ignore[attr-defined]


def facts_on(store: Store, day: date) -> Facts:
    """Every registry fact as true on ``day`` (the latest ``geldig vanaf`` on or before it)."""
    rows = store.con.execute(
        """
        SELECT fact, subject, value FROM (
            SELECT f.*, row_number() OVER (
                PARTITION BY f.fact, f.subject
                ORDER BY f.valid_from DESC, f.import_id DESC, f.source_row DESC) AS rank
            FROM registry_facts f WHERE f.valid_from <= ?
        ) WHERE rank = 1
        """,
        [day],
    ).fetchall()
    out: Facts = {}
    for fact, subject, value in rows:
        out.setdefault(fact, {})[subject] = value
    return out
