"""Measures of a difference as sums of atoms (kansrijk.disclosure.nesting.Composition), and the
difference protected cell by cell through secondary suppression, on one GGD region of three
gemeenten worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from kansrijk.catalogue import Catalogues
from kansrijk.disclosure.nesting import Composition, Difference, declared
from kansrijk.disclosure.primary import primary_suppression, small_counts
from kansrijk.disclosure.relations import MeasureRelations
from kansrijk.disclosure import secondary
from kansrijk.disclosure.secondary import secondary_suppression

# Three gemeenten (cells 0-2) and their region (row 3, the sum of all three).
BASE = MeasureRelations("x", np.arange(4), np.array([0, 1, 2, 3, 6]), np.array([0, 1, 2, 0, 1, 2]))


def _cells(rel: MeasureRelations) -> list[set[int]]:
    return [set(rel.cells(i).tolist()) for i in range(rel.size)]


def test_a_measure_within_another_is_its_own_persons_and_the_difference():
    composition = Composition.of(Difference("ks12.b", ("ks12.a",), "noemer", "", "ks12.b"))
    rel = composition.relations(BASE, "b~a")
    cells = _cells(rel)
    # Blocks of four rows: ks12.b (its own cells 0-2), ks12.a (ks12.b's cells and the difference's,
    # 8-10), the difference.
    assert cells[:4] == [{0}, {1}, {2}, {0, 1, 2}]
    assert cells[4:8] == [{0, 8}, {1, 9}, {2, 10}, {0, 1, 2, 8, 9, 10}]
    assert cells[8:] == [{8}, {9}, {10}, {8, 9, 10}]
    births_b, births_a = np.array([385, 480, 7, 872]), np.array([400, 480, 8, 888])
    assert composition.counts(np.stack([births_b, births_a])).tolist() == [[15, 0, 1, 16]]


def test_big2_and_its_parts_are_sums_of_three_atoms():
    composition = Composition.of(Difference("ks12.a", ("ks12.vroeg", "ks12.klein"), "teller", "", "ks12.klein"))
    rel = composition.relations(BASE, "big2")
    cells = _cells(rel)
    # Atoms: preterm only (cells 12-14), small only (16-18), both (20-22).
    assert cells[0] == {12, 16, 20} and cells[4] == {12, 20} and cells[8] == {16, 20}
    assert cells[12:] == [{12}, {13}, {14}, {12, 13, 14}, {16}, {17}, {18}, {16, 17, 18},
                          {20}, {21}, {22}, {20, 21, 22}]
    big2, preterm, small = np.array([30, 12, 3, 45]), np.array([20, 7, 2, 29]), np.array([15, 9, 2, 26])
    only_preterm, only_small, both = composition.counts(np.stack([big2, preterm, small]))
    assert (only_preterm + both == preterm).all() and (only_small + both == small).all()
    assert (only_preterm + only_small + both == big2).all()
    assert both.tolist() == [5, 4, 1, 10]


def _frame(counts: dict[str, list[tuple[int, int]]]) -> pd.DataFrame:
    rows = []
    for measure, figures in counts.items():
        for code, (num, den) in zip(("GM0001", "GM0002", "GM0003", "GG9999"), figures):
            region = code.startswith("GG")
            rows.append({"indicator": measure, "area_code": code, "area_level": "ggd" if region else "gemeente",
                         "period_start": 2022, "period_end": 2022, "period": "2022", "reference_date": None,
                         "status": "gepubliceerd", "numerator": num, "denominator": den,
                         "members_with_data": 3.0 if region else np.nan})
    return pd.DataFrame(rows).sort_values(["indicator", "area_code"]).reset_index(drop=True)


def _suppressed(counts: dict[str, list[tuple[int, int]]], catalogues: Catalogues):
    """The frame of ``counts`` per gemeente (the region's sum added) and what disclosure control
    hides in it; none of its own counts is small."""
    frame = _frame({m: [*c, tuple(map(sum, zip(*c)))] for m, c in counts.items()})
    measures = {m: catalogues.measure(m) for m in counts}
    primary = primary_suppression(frame, measures)
    assert not primary.any()
    return frame, secondary_suppression(frame, primary, small_counts(frame, measures),
                                        [("GG9999", g) for g in ("GM0001", "GM0002", "GM0003")], measures,
                                        nested=declared(frame, measures))


def test_a_small_difference_is_protected_by_hiding_the_inner_figure_and_one_more(catalogues: Catalogues):
    # Births from 22 weeks (ks12.a) and from 24 (ks12.b); at 22-23 weeks 2, 15 and 20 (all Big2).
    a = [(62, 400), (75, 500), (80, 600)]
    early = [2, 15, 20]
    b = [(n - e, d - e) for (n, d), e in zip(a, early)]
    frame, found = _suppressed({"ks12.a": a, "ks12.b": b}, catalogues)
    hidden = set(zip(frame.loc[found.hidden, "indicator"], frame.loc[found.hidden, "area_code"]))
    # Big2 is never hidden; ks12.b in GM0001 (2 at 22-23 weeks) and in one other gemeente, or the
    # region would give it back.
    assert ("ks12.b", "GM0001") in hidden and not any(m == "ks12.a" for m, _ in hidden)
    assert len(hidden) == 2 and (found.nested == found.hidden).all()
    # The attacker's interval of GM0001's births at 22-23 weeks: cells b1..b3, d1..d3 >= 0, every
    # published figure an equation, a hidden figure at least 10.
    published = ~found.hidden
    rows = []
    for i, (measure, code) in enumerate(zip(frame["indicator"], frame["area_code"])):
        at = [0, 1, 2] if code == "GG9999" else [int(code[-1]) - 1]
        v = np.zeros(6)
        v[at] = 1.0
        if measure == "ks12.a":
            v[[3 + j for j in at]] = 1.0
        rows.append((v, frame.loc[i, "denominator"], published[i]))
    a_eq = [v for v, _, p in rows if p]
    b_eq = [x for _, x, p in rows if p]
    a_ub = [-v for v, _, p in rows if not p]
    c = np.zeros(6)
    c[3] = 1.0
    low = linprog(c, A_ub=a_ub, b_ub=[-10.0] * len(a_ub), A_eq=a_eq, b_eq=b_eq, bounds=(0, None)).fun
    high = -linprog(-c, A_ub=a_ub, b_ub=[-10.0] * len(a_ub), A_eq=a_eq, b_eq=b_eq, bounds=(0, None)).fun
    assert low == 0 and high - low >= 3


def test_a_part_stays_published_when_only_an_atom_would_confine_the_difference(catalogues: Catalogues):
    # Preterm only, small only and both (Big2's atoms) in three gemeenten; GM0001 has no child both
    # preterm and small (0 of 200 births), so Big2, preterm and small together would give that 0.
    only_preterm, only_small, both = [12, 20, 25], [15, 30, 35], [0, 12, 14]
    births = [200, 500, 600]
    frame, found = _suppressed({
        "ks12.a": list(zip([p + s + b for p, s, b in zip(only_preterm, only_small, both)], births)),
        "ks12.vroeg": list(zip([p + b for p, b in zip(only_preterm, both)], births)),
        "ks12.klein": list(zip([s + b for s, b in zip(only_small, both)], births)),
    }, catalogues)
    hidden = set(zip(frame.loc[found.hidden, "indicator"], frame.loc[found.hidden, "area_code"]))
    # The small part goes (in GM0001 and in one other gemeente, or the region gives it back); Big2
    # and preterm stay. Preterm (12) less the children only preterm bounds "both" - but those 12 are
    # no published figure, so nothing tells an attacker they are at least 10.
    assert ("ks12.klein", "GM0001") in hidden and len(hidden) == 2
    assert {m for m, _ in hidden} == {"ks12.klein"}
    # The attacker's interval of GM0001's "both": the atoms of each gemeente (preterm only, small
    # only, both) at least 0, every published figure an equation, each hidden one at least 10.
    published = ~found.hidden
    adds = {"ks12.a": (0, 1, 2), "ks12.vroeg": (0, 2), "ks12.klein": (1, 2)}
    a_eq, b_eq, a_ub = [], [], []
    for i, (measure, code) in enumerate(zip(frame["indicator"], frame["area_code"])):
        v = np.zeros(9)
        for gemeente in ([0, 1, 2] if code == "GG9999" else [int(code[-1]) - 1]):
            v[[3 * gemeente + atom for atom in adds[measure]]] = 1.0
        if published[i]:
            a_eq.append(v)
            b_eq.append(frame.loc[i, "numerator"])
        else:
            a_ub.append(-v)
    c = np.zeros(9)
    c[2] = 1.0
    low = linprog(c, A_ub=a_ub, b_ub=[-10.0] * len(a_ub), A_eq=a_eq, b_eq=b_eq, bounds=(0, None)).fun
    high = -linprog(-c, A_ub=a_ub, b_ub=[-10.0] * len(a_ub), A_eq=a_eq, b_eq=b_eq, bounds=(0, None)).fun
    assert low == 0 and high - low >= 3


def test_two_measures_with_the_same_counts_within_a_third_are_checked_once(catalogues: Catalogues, monkeypatch):
    # hl03 (Haarlem) counts what ks12.b counts; both are within ks12.a. Births at 22-23 weeks: 2, 15, 20.
    a = [(62, 400), (75, 500), (80, 600)]
    b = [(n - e, d - e) for (n, d), e in zip(a, [2, 15, 20])]
    checks = []
    real = secondary._one_measure

    def recorded(*args, **kwargs):
        checks.append(args[6].id)
        return real(*args, **kwargs)

    monkeypatch.setattr(secondary, "_one_measure", recorded)
    frame, found = _suppressed({"ks12.a": a, "ks12.b": b, "hl03": b}, catalogues)
    hidden = frame.loc[found.hidden, ["indicator", "area_code"]]
    of = {m: set(hidden.loc[hidden["indicator"] == m, "area_code"]) for m in ("ks12.a", "ks12.b", "hl03")}
    assert "GM0001" in of["ks12.b"] and of["ks12.b"] == of["hl03"] and not of["ks12.a"]
    # One check of the numerators' difference for both, one of the denominators' (they share them).
    assert sorted(c.split(":")[1] for c in checks if "~" in c) == ["noemer", "teller"]
