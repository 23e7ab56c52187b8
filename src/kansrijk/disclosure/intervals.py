"""What an attacker can derive about a hidden count: intervals by linear programming.

The attacker knows every published figure (numerator and denominator) and which inner cells each one
adds up (see :mod:`kansrijk.disclosure.relations`); that every count is at least 0 and, for a share
of persons, that the numerator is at most the denominator (the complement is a count too); and that
a figure hidden to protect another one (status ``privacy``) is not small itself, so each of its counts
is at least the threshold (its complement too, where complements are protected), while one hidden
as too small (``te_klein``) has a count below it: the checks take the attacker to know which one
(at most the threshold less one). A published count is an equation even where it is published
rounded: its value and interval, published with it, give the exact counts back. For a hidden
figure, the interval of each of its counts is ``[min, max]`` of that count over every solution of
these constraints: two linear programmes, in the manner of the safety ranges of tau-ARGUS.

A figure is *exposed* when one of its counts has an interval that contains a single whole number or
is narrower than the protection level, while it may hold a small number (its lower bound is below the
threshold).

The programmes are solved with HiGHS, through its own Python interface ``highspy`` (scipy's
``linprog`` offers no warm start). One model per independent part of a measure is kept and only its
objective changes, so each solve starts from the previous optimal basis (a few pivots instead of a
new solve). Solving two programmes per count is still the slow part, so the counts are first
*certified* in bulk: any solution of the constraints bounds every maximum from
below and every minimum from above, so the true counts (when the caller knows them) and the two
solutions that push all open counts down and up at once certify most of them. Only the rest get
programmes of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import highspy as highs
import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from kansrijk.disclosure.links import Links
from kansrijk.disclosure.relations import cells_of_rows, restricted
from kansrijk.disclosure.swaps import swap_bounds
from kansrijk.errors import DisclosureError

QUANTITIES = ("teller", "noemer", "complement")
_EPS = 1e-6
MAX_PUSHES = 24
PUSH_WORTH = 30
SUMS_WORTH = 8  # fewer open counts are cheaper one by one than with the two sum solutions first
_DUAL = 1e-9


@dataclass(frozen=True)
class Knowledge:
    """What is public about one measure, over its active rows (see ``MeasureRelations``).

    ``numerator``/``denominator`` hold the published counts (NaN where hidden); ``at_least`` the
    lower bound known for every count of a hidden row (the threshold for a ``privacy`` row, else 0);
    ``bounded`` whether the
    numerator is at most the denominator (shares of persons); ``complement_at_least`` whether the
    lower bound holds for the complement too (when the complement is protected);
    ``denominator_known`` the hidden rows whose denominator is public all the same (another measure
    with the same denominators publishes it), with that denominator in ``denominator``;
    ``has_denominator`` false for a count (no denominator: only numerators are unknown); ``links``
    what the definitions imply between cells of measures checked as one (:mod:`kansrijk.disclosure.links`);
    ``at_most`` the upper bounds a ``te_klein`` status tells of a hidden row's numerator,
    denominator and complement (one column each, infinite where none; see
    :func:`~kansrijk.disclosure.primary.told_bounds`).
    """

    indptr: np.ndarray
    indices: np.ndarray
    is_cell: np.ndarray
    published: np.ndarray
    numerator: np.ndarray
    denominator: np.ndarray
    at_least: np.ndarray
    bounded: bool
    complement_at_least: bool
    denominator_known: np.ndarray | None = None
    has_denominator: bool = True
    links: Links | None = None
    at_most: np.ndarray | None = None

    @property
    def capped(self) -> np.ndarray:
        """Hidden sums (rows that are no cell) with an upper bound on a count."""
        if self.at_most is None:
            return np.zeros(len(self.is_cell), dtype=bool)
        return ~self.published & ~self.is_cell & np.isfinite(self.at_most).any(axis=1)

    @property
    def denominator_public(self) -> np.ndarray:
        """Rows whose denominator the attacker has: the published ones and those known besides."""
        return self.published if self.denominator_known is None else self.published | self.denominator_known


@dataclass(frozen=True)
class Interval:
    """The attacker's interval for one count of one hidden row, and the published rows (active-row
    positions) whose equations bound it at either end."""

    row: int
    quantity: str
    lower: float
    upper: float
    binding: tuple[int, ...] = field(default=(), compare=False)

    @property
    def width(self) -> float:
        return self.upper - self.lower

    def pinned(self) -> bool:
        return bool(np.floor(self.upper + _EPS) - np.ceil(self.lower - _EPS) < 1)


def highs_model(matrix: sp.spmatrix, col_lower: np.ndarray, col_upper: np.ndarray,
                row_lower: np.ndarray, row_upper: np.ndarray, resolves: bool = False) -> highs.Highs:
    """A HiGHS solver holding ``row_lower <= matrix @ x <= row_upper`` with column bounds.

    ``resolves``: the model is solved again and again with only the objective changed; the last
    basis then stays primal feasible, so the primal simplex continues from it. Every model is
    presolved on its first run only (see :func:`minimise`).
    """
    matrix = sp.csc_matrix(matrix)
    rows, columns = matrix.shape
    solver = highs.Highs()
    solver.setOptionValue("output_flag", False)
    if resolves:
        solver.setOptionValue("simplex_strategy", 4)
        # Every coefficient is 1 or -1 and the bounds are counts: scaling changes nothing of use,
        # and HiGHS works it out again on every run (a run from the last basis of a model of 581
        # rows and 1.570 columns: about 1,3 -> 0,8 ms).
        solver.setOptionValue("simplex_scale_strategy", 0)
    # The model passed as arrays (no HighsLp object to fill field by field): column-wise, the start
    # of each column (the last one's end is the number of entries), every column continuous.
    status = solver.passModel(
        columns, rows, matrix.nnz, int(highs.MatrixFormat.kColwise), int(highs.ObjSense.kMinimize), 0.0,
        np.zeros(columns), np.asarray(col_lower, dtype=np.float64),
        np.where(np.isinf(col_upper), highs.kHighsInf, col_upper).astype(np.float64),
        np.where(np.isinf(row_lower), -highs.kHighsInf, row_lower).astype(np.float64),
        np.where(np.isinf(row_upper), highs.kHighsInf, row_upper).astype(np.float64),
        matrix.indptr[:-1].astype(np.int32), matrix.indices.astype(np.int32), matrix.data.astype(np.float64),
        np.zeros(columns, dtype=np.int32),
    )
    if status == highs.HighsStatus.kError:
        raise DisclosureError("de controle van wat af te leiden is, lukt niet: het model is onjuist")
    return solver


_UNBOUNDED = (highs.HighsModelStatus.kUnbounded, highs.HighsModelStatus.kUnboundedOrInfeasible)


def minimise(solver: highs.Highs, cost: np.ndarray, last: np.ndarray | None = None
             ) -> tuple[np.ndarray, np.ndarray] | None:
    """The solution minimising ``cost`` (from the last optimal basis) and the row duals; None when
    the cost is unbounded below (a count without an upper bound, such as a count of contacts).
    ``last``: the cost the solver holds (all zero in a new one), so that only what differs is
    handed over (a count's cost has a few entries among thousands of columns)."""
    changed = np.arange(len(cost)) if last is None else np.flatnonzero(cost != last)
    solver.changeColsCost(len(changed), changed.astype(np.int32), cost[changed].astype(np.float64))
    solver.run()
    # The first run presolves: without it, finding a first basis of a programme over pooled years
    # takes up to ten times as long (a programme of 7.858 rows and 5.130 columns: 1,9 -> 0,2 s).
    # Later runs start from the last basis, which presolve would throw away.
    solver.setOptionValue("presolve", "off")
    status = solver.getModelStatus()
    if status in _UNBOUNDED:
        return None
    if status != highs.HighsModelStatus.kOptimal:
        raise DisclosureError(f"de controle van wat af te leiden is, lukt niet: {status.name}")
    solution = solver.getSolution()
    return np.asarray(solution.col_value), np.asarray(solution.row_dual)


class _Model:
    """``row_lower <= matrix @ x <= row_upper`` and ``col_lower <= x <= col_upper``; ``source`` is the
    active row behind each LP row (-1: a bound). Its HiGHS model is built on first use (many are
    settled without one) and then solved again and again with only the objective changed."""

    def __init__(self, matrix: sp.csr_matrix, col_lower: np.ndarray, col_upper: np.ndarray,
                 row_lower: np.ndarray, row_upper: np.ndarray, source: np.ndarray) -> None:
        self.matrix, self.col_lower, self.col_upper = matrix, col_lower, col_upper
        self.row_lower, self.row_upper, self.source = row_lower, row_upper, source
        self._solver: highs.Highs | None = None
        self._cost = np.zeros(matrix.shape[1])

    @property
    def solver(self) -> highs.Highs:
        if self._solver is None:
            self._solver = highs_model(self.matrix, self.col_lower, self.col_upper, self.row_lower, self.row_upper,
                                       resolves=True)
        return self._solver

    def solve(self, c: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """A solution minimising ``c`` and the active rows whose equations bind it (None: unbounded)."""
        found = minimise(self.solver, c, self._cost)
        self._cost = c
        if found is None:
            return None
        x, duals = found
        return x, self.source[(np.abs(duals) > _DUAL) & (self.source >= 0)]


class _Programme(_Model):
    """The constraints over the unknown counts of one measure: columns are the numerators of the
    unknown cells, then their denominators that are not public. Published cells are known exactly;
    so is the denominator of a hidden cell that another figure publishes (it is a number, not a
    column, and bounds the numerator from above)."""

    def __init__(self, k: Knowledge) -> None:
        self.k = k
        size = len(k.is_cell)
        known = k.is_cell & k.published
        den_public = k.denominator_public
        # Denominators known exactly (none where there are no denominators).
        self.den_fixed = den_fixed = k.is_cell & den_public & k.has_denominator
        unknown = np.flatnonzero(k.is_cell & ~known)
        n = self.n = len(unknown)
        self.unknown = unknown
        self.den_open = unknown[~den_fixed[unknown]] if k.has_denominator else unknown[:0]
        width = self.width = n + len(self.den_open)
        self.column = np.full(size, -1, dtype=np.int64)
        self.column[unknown] = np.arange(n)
        self.den_column = np.full(size, -1, dtype=np.int64)
        self.den_column[self.den_open] = np.arange(n, width)
        rows_of = np.repeat(np.arange(size), np.diff(k.indptr))
        # Every published row that is not a known cell is an equation over unknown counts (a
        # row whose denominator alone is public, for the denominators only); every hidden row with a
        # known lower bound that is not a cell is an inequality.
        floors = ~k.published & (k.at_least > 0) & ~k.is_cell
        capped = k.capped
        linked = np.flatnonzero((den_public & ~known) | floors | capped)
        index = np.full(size, -1, dtype=np.int64)
        index[linked] = np.arange(len(linked))

        def sums(column: np.ndarray) -> sp.csr_matrix:
            keep = (index[rows_of] >= 0) & (column[k.indices] >= 0)
            return sp.csr_matrix((np.ones(int(keep.sum())), (index[rows_of[keep]], column[k.indices[keep]])),
                                 shape=(len(linked), width))

        def known_part(values: np.ndarray, fixed: np.ndarray) -> np.ndarray:
            return np.bincount(rows_of, weights=np.where(fixed, np.nan_to_num(values), 0.0)[k.indices],
                               minlength=size)[linked]

        a_num, a_den = sums(self.column), sums(self.den_column)
        num_known, den_known = known_part(k.numerator, known), known_part(k.denominator, den_fixed)
        matrices, lowers, uppers, sources = [], [], [], []
        blocks = ((k.numerator, a_num, num_known, k.published), (k.denominator, a_den, den_known, den_public))
        for values, matrix, known_sum, public in blocks[:2 if k.has_denominator else 1]:
            target = values[linked] - known_sum
            lower = np.where(public[linked], target,
                             np.where(floors[linked], k.at_least[linked] - known_sum, np.nan))
            upper = np.where(public[linked], target, np.inf)
            use = ~np.isnan(lower) & (np.diff(matrix.indptr) > 0)
            matrices.append(matrix[use])
            lowers.append(lower[use])
            uppers.append(upper[use])
            sources.append(linked[use])
        if k.bounded and k.complement_at_least:
            # A sum hidden to protect another figure is not small in its complement either.
            at = np.flatnonzero(floors[linked])
            matrix = (a_den[at] - a_num[at]).tocsr()
            use = np.diff(matrix.indptr) > 0
            matrices.append(matrix[use])
            lowers.append((k.at_least[linked[at]] - (den_known[at] - num_known[at]))[use])
            uppers.append(np.full(int(use.sum()), np.inf))
            sources.append(linked[at][use])
        if k.at_most is not None:
            # The counts a te_klein status tells are small: at most the threshold less one.
            cap, capped_sum = k.at_most[linked], capped[linked]
            parts = [(0, a_num, num_known)]
            if k.has_denominator:
                parts.append((1, a_den, den_known))
            if k.bounded:
                parts.append((2, (a_den - a_num).tocsr(), den_known - num_known))
            for j, matrix, known_sum in parts:
                use = capped_sum & np.isfinite(cap[:, j]) & (np.diff(matrix.indptr) > 0)
                matrices.append(matrix[use])
                lowers.append(np.full(int(use.sum()), -np.inf))
                uppers.append((cap[:, j] - known_sum)[use])
                sources.append(np.full(int(use.sum()), -1))
        col_lower = k.at_least[np.concatenate([unknown, self.den_open])].astype(np.float64)
        col_upper = np.full(width, np.inf)
        if k.at_most is not None:
            col_upper = np.concatenate([k.at_most[unknown, 0], k.at_most[self.den_open, 1]])
        if k.bounded:
            # A numerator is at most its denominator (less the complement's lower bound): a row where
            # the denominator is a column, else a bound of the numerator's column.
            least = k.at_least if k.complement_at_least else np.zeros(size)
            open_ = self.den_open
            matrices.append(sp.csr_matrix(
                (np.r_[-np.ones(len(open_)), np.ones(len(open_))],
                 (np.r_[np.arange(len(open_)), np.arange(len(open_))], np.r_[self.column[open_], self.den_column[open_]])),
                shape=(len(open_), width)))
            lowers.append(least[open_])
            most = np.full(size, np.inf) if k.at_most is None else k.at_most[:, 2]
            uppers.append(most[open_])  # a complement a te_klein status tells is small
            sources.append(np.full(len(open_), -1))
            fixed = unknown[den_fixed[unknown]]
            col_upper[self.column[fixed]] = np.minimum(col_upper[self.column[fixed]], k.denominator[fixed] - least[fixed])
            col_lower[self.column[fixed]] = np.maximum(col_lower[self.column[fixed]], k.denominator[fixed] - most[fixed])
        if k.links is not None:
            matrix, lower, upper = self._linked(k, known)
            matrices.append(matrix)
            lowers.append(lower)
            uppers.append(upper)
            sources.append(np.full(matrix.shape[0], -1))
        super().__init__(sp.vstack(matrices).tocsr() if matrices else sp.csr_matrix((0, width)), col_lower,
                         col_upper, np.concatenate(lowers), np.concatenate(uppers), np.concatenate(sources))

    def _linked(self, k: Knowledge, known: np.ndarray) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
        """The links over the programme's columns: a count the attacker has is a number, moved into
        the bounds."""
        assert k.links is not None
        cell, on_den = k.links.entries(len(k.is_cell))
        column = np.where(on_den, self.den_column[cell], self.column[cell])
        value = np.where(on_den, np.where(self.den_fixed[cell], k.denominator[cell], np.nan),
                         np.where(known[cell], k.numerator[cell], np.nan))
        return k.links.over(column, value, self.width)

    def objectives(self, rows: np.ndarray, quantity: str) -> tuple[np.ndarray, sp.csr_matrix, np.ndarray]:
        """The count ``quantity`` of each of ``rows`` as a sparse row over the LP's columns plus a
        constant (the denominators of its unknown cells that are public), leaving out rows whose
        count involves no unknown cell; returns the rows kept, their objectives and constants."""
        lengths, cells = cells_of_rows(self.k.indptr, self.k.indices, rows)
        goal = np.repeat(np.arange(len(rows)), lengths)
        unknown = self.column[cells] >= 0
        goal, cells = goal[unknown], cells[unknown]
        kept, goal = np.unique(goal, return_inverse=True)
        parts = [(np.zeros(0, dtype=np.int64),) * 2 + (np.zeros(0),)]
        constant = np.zeros(len(kept))
        if quantity != "noemer":
            parts.append((goal, self.column[cells], np.full(len(cells), 1.0 if quantity == "teller" else -1.0)))
        if quantity != "teller":
            den = self.den_column[cells]
            parts.append((goal[den >= 0], den[den >= 0], np.ones(int((den >= 0).sum()))))
            fixed = self.den_fixed[cells]
            constant = np.bincount(goal[fixed], weights=self.k.denominator[cells[fixed]], minlength=len(kept))
        g, c, v = (np.concatenate(x) for x in zip(*parts))
        return rows[kept], sp.csr_matrix((v, (g, c)), shape=(len(kept), self.width)), constant

    def truth(self, num: np.ndarray, den: np.ndarray) -> np.ndarray:
        """The LP's columns at the true counts ``num`` and ``den`` (per active row)."""
        return np.concatenate([num[self.unknown], den[self.den_open]])

    def parts(self, counts: sp.csr_matrix) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """The groups of columns that no constraint and no count (rows of ``counts``) join: per
        group the counts, constraints and columns in it. The programmes of different groups share
        nothing, so each is solved on its own, a much smaller programme."""
        m, g = self.matrix.shape[0], counts.shape[0]
        links = sp.vstack([self.matrix, counts]).tocsr()
        # Nodes: constraints and counts, then columns.
        graph = sp.bmat([[None, links], [links.T, None]], format="csr")
        label = connected_components(graph, directed=False)[1]
        row_label, count_label, column_label = label[:m], label[m:m + g], label[m + g:]
        return [(np.flatnonzero(count_label == part), np.flatnonzero(row_label == part),
                 np.flatnonzero(column_label == part)) for part in np.unique(count_label)]

    def part(self, rows: np.ndarray, columns: np.ndarray) -> _Model:
        """The programme of one group of :meth:`parts`."""
        return _Model(self.matrix[rows][:, columns], self.col_lower[columns], self.col_upper[columns],
                      self.row_lower[rows], self.row_upper[rows], self.source[rows])


def attacker_intervals(k: Knowledge, targets: np.ndarray, level: float, threshold: float,
                       truth: tuple[np.ndarray, np.ndarray] | None = None) -> list[Interval]:
    """Intervals of the counts of ``targets`` (hidden rows) that could not be certified wide enough.

    Returns the exact interval of every count whose maximum does not already show it wide enough,
    with the published rows that bind it; a count is exposed when it is pinned or narrower than
    ``level`` while it may be small (see :func:`exposed`). ``truth`` (numerators and denominators of
    the active rows) is a solution the data holder knows. It helps the certification, and it settles
    most counts at once: an interval that holds the true count and starts below the threshold is
    narrower than ``level`` only if the count is below threshold plus level, so larger counts need no
    programme.

    The unknown cells fall apart into groups that no constraint and no target joins (typically each
    single year before the first pooled window, and the years of the pooled windows together): the
    programmes of different groups share nothing, so each group is solved on its own, a much smaller
    programme (the shortcuts before any programme see them all at once).
    """
    targets = np.asarray(targets, dtype=np.int64)
    groups = _independent_parts(k, targets)
    if not groups:
        return []
    rows = np.unique(np.concatenate(groups))
    local = np.searchsorted(rows, targets)
    local_truth = None if truth is None else (truth[0][rows], truth[1][rows])
    return [Interval(int(rows[i.row]), i.quantity, i.lower, i.upper, tuple(int(rows[b]) for b in i.binding))
            for i in _intervals(_restricted(k, rows), local, level, threshold, local_truth)]


def _independent_parts(k: Knowledge, targets: np.ndarray) -> list[np.ndarray]:
    """The active rows (sorted positions) of each group of unknown cells that holds a target,
    together with every row that constrains the group and every cell those rows add up."""
    size = len(k.is_cell)
    known = k.is_cell & k.published
    floors = ~k.published & (k.at_least > 0) & ~k.is_cell
    linking = (k.denominator_public & ~known) | floors | k.capped
    linking[targets] = True
    rows_of = np.repeat(np.arange(size), np.diff(k.indptr))
    edge = linking[rows_of] & ~known[k.indices]
    graph = sp.csr_matrix((np.ones(int(edge.sum())), (rows_of[edge], k.indices[edge])), shape=(size, size))
    if k.links is not None:
        one, other = k.links.joins(size)  # cells of one link belong together
        graph = graph + sp.csr_matrix((np.ones(len(one)), (one, other)), shape=(size, size))
    _, label = connected_components(graph, directed=False)
    return [np.union1d(rows, cells_of_rows(k.indptr, k.indices, rows)[1]) for rows in
            (np.flatnonzero(label == group) for group in np.unique(label[targets]))]


def _restricted(k: Knowledge, rows: np.ndarray) -> Knowledge:
    """``k`` over the active rows ``rows`` only (sorted; every cell they add up among them)."""
    return Knowledge(
        *restricted(k.indptr, k.indices, rows), k.is_cell[rows],
        k.published[rows], k.numerator[rows], k.denominator[rows], k.at_least[rows],
        k.bounded, k.complement_at_least,
        None if k.denominator_known is None else k.denominator_known[rows], k.has_denominator,
        None if k.links is None else k.links.restricted(rows, len(k.is_cell)),
        None if k.at_most is None else k.at_most[rows],
    )


def _intervals(k: Knowledge, targets: np.ndarray, level: float, threshold: float,
               truth: tuple[np.ndarray, np.ndarray] | None) -> list[Interval]:
    """:func:`attacker_intervals` over the rows of ``k`` (every row constraining a target's cells)."""
    programme = _Programme(k)
    quantities = QUANTITIES if k.bounded else QUANTITIES[:2 if k.has_denominator else 1]
    if truth is not None:
        true_counts = np.column_stack([truth[0], truth[1], truth[1] - truth[0]])
        sums = np.add.reduceat(true_counts[k.indices], k.indptr[:-1], axis=0)  # every row has a cell
    goals, blocks, constants, certain = [], [], [], []
    for j, q in enumerate(quantities):
        rows = np.asarray(targets, dtype=np.int64)
        if truth is not None:
            rows = rows[sums[rows, j] < threshold + level]
        if q == "noemer" and k.denominator_known is not None:
            # A denominator another measure publishes is that one value: no programme needed.
            told = k.denominator_known[rows]
            certain += [Interval(int(r), q, float(k.denominator[r]), float(k.denominator[r])) for r in rows[told]]
            rows = rows[~told]
        kept, block, constant = programme.objectives(rows, q)
        # A count of public denominators alone is a number.
        fixed = np.diff(block.indptr) == 0
        certain += [Interval(int(r), q, float(v), float(v), tuple(int(c) for c in k.indices[k.indptr[r]:k.indptr[r + 1]]
                                                                  if programme.den_fixed[c] and not k.published[c]))
                    for r, v in zip(kept[fixed], constant[fixed])]
        goals += [(int(r), q) for r in kept[~fixed]]
        blocks.append(block[~fixed])
        constants.append(constant[~fixed])
        certain += _published_sums(k, np.setdiff1d(rows, kept), q)
    if not goals:
        return certain
    objective = sp.vstack(blocks).tocsr()
    constant = np.concatenate(constants)
    low = np.full(len(goals), np.inf)
    high = np.full(len(goals), -np.inf)
    if truth is not None:
        # The true counts, and the segments through them along which counts can be swapped.
        low, high = swap_bounds(programme, objective, programme.truth(*truth), level)
    ceiling = np.full(len(goals), np.inf)
    if k.at_most is not None:
        rows_of, quantities_of = zip(*goals)
        ceiling = k.at_most[list(rows_of), [QUANTITIES.index(q) for q in quantities_of]] - constant
    out = []
    for goal, rows, columns in programme.parts(objective):
        if (high[goal] - low[goal] < level).any():
            found = _part_intervals(programme.part(rows, columns), objective[goal][:, columns], constant[goal],
                                    [goals[i] for i in goal], low[goal], high[goal], level, ceiling[goal])
            out += found
    return out + certain


def _part_intervals(programme: _Model, objective: sp.csr_matrix, constant: np.ndarray, goals: list[tuple[int, str]],
                    low: np.ndarray, high: np.ndarray, level: float, ceiling: np.ndarray) -> list[Interval]:
    """The programmes of one group of counts (``goals``, as rows of ``objective`` plus ``constant``)
    that no constraint joins to others, for the counts whose interval [``low``, ``high``] known so far
    is narrower than ``level``; ``ceiling`` is the bound a te_klein status puts on each count
    (less its constant; infinite: none)."""
    if np.count_nonzero(high - low < level) >= SUMS_WORTH:
        total = np.asarray(objective.sum(axis=0)).ravel()
        for found in (programme.solve(total), programme.solve(-total)):
            if found is not None:
                values = objective @ found[0]
                low, high = np.minimum(low, values), np.maximum(high, values)
    # Push up and down in turn; a direction is dropped once a push certifies too few counts to be
    # worth its programme (one push costs about as much as a few dozen single solves).
    productive = {1.0: True, -1.0: True}
    pusher = _Pusher(programme, objective)
    for push in range(MAX_PUSHES):
        direction = 1.0 if push % 2 == 0 else -1.0
        if not productive[direction]:
            direction = -direction
        open_ = np.flatnonzero(high - low < level)
        if len(open_) < PUSH_WORTH or not productive[direction]:
            break  # a few counts are cheaper one by one
        caps = low[open_] + level if direction > 0 else high[open_] - level
        values = objective @ pusher.push(open_, caps, direction)
        low, high = np.minimum(low, values), np.maximum(high, values)
        gained = len(open_) - int(np.count_nonzero(high - low < level))
        productive[direction] = gained >= PUSH_WORTH
    out = []
    floor = _floors(objective, programme.col_lower, programme.col_upper)
    for i in np.flatnonzero(high - low < level):
        if high[i] - low[i] >= level:
            continue  # certified by the solution of an earlier count
        row, q = goals[i]
        c = np.zeros(objective.shape[1])
        c[objective.indices[objective.indptr[i]:objective.indptr[i + 1]]] = \
            objective.data[objective.indptr[i]:objective.indptr[i + 1]]
        if high[i] >= ceiling[i] - _EPS:
            # A solution at the count's te_klein bound: nothing goes higher.
            upper, bind_high = float(ceiling[i]), np.zeros(0, dtype=np.int64)
        else:
            found_high = programme.solve(-c)
            if found_high is None:
                continue  # no upper bound at all
            x_high, bind_high = found_high
            # Every solution bounds every other count's interval too.
            values = objective @ x_high
            low, high = np.minimum(low, values), np.maximum(high, values)
            upper = float(c @ x_high)
        if upper - low[i] >= level:
            continue  # the maximum alone shows the interval is wide enough
        if low[i] <= floor[i] + _EPS:
            # A solution at the count's own floor (its cells' bounds): nothing goes lower.
            out.append(Interval(row, q, float(floor[i]) + constant[i], upper + constant[i],
                                tuple(sorted(bind_high.tolist()))))
            continue
        x_low, bind_low = programme.solve(c)  # type: ignore[misc]  # bounded below by 0
        values = objective @ x_low
        low, high = np.minimum(low, values), np.maximum(high, values)
        binding = tuple(sorted(set(bind_low.tolist()) | set(bind_high.tolist())))
        out.append(Interval(row, q, float(c @ x_low) + constant[i], upper + constant[i], binding))
    return out


def _floors(objective: sp.csr_matrix, col_lower: np.ndarray, col_upper: np.ndarray) -> np.ndarray:
    """Per count (row of ``objective``), the least it can be by the bounds of its columns alone."""
    at = objective.indices
    least = objective.data * np.where(objective.data > 0, col_lower[at], col_upper[at])  # -inf: no bound
    rows = np.repeat(np.arange(objective.shape[0]), np.diff(objective.indptr))
    return np.bincount(rows, weights=least, minlength=objective.shape[0])


def _published_sums(k: Knowledge, rows: np.ndarray, quantity: str) -> list[Interval]:
    """The count ``quantity`` of hidden ``rows`` whose every cell is published exactly: a single
    value, the sum of theirs (bound by those cells)."""
    out = []
    for row in rows:
        cells = k.indices[k.indptr[row]:k.indptr[row + 1]]
        num, den = k.numerator[cells].sum(), k.denominator[cells].sum()
        value = {"teller": num, "noemer": den, "complement": den - num}[quantity]
        if not np.isnan(value):  # a count without a denominator has no noemer
            out.append(Interval(int(row), quantity, float(value), float(value), tuple(int(c) for c in cells)))
    return out


class _Pusher:
    """Solutions that move many counts at once, each no further than its cap: upwards, maximise the
    sum of ``z_t <= count_t, z_t <= cap_t``; downwards, minimise that of ``u_t >= count_t,
    u_t >= cap_t``; so that no single count takes all the room. One model per direction is kept and
    only the caps and costs change, so each push continues from the last basis."""

    def __init__(self, programme: _Model, counts: sp.csr_matrix) -> None:
        self.programme, self.counts = programme, counts
        self.solvers: dict[float, highs.Highs] = {}

    def push(self, open_: np.ndarray, caps: np.ndarray, direction: float) -> np.ndarray:
        p, (m, width) = self.programme, self.counts.shape
        solver = self.solvers.get(direction)
        if solver is None:
            # Rows count_t - z_t >= 0 (upwards) or <= 0 (downwards).
            matrix = sp.vstack([
                sp.hstack([p.matrix, sp.csr_matrix((p.matrix.shape[0], m))]),
                sp.hstack([self.counts, -sp.identity(m, format="csr")]),
            ])
            side = np.zeros(m)
            row_lower = np.concatenate([p.row_lower, side if direction > 0 else np.full(m, -np.inf)])
            row_upper = np.concatenate([p.row_upper, np.full(m, np.inf) if direction > 0 else side])
            col_lower = np.concatenate([p.col_lower, np.full(m, -np.inf)])
            col_upper = np.concatenate([p.col_upper, np.full(m, np.inf)])
            solver = self.solvers[direction] = highs_model(matrix, col_lower, col_upper, row_lower, row_upper)
        lower, upper, cost = np.full(m, -np.inf), np.full(m, np.inf), np.zeros(width + m)
        if direction > 0:
            upper[open_] = caps
        else:
            lower[open_] = caps
        cost[width + open_] = -direction
        solver.changeColsBounds(m, np.arange(width, width + m, dtype=np.int32), lower, upper)
        found = minimise(solver, cost)
        assert found is not None  # every column with a cost is capped
        return found[0][:width]


def exposed(intervals: list[Interval], level: float, threshold: float) -> list[Interval]:
    """The intervals that pin a count or confine a possibly small count below the protection level."""
    return [i for i in intervals if i.lower < threshold - _EPS and (i.pinned() or i.width < level - _EPS)]
