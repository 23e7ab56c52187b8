"""Summaries and recommendations a coordinator approved, per catalogue, area and edition.

A coordinator starts from the draft (``kansrijk draft``), edits it and saves it with their name
(``kansrijk summary``); every later report of that area and edition uses the saved text and says who
approved it and when. A newer approval of the same area and edition replaces the older one; the
older stays in the store (the import ledger says when it came). A text that still carries the
draft's marker line is refused: a draft is never published as approved.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kansrijk.errors import InputError, Problem
from kansrijk.store import Store

SUMMARY = "samenvatting"
DRAFT_MARKER = "Concept, opgesteld door kansrijk"
MAX_TEXT = 50_000
MAX_NAME = 200

SCHEMA = """
CREATE TABLE IF NOT EXISTS summaries (
    import_id INTEGER NOT NULL,
    catalogue VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    edition INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    approved_by VARCHAR NOT NULL,
    approved_at TIMESTAMP NOT NULL
);
"""


@dataclass(frozen=True)
class Summary:
    text: str
    approved_by: str
    approved_at: datetime


def ensure_summaries_schema(store: Store) -> None:
    store.con.execute(SCHEMA)


def read_summary_file(path: Path) -> str:
    """The text of a summary file, read bounded (a file far beyond the limit costs nothing)."""
    with Path(path).open("rb") as handle:
        raw = handle.read(4 * MAX_TEXT + 1)
    if len(raw) > 4 * MAX_TEXT:
        raise InputError([Problem(path.name, f"het bestand is groter dan {4 * MAX_TEXT // 1000} kB")],
                         summary=f"{path.name}: niet opgeslagen")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([Problem(path.name, f"geen UTF-8-tekst (byte {exc.start})")],
                         summary=f"{path.name}: niet opgeslagen") from None


def check_summary(text: str, approved_by: str, source: str = "tekst") -> str:
    """The approver's name, tidied; InputError (naming ``source``) for an empty or too long text or
    name, or a text that is still the draft."""
    name = " ".join(approved_by.split())
    problems = []
    if not text.strip():
        problems.append(Problem(source, "de tekst is leeg"))
    elif len(text) > MAX_TEXT:
        problems.append(Problem(source, f"de tekst is langer dan {MAX_TEXT:,} tekens".replace(",", ".")))
    elif DRAFT_MARKER in text:
        problems.append(Problem(source, "de tekst is nog het concept: haal de regel 'Concept, opgesteld door "
                                "kansrijk ...' weg als de tekst klaar is"))
    if not name or len(name) > MAX_NAME:
        problems.append(Problem(source, f"geef de naam van wie de tekst vaststelt (1 tot {MAX_NAME} tekens)"))
    if problems:
        raise InputError(problems, summary=f"{source}: niet opgeslagen")
    return name


def summary_import(catalogue: str, area_code: str, edition: int, text: str, name: str,
                   source: str) -> tuple[str, str]:
    """(file name, digest) of the import an approval is stored as."""
    digest = hashlib.sha256(repr((catalogue, area_code, edition, text, name)).encode()).hexdigest()
    return f"{source} ({area_code}, {catalogue} {edition})", digest


def save_summary(store: Store, catalogue: str, area_code: str, edition: int, text: str, approved_by: str,
                 source: str = "tekst") -> bool:
    """Store an approved text; False when exactly this approval was saved before (see
    :func:`check_summary` for what is refused)."""
    name = check_summary(text, approved_by, source)
    ensure_summaries_schema(store)
    file_name, digest = summary_import(catalogue, area_code, edition, text, name, source)
    if store.find_import(SUMMARY, digest) is not None:
        return False
    with store.transaction() as con:
        import_id = store.add_import(SUMMARY, file_name, digest, 1)
        con.execute("INSERT INTO summaries VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [import_id, catalogue, area_code, edition, text, name, datetime.now().replace(microsecond=0)])
    return True


def saved_summaries(store: Store, catalogue: str) -> dict[tuple[str, int], Summary]:
    """The latest approved text per (area, edition) of ``catalogue``."""
    if not store.table_exists("summaries"):
        return {}
    rows = store.query("SELECT area_code, edition, text, approved_by, approved_at FROM summaries "
                       "WHERE catalogue = ? ORDER BY approved_at, import_id", [catalogue])
    return {(r["area_code"], int(r["edition"])): Summary(r["text"], r["approved_by"], r["approved_at"]) for r in rows}
