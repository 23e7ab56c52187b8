"""What the definitions of measures that share their denominators imply between them, cell by cell.

Big2 (ks12.a) counts the births that are preterm (ks12.vroeg) or small for gestational age
(ks12.klein): in every cell each part is at most Big2, and Big2 at most the two together. A catalogue
says so per measure with ``within``: every person the measure counts is counted by at least one of
the measures named (``ks12.vroeg: within [ks12.a]``, ``ks12.a: within [ks12.vroeg, ks12.klein]``), so
its numerator is at most the sum of theirs. An attacker who holds every member of such a family uses
these inequalities; so the members are checked as one (:mod:`kansrijk.disclosure.secondary`), their
rows one after the other, with the inequalities as ``Links`` between their cells, and every copy of a
cell's denominator equal, in the attacker's programmes and in the cell-suppression programme. Where
the counts do not obey them (aggregates of a source that counts otherwise), the definitions do not
hold for these data and the members are checked one by one, as the audit then audits them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from kansrijk.disclosure.relations import MeasureRelations

if TYPE_CHECKING:
    from kansrijk.catalogue import Measure


@dataclass(frozen=True)
class Links:
    """Rows ``lower <= matrix @ [numerators, denominators] <= upper`` over the counts of the active
    rows of a measure (the numerators of every row, then their denominators): only inner cells
    appear in them."""

    matrix: sp.csr_matrix
    lower: np.ndarray
    upper: np.ndarray

    def cells(self, size: int) -> tuple[np.ndarray, np.ndarray]:
        """(link, cell) of every entry, cells as active-row positions."""
        coo = self.matrix.tocoo()
        return coo.row, coo.col % size

    def joins(self, size: int) -> tuple[np.ndarray, np.ndarray]:
        """Pairs of cells that belong together: each cell of a link with the link's first cell."""
        link, cell = self.cells(size)
        first = np.full(self.matrix.shape[0], -1)
        first[link[::-1]] = cell[::-1]
        return first[link], cell

    def restricted(self, rows: np.ndarray, size: int) -> Links | None:
        """The links among ``rows`` only (sorted active-row positions, with positions among them); a
        link with a cell outside ``rows`` is left out (a caller takes whole groups of linked cells)."""
        link, cell = self.cells(size)
        inside = np.isin(cell, rows)
        keep = np.bincount(link, weights=~inside, minlength=self.matrix.shape[0]) == 0
        matrix = self.matrix[keep].tocoo()
        column = np.searchsorted(rows, matrix.col % size) + len(rows) * (matrix.col >= size)
        out = sp.csr_matrix((matrix.data, (matrix.row, column)), shape=(int(keep.sum()), 2 * len(rows)))
        return Links(out, self.lower[keep], self.upper[keep]) if out.shape[0] else None

    def hold(self, numerators: np.ndarray, denominators: np.ndarray) -> bool:
        """Whether counts (per active row; NaN: none) obey every link: true counts always do where the
        definitions hold, aggregates supplied by a source may not."""
        value = self.matrix @ np.nan_to_num(np.concatenate([numerators, denominators]))
        return bool(np.all(value >= self.lower - 1e-6) and np.all(value <= self.upper + 1e-6))

    def neighbours(self, cells: np.ndarray, size: int) -> np.ndarray:
        """The cells that share a link with one of ``cells`` (active-row positions), these included."""
        link, cell = self.cells(size)
        touched = np.zeros(self.matrix.shape[0], dtype=bool)
        touched[link[np.isin(cell, cells)]] = True
        return np.union1d(cells, cell[touched[link]])

    def held(self, members: np.ndarray, size: int, truth: tuple[np.ndarray, np.ndarray]) -> Links | None:
        """The links among ``members`` (sorted active-row positions, with positions among them) with
        every cell outside them held at its true count (``truth``: numerators and denominators per
        active row), a number moved into the bounds; links wholly outside are left out."""
        cell, on_den = self.entries(size)
        inside = np.isin(cell, members)
        column = np.where(inside, np.searchsorted(members, cell) + len(members) * on_den, -1)
        matrix, lower, upper = self.over(column, np.where(on_den, truth[1][cell], truth[0][cell]), 2 * len(members))
        return Links(matrix, lower, upper) if matrix.shape[0] else None

    def entries(self, size: int) -> tuple[np.ndarray, np.ndarray]:
        """Per entry of :attr:`matrix` (in the order of ``matrix.tocoo()``) its cell (an active-row
        position) and whether it is that cell's denominator."""
        col = self.matrix.tocoo().col
        return col % size, col >= size

    def over(self, column: np.ndarray, value: np.ndarray,
             width: int) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
        """The links over a programme's ``width`` columns: ``column`` per entry (see :meth:`entries`)
        is its column, or -1 where the count is a number (``value`` per entry), moved into the
        bounds. Links left without a column are left out."""
        entries = self.matrix.tocoo()
        number = column < 0
        constant = np.bincount(entries.row[number], weights=entries.data[number] * np.nan_to_num(value[number]),
                               minlength=entries.shape[0])
        keep = np.bincount(entries.row[~number], minlength=entries.shape[0]) > 0
        renumber = np.cumsum(keep) - 1
        matrix = sp.csr_matrix((entries.data[~number], (renumber[entries.row[~number]], column[~number])),
                               shape=(int(keep.sum()), width))
        return matrix, (self.lower - constant)[keep], (self.upper - constant)[keep]


def family_links(blocks: int, cells: np.ndarray, size: int, within: Sequence[tuple[int, Sequence[int]]]) -> Links:
    """The links of ``blocks`` members stacked one after the other, each of ``size`` active rows in
    the same order, ``cells`` the positions of the inner cells within a block: for each ``(member,
    parts)`` of ``within`` and each cell, the member's numerator at most the sum of its parts'; and
    each member's denominator equal to the first member's (where the attacker has it, a number: the
    programmes drop such a link)."""
    rows, columns, values = [], [], []
    count = 0
    for member, parts in within:
        link = count + np.arange(len(cells))
        rows += [link] + [link] * len(parts)
        columns += [member * size + cells] + [part * size + cells for part in parts]
        values += [np.ones(len(cells))] + [-np.ones(len(cells))] * len(parts)
        count += len(cells)
    upper = [np.zeros(count)]
    lower = [np.full(count, -np.inf)]
    for member in range(1, blocks):
        link = count + np.arange(len(cells))
        rows += [link, link]
        columns += [blocks * size + member * size + cells, blocks * size + cells]
        values += [np.ones(len(cells)), -np.ones(len(cells))]
        count += len(cells)
        lower.append(np.zeros(len(cells)))
        upper.append(np.zeros(len(cells)))
    matrix = sp.csr_matrix((np.concatenate(values), (np.concatenate(rows), np.concatenate(columns))),
                           shape=(count, 2 * blocks * size))
    return Links(matrix, np.concatenate(lower), np.concatenate(upper))


def related_groups(names: Sequence[str], measures: dict[str, Measure]) -> list[list[str]]:
    """The groups of ``names`` (in their order) that ``within`` relates: a measure whose every part is
    among ``names`` is joined to its parts."""
    index = {name: i for i, name in enumerate(names)}
    pairs = [(index[m], index[p]) for m in names if measures[m].within and set(measures[m].within) <= set(index)
             for p in measures[m].within]
    if not pairs:
        return []
    a, b = np.array(pairs).T
    graph = sp.csr_matrix((np.ones(len(pairs)), (a, b)), shape=(len(names), len(names)))
    label = connected_components(graph, directed=False)[1]
    linked = np.zeros(len(names), dtype=bool)
    linked[np.r_[a, b]] = True
    return [[names[i] for i in np.flatnonzero((label == g) & linked)] for g in np.unique(label[linked])]


def stacked(rels: Sequence[MeasureRelations]) -> MeasureRelations | None:
    """The relations of measures with the same rows, one after the other (cells offset); None when
    they differ (then each is checked on its own)."""
    first = rels[0]
    if not all(np.array_equal(r.indptr, first.indptr) and np.array_equal(r.indices, first.indices) for r in rels):
        return None
    return MeasureRelations(
        "+".join(r.indicator for r in rels), np.concatenate([r.rows for r in rels]),
        np.concatenate([[0]] + [first.indptr[1:] + i * len(first.indices) for i in range(len(rels))]),
        np.concatenate([first.indices + i * first.size for i in range(len(rels))]),
    )


def as_one(group: Sequence[str], rels: Sequence[MeasureRelations],
           measures: dict[str, Measure]) -> tuple[MeasureRelations, Links] | None:
    """The relations of ``group`` (``rels``, one per member) stacked (see :func:`stacked`) with their
    links; None when their relations differ."""
    joint = stacked(rels)
    if joint is None:
        return None
    within = [(i, [list(group).index(p) for p in measures[m].within]) for i, m in enumerate(group)
              if measures[m].within and set(measures[m].within) <= set(group)]
    return joint, family_links(len(group), np.flatnonzero(rels[0].is_cell), rels[0].size, within)


def linked_parts(rel: MeasureRelations, links: Links) -> np.ndarray:
    """:attr:`MeasureRelations.part`, with the parts that ``links`` tie together as one."""
    one, other = links.joins(rel.size)
    part = rel.part
    graph = sp.csr_matrix((np.ones(len(one)), (part[one], part[other])), shape=(rel.size, rel.size))
    return connected_components(graph, directed=False)[1][part]
