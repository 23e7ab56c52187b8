"""Measures that share their denominators are found from the data, and only then."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from kansrijk.catalogue import Catalogues
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
