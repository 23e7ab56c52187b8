"""Differences of four measures, checked on what is published.

A difference of four measures (:attr:`kansrijk.disclosure.nesting.Difference.of_four`: the
households' overlap, ks11.a + ks11.b + ks11.c - ks11.d; the stillbirths at 22-23 weeks, ks12.a -
ks12.b - ks12.c + ks12.d) is published wherever its four figures are, and a published sum of it (a
region's) less the published figures of its members leaves what its hidden members hold together.
Where that remainder is small, so is the difference of each hidden member, whatever the checks of
the four measures one by one leave open: in a jeugdregio whose other gemeenten are published, two
gemeenten whose four figures are all too small, with overlaps 0 and 1, leave each overlap between 0
and 1. :func:`cell_withholding <kansrijk.disclosure.nesting.cell_withholding>` keeps a small
difference from being published; this check keeps it from following from the published ones.

The difference is checked as a count measure of its own, cell by cell: published where all four
figures are, and elsewhere between the bounds its four figures give (a published count is itself,
a hidden one at least the threshold, or, too small, at least 0 and at most the threshold less one
where its status tells it is the small count; each measure's bounds first tightened by its own
sums: a 5-year figure hidden beside published years is at least what they hold); every count at
least 0; the attacker's interval of each small one by linear programming
(:func:`~kansrijk.disclosure.intervals.attacker_intervals`). Where one is narrower than the
protection level, a figure is hidden in the rows that bound it, the cells they add up or the rows
that hold its cells: the withheld measure's where it can, else another of the four, the one of
fewest persons (a region's ten times, a figure a reader sees first three times as dear; not one an
earlier edition published), until none is. Hiding a figure only widens every interval, so what the
other checks found safe stays safe. The attacker of all four measures' groups of persons at once
knows more than this model (docs/disclosure.md, known limits).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from kansrijk.catalogue import Measure
from kansrijk.disclosure.intervals import Interval, Knowledge, attacker_intervals, exposed
from kansrijk.disclosure.nesting import Difference, aligned
from kansrijk.disclosure.propagation import tightened
from kansrijk.disclosure.relations import MeasureRelations, build_relations, cells_of_rows
from kansrijk.disclosure.release import REGION_COST
from kansrijk.disclosure.secondary import HEADLINE
from kansrijk.errors import DisclosureError

MAX_ROUNDS = 100
PASSES = 3  # rounds of tightening a measure's bounds by its sums


class FourfoldCheck:
    """One difference of four measures ``d`` as a count of its own over ``frame`` (exact figures,
    sorted by measure and key; its four measures with counts for the same areas and periods): its
    relations ``rel``, and per measure the frame's rows of its figures, in the order of ``rel``'s
    active rows (``rows``). ``small`` says per row of the frame which counts are small (numerator,
    denominator, complement): its figure is te_klein."""

    def __init__(self, frame: pd.DataFrame, d: Difference, small: np.ndarray, measures: dict[str, Measure],
                 membership: Sequence[tuple[str, str]]) -> None:
        self.d = d
        indicator = frame["indicator"].to_numpy()
        with_counts = (frame["numerator"].notna() | frame["denominator"].notna()).to_numpy()
        rows = {m: np.flatnonzero((indicator == m) & with_counts) for m in d.measures}
        column = frame["denominator" if d.count == "noemer" else "numerator"].to_numpy(float)
        values = sum(sign * column[rows[m]] for m, sign in d.signs.items())
        base = frame.iloc[rows[d.inner]].assign(numerator=values, denominator=np.nan)
        # Without a value anywhere (a figure without counts), nothing to check: no rows.
        self.rel = next(build_relations(base.reset_index(drop=True), membership),
                        MeasureRelations(d.inner, np.zeros(0, dtype=np.int64), np.zeros(1, dtype=np.int64),
                                         np.zeros(0, dtype=np.int64)))
        self.rows = {m: r[self.rel.rows] for m, r in rows.items()}
        self.value = values[self.rel.rows]
        self.counts = {m: column[r] for m, r in self.rows.items()}
        self.small = {m: small[r][:, 1 if d.count == "noemer" else 0] for m, r in self.rows.items()}
        self.te_klein = {m: small[r].any(axis=1) for m, r in self.rows.items()}
        self.threshold, self.level = float(measures[d.inner].threshold), float(measures[d.inner].protection)

    def confined(self, published: np.ndarray) -> list[Interval]:
        """The small values of the difference confined by what ``published`` (per row of the frame)
        leaves public (rows as active rows of ``rel``)."""
        public = {m: published[r] for m, r in self.rows.items()}
        shown = np.logical_and.reduce(list(public.values()))
        targets = np.flatnonzero((self.value >= 0) & (self.value < self.threshold) & ~shown)
        if not len(targets):
            return []
        lower, upper = self._bounds(public)
        size = self.rel.size
        k = Knowledge(self.rel.indptr, self.rel.indices, self.rel.is_cell, shown, np.where(shown, self.value, np.nan),
                      np.full(size, np.nan), np.where(shown, 0.0, lower), False, False, has_denominator=False,
                      at_most=np.column_stack([upper, np.full((size, 2), np.inf)]))
        intervals = attacker_intervals(k, targets, self.level, self.threshold, (self.value, np.zeros(size)))
        return exposed(intervals, self.level, self.threshold)

    def _bounds(self, public: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """Per row, the least and most the difference can be by its members' figures alone: a
        published count is itself; a hidden one at least the threshold (status privacy: not small)
        or 0 (te_klein), and at most the threshold less one where its status tells it is the small
        count."""
        lower, upper = 0.0, 0.0
        for m, sign in self.d.signs.items():
            counts = self.counts[m]
            least = np.where(public[m], counts, np.where(self.te_klein[m], 0.0, self.threshold))
            most = np.where(public[m], counts, np.where(self.small[m], self.threshold - 1, np.inf))
            least, most = tightened(self.rel.indptr, self.rel.indices, self.rel.is_cell, least, most, PASSES)
            lower = lower + (least if sign > 0 else -most)
            upper = upper + (most if sign > 0 else -least)
        return np.maximum(lower, 0.0), upper


def fourfold_checks(frame: pd.DataFrame, small: np.ndarray, measures: dict[str, Measure], found: Sequence[Difference],
                    membership: Sequence[tuple[str, str]]) -> list[FourfoldCheck]:
    """A check per difference of four measures in ``found`` whose measures have counts for the same
    areas and periods in ``frame``."""
    return [FourfoldCheck(frame, d, small, measures, membership) for d in aligned(frame, [d for d in found if d.of_four])]


def fourfold_hidden(frame: pd.DataFrame, published: np.ndarray, known: np.ndarray, small: np.ndarray,
                    headline: np.ndarray, measures: dict[str, Measure], found: Sequence[Difference],
                    membership: Sequence[tuple[str, str]]) -> np.ndarray:
    """The rows of ``frame`` (exact figures, sorted by measure and key) to hide besides those not
    ``published`` so that no difference of four measures in ``found`` follows from the published
    figures where it is small; ``known`` rows were published by an earlier edition; ``small`` says
    per row which counts are small; ``headline`` rows are the figure a reader sees first of their
    area (they cost three times as much to hide, as in secondary suppression)."""
    out = np.zeros(len(frame), dtype=bool)
    # A figure's cost is its persons, a region's ten times and one a reader sees first three times
    # (as in a repair).
    cost = frame["denominator"].to_numpy(float) * np.where(frame["area_level"].to_numpy() == "gemeente", 1.0,
                                                            REGION_COST) * np.where(headline, HEADLINE, 1.0)
    for check in fourfold_checks(frame, small, measures, found, membership):
        for _ in range(MAX_ROUNDS):
            found_now = check.confined(published & ~out)
            if not found_now:
                break
            # Each exposed value gets a figure of what this round publishes (one may do for several:
            # the next round tells).
            open_ = published & ~out & ~known
            out[[_bounding(check, interval, open_, cost) for interval in found_now]] = True
        else:
            raise DisclosureError(f"{check.d.label}: onthullingscontrole komt niet tot een veilige publicatie")
    return out


def _bounding(check: FourfoldCheck, interval: Interval, open_: np.ndarray, cost: np.ndarray) -> int:
    """The figure (a row of the frame) to hide for an exposed ``interval``: one of the rows that
    bound it, the cells they add up and the rows that hold its own cells, the withheld measure's
    where it can (else the inner measure's, then the outer ones'), the cheapest (``cost``) that is
    published and that no earlier edition published (``open_``)."""
    rel = check.rel
    binding = np.array(interval.binding, dtype=np.int64)
    rows_of, cells = rel.matrix_entries()
    near = np.unique(np.concatenate([[interval.row], binding, cells_of_rows(rel.indptr, rel.indices, binding)[1],
                                     rows_of[np.isin(cells, rel.cells(interval.row))]]))
    for m in dict.fromkeys((check.d.withhold, check.d.inner, *check.d.outer)):
        at = check.rows[m][near]
        at = at[open_[at]]
        if len(at):
            return int(at[np.argmin(cost[at])])
    raise DisclosureError("een klein verschil van vier cijfers blijft af te leiden; niets gepubliceerd")
