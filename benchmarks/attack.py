"""The suite's independent linear-programme attacker on a whole store (the national demo).

For each measure named (or group of measures joined by ``+``, which are attacked together with one
denominator per cell, as measures counting outcomes among the same persons share it), a random
sample of at most 100 ``te_klein`` figures (``--sample``; fixed seed) is attacked
with :func:`tests.features.test_disclosure_lp_attack.attack`, which is written from the published
table and the public area membership only. Prints per measure how many small counts were attacked,
how many were exposed (an interval narrower than the catalogue's protection level that may hold a
small number) or pinned to one
value, the narrowest interval any of them got beside the catalogue's own protection level (the
regional set publishes partner counts exactly and protects at 1), and the time. Counts a catalogue
publishes rounded are read back from the values published beside them
(:func:`~tests.features.test_disclosure_lp_attack.counts_from_values`). The sample of each
measure is drawn with its own seed, so it does not depend on the other measures named.

With ``--implied`` the attacker of a group also knows, in every cell, what the definitions of its
measures imply between their numerators (:data:`IMPLIED`): a birth that counts as preterm counts in
Big2, a household with a low income is vulnerable, a mother with debts is a parent with debts, a child
placed out of home has youth protection.

With ``--told-small`` the attacker also reads the status: a ``te_klein`` figure has a count below 10,
and where its other counts cannot be (the store's exact counts say which is small; an attacker
finds it by bounding the others) that count is at most 9.

Not a test; run it as ``.venv/bin/python benchmarks/attack.py DEMO.duckdb ks12.a ks15 ks15+vw01``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import tests.features.test_disclosure_lp_attack as attacker  # noqa: E402
from kansrijk.areas import AreaRegistry  # noqa: E402
from kansrijk.catalogue import Catalogues  # noqa: E402
from kansrijk.store import Store  # noqa: E402

SAMPLE = 100
# (measure, parts): the measure's numerator is at most the sum of those of its parts, in every cell,
# by the definitions of the national set (docs/records.md): Big2 is preterm OR small for gestational
# age; vulnerable_any is low_income OR single_parent OR parent_debt; placed needs youth_protection.
IMPLIED = [
    ("ks12.vroeg", ["ks12.a"]), ("ks12.klein", ["ks12.a"]), ("ks12.a", ["ks12.vroeg", "ks12.klein"]),
    ("ks11.a", ["ks11.d"]), ("ks11.b", ["ks11.d"]), ("ks11.c", ["ks11.d"]), ("ks11.d", ["ks11.a", "ks11.b", "ks11.c"]),
    ("ks08", ["ks11.c"]),
    ("ks15", ["vw01"]),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("measures", nargs="+")
    parser.add_argument("--implied", action="store_true", help="add what the definitions imply (IMPLIED)")
    parser.add_argument("--sample", type=int, default=SAMPLE, help="te_klein figures attacked per group")
    parser.add_argument("--told-small", action="store_true", help="a te_klein figure's small count is at most 9")
    args = parser.parse_args()
    solved = []
    solver = attacker.linprog

    def recording(*a, **k):  # type: ignore[no-untyped-def]
        result = solver(*a, **k)
        solved.append(result)
        return result

    attacker.linprog = recording
    areas = AreaRegistry.load()
    with Store.open(args.store, read_only=True) as store:
        published = store.query("SELECT * FROM published")
        results = store.query("SELECT * FROM results")
    catalogues = Catalogues.load()
    for group in args.measures:
        members = group.split("+")
        rng = random.Random(f"2026:{group}")
        rounding = max(catalogues.measure(m).rounding for m in members)
        rows = attacker.counts_from_values([r for r in published if r["indicator"] in members], rounding)
        small = {key: counts for m in members for key, counts in attacker._small_counts(results, m).items()}
        hidden = [(r["indicator"], r["area_code"], r["period"]) for r in rows if r["status"] == "te_klein"]
        sample = set(rng.sample(hidden, min(args.sample, len(hidden))))
        small = {key: (counts if key in sample else set()) for key, counts in small.items()}
        for r in rows:
            small.setdefault((r["indicator"], r["area_code"], r["period"]), set())
        solved.clear()
        start = time.perf_counter()
        level = min(catalogues.measure(m).protection for m in members)
        told = attacker.told_small(results, *members) if args.told_small else None
        found = attacker.attack(rows, areas, small, level, IMPLIED if args.implied else [], told)
        widths = [-high.fun - low.fun for low, high in zip(solved[0::2], solved[1::2])
                  if low.status == 0 and high.status == 0]
        narrowest = f"{min(widths):.2f}" if widths else "-"
        print(f"{group}: {len(hidden)} te_klein, {len(sample)} sampled, {len(widths)} counts attacked, "
              f"exposed {len(found)}, pinned {sum(1 for f in found if f[5] - f[4] < 1)}, narrowest interval "
              f"{narrowest} (protection level {level}), {time.perf_counter() - start:.0f} s", flush=True)

if __name__ == "__main__":
    main()
