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
and the vectors stay short.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass
from math import gcd
from typing import NamedTuple

import numpy as np

from kansrijk.errors import DisclosureError

Vector = dict[int, int]


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


class _Elimination:
    """The span of the published vectors in echelon form, and the protected vectors reduced by it."""

    def __init__(self, rank: list[int]) -> None:
        self.rank = rank
        self.pivots: dict[int, Vector] = {}
        self.protected: list[Vector] = []
        self.protected_cell: list[int | None] = []
        self.containing: dict[int, set[int]] = defaultdict(set)
        self.by_rank = {r: c for c, r in enumerate(rank)}
        # Cells whose own vector is in the span (published cells): every vector drops them at once.
        # Each was the head of a pivot when it was published, so this changes no reduced vector, only
        # the work of reaching it; an elimination skips them in its pivot.
        self.known = [False] * len(rank)

    def reduce(self, vector: Vector) -> Vector:
        """``vector`` with every pivot cell eliminated (the canonical representative mod the span)."""
        rank, pivots, known = self.rank, self.pivots, self.known
        vector = {c: v for c, v in vector.items() if not known[c]}
        heap = [-rank[c] for c in vector if c in pivots]
        if not heap:
            return vector
        heapq.heapify(heap)
        by_rank = self.by_rank
        while heap:
            cell = by_rank[-heapq.heappop(heap)]
            coef = vector.get(cell)
            if not coef:
                continue
            pivot = pivots[cell]
            _eliminate(vector, pivot, cell, known)
            for c in pivot:
                if c in vector and c in pivots:
                    heapq.heappush(heap, -rank[c])
        return vector

    def add_protected(self, vector: Vector, cell: int | None) -> None:
        reduced = self.reduce(vector)
        k = len(self.protected)
        self.protected.append(reduced)
        self.protected_cell.append(cell)
        for c in reduced:
            self.containing[c].add(k)

    def revealed_by(self, reduced: Vector) -> bool:
        """Whether adding ``reduced`` to the span would put a protected vector in it."""
        head = self._head(reduced)
        for k in self.containing.get(head, ()):
            if _parallel(self.protected[k], reduced):
                return True
        return False

    def publish(self, reduced: Vector) -> None:
        head = self._head(reduced)
        self.pivots[head] = reduced
        for k in list(self.containing.get(head, ())):
            old = self.protected[k]
            new = _combine(old, reduced, head)
            for c in old:
                if c not in new:
                    self.containing[c].discard(k)
            for c in new:
                if c not in old:
                    self.containing[c].add(k)
            self.protected[k] = new

    def _head(self, vector: Vector) -> int:
        rank = self.rank
        return max(vector, key=rank.__getitem__)


def _normalise(vector: Vector) -> None:
    g = 0
    for v in vector.values():
        g = gcd(g, v)
        if g == 1:
            return
    if g > 1:
        for c in vector:
            vector[c] //= g


def _eliminate(vector: Vector, pivot: Vector, cell: int, known: list[bool] | None = None) -> None:
    """Eliminate ``cell`` from ``vector`` with ``pivot``, in place and fraction-free: scale by the
    pivot's head when it does not divide, subtract, and divide out the common factor. Cells marked
    ``known`` (in the span on their own) are left out."""
    head, coef = pivot[cell], vector[cell]
    scaled = coef % head != 0
    if scaled:
        for c in vector:
            vector[c] *= head
    factor = coef if scaled else coef // head
    for c, v in pivot.items():
        if known and known[c]:
            continue
        new = vector.get(c, 0) - factor * v
        if new:
            vector[c] = new
        else:
            vector.pop(c, None)
    if scaled:
        _normalise(vector)


def _combine(target: Vector, pivot: Vector, cell: int) -> Vector:
    """``target`` with ``cell`` eliminated by ``pivot`` (a new vector)."""
    out = dict(target)
    _eliminate(out, pivot, cell)
    return out


def _parallel(u: Vector, v: Vector) -> bool:
    if len(u) != len(v):
        return False
    cell = next(iter(u))
    a, b = u[cell], v.get(cell)
    if not b:
        return False
    return all(v.get(c, 0) * a == x * b for c, x in u.items())


def gauss_suppression(
    cells: list[np.ndarray],
    is_cell: np.ndarray,
    order: np.ndarray,
    protected: np.ndarray,
    forced: np.ndarray,
    protection: Protection,
) -> Outcome:
    """The candidates to suppress so that no ``protected`` row can be derived from the published ones.

    ``cells[i]`` lists the inner cells (active-row positions) row ``i`` adds up; ``order`` lists the
    candidates, most valuable first; ``forced`` rows are known already (published in an earlier
    edition) and come first whatever they reveal.
    """
    size = len(cells)
    rank = np.full(size, -1, dtype=np.int64)
    # Candidates rank by when they are processed (the latest cell of a vector is its pivot);
    # protected and other never-published cells rank below them all, so they become pivots only
    # when nothing else is left and their own vectors stay short.
    rank[order] = np.arange(len(order)) + size
    never = np.flatnonzero(rank < 0)
    rank[never] = np.arange(len(never))
    # Plain Python integers and lists: the loop below indexes them one element at a time.
    elimination = _Elimination(rank.tolist())
    for row in np.flatnonzero(protected).tolist():
        elimination.add_protected(dict.fromkeys(cells[row].tolist(), 1), row if is_cell[row] else None)
    suppressed = np.zeros(size, dtype=bool)
    values, sensitive = protection.values, protection.sensitive
    is_protected, is_forced = protected.tolist(), forced.tolist()
    own = is_cell.tolist()
    for row in order.tolist():
        reduced = elimination.reduce(dict.fromkeys(cells[row].tolist(), 1))
        if reduced and not is_forced[row] and (
            elimination.revealed_by(reduced)
            or _confines(reduced, is_protected, suppressed, values, sensitive, protection)
        ):
            suppressed[row] = True
            continue
        if reduced:
            elimination.publish(reduced)
        if own[row]:
            elimination.known[row] = True
    if any(not vector for vector in elimination.protected):
        raise DisclosureError(
            "een klein aantal is al af te leiden uit eerder gepubliceerde cijfers; "
            "onthullingscontrole gestopt"
        )
    published = np.zeros(size, dtype=bool)
    published[order] = True
    published = (published & ~suppressed) | forced
    return Outcome(suppressed, *_short_sums(_Layout(cells, is_cell, published), order, protected, suppressed,
                                            forced, protection))


class _Layout:
    """The published sums (rows that are no cell) and the cells they add up that are not published
    themselves, as (sum, cell) pairs; ``of`` lists every cell of each row."""

    def __init__(self, cells: list[np.ndarray], is_cell: np.ndarray, published: np.ndarray) -> None:
        size = self.size = len(cells)
        self.of = cells
        lengths = np.fromiter(map(len, cells), dtype=np.int64, count=size)
        indices = np.concatenate(cells) if size else np.zeros(0, dtype=np.int64)
        rows_of = np.repeat(np.arange(size), lengths)
        self.known = is_cell & published
        unknown = (published & ~is_cell)[rows_of] & ~self.known[indices]
        self.rows_of, self.cells = rows_of[unknown], indices[unknown]

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
        mine = layout.of[row]
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


def _confines(
    reduced: Vector,
    is_protected: list[bool],
    suppressed: np.ndarray,
    values: np.ndarray,
    sensitive: np.ndarray,
    protection: Protection,
) -> bool:
    """Whether publishing a one-signed sum of hidden cells bounds a protected count too tightly.

    With every coefficient of one sign, the published value ``v`` gives ``0 <= coef * cell <= v``
    minus what the attacker knows the other hidden cells hold at least.
    """
    targets = [c for c in reduced if is_protected[c]]
    if not targets:
        return False
    signs = {v > 0 for v in reduced.values()}
    if len(signs) != 1:
        return False
    cells = np.fromiter(reduced, dtype=np.int64, count=len(reduced))
    protected = np.fromiter((is_protected[c] for c in reduced), dtype=bool, count=len(reduced))
    coefs = np.abs(np.fromiter(reduced.values(), dtype=np.float64, count=len(reduced)))
    total = coefs @ values[cells]
    known = coefs @ np.where(suppressed[cells] & ~protected, protection.known_lower, 0.0)
    weights = np.abs(np.fromiter((reduced[c] for c in targets), dtype=np.float64, count=len(targets)))
    room = (total - known) / weights[:, None]
    return bool((sensitive[targets] & (room < protection.level)).any())
