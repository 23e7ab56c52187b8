"""Secondary suppression for every measure: Gaussian elimination, then an interval check that adds
suppressions until no small number can be confined by a linear programme.

The candidates are ordered by value to the reader: figures of earlier editions first (they are known
already), then by denominator, largest first (NL, provinces and regions, then large gemeenten, then
pooled figures of small gemeenten before their single years), ties broken by area level, pooled
before single year, and the row's place in the fixed order of the results. Secondary suppression
therefore falls on the smallest figures that do the job.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from kansrijk.catalogue import Measure
from kansrijk.disclosure.gauss import Protection, gauss_suppression
from kansrijk.disclosure.intervals import (
    Interval, Knowledge, attacker_intervals, exposed, highs_model, minimise,
)
from kansrijk.disclosure.primary import PUBLISHED, rounded
from kansrijk.disclosure.relations import MeasureRelations, build_relations
from kansrijk.errors import DisclosureError

LEVEL_ORDER = {"land": 0, "provincie": 1, "ggd": 2, "jeugdregio": 3, "regio": 4, "gemeente": 5}
MAX_REPAIRS = 200
REGION_COST = 10.0


def secondary_suppression(
    frame: pd.DataFrame,
    primary: np.ndarray,
    small: np.ndarray,
    membership: Sequence[tuple[str, str]],
    measures: dict[str, Measure],
    known: np.ndarray | None = None,
) -> np.ndarray:
    """Mask of the rows to suppress besides ``primary`` so that no small number can be derived.

    ``small`` says per row which counts are small (numerator, denominator, complement); ``known``
    marks rows published in an earlier edition with the same counts (the attacker has them).
    Rows whose status is not ``gepubliceerd`` are never published and need no protection.
    """
    open_ = frame["status"].to_numpy() == PUBLISHED
    known = np.zeros(len(frame), dtype=bool) if known is None else known
    out = np.zeros(len(frame), dtype=bool)
    for rel in build_relations(frame, membership):
        rows = rel.rows
        if not primary[rows].any():
            continue
        hidden = _one_measure(frame.iloc[rows], rel, primary[rows], small[rows], open_[rows] & ~primary[rows],
                              known[rows], measures[rel.indicator])
        out[rows] = hidden
    return out


def _order(part: pd.DataFrame, candidates: np.ndarray, known: np.ndarray, weight: np.ndarray) -> np.ndarray:
    level = part["area_level"].map(LEVEL_ORDER).fillna(len(LEVEL_ORDER)).to_numpy()
    pooled = (part["period_end"] > part["period_start"]).to_numpy()
    position = np.arange(len(part))
    c = candidates
    return c[np.lexsort((position[c], ~pooled[c], level[c], -weight[c], ~known[c]))]


def _one_measure(
    part: pd.DataFrame,
    rel: MeasureRelations,
    primary: np.ndarray,
    small: np.ndarray,
    candidate: np.ndarray,
    known: np.ndarray,
    measure: Measure,
) -> np.ndarray:
    num = part["numerator"].to_numpy(float)
    den = part["denominator"].to_numpy(float)
    values = np.nan_to_num(np.column_stack([num, den, den - num]))
    weight = np.where(np.isnan(den), np.nan_to_num(num), den)
    order = _order(part, np.flatnonzero(candidate), known, weight)
    cells = [rel.cells(i) for i in range(rel.size)]
    protection = Protection(values, small, float(measure.protection), float(measure.threshold))
    suppressed = gauss_suppression(cells, rel.is_cell, order, primary, known, protection)
    return _widen(rel, part, primary, candidate & ~suppressed, known, weight, measure) | suppressed


def knowledge(rel: MeasureRelations, published: np.ndarray, num: np.ndarray, den: np.ndarray,
              privacy: np.ndarray, measure: Measure) -> Knowledge:
    """What an attacker knows of one measure when ``published`` rows are public: their counts (as
    rounded for publication), that ``privacy`` rows are not small, that counts are not negative
    and, for shares and rates of persons, that a numerator is at most its denominator."""
    bounded = measure.unit in ("percentage", "per_1000")
    base = measure.rounding if measure.counts_persons else 0
    return Knowledge(
        rel.indptr, rel.indices, rel.is_cell, published,
        np.where(published, rounded(num, base), np.nan), np.where(published, rounded(den, base), np.nan),
        np.where(privacy, float(measure.threshold), 0.0),
        float(base), bounded,
        measure.complement and measure.unit == "percentage",
    )


def _widen(
    rel: MeasureRelations,
    part: pd.DataFrame,
    primary: np.ndarray,
    published: np.ndarray,
    known: np.ndarray,
    weight: np.ndarray,
    measure: Measure,
) -> np.ndarray:
    """Suppress more until no primary count is confined to an interval narrower than the protection
    level (see :func:`_cheapest_release` for what is hidden). Hiding more only widens intervals, so a
    count certified once is not checked again."""
    num = part["numerator"].to_numpy(float)
    den = part["denominator"].to_numpy(float)
    truth = (np.nan_to_num(num), np.nan_to_num(den))
    published = published.copy()
    extra = np.zeros(rel.size, dtype=bool)
    level, threshold = float(measure.protection), float(measure.threshold)
    targets = np.flatnonzero(primary)
    above_gemeente = (part["area_level"] != "gemeente").to_numpy()
    # Rows that add up the same cells are one equation: they are released together.
    same_sum = pd.factorize(pd.Series([rel.cells(i).tobytes() for i in range(rel.size)]))[0]
    for _ in range(MAX_REPAIRS):
        k = knowledge(rel, published, num, den, ~published & ~primary, measure)
        intervals = attacker_intervals(k, targets, level, threshold, truth)
        found = exposed(intervals, level, threshold)
        if not found:
            return extra
        targets = np.unique([i.row for i in intervals])
        # All exposed counts in one programme (one solve per round), unless they cannot all move at
        # once (then one by one).
        args = (published, known, primary, truth, weight, measure, above_gemeente)
        if len(found) == 1:
            release = np.concatenate([_release_one(rel, i, *args) for i in found])
        else:
            try:
                release = _cheapest_release(rel, found, *args)
            except DisclosureError:
                release = np.concatenate([_release_one(rel, i, *args) for i in found])
        release = np.flatnonzero(np.isin(same_sum, same_sum[release]) & published & ~known)
        published[release] = False
        extra[release] = True
    raise DisclosureError(f"{measure.id}: onthullingscontrole komt niet tot een veilige publicatie")


def _release_one(rel: MeasureRelations, interval: Interval, published: np.ndarray, known: np.ndarray,
                 primary: np.ndarray, truth: tuple[np.ndarray, np.ndarray], weight: np.ndarray,
                 measure: Measure, above_gemeente: np.ndarray) -> np.ndarray:
    """:func:`_cheapest_release` for one count: widen its interval upwards, else downwards (when
    figures of an earlier edition, which cannot be taken back, cap it from above)."""
    try:
        return _cheapest_release(rel, [interval], published, known, primary, truth, weight, measure,
                                 above_gemeente)
    except DisclosureError:
        return _cheapest_release(rel, [interval], published, known, primary, truth, weight, measure,
                                 above_gemeente, upwards=False)


def _cheapest_release(
    rel: MeasureRelations,
    found: list[Interval],
    published: np.ndarray,
    known: np.ndarray,
    primary: np.ndarray,
    truth: tuple[np.ndarray, np.ndarray],
    weight: np.ndarray,
    measure: Measure,
    above_gemeente: np.ndarray,
    upwards: bool = True,
) -> np.ndarray:
    """The published rows whose release lets every exposed count vary by the protection level.

    A linear programme in the manner of Fischetti and Salazar's cell suppression model: every
    published row may be violated at a cost of its weight (denominator), every count is at least
    what the attacker knows, and each exposed count must reach its lower bound plus the protection
    level (all at once: one programme per round, which may hide a little more than one per count
    would). The rows it violates at least cost are hidden; the next check tells whether that did it.
    """
    size = rel.size
    cell_rows = np.flatnonzero(rel.is_cell)
    column = np.full(size, -1, dtype=np.int64)
    column[cell_rows] = np.arange(len(cell_rows))
    n = len(cell_rows)
    threshold, level = float(measure.threshold), float(measure.protection)
    # Every cell that is not small is known to hold at least the threshold once it is hidden
    # (status privacy), so a released cell gives room only down to the threshold.
    floor = np.where(~primary, threshold if measure.counts_persons else 0.0, 0.0)[cell_rows]
    rows_of, cells = rel.matrix_entries()
    open_rows = np.flatnonzero(published)
    index = np.full(size, -1, dtype=np.int64)
    index[open_rows] = np.arange(len(open_rows))
    keep = index[rows_of] >= 0
    m = len(open_rows)
    a = sp.csr_matrix((np.ones(int(keep.sum())), (index[rows_of[keep]], column[cells[keep]])), shape=(m, n))
    free = ~known[open_rows]
    slack_rows = np.flatnonzero(free)
    k = len(slack_rows)
    # Slack columns: per free row, up and down for the numerator and for the denominator.
    s = sp.csr_matrix((np.ones(k), (slack_rows, np.arange(k))), shape=(m, k))
    zero_a, zero_s = sp.csr_matrix((m, n)), sp.csr_matrix((m, k))
    blocks = [
        sp.hstack([a, zero_a, s, -s, zero_s, zero_s]),
        sp.hstack([zero_a, a, zero_s, zero_s, s, -s]),
    ]
    lower = [truth[0][open_rows], truth[1][open_rows]]
    upper = [truth[0][open_rows], truth[1][open_rows]]
    if measure.unit in ("percentage", "per_1000"):
        eye = sp.identity(n, format="csr")
        blocks.append(sp.hstack([-eye, eye, sp.csr_matrix((n, 4 * k))]))
        lower.append(floor if measure.complement and measure.unit == "percentage" else np.zeros(n))
        upper.append(np.full(n, np.inf))
    # Sums that are not small stay at least the threshold once hidden (status privacy).
    sums = np.flatnonzero(~rel.is_cell & ~primary)
    if measure.counts_persons and len(sums):
        at = np.full(size, -1, dtype=np.int64)
        at[sums] = np.arange(len(sums))
        inside = at[rows_of] >= 0
        b = sp.csr_matrix((np.ones(int(inside.sum())), (at[rows_of[inside]], column[cells[inside]])),
                          shape=(len(sums), n))
        zero_b = sp.csr_matrix((len(sums), 4 * k))
        parts = [sp.hstack([b, 0 * b, zero_b]), sp.hstack([0 * b, b, zero_b])]
        if measure.complement and measure.unit == "percentage":
            parts.append(sp.hstack([-b, b, zero_b]))
        blocks += parts
        lower += [np.full(len(sums), threshold)] * len(parts)
        upper += [np.full(len(sums), np.inf)] * len(parts)
    width = 2 * n + 4 * k
    targets = []
    for interval in found:
        target = np.zeros(width)
        own = column[rel.cells(interval.row)]
        if interval.quantity != "noemer":
            target[own] = 1.0 if interval.quantity == "teller" else -1.0
        if interval.quantity != "teller":
            target[n + own] = 1.0
        targets.append(target)
    blocks.append(sp.csr_matrix(np.array(targets)))
    # Each count must reach its lower bound plus the level (or, downwards, its upper bound minus the
    # level); an interval of exactly the level is wide enough.
    if upwards:
        lower.append(np.array([i.lower + level - 1e-6 for i in found]))
        upper.append(np.full(len(found), np.inf))
    else:
        lower.append(np.full(len(found), -np.inf))
        upper.append(np.array([i.upper - level + 1e-6 for i in found]))
    # Sums above a single gemeente (regions, NL) cost ten times their weight: a regional report
    # needs its totals, and several small cells nearly always do the job instead.
    released = open_rows[slack_rows]
    cost_of = (weight[released] + 1.0) * np.where(above_gemeente[released], REGION_COST, 1.0)
    cost = np.concatenate([np.zeros(2 * n), np.tile(cost_of, 4)])
    solver = highs_model(sp.vstack(blocks), np.concatenate([floor, floor, np.zeros(4 * k)]),
                         np.full(width, np.inf), np.concatenate(lower), np.concatenate(upper))
    try:
        found_release = minimise(solver, cost)
    except DisclosureError:
        found_release = None
    if found_release is None:
        raise DisclosureError(
            f"{measure.id}: een klein aantal blijft af te leiden en geen ander cijfer kan het beschermen; "
            "niets gepubliceerd"
        )
    x = found_release[0]
    # The relaxation spreads slack thinly over equivalent rows; hide those that carry at least one
    # whole count (or else the one that carries most). The next check tells whether more is needed.
    moved = x[2 * n:].reshape(4, k).sum(axis=0)
    chosen = np.flatnonzero(moved >= 1.0 - 1e-7) if len(found) > 1 else np.array([], dtype=np.int64)
    if not len(chosen) and len(moved) and moved.max() > 1e-7:
        chosen = np.array([int(np.argmax(moved))])
    return open_rows[slack_rows[chosen]]
