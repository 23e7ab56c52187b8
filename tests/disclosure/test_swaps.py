"""Counts certified by moves through the true counts, on a region small enough to work out by hand."""

from __future__ import annotations

import numpy as np
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
                     at_least=np.array([*floors, 0.0]), rounding=0.0, bounded=True, complement_at_least=True)


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
                  at_least=np.zeros(3), rounding=0.0, bounded=True, complement_at_least=True,
                  denominator_known=np.array([True, True, False]))
    p = _Programme(k)
    assert p.width == 2  # the two numerators
    low, high = swap_bounds(p, csr_matrix(np.eye(2)), np.array([2.0, 20.0]))
    assert (low[0], high[0]) == (0.0, 4.0)
    assert (low[1], high[1]) == (18.0, 22.0)
