"""The suite's independent linear-programme attacker of the differences between measures whose
populations nest, on a whole store (the national demo).

For each pair below (written from the definitions in the catalogues, not from the product's
disclosure control), a random sample of area-period keys where the true difference is below 10
(``--sample`` per pair and count; fixed seed) is attacked with
:func:`tests.features.test_disclosure_nested_lp.difference_intervals`, which is written from the
published table and the public area membership only, with what the definitions imply in every cell:
the inner population within the outer one (denominators, and numerators and complements where both
count the same condition), a part within its whole among the same persons (denominators equal), Big2
within its two parts, the four definitions of Big2 together (the births in neither ks12.b nor
ks12.c, the stillbirths at 22-23 weeks) and the three characteristics of vulnerable households
with any of them (their overlap); a programme over four measures is slow: ``--only "+ ks12.d"`` or
``--only "ks11.a +"`` with a small ``--sample``. Prints per pair and count how many differences were attacked, how many were
confined (pinned to one value, or narrower than the protection level while they may be small), the
narrowest interval, and the time.

Not a test; run it as ``.venv/bin/python benchmarks/nested_attack.py DEMO.duckdb``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import tests.features.test_disclosure_lp_attack as lp_attack  # noqa: E402
import tests.features.test_disclosure_nested_lp as attacker  # noqa: E402
from kansrijk.areas import AreaRegistry  # noqa: E402
from kansrijk.store import Store  # noqa: E402

COUNTS = ("noemer", "teller", "complement")
# (outer, inner, counts that nest): births from 24 weeks within those from 22, live births within all
# (the same condition counted among both: numerators and complements nest too); perinatal death
# among births from 24 weeks (hl01) and early care among first children (hl02) count another one.
POPULATIONS = [
    ("ks12.a", "ks12.b", COUNTS), ("ks12.a", "ks12.c", COUNTS), ("ks12.a", "ks12.d", COUNTS),
    ("ks12.b", "ks12.d", COUNTS), ("ks12.c", "ks12.d", COUNTS), ("ks12.a", "hl03", COUNTS),
    ("ks12.a", "hl01", ("noemer",)), ("ks07", "hl02", ("noemer",)),
]
# (whole, part) among the same persons: preterm birth and small for gestational age are Big2, low
# income, single parenthood and parents' debts are vulnerabilities, the mother's debts are parents'.
PARTS = [("ks12.a", "ks12.vroeg"), ("ks12.a", "ks12.klein"), ("ks11.d", "ks11.a"), ("ks11.d", "ks11.b"),
         ("ks11.d", "ks11.c"), ("ks11.c", "ks08"), ("ks11.d", "ks08")]


def cases() -> list[tuple[str, dict[str, int], list, list[str]]]:
    """(label, difference, rules, counts attacked) per difference."""
    out = []
    for outer, inner, counts in POPULATIONS:
        rules = [(c, {inner: 1, outer: -1}, "<=") for c in counts]
        out.append((f"{outer} - {inner}", {outer: 1, inner: -1}, rules, [c for c in counts if c != "complement"]))
    for whole, part in PARTS:
        rules = [("noemer", {part: 1, whole: -1}, "=="), ("teller", {part: 1, whole: -1}, "<=")]
        out.append((f"{whole} - {part}", {whole: 1, part: -1}, rules, ["teller"]))
    both = {"ks12.vroeg": 1, "ks12.klein": 1, "ks12.a": -1}
    rules = [("noemer", {p: 1, "ks12.a": -1}, "==") for p in ("ks12.vroeg", "ks12.klein")]
    rules += [("teller", {p: 1, "ks12.a": -1}, "<=") for p in ("ks12.vroeg", "ks12.klein")]
    rules += [("teller", {"ks12.a": 1, "ks12.vroeg": -1, "ks12.klein": -1}, "<=")]
    out.append(("ks12.vroeg + ks12.klein - ks12.a", both, rules, ["teller"]))
    # The four definitions of Big2 together: every nesting among them at once, and the births in
    # ks12.a in neither ks12.b nor ks12.c (the stillbirths at 22-23 weeks) at least 0.
    a, b, c, d = "ks12.a", "ks12.b", "ks12.c", "ks12.d"
    neither = {a: 1, b: -1, c: -1, d: 1}
    rules = [(count, {inner: 1, outer: -1}, "<=") for outer, inner in ((a, b), (a, c), (b, d), (c, d))
             for count in COUNTS]
    rules += [(count, {m: -v for m, v in neither.items()}, "<=") for count in COUNTS]
    out.append(("ks12.a - ks12.b - ks12.c + ks12.d", neither, rules, ["noemer", "teller"]))
    # The three characteristics of vulnerable households and any of them: the children with two of
    # them plus twice those with all three (rule 6 in docs/disclosure.md).
    parts = ("ks11.a", "ks11.b", "ks11.c")
    overlap = {**{p: 1 for p in parts}, "ks11.d": -1}
    rules = [("noemer", {p: 1, "ks11.d": -1}, "==") for p in parts]
    rules += [("teller", {p: 1, "ks11.d": -1}, "<=") for p in parts]
    rules += [("teller", {m: -v for m, v in overlap.items()}, "<=")]
    out.append(("ks11.a + ks11.b + ks11.c - ks11.d", overlap, rules, ["teller"]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--sample", type=int, default=30, help="small differences attacked per pair and count")
    parser.add_argument("--only", help="attack only the differences whose label holds this text")
    parser.add_argument("--told-small", action="store_true", help="a te_klein figure's small count is at most 9")
    args = parser.parse_args()
    areas = AreaRegistry.load()
    with Store.open(args.store, read_only=True) as store:
        published = store.query("SELECT * FROM published")
        results = store.query("SELECT * FROM results")
    exact = {(r["indicator"], r["area_code"], r["period"]): r for r in results if r["numerator"] is not None}
    for label, difference, rules, counts in cases():
        if args.only and args.only not in label:
            continue
        started = time.perf_counter()
        rows = [r for r in published if r["indicator"] in difference]
        keys = {(r["area_code"], r["period"]) for r in rows}
        truth = {}
        for area, period in keys:
            figures = [exact.get((m, area, period)) for m in difference]
            if all(f is not None and f["denominator"] is not None for f in figures):
                for count in counts:
                    column = "numerator" if count == "teller" else "denominator"
                    truth[(area, period, count)] = sum(c * f[column] for c, f in zip(difference.values(), figures))
        rng = np.random.default_rng(2026)
        targets = []
        for count in counts:
            small = sorted(k for k, v in truth.items() if k[2] == count and 0 <= v < attacker.THRESHOLD)
            targets += [small[i] for i in sorted(rng.choice(len(small), min(len(small), args.sample), replace=False))]
        told = lp_attack.told_small(results, *difference) if args.told_small else None
        intervals = attacker.difference_intervals(rows, areas, targets, difference, rules, told) if targets else {}
        found = attacker.confined(intervals, truth)
        narrowest = min((hi - lo for lo, hi in intervals.values()), default=float("nan"))
        print(f"{label:36} attacked {len(targets):4}  confined {len(found):3}  narrowest {narrowest:7.2f}  "
              f"{time.perf_counter() - started:6.1f} s", flush=True)
        for key, value in sorted(found.items())[:5]:
            print("    ", key, value)


if __name__ == "__main__":
    main()
