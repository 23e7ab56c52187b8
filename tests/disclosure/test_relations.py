"""Every figure as a sum of inner cells, on a table small enough to write the sums out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kansrijk.disclosure.relations import build_relations, inconsistent_rows
from kansrijk.errors import DisclosureError

MEMBERSHIP = [("GG01", "GM0001"), ("GG01", "GM0002"), ("JZ01", "GM0002"), ("JZ01", "GM0003")]
LEVELS = {"GM0001": "gemeente", "GM0002": "gemeente", "GM0003": "gemeente", "GG01": "ggd", "JZ01": "jeugdregio"}
# (area, start, end, reference date, numerator, denominator); GM0003 has no row for 2021.
CELLS = {
    ("GM0001", 2020): (1, 10), ("GM0001", 2021): (2, 20), ("GM0002", 2020): (3, 30), ("GM0002", 2021): (4, 40),
    ("GM0003", 2020): (5, 50),
}


def _row(indicator: str, area: str, start: int, end: int, num: float, den: float, reference: str | None = None) -> dict:
    summed = LEVELS[area] != "gemeente"
    return {"indicator": indicator, "area_code": area, "area_level": LEVELS[area], "period_start": start,
            "period_end": end, "reference_date": pd.Timestamp(reference) if reference else pd.NaT,
            "numerator": num, "denominator": den, "members_with_data": 2.0 if summed else np.nan}


def _table() -> tuple[pd.DataFrame, dict[int, set[int]]]:
    """Two measures with the same shape; per row position the positions of the cells it adds up,
    written out by hand."""
    rows: list[dict] = []
    expected: dict[int, set[int]] = {}
    for indicator in ("ks12.a", "ks07"):
        at = {}
        for (area, year), (num, den) in CELLS.items():
            at[area, year] = len(rows)
            expected[len(rows)] = {len(rows)}
            rows.append(_row(indicator, area, year, year, num, den))
        # A region of two gemeenten, in each year, and pooled over both years: its members' cells.
        for year in (2020, 2021):
            expected[len(rows)] = {at["GM0001", year], at["GM0002", year]}
            rows.append(_row(indicator, "GG01", year, year, *np.add(CELLS["GM0001", year], CELLS["GM0002", year])))
        expected[len(rows)] = {at[a, y] for a in ("GM0001", "GM0002") for y in (2020, 2021)}
        rows.append(_row(indicator, "GG01", 2020, 2021, 10, 100))
        # A crossing region whose member GM0003 has no 2021 row: that year adds up GM0002 alone.
        expected[len(rows)] = {at["GM0002", 2021]}
        rows.append(_row(indicator, "JZ01", 2021, 2021, 4, 40))
        # A gemeente pooled over both years; one pooled over a year without a row is a cell of its own.
        expected[len(rows)] = {at["GM0001", 2020], at["GM0001", 2021]}
        rows.append(_row(indicator, "GM0001", 2020, 2021, 3, 30))
        expected[len(rows)] = {len(rows)}
        rows.append(_row(indicator, "GM0003", 2020, 2021, 9, 90))
        # A figure on a peildatum is a cell, also when it spans years.
        expected[len(rows)] = {len(rows)}
        rows.append(_row(indicator, "GM0001", 2020, 2021, 7, 70, reference="2021-12-31"))
        # A row without counts takes no part.
        rows.append(_row(indicator, "GM0002", 2019, 2019, np.nan, np.nan))
    return pd.DataFrame(rows), expected


def _sums(frame: pd.DataFrame) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for rel in build_relations(frame, MEMBERSHIP):
        for i, row in enumerate(rel.rows):
            out[int(row)] = {int(rel.rows[c]) for c in rel.cells(i)}
    return out


def test_every_figure_adds_up_the_cells_written_out_by_hand():
    frame, expected = _table()
    assert _sums(frame) == expected


def test_the_relations_do_not_depend_on_the_order_of_the_rows():
    frame, expected = _table()
    order = np.random.default_rng(3).permutation(len(frame))
    shuffled = frame.iloc[order].reset_index(drop=True)
    new_position = np.argsort(order)
    assert _sums(shuffled) == {int(new_position[r]): {int(new_position[c]) for c in cells}
                               for r, cells in expected.items()}


def test_a_figure_that_is_not_the_sum_of_its_cells_is_named_and_stops_the_check():
    frame, _ = _table()
    region = int(np.flatnonzero((frame["area_code"] == "GG01") & (frame["period_start"] == 2021))[0])
    frame.loc[region, "numerator"] += 1
    assert inconsistent_rows(frame, MEMBERSHIP).tolist() == [region]
    with pytest.raises(DisclosureError, match="GG01 2021-2021"):
        list(build_relations(frame, MEMBERSHIP))
