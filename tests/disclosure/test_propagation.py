"""One published sum at a time proves some counts exposed; never one the attacker's programmes
leave wide enough."""

from __future__ import annotations

import numpy as np

from kansrijk.disclosure.intervals import Knowledge
from kansrijk.disclosure.propagation import confined_by_sums
from tests.disclosure.attacker import independent_exposures
from tests.disclosure.test_secondary import _random_table, _told

THRESHOLD, LEVEL = 10.0, 3.0


def _knowledge(cells: list[list[int]], published: np.ndarray, num: np.ndarray, den: np.ndarray,
               privacy: np.ndarray, told: dict[int, set[str]]) -> Knowledge:
    """What the attacker knows: the published counts, at least 10 in each count of a privacy
    figure, at most 9 in each count the te_klein status tells is small."""
    caps = np.full((len(cells), 3), np.inf)
    for row, counts in told.items():
        for q, name in enumerate(("teller", "noemer", "complement")):
            if name in counts:
                caps[row, q] = THRESHOLD - 1
    return Knowledge(
        indptr=np.cumsum([0] + [len(c) for c in cells]), indices=np.concatenate([np.array(c) for c in cells]),
        is_cell=np.array([c == [i] for i, c in enumerate(cells)]), published=published,
        numerator=np.where(published, num, np.nan), denominator=np.where(published, den, np.nan),
        at_least=np.where(privacy, THRESHOLD, 0.0), bounded=True, complement_at_least=True, at_most=caps,
    )


def test_a_window_less_its_published_years_gives_a_small_year_away():
    # Rows: years a, b, c of one gemeente, then their window. a (4 of 200) is too small; b and c
    # published: the window less b and c is a's 4 exactly.
    cells = [[0], [1], [2], [0, 1, 2]]
    num, den = np.array([4.0, 30, 25, 59]), np.array([200.0, 210, 190, 600])
    told = {0: {"teller"}}
    shown = np.array([False, True, True, True])
    assert confined_by_sums(_knowledge(cells, shown, num, den, np.zeros(4, bool), told), np.array([0]), LEVEL)
    # With b hidden as well (privacy, at least 10), a + b = 34: a in [25 - 9 ... ] - a lies in
    # [0, 9] and b in [25, 34]: wide.
    shown = np.array([False, False, True, True])
    privacy = np.array([False, True, False, False])
    assert not confined_by_sums(_knowledge(cells, shown, num, den, privacy, told), np.array([0]), LEVEL)


def test_two_small_counts_that_must_add_up_to_much_are_each_confined():
    # a and b both too small (at most 9 each), a + b = 17 (their window, c published): each is 8 or
    # 9, an interval narrower than 3.
    cells = [[0], [1], [2], [0, 1, 2]]
    num, den = np.array([8.0, 9, 25, 42]), np.array([200.0, 210, 190, 600])
    told = {0: {"teller"}, 1: {"teller"}}
    shown = np.array([False, False, True, True])
    assert confined_by_sums(_knowledge(cells, shown, num, den, np.zeros(4, bool), told), np.array([0, 1]), LEVEL)
    # Adding up to 8, each lies in [0, 8]: wide enough.
    num = np.array([3.0, 5, 25, 33])
    assert not confined_by_sums(_knowledge(cells, shown, num, den, np.zeros(4, bool), told), np.array([0, 1]), LEVEL)


def test_what_one_sum_at_a_time_confines_the_attacker_confines_too():
    # Random tables (eight gemeenten, two years and their window, crossing regions), each figure
    # that is not too small published at random (a tenth to nine tenths of them): wherever the bounds of one sum at a time confine
    # a small count, the independent attacker's programmes find a count exposed too.
    rng = np.random.default_rng(5)
    flagged = wide = 0
    for _ in range(60):
        frame, cells = _random_table(rng)
        num, den = frame["numerator"].to_numpy(), frame["denominator"].to_numpy()
        small = (num < THRESHOLD) | (den < THRESHOLD) | (den - num < THRESHOLD)
        published = ~small & (rng.random(len(frame)) < rng.uniform(0.1, 0.9))
        privacy = ~small & ~published
        told = _told(num, den, small)
        targets = np.flatnonzero(small & np.array([c == [i] for i, c in enumerate(cells)]))
        if not len(targets):
            continue
        if confined_by_sums(_knowledge(cells, published, num, den, privacy, told), targets, LEVEL):
            flagged += 1
            assert independent_exposures(cells, published, num, den, privacy, np.flatnonzero(small), told=told)
        else:
            wide += 1
    assert flagged >= 10 and wide >= 5, (flagged, wide)
