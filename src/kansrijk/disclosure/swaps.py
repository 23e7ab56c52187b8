"""Counts certified without a linear programme: moves through the true counts that keep every
published figure.

The interval check (:mod:`kansrijk.disclosure.intervals`) must show, for each small count, that the
attacker's interval is at least the protection level wide. Every solution of the attacker's
constraints bounds that interval from inside, and the data holder knows one: the true counts. From
there a count can often be moved against its *siblings* (counts that the published equations add up
alike) while every published figure stays as it is. Both ends of such a move are solutions, so a
count that moves by the protection level needs no programme of its own. How far each move may go is
found by a ratio test over every constraint, so a move is never trusted further than the constraints
allow, whatever led to it.

Where a count has no sibling - its gemeente's pooled figure is published, so that its years are tied
to each other, while the years' regional sums tie it to other gemeenten - it moves around a
*rectangle*: up in one year and down in another of its own (the pooled figure stays), and the other
way round in the same two years of a gemeente in the same regions whose pooled figure is published
too (each year's regional sums stay). Such moves are found from the equations alone: two cells of a
short published sum whose equations differ exactly as those of two other cells do.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
import scipy.sparse as sp

DONORS = 16  # the largest siblings a count takes from at once
SHORT_SUM = 12  # the most cells of a published sum whose pairs of cells start a rectangle
_FAR = 1e6  # how far a move without any limit is taken
_SLACK = 1e-6  # how far the true counts may miss a constraint (rounding of floats)


class Constraints(Protocol):
    """``row_lower <= matrix @ x <= row_upper`` and ``col_lower <= x <= col_upper``; ``source`` is the
    published row behind each constraint (-1: a bound of one cell)."""

    matrix: sp.csr_matrix
    source: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    col_lower: np.ndarray
    col_upper: np.ndarray


def swap_bounds(p: Constraints, objective: sp.csr_matrix, x0: np.ndarray,
                level: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper values of each count (rows of ``objective``) over a set of solutions: the
    true counts ``x0`` and the ends of segments ``x0 + t * d`` through it that leave every published
    figure as it is. *Siblings* are counts of cells that the published equations add up alike (two
    gemeenten of the same regions, hidden in the same year); a count moves against its largest
    sibling, and against its largest siblings together in proportion to their counts (so that it
    can take all they hold). A count that no equation adds up moves on its own. How far ``t`` may go
    either way follows from every constraint of the programme (a ratio test), so each end is a
    solution whatever the siblings were: false siblings (patterns with the same random key) only
    get segments of length 0. Counts that these moves leave less than ``level`` apart then move
    around rectangles (see the module's text). Most counts are certified this way, without a linear
    programme."""
    n2 = p.matrix.shape[1]
    equations = (p.source >= 0) & np.isfinite(p.row_upper)
    # Which equations hold each column, as one integer: the sum of a random number per equation, so
    # that equal keys mean the same equations, and equal differences of keys the same difference.
    weights = np.random.default_rng(0).integers(1, 2**40, size=len(p.row_upper)) * equations
    key = p.matrix.T.astype(np.int64) @ weights
    order = np.lexsort((-x0, key))  # by key, the largest count first
    first = np.r_[True, key[order][1:] != key[order][:-1]]
    start = np.flatnonzero(first)
    group = np.empty(n2, dtype=np.int64)
    group[order] = np.cumsum(first) - 1
    place = np.empty(n2, dtype=np.int64)
    place[order] = np.arange(n2) - start[group[order]]
    shared = (np.bincount(group)[group] >= 2) & (key != 0)
    columns = np.flatnonzero(shared)
    richest, second = order[start[group]], order[np.minimum(start[group] + 1, n2 - 1)]
    partner = np.where(richest != np.arange(n2), richest, second)[columns]
    donor = shared & (place < DONORS)
    held = np.bincount(group[donor], weights=x0[donor], minlength=len(start))
    donor &= held[group] > 0
    spread = columns[held[group[columns]] > 0]
    single = np.flatnonzero(key == 0)
    # Directions: a count alone; against its largest sibling; against its largest siblings together
    # (each donor giving in proportion to what it holds).
    alone = sp.csc_matrix((np.ones(len(single)), (single, np.arange(len(single)))), shape=(n2, len(single)))
    pairs = sp.csc_matrix((np.r_[np.ones(len(columns)), -np.ones(len(columns))],
                           (np.r_[columns, partner], np.r_[np.arange(len(columns)), np.arange(len(columns))])),
                          shape=(n2, len(columns)))
    give = sp.csc_matrix((x0[donor] / held[group[donor]], (np.flatnonzero(donor), group[donor])),
                         shape=(n2, len(start)))
    takes = sp.csc_matrix((np.ones(len(spread)), (spread, np.arange(len(spread)))), shape=(n2, len(spread)))
    values = objective @ x0
    low, high = _moved(p, objective, x0, sp.hstack([alone, pairs, takes - give[:, group[spread]]]).tocsc(),
                       values.copy(), values.copy())
    if level is not None:
        still = np.unique(objective[high - low < level].indices)
        if len(still):
            low, high = _moved(p, objective, x0, _rectangles(p, key, x0, equations, still), low, high)
    return low, high


def _moved(p: Constraints, objective: sp.csr_matrix, x0: np.ndarray, d: sp.csc_matrix,
           low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``low`` and ``high`` widened by the ends of the segments ``x0 + t * d`` (a column of ``d`` per
    direction) as far as every constraint allows."""
    if d.shape[1] == 0:
        return low, high
    t_low, t_high = _ratio_test(p, d, x0)
    moves = (objective @ d).tocoo()
    values = objective @ x0
    ends = np.nan_to_num(np.stack([moves.data * t_low[moves.col], moves.data * t_high[moves.col]]))
    np.minimum.at(low, moves.row, values[moves.row] + ends.min(axis=0))
    np.maximum.at(high, moves.row, values[moves.row] + ends.max(axis=0))
    return low, high


def _rectangles(p: Constraints, key: np.ndarray, x0: np.ndarray, equations: np.ndarray,
                starts: np.ndarray) -> sp.csc_matrix:
    """Directions ``+j -k -l +m`` (columns of the result) that change no equation, for each ``j`` of
    ``starts``: ``j`` and ``k`` are two cells of a published sum of at most ``SHORT_SUM`` cells,
    ``l`` and ``m`` two others whose keys differ by as much (so whatever equations hold ``j`` and not
    ``k`` hold ``l`` and not ``m``); of all such pairs, the one whose ``l`` holds most, so that ``j``
    can rise the furthest."""
    n2 = p.matrix.shape[1]
    lengths = np.diff(p.matrix.indptr)
    short = np.flatnonzero(equations & (lengths >= 2) & (lengths <= SHORT_SUM))
    size = lengths[short]
    # Every ordered pair of cells of each short sum.
    count = size * size
    sums = np.repeat(np.arange(len(short)), count)
    within = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    a, b = np.divmod(within, size[sums])
    start = p.matrix.indptr[short][sums]
    cells = p.matrix.indices.astype(np.int64)
    pair = np.unique(cells[start + a] * n2 + cells[start + b])
    j, k = np.divmod(pair, n2)
    diff = key[j] - key[k]
    use = (j != k) & (diff != 0)  # equal keys: siblings, moved against each other already
    j, k, diff = j[use], k[use], diff[use]
    # Per difference, the pair whose first cell holds most is every other pair's partner; that pair's
    # own partner is the next one.
    order = np.lexsort((-x0[j], diff))
    first = np.r_[True, diff[order][1:] != diff[order][:-1]] if len(order) else np.zeros(0, dtype=bool)
    group = np.cumsum(first) - 1
    best = order[np.flatnonzero(first)][group]
    runner_up = order[np.minimum(np.flatnonzero(first)[group] + 1, len(order) - 1)]
    partner = np.empty(len(order), dtype=np.int64)
    partner[order] = np.where(best != order, best, runner_up)
    l, m = j[partner], k[partner]
    apart = (diff[partner] == diff) & (l != j) & (l != k) & (m != j) & (m != k) & np.isin(j, starts)
    j, k, l, m = j[apart], k[apart], l[apart], m[apart]
    moves = np.tile(np.arange(len(j)), 4)
    return sp.csc_matrix((np.repeat([1.0, -1.0, -1.0, 1.0], len(j)), (np.concatenate([j, k, l, m]), moves)),
                         shape=(n2, len(j)))


def _ratio_test(p: Constraints, d: sp.csc_matrix, x0: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per direction (column of ``d``) the range ``[t_low, t_high]`` of ``t`` for which ``x0 + t * d``
    satisfies every constraint of ``p``; ``[0, 0]`` for every direction if ``x0`` itself does not."""
    m = d.shape[1]
    t_low, t_high = np.full(m, -_FAR), np.full(m, _FAR)
    ax = p.matrix @ x0
    limits = ((p.matrix @ d).tocoo(), ax - p.row_lower, p.row_upper - ax), \
             (d.tocoo(), x0 - p.col_lower, p.col_upper - x0)
    for change, down, up in limits:
        if min(down.min(initial=0.0), up.min(initial=0.0)) < -_SLACK:
            return np.zeros(m), np.zeros(m)
        down, up = np.maximum(down, 0.0), np.maximum(up, 0.0)
        moved = change.data != 0
        r, j, a = change.row[moved], change.col[moved], change.data[moved]
        # Moving by t changes the constraint by t * a: it may rise by `up` and fall by `down`.
        rise, fall = np.where(a > 0, up[r], down[r]), np.where(a > 0, down[r], up[r])
        np.minimum.at(t_high, j, rise / np.abs(a))
        np.maximum.at(t_low, j, -fall / np.abs(a))
    empty = ~(t_low <= t_high)  # NaN too
    return np.where(empty, 0.0, t_low), np.where(empty, 0.0, t_high)
