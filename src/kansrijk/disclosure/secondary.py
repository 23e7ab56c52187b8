"""Secondary suppression for every measure: Gaussian elimination, then an interval check that adds
suppressions until no small number can be confined by a linear programme.

The candidates are ordered by value to the reader: figures of earlier editions first (they are known
already), then by denominator, largest first (NL, provinces and regions, then large gemeenten, then
pooled figures of small gemeenten before their single years), ties broken by area level, pooled
before single year, and the row's place in the fixed order of the results; a gemeente's pooled
figure whose years are all small, the only figure a reader gets of it, before every other gemeente
figure. Figures that add up the
same cells (a jeugdregio of one gemeente and that gemeente) are one equation: hiding it hides each of
them, so it ranks by their denominators together. Secondary suppression therefore falls on the
smallest figures that do the job. Where the check after the elimination finds a published sum that
confines a small count (see :mod:`kansrijk.disclosure.gauss`), the elimination runs again: a hidden
figure whose floor took the room goes first, so that it is published and another, with room, is
hidden; a figure the check names is hidden as well.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import replace
from typing import NamedTuple

import numpy as np
import pandas as pd

from kansrijk.catalogue import Measure
from kansrijk.disclosure.families import (
    Shared, denominator_families, denominator_floors, denominator_frame, denominator_measure,
)
from kansrijk.disclosure.gauss import Protection, gauss_suppression
from kansrijk.disclosure.intervals import Knowledge, attacker_intervals, exposed
from kansrijk.disclosure.links import Links, as_one, linked_parts, related_groups
from kansrijk.disclosure.job import Job, any_of, job_columns
from kansrijk.disclosure.nesting import Difference, NestedCheck
from kansrijk.disclosure.primary import told_bounds
from kansrijk.disclosure.propagation import confined_by_sums
from kansrijk.disclosure.relations import MeasureRelations, build_relations
from kansrijk.disclosure.release import UNREPORTED_LEVELS, ReleaseModel, reported_region
from kansrijk.disclosure.workers import Workers, worker_count
from kansrijk.errors import DisclosureError
from kansrijk.vocabulary import PUBLISHED

LEVEL_ORDER = {"land": 0, "provincie": 1, "ggd": 2, "jeugdregio": 3, "regio": 4, "gemeente": 5}
MAX_REPAIRS = 200
# Passes of the elimination at most, each with the hidden figures the check of published sums found
# too close to the threshold in the last moved first.
GAUSS_PASSES = 3
# What the figure a reader sees first of an area is worth, in denominators (see headlines).
HEADLINE = 3.0
# Below this many small figures in all, starting worker processes costs more than it saves.
PARALLEL_FROM = 5_000


def secondary_suppression(
    frame: pd.DataFrame,
    primary: np.ndarray,
    small: np.ndarray,
    membership: Sequence[tuple[str, str]],
    measures: dict[str, Measure],
    known: np.ndarray | None = None,
    meanwhile: Callable[[], None] | None = None,
    withheld: np.ndarray | None = None,
    nested: Sequence[Difference] = (),
) -> Suppression:
    """The rows to suppress besides ``primary`` so that no small number can be derived.

    ``small`` says per row which counts are small (numerator, denominator, complement); ``known``
    marks rows published in an earlier edition with the same counts (the attacker has them).
    Rows whose status is not ``gepubliceerd`` are never published and need no protection; nor are
    ``withheld`` rows (at a level their measure is not published at), whose small counts are
    protected all the same (they are cells of the sums that are published).
    ``nested`` are differences between measures with the same rows (see
    :mod:`kansrijk.disclosure.nesting`) to protect cell by cell, as small numbers of their own.
    ``meanwhile`` is called once every check is handed to the worker processes, or at once when
    the checks run in this process.
    """
    known = np.zeros(len(frame), dtype=bool) if known is None else known
    frame = frame.assign(headline=headlines(frame, primary))
    withheld = np.zeros(len(frame), dtype=bool) if withheld is None else withheld
    checked = np.unique(frame["indicator"].to_numpy()[primary])
    # Measures are independent: a large publication is checked by one process per core.
    count = worker_count(len(checked))
    workers = Workers(count) if count > 1 and int(primary.sum()) >= PARALLEL_FROM else None
    if workers is None and meanwhile is not None:
        meanwhile()
    try:
        plan = _Plan(frame, primary, small, known, checked, membership, measures, withheld, nested)
        masks = plan.run(workers.pool if workers else None, count, meanwhile)
    finally:
        if workers:
            workers.close()
    out = np.zeros(len(frame), dtype=bool)
    for name, mask in masks.items():
        out[plan.jobs[name].rel.rows] = mask
    by_nesting = any_of([p.hidden for p in plan.nested], len(frame))
    return Suppression(out | by_nesting, by_nesting & ~primary)


def headlines(frame: pd.DataFrame, primary: np.ndarray) -> np.ndarray:
    """Per row, whether it is the figure a reader sees first of an area: its measure's latest year,
    or, where that year is too small to publish, its latest pooled window."""
    end = frame["period_end"]
    pooled = (end > frame["period_start"]).to_numpy()
    by = frame["indicator"].to_numpy()
    latest = (end.groupby([by, pooled]).transform("max") == end).to_numpy()
    year = latest & ~pooled
    keys = pd.MultiIndex.from_arrays([by, frame["area_code"].to_numpy()])
    shown = ~frame["area_level"].isin(UNREPORTED_LEVELS).to_numpy()
    return shown & (year | (latest & pooled & keys.isin(keys[year & primary])))


class Suppression(NamedTuple):
    """Per row: ``hidden`` by secondary suppression; ``nested``, hidden so that a difference with a
    measure whose population nests in or around its own stays unknown."""

    hidden: np.ndarray
    nested: np.ndarray


class _Plan:
    """The checks of one publication: a pass per family of measures that share their denominators,
    and a job per measure with a small number to protect. The relations of every measure checked
    (and of each family's first member, whose relations its denominators share) are built at once;
    ``jobs`` holds the arguments of each measure's check, its relations' rows being positions in
    the frame."""

    def __init__(self, frame: pd.DataFrame, primary: np.ndarray, small: np.ndarray, known: np.ndarray,
                 checked: np.ndarray, membership: Sequence[tuple[str, str]], measures: dict[str, Measure],
                 withheld: np.ndarray, nested: Sequence[Difference] = ()) -> None:
        counted = frame["status"].to_numpy() == PUBLISHED
        open_ = counted & ~withheld
        names = [str(name) for name in checked]
        families = [family for family in denominator_families(frame, measures) if np.isin(family, checked).any()]
        linked = [group for family in families for group in related_groups(list(family), measures)
                  if np.isin(group, checked).any()]
        wanted = sorted(set(names) | {family[0] for family in families} | {m for group in linked for m in group}
                        | {m for d in nested for m in d.measures})
        at = np.flatnonzero(frame["indicator"].isin(wanted).to_numpy())
        relations = {rel.indicator: _frame_rows(rel, at) for rel in build_relations(frame.iloc[at], membership)}
        rows_of = pd.Series(np.arange(len(frame))).groupby(frame["indicator"].to_numpy()).indices
        self.passes = [FamilyPass.of(frame, family, [rows_of[m] for m in family], counted, open_, known, membership,
                                      measures, relations.get(family[0])) for family in families]
        self.family_of = {m: p for p in self.passes for m in p.family}
        self.nested = NestedCheck.all_of(frame, nested, relations, self.family_of, primary, small, open_, known,
                                          measures)
        # The passes whose hidden rows each measure takes over (a measure's check waits for them).
        self.passes_of: dict[str, list[FamilyPass | NestedCheck]] = {m: [p] for m, p in self.family_of.items()}
        for p in self.nested:
            for m in p.touched:
                self.passes_of.setdefault(m, []).append(p)
        columns = frame[job_columns(frame)]
        self.jobs: dict[str, Job] = {}
        self.links: dict[str, Links] = {}

        def job(rel: MeasureRelations, measure: Measure) -> Job:
            rows = rel.rows
            return Job(columns.iloc[rows], rel, primary[rows], small[rows], open_[rows] & ~primary[rows],
                        known[rows], measure)

        for name in names:
            rel = relations.get(name)
            if rel is not None:
                self.jobs[name] = job(rel, measures[name])
        # Members whose definitions imply relations between them are checked as one (see
        # kansrijk.disclosure.links), as long as their relations are alike and their counts obey them.
        for group in linked:
            rels = [relations[m] for m in group if m in relations]
            found = as_one(group, rels, measures) if len(rels) == len(group) else None
            if found is None:
                continue
            joint, links = found
            counts = frame[["numerator", "denominator"]].to_numpy(float)[joint.rows]
            if not links.hold(counts[:, 0], counts[:, 1]):
                continue
            # Its parts (the years before the pooled windows, the pooled windows' years) share no cell
            # and no link: each is a job of its own, so that the two processes share the work.
            measure = replace(measures[group[0]], id=joint.indicator)
            label = linked_parts(joint, links)
            for part in np.unique(label):
                rows = np.flatnonzero(label == part)
                name = f"{joint.indicator}#{part}"
                self.jobs[name] = job(joint.restricted_to(rows), measure)
                self.links[name] = links.restricted(rows, joint.size)
                self.family_of[name] = self.family_of[group[0]]
                self.passes_of[name] = list({id(p): p for m in group for p in self.passes_of.get(m, [])}.values())
            for m in group:
                self.jobs.pop(m, None)
        # Measures checked as one first, then most small figures first (the result does not depend on
        # the order): the longest checks start first, and so do the passes their families wait for.
        self.order = sorted(self.jobs, key=lambda name: (name not in self.links, -int(self.jobs[name].primary.sum())))
        self.passes.sort(key=lambda p: min((self.order.index(m) for m in self.jobs if self.family_of.get(m) is p),
                                           default=len(self.order)))

    def shared(self, name: str) -> Shared | None:
        """What a measure's family and the differences it is in impose, once their passes are done
        (None without any)."""
        passes = self.passes_of.get(name, [])
        if not passes:
            return None
        rows = self.jobs[name].rel.rows
        hidden = any_of([p.hidden[rows] for p in passes], len(rows))
        family = self.family_of.get(name)
        den_hidden = any_of([p.hidden[rows] for p in passes if p.hides_denominators], len(rows))
        return Shared(forced=hidden & self.jobs[name].candidate,
                      den_known=None if family is None else ~den_hidden & family.public[rows])

    def run(self, pool: ProcessPoolExecutor | None = None, workers: int = 1,
            meanwhile: Callable[[], None] | None = None) -> dict[str, np.ndarray]:
        """Each measure's rows to hide, checked in ``pool`` (else here): a measure once the passes it
        takes hidden rows from are done. No more checks are handed to the pool than it has
        ``workers``, so that a large measure that waited for a pass goes before smaller ones.
        ``meanwhile`` is called once every check is handed to the pool or waits for it (with a pool
        only)."""
        passes = [p for p in [*self.passes, *self.nested] if p.job]
        if pool is None:
            for p in passes:
                p.finish(_one_measure(*p.job, p.floors))
            return {name: _one_measure(*self._arguments(name)) for name in self.order}
        masks: dict[str, np.ndarray] = {}
        running: dict = {}
        waiting = {name: {id(p) for p in self.passes_of.get(name, []) if p.job} for name in self.order}

        def submit(ready: list[FamilyPass | NestedCheck | str]) -> None:
            while ready and len(running) < workers:
                what = ready.pop(0)
                args = self._arguments(what) if isinstance(what, str) else (*what.job, what.floors)
                running[pool.submit(_one_measure, *args)] = what

        # Passes first (measures wait for them), then the measures, most small figures first.
        ready: list[FamilyPass | NestedCheck | str] = [*passes, *(name for name in self.order if not waiting[name])]
        submit(ready)
        if meanwhile is not None:
            meanwhile()
        while ready or running:
            submit(ready)
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                what = running.pop(future)
                if isinstance(what, str):
                    masks[what] = future.result()
                    continue
                what.finish(future.result())
                freed = []
                for name, pending in waiting.items():
                    if id(what) in pending:
                        pending.discard(id(what))
                        freed += [] if pending else [name]
                ready = sorted([*ready, *freed], key=self._rank)
        return masks

    def _arguments(self, name: str) -> tuple:
        """The arguments of :func:`_one_measure` for the check of ``name``: a measure's own check (not
        one of measures checked as one) publishes again what turns out not to need hiding."""
        links = self.links.get(name)
        return (*self.jobs[name], self.shared(name), links, links is None)

    def _rank(self, what: FamilyPass | NestedCheck | str) -> int:
        return self.order.index(what) if isinstance(what, str) else -1


class FamilyPass:
    """The protection of a family's small denominators, on the denominators alone (see
    :mod:`kansrijk.disclosure.families`): ``job`` holds its check (None when no denominator is
    small: every one may then be public), with the lower bounds the attacker knows of hidden
    denominators in ``floors``; once it is done ``hidden`` says per row of the frame whether its
    denominator stays hidden in every member. ``public`` says per row of the frame whether a member
    may publish its denominator at all."""

    hides_denominators = True

    def __init__(self, family: tuple[str, ...], members: list[np.ndarray], rows: np.ndarray, small: np.ndarray,
                 job: Job | None, size: int, open_any: np.ndarray, floors: Shared | None = None) -> None:
        self.family, self.members, self.rows, self.small, self.job = family, members, rows, small, job
        self.floors = floors
        self.hidden = np.zeros(size, dtype=bool)
        self.public = np.zeros(size, dtype=bool)
        for member in members:
            self.public[member] = open_any

    @classmethod
    def of(cls, frame: pd.DataFrame, family: tuple[str, ...], members: list[np.ndarray], counted: np.ndarray,
           open_: np.ndarray, known: np.ndarray, membership: Sequence[tuple[str, str]], measures: dict[str, Measure],
           first_relations: MeasureRelations | None = None) -> FamilyPass:
        """The pass of ``family``, whose ``members`` are given as their rows of ``frame`` (same keys,
        same order); ``first_relations`` are those of its first member (rows as frame positions),
        which the denominators share when every row with counts has a denominator. ``counted`` rows
        have counts; ``open_`` rows may be published (a denominator is public where any member
        publishes it)."""
        first = members[0]
        measure = denominator_measure(family, measures)
        den = frame["denominator"].to_numpy(float)[first]
        small = np.zeros((len(first), 3), dtype=bool)
        with np.errstate(invalid="ignore"):
            small[:, 0] = counted[first] & (den < measure.threshold)
        open_any = np.logical_or.reduce([open_[m] for m in members])
        if not small[:, 0].any():
            return cls(family, members, np.arange(0), small[:, 0], None, len(frame), open_any)
        seen = np.logical_or.reduce([known[m] for m in members])
        positions = None if first_relations is None else np.searchsorted(first, first_relations.rows)
        if positions is not None and np.array_equal(positions, np.flatnonzero(~np.isnan(den))):
            rel = MeasureRelations(measure.id, positions, first_relations.indptr, first_relations.indices)
        else:
            (rel,) = build_relations(denominator_frame(frame.iloc[first], family).reset_index(drop=True), membership)
        r = rel.rows
        names = job_columns(frame)
        needed = [frame.columns.get_loc(column) for column in names]
        job = Job(denominator_frame(frame.iloc[first[r], needed], family)[names], rel,
                   small[r, 0], small[r], open_any[r] & ~small[r, 0], seen[r], measure)
        return cls(family, members, r, small[:, 0], job, len(frame), open_any,
                   Shared(floors=denominator_floors(den[r], family, measures)))

    def copies(self, measure: str, rows: np.ndarray) -> list[np.ndarray]:
        """``rows`` of member ``measure`` (frame positions) and the rows of every member with the
        same keys."""
        at = np.searchsorted(self.members[self.family.index(measure)], rows)
        return [member[at] for member in self.members]

    def finish(self, mask: np.ndarray) -> None:
        hidden = self.small.copy()
        hidden[self.rows] |= mask
        for member in self.members:
            self.hidden[member] = hidden


def _frame_rows(rel: MeasureRelations | None, at: np.ndarray) -> MeasureRelations | None:
    """``rel`` (built over the frame rows ``at``) with its rows as positions in the frame."""
    return None if rel is None else MeasureRelations(rel.indicator, at[rel.rows], rel.indptr, rel.indices)


def _sole_first(rel: MeasureRelations, part: pd.DataFrame, primary: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """``weight`` with a gemeente's pooled figure whose years are all small ranked before every
    other gemeente figure: it is the only figure a reader gets of that gemeente."""
    rows_of, cells = rel.matrix_entries()
    all_small = np.bincount(rows_of, weights=~primary[cells], minlength=rel.size) == 0
    pooled = (part["period_end"] > part["period_start"]).to_numpy()
    gemeente = (part["area_level"] == "gemeente").to_numpy()
    sole = pooled & gemeente & all_small & ~rel.is_cell
    if not sole.any():
        return weight
    return np.where(sole, weight + weight[gemeente].max(initial=0.0), weight)


def _value_rank(part: pd.DataFrame, weight: np.ndarray) -> np.ndarray:
    """Each row's place by value to the reader: its ``priority`` first where ``part`` has one (a
    measure before the one a difference withholds), then largest weight, area level, pooled before
    single year, and the row's place in the frame."""
    codes, levels = pd.factorize(part["area_level"])
    level = np.array([LEVEL_ORDER.get(name, len(LEVEL_ORDER)) for name in levels] + [len(LEVEL_ORDER)])[codes]
    pooled = (part["period_end"] > part["period_start"]).to_numpy()
    priority = part["priority"].to_numpy() if "priority" in part else np.zeros(len(part), dtype=np.int64)
    rank = np.empty(len(part), dtype=np.int64)
    rank[np.lexsort((np.arange(len(part)), ~pooled, level, -weight, priority))] = np.arange(len(part))
    return rank


def _order(candidates: np.ndarray, value_rank: np.ndarray, known: np.ndarray, first: np.ndarray) -> np.ndarray:
    """The candidates in the order of the elimination: figures of earlier editions, then those to
    publish first, each by value (:func:`_value_rank`)."""
    c = candidates
    return c[np.lexsort((value_rank[c], ~first[c], ~known[c]))]


def _one_measure(
    part: pd.DataFrame,
    rel: MeasureRelations,
    primary: np.ndarray,
    small: np.ndarray,
    candidate: np.ndarray,
    known: np.ndarray,
    measure: Measure,
    unseen: np.ndarray | None = None,
    shared: Shared | None = None,
    links: Links | None = None,
    republish: bool = False,
) -> np.ndarray:
    """The rows of one measure to hide besides ``primary`` (see :func:`secondary_suppression`);
    ``shared`` is what its family of measures with the same denominators imposes, ``links`` what
    their definitions imply between the cells of members checked as one; ``unseen`` rows are no
    figure (the attacker knows no floor of theirs, as of a figure hidden for privacy). With
    ``republish``, hidden figures a reader sees first of a gemeente that turn out not to be needed
    are published after all (:func:`_republished`)."""
    shared = shared or Shared()
    forced = np.zeros(len(primary), dtype=bool) if shared.forced is None else shared.forced
    candidate = candidate & ~forced
    num = part["numerator"].to_numpy(float)
    den = part["denominator"].to_numpy(float)
    values = np.nan_to_num(np.column_stack([num, den, den - num]))
    # A figure's value to the reader is its denominator (or what ``part`` gives as its ``value``);
    # one equation published as several figures is worth them all together, since hiding it hides
    # each of them.
    same_sum = rel.same_sum
    value = part["value"].to_numpy(float) if "value" in part else np.where(np.isnan(den), np.nan_to_num(num), den)
    weight = np.bincount(same_sum, weights=value)[same_sum]
    weight = _sole_first(rel, part, primary, weight)
    if "headline" in part:
        weight = np.where(part["headline"], weight * HEADLINE, weight)
    value_rank = _value_rank(part, weight)
    suppressed = np.zeros(len(primary), dtype=bool)
    first = np.zeros(len(primary), dtype=bool)
    withheld = np.zeros(len(primary), dtype=bool)
    rows = np.arange(rel.size)
    for _ in range(GAUSS_PASSES):
        # A new pass only over the parts (groups of rows that share no cell with others) it changes.
        sub = rel if len(rows) == rel.size else rel.restricted_to(rows)
        order = _order(np.flatnonzero(candidate & ~withheld), value_rank, known, first)
        outcome = gauss_suppression(
            sub.indptr, sub.indices, sub.is_cell,
            np.searchsorted(rows, order[np.isin(order, rows)]), primary[rows], known[rows],
            Protection(values[rows], small[rows], float(measure.protection), float(measure.threshold)),
        )
        suppressed[rows] = outcome.suppressed
        # Rows that add up the same cells are one equation: they are hidden together.
        withheld |= np.isin(same_sum, same_sum[rows[outcome.hide]]) & candidate
        again = rows[outcome.publish_first & ~first[rows]]
        if not len(again):
            break
        first[again] = True
        rows = np.flatnonzero(np.isin(rel.part, rel.part[again]))
    suppressed |= withheld
    not_small, at_most = statuses_tell(primary, small, unseen, float(measure.threshold))
    published = candidate & ~suppressed & ~_widen(rel, part, primary, candidate & ~suppressed, known, weight,
                                                  same_sum, measure, shared, links, not_small, at_most)
    if republish and "headline" in part:
        published |= _republished(rel, part, primary, published, candidate & ~known, _sole(rel, part, published),
                                  weight, same_sum, measure, shared, not_small, at_most)
    return (candidate & ~published) | forced


def _sole(rel: MeasureRelations, part: pd.DataFrame, published: np.ndarray) -> np.ndarray:
    """Per row, whether it is a figure a reader would see first of a gemeente and, hidden, leaves
    the reader none: a latest year whose pooled window up to that year is not ``published``, or that
    window where the year is not published (too small, or hidden by this check or another)."""
    gemeente = (part["area_level"] == "gemeente").to_numpy()
    end = part["period_end"].to_numpy()
    pooled = end > part["period_start"].to_numpy()
    latest = part["headline"].to_numpy() & gemeente & ~pooled
    rows_of, cells = rel.matrix_entries()
    # Each gemeente's pooled window that holds its latest year, and that year.
    pair = pooled[rows_of] & gemeente[rows_of] & latest[cells] & (end[rows_of] == end[cells])
    window_of, year_of = rows_of[pair], cells[pair]
    covered = np.zeros(rel.size, dtype=bool)
    covered[year_of[published[window_of]]] = True
    bare = np.zeros(rel.size, dtype=bool)
    bare[window_of[~published[year_of]]] = True
    return (latest & ~covered) | bare


def _republished(rel: MeasureRelations, part: pd.DataFrame, primary: np.ndarray, published: np.ndarray,
                 may: np.ndarray, wanted: np.ndarray, weight: np.ndarray, same_sum: np.ndarray, measure: Measure,
                 shared: Shared, not_small: np.ndarray, at_most: np.ndarray | None) -> np.ndarray:
    """The hidden ``wanted`` rows (of those that ``may`` be published) that can be published after
    all. Hiding is settled greedily (the elimination, then the repairs), so a figure hidden early
    may turn out not to be needed once the rest is settled. A trial publishes figures and solves
    the attacker's intervals of every small count in the parts they touch: first all of them at
    once, then, if that exposes a count, one by one, most valuable first, each against all that is
    published by then; a figure that exposes a count stays hidden. The result is as safe as the
    publication it started from. Rows that add up the same cells go together."""
    num = part["numerator"].to_numpy(float)
    den = part["denominator"].to_numpy(float)
    truth = (np.nan_to_num(num), np.nan_to_num(den))
    level, threshold = float(measure.protection), float(measure.threshold)
    # Whole equations only, whose every row may be published.
    hidden = ~published & may
    free = np.bincount(same_sum, weights=hidden, minlength=rel.size) == np.bincount(same_sum, minlength=rel.size)
    rows = np.flatnonzero(hidden & wanted & free[same_sum])
    rows = rows[np.unique(same_sum[rows], return_index=True)[1]]
    batches = [rows[np.argsort(-weight[rows], kind="stable")]] if len(rows) else []
    published = published.copy()
    again = np.zeros(rel.size, dtype=bool)
    while batches:
        batch = batches.pop(0)
        trial_rows = np.flatnonzero(np.isin(same_sum, same_sum[batch]))
        trial = published.copy()
        trial[trial_rows] = True
        k = knowledge(rel, trial, num, den, ~trial & not_small, measure, shared.den_known, shared.floors, None,
                      at_most)
        targets = np.flatnonzero(primary & np.isin(rel.part, rel.part[trial_rows]))
        # One sum at a time shows most trials that fail at a fraction of the programmes' cost.
        if not confined_by_sums(k, targets, level) and \
                not exposed(attacker_intervals(k, targets, level, threshold, truth), level, threshold):
            published, again[trial_rows] = trial, True
        elif len(batch) > 1:
            batches[:0] = [batch[i:i + 1] for i in range(len(batch))]
    return again


def statuses_tell(primary: np.ndarray, small: np.ndarray, unseen: np.ndarray | None,
                  threshold: float) -> tuple[np.ndarray, np.ndarray | None]:
    """What the statuses of a check's rows tell an attacker: which hidden rows are not small (all but
    the ``primary`` ones and those never shown, ``unseen``, which have no status), and the bounds on
    the small counts of the te_klein figures (:func:`~kansrijk.disclosure.primary.told_bounds`)."""
    shown = ~unseen if unseen is not None else np.ones(len(primary), dtype=bool)
    return ~primary & shown, told_bounds(small & (primary & shown)[:, None], threshold)


def knowledge(rel: MeasureRelations, published: np.ndarray, num: np.ndarray, den: np.ndarray,
              privacy: np.ndarray, measure: Measure, den_known: np.ndarray | None = None,
              floors: np.ndarray | None = None, links: Links | None = None,
              at_most: np.ndarray | None = None) -> Knowledge:
    """What an attacker knows of one measure when ``published`` rows are public: their counts
    (exactly: where counts are published rounded, the value and interval published with them give
    the counts back), that ``privacy`` rows are not small (each count at least the
    threshold, or the row's ``floors``), that counts are not negative and, for shares and rates of
    persons, that a numerator is at most its denominator; and the denominators of ``den_known``
    rows, which another measure publishes; ``links`` between cells of measures checked as one;
    ``at_most`` what the te_klein statuses tell (:func:`~kansrijk.disclosure.primary.told_bounds`)."""
    den_public = published if den_known is None else published | den_known
    return Knowledge(
        rel.indptr, rel.indices, rel.is_cell, published,
        np.where(published, num, np.nan), np.where(den_public, den, np.nan),
        np.where(privacy, float(measure.threshold) if floors is None else floors, 0.0),
        measure.share, measure.complement_protected, den_known, measure.has_denominator, links,
        at_most if measure.counts_persons else None,
    )


def _widen(
    rel: MeasureRelations,
    part: pd.DataFrame,
    primary: np.ndarray,
    published: np.ndarray,
    known: np.ndarray,
    weight: np.ndarray,
    same_sum: np.ndarray,
    measure: Measure,
    shared: Shared,
    links: Links | None,
    not_small: np.ndarray,
    at_most: np.ndarray | None,
) -> np.ndarray:
    """Suppress more until no primary count is confined to an interval narrower than the protection
    level (see :class:`~kansrijk.disclosure.release.ReleaseModel` for what is hidden). Hiding more only widens intervals, so a
    count certified once is not checked again. ``not_small`` and ``at_most``: what the statuses
    tell (:func:`statuses_tell`)."""
    num = part["numerator"].to_numpy(float)
    den = part["denominator"].to_numpy(float)
    truth = (np.nan_to_num(num), np.nan_to_num(den))
    published = published.copy()
    extra = np.zeros(rel.size, dtype=bool)
    level, threshold = float(measure.protection), float(measure.threshold)
    targets = np.flatnonzero(primary)
    above_gemeente = reported_region(part["area_level"].to_numpy())
    model = ReleaseModel(rel, published, known, primary, truth, weight, above_gemeente, measure, shared.den_known,
                         links, not_small, at_most)

    def hide(rows: np.ndarray) -> None:
        # Rows that add up the same cells are one equation: they are released together.
        rows = np.flatnonzero(np.isin(same_sum, same_sum[rows]) & published & ~known)
        published[rows] = False
        extra[rows] = True
        model.hide(rows)

    for _ in range(MAX_REPAIRS):
        k = knowledge(rel, published, num, den, ~published & not_small, measure, shared.den_known, shared.floors,
                      links, at_most)
        intervals = attacker_intervals(k, targets, level, threshold, truth)
        found = exposed(intervals, level, threshold)
        if not found:
            return extra
        targets = np.unique([i.row for i in intervals])
        hide(model.release(found))
    raise DisclosureError(f"{measure.id}: onthullingscontrole komt niet tot een veilige publicatie")

