"""The audit attacks the differences between measures whose populations nest with linear
programmes, also where one of the two figures is hidden."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kansrijk.catalogue import Catalogues
from kansrijk.disclosure.audit import audit_publication

MEMBERS = ("GM0001", "GM0002", "GM0003")
MEMBERSHIP = [("GG9999", code) for code in MEMBERS]
# Births from 22 weeks (ks12.a) and from 24 weeks (ks12.b), Big2 among them: GM0002 had 4 births at
# 22-23 weeks, one of them with Big2; GM0001 and GM0003 had 15 each, 10 with Big2.
BIG2 = {"GM0001": (30, 300), "GM0002": (25, 250), "GM0003": (40, 400)}
FROM_24 = {"GM0001": (20, 285), "GM0002": (24, 246), "GM0003": (30, 385)}


def _rows(indicator: str, counts: dict[str, tuple[float, float]]) -> list[dict]:
    region = tuple(map(sum, zip(*counts.values())))
    return [{"indicator": indicator, "area_code": code, "area_level": "ggd" if code == "GG9999" else "gemeente",
             "period_start": 2022, "period_end": 2022, "period": "2022", "reference_date": None,
             "status": "gepubliceerd", "numerator": num, "denominator": den,
             "members_with_data": 3.0 if code == "GG9999" else np.nan}
            for code, (num, den) in {**counts, "GG9999": region}.items()]


def _audit(catalogues: Catalogues, hidden: list[str]) -> list:
    results = pd.DataFrame(_rows("ks12.a", BIG2) + _rows("ks12.b", FROM_24))
    published = results.assign(reason=None)
    at = (published["indicator"] == "ks12.b") & published["area_code"].isin(hidden)
    published.loc[at, "status"] = "privacy"
    published.loc[at, ["numerator", "denominator"]] = np.nan
    measures = {m: catalogues.measure(m) for m in ("ks12.a", "ks12.b")}
    audits = {a.indicator: a for a in audit_publication(published, measures, MEMBERSHIP, results)}
    return sorted((f.area_code, f.count, f.lower, f.upper) for f in audits["ks12.b"].findings)


def test_a_difference_that_follows_from_sums_is_found_where_one_figure_is_hidden(catalogues: Catalogues):
    # ks12.b hidden for GM0002 only: the region less GM0001 and GM0003 gives its counts (246 births
    # from 24 weeks, 24 with Big2), and ks12.a's published 250 and 25 leave 4 and 1 at 22-23 weeks.
    # No two published figures of the same area and period differ by less than 10.
    assert _audit(catalogues, ["GM0002"]) == [
        ("GM0002", "noemer van ks12.a min deze", 4.0, 4.0), ("GM0002", "teller van ks12.a min deze", 1.0, 1.0)]


def test_a_difference_hidden_behind_a_second_figure_is_not_found(catalogues: Catalogues):
    # ks12.b hidden for GM0002 and GM0003: together 631 births from 24 weeks and 54 with Big2, so
    # GM0002's births at 22-23 weeks lie anywhere in [0, 19] (GM0003's share of 650 - 631), with Big2
    # in [0, 11], as linear programmes over the two hidden figures (each at least 10) show.
    from scipy.optimize import linprog

    for total_a, total_b, a2, a3 in ((650, 631, 250, 400), (65, 54, 25, 40)):
        # x = (b2, b3): b2 + b3 = total_b, 10 <= b2 <= a2, 10 <= b3 <= a3; the difference is a2 - b2.
        bounds = [(10, a2), (10, a3)]
        low = linprog([1, 0], A_eq=[[1, 1]], b_eq=[total_b], bounds=bounds).fun
        high = -linprog([-1, 0], A_eq=[[1, 1]], b_eq=[total_b], bounds=bounds).fun
        assert (a2 - high, a2 - low) in ((0, 19), (0, 11))
    assert _audit(catalogues, ["GM0002", "GM0003"]) == []


@pytest.mark.parametrize(("hidden", "small_for_age", "found"), [
    # GM0002's Big2 figure is hidden, but the region less GM0001 and GM0003 gives it: 30, so the
    # children both preterm and small there are 20 + 14 - 30 = 4.
    ("ks12.a", 14, ("ks12.a", "in ks12.vroeg en in ks12.klein", 4.0)),
    # GM0002's small-for-age figure is hidden; the region gives it, 24, and the children only
    # preterm are Big2 less those small: 30 - 24 = 6 (the difference of ks12.klein with Big2).
    ("ks12.klein", 24, ("ks12.klein", "teller van ks12.a min deze", 6.0)),
])
def test_a_difference_of_big2_and_its_parts_is_found_behind_a_hidden_figure(
        catalogues: Catalogues, hidden: str, small_for_age: int, found: tuple):
    # Big2 (ks12.a) counts the children preterm (ks12.vroeg) or small for their age (ks12.klein).
    # Elsewhere no difference is below 10: in GM0001 40 = 15 + 15 + 10, in GM0003 50 = 15 + 20 + 15
    # (only preterm, only small, both).
    counts = {"ks12.a": {"GM0001": (40, 400), "GM0002": (30, 300), "GM0003": (50, 500)},
              "ks12.vroeg": {"GM0001": (25, 400), "GM0002": (20, 300), "GM0003": (30, 500)},
              "ks12.klein": {"GM0001": (25, 400), "GM0002": (small_for_age, 300), "GM0003": (35, 500)}}
    results = pd.DataFrame([row for name, rows in counts.items() for row in _rows(name, rows)])
    published = results.assign(reason=None)
    at = (published["indicator"] == hidden) & (published["area_code"] == "GM0002")
    published.loc[at, "status"] = "privacy"
    published.loc[at, ["numerator", "denominator"]] = np.nan
    measures = {m: catalogues.measure(m) for m in counts}
    findings = sorted((a.indicator, f.area_code, f.count, f.lower, f.upper)
                      for a in audit_publication(published, measures, MEMBERSHIP, results) for f in a.findings)
    indicator, label, value = found
    assert findings == [(indicator, "GM0002", label, value, value)]


def test_the_overlap_of_three_parts_published_with_their_whole_is_found(catalogues: Catalogues):
    # Per gemeente the children in each group of a Venn diagram of low income, a single parent and
    # the parents' debts (only a, only b, only c, ab, ac, bc, abc), 500 children each. In GM0001
    # ks11.a + ks11.b + ks11.c - ks11.d is 2 + 1 + 1 + 2 * 0 = 4; elsewhere 25 and 30.
    venn = {"GM0001": [30, 20, 15, 2, 1, 1, 0], "GM0002": [40, 25, 20, 8, 6, 5, 3],
            "GM0003": [45, 30, 25, 9, 7, 6, 4]}
    adds = {"ks11.a": (0, 3, 4, 6), "ks11.b": (1, 3, 5, 6), "ks11.c": (2, 4, 5, 6), "ks11.d": tuple(range(7))}
    results = pd.DataFrame([row for m, groups in adds.items() for row in
                            _rows(m, {g: (float(sum(v[i] for i in groups)), 500.0) for g, v in venn.items()})])
    measures = {m: catalogues.measure(m) for m in adds}
    audits = {a.indicator: a for a in audit_publication(results.assign(reason=None), measures, MEMBERSHIP, results)}
    found = [(f.area_code, f.count, f.lower, f.upper) for a in audits.values() for f in a.findings]
    assert found == [("GM0001", "in twee of meer van ks11.a, ks11.b, ks11.c", 4.0, 4.0)]


def test_a_small_overlap_of_hidden_gemeenten_that_the_region_gives_away_is_found(catalogues: Catalogues):
    # GM0001 and GM0002 are too small in every figure of the three parts and their whole, with
    # overlaps 0 and 1; GM0003's figures (overlap 14) and the region's (15) are published: the two
    # hidden overlaps add up to 1, so each is 0 or 1, though no figure of a measure is confined.
    venn = {"GM0001": [2, 3, 0, 0, 0, 0, 0], "GM0002": [1, 2, 3, 1, 0, 0, 0],
            "GM0003": [30, 20, 15, 5, 3, 2, 2]}
    adds = {"ks11.a": (0, 3, 4, 6), "ks11.b": (1, 3, 5, 6), "ks11.c": (2, 4, 5, 6), "ks11.d": tuple(range(7))}
    children = {"GM0001": 96.0, "GM0002": 100.0, "GM0003": 600.0}
    results = pd.DataFrame([row for m, groups in adds.items() for row in
                            _rows(m, {g: (float(sum(v[i] for i in groups)), children[g]) for g, v in venn.items()})])
    published = results.assign(reason=None)
    small = published["area_code"].isin(["GM0001", "GM0002"])
    published.loc[small, "status"] = "te_klein"
    published.loc[small, ["numerator", "denominator"]] = np.nan
    measures = {m: catalogues.measure(m) for m in adds}
    found = sorted((a.indicator, f.area_code, f.count, f.lower, f.upper)
                   for a in audit_publication(published, measures, MEMBERSHIP, results) for f in a.findings)
    label = "in twee of meer van ks11.a, ks11.b, ks11.c"
    assert found == [("ks11.d", "GM0001", label, 0.0, 1.0), ("ks11.d", "GM0002", label, 0.0, 1.0)]
