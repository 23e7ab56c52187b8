"""Contacts for the wegwijzer: where a (future) parent goes with which question, per gemeente, region
and for the whole country.

A coordinator keeps the regional template and the local additions as a file (CSV/XLSX), one row per
contact: ``gebied`` (a gemeente, a region, or NL), ``thema`` (one of :data:`THEMES`), ``naam``,
``telefoon`` and/or ``website``, and an optional ``toelichting`` (one plain sentence). A new import
holds the contacts of the areas it names from then on: for each area the latest import naming it
is the wegwijzer's current state (earlier rows stay in the store, as every import does). The
national contacts ship with kansrijk (``data/wegwijzer_landelijk.csv``: public services with their
published numbers); an imported NL row adds to them.

Every file is checked completely, each problem named with file, row, column and value; nothing is
stored when any row is wrong.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kansrijk.areas import NL_CODE, AreaLookup, AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.errors import InputError, Problem, UnknownArea
from kansrijk.intake.append import append_imports
from kansrijk.intake.columns import map_columns, parse_each, summary, text_of
from kansrijk.intake.outcome import ImportOutcome
from kansrijk.intake.tabular import SURVEY_LIMITS, read_table
from kansrijk.store import Store

CONTACTS = "contacten"
# The wegwijzer's sections, in order: theme key -> the question a parent asks (B1 Dutch).
THEMES = {
    "kinderwens": "Wil je zwanger worden, of juist (nog) niet?",
    "zwanger": "Ben je zwanger?",
    "baby": "Is je baby geboren?",
    "gezondheid": "Vragen over je gezondheid?",
    "opvoeden": "Vragen over opvoeden?",
    "geld": "Zorgen over geld, werk of wonen?",
    "somber": "Voel je je niet goed?",
    "veiligheid": "Is het thuis niet veilig?",
}
MAX_NAME, MAX_NOTE = 80, 160
_PHONE = re.compile(r"^[0-9][0-9 \-]{2,18}[0-9]$")
_WEBSITE = re.compile(r"^(https?://)?[a-z0-9]([a-z0-9\-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9\-]*[a-z0-9])?)+(/[\w\-./%]*)?$",
                      re.I)

SCHEMA = """
CREATE TABLE IF NOT EXISTS contacts (
    import_id INTEGER NOT NULL,
    source_row INTEGER NOT NULL,
    area_code VARCHAR NOT NULL,
    theme VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    phone VARCHAR NOT NULL,
    website VARCHAR NOT NULL,
    note VARCHAR NOT NULL
);
"""
COLUMNS = ["import_id", "source_row", "area_code", "theme", "name", "phone", "website", "note"]
HEADERS = {"area": ("gebied", "gemeente", "regio"), "theme": ("thema",), "name": ("naam",),
           "phone": ("telefoon", "telefoonnummer"), "website": ("website", "internet"),
           "note": ("toelichting", "uitleg")}


@dataclass(frozen=True)
class Contact:
    area_code: str
    theme: str
    name: str
    phone: str
    website: str
    note: str


def ensure_contacts_schema(store: Store) -> None:
    store.con.execute(SCHEMA)


def _check(cell: dict[str, str], problem: Callable[[str, str], None]) -> None:
    if cell["theme"] not in THEMES:
        problem("theme", f"onbekend thema; kies uit {', '.join(THEMES)}")
    if not cell["name"] or len(cell["name"]) > MAX_NAME:
        problem("name", f"naam moet 1 tot {MAX_NAME} tekens zijn")
    if not cell["phone"] and not cell["website"]:
        problem("phone", "geef een telefoonnummer of een website")
    if cell["phone"] and not _PHONE.match(cell["phone"]):
        problem("phone", "geen telefoonnummer (cijfers, spaties en streepjes)")
    if cell["website"] and (len(cell["website"]) > 200 or not _WEBSITE.match(cell["website"])):
        problem("website", "geen websiteadres (zoals gemeente.nl/jeugd)")
    if len(cell["note"]) > MAX_NOTE:
        problem("note", f"toelichting is langer dan {MAX_NOTE} tekens")


def _parse(path: Path, areas: AreaRegistry) -> tuple[str, str, list[tuple]]:
    table = read_table(path, limits=SURVEY_LIMITS)
    cols = map_columns(table, HEADERS, ("area", "theme", "name"))
    lookup = AreaLookup(areas)
    problems: list[Problem] = []
    rows: list[tuple] = []
    for row in table.rows:
        cell = {field: text_of(row.get(cols[field])) if field in cols else "" for field in HEADERS}

        def problem(field: str, message: str) -> None:
            problems.append(Problem(table.file_name, message, row.number, table.as_written(cols.get(field, field)),
                                    cell[field][:80]))

        try:
            code = lookup.resolve(cell["area"]).code
        except UnknownArea as exc:
            problem("area", str(exc))
            code = ""
        _check(cell, problem)
        if isinstance(row.get(cols.get("phone", "")), (int, float)):  # a spreadsheet number lost its leading 0
            problem("phone", "typ het telefoonnummer als tekst (een getal verliest de 0 vooraan)")
        rows.append((row.number, code, cell["theme"], cell["name"], cell["phone"],
                     cell["website"].removeprefix("https://").removeprefix("http://"), cell["note"]))
    if problems:
        raise InputError(problems, summary=summary(table.file_name, problems))
    return table.file_name, hashlib.sha256(path.read_bytes()).hexdigest(), rows


def import_contacts(store: Store, paths: Sequence[Path], _catalogues: Catalogues, areas: AreaRegistry,
                    synthetic: bool = False) -> list[ImportOutcome]:
    """Check every file, then add them all in one transaction (or nothing); the latest import naming
    an area holds its contacts (:func:`contacts_for`)."""
    parsed = parse_each(paths, lambda p: _parse(p, areas))
    ensure_contacts_schema(store)
    return append_imports(store, CONTACTS, "contacts", COLUMNS, parsed, synthetic)


def national_contacts() -> list[Contact]:
    """The national contacts that ship with kansrijk."""
    text = resources.files("kansrijk").joinpath("data", "wegwijzer_landelijk.csv").read_text(encoding="utf-8")
    lines = [line.split(";") for line in text.splitlines()[1:] if line.strip()]
    return [Contact(NL_CODE, theme, name, phone, website, note) for theme, name, phone, website, note in lines]


def contacts_for(store: Store, codes: Sequence[str]) -> list[Contact]:
    """The contacts of these areas (a gemeente, the regions holding it, NL), nearest area first, then
    the national ones that ship with kansrijk."""
    found: list[Contact] = []
    if store.table_exists("contacts") and codes:
        marks = ", ".join("?" * len(codes))
        rows = store.query(
            f"SELECT area_code, theme, name, phone, website, note FROM contacts c WHERE area_code IN ({marks}) "
            "AND import_id = (SELECT max(import_id) FROM contacts l WHERE l.area_code = c.area_code) "
            "ORDER BY import_id, source_row", list(codes))
        order = {code: k for k, code in enumerate(codes)}
        found = sorted((Contact(**r) for r in rows), key=lambda c: order[c.area_code])
    return found + national_contacts()
