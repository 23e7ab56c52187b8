"""The programme that chooses what to release, over the cells near an exposed count."""

from __future__ import annotations

import numpy as np

from kansrijk.disclosure import release
from kansrijk.disclosure.relations import MeasureRelations


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
