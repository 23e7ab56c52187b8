"""The suite's independent attacker on last year's and this year's editions together, at national scale.

From a national demo store's exact results it makes last year's edition and this year's beside it,
as :mod:`benchmarks.new_year` does (this year's protected with last year's published figures, exact
counts, as the store's ledger keeps them), and gives both publications to
:func:`tests.features.test_disclosure_lp_attack.attack` at once: an attacker who kept last year's
figures holds the equations of both. Per measure (or group joined by ``+``, solved together) a
random sample of this year's ``te_klein`` figures is attacked (``--sample``; fixed seed), with the
small count of each known to be at most 9 (``--told-small`` of ``benchmarks/attack.py``, always on)
and counts published rounded read back from their values. Prints per group how many were exposed or
pinned and the time. ``tests/features/test_disclosure_editions.py`` does the same on a small data
set in the suite. With ``--without-ledger`` this year's edition is protected on its own, as if
last year's were unknown: the attack then shows what setting the editions side by side gives away.

Not a test; run it as ``.venv/bin/python benchmarks/editions_attack.py STORE ks13 ks10 ks15+vw01``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import tests.features.test_disclosure_lp_attack as attacker  # noqa: E402
from benchmarks.new_year import last_year  # noqa: E402
from kansrijk.areas import AreaRegistry  # noqa: E402
from kansrijk.catalogue import Catalogues  # noqa: E402
from kansrijk.disclosure import apply_disclosure  # noqa: E402
from kansrijk.engine.compute import computable  # noqa: E402
from kansrijk.store import LEDGER_KEYS, Store  # noqa: E402

SAMPLE = 150


def _rows(frame: pd.DataFrame) -> list[dict]:
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("measures", nargs="+")
    parser.add_argument("--sample", type=int, default=SAMPLE, help="te_klein figures of this year attacked per group")
    parser.add_argument("--without-ledger", action="store_true",
                        help="protect this year's edition on its own, as if last year's were unknown (to see the attack work)")
    args = parser.parse_args()
    catalogues, areas = Catalogues.load(), AreaRegistry.load()
    measures = computable(catalogues)
    with Store.open(args.store, read_only=True) as store:
        results = store.con.execute("SELECT * FROM results").df()
    before = last_year(results)
    started = time.perf_counter()
    first = apply_disclosure(before, measures, areas)
    keys = LEDGER_KEYS[:5]
    ledger = first[first["status"] == "gepubliceerd"][keys].merge(
        before[keys + ["numerator", "denominator"]], on=keys, how="left")[LEDGER_KEYS]
    second = apply_disclosure(results, measures, areas, earlier=None if args.without_ledger else ledger)
    print(f"both editions made in {time.perf_counter() - started:.0f} s", flush=True)
    exact = _rows(before) + _rows(results)
    for group in args.measures:
        members = group.split("+")
        base = max(catalogues.measure(m).rounding for m in members)
        rows = [row for edition in (first, second)
                for row in attacker.counts_from_values(_rows(edition[edition["indicator"].isin(members)]), base)]
        small = {key: counts for m in members for key, counts in attacker._small_counts(exact, m).items()}
        hidden = sorted({(r["indicator"], r["area_code"], r["period"]) for r in _rows(second)
                         if r["indicator"] in members and r["status"] == "te_klein"})
        sample = set(random.Random(f"2026:{group}").sample(hidden, min(args.sample, len(hidden))))
        small = {key: (counts if key in sample else set()) for key, counts in small.items()}
        for row in rows:
            small.setdefault((row["indicator"], row["area_code"], row["period"]), set())
        level = min(catalogues.measure(m).protection for m in members)
        started = time.perf_counter()
        found = attacker.attack(rows, areas, small, level, [], attacker.told_small(exact, *members))
        print(f"{group}: {len(sample)} of {len(hidden)} te_klein figures attacked, exposed {len(found)}, "
              f"pinned {sum(1 for f in found if f[5] - f[4] < 1)}, {time.perf_counter() - started:.0f} s", flush=True)
        for finding in found[:10]:
            print("   ", finding)


if __name__ == "__main__":
    main()
