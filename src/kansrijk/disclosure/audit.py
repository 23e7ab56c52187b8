"""The audit anyone can run on a publication: what an attacker derives about each small number.

It reads only what is public - the published rows (counts of published figures, the status of hidden
ones) and the area membership - and, for every ``te_klein`` figure, computes the interval of each of
its counts that follows from everything published (see :mod:`kansrijk.disclosure.intervals`). A
figure is listed when an interval holds a single whole number or is narrower than the catalogue's
protection level while it may hold a small number; and every small difference between published
figures of measures whose populations nest (:func:`nested_differences`). A ``te_klein`` status says
that one count of the figure is small; with the store's exact results the audit takes the attacker to
know which (where the others are large, the attacker does), else it uses the status for nothing.
Beside it, from the exact results, the information loss: secondary suppressions per primary one, the largest
denominator hidden for privacy, and the figures hidden for a difference between measures, per measure.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from kansrijk.catalogue import Measure
from kansrijk.disclosure import LEVEL_WITHHELD, NESTED, REASONS, SOURCE_PRIVACY
from kansrijk.disclosure.intervals import attacker_intervals, exposed
from kansrijk.disclosure.links import Links, as_one, related_groups
from kansrijk.disclosure.nesting import KEYS, count_tables, difference_values, differences, involved, keyed, small
from kansrijk.disclosure.primary import small_counts, told_bounds
from kansrijk.disclosure.relations import MeasureRelations, build_relations
from kansrijk.disclosure.secondary import knowledge
from kansrijk.errors import DisclosureError
from kansrijk.vocabulary import PRIVACY, PUBLISHED, TOO_SMALL

TAKING_PART = (PUBLISHED, TOO_SMALL, PRIVACY)
SHARED_FROM = 3


@dataclass(frozen=True)
class Finding:
    """A small number an attacker confines too tightly."""

    indicator: str
    area_code: str
    period: str
    count: str
    lower: float
    upper: float


@dataclass(frozen=True)
class MeasureAudit:
    """The audit of one measure: what was checked, what was found, and what the publication hides."""

    indicator: str
    primary: int
    secondary: int
    largest_hidden_denominator: float | None
    findings: tuple[Finding, ...]
    seconds: float
    # Figures hidden so that a small difference with a measure whose population nests stays unknown.
    withheld: int = 0


def audit_publication(
    published: pd.DataFrame,
    measures: dict[str, Measure],
    membership: Sequence[tuple[str, str]],
    results: pd.DataFrame | None = None,
    related: dict[str, Measure] | None = None,
) -> list[MeasureAudit]:
    """Audit every measure of ``published`` (see the module docstring); ``results`` (the exact
    figures) only adds the largest denominator hidden for privacy. ``related`` holds every measure
    whose published denominators the attacker may use (default: those audited)."""
    published = published.reset_index(drop=True)
    status = published["status"].to_numpy()
    # A figure its source withholds (told apart by its reason) holds no counts and is in no sum.
    withheld = (published["reason"] == REASONS[SOURCE_PRIVACY]).to_numpy()
    active = np.isin(status, TAKING_PART) & ~withheld & published["indicator"].isin(list(measures)).to_numpy()
    # A figure hidden for a difference with a measure whose population nests in or around its own
    # protects that difference, not a count of its own measure: counted apart.
    by_level = published["reason"].isin([REASONS[LEVEL_WITHHELD], REASONS[NESTED]]).to_numpy()
    hidden_den = _hidden_denominators(published[~by_level], results)
    siblings = sibling_denominators(published, related or measures)
    rels = {rel.indicator: rel for rel in build_relations(published, membership, active=active)}
    told = _told(published, results, measures)

    def audit(names: list[str], rel: MeasureRelations, links: Links | None = None) -> list[MeasureAudit]:
        started = time.perf_counter()
        measure = replace(measures[names[0]], id=rel.indicator)
        part = published.iloc[rel.rows]
        part_status = part["status"].to_numpy()
        is_public = part_status == PUBLISHED
        # A denominator a measure with the same denominators publishes is public here too.
        elsewhere = siblings[rel.rows]
        den_known = ~is_public & ~np.isnan(elsewhere)
        den = np.where(den_known, elsewhere, part["denominator"].to_numpy(float))
        k = knowledge(rel, is_public, part["numerator"].to_numpy(float), den, part_status == PRIVACY, measure,
                      den_known, links=links,
                      at_most=None if told is None else told_bounds(told[rel.rows], float(measure.threshold)))
        targets = np.flatnonzero(part_status == TOO_SMALL)
        level, threshold = float(measure.protection), float(measure.threshold)
        found = exposed(attacker_intervals(k, targets, level, threshold), level, threshold) if len(targets) else []
        block = rel.size // len(names)
        seconds = (time.perf_counter() - started) / len(names)
        at_level = by_level[rel.rows]
        return [MeasureAudit(
            name, int((part_status[b * block:(b + 1) * block] == TOO_SMALL).sum()),
            int(((part_status == PRIVACY) & ~at_level)[b * block:(b + 1) * block].sum()), hidden_den.get(name),
            tuple(Finding(name, str(part["area_code"].iloc[i.row]), str(part["period"].iloc[i.row]), i.quantity,
                          i.lower, i.upper) for i in found if i.row // block == b),
            seconds, int(at_level[b * block:(b + 1) * block].sum()),
        ) for b, name in enumerate(names)]

    out: list[MeasureAudit] = []
    # Measures whose definitions relate their numerators (within) are audited as one, as they are
    # protected (kansrijk.disclosure.links), unless what they publish contradicts the definitions
    # (a source that counts otherwise): then one by one.
    for group in related_groups(sorted(rels), measures):
        found = as_one(group, [rels[m] for m in group], measures)
        if found is None:
            continue
        try:
            out += audit(group, *found)
        except DisclosureError:
            continue
        for m in group:
            del rels[m]
    for name, rel in rels.items():
        out += audit([name], rel)
    nested = nested_differences(published, measures, related or measures, siblings)
    out = [replace(a, findings=a.findings + tuple(nested.get(a.indicator, ()))) for a in out]
    return sorted(out, key=lambda a: a.indicator)


def nested_differences(published: pd.DataFrame, measures: dict[str, Measure], related: dict[str, Measure],
                       siblings: np.ndarray) -> dict[str, list[Finding]]:
    """Per measure of ``measures``, the small counts of persons that follow by subtraction from what
    the catalogue says of it and of the measures of ``related`` (:mod:`kansrijk.disclosure.nesting`),
    where every count involved is public for the same area and period: published, or - for an
    outer measure's denominator - in ``siblings`` from a measure with the same denominators (where
    a sibling publishes the inner measure's denominator, the finding is the sibling's). A
    difference below the threshold is a finding: the figures are exact, so it is pinned."""
    found_differences = differences(measures, related)
    at = involved(published, found_differences)
    part = published.iloc[at]
    public = (part["status"] == PUBLISHED).to_numpy()
    tables = count_tables(part, public, siblings[at])
    own = count_tables(part, public)
    out: dict[str, list[Finding]] = {}
    for d in found_differences:
        found = small(difference_values(tables, d, own), related[d.inner].threshold)
        out.setdefault(d.inner, []).extend(Finding(d.inner, area, period, d.label, float(v), float(v))
                                           for (area, period, _, _), v in found.items())
    return out


def sibling_denominators(published: pd.DataFrame, measures: dict[str, Measure]) -> np.ndarray:
    """Per row of ``published``: the denominator another measure of its family publishes for the same
    area and period (NaN: none). A family, as an attacker sees it: measures of persons whose published
    denominators agree wherever both publish one, on at least ``SHARED_FROM`` areas and periods."""
    rows = keyed(published, ["indicator", "denominator"]).assign(position=np.arange(len(published)))
    persons = [i for i, m in measures.items() if m.counts_persons and m.share]
    shown = rows[(published["status"] == PUBLISHED).to_numpy() & rows["denominator"].notna().to_numpy()
                 & rows["indicator"].isin(persons).to_numpy()]
    table = shown.pivot_table(index=KEYS, columns="indicator", values="denominator", aggfunc="first")
    names, values = list(table.columns), table.to_numpy(float)
    agree = np.zeros((len(names), len(names)))
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            both = ~np.isnan(values[:, i]) & ~np.isnan(values[:, j])
            agree[i, j] = both.sum() >= SHARED_FROM and np.array_equal(values[both, i], values[both, j])
    _, label = connected_components(sp.csr_matrix(agree), directed=False)
    out = np.full(len(published), np.nan)
    for group in (np.flatnonzero(label == g) for g in np.unique(label)):
        if len(group) < 2:
            continue
        group = [names[i] for i in group]
        known = table[group].bfill(axis=1).iloc[:, 0].rename("elsewhere").reset_index()
        mine = rows[rows["indicator"].isin(group)].merge(known, on=KEYS, how="inner")
        out[mine["position"].to_numpy()] = mine["elsewhere"].to_numpy(float)
    return out


def _told(published: pd.DataFrame, results: pd.DataFrame | None, measures: dict[str, Measure]) -> np.ndarray | None:
    """Per row of ``published``, which counts its ``te_klein`` status tells are small (numerator,
    denominator, complement), from the exact ``results``: the attacker is taken to know which
    (:func:`~kansrijk.disclosure.primary.told_bounds`). None without results."""
    if results is None:
        return None
    keys = ["indicator", "area_code", "period", "reference_date"]
    rows = published[keys].assign(position=np.arange(len(published)))
    rows = rows[(published["status"] == TOO_SMALL).to_numpy() & published["indicator"].isin(list(measures)).to_numpy()]
    exact = rows.merge(results[keys + ["numerator", "denominator"]], on=keys, how="inner")
    out = np.zeros((len(published), 3), dtype=bool)
    out[exact["position"].to_numpy()] = small_counts(exact, measures)
    return out


def _hidden_denominators(published: pd.DataFrame, results: pd.DataFrame | None) -> dict[str, float]:
    if results is None:
        return {}
    keys = ["indicator", "area_code", "period", "reference_date"]
    privacy = published.loc[published["status"] == PRIVACY, keys]
    exact = privacy.merge(results[keys + ["denominator"]], on=keys, how="left")
    return exact.groupby("indicator")["denominator"].max().dropna().to_dict()
