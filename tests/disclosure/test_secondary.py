"""Secondary suppression of one measure, end to end on a region small enough to check by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from kansrijk.catalogue import Catalogues
from kansrijk.disclosure.primary import primary_suppression, small_counts
from kansrijk.disclosure.secondary import secondary_suppression


def _frame(counts: dict[str, tuple[float, float]]) -> pd.DataFrame:
    rows = []
    for code, (num, den) in counts.items():
        region = code.startswith("GG")
        rows.append({"indicator": "ks12.a", "area_code": code, "area_level": "ggd" if region else "gemeente",
                     "period_start": 2022, "period_end": 2022, "period": "2022", "reference_date": None,
                     "status": "gepubliceerd", "numerator": num, "denominator": den,
                     "members_with_data": 3.0 if region else np.nan})
    return pd.DataFrame(rows)


def test_a_partner_just_above_the_threshold_is_published_and_a_larger_one_hidden(catalogues: Catalogues):
    # GG9999 = P + S + B. Hiding S (11 of 150) alone would leave P <= 1 + 11 - 10 = 2, since an
    # attacker knows a hidden figure holds at least 10: not enough. S is published and B hidden.
    frame = _frame({"GM0001": (1, 30), "GM0002": (11, 150), "GM0003": (300, 3000), "GG9999": (312, 3180)})
    membership = [("GG9999", code) for code in ("GM0001", "GM0002", "GM0003")]
    measures = {"ks12.a": catalogues.measure("ks12.a")}
    primary = primary_suppression(frame, measures)
    assert primary.tolist() == [True, False, False, False]
    hidden = secondary_suppression(frame, primary, small_counts(frame, measures), membership, measures)
    assert frame["area_code"][hidden].tolist() == ["GM0003"]
    # An attacker's interval of P's numerator, by linear programming over (P, B) with B >= 10:
    # P + B = 312 - 11.
    bounds = [(0, 30), (10, 3000)]
    low = linprog([1, 0], A_eq=[[1, 1]], b_eq=[301], bounds=bounds).fun
    high = -linprog([-1, 0], A_eq=[[1, 1]], b_eq=[301], bounds=bounds).fun
    assert high - low >= catalogues.measure("ks12.a").protection
