"""Every published figure as a sum of inner cells: the linear relations an attacker knows.

An *inner cell* is a figure that is not the sum of other figures: a gemeente in a single year (or on
a peildatum), or a row supplied as such (a region figure given by its source). Every other row is a
sum of inner cells: a province, GGD region, jeugdregio, user region or NL of its gemeenten (crossing
hierarchies such as Mook en Middelaar included, since each is summed from the same gemeente cells),
a pooled period of its single years, a pooled region figure of gemeente-years. Merged gemeenten are
already carried onto today's division by the engine, so a predecessor's years are cells of its
successor.

The relations are built for all measures at once with a few joins, then split per measure into a
compressed sparse row layout (row -> its cells); a measure's cells are rows of that same measure.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from kansrijk.errors import DisclosureError


@dataclass(frozen=True)
class MeasureRelations:
    """The active rows of one measure (rows with counts) and the inner cells each one adds up.

    ``rows`` are positions in the frame the relations were built from; ``indptr``/``indices`` give,
    for active row ``i``, the active-row positions of its cells (``indices[indptr[i]:indptr[i+1]]``).
    An inner cell's only cell is itself.
    """

    indicator: str
    rows: np.ndarray
    indptr: np.ndarray
    indices: np.ndarray

    @property
    def size(self) -> int:
        return len(self.rows)

    def cells(self, i: int) -> np.ndarray:
        return self.indices[self.indptr[i]:self.indptr[i + 1]]

    @cached_property
    def is_cell(self) -> np.ndarray:
        """Whether each active row is an inner cell (computed once)."""
        lengths = np.diff(self.indptr)
        own = np.zeros(self.size, dtype=bool)
        single = np.flatnonzero(lengths == 1)
        own[single] = self.indices[self.indptr[single]] == single
        return own

    def matrix_entries(self) -> tuple[np.ndarray, np.ndarray]:
        """(row, cell) pairs of every relation, as two arrays of active-row positions."""
        return np.repeat(np.arange(self.size), np.diff(self.indptr)), self.indices

    @cached_property
    def part(self) -> np.ndarray:
        """A group number per active row: rows of different groups share no cell (typically each
        single year before the first pooled window, and the years of the pooled windows together)."""
        rows_of, cells = self.matrix_entries()
        graph = sp.csr_matrix((np.ones(len(cells)), (rows_of, cells)), shape=(self.size, self.size))
        return connected_components(graph, directed=False)[1]

    @cached_property
    def same_sum(self) -> np.ndarray:
        """A group number per active row: rows that add up the same cells (a region of one gemeente
        and that gemeente) are one equation, published or hidden together. A row of one cell is
        numbered by that cell; rows of several cells (sorted) by their list, after every cell's number."""
        lengths = np.diff(self.indptr)
        group = np.empty(self.size, dtype=np.int64)
        single = lengths == 1
        group[single] = self.indices[self.indptr[:-1][single]]
        several = np.flatnonzero(~single)
        if len(several):
            group[several] = self.size + pd.factorize(pd.Series([self.cells(i).tobytes() for i in several]))[0]
        return group

    def restricted_to(self, rows: np.ndarray) -> MeasureRelations:
        """The relations of ``rows`` only (sorted, whole groups of :attr:`part`), with positions
        among ``rows``."""
        return MeasureRelations(self.indicator, self.rows[rows], *restricted(self.indptr, self.indices, rows))


def cells_of_rows(indptr: np.ndarray, indices: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For a row -> cells layout: how many cells each of ``rows`` adds up, and those cells, row
    after row."""
    lengths = indptr[rows + 1] - indptr[rows]
    starts = np.repeat(indptr[rows] - np.cumsum(lengths) + lengths, lengths)
    return lengths, indices[starts + np.arange(int(lengths.sum()))]


def restricted(indptr: np.ndarray, indices: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The row -> cells layout over ``rows`` only (sorted, holding every cell they add up), with
    positions among ``rows``."""
    lengths, cells = cells_of_rows(indptr, indices, rows)
    return np.concatenate([[0], np.cumsum(lengths)]), np.searchsorted(rows, cells)


def build_relations(
    frame: pd.DataFrame, membership: Sequence[tuple[str, str]], active: np.ndarray | None = None,
) -> Iterator[MeasureRelations]:
    """The relations of every measure in ``frame`` (a results frame), one measure at a time.

    A summed row (``members_with_data`` set, above gemeente level, with known members) is the sum of
    its members' cells in the same period; a pooled row is the sum of its single years when every
    year is present. Every other row with counts is an inner cell. The sums are checked against the
    counts: a row that is not the sum of its cells would make the model of the attacker wrong, so it
    stops disclosure control rather than publish on a wrong model.

    ``active`` marks the rows that take part (default: the rows with counts). An attacker's view of
    a publication passes the published and suppressed rows, whose counts are partly unknown; their
    sums are then not checked.
    """
    check = active is None
    pairs = _pairs(frame, membership, active)
    if check:
        wrong = _mismatched(frame, pairs)
        if len(wrong):
            row = frame.iloc[int(wrong[0])]
            raise DisclosureError(
                f"{row['indicator']} {row['area_code']} {row['period_start']}-{row['period_end']}: "
                "de aantallen zijn niet de som van de onderliggende cellen; onthullingscontrole gestopt"
            )
    yield from _per_measure(frame, pairs)


def inconsistent_rows(frame: pd.DataFrame, membership: Sequence[tuple[str, str]]) -> np.ndarray:
    """Positions of rows with counts that are not the sum of their cells (e.g. a figure of an earlier
    edition whose inputs were corrected since)."""
    return _mismatched(frame, _pairs(frame, membership, None))


def _pairs(frame: pd.DataFrame, membership: Sequence[tuple[str, str]],
           taking_part: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """(row position, cell position) of every relation among the rows ``taking_part`` (default:
    the rows with counts), as two arrays.

    Every key (measure, area, start, end, reference date) is one integer, so that finding a
    region's member cells and a pooled row's single years are lookups in an index of integers.
    """
    has_counts = (frame["numerator"].notna() | frame["denominator"].notna()).to_numpy() \
        if taking_part is None else np.asarray(taking_part, dtype=bool)
    pos = np.flatnonzero(has_counts)
    if not len(pos):
        return pos, pos
    n = len(frame)
    members = np.asarray(list(membership), dtype=object).reshape(-1, 2)
    codes = pd.factorize(np.concatenate([frame["area_code"].to_numpy(object), members[:, 0], members[:, 1]]))[0]
    region, gemeente = codes[n:n + len(members)], codes[n + len(members):]
    reference = frame["reference_date"]
    dated = reference.notna().to_numpy()[pos]
    ref = pd.factorize(reference.to_numpy("datetime64[ns]").view(np.int64)[pos])[0].astype(np.int64)
    indicator = pd.factorize(frame["indicator"])[0][pos].astype(np.int64)
    area = codes[:n][pos].astype(np.int64)
    start = frame["period_start"].to_numpy(np.int64)[pos]
    end = frame["period_end"].to_numpy(np.int64)[pos]
    first_year = int(min(start.min(), end.min()))
    years = int(max(start.max(), end.max())) - first_year + 1
    areas, dates = int(codes.max()) + 1, int(ref.max()) + 1

    def key(rows: np.ndarray, area_of: np.ndarray, begin: np.ndarray, until: np.ndarray) -> np.ndarray:
        whole = (indicator[rows] * areas + area_of) * years + (begin - first_year)
        return (whole * years + (until - first_year)) * dates + ref[rows]

    level = frame["area_level"].to_numpy()[pos]
    summed = frame["members_with_data"].notna().to_numpy()[pos]
    by_members = (level != "gemeente") & summed & np.isin(area, region)
    pooled = (end > start) & ~dated
    single = ~pooled

    # Single-period rows: a summed area is the sum of its gemeenten's rows; anything else is a cell.
    cells = np.flatnonzero(single & ~by_members)
    cell_at = pd.Index(key(cells, area[cells], start[cells], end[cells]))
    sums = np.flatnonzero(single & by_members)
    order = np.argsort(region, kind="stable")
    count = np.bincount(region, minlength=areas)
    offset = np.cumsum(count) - count
    row, member = _expand(sums, offset[area[sums]], count[area[sums]])
    found = cell_at.get_indexer(key(row, gemeente[order][member], start[row], end[row]))
    single_pos = np.concatenate([pos[cells], pos[row[found >= 0]]])
    single_cell = np.concatenate([pos[cells], pos[cells[found[found >= 0]]]])

    # Pooled rows: the cells of each of their single years, when every year is present.
    windows = np.flatnonzero(pooled)
    lengths = end[windows] - start[windows] + 1
    row, year = _expand(windows, start[windows], lengths)
    plain = np.flatnonzero(single & ~dated)
    year_at = pd.Index(key(plain, area[plain], start[plain], start[plain]))
    found = year_at.get_indexer(key(row, area[row], year, year))
    present = np.bincount(np.repeat(np.arange(len(windows)), lengths)[found >= 0], minlength=len(windows))
    complete = present == lengths
    take = np.repeat(complete, lengths) & (found >= 0)
    window_pos, year_pos = pos[row[take]], pos[plain[found[take]]]
    by_pos = np.argsort(single_pos, kind="stable")
    sorted_pos = single_pos[by_pos]
    lo = np.searchsorted(sorted_pos, year_pos, "left")
    hi = np.searchsorted(sorted_pos, year_pos, "right")
    owner, at = _expand(window_pos, lo, hi - lo)
    incomplete = pos[windows[~complete]]
    return (np.concatenate([single_pos, owner, incomplete]),
            np.concatenate([single_cell, single_cell[by_pos][at], incomplete]))


def _expand(owner: np.ndarray, first: np.ndarray, count: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each i, ``owner[i]`` repeated ``count[i]`` times beside the positions first[i], first[i]+1, ..."""
    return np.repeat(owner, count), np.repeat(first, count) + _ranges(count)


def _ranges(lengths: np.ndarray) -> np.ndarray:
    """0..n-1 for each n in ``lengths``, concatenated."""
    if not len(lengths):
        return np.zeros(0, dtype=np.int64)
    starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.arange(int(lengths.sum())) - starts


def _mismatched(frame: pd.DataFrame, pairs: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Positions of rows whose numerator or denominator differs from the sum of their cells."""
    pos, cell = pairs
    rows = np.flatnonzero(np.bincount(pos, minlength=len(frame)))
    wrong = np.zeros(len(rows), dtype=bool)
    for column in ("numerator", "denominator"):
        values = frame[column].to_numpy(float)
        sums = np.bincount(pos, weights=np.nan_to_num(values[cell]), minlength=len(frame))[rows]
        own = values[rows]
        wrong |= ~np.isnan(own) & (np.abs(sums - own) > 1e-6 * np.maximum(1.0, np.abs(own)))
    return rows[wrong].astype(np.int64)


def _per_measure(frame: pd.DataFrame, pairs: tuple[np.ndarray, np.ndarray]) -> Iterator[MeasureRelations]:
    code, names = pd.factorize(frame["indicator"], sort=True)
    size = max(len(frame), 1)
    pos, cell = pairs
    # Every (row, cell) pair once, by measure, row and cell: one sort of a single integer key.
    key = np.sort((code[pos] * size + pos) * size + cell)
    key = key[np.r_[True, key[1:] != key[:-1]]] if len(key) else key
    all_pos, all_cell = (key // size) % size, key % size
    bounds = np.searchsorted(key // (size * size), np.arange(len(names) + 1))
    for c, name in enumerate(names):
        if bounds[c] == bounds[c + 1]:
            continue
        pos, cell = all_pos[bounds[c]:bounds[c + 1]], all_cell[bounds[c]:bounds[c + 1]]
        rows = pos[np.r_[True, pos[1:] != pos[:-1]]]  # sorted; every cell is its own row, so among them
        local_row = np.searchsorted(rows, pos)
        local_cell = np.minimum(np.searchsorted(rows, cell), len(rows) - 1)
        if not np.array_equal(rows[local_cell], cell):
            raise DisclosureError(f"{name}: een cel zonder eigen relatie; onthullingscontrole gestopt")
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.add.at(indptr, local_row + 1, 1)
        yield MeasureRelations(str(name), rows, np.cumsum(indptr), local_cell)
