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


def _expected_cells(frame: pd.DataFrame, membership: list[tuple[str, str]]) -> dict[int, set[int]]:
    """The cells of every row with counts, by the rules written out row by row: a summed row above
    gemeente level adds up the rows of its members in the same period; a pooled row without a
    reference date adds up the cells of its single years when every year has a row; anything else
    is a cell of its own."""
    members: dict[str, set[str]] = {}
    for region, gemeente in membership:
        members.setdefault(region, set()).add(gemeente)
    rows = list(frame.itertuples(index=False))
    has_counts = [not (pd.isna(r.numerator) and pd.isna(r.denominator)) for r in rows]
    at = {(r.indicator, r.area_code, r.period_start, r.period_end, r.reference_date): i
          for i, r in enumerate(rows) if has_counts[i]}

    def single(i: int) -> set[int]:
        r = rows[i]
        if r.area_level != "gemeente" and not pd.isna(r.members_with_data) and r.area_code in members:
            keys = [(r.indicator, g, r.period_start, r.period_end, r.reference_date) for g in members[r.area_code]]
            return {at[k] for k in keys if k in at}
        return {i}

    out: dict[int, set[int]] = {}
    for i, r in enumerate(rows):
        if not has_counts[i]:
            continue
        if r.period_end > r.period_start and pd.isna(r.reference_date):
            years = [at.get((r.indicator, r.area_code, y, y, pd.NaT)) for y in range(r.period_start, r.period_end + 1)]
            out[i] = {c for y in years for c in single(y)} if all(y is not None for y in years) else {i}
        else:
            out[i] = single(i)
    return {i: cells for i, cells in out.items() if cells}


@pytest.mark.parametrize("seed", range(6))
def test_random_tables_have_the_relations_of_the_rules_written_out_row_by_row(seed: int):
    rng = np.random.default_rng(seed)
    gemeenten = [f"GM{g:04d}" for g in range(1, 7)]
    regions = {f"RG{r:02d}": sorted(rng.choice(gemeenten, size=int(rng.integers(1, 5)), replace=False)) for r in range(3)}
    membership = [(region, g) for region, members in regions.items() for g in members]
    levels = {g: "gemeente" for g in gemeenten} | {r: ("ggd", "jeugdregio", "regio")[k] for k, r in enumerate(regions)}
    rows: list[dict] = []
    for indicator in ("ks12.a", "ks07"):
        for year in range(2019, 2023):
            for g in gemeenten:
                if rng.random() < 0.85:  # some gemeente-years have no row
                    den = int(rng.integers(1, 60))
                    rows.append({"indicator": indicator, "area_code": g, "area_level": "gemeente", "period_start": year,
                                 "period_end": year, "reference_date": pd.NaT, "numerator": float(rng.integers(0, den + 1)),
                                 "denominator": float(den), "members_with_data": np.nan})
            for region in regions:  # a region's figure: summed, or supplied as such (no members_with_data)
                rows.append({"indicator": indicator, "area_code": region, "area_level": levels[region],
                             "period_start": year, "period_end": year, "reference_date": pd.NaT, "numerator": np.nan,
                             "denominator": np.nan, "members_with_data": 2.0 if rng.random() < 0.8 else np.nan})
        for area in [*gemeenten, *regions]:
            for start, end in ((2019, 2021), (2020, 2022), (2021, 2022)):
                rows.append({"indicator": indicator, "area_code": area, "area_level": levels[area], "period_start": start,
                             "period_end": end, "reference_date": pd.NaT, "numerator": np.nan, "denominator": np.nan,
                             "members_with_data": 2.0 if area in regions else np.nan})
        rows.append({"indicator": indicator, "area_code": "GM0001", "area_level": "gemeente", "period_start": 2022,
                     "period_end": 2022, "reference_date": pd.Timestamp("2022-12-31"), "numerator": 1.0,
                     "denominator": 5.0, "members_with_data": np.nan})
    frame = pd.DataFrame(rows)
    # Every row has counts but a few region and pooled rows (they take no part); sums are then made
    # to add up from their cells, the other rows (supplied figures, pooled rows that lack a year)
    # keep counts of their own.
    blank = frame["numerator"].isna().to_numpy()
    taking_part = ~blank | (rng.random(len(frame)) < 0.9)
    frame.loc[blank & taking_part, ["numerator", "denominator"]] = [1.0, 40.0]
    expected = _expected_cells(frame, membership)
    for i, cells in expected.items():
        if cells != {i}:
            frame.loc[i, ["numerator", "denominator"]] = frame.loc[sorted(cells), ["numerator", "denominator"]].sum().to_numpy()
    assert any(len(cells) > 3 for cells in expected.values())  # pooled region sums are among them
    assert any(cells == {i} and frame.loc[i, "period_end"] > frame.loc[i, "period_start"]
               for i, cells in expected.items())  # and pooled rows that lack a year
    assert _sums_of(frame, membership) == expected


def _sums_of(frame: pd.DataFrame, membership: list[tuple[str, str]]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for rel in build_relations(frame, membership):
        for i, row in enumerate(rel.rows):
            out[int(row)] = {int(rel.rows[c]) for c in rel.cells(i)}
    return out
