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
An exposed row is protected by suppressing one more published cell that shares an equation with it
(the one with the smallest denominator), or, if there is none, the published total itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import numpy as np
import pandas as pd

from kansrijk.areas import AreaRegistry

FULL_CHECK_LIMIT = 400
_TOLERANCE = 1e-9


class Lattice:
    """The rows of one results frame as sums of cells, with the additive relations among them."""

    def __init__(self, frame: pd.DataFrame, areas: AreaRegistry) -> None:
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
        for parent, gemeente in areas.membership():
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
        for i in self.active:
            self._cells_of(int(i))

    def _relate(self, total: int, parts: list[int]) -> None:
        if parts:
            self.parts[total] = np.array(parts, dtype=np.int64)

    def _cells_of(self, row: int) -> frozenset[int]:
        if row not in self.cells:
            parts = self.parts.get(row)
            if parts is None:
                self.cells[row] = frozenset([row])
            else:
                self.cells[row] = frozenset().union(*(self._cells_of(int(p)) for p in parts))
        return self.cells[row]

    def is_cell(self, row: int) -> bool:
        return row not in self.parts


def _in_row_space(equations: list[frozenset[int]], targets: list[frozenset[int]], unknowns: list[int]) -> list[bool]:
    """For each target (a set of unknown cells), whether its sum follows from the equations."""
    col = {cell: j for j, cell in enumerate(unknowns)}
    if not equations:
        return [not t for t in targets]
    a = np.zeros((len(equations), len(unknowns)))
    for i, eq in enumerate(equations):
        a[i, [col[c] for c in eq]] = 1.0
    _, s, vt = np.linalg.svd(a, full_matrices=False)
    basis = vt[s > _TOLERANCE * max(1.0, float(s[0]))] if s.size else vt[:0]
    out = []
    for target in targets:
        if not target:
            out.append(True)
            continue
        vec = np.zeros(len(unknowns))
        vec[[col[c] for c in target]] = 1.0
        residual = vec - basis.T @ (basis @ vec)
        out.append(bool(np.linalg.norm(residual) < 1e-6))
    return out


def exposed_rows(lattice: Lattice, rows: Iterable[int], suppressed: np.ndarray) -> list[tuple[int, list[int]]]:
    """Suppressed rows among ``rows`` whose value follows from the published ones among ``rows``.

    Returns each exposed row with the published rows whose equations touch it.
    """
    rows = list(rows)
    hidden_cells = {c for r in rows for c in lattice.cells[r] if suppressed[c]}
    if not hidden_cells:
        return []
    equations, eq_rows = [], []
    for r in rows:
        if not suppressed[r] and not lattice.is_cell(r):
            eq = lattice.cells[r] & hidden_cells
            if eq:
                equations.append(eq)
                eq_rows.append(r)
    target_rows = [r for r in rows if suppressed[r]]
    targets = [lattice.cells[r] & hidden_cells for r in target_rows]
    verdicts = _in_row_space(equations, targets, sorted(hidden_cells))
    out = []
    for r, target, exposed in zip(target_rows, targets, verdicts):
        if exposed:
            touching = [e for e, eq in zip(eq_rows, equations) if eq & target]
            out.append((r, touching))
    return out


def _protect(lattice: Lattice, row: int, touching: list[int], suppressed: np.ndarray, den: np.ndarray) -> int | None:
    """The published row to suppress so ``row`` is no longer derivable."""
    candidates = {
        c for t in touching for c in lattice.cells[t] if not suppressed[c] and c != row
    }
    if candidates:
        return min(candidates, key=lambda c: (np.nan_to_num(den[c], nan=np.inf), c))
    open_totals = [t for t in touching if not suppressed[t]]
    if open_totals:
        return min(open_totals, key=lambda t: (np.nan_to_num(den[t], nan=np.inf), t))
    return None


def _groups(lattice: Lattice) -> list[list[int]]:
    """Row groups checked exactly: per indicator and period, and per indicator and gemeente."""
    by_period: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_gemeente: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in lattice.active:
        by_period[(lattice.indicator[i], lattice.period[i])].append(int(i))
        if lattice.level[i] == "gemeente":
            by_gemeente[(lattice.indicator[i], lattice.area[i])].append(int(i))
    return [g for g in (*by_period.values(), *by_gemeente.values()) if len(g) > 1]


def _full_groups(lattice: Lattice, suppressed: np.ndarray) -> list[list[int]]:
    by_indicator: dict[str, list[int]] = defaultdict(list)
    for i in lattice.active:
        by_indicator[lattice.indicator[i]].append(int(i))
    out = []
    for rows in by_indicator.values():
        hidden = sum(1 for r in rows if lattice.is_cell(r) and suppressed[r])
        if 0 < hidden <= FULL_CHECK_LIMIT:
            out.append(rows)
    return out


def _difference_pass(lattice: Lattice, suppressed: np.ndarray, privacy: np.ndarray, den: np.ndarray) -> bool:
    changed = False
    for total, parts in lattice.parts.items():
        if suppressed[total] or int(suppressed[parts].sum()) != 1:
            continue
        pick = _protect(lattice, int(parts[suppressed[parts]][0]), [total], suppressed, den)
        if pick is not None:
            suppressed[pick] = privacy[pick] = True
            changed = True
    return changed


def _algebra_pass(lattice: Lattice, groups: list[list[int]], suppressed: np.ndarray, privacy: np.ndarray, den: np.ndarray) -> bool:
    changed = False
    for rows in groups:
        for row, touching in exposed_rows(lattice, rows, suppressed):
            pick = _protect(lattice, row, touching, suppressed, den)
            if pick is not None and not suppressed[pick]:
                suppressed[pick] = privacy[pick] = True
                changed = True
    return changed


def secondary_suppression(frame: pd.DataFrame, hidden: np.ndarray, areas: AreaRegistry) -> np.ndarray:
    """Mask of the rows to suppress besides ``hidden`` so that no hidden row can be derived."""
    frame = frame.reset_index(drop=True)
    lattice = Lattice(frame, areas)
    suppressed = hidden.copy()
    privacy = np.zeros(len(frame), dtype=bool)
    den = frame["denominator"].to_numpy(float)
    groups = _groups(lattice)
    for _ in range(50):
        changed = _difference_pass(lattice, suppressed, privacy, den)
        changed = _algebra_pass(lattice, groups, suppressed, privacy, den) or changed
        if not changed:
            changed = _algebra_pass(lattice, _full_groups(lattice, suppressed), suppressed, privacy, den)
        if not changed:
            break
    return privacy
