"""Process indicators from the programme registry, as base counts beside the aggregate rows.

Method: for each year with registry facts, the facts true on the indicator's peildatum (from the
catalogue's ``reference``: ``peildatum 15 september``, ``peildatum 1 oktober``; 31 December for a
``kalenderjaar``) are taken: per subject and kind the fact with the latest ``geldig vanaf`` on or
before the peildatum (on equal dates the later import, then the later row, wins). Each gemeente in
an indicator's population gives one row with numerator 0 or 1 and denominator 1, so the engine sums
them up the area hierarchy exactly like aggregate counts. The populations are those of the
factsheet (RIVM, Monitor Kansrijke Start, factsheet 2020, seed 000):

- ks01, ks02: gemeenten receiving the Impuls Kansrijke Start (any tranche); numerator coalition /
  plan (finished or in development).
- ks03: the centrumgemeenten (N=50); numerator Nu Niet Zwanger started.
- ks04: gemeenten that answered the question on prenatal home visits; numerator PHB by the JGZ.
- ks05: every gemeente of that year's division (N=355 in 2020); numerator VoorZorg offered.
- gm03.gemeenten: gemeenten with a known NNZ purchase status (regional monitor, seed 004).
- ks06, ks09: national only: practices trained in Centering Pregnancy over the number of midwifery
  practices (KNOV, N=579), JGZ organisations offering Centering Parenting over the number of JGZ
  organisations (N=37); both totals are registry facts of the country (``aantal_...``).

A gemeente fact counts only when the gemeente exists in the peildatum year's division.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Measure
from kansrijk.programme.facts import IMPULS, KINDS
from kansrijk.programme.intake import Facts, facts_on
from kansrijk.vocabulary import PUBLISHED
from kansrijk.store import Store

NATIONAL = "NL01"
ROW_COLUMNS = ["indicator", "area_code", "period_start", "period_end", "reference_date",
               "numerator", "denominator", "status", "synthetic", "from_records"]
MONTHS = {m: i for i, m in enumerate(
    ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
     "oktober", "november", "december"), start=1)}
_PEILDATUM = re.compile(r"peildatum\s+(\d{1,2})\s+([a-z]+)")



@dataclass(frozen=True)
class GemeenteRule:
    """A per-gemeente indicator: who is in the population, and who counts in the numerator."""

    population: Callable[[Facts, set[str]], set[str]]
    counted: Callable[[Facts, str], bool]
    needs: tuple[str, ...]


@dataclass(frozen=True)
class NationalRule:
    """A national indicator: the count of subjects with a positive fact over a registered total."""

    fact: str
    total: str


def _positive(facts: Facts, kind: str, subject: str) -> bool:
    return facts.get(kind, {}).get(subject) in KINDS[kind].positive


def _with(kind: str) -> Callable[[Facts, set[str]], set[str]]:
    return lambda facts, gemeenten: {s for s in facts.get(kind, {}) if s in gemeenten}


def _positive_in(kind: str) -> Callable[[Facts, set[str]], set[str]]:
    return lambda facts, gemeenten: {s for s in facts.get(kind, {}) if s in gemeenten and _positive(facts, kind, s)}


def _impuls(facts: Facts, gemeenten: set[str]) -> set[str]:
    return {s for kind in IMPULS for s in facts.get(kind, {}) if s in gemeenten and _positive(facts, kind, s)}


def _all(facts: Facts, gemeenten: set[str]) -> set[str]:
    return set(gemeenten)


GEMEENTE_RULES: dict[str, GemeenteRule] = {
    "ks01": GemeenteRule(_impuls, lambda f, s: _positive(f, "coalitie", s), ("coalitie",)),
    "ks02": GemeenteRule(_impuls, lambda f, s: _positive(f, "plan_van_aanpak", s), ("plan_van_aanpak",)),
    "ks03": GemeenteRule(_positive_in("nnz_centrumgemeente"), lambda f, s: _positive(f, "nnz_gestart", s),
                         ("nnz_centrumgemeente",)),
    "ks04": GemeenteRule(_with("phb_jgz"), lambda f, s: _positive(f, "phb_jgz", s), ("phb_jgz",)),
    "ks05": GemeenteRule(_all, lambda f, s: _positive(f, "voorzorg", s), ("voorzorg",)),
    "gm03.gemeenten": GemeenteRule(_with("nnz_aangesloten"), lambda f, s: _positive(f, "nnz_aangesloten", s),
                                   ("nnz_aangesloten",)),
}
NATIONAL_RULES: dict[str, NationalRule] = {
    "ks06": NationalRule("centering_pregnancy", "aantal_verloskundigenpraktijken"),
    "ks09": NationalRule("centering_parenting", "aantal_jgz_organisaties"),
}
REGISTRY_MEASURES = frozenset(GEMEENTE_RULES) | frozenset(NATIONAL_RULES)


def peildatum(reference: str, year: int) -> tuple[date, bool]:
    """The day a measure is counted on in ``year`` and whether it is a reference date.

    ``peildatum 15 september`` -> (``year``-09-15, True); anything else (``kalenderjaar``) -> 31
    December, False (the figure is for the calendar year).
    """
    match = _PEILDATUM.search(reference.lower())
    if match and match.group(2) in MONTHS:
        return date(year, MONTHS[match.group(2)], int(match.group(1))), True
    return date(year, 12, 31), False


def _years(store: Store) -> list[int]:
    row = store.con.execute("SELECT min(year(valid_from)), max(year(valid_from)) FROM registry_facts").fetchone()
    if row is None or row[0] is None:
        return []
    return list(range(int(row[0]), int(row[1]) + 1))


def _synthetic(store: Store) -> bool:
    row = store.con.execute(
        "SELECT bool_or(i.synthetic) FROM registry_facts f JOIN imports i USING (import_id)"
    ).fetchone()
    return bool(row and row[0])


def programme_observations(store: Store, measures: Sequence[Measure], areas: AreaRegistry) -> pd.DataFrame:
    """Base rows (``ROW_COLUMNS``) for the registry indicators among ``measures``; empty without a registry."""
    wanted = [m for m in measures if m.id in REGISTRY_MEASURES]
    if not wanted or not store.table_exists("registry_facts"):
        return pd.DataFrame(columns=ROW_COLUMNS)
    synthetic = _synthetic(store)
    rows: list[tuple[object, ...]] = []
    cache: dict[date, Facts] = {}
    for year in _years(store):
        if not areas.first_year <= year <= areas.current_year:
            continue
        gemeenten = {a.code for a in areas.gemeenten(year)}
        for measure in wanted:
            day, is_reference = peildatum(measure.reference, year)
            facts = cache.get(day)
            if facts is None:
                facts = cache[day] = facts_on(store, day)
            stamp = pd.Timestamp(day) if is_reference else pd.NaT
            head = (measure.id,)
            if measure.id in GEMEENTE_RULES:
                rule = GEMEENTE_RULES[measure.id]
                if not any(k in facts for k in rule.needs):
                    continue
                for code in sorted(rule.population(facts, gemeenten)):
                    hit = 1.0 if rule.counted(facts, code) else 0.0
                    rows.append((*head, code, year, year, stamp, hit, 1.0, PUBLISHED, synthetic, 2))
            else:
                national = NATIONAL_RULES[measure.id]
                total = facts.get(national.total, {}).get(NATIONAL)
                if total is None:
                    continue
                count = sum(1 for s in facts.get(national.fact, {}) if _positive(facts, national.fact, s))
                rows.append((*head, NATIONAL, year, year, stamp, float(count), float(total), PUBLISHED, synthetic, 2))
    frame = pd.DataFrame(rows, columns=ROW_COLUMNS)
    frame["reference_date"] = pd.to_datetime(frame["reference_date"]).astype("datetime64[us]")
    return frame
