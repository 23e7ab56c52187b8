"""Benchmark: national recompute of every indicator from the synthetic demo records.

Builds the demo store once (generate + import; reused when the store file exists), then times

1. the engine: ``kansrijk.pipeline.compute(store, catalogues, areas)`` (all indicators, every area
   level, intervals, benchmarks, trends, disclosure), step by step: a first edition (on a copy of the
   store with an empty ledger) and a second edition on top of it, and
2. a straightforward pandas implementation as an analyst would write it: read the record files, then
   loop over years and gemeenten and count numerator and denominator of the same record indicators.

Prints both times, their ratio, the peak memory of the process and the machine's load (the load
average before and after, and the CPU count: on a machine whose speed drifts, a time means little
without it). With ``--against REV`` it then measures the editions of this tree and of the git
revision REV in turns, in processes of their own, and prints both per step (see
``benchmarks/editions.py``). Not a test; run it as
``.venv/bin/python benchmarks/recompute.py [--store PATH] [--seed N] [--against REV [--runs N]] [--engine-only]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pandas as pd

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.disclosure.workers import stop_fork_server
from kansrijk.pipeline import COMPUTED_INPUTS, compute
from kansrijk.engine.records import record_counts
from kansrijk.store import Store

if TYPE_CHECKING:
    from kansrijk.demo.generate import DemoFiles

# The demo generator is imported only where it is used: the worker processes of disclosure control
# import this script's top-level imports when they start (multiprocessing runs the main module in
# each), and importing the generator takes about a second, which the CLI's processes never pay.

HOFTIEZER = Path(__file__).parents[1] / "src/kansrijk/data/references/hoftiezer_2019_birthweight_percentiles_by_day.csv"
IOTF = Path(__file__).parents[1] / "src/kansrijk/data/references/iotf_cole2000_table4.csv"


def build_store(store_path: Path, data_dir: Path, seed: int, areas: AreaRegistry, catalogues: Catalogues) -> DemoFiles:
    """Generate the demo files into ``data_dir`` and import them into a new store at ``store_path``."""
    from kansrijk.demo import generate_demo
    from kansrijk.demo.pipeline import import_demo

    files = generate_demo(data_dir, seed=seed)
    with Store.open(store_path) as store:
        import_demo(store, files, catalogues, areas)
    return files


def analyst_counts(files: DemoFiles) -> pd.DataFrame:
    """Numerator and denominator per indicator, gemeente and year with plain pandas loops."""
    births = _read(files.births)
    households = _read(files.households)
    children = _read(files.children)
    jgz = _read(files.jgz)
    p10 = pd.read_csv(HOFTIEZER)[["sex", "ga_days", "p10"]]
    births["year"] = pd.to_datetime(births["birth_date"]).dt.year
    births["day"] = births["gestational_age_days"].clip(upper=294)
    births = births.merge(p10, left_on=["sex", "day"], right_on=["sex", "ga_days"], how="left", suffixes=("", "_c"))
    births["sga"] = (births["birth_weight_g"] < births["p10"]).fillna(False)
    births["preterm"] = births["gestational_age_days"] < 259
    births["live"] = births["vital_status"] == "levend"
    births["first"] = ~births.duplicated("pregnancy_id")
    jgz["year"] = pd.to_datetime(jgz["contact_date"]).dt.year
    iotf = pd.read_csv(IOTF)
    rows = []
    for year in sorted(births["year"].unique()):
        b_year = births[births["year"] == year]
        h_year = households[households["birth_year"] == year]
        c_year = children[children["year"] == year]
        j_year = jgz[jgz["year"] == year]
        for code in sorted(b_year["gemeente_code"].unique()):
            b = b_year[b_year["gemeente_code"] == code]
            ge22 = b[b["gestational_age_days"] >= 154]
            ge24 = b[b["gestational_age_days"] >= 168]
            big2 = ge22["preterm"] | ge22["sga"]
            rows.append(("ks12.a", code, year, int(big2.sum()), len(ge22)))
            rows.append(("ks12.b", code, year, int((ge24["preterm"] | ge24["sga"]).sum()), len(ge24)))
            live22 = ge22[ge22["live"]]
            rows.append(("ks12.c", code, year, int((live22["preterm"] | live22["sga"]).sum()), len(live22)))
            rows.append(("ks12.vroeg", code, year, int(ge22["preterm"].sum()), len(ge22)))
            rows.append(("ks12.klein", code, year, int(ge22["sga"].sum()), len(ge22)))
            preg = ge22[ge22["first"]]
            rows.append(("ks07", code, year, int((preg["start_care_ga_days"] > 70).sum()), len(preg)))
            h = h_year[h_year["gemeente_code"] == code]
            rows.append(("ks08", code, year, int(h["mother_debt"].sum()), len(h)))
            rows.append(("ks10", code, year, int((~h["kraamzorg"].astype(bool)).sum()), len(h)))
            rows.append(("ks11.a", code, year, int((h["income_percentile"] < 10).sum()), len(h)))
            c = c_year[c_year["gemeente_code"] == code]
            placed = c["youth_protection"].astype(bool) & c["residential_care"].astype(bool)
            rows.append(("ks15", code, year, int(placed.sum()), len(c)))
            j = j_year[j_year["gemeente_code"] == code]
            if len(j):
                known = j[j["vw_zinnen"].notna() & j["vw_lichaamsdelen"].notna()]
                negative = (known["vw_zinnen"] == "-") & (known["vw_lichaamsdelen"] == "-")
                rows.append(("ks13", code, year, int(negative.sum()), len(known)))
                age = j["age_days"] / 365.25
                cut = np.where(
                    j["sex"] == "M",
                    np.interp(age, iotf[iotf.sex == "M"].age_years, iotf[iotf.sex == "M"].overweight),
                    np.interp(age, iotf[iotf.sex == "F"].age_years, iotf[iotf.sex == "F"].overweight),
                )
                bmi = j["weight_kg"] / (j["height_cm"] / 100) ** 2
                rows.append(("ks14", code, year, int((bmi >= cut).sum()), len(j)))
    return pd.DataFrame(rows, columns=["indicator", "area_code", "year", "numerator", "denominator"])


def _read(path: Path) -> pd.DataFrame:
    # Parquet through DuckDB: pyarrow is not a dependency.
    return duckdb.connect().execute(f"SELECT * FROM '{path}'").df()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=Path(tempfile.gettempdir()) / "kansrijk-benchmark.duckdb")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument(
        "--engine",
        choices=("compute", "counts"),
        default="compute",
        help="compute: the whole recompute; counts: only the record counts (engine.records.record_counts)",
    )
    parser.add_argument("--against", help="a git revision (the previous commit, say) to measure in turns with")
    parser.add_argument("--runs", type=int, default=3, help="runs of each version with --against")
    parser.add_argument("--engine-only", action="store_true", help="leave out the pandas loops")
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    data_dir = args.store.with_suffix(".data")
    areas = AreaRegistry.load()
    catalogues = Catalogues.load()
    if args.build:
        build_store(args.store, data_dir, args.seed, areas, catalogues)
        return

    names = ("births.parquet", "households.parquet", "children.parquet", "jgz.parquet", "programma.csv",
             "regio_tellingen.csv", "vragenlijst_professionals.csv")
    if args.store.exists():
        print(f"store hergebruikt: {args.store}")
    else:
        # Built in a process of its own, so that generating and importing leave this process (and
        # the fork server of disclosure control, forked from it) as small as a compute's.
        started = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--store", str(args.store), "--seed", str(args.seed), "--build"],
                       check=True)
        print(f"store gebouwd in {time.perf_counter() - started:.1f} s: {args.store}")

    print(_load("voor de metingen"), flush=True)
    if args.engine == "compute":
        # A first edition on a copy that has never computed (no ledger, no earlier results to reuse),
        # then a second edition on top of it with unchanged inputs (every figure of the first is then
        # known to the attacker, and an unchanged measure is published as it was).
        edition = args.store.with_suffix(".edition.duckdb")
        shutil.copyfile(args.store, edition)
        store = Store.open(edition)
        with store.transaction() as con:
            for table in ("ledger", "results", "published"):
                con.execute(f"DELETE FROM {table}")
            con.execute("DELETE FROM meta WHERE key = ?", [COMPUTED_INPUTS])
        for name in ("eerste editie", "tweede editie"):
            steps: list[tuple[str, float]] = []

            def step(label: str, steps: list[tuple[str, float]] = steps) -> None:
                steps.append((label, time.perf_counter()))

            started = time.perf_counter()
            n_rows = compute(store, catalogues, areas, progress=step)
            steps.append(("einde", time.perf_counter()))
            print(f"{name}:")
            for (label, at), (_, until) in zip(steps, steps[1:]):
                print(f"  {label:45s} {until - at:8.2f} s", flush=True)
            if name == "eerste editie":
                engine_s = time.perf_counter() - started
        store.close()
        edition.unlink()
        label = "engine (compute, alle indicatoren en niveaus, eerste editie)"
    else:
        store = Store.open(args.store)
        started = time.perf_counter()
        n_rows = len(record_counts(store, catalogues.measures(), areas))
        engine_s = time.perf_counter() - started
        store.close()
        label = "engine (record_counts, telling per gemeente)"
    print(f"{label}: {engine_s:8.2f} s  ({n_rows} rijen)", flush=True)
    stop_fork_server()  # waited for, the fork server and the processes forked from it count as children
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"piekgeheugen tot hier (engine): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; "
          f"grootste werkproces van de onthullingscontrole: {children:.0f} MB", flush=True)
    print(_load("na de engine"), flush=True)
    if args.against:
        from editions import compare  # this script's folder is first on sys.path

        print(f"\nin beurten met {args.against}, elke run een eigen proces:", flush=True)
        compare(args.store, args.against, args.runs)
        print(_load("na de vergelijking"), flush=True)
    if args.engine_only:
        return

    # The record files of the store's seed, for the loops (generated again when they are gone).
    from kansrijk.demo import generate_demo
    from kansrijk.demo.generate import DemoFiles

    if all((data_dir / name).exists() for name in names):
        files = DemoFiles(*(data_dir / name for name in names))
    else:
        files = generate_demo(data_dir, seed=args.seed)
    started = time.perf_counter()
    counts = analyst_counts(files)
    pandas_s = time.perf_counter() - started

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pandas-lussen (alleen telling per gemeente):  {pandas_s:8.2f} s  ({len(counts)} rijen)")
    print(f"verhouding pandas / engine: {pandas_s / engine_s:.1f}x")
    print(f"piekgeheugen proces: {peak_mb:.0f} MB")


def _load(moment: str) -> str:
    one, five, _ = os.getloadavg()
    return f"belasting van de machine {moment}: {one:.2f} (1 min), {five:.2f} (5 min) op {os.cpu_count()} cores"


if __name__ == "__main__":
    main()
