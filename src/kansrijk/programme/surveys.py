"""Questionnaire exports (one row per respondent, CSV/XLSX) into the store; all or nothing.

Municipal questionnaire (RIVM, factsheet 2020, seed 000, Tekstbox 2): one row per responding
gemeente with ``gemeente``, ``peildatum`` and the answers ``coalitie`` (ja/nee), ``plan van aanpak``
(afgerond / in ontwikkeling / nee) and ``prenataal huisbezoek`` (ja/nee); optionally when the home
visits take place (``phb voor week 15``, ``phb week 15 tot 25``, ``phb na week 25``: ja/nee, figure 5)
and with whom the gemeente consults (``overleg sociaal domein``, ``overleg medisch domein``,
``overleg gemeentelijke organisatie``: ja/nee, Tekstbox 3). Each answer becomes a registry fact from
the peildatum on, so ks01, ks02 and ks04 follow from the registry (ks04's denominator is the
gemeenten that answered that question). An empty answer gives no fact.

Professionals' questionnaire (regional monitor, seed 004, gm01/gm02): one row per professional with
``gemeente`` (a gemeente or a region code), ``jaar`` and ``bekend met aanbod`` / ``bekend met
afspraken`` (ja/nee; empty = not answered). Per area and year the counts are stored as aggregate
rows: numerator = ``ja``, denominator = respondents who answered (the "N" shown beside the figure).
Figures from fewer respondents than the catalogue threshold are not published (disclosure control,
``te_klein``).

Each import also stores who responded (``survey_response``): for the municipal questionnaire the
gemeenten with the Impuls, the other gemeenten and all of them, each as respondents of the gemeenten
asked (000, Tekstbox 2: 251 of 275, 38 of 80, 289 of 355); for the professionals' questionnaire the
respondents per area and year (how many were asked is not in the file: the response rate is unknown).
Reports print the municipal response beside every figure of an indicator with ``survey: gemeenten``
in its catalogue entry; beside a professionals' figure its published denominator (rounded as counts of
persons are), never the exact respondents.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import pandas as pd

from kansrijk.areas import AreaLookup, AreaRegistry
from kansrijk.errors import InputError, InvalidNumber, InvalidPeriod, Problem, UnknownArea
from kansrijk.intake.columns import map_columns, parse_each, summary, text_of
from kansrijk.intake.importer import ROW_COLUMNS
from kansrijk.intake.outcome import ImportOutcome
from kansrijk.intake.tabular import SURVEY_LIMITS, Row, read_table
from kansrijk.programme.facts import IMPULS, PARTNER_DOMAINS, PHB_MOMENTS
from kansrijk.programme.intake import Fact, ensure_programme_schema, facts_on, parse_date, write_facts
from kansrijk.vocabulary import PUBLISHED
from kansrijk.store import Store

MUNICIPAL = "vragenlijst_gemeenten"
PROFESSIONALS = "vragenlijst_professionals"
Writer = Callable[[Store, bool], ImportOutcome]  # writes one checked file into a store

RESPONSE_SCHEMA = """
CREATE TABLE IF NOT EXISTS survey_response (
    import_id INTEGER NOT NULL,
    survey VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    grp VARCHAR NOT NULL,
    respondents INTEGER NOT NULL,
    asked INTEGER
);
"""
RESPONSE_COLUMNS = ["import_id", "survey", "area_code", "year", "grp", "respondents", "asked"]
# Groups of the municipal questionnaire, in the order reports name them.
IMPULS_GROUP, OTHER_GROUP, ALL_GROUP = "gemeenten met de Impuls", "overige gemeenten", "alle gemeenten"

MUNICIPAL_COLUMNS = {
    "area": ("gemeente", "gemeentecode", "gebied"),
    "date": ("peildatum", "datum"),
    "coalitie": ("coalitie", "lokale coalitie"),
    "plan_van_aanpak": ("plan van aanpak", "plan_van_aanpak", "plan"),
    "phb_jgz": ("prenataal huisbezoek", "phb_jgz", "phb"),
    "phb_voor_week_15": ("phb voor week 15", "phb vóór week 15"),
    "phb_week_15_25": ("phb week 15 tot 25", "phb week 15-25"),
    "phb_na_week_25": ("phb na week 25",),
    "overleg_sociaal": ("overleg sociaal domein", "overleg sociaal"),
    "overleg_medisch": ("overleg medisch domein", "overleg medisch"),
    "overleg_gemeente": ("overleg gemeentelijke organisatie", "overleg gemeente"),
}
YES_NO_ANSWERS = (*PHB_MOMENTS, *PARTNER_DOMAINS)
PROFESSIONAL_COLUMNS = {
    "area": ("gemeente", "gemeentecode", "gebied", "regio"),
    "year": ("jaar",),
    "gm01": ("bekend met aanbod", "gm01"),
    "gm02": ("bekend met afspraken", "gm02"),
}
ANSWERS = {"coalitie": ("ja", "nee"), "plan_van_aanpak": ("afgerond", "in ontwikkeling", "nee"),
           "phb_jgz": ("ja", "nee"), "gm01": ("ja", "nee"), "gm02": ("ja", "nee"),
           **{field: ("ja", "nee") for field in YES_NO_ANSWERS}}


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


def _check_municipal(path: Path, areas: AreaRegistry) -> Writer:
    """Check the municipal questionnaire completely; returns what writes it (InputError otherwise)."""
    path = Path(path)
    table = read_table(path, limits=SURVEY_LIMITS)
    cols = map_columns(table, MUNICIPAL_COLUMNS, ("area", "date"))
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
        for field in ("coalitie", "plan_van_aanpak", "phb_jgz", *YES_NO_ANSWERS):
            header = cols.get(field)
            answer = _answer(table.file_name, row, header, table.as_written(header or field), field, problems)
            if answer is not None:
                facts.append(Fact(field, "gemeente", code, raw_area, answer, day, row.number))
    if problems:
        raise InputError(problems, summary=summary(table.file_name, problems))

    def write(store: Store, synthetic: bool) -> ImportOutcome:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        ensure_programme_schema(store)
        ensure_response_schema(store)
        if _already(store, MUNICIPAL, digest):
            return ImportOutcome(table.file_name, digest, len(seen), True)
        groups = _municipal_groups(store, areas, set(seen), max(days)) if days else []
        with store.transaction() as con:
            import_id = store.add_import(MUNICIPAL, table.file_name, digest, len(facts), synthetic)
            write_facts(con, import_id, facts)
            year = max(days).year if days else 0
            _write_response(con, [(import_id, MUNICIPAL, "NL01", year, *group) for group in groups])
        impuls = next((g for g in groups if g[0] == IMPULS_GROUP), None)
        return ImportOutcome(table.file_name, digest, len(seen), False,
                             response_rate=impuls[1] / impuls[2] if impuls else None)

    return write


def import_municipal(store: Store, path: Path, areas: AreaRegistry, synthetic: bool = False) -> ImportOutcome:
    """Import the municipal questionnaire as registry facts; the response rate is over the Impuls gemeenten."""
    return _check_municipal(path, areas)(store, synthetic)


def _municipal_groups(store: Store, areas: AreaRegistry, responded: set[str], day: date) -> list[tuple[str, int, int]]:
    """(group, respondents, gemeenten asked): the Impuls gemeenten on ``day``, the others, all."""
    facts = facts_on(store, day)
    impuls = {s for k in IMPULS for s, v in facts.get(k, {}).items() if v == "ja"}
    everyone = {a.code for a in areas.gemeenten(day.year)}
    groups = [(IMPULS_GROUP, impuls), (OTHER_GROUP, everyone - impuls)] if impuls else []
    return [(name, len(members & responded), len(members))
            for name, members in (*groups, (ALL_GROUP, everyone)) if members]


def _write_response(con: object, rows: list[tuple]) -> None:
    if rows:
        frame = pd.DataFrame(rows, columns=RESPONSE_COLUMNS).astype({"asked": "Int64"})
        con.register("incoming_response", frame)  # type: ignore[attr-defined]
        con.execute(f"INSERT INTO survey_response ({', '.join(RESPONSE_COLUMNS)}) "  # type: ignore[attr-defined]
                    "SELECT * FROM incoming_response")
        con.unregister("incoming_response")  # type: ignore[attr-defined]


def ensure_response_schema(store: Store) -> None:
    store.con.execute(RESPONSE_SCHEMA)


def responses(store: Store) -> list[dict[str, object]]:
    """Every stored response row (``survey``, ``area_code``, ``year``, ``grp``, ``respondents``, ``asked``)."""
    if not store.table_exists("survey_response"):
        return []
    return store.query("SELECT survey, area_code, year, grp, respondents, asked FROM survey_response "
                       "ORDER BY import_id, grp")


def _check_professionals(path: Path, areas: AreaRegistry) -> Writer:
    """Check the professionals' questionnaire completely; returns what writes it (InputError otherwise)."""
    path = Path(path)
    table = read_table(path, limits=SURVEY_LIMITS)
    cols = map_columns(table, PROFESSIONAL_COLUMNS, ("area", "year"))
    lookup = AreaLookup(areas)
    problems: list[Problem] = []
    counts: dict[tuple[str, str, int], list[int]] = {}  # (indicator, area, year) -> [ja, answered, first row]
    inputs: dict[str, str] = {}
    per_area: dict[tuple[str, int], int] = {}  # respondents per (area, year)
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
        per_area[(code, year)] = per_area.get((code, year), 0) + 1
        for field in ("gm01", "gm02"):
            header = cols.get(field)
            answer = _answer(table.file_name, row, header, table.as_written(header or field), field, problems)
            if answer is not None:
                cell = counts.setdefault((field, code, year), [0, 0, row.number])
                cell[0] += answer == "ja"
                cell[1] += 1
    if problems:
        raise InputError(problems, summary=summary(table.file_name, problems))

    def write(store: Store, synthetic: bool) -> ImportOutcome:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        respondents = len(table.rows)
        if _already(store, PROFESSIONALS, digest):
            return ImportOutcome(table.file_name, digest, respondents, True)
        ensure_response_schema(store)
        with store.transaction() as con:
            import_id = store.add_import(PROFESSIONALS, table.file_name, digest, len(counts), synthetic)
            _write_response(con, [(import_id, PROFESSIONALS, code, year, ALL_GROUP, n, None)
                                  for (code, year), n in sorted(per_area.items())])
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

    return write


def import_professionals(store: Store, path: Path, areas: AreaRegistry, synthetic: bool = False) -> ImportOutcome:
    """Import the professionals' questionnaire as gm01/gm02 counts per area and year."""
    return _check_professionals(path, areas)(store, synthetic)


def import_survey(store: Store, kind: str, paths: Sequence[Path], areas: AreaRegistry,
                  synthetic: bool = False) -> list[ImportOutcome]:
    """Import questionnaire files of ``kind`` (``gemeenten`` or ``professionals``): every file is checked
    first (all their problems together), so a bad file leaves the good ones unimported too."""
    check = _check_municipal if kind == "gemeenten" else _check_professionals
    writers = parse_each(paths, lambda path: check(path, areas))
    return [write(store, synthetic) for write in writers]
