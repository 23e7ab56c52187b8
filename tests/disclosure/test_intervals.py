"""The attacker's intervals by linear programming, on sums small enough to solve by hand."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from kansrijk.disclosure.intervals import QUANTITIES, Knowledge, attacker_intervals, exposed
from kansrijk.disclosure.links import family_links
from tests.disclosure.attacker import independent_exposures, independent_intervals


def _knowledge(cells: list[list[int]], published: list[bool], counts: list[tuple[float, float]],
               privacy: list[bool]) -> Knowledge:
    indptr = np.cumsum([0] + [len(c) for c in cells])
    num = np.array([n for n, _ in counts], dtype=float)
    den = np.array([d for _, d in counts], dtype=float)
    shown = np.array(published)
    return Knowledge(
        indptr=indptr, indices=np.concatenate([np.array(c) for c in cells]),
        is_cell=np.array([c == [i] for i, c in enumerate(cells)]), published=shown,
        numerator=np.where(shown, num, np.nan), denominator=np.where(shown, den, np.nan),
        at_least=np.where(np.array(privacy), 10.0, 0.0), bounded=True, complement_at_least=True,
    )


def test_two_hidden_parts_of_a_small_remainder_are_each_confined():
    # total 21 of 500 = p + q + 20 (published c): p + q = 1, so p and q lie in [0, 1].
    k = _knowledge([[0], [1], [2], [0, 1, 2]], [False, False, True, True],
                   [(0, 40), (1, 60), (20, 400), (21, 500)], [False, False, False, False])
    found = exposed(attacker_intervals(k, np.array([0, 1]), level=3, threshold=10), level=3, threshold=10)
    assert {(i.row, i.quantity, i.lower, i.upper) for i in found} == {(0, "teller", 0, 1), (1, "teller", 0, 1)}


def test_a_privacy_partner_leaves_little_room():
    # total 12 = p + s, s hidden for privacy (so s >= 10): p lies in [0, 2].
    k = _knowledge([[0], [1], [0, 1]], [False, False, True], [(2, 40), (10, 80), (12, 120)], [False, True, False])
    found = exposed(attacker_intervals(k, np.array([0]), level=3, threshold=10), level=3, threshold=10)
    assert [(i.quantity, i.lower, i.upper) for i in found] == [("teller", 0, 2)]


def test_enough_room_is_not_reported():
    k = _knowledge([[0], [1], [0, 1]], [False, False, True], [(2, 40), (30, 80), (32, 120)], [False, True, False])
    assert exposed(attacker_intervals(k, np.array([0]), level=3, threshold=10), level=3, threshold=10) == []


def test_independent_parts_are_solved_apart_with_the_rows_of_the_whole():
    # Two years that share no cell: year 1 is the first test's remainder (rows 0-3), year 2 a total
    # of 12 = p + s with s hidden for privacy (rows 4-6), and a hidden total over both years joins
    # nothing the attacker can use (row 7). The intervals come back with the positions of the whole.
    k = _knowledge([[0], [1], [2], [0, 1, 2], [4], [5], [4, 5], [0, 4]],
                   [False, False, True, True, False, False, True, False],
                   [(0, 40), (1, 60), (20, 400), (21, 500), (2, 40), (10, 80), (12, 120), (2, 80)],
                   [False, False, False, False, False, True, False, False])
    found = exposed(attacker_intervals(k, np.array([0, 1, 4]), level=3, threshold=10), level=3, threshold=10)
    assert {(i.row, i.quantity, i.lower, i.upper) for i in found} == {
        (0, "teller", 0, 1), (1, "teller", 0, 1), (4, "teller", 0, 2)}
    # the equations that bind them are the published totals of their own year
    assert {i.row: set(i.binding) for i in found} == {0: {3}, 1: {3}, 4: {6}}
    # A hidden target over both years joins them into one programme: its numerator (0 + 2 here)
    # lies in [0, 3], wide enough, while the others stay as they were.
    joined = exposed(attacker_intervals(k, np.array([0, 4, 7]), level=3, threshold=10), level=3, threshold=10)
    assert {(i.row, i.quantity, i.lower, i.upper) for i in joined} == {(0, "teller", 0, 1), (4, "teller", 0, 2)}


def test_a_privacy_sum_is_not_small_in_its_complement_either():
    # p + S = T, with S = q + r hidden for privacy (each count of S, its complement too, at least 10):
    # T's complement is 12 and S's is at least 10, so p's complement lies in [0, 2].
    k = _knowledge([[0], [1], [2], [1, 2], [0, 1, 2]], [False, False, False, False, True],
                   [(5, 6), (8, 13), (7, 13), (15, 26), (20, 32)], [False, False, False, True, False])
    found = exposed(attacker_intervals(k, np.array([0]), level=3, threshold=10), level=3, threshold=10)
    assert [(i.quantity, i.lower, i.upper) for i in found] == [("complement", 0, 2)]
    # Where the complement is not protected, the attacker knows no such floor: [0, 12], wide enough.
    loose = replace(k, complement_at_least=False)
    assert exposed(attacker_intervals(loose, np.array([0]), level=3, threshold=10), level=3, threshold=10) == []


def test_a_hidden_sum_of_published_cells_is_pinned():
    # A hidden total whose every part is published is no secret: its value is their sum.
    k = _knowledge([[0], [1], [0, 1]], [True, True, False], [(3, 40), (4, 50), (7, 90)], [False, False, False])
    found = exposed(attacker_intervals(k, np.array([2]), level=3, threshold=10), level=3, threshold=10)
    assert [(i.row, i.quantity, i.lower, i.upper, i.binding) for i in found] == [(2, "teller", 7, 7, (0, 1))]


def test_a_denominator_published_elsewhere_confines_the_hidden_one():
    # Total 5 + 200 births = p + s; both hidden, so p's denominator lies in [0, 205] (s is small too).
    # When another measure with the same births publishes s's 200, p's 5 births are known exactly.
    k = _knowledge([[0], [1], [0, 1]], [False, False, True], [(1, 5), (3, 200), (4, 205)], [False, False, False])
    assert exposed(attacker_intervals(k, np.array([0]), level=3, threshold=10), level=3, threshold=10) == []
    told = replace(k, denominator=np.array([np.nan, 200.0, 205.0]), denominator_known=np.array([False, True, False]))
    found = exposed(attacker_intervals(told, np.array([0]), level=3, threshold=10), level=3, threshold=10)
    assert ("noemer", 5.0, 5.0) in [(i.quantity, i.lower, i.upper) for i in found]


@pytest.mark.parametrize("told", [False, True])
@pytest.mark.parametrize("status", [False, True])
def test_the_shortcuts_find_exactly_what_two_programmes_per_count_find(told: bool, status: bool):
    # Random tables of 8 gemeenten in two regions and NL, about a third of them small. The product
    # certifies most counts without a programme of their own (the true counts, swaps between
    # siblings, pushes); what it reports exposed must be exactly what an independent pair of
    # programmes per count finds. ``told``: half the hidden denominators are known from another
    # measure (numbers, not columns, in the product's programme). ``status``: the attacker knows
    # which count of each small figure is small (at most 9), and half the tables have a region
    # whose gemeenten are all small, itself small (a sum bounded from above).
    rng = np.random.default_rng(7)
    cells = [[i] for i in range(8)] + [[0, 1, 2, 3], [4, 5, 6, 7], list(range(8))]
    checked = exposures = small_sums = 0
    for _ in range(40):
        small = rng.random(8) < 0.35
        num = np.r_[np.where(small, rng.integers(0, 10, 8), rng.integers(10, 40, 8)), 0, 0, 0].astype(float)
        if status and rng.random() < 0.5:
            small[:4], num[:4] = True, rng.integers(0, 3, 4)
        # Some small figures are nearly all of their denominator (a complement of 0-2).
        close = small & (rng.random(8) < 0.3)
        den = num + np.r_[np.where(close, rng.integers(0, 3, 8), rng.integers(10, 40, 8)), 0, 0, 0]
        for r in (8, 9, 10):
            num[r], den[r] = num[cells[r]].sum(), den[cells[r]].sum()
        counts = np.column_stack([num, den, den - num])
        primary = (counts < 10).any(axis=1) & np.r_[small, True, True, False]
        published = ~primary & (rng.random(11) < 0.8)
        published[10] = True
        privacy = ~published & ~primary
        targets = np.flatnonzero(primary)
        if not len(targets):
            continue
        k = _knowledge(cells, list(published), list(zip(num, den)), list(privacy))
        den_known = ~published & (rng.random(11) < 0.5) & told
        k = replace(k, denominator=np.where(published | den_known, den, np.nan), denominator_known=den_known,
                    at_most=np.where((counts < 10) & primary[:, None], 9.0, np.inf) if status else None)
        found = attacker_intervals(k, targets, level=3, threshold=10, truth=(num, den))
        ours = {(i.row, i.quantity) for i in exposed(found, level=3, threshold=10)}
        said = {int(i): {q for q, c in zip(QUANTITIES, counts[i]) if c < 10} for i in targets} if status else None
        intervals = independent_intervals(cells, published, num, den, privacy, targets, den_known=den_known, told=said)
        theirs = independent_exposures(cells, published, num, den, privacy, targets, den_known=den_known, told=said)
        assert ours == theirs
        # Every interval the product reports is the exact one (the shortcuts at its ends included).
        for i in found:
            assert (i.lower, i.upper) == pytest.approx(intervals[(i.row, i.quantity)], abs=1e-6)
        checked += 1
        exposures += len(theirs)
        small_sums += int(primary[8:10].sum())
    assert checked >= 30 and exposures >= 10
    assert small_sums >= (10 if status else 0)


def test_links_between_measures_checked_as_one_confine_a_part():
    # Big2 (rows 0-2) and preterm birth (rows 3-5), one after the other, each with gemeenten a and b
    # and their province. Big2: a 11 of 100 published, b and the province hidden (not for privacy).
    # Preterm: a hidden for privacy (at least 10), b small, the province 14 of 200 published. Without
    # links, b's preterm births lie in [0, 4] (14 less a's at least 10). Preterm is within Big2 in
    # every cell, so a's preterm births are at most its 11 Big2 births: b's lie in [3, 4]. The
    # denominators are one per cell (a's Big2 denominator is preterm's too).
    cells = [[0], [1], [0, 1], [3], [4], [3, 4]]
    published = [True, False, False, False, False, True]
    counts = [(11, 100), (3, 100), (14, 200), (11, 100), (3, 100), (14, 200)]
    k = _knowledge(cells, published, counts, [False, False, False, True, False, False])
    # A row's cells are positions in the stacked rows; the province of preterm adds up rows 3 and 4.
    links = family_links(2, np.array([0, 1]), 3, [(1, [0])])
    assert links.matrix.shape == (2 + 2, 12)  # two cells within, two denominators equal
    alone = exposed(attacker_intervals(k, np.array([4]), level=3, threshold=10), level=3, threshold=10)
    assert alone == []
    found = exposed(attacker_intervals(replace(k, links=links), np.array([4]), level=3, threshold=10),
                    level=3, threshold=10)
    assert [(i.row, i.quantity, i.lower, i.upper) for i in found] == [(4, "teller", 3.0, 4.0)]
