"""The programme in numbers for the national factsheet, from the programme registry (factsheet 2020,
seed 000): the gemeenten signed up for the Impuls Kansrijke Start on each date a tranche closed
(figure 2: 98, 147 and 275 of 355), where Nu Niet Zwanger runs on its peildatum (figure 4: 29
centrumgemeenten, 106 surrounding gemeenten, 135 of 355), when prenatal home visits take place
(figure 5: of the 181 gemeenten with PHB-JGZ 25% before week 15, 69% after week 25) and with whom
gemeenten consult (Tekstbox 3: of 288 answering, 91% social, 78% medical, 89% within the gemeente,
212 all three), the last two from the municipal questionnaire.

Counts are of gemeenten of that date's division (as RIVM counts them), whole numbers of a census:
no interval. A gemeente counts as a surrounding NNZ gemeente when it joined (``nnz_aangesloten``)
without being a centrumgemeente where the programme started.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from kansrijk.areas import AreaRegistry
from kansrijk.programme.facts import IMPULS, KINDS, PARTNER_DOMAINS, PHB_MOMENTS
from kansrijk.programme.intake import Facts, facts_on
from kansrijk.store import Store

NNZ_PEILDATUM = (10, 1)  # 1 October, as the indicator ks03


@dataclass(frozen=True)
class ImpulsStep:
    """The sign-ups on the day a tranche closed."""

    day: date
    tranche: int
    signed: int
    total: int


@dataclass(frozen=True)
class NnzCoverage:
    day: date
    centre: int  # centrumgemeenten where NNZ started
    surrounding: int  # other gemeenten that joined
    total: int  # gemeenten of that division

    @property
    def active(self) -> int:
        return self.centre + self.surrounding


@dataclass(frozen=True)
class Shares:
    """Of ``base`` gemeenten (those with PHB-JGZ, or those answering on partners), how many said ja
    per fact kind, and to all of them (``every``)."""

    day: date
    base: int
    counts: tuple[tuple[str, int], ...]  # (fact label, gemeenten)
    every: int


@dataclass(frozen=True)
class ProgrammeOverview:
    impuls: tuple[ImpulsStep, ...]
    nnz: tuple[NnzCoverage, ...]
    phb_moments: Shares | None = None
    partners: Shares | None = None
    # per gemeente of today: its Impuls tranche ("1".."3", or "nee"), and its NNZ role on the last
    # peildatum ("centrum", "omringend" or "geen"); a merged gemeente takes the earliest tranche and
    # the strongest role of the gemeenten merged into it
    impuls_by_gemeente: dict[str, str] = field(default_factory=dict)
    nnz_by_gemeente: dict[str, str] = field(default_factory=dict)


def _yes(facts: Facts, kind: str, gemeenten: set[str]) -> set[str]:
    return {s for s, v in facts.get(kind, {}).items() if s in gemeenten and v in KINDS[kind].positive}


def programme_overview(store: Store, areas: AreaRegistry) -> ProgrammeOverview | None:
    """The Impuls sign-ups per tranche date and the NNZ coverage per year; None without a registry."""
    if not store.table_exists("registry_facts"):
        return None
    rows = store.query("SELECT fact, min(valid_from) AS first, max(valid_from) AS last FROM registry_facts "
                       "WHERE fact IN ('impuls_tranche_1', 'impuls_tranche_2', 'impuls_tranche_3', "
                       "'nnz_gestart', 'nnz_aangesloten') GROUP BY fact")
    known = {r["fact"]: (r["first"], r["last"]) for r in rows}
    steps = []
    today = {a.code for a in areas.gemeenten()}
    impuls_map: dict[str, str] = {}
    for number, kind in enumerate(IMPULS, start=1):
        if kind not in known:
            continue
        day = known[kind][1]  # the tranche's last sign-up date
        if not areas.first_year <= day.year <= areas.current_year:
            continue
        gemeenten = {a.code for a in areas.gemeenten(day.year)}
        facts = facts_on(store, day)
        signed = set().union(*(_yes(facts, k, gemeenten) for k in IMPULS[:number]))
        steps.append(ImpulsStep(day, number, len(signed), len(gemeenten)))
        for code in signed:
            impuls_map.setdefault(areas.current_code(code, day.year), str(number))
    if steps:
        impuls_map = {code: impuls_map.get(code, "nee") for code in today}
    coverage = []
    nnz_map: dict[str, str] = {}
    nnz_years = sorted({d.year for k in ("nnz_gestart", "nnz_aangesloten") if k in known for d in known[k]})
    for year in range(nnz_years[0], nnz_years[-1] + 1) if nnz_years else ():
        if not areas.first_year <= year <= areas.current_year:
            continue
        day = date(year, *NNZ_PEILDATUM)
        gemeenten = {a.code for a in areas.gemeenten(year)}
        facts = facts_on(store, day)
        centre = _yes(facts, "nnz_centrumgemeente", gemeenten) & _yes(facts, "nnz_gestart", gemeenten)
        surrounding = _yes(facts, "nnz_aangesloten", gemeenten) - centre
        coverage.append(NnzCoverage(day, len(centre), len(surrounding), len(gemeenten)))
        roles = {areas.current_code(code, year): "omringend" for code in surrounding}
        roles.update({areas.current_code(code, year): "centrum" for code in centre})
        nnz_map = {code: roles.get(code, "geen") for code in today}
    moments = _shares(store, areas, PHB_MOMENTS, lambda facts, gemeenten: _yes(facts, "phb_jgz", gemeenten))
    partners = _shares(store, areas, PARTNER_DOMAINS, lambda facts, gemeenten: {
        s for kind in PARTNER_DOMAINS for s in facts.get(kind, {}) if s in gemeenten})
    if not steps and not coverage and moments is None and partners is None:
        return None
    return ProgrammeOverview(tuple(steps), tuple(coverage), moments, partners, impuls_map, nnz_map)


def _shares(store: Store, areas: AreaRegistry, kinds: tuple[str, ...],
            base_of: Callable[[Facts, set[str]], set[str]]) -> Shares | None:
    """On the last day a fact of ``kinds`` was given: the gemeenten of ``base_of`` and how many of
    them said ja to each kind."""
    row = store.query(f"SELECT max(valid_from) AS day FROM registry_facts WHERE fact IN ({', '.join('?' * len(kinds))})",
                      list(kinds))
    day = row[0]["day"] if row else None
    if day is None or not areas.first_year <= day.year <= areas.current_year:
        return None
    gemeenten = {a.code for a in areas.gemeenten(day.year)}
    facts = facts_on(store, day)
    base = base_of(facts, gemeenten)
    asked = [kind for kind in kinds if base & set(facts.get(kind, {}))]  # a question nobody answered is left out
    yes = {kind: _yes(facts, kind, gemeenten) & base for kind in asked}
    every = set.intersection(*yes.values()) if yes else set()
    return Shares(day, len(base), tuple((KINDS[k].label, len(v)) for k, v in yes.items()), len(every))
