"""Secondary suppression by Gaussian elimination (after Langsrud 2024).

Published figures are linear combinations of inner cells (see :mod:`kansrijk.disclosure.relations`).
A suppressed small number is revealed when its vector of cells lies in the span of the published
vectors. The candidates for publication are taken one by one in priority order (the most valuable
figure first) and reduced against the span of what is already published. A candidate whose reduced
vector is parallel to the reduced vector of a protected figure would, once published, reveal that
figure: it is suppressed (*secondary suppression*). Every other candidate is published. Since the
least valuable figures come last, secondary suppression falls on small cells, never on a large one
while a small one will do. The result depends only on the order, which is fixed by the data.

Langsrud, Ø. (2024). Secondary cell suppression by Gaussian elimination: an algorithm suitable for
handling issues with zeros and singletons. Privacy in Statistical Databases 2024, LNCS 14915,
doi:10.1007/978-3-031-69651-0_6. The R packages SSBtools and GaussSuppression implement it; this is
an implementation of the method for sparse integer vectors, written from its description.

Linear protection is not enough when counts are small: a published sum of hidden cells that is
itself below the protection level bounds every one of them (0 <= cell <= sum; hidden parts of a
zero total are each 0). A candidate whose reduced vector is such a one-signed sum, and whose value
would confine a protected count to an interval narrower than the protection level, is suppressed too
(the problem of zeros and singletons). Whether a reduced vector is one-signed depends on the
pivots, so once the elimination is done every published sum is checked as it is: its value less
its published cells and the floors the attacker knows of its hidden cells (a hidden figure that is
not small holds at least the threshold) bounds each of its unknown cells. Where that confines a
protected count, the hidden cells just above the threshold that took the room are reported (region
= p + s with s = 11 gives p <= 1 + 11 - 10), so that the caller publishes them first in a new pass
and the elimination hides another; without them, a published cell of the sum with room enough is
reported to hide, else the sum. The remaining cases that only a linear programme can see are left to
:mod:`kansrijk.disclosure.intervals`.

The elimination is exact (integer vectors, fraction-free with gcd normalisation). Rows of the
underlying matrix are inner cells, each ranked by when it is processed as a candidate itself; a
vector's pivot is its latest cell, so cells published early are eliminated by a single subtraction
and the vectors stay short. The loop over the candidates is compiled (:mod:`kansrijk.disclosure.echelon`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from kansrijk.errors import DisclosureError


@dataclass(frozen=True)
class Protection:
    """What must stay hidden and how well.

    ``values`` holds, per active row, the counts an attacker must not learn (numerator, denominator
    and, for percentages, the complement) as columns; ``sensitive`` marks, per primary row, which of
    them are small. ``level`` is the protection level: the narrowest interval an attacker may derive.
    ``known_lower`` is the lower bound the attacker knows for a hidden row that is not small
    (a secondary suppression is known not to be small: its counts are at least the threshold).
    """

    values: np.ndarray
    sensitive: np.ndarray
    level: float
    known_lower: float


class Outcome(NamedTuple):
    """What the elimination decided: ``suppressed`` candidates; and what a check of every published
    sum found afterwards (see :func:`_short_sums`): suppressed cells whose hiding is too little
    (``publish_first``) and published figures to hide as well (``hide``)."""

    suppressed: np.ndarray
    publish_first: np.ndarray
    hide: np.ndarray


def gauss_suppression(
    indptr: np.ndarray,
    indices: np.ndarray,
    is_cell: np.ndarray,
    order: np.ndarray,
    protected: np.ndarray,
    forced: np.ndarray,
    protection: Protection,
) -> Outcome:
    """The candidates to suppress so that no ``protected`` row can be derived from the published ones.

    Row ``i`` adds up the inner cells (row positions) ``indices[indptr[i]:indptr[i + 1]]``;
    ``order`` lists the candidates, most valuable first; ``forced`` rows are known already (published
    in an earlier edition) and come first whatever they reveal.
    """
    # Imported here: the compiler behind it is loaded only by a process that eliminates (a
    # publication checked in worker processes never loads it in the process that asked).
    from kansrijk.disclosure.echelon import OVERFLOW, REVEALED, eliminate

    size = len(is_cell)
    rank = np.empty(size, dtype=np.int64)
    # Candidates rank by when they are processed (the latest cell of a vector is its pivot);
    # protected and other never-published cells rank below them all, so they become pivots only
    # when nothing else is left and their own vectors stay short.
    never = np.ones(size, dtype=bool)
    never[order] = False
    rank[never] = np.arange(int(never.sum()))
    rank[order] = np.arange(len(order)) + int(never.sum())
    suppressed, status = eliminate(indptr, indices, rank, is_cell, order, protected, forced, protection.values,
                                   protection.sensitive, protection.level, protection.known_lower)
    if status == OVERFLOW:
        raise DisclosureError("onthullingscontrole gestopt: de vergelijkingen worden te groot om exact op te lossen")
    if status == REVEALED:
        raise DisclosureError(
            "een klein aantal is al af te leiden uit eerder gepubliceerde cijfers; "
            "onthullingscontrole gestopt"
        )
    published = np.zeros(size, dtype=bool)
    published[order] = True
    published = (published & ~suppressed) | forced
    return Outcome(suppressed, *_short_sums(_Layout(indptr, indices, is_cell, published), order, protected,
                                            suppressed, forced, protection))


class _Layout:
    """The published sums (rows that are no cell) and the cells they add up that are not published
    themselves, as (sum, cell) pairs; ``of(row)`` lists every cell of a row."""

    def __init__(self, indptr: np.ndarray, indices: np.ndarray, is_cell: np.ndarray, published: np.ndarray) -> None:
        size = self.size = len(is_cell)
        self.indptr, self.indices = indptr, indices
        rows_of = np.repeat(np.arange(size), np.diff(indptr))
        self.known = is_cell & published
        unknown = (published & ~is_cell)[rows_of] & ~self.known[indices]
        self.rows_of, self.cells = rows_of[unknown], indices[unknown]

    def of(self, row: int) -> np.ndarray:
        return self.indices[self.indptr[row]:self.indptr[row + 1]]

    def totals(self, weights: np.ndarray) -> np.ndarray:
        """Per row, the sum of ``weights`` over its unknown cells (one column per column of weights)."""
        w = weights[self.cells].astype(float)
        w = w[:, None] if w.ndim == 1 else w
        return np.column_stack([np.bincount(self.rows_of, weights=w[:, q], minlength=self.size)
                                for q in range(w.shape[1])])


def _short_sums(layout: _Layout, order: np.ndarray, protected: np.ndarray, suppressed: np.ndarray,
                forced: np.ndarray, protection: Protection) -> tuple[np.ndarray, np.ndarray]:
    """What to change where a published sum confines a protected count: the sum, less what its
    published cells hold and the floors an attacker knows of its hidden cells, bounds each of its
    unknown cells from above; below the protection level that is an interval too narrow.

    Returns the hidden cells to publish first next time (those of such a sum that are not small:
    their floor took the room) and, for a sum without them, the figure to hide: its published cell
    that comes last in ``order`` and has room enough above the floor, else the sum itself."""
    floored = suppressed & ~protected
    room = _room(layout, floored, protection)
    at, rows_of = layout.cells, layout.rows_of
    narrow = protection.sensitive[at] & (room[rows_of] < protection.level)
    short = np.zeros(layout.size, dtype=bool)
    short[rows_of[protected[at] & narrow.any(axis=1)]] = True
    publish_first = np.zeros(layout.size, dtype=bool)
    publish_first[at[floored[at] & short[rows_of]]] = True
    with_floors = np.zeros(layout.size, dtype=bool)
    with_floors[rows_of[floored[at]]] = True
    hide = np.zeros(layout.size, dtype=bool)
    position = np.full(layout.size, -1, dtype=np.int64)
    position[order] = np.arange(len(order))
    values, lower, level = protection.values, protection.known_lower, protection.level
    for row in np.flatnonzero(short & ~with_floors).tolist():
        mine = layout.of(row)
        open_ = mine[layout.known[mine] & ~forced[mine]]
        needed = room[row] < level
        enough = open_[((values[open_] - lower + room[row] >= level) | ~needed).all(axis=1)]
        if len(enough):
            hide[enough[np.argmax(position[enough])]] = True
        elif not forced[row]:
            hide[row] = True
    return publish_first, hide


def _room(layout: _Layout, floored: np.ndarray, protection: Protection) -> np.ndarray:
    """Per published sum and count: the value of its unknown cells less what the attacker knows
    the ``floored`` ones hold at least."""
    return layout.totals(protection.values) - protection.known_lower * layout.totals(floored)
