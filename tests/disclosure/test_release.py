"""The programme that chooses what to release, over the cells near an exposed count."""

from __future__ import annotations

import numpy as np
import pytest

from kansrijk.disclosure import release
from kansrijk.disclosure.intervals import Interval
from kansrijk.disclosure.relations import MeasureRelations
from kansrijk.errors import DisclosureError


def test_the_cells_near_a_count_are_those_of_its_short_sums_and_the_rest_is_held_at_its_truth(monkeypatch):
    # Six gemeenten in one year (rows 0-5), two regions of three (rows 6 and 7) and the country (row 8).
    cells = [[0], [1], [2], [3], [4], [5], [0, 1, 2], [3, 4, 5], [0, 1, 2, 3, 4, 5]]
    rel = MeasureRelations("x", np.arange(9), np.cumsum([0, *map(len, cells)]), np.concatenate(cells))
    num = np.array([1.0, 2, 3, 4, 5, 6, 6, 15, 21])
    den = num * 10
    monkeypatch.setattr(release, "NEAR_SUM", 3)  # a region is short, the country is not
    members, sub, outside, whole = release._near(rel, np.array([0]), (num, den), radius=1)
    # Near: gemeente 0 and the other gemeenten of its region; the rows holding them are those
    # gemeenten, the region and the country.
    assert members.tolist() == [0, 1, 2, 6, 8]
    assert [members[sub.cells(i)].tolist() for i in range(sub.size)] == [[0], [1], [2], [0, 1, 2], [0, 1, 2]]
    # The country's other cells (gemeenten 3-5) are held at their true counts.
    assert outside[0].tolist() == [0, 0, 0, 0, 4 + 5 + 6]
    assert outside[1].tolist() == [0, 0, 0, 0, 40 + 50 + 60]
    assert whole.tolist() == [True, True, True, True, False]
    # Twice as far: through the country, which is not short, nothing more is near.
    assert release._near(rel, np.array([0]), (num, den), radius=2)[0].tolist() == [0, 1, 2, 6, 8]


def test_a_count_that_cannot_move_with_the_others_is_left_out_and_the_others_still_get_room(catalogues):
    # GG = A + B + C in one year. A (5 of 8) and B (2 of 150) are small, C and GG published; A's
    # denominator is public (another measure publishes it), so A's numerator can never pass 8.
    cells = [[0], [1], [2], [0, 1, 2]]
    rel = MeasureRelations("x", np.arange(4), np.cumsum([0, *map(len, cells)]), np.concatenate(cells))
    num, den = np.array([5.0, 2, 300, 307]), np.array([8.0, 150, 3000, 3158])
    part = release._Part(rel, np.array([False, False, True, True]), np.zeros(4, dtype=bool),
                         np.array([True, True, False, False]), (num, den), den.copy(),
                         np.array([False, False, False, True]), catalogues.measure("ks12.a"),
                         np.array([True, False, False, False]))
    # A must rise from 6 to 9 (past its denominator), B from 2 to 5.
    found = [Interval(0, "teller", 6.0, 8.0), Interval(1, "teller", 2.0, 3.0)]
    with pytest.raises(DisclosureError):
        part.release(found)  # both at once cannot be
    rows, moved = part.release(found, soft=True)
    assert moved.tolist() == [False, True]
    assert rows.tolist() == [2]  # B (with A as high as it goes) gets its room from C, not from GG
    # The elastic columns are fixed again: asking for A alone still cannot be.
    with pytest.raises(DisclosureError):
        part.release(found[:1])
    # B alone can rise at A's expense (A + B = 7): nothing to release.
    assert part.release(found[1:])[0].tolist() == []


def test_figures_of_the_same_cells_cost_their_joint_weight_once(catalogues):
    # GG = P + S + B + C in one year, and a jeugdregio JZ that is B alone: B and JZ are one equation,
    # worth both figures (weight 2 x 1.000). P (1 of 30) and S are hidden, so P + S = 12 and, S
    # holding at least 10, P at most 2. Released together, B and JZ cost 1.000 + 10 x 1.000 (a
    # region's figure ten times), less than C (15.000); charged their joint weight each, 22.000.
    cells = [[0], [1], [2], [3], [0, 1, 2, 3], [2]]
    rel = MeasureRelations("x", np.arange(6), np.cumsum([0, *map(len, cells)]), np.concatenate(cells))
    num, den = np.array([1.0, 11, 100, 200, 312, 100]), np.array([30.0, 150, 1_000, 15_000, 16_180, 1_000])
    weight = np.array([30.0, 150, 2_000, 15_000, 16_180, 2_000])  # per figure, that of its equation
    published = np.array([False, False, True, True, True, True])
    model = release.ReleaseModel(rel, published, np.zeros(6, dtype=bool), np.array([True, False, False, False,
                                 False, False]), (num, den), weight, np.array([False] * 4 + [True, True]),
                                 catalogues.measure("ks12.a"))
    rows = model.release([Interval(0, "teller", 0.0, 2.0)])
    assert sorted(rows.tolist()) == [2, 5]
