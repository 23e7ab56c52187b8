"""Which published figures to hide so that an exposed count gets room: a cell-suppression programme.

A linear programme in the manner of Fischetti and Salazar's cell suppression model. Its columns are
the numerators and denominators of the inner cells of one measure, and per published figure that may
still be hidden four slack columns (up and down, numerator and denominator). Every published figure is
an equation over its cells that may be violated at the cost of its weight (its denominator; sums above
a single gemeente ten times that: a regional report needs its totals, and several small cells nearly
always do the job instead; figures that add up the same cells, one equation, share the weight of
them all). Figures of an earlier edition cannot be taken back: no slack. A cell that
is not small is known to hold at least the threshold once it is hidden (status ``privacy``), and so is
a sum that is not small; a count its ``te_klein`` status tells is small is at most the threshold less
one. The exposed count must reach its lower bound plus the protection level (or, downwards, its upper
bound minus it: always where the status caps it below that); the figures whose slack carries the
cheapest way there are hidden.

A repair is first sought in a small programme over the cells near the exposed counts (those of the
short sums that hold them: a gemeente's years, its regions in a year), with the rest of the part held
at its true counts and only figures wholly among the near cells free to release. Every solution of it
is one of the whole part's, so what it releases is enough; the part's own programme, kept between
rounds with only row bounds changed (a target row is opened, a released figure's equations are
dropped) so that the dual simplex continues from the last basis, decides where it finds nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import highspy as highs
import numpy as np
import scipy.sparse as sp

from kansrijk.catalogue import Measure
from kansrijk.disclosure.intervals import QUANTITIES, Interval, highs_model
from kansrijk.disclosure.links import Links, linked_parts
from kansrijk.disclosure.relations import MeasureRelations, cells_of_rows
from kansrijk.errors import DisclosureError

REGION_COST = 10.0
# Levels of areas whose figures no benchmark or regional report uses (a jeugdregio): never the
# figure a reader sees first, and no dearer to hide than a gemeente's.
UNREPORTED_LEVELS = ("jeugdregio",)


def reported_region(levels: np.ndarray) -> np.ndarray:
    """Per figure, by its area level, whether it is a total that a benchmark or regional report
    uses (a province, GGD region, user region or the country): ``REGION_COST`` times as dear to hide."""
    return ~np.isin(levels, ("gemeente", *UNREPORTED_LEVELS))


# The programmes over the cells near the exposed counts, tried before the whole part: how many times
# the neighbourhood grows along sums of at most NEAR_SUM cells (a gemeente's years, a jeugdregio or a
# GGD region in one year; not a province or the country).
NEAR = (1, 2)
NEAR_SUM = 40
_MOVED = 1e-7
# A count that falls short of its move in a programme of several costs this many times the dearest
# figure per count short (more than releasing figures ever costs), and is left out above _SHORT.
_SHORT_COST = 100.0
_SHORT = 1e-5


class ReleaseModel:
    """The cell-suppression programme of one measure, kept between rounds of the interval check.

    The measure's figures fall apart into parts that share no cell (each single year before the
    first pooled window, and the years of the pooled windows together); their programmes share
    nothing, so each part has its own, built when one of its counts is first exposed. ``links``
    (measures checked as one) join the parts whose cells they tie, and hold in every programme; the
    cells linked to an exposed count's are near it.
    """

    def __init__(self, rel: MeasureRelations, published: np.ndarray, known: np.ndarray,
                 primary: np.ndarray, truth: tuple[np.ndarray, np.ndarray], weight: np.ndarray,
                 above_gemeente: np.ndarray, measure: Measure, den_known: np.ndarray | None = None,
                 links: Links | None = None, not_small: np.ndarray | None = None,
                 at_most: np.ndarray | None = None) -> None:
        self.rel, self.known, self.primary, self.truth = rel, known, primary, truth
        # Hidden rows the attacker knows are not small (default: all but the small ones), and the
        # counts a te_klein status tells are small (None: none).
        self.not_small = ~primary if not_small is None else not_small
        self.at_most = at_most
        # Rows that add up the same cells are released together, each with slack of its own: each
        # costs its share of ``weight`` (theirs together), so that releasing them costs it once.
        share = weight / np.bincount(rel.same_sum)[rel.same_sum]
        self.weight, self.above_gemeente, self.measure = share, above_gemeente, measure
        self.den_known = np.zeros(rel.size, dtype=bool) if den_known is None else den_known
        self.published = published.copy()
        self.links = links
        self.label = rel.part if links is None else linked_parts(rel, links)
        self.parts: dict[int, tuple[np.ndarray, _Part]] = {}

    def hide(self, rows: np.ndarray) -> None:
        """Drop the equations of figures that are hidden from now on."""
        self.published[rows] = False
        for group, (members, part) in self.parts.items():
            mine = rows[self.label[rows] == group]
            part.hide(np.searchsorted(members, mine))

    def release(self, found: Sequence[Interval]) -> np.ndarray:
        """The open figures to release so that every count in ``found`` gets room, per part: the
        counts that can rise in one programme, then those that cannot (a te_klein status caps them
        below where they would have to rise, or the others leave them no room) moving down in
        another; a count that leaves room to neither gets a figure of its own (:meth:`release_one`).

        Where a figure's denominator is fixed (another measure publishes it), its complement moves
        exactly against its numerator: with both exposed, only the numerator is asked to move (both
        upwards at once is impossible)."""
        if len(found) == 1:
            return self.release_one(found[0])
        numerators = {i.row for i in found if i.quantity == "teller"}
        found = [i for i in found if not (i.quantity == "complement" and i.row in numerators and self.den_known[i.row])]
        chosen, alone = [np.zeros(0, dtype=np.int64)], []
        for group in sorted({int(self.label[i.row]) for i in found}):
            mine = [i for i in found if self.label[i.row] == group]
            left = []
            for rising in (True, False):
                same_way = [i for i in mine if self._rises(i) == rising] + left
                rows, left = self._release_near(same_way, rising, soft=True)
                chosen.append(rows)
                if not len(rows):  # room without releasing anything, as the check did not see: one by one
                    left = same_way
            alone += left
        return np.concatenate(chosen + [self.release_one(i) for i in alone])

    def _release_near(self, found: list[Interval], upwards: bool,
                      soft: bool = False) -> tuple[np.ndarray, list[Interval]]:
        """The figures to release for ``found`` (counts of one part), and the counts left without room
        (``soft``: those the programmes could not move; otherwise none, or DisclosureError): first in
        programmes over the cells near the exposed counts, the rest of the part held at its true
        counts (every solution of such a programme is one of the whole part's, so what it releases
        is enough, if not always the cheapest), then (not ``soft``) in the whole part."""
        chosen = [np.zeros(0, dtype=np.int64)]
        for radius in NEAR if soft else (*NEAR, 0):
            if not found:
                break
            members, part = self._part(int(self.label[found[0].row])) if radius == 0 else self._near(found, radius)
            try:
                rows, moved = part.release(_within(found, members), upwards, soft)
            except DisclosureError:
                if radius == 0:
                    raise
                continue
            chosen.append(members[rows])
            found = [i for i, done in zip(found, moved) if not done]
        return np.concatenate(chosen), found

    def _near(self, found: list[Interval], radius: int) -> tuple[np.ndarray, _Part]:
        """The programme over the cells near ``found`` (see :func:`_near`) and the rows it holds.
        Only a figure all of whose cells are near may be released there: one that reaches further (a
        province, the country) stays, or the part's own programme decides. Links to cells further
        away hold those at their true counts."""
        rows = np.array([i.row for i in found])
        if self.links is not None:  # the cells linked to theirs are near too
            rows = self.links.neighbours(np.union1d(rows, cells_of_rows(self.rel.indptr, self.rel.indices, rows)[1]),
                                         self.rel.size)
        members, sub, outside, whole = _near(self.rel, rows, self.truth, radius)
        return members, _Part(
            sub, self.published[members], self.known[members] | ~whole, self.primary[members],
            (self.truth[0][members] - outside[0], self.truth[1][members] - outside[1]), self.weight[members],
            self.above_gemeente[members], self.measure, self.den_known[members], outside,
            None if self.links is None else self.links.held(members, self.rel.size, self.truth),
            self.not_small[members], self._at_most(members),
        )

    def _rises(self, interval: Interval) -> bool:
        return self.at_most is None or _may_rise(interval, self.at_most, float(self.measure.protection))

    def release_one(self, interval: Interval) -> np.ndarray:
        """:meth:`release` for one count: upwards, else downwards."""
        try:
            return self._release_near([interval], True)[0]
        except DisclosureError:
            return self._release_near([interval], False)[0]

    def _part(self, group: int) -> tuple[np.ndarray, _Part]:
        if group not in self.parts:
            members = np.flatnonzero(self.label == group)  # every cell of a member is a member
            sub = self.rel.restricted_to(members)
            self.parts[group] = members, _Part(
                sub, self.published[members], self.known[members], self.primary[members],
                (self.truth[0][members], self.truth[1][members]), self.weight[members],
                self.above_gemeente[members], self.measure, self.den_known[members],
                links=None if self.links is None else self.links.restricted(members, self.rel.size),
                not_small=self.not_small[members], at_most=self._at_most(members),
            )
        return self.parts[group]

    def _at_most(self, members: np.ndarray) -> np.ndarray | None:
        return None if self.at_most is None else self.at_most[members]


def _may_rise(interval: Interval, at_most: np.ndarray, level: float) -> bool:
    """Whether the te_klein bounds ``at_most`` leave the count of ``interval`` room to rise by
    ``level``."""
    return bool(interval.lower + level <= at_most[interval.row, QUANTITIES.index(interval.quantity)] + 1e-6)


def _within(found: list[Interval], members: np.ndarray) -> list[Interval]:
    """``found`` with rows as positions among ``members``."""
    return [replace(i, row=int(np.searchsorted(members, i.row)), binding=()) for i in found]


def _near(rel: MeasureRelations, rows: np.ndarray, truth: tuple[np.ndarray, np.ndarray],
          radius: int) -> tuple[np.ndarray, MeasureRelations, np.ndarray, np.ndarray]:
    """The cells near ``rows``: their own cells and, ``radius`` times over, every cell of a sum of at
    most ``NEAR_SUM`` cells that holds one of them. Returns the rows holding a near cell (sorted), their
    relations over the near cells only, per such row the true counts of its other cells (numerators,
    denominators: two rows), which the programme holds fixed, and whether it has no other cells."""
    rows_of, cells = rel.matrix_entries()
    near = np.zeros(rel.size, dtype=bool)
    near[cells_of_rows(rel.indptr, rel.indices, rows)[1]] = True
    short = np.diff(rel.indptr)[rows_of] <= NEAR_SUM
    for _ in range(radius):
        touching = np.zeros(rel.size, dtype=bool)
        touching[rows_of[near[cells] & short]] = True
        near[cells[touching[rows_of]]] = True
    holding = np.zeros(rel.size, dtype=bool)
    holding[rows_of[near[cells]]] = True
    members = np.flatnonzero(holding)  # the near cells among them (a cell holds itself)
    keep = near[cells] & holding[rows_of]
    local_row = np.searchsorted(members, rows_of[keep])
    indptr = np.concatenate([[0], np.cumsum(np.bincount(local_row, minlength=len(members)))])
    sub = MeasureRelations(rel.indicator, rel.rows[members], indptr, np.searchsorted(members, cells[keep]))
    far = ~near[cells] & holding[rows_of]
    at = np.searchsorted(members, rows_of[far])
    outside = np.stack([np.bincount(at, weights=values[cells[far]], minlength=len(members)) for values in truth])
    return members, sub, outside, np.bincount(at, minlength=len(members)) == 0


class _Part:
    """The cell-suppression programme of one part of a measure (or of the cells near exposed counts,
    with ``outside`` holding per row the true counts of its other cells, numerators and
    denominators). A figure whose denominator another measure publishes (``den_known``) keeps its
    denominator equation when it is hidden."""

    def __init__(self, rel: MeasureRelations, published: np.ndarray, known: np.ndarray,
                 primary: np.ndarray, truth: tuple[np.ndarray, np.ndarray], weight: np.ndarray,
                 above_gemeente: np.ndarray, measure: Measure, den_known: np.ndarray,
                 outside: np.ndarray | None = None, links: Links | None = None,
                 not_small: np.ndarray | None = None, at_most: np.ndarray | None = None) -> None:
        size = rel.size
        not_small = ~primary if not_small is None else not_small
        self.measure = measure
        self.level = float(measure.protection)
        cell_rows = np.flatnonzero(rel.is_cell)
        n = len(cell_rows)
        column = np.full(size, -1, dtype=np.int64)
        column[cell_rows] = np.arange(n)
        threshold = float(measure.threshold)
        floor = np.where(not_small, threshold if measure.counts_persons else 0.0, 0.0)[cell_rows]
        # A count without a denominator (a family's denominators checked on their own) has none to floor.
        den_floor = floor if measure.has_denominator else np.zeros(n)
        rows_of, cells = rel.matrix_entries()
        a = sp.csr_matrix((np.ones(len(rows_of)), (rows_of, column[cells])), shape=(size, n))
        # Slack columns for the figures that may still be hidden.
        self.slack_rows = np.flatnonzero(published & ~known)
        k = len(self.slack_rows)
        s = sp.csr_matrix((np.ones(k), (self.slack_rows, np.arange(k))), shape=(size, k))
        zero_a, zero_s = sp.csr_matrix((size, n)), sp.csr_matrix((size, k))
        # Rows 0..size-1: numerators of every figure; size..2*size-1: denominators; free unless
        # published (then equal to the published count, up to slack).
        blocks = [sp.hstack([a, zero_a, s, -s, zero_s, zero_s]), sp.hstack([zero_a, a, zero_s, zero_s, s, -s])]
        den_public = published | den_known
        lower = [np.where(published, truth[0], -np.inf), np.where(den_public, truth[1], -np.inf)]
        upper = [np.where(published, truth[0], np.inf), np.where(den_public, truth[1], np.inf)]
        # Complements of the hidden figures that may become targets; free until they are one.
        targets = np.flatnonzero(primary)
        self.complement_row = np.full(size, -1, dtype=np.int64)
        self.complement_row[targets] = 2 * size + np.arange(len(targets))
        blocks.append(sp.hstack([-a[targets], a[targets], sp.csr_matrix((len(targets), 4 * k))]))
        lower.append(np.full(len(targets), -np.inf))
        upper.append(np.full(len(targets), np.inf))
        complement_floor = measure.complement_protected
        # What the te_klein statuses tell: the small counts are at most the threshold less one.
        most = np.full((size, 3), np.inf) if at_most is None else at_most
        if measure.share:
            eye = sp.identity(n, format="csr")
            blocks.append(sp.hstack([-eye, eye, sp.csr_matrix((n, 4 * k))]))
            lower.append(floor if complement_floor else np.zeros(n))
            upper.append(most[cell_rows, 2])
        # The counts of a figure as (numerator, denominator) coefficients: numerator, denominator and,
        # where protected, the complement.
        counts = [(1, 0), (0, 1)][:2 if measure.has_denominator else 1]
        if complement_floor and measure.has_denominator:
            counts.append((-1, 1))

        def sum_rows(sums: np.ndarray, bounds: np.ndarray, floors: bool) -> None:
            # Each count of the hidden sums ``sums`` at least (``floors``) or at most its ``bounds``
            # (a column per count; infinite: none), less what the cells outside the programme hold.
            b, zero_b = a[sums], sp.csr_matrix((len(sums), 4 * k))
            out = np.zeros((2, len(sums))) if outside is None else outside[:, sums]
            for j, (on_num, on_den) in enumerate(counts):
                use = np.isfinite(bounds[:, j])
                blocks.append(sp.hstack([on_num * b[use], on_den * b[use], zero_b[use]]))
                target = (bounds[:, j] - on_num * out[0] - on_den * out[1])[use]
                lower.append(target if floors else np.full(len(target), -np.inf))
                upper.append(np.full(len(target), np.inf) if floors else target)

        sums = np.flatnonzero(~rel.is_cell & not_small)
        if measure.counts_persons and len(sums):
            sum_rows(sums, np.full((len(sums), len(counts)), threshold), floors=True)
        capped = np.flatnonzero(~rel.is_cell & np.isfinite(most).any(axis=1))
        if len(capped):
            sum_rows(capped, most[capped, :len(counts)], floors=False)
        if links is not None:
            # What the definitions imply between cells of measures checked as one holds throughout.
            cell, on_den = links.entries(size)
            matrix, low, high = links.over(column[cell] + n * on_den, np.zeros(len(cell)), 2 * n + 4 * k)
            blocks.append(matrix)
            lower.append(low)
            upper.append(high)
        released = self.slack_rows
        cost_of = (weight[released] + 1.0) * np.where(above_gemeente[released], REGION_COST, 1.0)
        self.cost = np.concatenate([np.zeros(2 * n), np.tile(cost_of, 4)])
        self.size, self.n, self.k = size, n, k
        # A denominator another measure publishes cannot move: no slack for it.
        col_upper = np.concatenate([most[cell_rows, 0], most[cell_rows, 1], np.full(4 * k, np.inf)])
        fixed = np.flatnonzero(den_known[self.slack_rows])
        col_upper[2 * n + 2 * k + fixed] = col_upper[2 * n + 3 * k + fixed] = 0.0
        self.den_known, self.most = den_known, most
        self.solver = highs_model(sp.vstack(blocks), np.concatenate([floor, den_floor, np.zeros(4 * k)]),
                                  col_upper, np.concatenate(lower), np.concatenate(upper))
        self.solver.changeColsCost(len(self.cost), np.arange(len(self.cost), dtype=np.int32), self.cost)
        self.open = published.copy()
        self.elastic: dict[int, int] = {}

    def hide(self, rows: np.ndarray) -> None:
        """Drop the equations of figures that are hidden from now on."""
        inf = highs.kHighsInf
        for r in rows:
            if self.open[r]:
                self.solver.changeRowBounds(int(r), -inf, inf)
                if not self.den_known[r]:
                    self.solver.changeRowBounds(int(self.size + r), -inf, inf)
                self.open[r] = False

    def release(self, found: Sequence[Interval], upwards: bool = True,
                soft: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """The open figures whose release lets every count in ``found`` move by the protection level
        at once (upwards, or downwards when earlier editions cap it from above; downwards always for a
        count a te_klein status caps below where it would have to rise), and per count whether it
        moved: the figures whose slack the cheapest solution uses, so that the solution itself shows
        they are enough (were the models alike; the next interval check tells). Without ``soft``,
        DisclosureError if the counts cannot all move; with it, a count may fall short at a cost
        above that of any figure (an elastic column), and those that do are left out."""
        opened = [(self._target_row(i), i) for i in found]
        inf = highs.kHighsInf
        rises = [upwards and _may_rise(i, self.most, self.level) for i in found]
        elastic = self._elastic([row for row, _ in opened]) if soft else np.zeros(0, dtype=np.int32)
        penalty = _SHORT_COST * float(self.cost.max(initial=0.0) + 1.0)
        try:
            for (row, interval), up in zip(opened, rises):
                if up:
                    self.solver.changeRowBounds(row, interval.lower + self.level - 1e-6, inf)
                else:
                    self.solver.changeRowBounds(row, -inf, interval.upper - self.level + 1e-6)
            if soft:  # a shortfall: up to the row's target from below, or down to it from above
                up = np.array(rises)
                self.solver.changeColsBounds(len(elastic), elastic, np.where(up, 0.0, -inf), np.where(up, inf, 0.0))
                self.solver.changeColsCost(len(elastic), elastic, np.where(up, penalty, -penalty))
            self.solver.run()
            status = self.solver.getModelStatus()
            x = np.asarray(self.solver.getSolution().col_value)
        finally:
            for row, _ in opened:
                self.solver.changeRowBounds(row, -inf, inf)
            if soft:
                zero = np.zeros(len(elastic))
                self.solver.changeColsBounds(len(elastic), elastic, zero, zero)
                self.solver.changeColsCost(len(elastic), elastic, zero)
        if status != highs.HighsModelStatus.kOptimal:
            raise DisclosureError(
                f"{self.measure.id}: een klein aantal blijft af te leiden en geen ander cijfer kan het "
                "beschermen; niets gepubliceerd"
            )
        done = np.abs(x[elastic]) <= _SHORT if soft else np.ones(len(found), dtype=bool)
        moved = x[2 * self.n:2 * self.n + 4 * self.k].reshape(4, self.k).sum(axis=0)
        moved[~self.open[self.slack_rows]] = 0.0
        return self.slack_rows[moved > _MOVED], done

    def _elastic(self, rows: list[int]) -> np.ndarray:
        """A column per row of ``rows`` that lets it fall short of its target (fixed at 0 but when
        asked for), added on first use."""
        new = sorted(set(rows) - self.elastic.keys())
        if new:
            start = self.solver.getNumCol()
            self.solver.addCols(len(new), np.zeros(len(new)), np.zeros(len(new)), np.zeros(len(new)), len(new),
                                np.arange(len(new), dtype=np.int32), np.array(new, dtype=np.int32), np.ones(len(new)))
            self.elastic.update({r: start + i for i, r in enumerate(new)})
        return np.array([self.elastic[r] for r in rows], dtype=np.int32)

    def _target_row(self, interval: Interval) -> int:
        if interval.quantity == "teller":
            return int(interval.row)
        if interval.quantity == "noemer":
            return int(self.size + interval.row)
        return int(self.complement_row[interval.row])
