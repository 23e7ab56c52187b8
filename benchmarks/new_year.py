"""Benchmark: disclosure control of the yearly edition that adds a year, beside last year's.

From a national demo store's exact results it makes last year's edition (every year but the last,
the pooled window ending the year before, summed from the years) and protects it with an empty
ledger; then this year's (the store's results, the window moved by a year) with last year's
published figures as the ledger, as a recompute after importing a new year does. Prints the time
of each, the counts of the statuses and, per edition, the checks that took longest. The second
edition holds last year's figures as known (they cannot be hidden again) and last year's windows
beside this year's: more rows and fewer choices.

Not a test; run it as ``.venv/bin/python benchmarks/new_year.py STORE [MEASURE ...]``
(STORE: a national demo store, e.g. from ``kansrijk demo --db STORE``; default every measure).
"""

from __future__ import annotations

import argparse
import os
import time

import pandas as pd

import kansrijk.disclosure.secondary as secondary
from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.disclosure import apply_disclosure
from kansrijk.engine.compute import computable
from kansrijk.store import LEDGER_KEYS, Store


def last_year(results: pd.DataFrame) -> pd.DataFrame:
    """The results as last year's edition had them: each measure's last year left out, each pooled
    window ending then moved back a year (summed from the years; none where a year is missing)."""
    last = results.groupby("indicator")["period_end"].transform("max")
    single = results[results["period_start"] == results["period_end"]]
    windows = results[(results["period_end"] == last) & (results["period_start"] < results["period_end"])]
    out = [results[results["period_end"] < last]]
    moved = windows.assign(period_start=windows["period_start"] - 1, period_end=windows["period_end"] - 1)
    for (start, end), rows in moved.groupby(["period_start", "period_end"]):
        years = single[single["period_start"].between(start, end)]
        sums = years.groupby(["indicator", "area_code"])[["numerator", "denominator"]].sum(min_count=int(end - start) + 1)
        rows = rows.drop(columns=["numerator", "denominator"]).merge(sums.reset_index(), on=["indicator", "area_code"])
        out.append(rows.assign(period=f"{start}-{end}")[results.columns])
    return pd.concat(out, ignore_index=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("measures", nargs="*")
    args = parser.parse_args()
    catalogues, areas = Catalogues.load(), AreaRegistry.load()
    measures = computable(catalogues)
    with Store.open(args.store, read_only=True) as store:
        results = store.con.execute("SELECT * FROM results").df()
    if args.measures:
        results = results[results["indicator"].isin(args.measures)].reset_index(drop=True)
    timings: list[tuple[float, str, int]] = []
    check = secondary._one_measure

    def timed(*job: object) -> object:
        started = time.process_time()
        found = check(*job)
        timings.append((time.process_time() - started, job[6].id, len(job[0])))  # type: ignore[attr-defined]
        return found

    secondary._one_measure = timed  # in this process (below the size where worker processes start)
    secondary.PARALLEL_FROM = 10**9
    print(f"load before: {os.getloadavg()[0]:.2f}, cpus: {os.cpu_count()}; checks in one process")
    earlier = None
    for name, frame in (("last year's edition", last_year(results)), ("this year's edition", results)):
        timings.clear()
        started = time.perf_counter()
        out = apply_disclosure(frame, measures, areas, earlier=earlier)
        took = time.perf_counter() - started
        statuses = ", ".join(f"{s} {n}" for s, n in out["status"].value_counts().items())
        print(f"{name}: {took:.1f} s, {len(frame)} rows ({statuses})")
        for seconds, job, rows in sorted(timings, reverse=True)[:5]:
            print(f"  {seconds:6.2f} s  {job} ({rows} rows)")
        # The ledger keeps the exact counts of what was published (Store.replace_results).
        keys = LEDGER_KEYS[:5]
        earlier = out[out["status"] == "gepubliceerd"][keys].merge(
            frame[keys + ["numerator", "denominator"]], on=keys, how="left")[LEDGER_KEYS]
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
