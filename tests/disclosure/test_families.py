"""Measures that share their denominators are found from the data, and only then."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from kansrijk.catalogue import Catalogues
from kansrijk.disclosure import checked_together, with_partners
from kansrijk.disclosure.families import denominator_families, denominator_floors


def _frame(denominators: dict[str, list[float]]) -> pd.DataFrame:
    rows = []
    for indicator, dens in denominators.items():
        for i, d in enumerate(dens):
            rows.append({"indicator": indicator, "area_code": f"GM{i:04d}", "period_start": 2020, "period_end": 2020,
                         "reference_date": None, "status": "gepubliceerd", "numerator": 1.0, "denominator": d})
    return pd.DataFrame(rows)


def test_measures_with_the_same_denominators_are_one_family(catalogues: Catalogues):
    measures = {m: catalogues.measure(m) for m in ("ks12.a", "ks12.vroeg", "ks12.klein", "ks12.b")}
    frame = _frame({"ks12.a": [5, 200, 300], "ks12.b": [5, 199, 300], "ks12.klein": [5, 200, 300],
                    "ks12.vroeg": [5, 200, 300]})
    assert denominator_families(frame, measures) == [("ks12.a", "ks12.klein", "ks12.vroeg")]


def test_other_rules_or_counts_without_denominator_make_no_family(catalogues: Catalogues):
    measures = {m: catalogues.measure(m) for m in ("ks12.a", "ks12.vroeg")}
    frame = _frame({"ks12.a": [5, 200], "ks12.vroeg": [5, 200]})
    assert denominator_families(frame, {**measures, "ks12.vroeg": replace(measures["ks12.vroeg"], threshold=5)}) == []
    frame["denominator"] = np.nan
    assert denominator_families(frame, measures) == []


def test_an_attacker_may_know_twice_the_threshold_only_of_a_denominator_that_large(catalogues: Catalogues):
    measures = {m: catalogues.measure(m) for m in ("ks12.a", "ks12.vroeg")}
    assert denominator_floors(np.array([12.0, 19.0, 20.0, 400.0]), ("ks12.a", "ks12.vroeg"), measures).tolist() == [
        10.0, 10.0, 20.0, 20.0]
    counts = {m: replace(measures[m], complement=False) for m in measures}
    assert denominator_floors(np.array([400.0]), ("ks12.a", "ks12.vroeg"), counts).tolist() == [10.0]


def test_last_years_window_of_one_member_brings_the_others_as_hidden_figures(catalogues: Catalogues):
    """A second edition holds last year's published window of ks15 as known; vw01 (the same
    children under two) had its window hidden then. With vw01's window as a hidden figure (the sum
    of its years) the two are still one family; without it they would be checked apart."""
    measures = {m: catalogues.measure(m) for m in ("ks15", "vw01")}
    years = [(year, code, den, num) for year in range(2018, 2023)
             for code, den, num in (("GM0001", 400.0 + year - 2018, 2.0), ("GM0002", 900.0, 30.0 + year - 2018))]
    rows = [{"indicator": m, "area_code": code, "area_level": "gemeente", "period_start": year, "period_end": year,
             "period": str(year), "reference_date": pd.NaT, "status": "gepubliceerd",
             "numerator": num * (1 if m == "ks15" else 2), "denominator": den, "members_with_data": np.nan}
            for m in measures for year, code, den, num in years]
    frame = pd.DataFrame(rows).sort_values(["indicator", "area_code", "period_start"]).reset_index(drop=True)
    window = {"indicator": "ks15", "area_code": "GM0002", "area_level": "gemeente", "period_start": 2017,
              "period_end": 2021, "period": "2017-2021", "reference_date": pd.NaT, "status": "gepubliceerd",
              "members_with_data": np.nan}
    # Last year's window 2017-2021 lacks 2017 here: left out for both. 2018-2022 is whole.
    extra = pd.DataFrame([window | {"numerator": 160.0, "denominator": 4500.0},
                          window | {"period_start": 2018, "period_end": 2022, "period": "2018-2022",
                                    "numerator": 160.0, "denominator": 4500.0}])
    assert denominator_families(pd.concat([frame, extra], ignore_index=True), measures) == []
    rows, unpublished = with_partners(extra, frame, checked_together(frame, measures))
    assert rows[["indicator", "period", "numerator", "denominator"]].values.tolist() == [
        ["ks15", "2018-2022", 160.0, 4500.0], ["vw01", "2018-2022", 320.0, 4500.0]]
    assert unpublished.tolist() == [False, True]
    assert denominator_families(pd.concat([frame, rows], ignore_index=True), measures) == [("ks15", "vw01")]
