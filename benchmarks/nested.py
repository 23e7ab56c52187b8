"""Benchmark: small populations that follow from two published figures whose populations nest.

Two measures counted from the same records, where the population of one (its denominator, or its
numerator) lies within that of the other, publish between them the size of the difference: all
births from 24 weeks (ks12.b) less the live births from 24 weeks (ks12.d) are the stillbirths from 24
weeks, per gemeente and year. Disclosure control protects each measure's own counts; this measures
what such differences give away.

Which populations nest is read from the records themselves (a population is within another when no
record is in the first and not in the second, and some record is in the second only): an attacker
has the definitions, which say the same. Per nested pair it prints the rows (area and period) where
both figures are published, and of those the rows where the difference is below the measure's
threshold: 1 up to the threshold, and 0.

Then, per measure that disclosure control withholds per gemeente for such a difference
(docs/disclosure.md, rule 6), how many of the withheld gemeente figures the published figures of the
same measure give back by linear algebra (the gemeente's cell in the span of the published sums of
its period, by matrix rank, written apart from ``kansrijk.disclosure``).

Not a test; run it as ``.venv/bin/python benchmarks/nested.py /tmp/demo.duckdb`` after ``kansrijk
demo --db /tmp/demo.duckdb``.
"""

from __future__ import annotations

import argparse
from itertools import permutations
from pathlib import Path

import numpy as np
import pandas as pd

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.disclosure import LEVEL_WITHHELD, REASONS
from kansrijk.engine.compute import computable
from kansrijk.engine.records import count_plan, create_record_views
from kansrijk.store import Store


def populations() -> dict[tuple[str, str], list[tuple[str, str]]]:
    """Per (view, condition) of a population, the (measure, count) pairs it is the population of:
    ``denominator`` or ``numerator``."""
    found: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for measure in computable(Catalogues.load()).values():
        plan = count_plan(measure)
        if plan is None:
            continue
        found.setdefault((plan.view, f"({plan.denominator})"), []).append((measure.id, "denominator"))
        found.setdefault((plan.view, f"({plan.counted})"), []).append((measure.id, "numerator"))
    return found


def nested_pairs(store: Store, found: dict[tuple[str, str], list[tuple[str, str]]]) -> list[tuple[str, str, str]]:
    """The (view, outer, inner) conditions whose records nest (the inner's within the outer's)."""
    pairs = []
    for view in sorted({view for view, _ in found}):
        conditions = [condition for v, condition in found if v == view]
        ordered = list(permutations(conditions, 2))
        if not ordered:
            continue
        counts = ", ".join(f"count_if(coalesce({a}, false) AND NOT coalesce({b}, false))" for a, b in ordered)
        outside = store.con.execute(f"SELECT {counts} FROM {view}").fetchone()
        only = dict(zip(ordered, outside))
        pairs += [(view, a, b) for a, b in ordered if only[(b, a)] == 0 and only[(a, b)] > 0]
    return pairs


def derivable(store: Store) -> pd.DataFrame:
    """Per measure with figures withheld per gemeente: how many of them lie in the span of the
    measure's published figures of the same period (current gemeenten as cells)."""
    published = store.con.execute(
        "SELECT indicator, area_code, area_level, period, status, reason FROM published").df()
    withheld = published[(published["reason"] == REASONS[LEVEL_WITHHELD]) & (published["area_level"] == "gemeente")]
    members: dict[str, set[str]] = {}
    for area, member in AreaRegistry.load().membership():
        members.setdefault(area, set()).add(member)
    rows = []
    for indicator, hidden in withheld.groupby("indicator"):
        mine = published[published["indicator"] == indicator]
        cells = sorted(mine.loc[mine["area_level"] == "gemeente", "area_code"].unique())
        column = {code: i for i, code in enumerate(cells)}
        given_back = 0
        for period, shown in mine[mine["status"] == "gepubliceerd"].groupby("period"):
            sums = np.zeros((len(shown), len(cells)))
            for i, (code, level) in enumerate(zip(shown["area_code"], shown["area_level"])):
                for member in [code] if level == "gemeente" else members.get(code, ()):
                    if member in column:
                        sums[i, column[member]] = 1
            rank = np.linalg.matrix_rank(sums)
            for code in hidden.loc[hidden["period"] == period, "area_code"]:
                cell = np.zeros((1, len(cells)))
                cell[0, column[code]] = 1
                given_back += int(np.linalg.matrix_rank(np.vstack([sums, cell])) == rank)
        rows.append({"measure": indicator, "withheld per gemeente": len(hidden), "given back by published sums": given_back})
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--threshold", type=int, default=10)
    args = parser.parse_args()
    with Store.open(args.store, read_only=True) as store:
        create_record_views(store)
        found = populations()
        pairs = nested_pairs(store, found)
        published = store.con.execute(
            "SELECT indicator, area_code, area_level, period, numerator, denominator FROM published "
            "WHERE status = 'gepubliceerd'").df()
        given_back = derivable(store)
    keys = ["area_code", "area_level", "period"]
    rows = []
    for view, outer, inner in pairs:
        # Denominators against denominators, numerators against numerators: a measure's numerator
        # within its own denominator is its complement, which disclosure control protects.
        for (m_out, count), (m_in, inner_count) in ((a, b) for a in found[(view, outer)] for b in found[(view, inner)]):
            if count != inner_count:
                continue
            both = published[published["indicator"] == m_out][[*keys, count]].merge(
                published[published["indicator"] == m_in][[*keys, count]], on=keys, suffixes=("_out", "_in"))
            difference = both[f"{count}_out"] - both[f"{count}_in"]
            small = difference.between(1, args.threshold - 1)
            rows.append({
                "outer": f"{m_out} {count}", "inner": f"{m_in} {count}", "both published": len(both),
                f"1-{args.threshold - 1}": int(small.sum()), "0": int((difference == 0).sum()),
                f"of which gemeente, 1-{args.threshold - 1}": int((small & (both["area_level"] == "gemeente")).sum()),
            })
    print(pd.DataFrame(rows).sort_values(["outer", "inner"]).to_string(index=False))
    print()
    print(given_back.to_string(index=False) if len(given_back) else "nothing withheld per gemeente")


if __name__ == "__main__":
    main()
