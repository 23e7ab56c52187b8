"""Counts published rounded come back exactly from the values published beside them."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from kansrijk.catalogue import Catalogues
from kansrijk.disclosure.audit import audit_publication
from kansrijk.disclosure.unrounding import read_back
from tests.disclosure.test_secondary import _frame
from tests.features.test_disclosure_lp_attack import wilson

def _published(pairs: dict[str, tuple[int, int]], base: int = 10) -> pd.DataFrame:
    """gm04 figures as published: counts rounded to ``base``, value and lower limit exact."""
    rows = []
    for code, (n, d) in pairs.items():
        value, lower = wilson(n, d)
        rows.append({"indicator": "gm04", "area_code": code, "period": "2022", "status": "gepubliceerd",
                     "numerator": float(math.floor(n / base + 0.5) * base),
                     "denominator": float(math.floor(d / base + 0.5) * base), "value": value, "lower": lower})
    return pd.DataFrame(rows)


def test_the_value_gives_the_counts_back(catalogues: Catalogues):
    # 59 of 129 is published as 60 of 130 at 45,7364...%: of the 100 pairs within the rounding only
    # 59 of 129 gives that value. 50 of 100 is 50%, as are 48 of 96 and 52 of 104: the lower
    # limit, which narrows as the denominator grows, tells them apart.
    measures = {"gm04": catalogues.measure("gm04")}
    assert measures["gm04"].rounding == 10
    pairs = {"GM0001": (59, 129), "GM0002": (50, 100), "GM0003": (48, 96), "GM0004": (431, 4893)}
    published = _published(pairs)
    assert published["numerator"].tolist() == [60.0, 50.0, 50.0, 430.0]
    out, unsure = read_back(published, measures)
    assert not unsure.any()
    assert list(zip(out["numerator"], out["denominator"])) == list(pairs.values())
    # A value that no pair within the rounding gives (a source's own figure) stays as published.
    odd = published.assign(value=published["value"] + 0.01)
    out, unsure = read_back(odd, measures)
    assert unsure.all() and out["numerator"].tolist() == published["numerator"].tolist()


def test_the_audit_reads_rounded_counts_back(catalogues: Catalogues):
    # GG9999 = A + B + C: A (4 of 120) too small, B and C and the region published rounded to tens.
    # As ranges, the region less B and C leaves A anywhere in a range of about 20; with the counts
    # the values give back, A is pinned at 4.
    counts = {"GM0001": (4, 120), "GM0002": (157, 1203), "GM0003": (211, 1788)}
    counts["GG9999"] = tuple(sum(c[i] for c in counts.values()) for i in (0, 1))
    frame = _frame(counts).assign(indicator="gm04", reason=None)
    shown = _published({code: counts[code] for code in ("GM0002", "GM0003", "GG9999")})
    published = frame.copy()
    published.loc[0, ["status", "numerator", "denominator"]] = ["te_klein", np.nan, np.nan]
    published = published.merge(shown[["area_code", "value", "lower"]], on="area_code", how="left")
    published = published.assign(numerator=published["area_code"].map(
        shown.set_index("area_code")["numerator"]), denominator=published["area_code"].map(
        shown.set_index("area_code")["denominator"]))
    measures = {"gm04": catalogues.measure("gm04")}
    membership = [("GG9999", code) for code in ("GM0001", "GM0002", "GM0003")]
    (audit,) = audit_publication(published, measures, membership, frame)
    assert ("GM0001", "teller", 4.0, 4.0) in [(f.area_code, f.count, f.lower, f.upper) for f in audit.findings]
