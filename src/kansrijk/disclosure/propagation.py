"""What an attacker derives from one published sum at a time: a quick proof that a count is exposed.

Every published sum bounds each of its hidden cells by its value less what its other cells can
hold: ``cell >= sum - (the others' upper bounds)`` and ``cell <= sum - (the others' lower
bounds)``. Starting from what each hidden cell is known to hold (a ``privacy`` cell at least the
threshold, the small count of a ``te_klein`` cell at most the threshold less one, a numerator at
most its denominator), a few rounds of this tighten the bounds; a small count they confine below
the protection level is exposed, as the attacker's programmes would find too, for they see every
sum at once (:mod:`kansrijk.disclosure.intervals`). The converse does not hold: a count this leaves
wide may still be exposed, so this can only show a publication unsafe, never safe. It costs a few
vectorised passes instead of programmes.
"""

from __future__ import annotations

import numpy as np

from kansrijk.disclosure.intervals import Knowledge

ROUNDS = 4
_EPS = 1e-6


def confined_by_sums(k: Knowledge, targets: np.ndarray, level: float) -> bool:
    """Whether one-sum-at-a-time bounds confine a small count of a hidden cell among ``targets``
    (a count the ``te_klein`` status caps, ``k.at_most``) to less than ``level`` or to one whole
    number."""
    cell = np.zeros(len(k.is_cell), dtype=bool)
    cell[targets] = True
    cell &= k.is_cell
    if k.at_most is None or not cell.any():
        return False
    bounds = []
    den_low = den_high = None
    if k.has_denominator:
        den_low, den_high = _bounds(k, 1, k.denominator, k.denominator_public, None)
        bounds.append((1, den_low, den_high))
    num_low, num_high = _bounds(k, 0, k.numerator, k.published, den_high if k.bounded else None)
    bounds.append((0, num_low, num_high))
    if k.bounded and den_low is not None and den_high is not None:
        bounds.append((2, den_low - num_high, den_high - num_low))
    for quantity, low, high in bounds:
        small = cell & np.isfinite(k.at_most[:, quantity])
        low, high = low[small], np.minimum(high[small], k.at_most[small, quantity])
        if ((high - low < level - _EPS) | (np.floor(high + _EPS) - np.ceil(low - _EPS) < 1)).any():
            return True
    return False


def tightened(indptr: np.ndarray, indices: np.ndarray, is_cell: np.ndarray, least: np.ndarray, most: np.ndarray,
              passes: int) -> tuple[np.ndarray, np.ndarray]:
    """The bounds ``least`` and ``most`` of one count of every row (row ``i`` adds up the cells
    ``indices[indptr[i]:indptr[i + 1]]``) made consistent with the sums, as an attacker tightens them
    one sum at a time: a sum is at least (at most) what its cells are together, a cell at least its
    sum's least less the most of the sum's other cells, and at most its sum's most less their least;
    ``passes`` times over."""
    n = len(is_cell)
    rows_of = np.repeat(np.arange(n), np.diff(indptr))
    summed = ~is_cell[rows_of]
    rows_of, cells = rows_of[summed], indices[summed]
    sums = ~is_cell
    least, most = least.copy(), most.copy()
    for _ in range(passes):
        unbounded = np.isinf(most)
        finite = np.where(unbounded, 0.0, most)
        high, open_ = (np.bincount(rows_of, weights=w[cells], minlength=n) for w in (finite, unbounded))
        low = np.bincount(rows_of, weights=least[cells], minlength=n)
        least = np.where(sums, np.maximum(least, low), least)
        most = np.where(sums, np.minimum(most, np.where(open_ > 0, np.inf, high)), most)
        others_high = np.where(open_[rows_of] - unbounded[cells] > 0, np.inf, high[rows_of] - finite[cells])
        others_low = low[rows_of] - least[cells]
        np.maximum.at(least, cells, least[rows_of] - others_high)
        np.minimum.at(most, cells, most[rows_of] - others_low)
    return least, most


def _bounds(k: Knowledge, quantity: int, values: np.ndarray, public: np.ndarray,
            ceiling: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper bounds of one count (numerator 0, denominator 1) of every row, tightened
    ``ROUNDS`` times by the ``public`` sums (``values``); ``ceiling`` caps every cell besides."""
    cap = k.at_most[:, quantity] if ceiling is None else np.minimum(k.at_most[:, quantity], ceiling)  # type: ignore[index]
    least = np.where(public, values, np.where(k.is_cell, k.at_least, 0.0))
    most = np.where(public, values, np.where(k.is_cell, cap, np.inf))
    return tightened(k.indptr, k.indices, k.is_cell, least, most, ROUNDS)
