"""Questionnaire exports (one row per respondent, CSV/XLSX) into the store; all or nothing.

Municipal questionnaire (RIVM, factsheet 2020, seed 000, Tekstbox 2): one row per responding
gemeente with ``gemeente``, ``peildatum`` and the answers ``coalitie`` (ja/nee), ``plan van aanpak``
(afgerond / in ontwikkeling / nee) and ``prenataal huisbezoek`` (ja/nee). Each answer becomes a
registry fact from the peildatum on, so ks01, ks02 and ks04 follow from the registry (ks04's
denominator is the gemeenten that answered that question). An empty answer gives no fact.

Professionals' questionnaire (regional monitor, seed 004, gm01/gm02): one row per professional with
``gemeente`` (a gemeente or a region code), ``jaar`` and ``bekend met aanbod`` / ``bekend met
afspraken`` (ja/nee; empty = not answered). Per area and year the counts are stored as aggregate
rows: numerator = ``ja``, denominator = respondents who answered (the "N" shown beside the figure).
Figures from fewer respondents than the catalogue threshold are not published (disclosure control,
``te_klein``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pandas as pd

from kansrijk.areas import AreaLookup, AreaRegistry
from kansrijk.errors import InputError, InvalidNumber, InvalidPeriod, Problem, UnknownArea
from kansrijk.intake.columns import map_columns, summary, text_of
from kansrijk.intake.importer import ROW_COLUMNS
from kansrijk.intake.outcome import ImportOutcome
from kansrijk.intake.tabular import SURVEY_LIMITS, Row, read_table
from kansrijk.programme.facts import IMPULS
from kansrijk.programme.intake import Fact, ensure_programme_schema, facts_on, parse_date, write_facts
from kansrijk.vocabulary import PUBLISHED
from kansrijk.store import Store

MUNICIPAL = "vragenlijst_gemeenten"
PROFESSIONALS = "vragenlijst_professionals"

MUNICIPAL_COLUMNS = {
    "area": ("gemeente", "gemeentecode", "gebied"),
    "date": ("peildatum", "datum"),
    "coalitie": ("coalitie", "lokale coalitie"),
    "plan_van_aanpak": ("plan van aanpak", "plan_van_aanpak", "plan"),
    "phb_jgz": ("prenataal huisbezoek", "phb_jgz", "phb"),
}
MUNICIPAL_NAMES = {"area": "gemeente", "date": "peildatum", "coalitie": "coalitie",
                   "plan_van_aanpak": "plan van aanpak", "phb_jgz": "prenataal huisbezoek"}
PROFESSIONAL_COLUMNS = {
    "area": ("gemeente", "gemeentecode", "gebied", "regio"),
    "year": ("jaar",),
    "gm01": ("bekend met aanbod", "gm01"),
    "gm02": ("bekend met afspraken", "gm02"),
}
PROFESSIONAL_NAMES = {"area": "gemeente", "year": "jaar", "gm01": "bekend met aanbod", "gm02": "bekend met afspraken"}
ANSWERS = {"coalitie": ("ja", "nee"), "plan_van_aanpak": ("afgerond", "in ontwikkeling", "nee"),
           "phb_jgz": ("ja", "nee"), "gm01": ("ja", "nee"), "gm02": ("ja", "nee")}


def _answer(table_name: str, row: Row, header: str | None, written: str, field: str,
            problems: list[Problem]) -> str | None:
    raw = text_of(row.get(header)) if header else ""
    if not raw:
        return None
    word = " ".join(raw.lower().split())
    if word not in ANSWERS[field]:
        problems.append(Problem(table_name, f"ongeldig antwoord; kies uit {', '.join(ANSWERS[field])} of laat leeg",
                                line=row.number, column=written, value=raw))
        return None
    return word


def _already(store: Store, kind: str, digest: str) -> bool:
    return store.table_exists("imports") and store.find_import(kind, digest) is not None


def import_municipal(store: Store, path: Path, areas: AreaRegistry, synthetic: bool = False) -> ImportOutcome:
    """Import the municipal questionnaire as registry facts; the response rate is over the Impuls gemeenten."""
    path = Path(path)
    table = read_table(path, limits=SURVEY_LIMITS)
    cols = map_columns(table, MUNICIPAL_COLUMNS, MUNICIPAL_NAMES, ("area", "date"))
    lookup = AreaLookup(areas)
    problems: list[Problem] = []
    facts: list[Fact] = []
    seen: dict[str, int] = {}
    days: set[date] = set()
    for row in table.rows:
        raw_area = text_of(row.get(cols["area"]))
        try:
            day = parse_date(row.get(cols["date"]))
            areas.check_years(day.year, day.year)
        except (InvalidPeriod, InvalidNumber) as exc:
            problems.append(Problem(table.file_name, str(exc), row.number, table.as_written(cols["date"]),
                                    text_of(row.get(cols["date"]))))
            continue
        try:
            code = lookup.resolve(raw_area, day.year, level="gemeente").code
        except UnknownArea as exc:
            problems.append(Problem(table.file_name, str(exc), row.number, table.as_written(cols["area"]), raw_area))
            continue
        if code in seen:
            problems.append(Problem(table.file_name, f"gemeente heeft de vragenlijst al ingevuld in rij {seen[code]}",
                                    row.number, table.as_written(cols["area"]), raw_area))
            continue
        seen[code] = row.number
        days.add(day)
        for field in ("coalitie", "plan_van_aanpak", "phb_jgz"):
            header = cols.get(field)
            answer = _answer(table.file_name, row, header, table.as_written(header or field), field, problems)
            if answer is not None:
                facts.append(Fact(field, "gemeente", code, raw_area, answer, day, row.number))
    if problems:
        raise InputError(problems, summary=summary(table.file_name, problems))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    ensure_programme_schema(store)
    if _already(store, MUNICIPAL, digest):
        return ImportOutcome(table.file_name, digest, len(seen), True)
    with store.transaction() as con:
        import_id = store.add_import(MUNICIPAL, table.file_name, digest, len(facts), synthetic)
        write_facts(con, import_id, facts)
    return ImportOutcome(table.file_name, digest, len(seen), False,
                         response_rate=_municipal_rate(store, len(seen), days))


def _municipal_rate(store: Store, respondents: int, days: set[date]) -> float | None:
    if not days:
        return None
    facts = facts_on(store, max(days))
    impuls = {s for k in IMPULS for s, v in facts.get(k, {}).items() if v == "ja"}
    return respondents / len(impuls) if impuls else None


def import_professionals(store: Store, path: Path, areas: AreaRegistry, synthetic: bool = False) -> ImportOutcome:
    """Import the professionals' questionnaire as gm01/gm02 counts per area and year."""
    path = Path(path)
    table = read_table(path, limits=SURVEY_LIMITS)
    cols = map_columns(table, PROFESSIONAL_COLUMNS, PROFESSIONAL_NAMES, ("area", "year"))
    lookup = AreaLookup(areas)
    problems: list[Problem] = []
    counts: dict[tuple[str, str, int], list[int]] = {}  # (indicator, area, year) -> [ja, answered, first row]
    inputs: dict[str, str] = {}
    for row in table.rows:
        raw_area = text_of(row.get(cols["area"]))
        raw_year = text_of(row.get(cols["year"]))
        if not (raw_year.isdigit() and len(raw_year) == 4):
            problems.append(Problem(table.file_name, "geen jaar", row.number, table.as_written(cols["year"]), raw_year))
            continue
        year = int(raw_year)
        try:
            areas.check_years(year, year)
        except InvalidPeriod as exc:
            problems.append(Problem(table.file_name, str(exc), row.number, table.as_written(cols["year"]), raw_year))
            continue
        try:
            code = lookup.resolve(raw_area, year).code
        except UnknownArea as exc:
            problems.append(Problem(table.file_name, str(exc), row.number, table.as_written(cols["area"]), raw_area))
            continue
        inputs[code] = raw_area
        for field in ("gm01", "gm02"):
            header = cols.get(field)
            answer = _answer(table.file_name, row, header, table.as_written(header or field), field, problems)
            if answer is not None:
                cell = counts.setdefault((field, code, year), [0, 0, row.number])
                cell[0] += answer == "ja"
                cell[1] += 1
    if problems:
        raise InputError(problems, summary=summary(table.file_name, problems))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    respondents = len(table.rows)
    if _already(store, PROFESSIONALS, digest):
        return ImportOutcome(table.file_name, digest, respondents, True)
    with store.transaction() as con:
        import_id = store.add_import(PROFESSIONALS, table.file_name, digest, len(counts), synthetic)
        frame = pd.DataFrame(
            [(import_id, first, ind, inputs[code], code, year, year, None, float(yes), float(n), PUBLISHED)
             for (ind, code, year), (yes, n, first) in sorted(counts.items())],
            columns=ROW_COLUMNS,
        )
        frame["reference_date"] = pd.to_datetime(frame["reference_date"])
        con.register("incoming_survey", frame)
        con.execute("INSERT INTO aggregate_rows SELECT * FROM incoming_survey")
        con.unregister("incoming_survey")
    return ImportOutcome(table.file_name, digest, respondents, False)


def import_survey(store: Store, kind: str, paths: Sequence[Path], areas: AreaRegistry,
                  synthetic: bool = False) -> list[ImportOutcome]:
    """Import questionnaire files of ``kind`` (``gemeenten`` or ``professionals``), file by file."""
    importer = import_municipal if kind == "gemeenten" else import_professionals
    return [importer(store, Path(p), areas, synthetic) for p in paths]
