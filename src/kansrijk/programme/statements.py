"""Statements for text indicators (gm13, client experience): what interviewed people said, shown as
text with its theme and source, never counted.

File (CSV/XLSX), one row per statement: ``indicator`` (a catalogue indicator with ``unit: text``),
``gebied`` (the area the interviews were held in: a gemeente, a region or NL), ``jaar`` (the
interview round), ``thema`` (what the statement is about), ``bron`` (who said it, e.g. "moeder,
interview 2023") and ``uitspraak`` (the statement itself, at most 1.000 characters). Every file is
checked completely and imported as a whole or not at all.

Statements are published as given: the coordinator who collects them makes them anonymous, as 004
does ("Weergave van de reacties van geïnterviewde cliënten").
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kansrijk.areas import AreaLookup, AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.errors import InputError, InvalidPeriod, Problem, UnknownArea
from kansrijk.intake.append import append_imports
from kansrijk.intake.columns import map_columns, parse_each, summary, text_of
from kansrijk.intake.outcome import ImportOutcome
from kansrijk.intake.tabular import SURVEY_LIMITS, read_table
from kansrijk.store import Store

STATEMENTS = "uitspraken"
MAX_TEXT = 1000

SCHEMA = """
CREATE TABLE IF NOT EXISTS statements (
    import_id INTEGER NOT NULL,
    source_row INTEGER NOT NULL,
    indicator VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    area_input VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    theme VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    text VARCHAR NOT NULL
);
"""
COLUMNS = ["import_id", "source_row", "indicator", "area_code", "area_input", "year", "theme", "source", "text"]

HEADERS = {
    "indicator": ("indicator",),
    "area": ("gebied", "gemeente", "regio"),
    "year": ("jaar", "periode"),
    "theme": ("thema",),
    "source": ("bron",),
    "text": ("uitspraak", "tekst", "citaat"),
}


@dataclass(frozen=True)
class Statement:
    """One statement as a report shows it."""

    indicator: str
    area_code: str
    year: int
    theme: str
    source: str
    text: str


def ensure_statements_schema(store: Store) -> None:
    store.con.execute(SCHEMA)


def _parse(path: Path, catalogues: Catalogues, areas: AreaRegistry) -> tuple[str, str, list[tuple]]:
    table = read_table(path, limits=SURVEY_LIMITS)
    cols = map_columns(table, HEADERS, tuple(HEADERS))
    texts = {m.id for m in catalogues.measures() if m.unit == "text"}
    lookup = AreaLookup(areas)
    problems: list[Problem] = []
    rows: list[tuple] = []
    for row in table.rows:
        cell = {field: text_of(row.get(header)) for field, header in cols.items()}

        def problem(field: str, message: str) -> None:
            problems.append(Problem(table.file_name, message, row.number, table.as_written(cols[field]),
                                    cell[field][:80]))

        if cell["indicator"] not in texts:
            problem("indicator", f"geen tekstindicator; kies uit {', '.join(sorted(texts)) or '(geen)'}")
        year = int(cell["year"]) if cell["year"].isdigit() and len(cell["year"]) == 4 else None
        if year is None:
            problem("year", "geen jaar")
        else:
            try:
                areas.check_years(year, year)
            except InvalidPeriod as exc:
                problem("year", str(exc))
        try:
            code = lookup.resolve(cell["area"], year).code
        except UnknownArea as exc:
            problem("area", str(exc))
            code = ""
        for field in ("theme", "source", "text"):
            if not cell[field]:
                problem(field, f"{HEADERS[field][0]} is leeg")
            elif len(cell[field]) > MAX_TEXT:
                problem(field, f"{HEADERS[field][0]} is langer dan {MAX_TEXT} tekens")
        rows.append((row.number, cell["indicator"], code, cell["area"], year, cell["theme"], cell["source"],
                     cell["text"]))
    if problems:
        raise InputError(problems, summary=summary(table.file_name, problems))
    return table.file_name, hashlib.sha256(path.read_bytes()).hexdigest(), rows


def import_statements(store: Store, paths: Sequence[Path], catalogues: Catalogues, areas: AreaRegistry,
                      synthetic: bool = False) -> list[ImportOutcome]:
    """Check every file, then write them all in one transaction (or nothing)."""
    parsed = parse_each(paths, lambda p: _parse(p, catalogues, areas))
    ensure_statements_schema(store)
    return append_imports(store, STATEMENTS, "statements", COLUMNS, parsed, synthetic)


def all_statements(store: Store) -> list[Statement]:
    """Every statement, by indicator, area, newest year first, then in file order."""
    if not store.table_exists("statements"):
        return []
    found = store.query("SELECT indicator, area_code, year, theme, source, text FROM statements "
                        "ORDER BY indicator, area_code, year DESC, import_id, source_row")
    return [Statement(**r) for r in found]
