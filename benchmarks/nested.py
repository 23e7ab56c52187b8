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

With ``--leave-out M1,M2,...`` it prints instead what the audit's check of such differences
(:func:`kansrijk.disclosure.audit.nested_differences`, from the catalogues' declarations) finds in
the publication with those measures' figures below NL left out, per area level and measure: what a
choice to publish them only for the Netherlands would leave.

Not a test; run it as ``.venv/bin/python benchmarks/nested.py /tmp/demo.duckdb`` after ``kansrijk
demo --db /tmp/demo.duckdb``.
"""

from __future__ import annotations

import argparse
from itertools import permutations
from pathlib import Path

import pandas as pd

from kansrijk.catalogue import Catalogues
from kansrijk.disclosure.audit import nested_differences, sibling_denominators
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


def left_out(store: Store, measures: list[str]) -> None:
    """The audit's findings of nested differences with ``measures`` published only for NL."""
    published = store.con.execute("SELECT * FROM published").df()
    published = published[~(published["indicator"].isin(measures) & (published["area_level"] != "land"))]
    published = published.reset_index(drop=True)
    every = computable(Catalogues.load())
    found = nested_differences(published, every, every, sibling_denominators(published, every))
    level = dict(zip(published["area_code"], published["area_level"]))
    table = pd.DataFrame([(name, level[f.area_code]) for name, findings in found.items() for f in findings],
                         columns=["indicator", "area_level"])
    print(f"{len(table)} findings " + (f"with {', '.join(measures)} only for NL" if measures else "as published"))
    if len(table):
        print(table.value_counts().unstack(fill_value=0).to_string())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--threshold", type=int, default=10)
    parser.add_argument("--leave-out", default=None, help="measures published only for NL, comma-separated")
    args = parser.parse_args()
    if args.leave_out is not None:
        with Store.open(args.store, read_only=True) as store:
            left_out(store, [m for m in args.leave_out.split(",") if m])
        return
    with Store.open(args.store, read_only=True) as store:
        create_record_views(store)
        found = populations()
        pairs = nested_pairs(store, found)
        published = store.con.execute(
            "SELECT indicator, area_code, area_level, period, numerator, denominator FROM published "
            "WHERE status = 'gepubliceerd'").df()
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


if __name__ == "__main__":
    main()
