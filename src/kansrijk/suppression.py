"""Secondary suppression: no suppressed figure may be derivable from what is published.

Published totals are sums: a region of its gemeenten, a pooled period of its years (and so a pooled
region figure of gemeente-years). Every result row is therefore a sum of *cells*: gemeente-level
single-period rows (and rows supplied directly, which stand for themselves). An attacker who knows all
published rows knows a set of linear equations over the cells; a suppressed row is exposed when its
cell vector lies in the row space of the published rows restricted to the suppressed cells.

Checks, repeated until nothing changes:
1. the differencing attack: a published total with exactly one suppressed part;
2. exact linear algebra per indicator and period (crossing area hierarchies: provinces, GGD regions,
   jeugdregio's, user regions, NL);
3. exact linear algebra per indicator and gemeente over its years (overlapping pooled windows:
   2016-2020 minus 2015-2019 gives 2020 minus 2015);
4. exact linear algebra over the whole indicator (every dimension at once) when it has at most
   ``FULL_CHECK_LIMIT`` suppressed cells; larger systems rely on checks 1-3 (see docs/disclosure.md).
Only the small numbers (primary suppression) must stay secret: a row suppressed to protect them holds
no small number itself. An exposed small number is protected by breaking the combination of published
totals that reveals it (see :func:`_candidates`); the next pass checks again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
import scipy.linalg


FULL_CHECK_LIMIT = 400
_TOLERANCE = 1e-9


class Lattice:
    """The rows of one results frame as sums of cells, with the additive relations among them."""

    def __init__(self, frame: pd.DataFrame, membership: Sequence[tuple[str, str]]) -> None:
        self.size = len(frame)
        self.parts: dict[int, np.ndarray] = {}
        self.cells: dict[int, frozenset[int]] = {}
        self.indicator = frame["indicator"].to_numpy()
        self.area = frame["area_code"].to_numpy()
        ref = frame["reference_date"].astype(str).where(frame["reference_date"].notna(), "").to_numpy()
        self.period = [f"{s}-{e}-{r}" for s, e, r in zip(frame["period_start"], frame["period_end"], ref)]
        self.level = frame["area_level"].to_numpy()
        has_data = (frame["numerator"].notna() | frame["denominator"].notna()).to_numpy()
        self.active = np.flatnonzero(has_data)
        starts, ends = frame["period_start"].to_numpy(), frame["period_end"].to_numpy()
        index = {
            (self.indicator[i], self.area[i], starts[i], ends[i], ref[i]): int(i) for i in self.active
        }
        members: dict[str, list[str]] = defaultdict(list)
        for parent, gemeente in membership:
            members[parent].append(gemeente)
        summed = frame["members_with_data"].notna().to_numpy()
        for i in self.active:
            ind, area, start, end, r = self.indicator[i], self.area[i], starts[i], ends[i], ref[i]
            if self.level[i] != "gemeente" and summed[i] and area in members:
                found = [index[k] for g in members[area] if (k := (ind, g, start, end, r)) in index]
                self._relate(int(i), found)
            elif end > start and not r:
                found = [index[k] for y in range(start, end + 1) if (k := (ind, area, y, y, "")) in index]
                if len(found) == end - start + 1:
                    self._relate(int(i), found)

    def _relate(self, total: int, parts: list[int]) -> None:
        if parts:
            self.parts[total] = np.array(parts, dtype=np.int64)

    def cells_of(self, row: int) -> frozenset[int]:
        """The cells ``row`` adds up (computed once, on demand)."""
        if row not in self.cells:
            parts = self.parts.get(row)
            if parts is None:
                self.cells[row] = frozenset([row])
            else:
                self.cells[row] = frozenset().union(*(self.cells_of(int(p)) for p in parts))
        return self.cells[row]

    def is_cell(self, row: int) -> bool:
        return row not in self.parts


def _reduce(equations: list[frozenset[int]], unknowns: Iterable[int]) -> tuple[np.ndarray, dict[int, int], list[int]]:
    """Equations as a (classes x equations) 0/1 matrix, merging unknowns that occur in the same equations.

    Unknowns that always occur together (e.g. the years of one gemeente in a pooled period) can only
    be learnt together, so they form one column. Returns the matrix, the class of each unknown and the
    size of each class.
    """
    signature: dict[int, list[int]] = {u: [] for u in unknowns}
    for i, eq in enumerate(equations):
        for c in eq:
            if c in signature:
                signature[c].append(i)
    classes: dict[tuple[int, ...], int] = {}
    class_of: dict[int, int] = {}
    sizes: list[int] = []
    for cell, sig in signature.items():
        key = tuple(sig)
        if key not in classes:
            classes[key] = len(classes)
            sizes.append(0)
        class_of[cell] = classes[key]
        sizes[classes[key]] += 1
    a = np.zeros((len(classes), len(equations)))
    for key, k in classes.items():
        a[k, list(key)] = 1.0
    return a, class_of, sizes


def _as_class_vector(target: frozenset[int], class_of: dict[int, int], sizes: list[int]) -> np.ndarray | None:
    """The target over the merged columns, or None when it splits a class (then it cannot be learnt)."""
    counts: dict[int, int] = defaultdict(int)
    for c in target:
        counts[class_of[c]] += 1
    if any(n != sizes[k] for k, n in counts.items()):
        return None
    vec = np.zeros(len(sizes))
    vec[list(counts)] = 1.0
    return vec


def _in_row_space(equations: list[frozenset[int]], targets: list[frozenset[int]], unknowns: list[int]) -> list[bool]:
    """For each target (a set of unknown cells), whether its sum follows from the equations.

    The row space of the equations is spanned by the first ``rank`` columns of a pivoted QR
    decomposition of their transpose (robust where an SVD may fail to converge).
    """
    if not equations:
        return [not t for t in targets]
    a, class_of, sizes = _reduce(equations, unknowns)
    q, r, _ = scipy.linalg.qr(a, mode="economic", pivoting=True)
    diag = np.abs(np.diag(r))
    rank = int((diag > _TOLERANCE * max(1.0, float(diag[0]) if diag.size else 1.0) * max(a.shape)).sum())
    basis = q[:, :rank]
    out = []
    for target in targets:
        if not target:
            out.append(True)
            continue
        vec = _as_class_vector(target, class_of, sizes)
        if vec is None:
            out.append(False)
            continue
        residual = vec - basis @ (basis.T @ vec)
        out.append(bool(np.linalg.norm(residual) < 1e-6))
    return out


def exposed_rows(
    lattice: Lattice, rows: Iterable[int], suppressed: np.ndarray, protect: np.ndarray, only: list[int] | None = None
) -> list[tuple[int, list[int]]]:
    """Rows to ``protect`` among ``rows`` (or ``only``) whose value follows from the published ``rows``.

    Returns each exposed row with the published rows whose equations touch it.
    """
    rows = list(rows)
    target_rows = [r for r in (rows if only is None else only) if protect[r]]
    if not target_rows:
        return []
    hidden_cells = {c for r in rows for c in lattice.cells_of(r) if suppressed[c]}
    equations, eq_rows = [], []
    for r in rows:
        if not suppressed[r] and not lattice.is_cell(r):
            eq = lattice.cells_of(r) & hidden_cells
            if eq:
                equations.append(eq)
                eq_rows.append(r)
    targets = [lattice.cells_of(r) & hidden_cells for r in target_rows]
    verdicts = _in_row_space(equations, targets, sorted(hidden_cells))
    out = []
    for r, target, exposed in zip(target_rows, targets, verdicts):
        if exposed:
            touching = [e for e, eq in zip(eq_rows, equations) if eq & target]
            out.append((r, touching))
    return out


def _candidates(lattice: Lattice, rows: list[int], row: int, suppressed: np.ndarray, den: np.ndarray) -> list[int]:
    """Rows whose suppression breaks the combination of published totals that reveals ``row``.

    The revealing combination ``y`` solves ``sum_i y_i * total_i = row`` over the suppressed cells
    (least squares). A published cell breaks it when its net weight ``sum of y_i over the totals that
    contain it`` is not zero: cheapest first (smallest denominator). Then the totals used by ``y``.
    """
    equations = [r for r in rows if not suppressed[r] and not lattice.is_cell(r)]
    hidden = sorted({c for r in equations for c in lattice.cells_of(r) if suppressed[c]} | {
        c for c in lattice.cells_of(row) if suppressed[c]})
    if not equations or not hidden:
        return []
    a, class_of, sizes = _reduce([lattice.cells_of(r) for r in equations], hidden)
    target = _as_class_vector(frozenset(c for c in lattice.cells_of(row) if c in class_of), class_of, sizes)
    if target is None:
        return []
    y = np.linalg.lstsq(a, target, rcond=None)[0]
    weight: dict[int, float] = defaultdict(float)
    for i, r in enumerate(equations):
        if abs(y[i]) > 1e-9:
            for c in lattice.cells_of(r):
                if not suppressed[c]:
                    weight[c] += y[i]
    cells = [c for c, w in weight.items() if abs(w) > 1e-6 and c != row]
    cells.sort(key=lambda c: (float(den[c]) if den[c] == den[c] else np.inf, c))
    totals = [r for i, r in enumerate(equations) if abs(y[i]) > 1e-6]
    totals.sort(key=lambda r: (len(lattice.cells_of(r)), r))
    return cells + totals


def _protect(lattice: Lattice, rows: list[int], row: int, suppressed: np.ndarray, den: np.ndarray) -> int | None:
    """The row to suppress next so that ``row`` is no longer revealed by the same combination.

    The next pass checks again; if another combination still reveals it, another row is added.
    """
    candidates = _candidates(lattice, rows, row, suppressed, den)
    return candidates[0] if candidates else None


class _Groups:
    """Row groups checked exactly, and which groups a row belongs to (to re-check only what changed)."""

    def __init__(self, lattice: Lattice, pooled: set[str]) -> None:
        by_period: dict[tuple[str, str], list[int]] = defaultdict(list)
        by_gemeente: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i in lattice.active:
            ind = lattice.indicator[i]
            by_period[(ind, lattice.period[i])].append(int(i))
            if ind in pooled and lattice.level[i] == "gemeente":
                by_gemeente[(ind, lattice.area[i])].append(int(i))
        self.rows = [g for g in (*by_period.values(), *by_gemeente.values()) if len(g) > 1]
        self.of_row: dict[int, list[int]] = defaultdict(list)
        for g, rows in enumerate(self.rows):
            for r in rows:
                self.of_row[r].append(g)

    def touched_by(self, rows: Iterable[int]) -> set[int]:
        return {g for r in rows for g in self.of_row.get(r, ())}


def _full_groups(lattice: Lattice, suppressed: np.ndarray, pooled: set[str]) -> list[list[int]]:
    """Whole indicators (every dimension at once) small enough for an exact check."""
    by_indicator: dict[str, list[int]] = defaultdict(list)
    for i in lattice.active:
        if lattice.indicator[i] in pooled:
            by_indicator[lattice.indicator[i]].append(int(i))
    out = []
    for rows in by_indicator.values():
        hidden = sum(1 for r in rows if lattice.is_cell(r) and suppressed[r])
        if 0 < hidden <= FULL_CHECK_LIMIT:
            out.append(rows)
    return out


def _difference_pass(
    lattice: Lattice,
    totals: Iterable[int],
    suppressed: np.ndarray,
    protect: np.ndarray,
    privacy: np.ndarray,
    den: np.ndarray,
) -> list[int]:
    newly = []
    for total in totals:
        parts = lattice.parts[total]
        if suppressed[total] or int(suppressed[parts].sum()) != 1:
            continue
        hidden_part = int(parts[suppressed[parts]][0])
        if not protect[hidden_part]:
            continue
        group = [total, *map(int, parts)]
        pick = _protect(lattice, group, hidden_part, suppressed, den)
        if pick is not None:
            suppressed[pick] = privacy[pick] = True
            newly.append(pick)
    return newly


def _algebra_pass(
    lattice: Lattice,
    groups: Iterable[list[int]],
    suppressed: np.ndarray,
    protect: np.ndarray,
    privacy: np.ndarray,
    den: np.ndarray,
) -> list[int]:
    newly = []
    for rows in groups:
        exposed = exposed_rows(lattice, rows, suppressed, protect)
        picked_here = 0
        for row, _touching in exposed:
            if picked_here:
                break  # one pick per group and pass: it often protects the others too
            pick = _protect(lattice, rows, row, suppressed, den)
            if pick is not None and not suppressed[pick]:
                suppressed[pick] = privacy[pick] = True
                newly.append(pick)
                picked_here += 1
    return newly


def _secondary_one(
    frame: pd.DataFrame,
    hidden: np.ndarray,
    membership: Sequence[tuple[str, str]],
    pooled: set[str],
    protect: np.ndarray,
) -> np.ndarray:
    """Secondary suppression for rows that share no relation with other rows (one indicator)."""
    lattice = Lattice(frame, membership)
    suppressed = hidden.copy()
    privacy = np.zeros(len(frame), dtype=bool)
    den = frame["denominator"].to_numpy(float)
    groups = _Groups(lattice, pooled)
    parents: dict[int, list[int]] = defaultdict(list)
    for total, parts in lattice.parts.items():
        for p in parts:
            parents[int(p)].append(total)
    totals: Iterable[int] = list(lattice.parts)
    dirty: set[int] = set(range(len(groups.rows)))
    for _ in range(500):
        newly = _difference_pass(lattice, totals, suppressed, protect, privacy, den)
        dirty_groups = (groups.rows[g] for g in sorted(dirty))
        newly += _algebra_pass(lattice, dirty_groups, suppressed, protect, privacy, den)
        if not newly:
            full = _full_groups(lattice, suppressed, pooled)
            newly = _algebra_pass(lattice, full, suppressed, protect, privacy, den)
        if not newly:
            break
        dirty = groups.touched_by(newly)
        totals = {t for r in newly for t in parents.get(r, ())}
    return privacy


def secondary_suppression(
    frame: pd.DataFrame,
    hidden: np.ndarray,
    membership: Sequence[tuple[str, str]],
    pooled: set[str] | None = None,
    protect: np.ndarray | None = None,
) -> np.ndarray:
    """Mask of the rows to suppress besides ``hidden`` so that no ``protect`` row can be derived.

    ``membership`` lists (higher area, gemeente) pairs. ``protect`` marks the rows whose value must
    stay secret (the small numbers; default: every hidden row). Rows suppressed only to protect them
    hold no small number themselves, so they need no protection of their own. ``pooled`` names the
    indicators with pooled periods (the only ones whose periods are coupled); by default every
    indicator is treated as possibly pooled. Indicators are independent and are handled one by one.
    """
    frame = frame.reset_index(drop=True)
    if pooled is None:
        pooled = set(frame["indicator"])
    protect = hidden.copy() if protect is None else protect & hidden
    membership = list(membership)
    privacy = np.zeros(len(frame), dtype=bool)
    for _indicator, rows in frame.groupby("indicator", sort=False).indices.items():
        part = frame.iloc[rows].reset_index(drop=True)
        privacy[rows] = _secondary_one(part, hidden[rows], membership, pooled, protect[rows])
    return privacy
