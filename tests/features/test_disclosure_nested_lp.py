"""An attacker with a linear-programme solver learns no small difference between two measures whose
populations nest, though both are published side by side where their difference is not small.

All births from 22 weeks (ks12.a) and those from 24 weeks (ks12.b), Big2 among each: their
difference is the births at 22-23 weeks (all of them Big2). The data set is national in shape and
small enough for CI: the gemeenten of Gelderland and Mook en Middelaar, 2016-2021, with 5-year
pooled figures, GGD regions, jeugdregio's and user regions; sizes from villages to Nijmegen-sized
towns and a share at 22-23 weeks of 1,5% (more than in reality, so that the large gemeenten have 10
or more and the small ones fewer: both kinds of cell occur). Imported as an aggregate file through
the real CLI.

The attacker is written from the published table and the public area membership only, without any
of kansrijk.disclosure: per gemeente-year cell four counts (numerator and denominator of each
measure), every published figure an equation over its cells, every count at least 0, a numerator
at most its denominator, the population from 24 weeks within that from 22 weeks (denominators,
numerators and complements each at most the outer one's), and a figure marked ``privacy`` not small
(each count at least 10). For every area and period where the true difference of denominators or
numerators is small, two linear programmes give the interval the attacker can derive for it; none
may be a single whole number or narrower than 3 (the protection level).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.optimize import linprog

from click.testing import CliRunner

from kansrijk.areas import AreaRegistry
from kansrijk.cli import cli
from kansrijk.store import Store
from tests.features.test_disclosure_lp_attack import _cells_of, births, import_counts, told_small

PROVINCE = "PV25"
YEARS = range(2016, 2022)
EARLY = 0.015  # births at 22-23 weeks, among all from 22 weeks
BIG2 = 0.10  # Big2 among the births from 24 weeks
THRESHOLD, LEVEL = 10, 3
OUTER, INNER = "ks12.a", "ks12.b"


def _counts(areas: AreaRegistry, rng: np.random.Generator) -> str:
    lines = ["indicator,gebied,periode,teller,noemer"]
    wanted = set(areas.members(PROVINCE)) | {"GM0944"}
    for code, year, born in births(areas, wanted, YEARS, rng, [60, 150, 400, 900, 2000], least=20):
        early = int(rng.binomial(born, EARLY))
        big2 = int(rng.binomial(born - early, BIG2))
        lines += [f"{OUTER},{code},{year},{big2 + early},{born}", f"{INNER},{code},{year},{big2},{born - early}"]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def publication(tmp_path_factory: pytest.TempPathFactory, areas: AreaRegistry) -> tuple[list[dict], list[dict]]:
    db = import_counts(tmp_path_factory.mktemp("nested-lp"), _counts(areas, np.random.default_rng(2026)))
    with Store.open(db, read_only=True) as store:
        return store.query("SELECT * FROM published"), store.query("SELECT * FROM results")


def difference_intervals(rows: list[dict], areas: AreaRegistry, targets: list[tuple[str, str, str]],
                         difference: dict[str, int] | None = None, rules: list[tuple[str, dict, str]] | None = None,
                         told_small: dict | None = None) -> dict[tuple[str, str, str], tuple[float, float]]:
    """Per target (area, period, count: "teller" or "noemer") the attacker's interval of the
    ``difference`` (coefficients per measure; default the outer measure less the inner one) of that
    count, from the published ``rows`` of the measures named in it.

    ``rules`` are what the definitions imply in every cell, each ``(count, coefficients, sense)``:
    the combination of the measures' counts ("teller", "noemer" or "complement") is ``<=`` 0 or
    ``==`` 0 (default: the inner population within the outer one, numerators and complements too).
    ``told_small`` names, per (indicator, area, period) of a ``te_klein`` figure, the counts the
    attacker takes to be below 10 (see ``test_disclosure_lp_attack.attack``).
    """
    difference = difference or {OUTER: 1, INNER: -1}
    rules = rules if rules is not None else [(count, {INNER: 1, OUTER: -1}, "<=")
                                             for count in ("noemer", "teller", "complement")]
    measures = sorted(difference)
    cell_index: dict[tuple[str, int], int] = {}
    for row in rows:
        if row["area_level"] == "gemeente" and row["period_start"] == row["period_end"]:
            cell_index.setdefault((row["area_code"], row["period_start"]), len(cell_index))
    n, width = len(cell_index), 2 * len(difference) * len(cell_index)

    def vector(coefficients: dict[str, int], cells: list[int], count: str) -> sp.csr_matrix:
        """A count over ``cells`` of the measures' numerator and denominator columns (one row)."""
        signs = {"teller": (1, 0), "noemer": (0, 1), "complement": (-1, 1)}[count]
        columns, values = [], []
        for measure, coefficient in coefficients.items():
            at = 2 * measures.index(measure) * n
            for part, sign in enumerate(signs):
                if sign:
                    columns += [at + part * n + c for c in cells]
                    values += [coefficient * sign] * len(cells)
        return sp.csr_matrix((values, ([0] * len(columns), columns)), shape=(1, width))

    eq, rhs, ub, ub_rhs = [], [], [], []
    keyed = {}
    for row in rows:
        cells = sorted({cell_index[c] for c in _cells_of(row, areas) if c in cell_index})
        keyed[(row["indicator"], row["area_code"], row["period"])] = cells
        if row["status"] == "gepubliceerd":
            eq += [vector({row["indicator"]: 1}, cells, "teller"), vector({row["indicator"]: 1}, cells, "noemer")]
            rhs += [row["numerator"], row["denominator"]]
        elif row["status"] == "privacy":
            for count in ("teller", "noemer", "complement"):
                ub.append(-vector({row["indicator"]: 1}, cells, count))
                ub_rhs.append(-THRESHOLD)
        elif row["status"] == "te_klein":
            for count in (told_small or {}).get((row["indicator"], row["area_code"], row["period"]), ()):
                ub.append(vector({row["indicator"]: 1}, cells, count))
                ub_rhs.append(THRESHOLD - 1.0)
    for c in range(n):  # a numerator is at most its denominator; what the definitions imply
        for measure in measures:
            ub.append(-vector({measure: 1}, [c], "complement"))
            ub_rhs.append(0.0)
        for count, coefficients, sense in rules:
            (eq if sense == "==" else ub).append(vector(coefficients, [c], count))
            (rhs if sense == "==" else ub_rhs).append(0.0)
    a_ub, b_ub = sp.vstack(ub).tocsr(), np.array(ub_rhs, dtype=float)
    a_eq, b_eq = sp.vstack(eq).tocsr(), np.array(rhs, dtype=float)
    out = {}
    for area, period, count in targets:
        cells = keyed[(measures[0], area, period)]
        c = vector(difference, cells, count).toarray().ravel()
        low = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        assert low.status == 0 and high.status in (0, 3), (low.message, high.message)
        out[(area, period, count)] = (low.fun, -high.fun if high.status == 0 else math.inf)
    return out


def confined(intervals: dict, truth: dict) -> dict:
    """The targets whose interval may hold a small number and is a single whole number or narrower
    than the protection level, with their interval and true value."""
    found = {}
    for key, (lower, upper) in intervals.items():
        pinned = math.isfinite(upper) and math.floor(upper + 1e-6) - math.ceil(lower - 1e-6) < 1
        if lower < THRESHOLD - 1e-6 and (pinned or upper - lower < LEVEL - 1e-6):
            found[key] = (round(lower, 3), round(upper, 3), truth[key])
    return found


def _differences(results: list[dict]) -> dict[tuple[str, str, str], float]:
    counts = {(r["indicator"], r["area_code"], r["period"]): r for r in results if r["indicator"] in (OUTER, INNER)}
    out = {}
    for (measure, area, period), row in counts.items():
        inner = counts.get((INNER, area, period))
        if measure == OUTER and inner is not None and row["denominator"] is not None:
            out[(area, period, "noemer")] = row["denominator"] - inner["denominator"]
            out[(area, period, "teller")] = row["numerator"] - inner["numerator"]
    return out


def test_both_measures_are_published_where_their_difference_is_not_small(publication):
    published, results = publication
    difference = _differences(results)
    shown = {(r["indicator"], r["area_code"], r["period"]) for r in published if r["status"] == "gepubliceerd"}
    gemeenten = [(a, p) for (a, p, count) in difference if count == "noemer" and a.startswith("GM")]
    side_by_side = [(a, p) for a, p in gemeenten if (OUTER, a, p) in shown and (INNER, a, p) in shown]
    # Never a small difference side by side; yet where it is not small, often both.
    assert all(difference[(a, p, "noemer")] >= THRESHOLD and difference[(a, p, "teller")] >= THRESHOLD
               for a, p in side_by_side)
    large = [(a, p) for a, p in gemeenten if difference[(a, p, "noemer")] >= THRESHOLD]
    assert len(large) >= 20 and len(side_by_side) >= len(large) // 2
    # The inner figure is withheld with its own reason where the difference is small.
    reasons = {r["reason"] for r in published if r["indicator"] == INNER and r["status"] == "privacy"
               and difference.get((r["area_code"], r["period"], "noemer"), THRESHOLD) < THRESHOLD}
    assert any(reason.startswith("Niet getoond om privacyredenen: naast een verwant cijfer") for reason in reasons)


def test_no_small_difference_is_confined_by_a_linear_programme(publication, areas):
    published, results = publication
    rows = [r for r in published if r["indicator"] in (OUTER, INNER)]
    difference = _differences(results)
    small = sorted(key for key, value in difference.items() if 0 <= value < THRESHOLD)
    assert len(small) >= 100  # the data really holds many small differences
    # A sample of them (fixed seed), as CI affords.
    rng = np.random.default_rng(7)
    sample = [small[i] for i in sorted(rng.choice(len(small), size=min(len(small), 150), replace=False))]
    # The attacker sees a difference where both figures are published: all of them, from the exact table.
    exact = [dict(r, status="gepubliceerd") for r in results if r["indicator"] in (OUTER, INNER)]
    for key, (lower, upper) in difference_intervals(exact, areas, sample[:5]).items():
        assert lower == pytest.approx(difference[key]) and upper == pytest.approx(difference[key])
    told = told_small(results, OUTER, INNER)  # and which count of each te_klein figure is small
    assert confined(difference_intervals(rows, areas, sample, told_small=told), difference) == {}


def test_a_second_edition_keeps_the_differences_unknown_beside_the_first(tmp_path, areas):
    """Edition 1 publishes 2016-2020 with its pooled window; a year later edition 2 adds 2021 and
    moves the window to 2017-2021. Last year's window of ks12.a is published for more gemeenten than
    that of ks12.b (withheld where the births at 22-23 weeks are few), so the earlier figures the
    second edition holds as known are not for the same areas for both: the unpublished ones join as
    hidden figures. Both publications set side by side, the independent attacker confines no small
    difference."""
    header, *lines = _counts(areas, np.random.default_rng(2026)).splitlines()
    first = tmp_path / "2016-2020.csv"
    first.write_text("\n".join([header, *(l for l in lines if l.split(",")[2] != "2021")]) + "\n", encoding="utf-8")
    later = tmp_path / "2021.csv"
    later.write_text("\n".join([header, *(l for l in lines if l.split(",")[2] == "2021")]) + "\n", encoding="utf-8")
    db = tmp_path / "store.duckdb"
    editions = []
    for path in (first, later):
        result = CliRunner().invoke(cli, ["import", "--db", str(db), str(path)])
        assert result.exit_code == 0, result.output
        with Store.open(db, read_only=True) as store:
            editions.append((store.query("SELECT * FROM published"), store.query("SELECT * FROM results")))
    (published_one, results_one), (published_two, results_two) = editions
    windows = {r["period"] for r in published_one + published_two if r["period_start"] != r["period_end"]}
    assert windows == {"2016-2020", "2017-2021"}
    shown_before = {(r["indicator"], r["area_code"]) for r in published_one
                    if r["period"] == "2016-2020" and r["status"] == "gepubliceerd"}
    assert {a for m, a in shown_before if m == OUTER} > {a for m, a in shown_before if m == INNER}
    difference = {**_differences(results_one), **_differences(results_two)}
    small = sorted(key for key, value in difference.items() if 0 <= value < THRESHOLD)
    rng = np.random.default_rng(11)
    sample = [small[i] for i in sorted(rng.choice(len(small), size=min(len(small), 120), replace=False))]
    rows = [r for r in published_one + published_two if r["indicator"] in (OUTER, INNER)]
    told = {**told_small(results_one, OUTER, INNER), **told_small(results_two, OUTER, INNER)}
    assert confined(difference_intervals(rows, areas, sample, told_small=told), difference) == {}
    # The audit sets the second edition beside the first as well, the hidden windows included, and
    # attacks the differences there with its own programmes: nothing found.
    audit = CliRunner().invoke(cli, ["audit", "--db", str(db)])
    assert audit.exit_code == 0, audit.output
