"""Counts certified by moves through the true counts, on a region small enough to work out by hand."""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

from kansrijk.disclosure.intervals import Knowledge, _Programme
from kansrijk.disclosure.swaps import swap_bounds


def _region(published_total: bool = True, floors: tuple[float, float] = (0.0, 0.0)) -> Knowledge:
    # Two hidden gemeenten a (2 of 40) and b (20 of 60) and their region (22 of 100).
    indptr, indices = np.array([0, 1, 2, 4]), np.array([0, 1, 0, 1])
    shown = np.array([False, False, published_total])
    num, den = np.array([2.0, 20.0, 22.0]), np.array([40.0, 60.0, 100.0])
    return Knowledge(indptr=indptr, indices=indices, is_cell=np.array([True, True, False]), published=shown,
                     numerator=np.where(shown, num, np.nan), denominator=np.where(shown, den, np.nan),
                     at_least=np.array([*floors, 0.0]), bounded=True, complement_at_least=True)


def _bounds(k: Knowledge) -> tuple[np.ndarray, np.ndarray]:
    p = _Programme(k)  # columns: numerators of a and b, then their denominators
    each_count = csr_matrix(np.eye(4))
    return swap_bounds(p, each_count, np.array([2.0, 20.0, 40.0, 60.0]))


def test_siblings_swap_within_what_the_constraints_allow():
    low, high = _bounds(_region())
    # a's numerator moves against b's: a + b = 22, both at least 0 -> a in [0, 22], b in [0, 22].
    assert (low[0], high[0]) == (0.0, 22.0)
    assert (low[1], high[1]) == (0.0, 22.0)
    # The denominators move against each other (sum 100), each at least its own numerator (2 and
    # 20, the numerators staying put): a's in [2, 80], b's in [20, 98].
    assert (low[2], high[2]) == (2.0, 80.0)
    assert (low[3], high[3]) == (20.0, 98.0)


def test_a_floor_limits_the_move():
    # b hidden for privacy: its numerator and complement are known to be at least 10, so a's
    # numerator can rise by 10 at most (b from 20 to 10), and fall to 0.
    low, high = _bounds(_region(floors=(0.0, 10.0)))
    assert (low[0], high[0]) == (0.0, 12.0)


def test_without_a_published_total_each_count_moves_alone():
    # Nothing is published: a's numerator can go from 0 to its denominator (40) on its own.
    low, high = _bounds(_region(published_total=False))
    assert (low[0], high[0]) == (0.0, 40.0)


def test_a_denominator_known_from_elsewhere_caps_the_move():
    # a is 2 of 4, b 20 of 60, region 22 of 64; another measure publishes both denominators. They are
    # numbers then, not columns of the programme, and a's numerator can rise to its 4 births only.
    indptr, indices = np.array([0, 1, 2, 4]), np.array([0, 1, 0, 1])
    shown = np.array([False, False, True])
    k = Knowledge(indptr=indptr, indices=indices, is_cell=np.array([True, True, False]), published=shown,
                  numerator=np.array([np.nan, np.nan, 22.0]), denominator=np.array([4.0, 60.0, 64.0]),
                  at_least=np.zeros(3), bounded=True, complement_at_least=True,
                  denominator_known=np.array([True, True, False]))
    p = _Programme(k)
    assert p.width == 2  # the two numerators
    low, high = swap_bounds(p, csr_matrix(np.eye(2)), np.array([2.0, 20.0]))
    assert (low[0], high[0]) == (0.0, 4.0)
    assert (low[1], high[1]) == (18.0, 22.0)


def _grid_knowledge(cells_of_sums: list[list[int]], cells: int, counts: np.ndarray, shown: list[bool]) -> Knowledge:
    """A count measure (no denominators): ``cells`` hidden cells, then one row per sum of cells."""
    rows = [[c] for c in range(cells)] + cells_of_sums
    published = np.array([False] * cells + shown)
    totals = np.array([counts[r].sum() for r in rows], dtype=float)
    return Knowledge(indptr=np.cumsum([0] + [len(r) for r in rows]), indices=np.concatenate(rows),
                     is_cell=np.array([True] * cells + [False] * len(cells_of_sums)), published=published,
                     numerator=np.where(published, totals, np.nan), denominator=np.full(len(rows), np.nan),
                     at_least=np.zeros(len(rows)), bounded=False, complement_at_least=False,
                     has_denominator=False)


def test_counts_without_siblings_move_around_a_rectangle():
    # Gemeenten a and b of one region, years 1 and 2, every cell hidden: a1 = 2, a2 = 8, b1 = 9,
    # b2 = 5. Published: the region per year (11, 13) and each gemeente's two years together (10, 14).
    # No two cells are in the same sums, so no count has a sibling. Worked out by hand, every solution
    # is a1 = t, a2 = 10 - t, b1 = 11 - t, b2 = 3 + t with 0 <= t <= 10.
    counts = np.array([2.0, 8.0, 9.0, 5.0])  # a1, a2, b1, b2
    k = _grid_knowledge([[0, 2], [1, 3], [0, 1], [2, 3]], 4, counts, [True] * 4)
    p = _Programme(k)
    assert p.width == 4
    alone = swap_bounds(p, csr_matrix(np.eye(4)), counts)
    assert np.array_equal(alone[0], counts) and np.array_equal(alone[1], counts)  # no sibling to swap with
    low, high = swap_bounds(p, csr_matrix(np.eye(4)), counts, level=3.0)
    assert low.tolist() == [0.0, 0.0, 1.0, 3.0]
    assert high.tolist() == [10.0, 10.0, 11.0, 13.0]


def test_rectangle_moves_stay_within_what_an_independent_programme_allows():
    # Random gemeenten x years: regions per year and pooled sums of a gemeente's years, some of each
    # published. Every bound the moves claim must lie within the exact interval, worked out with
    # scipy's linprog from the sums alone; and on these tables the moves certify most counts.
    rng = np.random.default_rng(7)
    certified = checked = 0
    for _ in range(12):
        g, y = int(rng.integers(3, 7)), int(rng.integers(2, 5))
        cell = np.arange(g * y).reshape(g, y)
        region = rng.integers(0, 2, size=g)
        sums = [list(cell[region == r, t]) for r in range(2) for t in range(y) if (region == r).any()]
        sums += [list(cell[i]) for i in range(g)]
        sums += [list(cell[:, t]) for t in range(y)]
        shown = list(rng.random(len(sums)) < 0.8)
        counts = rng.integers(0, 25, size=g * y).astype(float)
        k = _grid_knowledge(sums, g * y, counts, shown)
        p = _Programme(k)
        low, high = swap_bounds(p, csr_matrix(np.eye(p.width)), counts[p.unknown], level=3.0)
        a_eq = np.array([[1.0 if c in s else 0.0 for c in range(g * y)] for s, on in zip(sums, shown) if on])
        b_eq = np.array([counts[s].sum() for s, on in zip(sums, shown) if on])
        for c in range(g * y):
            goal = np.eye(g * y)[c]
            least = linprog(goal, A_eq=a_eq, b_eq=b_eq, bounds=(0, None)).fun
            top = linprog(-goal, A_eq=a_eq, b_eq=b_eq, bounds=(0, None))
            most = -top.fun if top.status == 0 else np.inf  # 3: no published sum holds the cell
            assert least - 1e-6 <= low[c] <= counts[c] <= high[c] <= most + 1e-6
            checked += 1
            certified += bool(high[c] - low[c] >= 3.0 or most - least < 3.0)
    assert certified >= 0.8 * checked
