"""Benchmark: what the worst files of the corpus cost before they are refused.

Each case runs in a fresh process (``python benchmarks/hostile.py --case NAME``), so its peak memory is
its own; the first row is that same process doing nothing but importing kansrijk (the baseline).
Prints per case the wall time, the peak resident memory and the outcome. Not a test; run it as
``.venv/bin/python benchmarks/hostile.py``. Targets (issue: hostile input): under 5 s and 500 MB each.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).parents[1] / "tests" / "fixtures" / "corpus"
CASES = [
    "agg_zip_bomb_300_mb.xlsx",
    "agg_bomb_under_the_size_limit.xlsx",
    "upload_bomb_under_the_size_limit.xlsx",
    "upload_zip_bomb_30_mb.xlsx",
    "upload_20001_rows.csv",
    "agg_3000_unknown_gemeenten.csv",
    "agg_line_without_end.csv",
    "agg_cell_of_20000_characters.csv",
    "agg_60_worksheets.xlsx",
    "agg_ok_sheet_claiming_a_million_rows.xlsx",
    "births_cell_of_5000_characters.csv",
]


def run_case(name: str) -> dict[str, object]:
    from kansrijk.areas import AreaRegistry
    from kansrijk.catalogue import Catalogues
    from kansrijk.errors import InputError
    from kansrijk.intake.aggregates import parse_aggregates
    from kansrijk.intake.records import import_records
    from kansrijk.portal.validation import check_upload
    from kansrijk.store import Store

    areas, catalogues = AreaRegistry.load(), Catalogues.load()
    started = time.perf_counter()
    outcome = "niets (basislijn)"
    if name != "baseline":
        path = CORPUS / name
        try:
            with tempfile.TemporaryDirectory() as folder:
                if name.startswith("upload_"):
                    rows = len(check_upload(name, path.read_bytes(), Path(folder), catalogues, areas).file.rows)
                elif name.startswith("births_"):
                    with Store.open(Path(folder) / "s.duckdb") as store:
                        rows = sum(o.rows for o in import_records(store, "births", [path], areas=areas))
                else:
                    rows = len(parse_aggregates(path, catalogues, areas).rows)
            outcome = f"ingelezen: {rows} rijen"
        except InputError as exc:
            outcome = f"geweigerd: {exc.problems[0].message[:60]}"
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"case": name, "seconds": seconds, "peak_mb": peak, "outcome": outcome}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", default=None)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case)))
        return
    print(f"{'geval':45s} {'seconden':>9s} {'piek MB':>8s}  uitkomst")
    for name in ["baseline", *CASES]:
        out = subprocess.run([sys.executable, __file__, "--case", name], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{r['case']:45s} {r['seconds']:9.2f} {r['peak_mb']:8.0f}  {r['outcome']}", flush=True)


if __name__ == "__main__":
    main()
