"""Secondary suppression by Gaussian elimination on tables small enough to reason about by hand."""

from __future__ import annotations

import numpy as np

from kansrijk.disclosure.gauss import Protection, _Layout, _short_sums as _check_sums, gauss_suppression


def _layout(cells: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Rows as lists of inner cells in the compressed layout (indptr, indices)."""
    return np.cumsum([0, *map(len, cells)]), np.array([c for row in cells for c in row], dtype=np.int64)


def _gauss(cells: list[list[int]], counts: list[tuple[int, int]], primary: list[int],
           order: list[int]) -> tuple[set[int], set[int]]:
    """Rows as lists of inner cells (a cell's own row lists itself); counts are (numerator, denominator).
    Returns the rows hidden and the rows whose hiding is too little."""
    size = len(cells)
    is_cell = np.array([c == [i] for i, c in enumerate(cells)])
    values = np.array([[n, d, d - n] for n, d in counts], dtype=float)
    protected = np.zeros(size, dtype=bool)
    protected[primary] = True
    protection = Protection(values, values < 10, level=3.0, known_lower=10.0)
    outcome = gauss_suppression(*_layout(cells), is_cell, np.array(order), protected,
                                np.zeros(size, dtype=bool), protection)
    return set(np.flatnonzero(outcome.suppressed).tolist()), set(np.flatnonzero(outcome.publish_first).tolist())


def _run(cells: list[list[int]], counts: list[tuple[int, int]], primary: list[int], order: list[int]) -> set[int]:
    return _gauss(cells, counts, primary, order)[0]


def test_a_two_by_two_table_with_every_margin_hides_the_whole_rectangle():
    # cells a b / c d, with row sums, column sums and the total published: a = r1 - b = c1 - c, and
    # d = r2 - c, so every cell must go once a is small (the classic four-cell pattern).
    cells = [[0], [1], [2], [3], [0, 1], [2, 3], [0, 2], [1, 3], [0, 1, 2, 3]]
    counts = [(3, 40), (20, 200), (25, 210), (30, 300),
              (23, 240), (55, 510), (28, 250), (50, 500), (78, 750)]
    assert _run(cells, counts, primary=[0], order=[8, 5, 7, 4, 6, 3, 2, 1]) == {1, 2, 3}


def test_the_smallest_partner_is_hidden_not_the_largest():
    # total = p + big + small: publishing the total and both others reveals p; the small one goes.
    cells = [[0], [1], [2], [0, 1, 2]]
    counts = [(4, 30), (300, 3000), (20, 150), (324, 3180)]
    assert _run(cells, counts, primary=[0], order=[3, 1, 2]) == {2}


def test_two_small_numbers_protect_each_other_only_with_room():
    # total = p + q + c with p = 0, q = 1: publishing c leaves p + q = 1, so each lies in [0, 1]:
    # too narrow, although neither is determined linearly. c is hidden as well.
    cells = [[0], [1], [2], [0, 1, 2]]
    counts = [(0, 8), (1, 9), (50, 400), (51, 417)]
    assert _run(cells, counts, primary=[0, 1], order=[3, 2]) == {2}


def test_two_small_numbers_with_room_are_left_as_they_are():
    cells = [[0], [1], [2], [0, 1, 2]]
    counts = [(4, 60), (5, 90), (50, 400), (59, 550)]
    assert _run(cells, counts, primary=[0, 1], order=[3, 2]) == set()


def test_overlapping_sums_are_seen_together():
    # windows w1 = y1 + y2 and w2 = y2 + y3, with y1 published: y2 = w1 - y1 follows, so y3 = w2 - y2
    # is revealed although no single sum has one hidden part besides it.
    cells = [[0], [1], [2], [0, 1], [1, 2]]
    counts = [(30, 300), (40, 310), (5, 290), (70, 610), (45, 600)]
    hidden = _run(cells, counts, primary=[2], order=[3, 4, 1, 0])
    assert 2 not in hidden and hidden  # something besides the small one is hidden
    published_rows = set(range(5)) - hidden - {2}
    # Whatever is published, y3 is not a combination of it: check by rank over the three cells.
    matrix = np.array([[1 if c in cells[r] else 0 for c in range(3)] for r in sorted(published_rows)])
    target = np.array([0, 0, 1])
    rank = np.linalg.matrix_rank(matrix)
    assert np.linalg.matrix_rank(np.vstack([matrix, target])) == rank + 1


def test_a_hidden_partner_just_above_the_threshold_is_reported_as_too_little():
    # total = p + big + s, s = 11: hiding s keeps p from being derived linearly, but the attacker
    # knows s >= 10 (it is not small), so p <= 1 + 11 - 10 = 2: the interval [0, 2] is too narrow.
    cells = [[0], [1], [2], [0, 1, 2]]
    counts = [(1, 30), (300, 3000), (11, 150), (312, 3180)]
    hidden, short = _gauss(cells, counts, primary=[0], order=[3, 1, 2])
    assert hidden == {2} and short == {2}


def test_a_hidden_partner_with_room_above_the_threshold_is_enough():
    # The same with s = 14: p <= 1 + 4 = 5, an interval [0, 5] wider than the protection level.
    cells = [[0], [1], [2], [0, 1, 2]]
    counts = [(1, 30), (300, 3000), (14, 150), (315, 3180)]
    assert _gauss(cells, counts, primary=[0], order=[3, 1, 2]) == ({2}, set())


def test_a_partner_too_close_to_the_threshold_is_published_first_and_another_hidden():
    # With the weak partner first in the order, the next one closes the sum and is hidden instead.
    cells = [[0], [1], [2], [0, 1, 2]]
    counts = [(1, 30), (300, 3000), (11, 150), (312, 3180)]
    assert _gauss(cells, counts, primary=[0], order=[2, 3, 1]) == ({1}, set())


def _short_sums(values: list[int], order: list[int]) -> tuple[set[int], set[int]]:
    """The check of published sums on one region R = A + P + Q (rows 0-2 cells, row 3 the sum), A
    and R published, P and Q protected (numerators ``values``)."""
    cells = [[0], [1], [2], [0, 1, 2]]
    is_cell = np.array([True, True, True, False])
    published = np.array([True, False, False, True])
    protected = np.array([False, True, True, False])
    counts = np.array([[v, 100, 100 - v] for v in [*values, sum(values)]], dtype=float)
    protection = Protection(counts, counts < 10, level=3.0, known_lower=10.0)
    first, hide = _check_sums(_Layout(*_layout(cells), is_cell, published), np.array(order), protected,
                              np.zeros(4, dtype=bool), np.zeros(4, dtype=bool), protection)
    return set(np.flatnonzero(first).tolist()), set(np.flatnonzero(hide).tolist())


def test_a_published_sum_that_leaves_its_small_cells_no_room_has_a_partner_hidden():
    # R - A = P + Q = 0 + 1: both confined to [0, 1]. Hiding A (300, known to hold at least 10)
    # gives them 291 more.
    assert _short_sums([300, 0, 1], order=[3, 0]) == (set(), {0})


def test_without_a_partner_with_room_the_sum_itself_is_hidden():
    # A = 11 hidden would only give 1 more (P + Q <= 2): the sum goes instead.
    assert _short_sums([11, 0, 1], order=[3, 0]) == (set(), {3})


def test_a_published_sum_with_room_is_left_as_it_is():
    assert _short_sums([300, 4, 1], order=[3, 0]) == (set(), set())


def _greedy_by_rank(cells: list[list[int]], n_cells: int, protected: list[int], order: list[int]) -> set[int]:
    """The elimination's linear rule, written plainly with matrix ranks: take the candidates in order
    and hide one whose publication would put a protected row in the span of what is published."""
    def vector(row: int) -> np.ndarray:
        v = np.zeros(n_cells)
        v[cells[row]] = 1
        return v

    def in_span(rows: list[int], target: int) -> bool:
        if not rows:
            return False
        matrix = np.array([vector(r) for r in rows])
        return np.linalg.matrix_rank(np.vstack([matrix, vector(target)])) == np.linalg.matrix_rank(matrix)

    published: list[int] = []
    hidden = set()
    for row in order:
        if any(in_span([*published, row], p) for p in protected):
            hidden.add(row)
        else:
            published.append(row)
    return hidden


def test_random_tables_hide_what_a_rank_computation_says_and_nothing_else():
    # Cells, sums of random subsets of them (nested, overlapping, repeated) and a few protected rows;
    # counts large, so only the linear rule decides. The reference follows the rule with ranks.
    rng = np.random.default_rng(7)
    hiding = 0
    for _ in range(60):
        n_cells = int(rng.integers(3, 12))
        cells = [[c] for c in range(n_cells)]
        for _ in range(int(rng.integers(1, 10))):
            subset = rng.choice(n_cells, size=int(rng.integers(2, n_cells + 1)), replace=False)
            cells.append(sorted(subset.tolist()))
        size = len(cells)
        protected = sorted(rng.choice(size, size=int(rng.integers(1, 4)), replace=False).tolist())
        order = [int(r) for r in rng.permutation(size) if r not in protected]
        counts = [(100 + int(rng.integers(0, 50)), 1000)] * size
        expected = _greedy_by_rank(cells, n_cells, protected, order)
        assert _run(cells, counts, primary=protected, order=order) == expected, (cells, protected, order)
        hiding += bool(expected)
    assert hiding >= 20  # most tables need secondary suppression
