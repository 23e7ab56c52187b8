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
figures are, every count at least 0, the attacker's interval of each small one by linear
programming (:func:`~kansrijk.disclosure.intervals.attacker_intervals`). Where one is narrower than
the protection level, the withheld measure's figure is hidden in a published row that bounds it
(the one of fewest persons, not one an earlier edition published), until none is. Hiding a figure
only widens every interval, so what the other checks found safe stays safe.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from kansrijk.catalogue import Measure
from kansrijk.disclosure.intervals import Interval, Knowledge, attacker_intervals, exposed
from kansrijk.disclosure.nesting import Difference, aligned
from kansrijk.disclosure.relations import MeasureRelations, build_relations, cells_of_rows
from kansrijk.disclosure.release import REGION_COST
from kansrijk.disclosure.secondary import HEADLINE
from kansrijk.errors import DisclosureError

MAX_ROUNDS = 100


def fourfold_hidden(frame: pd.DataFrame, published: np.ndarray, known: np.ndarray, small: np.ndarray,
                    headline: np.ndarray, measures: dict[str, Measure], found: Sequence[Difference],
                    membership: Sequence[tuple[str, str]]) -> np.ndarray:
    """The rows of ``frame`` (exact figures, sorted by measure and key) to hide besides those not
    ``published`` so that no difference of four measures in ``found`` follows from the published
    figures where it is small; ``known`` rows were published by an earlier edition; ``small`` says
    per row which counts are small (numerator, denominator, complement): its figure is te_klein;
    ``headline`` rows are the figure a reader sees first of their area (they cost three times as
    much to hide, as in secondary suppression)."""
    out = np.zeros(len(frame), dtype=bool)
    indicator = frame["indicator"].to_numpy()
    with_counts = (frame["numerator"].notna() | frame["denominator"].notna()).to_numpy()
    for d in aligned(frame, [d for d in found if d.of_four]):
        rows = {m: np.flatnonzero((indicator == m) & with_counts) for m in d.measures}
        column = frame["denominator" if d.count == "noemer" else "numerator"].to_numpy(float)
        values = sum(sign * column[rows[m]] for m, sign in d.signs.items())
        base = frame.iloc[rows[d.inner]].assign(numerator=values, denominator=np.nan)
        (rel,) = build_relations(base.reset_index(drop=True), membership)
        threshold, level = float(measures[d.inner].threshold), float(measures[d.inner].protection)
        value = values[rel.rows]
        small_ones = np.flatnonzero((value >= 0) & (value < threshold))
        # A figure's cost is its persons, a region's ten times and one a reader sees first three
        # times (as in a repair).
        at = rows[d.withhold][rel.rows]
        cost = frame["denominator"].to_numpy(float)[at] * np.where(
            frame["area_level"].to_numpy()[at] == "gemeente", 1.0, REGION_COST) * np.where(headline[at], HEADLINE, 1.0)
        quantity = 1 if d.count == "noemer" else 0
        for _ in range(MAX_ROUNDS):
            public = {m: published[rows[m]][rel.rows] & ~out[rows[m]][rel.rows] for m in d.measures}
            shown = np.logical_and.reduce(list(public.values()))
            targets = small_ones[~shown[small_ones]]
            if not len(targets):
                break
            lower, upper = _bounds(d, {m: column[rows[m]][rel.rows] for m in d.measures}, public,
                                   {m: small[rows[m]][rel.rows] for m in d.measures}, quantity, threshold)
            k = Knowledge(rel.indptr, rel.indices, rel.is_cell, shown, np.where(shown, value, np.nan),
                          np.full(rel.size, np.nan), np.where(shown, 0.0, lower), 0.0, False, False,
                          has_denominator=False, at_most=np.column_stack([upper, np.full((rel.size, 2), np.inf)]))
            found_now = exposed(attacker_intervals(k, targets, level, threshold, (value, np.zeros(rel.size))),
                                level, threshold)
            if not found_now:
                break
            for interval in found_now:
                out[rows[d.withhold][rel.rows[_bounding(rel, interval, shown, known[rows[d.withhold]][rel.rows],
                                                        cost)]]] = True
        else:
            raise DisclosureError(f"{d.label}: onthullingscontrole komt niet tot een veilige publicatie")
    return out


def _bounds(d: Difference, counts: dict[str, np.ndarray], public: dict[str, np.ndarray], small: dict[str, np.ndarray],
            quantity: int, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the least and most the difference can be by its members' figures alone: a published
    count is itself; a hidden one at least the threshold (status privacy: not small) or 0
    (te_klein), and at most the threshold less one where its status tells it is the small count."""
    lower, upper = 0.0, 0.0
    for m, sign in d.signs.items():
        te_klein = small[m].any(axis=1)
        least = np.where(public[m], counts[m], np.where(te_klein, 0.0, threshold))
        most = np.where(public[m], counts[m], np.where(small[m][:, quantity], threshold - 1, np.inf))
        lower = lower + np.where(sign > 0, least, -most)
        upper = upper + np.where(sign > 0, most, -least)
    return np.maximum(lower, 0.0), upper


def _bounding(rel: MeasureRelations, interval: Interval, shown: np.ndarray, known: np.ndarray,
              cost: np.ndarray) -> int:
    """The published row to hide for an exposed ``interval``: of those that bound it and the
    published cells they add up (else of the published rows that hold its cells), the cheapest
    (``cost``) that no earlier edition published."""
    binding = np.array(interval.binding, dtype=np.int64)
    if len(binding):
        candidates = np.union1d(binding, cells_of_rows(rel.indptr, rel.indices, binding)[1])
    else:
        rows_of, cells = rel.matrix_entries()
        candidates = np.unique(rows_of[np.isin(cells, rel.cells(interval.row))])
    candidates = candidates[shown[candidates] & ~known[candidates]]
    if not len(candidates):
        raise DisclosureError("een klein verschil van vier cijfers blijft af te leiden; niets gepubliceerd")
    return int(candidates[np.argmin(cost[candidates])])
