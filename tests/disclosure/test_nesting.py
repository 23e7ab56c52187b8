"""Which figures a publication withholds at a whole area level because their populations nest in
others' (the four Big2 definitions of Table 1, seed 000), on three gemeenten and their GGD region,
worked out by hand. (Disclosure control does so for measures whose figures are not for the same areas
and periods; those with the same rows are protected cell by cell: tests/disclosure/test_nesting_cells.py.)

Per gemeente (g1, g2, g3): births from 22 weeks 300, 400, 500 (ks12.a); of them at 22-23 weeks 2, 15,
20, all of them preterm (so Big2); stillborn 12, 11, 30, of whom 1, 1, 5 at 22-23 weeks; Big2
among the stillborn from 24 weeks 10, 10, 20. So, per gemeente:

- ks12.a less ks12.b (births at 22-23 weeks): 2, 15, 20 - small in g1;
- ks12.a less ks12.c (stillbirths): 12, 11, 30; their Big2 11, 11, 25 - never small;
- ks12.b less ks12.d (stillbirths from 24 weeks): 11, 10, 25; their Big2 10, 10, 20 - never small;
- ks12.c less ks12.d (live births at 22-23 weeks): 1, 14, 15 - small in g1;
- ks12.a less ks12.d: 13, 25, 45 - never small.

The GGD region adds them up: nothing small there.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from kansrijk.catalogue import Catalogues
from kansrijk.disclosure.nesting import declared, withholding

BIRTHS = [300, 400, 500]
EARLY = [2, 15, 20]  # 22-23 weeks, all Big2
STILL = [12, 11, 30]
STILL_EARLY = [1, 1, 5]
STILL_BIG2_LATE = [10, 10, 20]
BIG2_LATE = [40, 50, 60]  # Big2 among the births from 24 weeks
TWINS = [3, 4, 5]  # children after the first of a multiple pregnancy


def _counts(still_all: list[int] = STILL, still_big2_late: list[int] = STILL_BIG2_LATE
            ) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {m: [] for m in ("ks12.a", "ks12.b", "ks12.c", "ks12.d", "ks07")}
    for births, early, still, still_early, still_big2, big2, twins in zip(
            BIRTHS, EARLY, still_all, STILL_EARLY, still_big2_late, BIG2_LATE, TWINS):
        out["ks12.a"].append((big2 + early, births))
        out["ks12.b"].append((big2, births - early))
        out["ks12.c"].append((big2 + early - still_early - still_big2, births - still))
        out["ks12.d"].append((big2 - still_big2, births - early - (still - still_early)))
        out["ks07"].append((30, births - twins))
    return out


def _frame(counts_of: dict[str, list[tuple[int, int]]] | None = None) -> pd.DataFrame:
    rows = []
    for measure, counts in (counts_of or _counts()).items():
        for code, (num, den) in zip(("GM0001", "GM0002", "GM0003"), counts):
            rows.append((measure, code, "gemeente", num, den))
        rows.append((measure, "GG0001", "ggd", sum(c[0] for c in counts), sum(c[1] for c in counts)))
    frame = pd.DataFrame(rows, columns=["indicator", "area_code", "area_level", "numerator", "denominator"])
    return frame.assign(period="2022", reference_date=None, status="gepubliceerd")


def _withholding(frame: pd.DataFrame, measures: dict) -> object:
    return withholding(frame, measures, declared(frame, measures))


def _rows(frame: pd.DataFrame, mask: np.ndarray) -> set[tuple[str, str]]:
    return set(zip(frame.loc[mask, "indicator"], frame.loc[mask, "area_code"]))


def test_the_inner_measure_is_withheld_at_the_level_where_a_difference_is_small(catalogues: Catalogues):
    frame = _frame()
    counts = _counts()
    # The worked example holds: the differences the module docstring lists.
    assert [a[1] - b[1] for a, b in zip(counts["ks12.a"], counts["ks12.b"])] == EARLY
    assert [c[1] - d[1] for c, d in zip(counts["ks12.c"], counts["ks12.d"])] == [1, 14, 15]
    assert [a[0] - c[0] for a, c in zip(counts["ks12.a"], counts["ks12.c"])] == [11, 11, 25]
    measures = {m: catalogues.measure(m) for m in counts}
    found = _withholding(frame, measures)
    gemeenten = {"GM0001", "GM0002", "GM0003"}
    # ks12.b and ks12.d in every gemeente (a level publishes a measure or not), nothing in the GGD
    # region; ks12.c nowhere (its differences are never small); ks07 nowhere (its difference with
    # ks12.a, the children after the first of a multiple pregnancy, is public by the catalogue).
    assert _rows(frame, found.withheld) == {(m, g) for m in ("ks12.b", "ks12.d") for g in gemeenten}
    # Protected from the published sums: the withheld figures where a difference is small.
    assert _rows(frame, found.protected) == {("ks12.b", "GM0001"), ("ks12.d", "GM0001")}


def test_a_difference_with_a_withheld_measure_withholds_nothing_more(catalogues: Catalogues):
    # 10 stillborn in g1 (9 from 24 weeks, all Big2): ks12.b less ks12.d is 9, small, but ks12.b is
    # withheld per gemeente already (2 births at 22-23 weeks), so ks12.d stays published there: ks12.a
    # less ks12.d is 11 (and 11 among Big2). Without ks12.c, whose difference with ks12.d is small.
    counts = _counts(still_all=[10, 11, 30], still_big2_late=[9, 10, 20])
    del counts["ks12.c"]
    assert [b[1] - d[1] for b, d in zip(counts["ks12.b"], counts["ks12.d"])] == [9, 10, 25]
    assert [a[1] - d[1] for a, d in zip(counts["ks12.a"], counts["ks12.d"])] == [11, 25, 45]
    assert [a[0] - d[0] for a, d in zip(counts["ks12.a"], counts["ks12.d"])] == [11, 25, 40]
    frame = _frame(counts)
    measures = {m: catalogues.measure(m) for m in counts}
    found = _withholding(frame, measures)
    assert _rows(frame, found.withheld) == {("ks12.b", g) for g in ("GM0001", "GM0002", "GM0003")}
    assert _rows(frame, found.protected) == {("ks12.b", "GM0001")}


def test_a_difference_the_catalogue_does_not_call_public_is_protected(catalogues: Catalogues):
    frame = _frame()
    measures = {m: catalogues.measure(m) for m in ("ks12.a", "ks12.b", "ks12.c", "ks12.d", "ks07")}
    measures["ks07"] = replace(measures["ks07"], public_difference=())
    found = _withholding(frame, measures)
    assert {(m, g) for m, g in _rows(frame, found.withheld) if m == "ks07"} == {
        ("ks07", g) for g in ("GM0001", "GM0002", "GM0003")}  # 3, 4, 5 twins: small everywhere


def test_a_difference_with_a_small_count_is_left_to_that_count(catalogues: Catalogues):
    # A village of 8 births, 1 of them at 22-23 weeks: its births from 24 weeks (7) are too small to
    # publish, and their protection as a small number protects the difference too. Beside two towns
    # whose differences are not small, ks12.b stays published per gemeente.
    rows = [("ks12.a", "GM0001", 40, 400), ("ks12.b", "GM0001", 30, 385), ("ks12.a", "GM0002", 50, 500),
            ("ks12.b", "GM0002", 38, 480), ("ks12.a", "GM0003", 2, 8), ("ks12.b", "GM0003", 1, 7)]
    frame = pd.DataFrame(rows, columns=["indicator", "area_code", "numerator", "denominator"]).assign(
        area_level="gemeente", period="2022", reference_date=None, status="gepubliceerd")
    measures = {m: catalogues.measure(m) for m in ("ks12.a", "ks12.b")}
    assert not _withholding(frame, measures).withheld.any()
    frame.loc[5, ["numerator", "denominator"]] = (1, 12)  # 12 of them from 24 weeks: a large count
    frame.loc[4, ["numerator", "denominator"]] = (2, 13)
    assert _rows(frame, _withholding(frame, measures).withheld) == {
        ("ks12.b", "GM0001"), ("ks12.b", "GM0002"), ("ks12.b", "GM0003")}
