"""Coordinators add programme facts (registry) for gemeenten of their region.

API: ``add_fact(pg, user, fact, gemeente, value, valid_from, areas) -> AddedFact`` and
``list_facts(pg, user, areas) -> list[RegistryEntry]``.

A fact is checked by :func:`kansrijk.programme.intake.parse_programme` itself (a one-row registry table
``feit;gemeente;waarde;geldig vanaf`` in a temporary file), so the portal accepts exactly what
``kansrijk import-registry`` accepts, with the same messages. Only facts about a gemeente can be added
here, and only for a gemeente of the coordinator's region. The fact is stored as an import of kind
``registry`` of one row, named after the portal, the user and the moment, beside its
``registry_facts`` row; a later fact with a later ``geldig vanaf`` replaces it from that date on, as
in every registry import.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from kansrijk.areas import AreaRegistry
from kansrijk.errors import InputError, Problem
from kansrijk.portal import access
from kansrijk.portal.accounts import User, now_utc
from kansrijk.portal.validation import refusal_summary, temporary_folder, write_table
from kansrijk.programme.facts import GEMEENTE, KINDS, fact_kind
from kansrijk.programme.intake import DUTCH_NAME, FACT_COLUMNS, REGISTRY, Fact, parse_programme
from kansrijk.server.pgstore import PgStore

SOURCE = "register"
HEADERS = {**DUTCH_NAME, "subject": "gemeente"}  # the registry's columns; only gemeenten are subjects here


@dataclass(frozen=True)
class AddedFact:
    """A fact added through the portal and the import that holds it."""

    import_id: int
    file_name: str
    fact: Fact


@dataclass(frozen=True)
class RegistryEntry:
    """A stored gemeente fact, for listing: what, where, from when, and from which import."""

    fact: str
    label: str
    gemeente: str
    value: str
    valid_from: date
    import_id: int
    file_name: str
    imported_at: datetime


def _refuse(message: str, column: str | None = None, value: object = None) -> InputError:
    problem = Problem(SOURCE, message, column=column, value=value)
    return InputError([problem], summary=refusal_summary(SOURCE, [problem], "opgeslagen"))


def check_fact(fact: str, gemeente: str, value: str, valid_from: date | str, folder: Path,
               areas: AreaRegistry) -> Fact:
    """Validate one gemeente fact with the registry-import rules; InputError naming the field otherwise."""
    kind = fact_kind(fact or "")
    if kind is not None and kind.subject != GEMEENTE:
        raise _refuse("in het portaal kunnen alleen feiten over een gemeente worden toegevoegd "
                      f"(kies uit {', '.join(k for k, v in KINDS.items() if v.subject == GEMEENTE)})",
                      HEADERS["fact"], fact)
    shown_date = valid_from.isoformat() if isinstance(valid_from, date) else str(valid_from or "")
    row = [fact or "", gemeente or "", value or "", shown_date]
    path = write_table(folder / f"{SOURCE}.csv", HEADERS.values(), [row])
    try:
        parsed = parse_programme(path, areas)
    except InputError as exc:  # one row: the field says where, a line number would only confuse
        problems = [replace(p, file=SOURCE, line=None) for p in exc.problems]
        raise InputError(problems, summary=refusal_summary(SOURCE, problems, "opgeslagen")) from None
    return parsed.facts[0]


def add_fact(pg: PgStore, user: User | None, fact: str, gemeente: str, value: str, valid_from: date | str,
             areas: AreaRegistry) -> AddedFact:
    """Add a fact about a gemeente of the coordinator's region as a one-row registry import."""
    access.require(user, "edit_registry", None, areas)
    assert user is not None
    with temporary_folder() as folder:
        checked = check_fact(fact, gemeente, value, valid_from, Path(folder), areas)
    access.require(user, "edit_registry", checked.subject, areas)
    now = now_utc()
    stamp = now.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    file_name = f"portaal {user.email} {stamp}"
    content = f"{checked.fact}|{checked.subject}|{checked.value}|{checked.valid_from}|{user.id}|{now.isoformat()}"
    digest = hashlib.sha256(f"{content}|{secrets.token_hex(8)}".encode()).hexdigest()
    with pg.transaction() as cur:
        import_id = PgStore.add_import(cur, REGISTRY, file_name, digest, 1)
        cur.execute(
            f"INSERT INTO registry_facts ({', '.join(FACT_COLUMNS)}) VALUES ({', '.join(['%s'] * len(FACT_COLUMNS))})",
            [import_id, 1, checked.fact, checked.subject_kind, checked.subject, checked.subject_input,
             checked.value, checked.valid_from],
        )
    return AddedFact(import_id, file_name, replace(checked, source_row=1))


def list_facts(pg: PgStore, user: User | None, areas: AreaRegistry) -> list[RegistryEntry]:
    """The gemeente facts of the coordinator's region, by gemeente, fact and date (newest last)."""
    access.require(user, "edit_registry", None, areas)
    assert user is not None
    members = areas.members(str(user.region_code))
    rows = pg.con.execute(
        "SELECT f.fact, f.subject, f.value, f.valid_from, f.import_id, i.file_name, i.imported_at "
        "FROM registry_facts f JOIN imports i USING (import_id) "
        "WHERE f.subject_kind = %s AND f.subject = ANY(%s) ORDER BY f.subject, f.fact, f.valid_from, f.import_id",
        [GEMEENTE, members],
    ).fetchall()
    return [RegistryEntry(fact, KINDS[fact].label if fact in KINDS else fact, subject, value, valid_from,
                          import_id, file_name, imported_at)
            for fact, subject, value, valid_from, import_id, file_name, imported_at in rows]
