"""The audit anyone can run on a publication: what an attacker derives about each small number.

It attacks what is public - the published rows (counts of published figures, exactly where they are
published rounded, as their values give them back; the status of hidden ones) and the area
membership - and, for every ``te_klein`` figure, computes the interval of each of
its counts that follows from everything published (see :mod:`kansrijk.disclosure.intervals`). A
figure is listed when an interval holds a single whole number or is narrower than the catalogue's
protection level while it may hold a small number; and every small difference between published
figures of measures whose populations nest (:func:`nested_differences`). A ``te_klein`` status says
that one count of the figure is small; with the store's exact results the audit takes the attacker to
know which (where the others are large, the attacker does), else it uses the status for nothing.
With them it also attacks those differences as the checks protect them, with linear programmes over
the measures and their atoms (:func:`nested_intervals`): a difference is found where published sums
confine it, also where one of its figures is hidden; a difference of four measures as the checks see
it (:func:`fourfold_findings`). What earlier editions published is set beside
the publication first (:func:`with_earlier`), as an attacker who kept them holds it.
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
from kansrijk.areas import AreaRegistry
from kansrijk.disclosure import (
    LEVEL_WITHHELD, NESTED, REASONS, ROW_ORDER, SOURCE_PRIVACY, checked_together, earlier_only, published_before,
    with_partners,
)
from kansrijk.disclosure.fourfold import fourfold_checks
from kansrijk.disclosure.intervals import attacker_intervals, exposed
from kansrijk.disclosure.links import Links, as_one, related_groups
from kansrijk.disclosure.nesting import (
    KEYS, Composition, atom_names, count_tables, difference_job, difference_values, differences, involved, keyed,
    own_checks, same_rows, small,
)
from kansrijk.disclosure.primary import small_counts, told_bounds
from kansrijk.disclosure.relations import MeasureRelations, build_relations
from kansrijk.disclosure.secondary import knowledge, statuses_tell
from kansrijk.disclosure.unrounding import read_back
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
    figures) add which count of a ``te_klein`` figure is small, the attack on the differences
    between measures whose populations nest (:func:`nested_intervals`) and the largest
    denominator hidden for privacy. ``related`` holds every measure whose published denominators
    the attacker may use (default: those audited); what earlier editions published is added with
    :func:`with_earlier`."""
    related = related or measures
    published = _read_back(published.reset_index(drop=True), related, results)
    status = published["status"].to_numpy()
    # A figure its source withholds (told apart by its reason) holds no counts and is in no sum.
    withheld = (published["reason"] == REASONS[SOURCE_PRIVACY]).to_numpy()
    # The measures audited, and those of their differences with measures whose populations nest.
    involved_in = set(measures) | {m for d in differences(measures, related) for m in d.measures}
    active = np.isin(status, TAKING_PART) & ~withheld & published["indicator"].isin(list(involved_in)).to_numpy()
    # A figure hidden for a difference with a measure whose population nests in or around its own
    # protects that difference, not a count of its own measure: counted apart.
    by_level = published["reason"].isin([REASONS[LEVEL_WITHHELD], REASONS[NESTED]]).to_numpy()
    exact = None if results is None else _exact(published, results)
    if exact is not None:  # a published figure's counts are exact, also one of an earlier edition
        shown = published[["numerator", "denominator"]].to_numpy(float).T
        exact = np.where(np.isnan(exact) & (status == PUBLISHED), shown, exact)
    # The largest denominator hidden for privacy (not for a difference), per measure.
    hidden_den = {} if exact is None else pd.Series(exact[1]).where((status == PRIVACY) & ~by_level) \
        .groupby(published["indicator"].to_numpy()).max().dropna().to_dict()
    siblings = sibling_denominators(published, related)
    all_rels = {rel.indicator: rel for rel in build_relations(published, membership, active=active)}
    rels = {name: rel for name, rel in all_rels.items() if name in measures}
    told = np.zeros((len(published), 3), dtype=bool) if exact is None else _told(published, exact, related)

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
                      at_most=told_bounds(told[rel.rows], float(measure.threshold)))
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
    nested = nested_differences(published, measures, related, siblings)
    seconds: dict[str, float] = {}
    if exact is not None:
        for name, found in fourfold_findings(published, exact, told, measures, related, membership).items():
            nested.setdefault(name, []).extend(found)
        for name, (found, spent) in nested_intervals(published, exact, measures, related, all_rels, siblings,
                                                     told).items():
            nested.setdefault(name, []).extend(found)
            seconds[name] = spent
    out = [replace(a, findings=a.findings + _new(a.findings, nested.get(a.indicator, ())),
                   seconds=a.seconds + seconds.get(a.indicator, 0.0)) for a in out]
    return sorted(out, key=lambda a: a.indicator)


def with_earlier(published: pd.DataFrame, results: pd.DataFrame, earlier: pd.DataFrame, areas: AreaRegistry,
                 measures: dict[str, Measure]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``published`` as an attacker who kept the earlier editions (``earlier``: the store's ledger)
    holds it, and ``results`` with the exact counts of the figures that adds: a figure hidden for
    privacy now that an earlier edition published with the counts it still has is public; a figure
    of an earlier edition this one lacks that still adds up (last year's pooled window,
    :func:`kansrijk.disclosure.earlier_only`) is one more published figure; and where measures
    checked together lack such a figure beside one that has it, theirs is a hidden one (``te_klein``
    where a count is small, as it was shown then; see :func:`kansrijk.disclosure.with_partners`).
    The checks treat all three alike (docs/disclosure.md, editions). A ``te_klein`` figure stays a
    target (were its count published before, under a lower threshold, that was the earlier
    edition's disclosure)."""
    view = published.reset_index(drop=True)
    exact = _exact(view, results)
    counted = view[ROW_ORDER].assign(numerator=exact[0], denominator=exact[1])
    before = published_before(counted, earlier) & (view["status"] == PRIVACY).to_numpy() \
        & ~np.isnan(exact).all(axis=0)
    if before.any():
        view.loc[before, ["numerator", "denominator"]] = exact[:, before].T
        view.loc[before, ["status", "reason"]] = [PUBLISHED, None]
    extra = earlier_only(results, earlier, areas, areas.membership())
    if extra.empty:
        return view, results
    extra, unpublished = with_partners(extra, results, checked_together(results, measures))
    # In the order of the rows (measure, then key): measures checked together have theirs alike.
    shown = extra.assign(reason=None)
    shown.loc[unpublished, "status"] = np.where(small_counts(extra[unpublished], measures).any(axis=1),
                                                TOO_SMALL, PRIVACY)
    shown.loc[unpublished, ["numerator", "denominator"]] = np.nan
    return (pd.concat([view, shown], ignore_index=True),
            pd.concat([results, extra[unpublished]], ignore_index=True))


def _new(have: Sequence[Finding], found: Sequence[Finding]) -> tuple[Finding, ...]:
    """The findings of ``found`` about a count not in ``have`` (nor earlier in ``found``)."""
    seen = {(f.area_code, f.period, f.count) for f in have}
    out = []
    for f in found:
        if (f.area_code, f.period, f.count) not in seen:
            seen.add((f.area_code, f.period, f.count))
            out.append(f)
    return tuple(out)


def nested_intervals(published: pd.DataFrame, exact: np.ndarray, measures: dict[str, Measure],
                     related: dict[str, Measure], rels: dict[str, MeasureRelations], siblings: np.ndarray,
                     told: np.ndarray) -> dict[str, tuple[list[Finding], float]]:
    """Per measure of ``measures``, the small differences with a measure whose population nests in
    or around its own (:mod:`kansrijk.disclosure.nesting`) that the attacker's programmes confine,
    where the measures of a difference have the same rows (``rels``, over ``published``), built as
    the checks build them (:func:`~kansrijk.disclosure.nesting.difference_job`): the measures and their atoms
    as one count measure, every published figure an equation over atom cells (a denominator also
    where a measure with the same denominators publishes it, ``siblings``), every atom at least 0,
    a hidden figure whose count is not small at least the threshold, a small count of a ``te_klein``
    figure at most the threshold less one (``told``: which counts are small). Which atoms are small
    only the ``exact`` counts say. A small count of a measure confined there is its measure's
    finding, a difference the finding of the measure it withholds, by the difference's label.
    Beside the findings, the seconds the attacks of each measure's differences took."""
    status = published["status"].to_numpy()
    te_klein = status == TOO_SMALL
    frame = published.assign(numerator=exact[0], denominator=exact[1])
    none = np.zeros(len(published), dtype=bool)
    out: dict[str, tuple[list[Finding], float]] = {}
    for d in own_checks(differences(measures, related)):
        started = time.perf_counter()
        composition = Composition.of(d)
        if not all(m in rels for m in composition.members):
            continue
        members = [rels[m] for m in composition.members]
        base = members[0]
        if not same_rows(members):
            continue  # not the same areas and periods (see Known limits in docs/disclosure.md)
        on_den = d.count == "noemer"
        if np.isnan(np.stack([exact[int(on_den)][r.rows] for r in members])).any():
            continue  # a figure without exact counts: which atoms are small is not known
        public = (status == PUBLISHED) | (on_den & ~np.isnan(siblings))
        job = difference_job(frame, d, composition, members, [[r.rows] for r in members], te_klein, told, public,
                             none, related)
        if job is None:
            continue  # the counts contradict the definitions, or no atom is small
        measure, n = job.measure, base.size
        level, threshold = float(measure.protection), float(measure.threshold)
        shown = job.candidate  # the published figures
        not_small, at_most = statuses_tell(job.primary, job.small, job.unseen, threshold)
        k = knowledge(job.rel, shown, job.part["numerator"].to_numpy(float), job.part["denominator"].to_numpy(float),
                      ~shown & not_small, measure, at_most=at_most)
        truth = (job.part["numerator"].to_numpy(float), job.part["denominator"].to_numpy(float))
        named = [(m, d.count) for m in composition.members] + atom_names(d)
        for i in exposed(attacker_intervals(k, np.flatnonzero(job.primary), level, threshold, truth), level,
                         threshold):
            row = published.iloc[base.rows[i.row % n]]
            indicator, count = named[i.row // n]
            out.setdefault(indicator, ([], 0.0))[0].append(
                Finding(indicator, str(row["area_code"]), str(row["period"]), count, i.lower, i.upper))
        findings, spent = out.get(d.inner, ([], 0.0))
        out[d.inner] = findings, spent + time.perf_counter() - started
    return out


def fourfold_findings(published: pd.DataFrame, exact: np.ndarray, told: np.ndarray, measures: dict[str, Measure],
                      related: dict[str, Measure], membership: Sequence[tuple[str, str]]) -> dict[str, list[Finding]]:
    """Per measure of ``measures``, the small values of its differences of four measures
    (:mod:`kansrijk.disclosure.fourfold`) that the published figures confine, as the checks find
    them: which values are small only the ``exact`` counts say, which count of a ``te_klein``
    figure is small ``told``."""
    frame = published.assign(numerator=exact[0], denominator=exact[1])
    public = (published["status"] == PUBLISHED).to_numpy()
    out: dict[str, list[Finding]] = {}
    for check in fourfold_checks(frame, told, related, differences(measures, related), membership):
        for i in check.confined(public):
            row = published.iloc[check.rows[check.d.inner][i.row]]
            out.setdefault(check.d.inner, []).append(
                Finding(check.d.inner, str(row["area_code"]), str(row["period"]), check.d.label, i.lower, i.upper))
    return out


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


def _told(published: pd.DataFrame, exact: np.ndarray, measures: dict[str, Measure]) -> np.ndarray:
    """Per row of ``published``, which counts its ``te_klein`` status tells are small (numerator,
    denominator, complement), from the ``exact`` counts: the attacker is taken to know which
    (:func:`~kansrijk.disclosure.primary.told_bounds`)."""
    at = np.flatnonzero((published["status"] == TOO_SMALL).to_numpy() & ~np.isnan(exact).all(axis=0)
                        & published["indicator"].isin(list(measures)).to_numpy())
    rows = pd.DataFrame({"indicator": published["indicator"].to_numpy()[at],
                         "numerator": exact[0, at], "denominator": exact[1, at]})
    out = np.zeros((len(published), 3), dtype=bool)
    out[at] = small_counts(rows, measures)
    return out


def _read_back(published: pd.DataFrame, measures: dict[str, Measure], results: pd.DataFrame | None) -> pd.DataFrame:
    """``published`` with the exact counts of figures published rounded, as their values give them
    back (:func:`~kansrijk.disclosure.unrounding.read_back`). Where a value leaves several pairs, the
    exact counts of ``results``; without them the figure is taken as hidden and not small (an
    attacker knows at least that much)."""
    out, unsure = read_back(published, measures)
    if not unsure.any():
        return out
    exact = np.full((2, len(out)), np.nan) if results is None else _exact(out, results)
    known = unsure & ~np.isnan(exact[0])
    out.loc[known, "numerator"] = exact[0][known]
    out.loc[known, "denominator"] = exact[1][known]
    out.loc[unsure & ~known, "status"] = PRIVACY
    return out


def _exact(published: pd.DataFrame, results: pd.DataFrame) -> np.ndarray:
    """The exact numerator and denominator (two rows) of every row of ``published`` (NaN where
    ``results`` have none)."""
    keys = [*KEYS, "indicator"]
    rows = keyed(published, ["indicator"]).assign(position=np.arange(len(published)))
    exact = rows.merge(keyed(results, ["indicator", "numerator", "denominator"]), on=keys, how="inner")
    out = np.full((2, len(published)), np.nan)
    out[:, exact["position"].to_numpy()] = exact[["numerator", "denominator"]].to_numpy(float).T
    return out
