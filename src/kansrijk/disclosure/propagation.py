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


def _bounds(k: Knowledge, quantity: int, values: np.ndarray, public: np.ndarray,
            ceiling: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper bounds of one count (numerator 0, denominator 1) of every cell, tightened
    ``ROUNDS`` times by each ``public`` sum (``values``); ``ceiling`` caps every cell besides."""
    size = len(k.is_cell)
    known = k.is_cell & public
    low = np.where(known, values, np.where(k.is_cell, k.at_least, 0.0))
    high = np.where(known, values, np.where(k.is_cell, k.at_most[:, quantity], np.inf))  # type: ignore[index]
    if ceiling is not None:
        high = np.minimum(high, ceiling)
    rows_of = np.repeat(np.arange(size), np.diff(k.indptr))
    use = (public & ~k.is_cell)[rows_of]
    row, cell = rows_of[use], k.indices[use]
    total = values[row]
    for _ in range(ROUNDS):
        cell_low, cell_high = low[cell], high[cell]
        finite = np.isfinite(cell_high)
        finite_high = np.where(finite, cell_high, 0.0)
        others_infinite = np.bincount(row, weights=~finite, minlength=size)[row] - ~finite
        others_high = np.bincount(row, weights=finite_high, minlength=size)[row] - finite_high
        others_low = np.bincount(row, weights=cell_low, minlength=size)[row] - cell_low
        np.maximum.at(low, cell, np.where(others_infinite > 0, -np.inf, total - others_high))
        np.minimum.at(high, cell, total - others_low)
    return low, high
