"""Indicators computed from records: derived views and one grouped count per measure.

The record tables (``rec_births`` ...) get a derived view each (``births_x`` ...) that adds the columns
catalogue filters use (:data:`DERIVED_COLUMNS`, documented in docs/records.md):

- Big2 parts: ``preterm`` (< 259 days, i.e. before 37+0 weeks) and ``sga`` (birth weight below the
  Hoftiezer et al. 2019 P10 for sex and day of gestation; days beyond 294 use day 294; before 161 days
  there is no centile and the child is not small).
- ``perinatal_death``: from 168 days (24+0 weeks) stillborn, or died within the first 7 days of life
  (age at death 0 to 6 completed days, the WHO early-neonatal definition).
- IOTF overweight (Cole et al. 2000, BMJ 320:1240, table 4): BMI at or above the sex-specific cut-off,
  interpolated linearly between half years at age ``age_days / 365.25``; empty outside 2.0-5.0 years.

:func:`record_counts` runs one UNION query over every measure whose catalogue ``computation`` reads
records, grouping by area and year over all records at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from kansrijk.engine.references import HOFTIEZER_LAST_DAY, register_references
from kansrijk.errors import CatalogueError, Problem
from kansrijk.intake.records import RECORD_TYPES, create_table_sql, ensure_record_tables
from kansrijk.store import Store

if TYPE_CHECKING:
    from kansrijk.areas import AreaRegistry
    from kansrijk.catalogue import Measure

COUNT_COLUMNS = ["indicator", "area_code", "year", "numerator", "denominator", "synthetic"]

_AGE = "(r.age_days / 365.25)"
_BMI = "(r.weight_kg / ((r.height_cm / 100) * (r.height_cm / 100)))"


def _cutoff(kind: str) -> str:
    """SQL for an IOTF cut-off: the half year at or below the age (lo), interpolated towards hi."""
    return (f"CASE WHEN lo.age_years IS NULL THEN NULL WHEN {_AGE} = lo.age_years THEN lo.{kind} "
            f"ELSE lo.{kind} + (hi.{kind} - lo.{kind}) * ({_AGE} - lo.age_years) / 0.5 END")


# view -> derived column -> (SQL over the record ``r``, the Hoftiezer row ``h``; meaning).
DERIVED_COLUMNS: dict[str, dict[str, tuple[str, str]]] = {
    "births_x": {
        "year": ("year(r.birth_date)", "calendar year of birth"),
        "pregnancy_key": ("coalesce(r.pregnancy_id, r.child_id)", "pregnancy_id, or child_id when empty"),
        "hoftiezer_p10": ("h.p10", "Hoftiezer P10 (g) for sex and day (day capped at 294); empty before 161"),
        "preterm": ("r.gestational_age_days < 259", "born before 37+0 weeks (gestational_age_days < 259)"),
        "sga": ("coalesce(r.birth_weight_g < h.p10, false)",
                "birth_weight_g below the Hoftiezer P10 for sex and day; false where no centile exists"),
        "big2": ("r.gestational_age_days < 259 OR coalesce(r.birth_weight_g < h.p10, false)",
                 "preterm or sga"),
        "live": ("r.vital_status = 'levend'", "born alive"),
        "perinatal_death": (
            "r.gestational_age_days >= 168 AND (r.vital_status = 'doodgeboren' "
            "OR coalesce(date_diff('day', r.birth_date, r.death_date) < 7, false))",
            "from 24+0 weeks (168 days): stillborn, or died at age 0-6 completed days (first 7 days)"),
        "late_care": ("r.start_care_ga_days > 70", "care started after the 10th week (> 70 days); "
                      "empty if unknown"),
        "early_care": ("r.start_care_ga_days < 70", "care started before 10 weeks (< 70 days); empty if unknown"),
        "first_of_pregnancy": (
            "row_number() OVER (PARTITION BY coalesce(r.pregnancy_id, r.child_id) "
            "ORDER BY r.birth_date, r.child_id) = 1",
            "true for exactly one child per pregnancy (the first born, then the lowest child_id)"),
    },
    "households_x": {
        "year": ("r.birth_year", "calendar year of birth"),
        "low_income": ("r.income_percentile < 10", "income_percentile below 10; empty if unknown"),
        "vulnerable_any": ("r.income_percentile < 10 OR r.single_parent OR r.parent_debt",
                           "low_income or single_parent or parent_debt (SQL logic: empty when income is "
                           "unknown and the others are false)"),
    },
    "children_x": {
        "placed": ("r.youth_protection AND r.residential_care", "youth_protection and residential_care"),
    },
    "jgz_x": {
        "year": ("year(r.contact_date)", "calendar year of the contact"),
        "age_years": (_AGE, "age in years (age_days / 365.25)"),
        "bmi": (_BMI, "weight_kg / (height_cm / 100)^2"),
        "iotf_overweight_cutoff": (_cutoff("overweight"), "IOTF overweight cut-off (BMI 25 at 18) for sex "
                                   "and age, interpolated between half years; empty outside ages 2.0-5.0"),
        "iotf_obese_cutoff": (_cutoff("obese"), "IOTF obesity cut-off (BMI 30 at 18), interpolated likewise"),
        "overweight": (f"{_BMI} >= {_cutoff('overweight')}", "BMI at or above the IOTF overweight cut-off "
                       "(obesity included); empty where there is no cut-off"),
        "obese": (f"{_BMI} >= {_cutoff('obese')}", "BMI at or above the IOTF obesity cut-off"),
        "speech_negative": ("r.vw_zinnen = '-' AND r.vw_lichaamsdelen = '-'",
                            "both Van Wiechen items scored '-'"),
        "speech_known": ("r.vw_zinnen IS NOT NULL AND r.vw_lichaamsdelen IS NOT NULL",
                         "both items scored (+, - or M)"),
    },
}

VIEW_OF = {"births": "births_x", "households": "households_x", "children": "children_x", "jgz": "jgz_x"}


def _select(view: str) -> str:
    return ", ".join(f"{sql} AS {name}" for name, (sql, _meaning) in DERIVED_COLUMNS[view].items())


def views_sql() -> dict[str, str]:
    joins = {
        "births_x": "LEFT JOIN ref_hoftiezer h "
        f"ON h.sex = r.sex AND h.ga_days = least(r.gestational_age_days, {HOFTIEZER_LAST_DAY})",
        "households_x": "",
        "children_x": "",
        "jgz_x": f"LEFT JOIN ref_iotf lo ON lo.sex = r.sex AND lo.age_years = floor({_AGE} * 2) / 2 "
        "LEFT JOIN ref_iotf hi ON hi.sex = r.sex AND hi.age_years = lo.age_years + 0.5",
    }
    return {
        view: f"SELECT r.*, i.synthetic, {_select(view)} FROM {RECORD_TYPES[kind].table} r "
        f"JOIN imports i ON i.import_id = r.import_id {joins[view]}"
        for kind, view in VIEW_OF.items()
    }


def create_record_views(store: Store) -> None:
    """(Re)create the reference tables and the derived views ``births_x`` ... on the store's connection.

    Views and reference tables are temporary: they live with the connection, also on a read-only store.
    """
    missing = [t.table for t in RECORD_TYPES.values() if not store.table_exists(t.table)]
    if missing:
        try:
            ensure_record_tables(store)
        except duckdb.Error:
            # A read-only store without records: empty temporary tables, so every count is empty.
            for record_type in RECORD_TYPES.values():
                if record_type.table in missing:
                    store.con.execute(create_table_sql(record_type).replace("CREATE TABLE", "CREATE TEMP TABLE", 1))
    register_references(store.con)
    for view, body in views_sql().items():
        store.con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS {body}")


def _measure_problem(measure: Measure, message: str) -> Problem:
    return Problem(measure.file or "catalogus", f"indicator {measure.id}: {message}", line=measure.line or None)


@dataclass(frozen=True)
class CountPlan:
    """The grouped count of one measure: its view, area and year expressions and its two conditions."""

    indicator: str
    view: str
    area: str
    year: str
    denominator: str
    numerator: str

    @property
    def grouping(self) -> tuple[str, str, str]:
        """Measures with the same view, area and year are counted in one grouped pass."""
        return (self.view, self.area, self.year)

    @property
    def counted(self) -> str:
        """The condition for the numerator: in the denominator and in the numerator."""
        return f"({self.denominator}) AND ({self.numerator})"

    def sql(self) -> str:
        """The count of this measure alone (used to check that its SQL compiles)."""
        return _GroupedPass([self]).sql()


class _GroupedPass:
    """One grouped pass over a view for measures with the same area and year expressions.

    Every distinct condition is counted once (``count_if``), however many measures share it; each
    distinct denominator also gets its synthetic flag: whether a record in it comes from a synthetic
    import.
    """

    def __init__(self, plans: list[CountPlan]) -> None:
        self.plans = plans
        self.view, self.area, self.year = plans[0].grouping
        self._columns: dict[str, str] = {}
        self.denominators = [self._column(p.denominator) for p in plans]
        self.numerators = [self._column(p.counted) for p in plans]

    def _column(self, condition: str) -> str:
        return self._columns.setdefault(f"({condition})", f"c{len(self._columns)}")

    def sql(self) -> str:
        # count_if of a group whose condition is NULL for every record (a missing value) is NULL, not 0.
        counts = [f"coalesce(count_if({condition}), 0) AS {name}" for condition, name in self._columns.items()]
        flags = [
            f"coalesce(bool_or(synthetic AND {condition}), false) AS s_{name}"
            for condition, name in self._columns.items() if name in self.denominators
        ]
        return (
            f"SELECT CAST(({self.area}) AS VARCHAR) AS area_code, CAST(({self.year}) AS INTEGER) AS year, "
            f"{', '.join(counts + flags)} FROM {self.view} GROUP BY ALL"
        )

    def rows_sql(self, source: str) -> list[str]:
        """Per measure its rows from the pass's result ``source``: areas and years with a denominator."""
        return [
            f"(SELECT '{plan.indicator}' AS indicator, area_code, year, {num} AS numerator, "
            f"{den} AS denominator, s_{den} AS synthetic FROM {source} WHERE {den} > 0)"
            for plan, num, den in zip(self.plans, self.numerators, self.denominators)
        ]


def count_plan(measure: Measure) -> CountPlan | None:
    """The count plan of one measure; None when it is not computed from records. (The catalogue's
    validation has checked the computation block: every field present, a known record type, known
    columns.)"""
    c = measure.computation
    if c is None:
        return None
    return CountPlan(indicator=measure.id.replace("'", "''"), view=VIEW_OF[c.records], area=c.area, year=c.year,
                      denominator=c.denominator, numerator=c.numerator)


def count_sql(measure: Measure) -> str | None:
    """The SQL that counts one measure on its own (over the views of :func:`views_sql`); None when it
    is not computed from records."""
    plan = count_plan(measure)
    return None if plan is None else plan.sql()


def _counts_sql(plans: list[CountPlan]) -> str:
    """One query for every plan: one grouped pass per view, area and year, then a row per measure.

    Each pass reads its view once (joins, window) and counts every condition of its measures; the
    per-measure rows are taken from the small grouped result, keeping only areas and years with at
    least one record in the measure's denominator.
    """
    groupings: dict[tuple[str, str, str], list[CountPlan]] = {}
    for plan in plans:
        groupings.setdefault(plan.grouping, []).append(plan)
    passes = [_GroupedPass(members) for members in groupings.values()]
    ctes = [f"_g{g} AS MATERIALIZED ({grouped.sql()})" for g, grouped in enumerate(passes)]
    rows = [row for g, grouped in enumerate(passes) for row in grouped.rows_sql(f"_g{g}")]
    union = "\nUNION ALL\n".join(rows)
    return f"WITH {', '.join(ctes)}\n{union}\nORDER BY indicator, area_code, year"


def record_counts(
    store: Store, measures: Iterable[Measure], areas: AreaRegistry | None = None
) -> pd.DataFrame:
    """Numerator and denominator per measure, gemeente (code as recorded, of that year) and year.

    Method: for every measure whose ``computation`` declares ``records``, ``area``, ``year``,
    ``denominator`` and ``numerator`` (SQL over the derived view), count the records satisfying the
    denominator and those satisfying both, grouped by area and year, in one query that reads each view
    once per distinct area and year expression. ``synthetic`` is true when any record in the
    denominator comes from a synthetic import. When the query fails, the first measure whose SQL
    does not compile on its own (EXPLAIN) raises :class:`CatalogueError` naming it. ``areas`` is not
    needed for the counts (codes are returned as recorded; the caller carries them to the current
    division) and is accepted so all engine entry points take the same arguments.
    """
    create_record_views(store)
    planned = [(measure, plan) for measure in measures if (plan := count_plan(measure)) is not None]
    if not planned:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(
            COUNT_COLUMNS, ["object", "object", "int64", "int64", "int64", "bool"])})
    try:
        frame = store.con.execute(_counts_sql([plan for _, plan in planned])).df()
    except duckdb.Error:
        _name_the_measure_at_fault(store, planned)
        raise
    return frame[COUNT_COLUMNS].astype({"numerator": "int64", "denominator": "int64", "synthetic": "bool"})


def _name_the_measure_at_fault(store: Store, planned: list[tuple[Measure, CountPlan]]) -> None:
    """Raise :class:`CatalogueError` for the first measure whose SQL does not compile (EXPLAIN),
    once the query of all of them failed; return when each compiles on its own (the failure is
    then not one measure's)."""
    for measure, plan in planned:
        try:
            store.con.execute(f"EXPLAIN {plan.sql()}")
        except duckdb.TransactionException:
            return  # the failure left a transaction unusable: no measure can be told apart
        except duckdb.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise CatalogueError([_measure_problem(measure, f"SQL van de berekening klopt niet ({first})")]) from exc


def derived_markdown() -> str:
    """The derived-column tables of docs/records.md, generated from :data:`DERIVED_COLUMNS`."""
    parts: list[str] = []
    for view, columns in DERIVED_COLUMNS.items():
        parts += [f"### `{view}`\n", "| column | definition |", "| --- | --- |"]
        parts += [f"| `{name}` | {meaning} |" for name, (_sql, meaning) in columns.items()]
        parts.append("")
    return "\n".join(parts)
