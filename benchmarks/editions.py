"""Benchmark: a first and a second edition of the national recompute, step by step, in turns with
another version of kansrijk (a git revision), both measured in the same run.

Every run is a process of its own (``--once STORE`` prints the step times of one run as JSON): a
first edition on a copy of STORE with an empty ledger, then a second edition with unchanged inputs.
The comparison runs this tree and REV (checked out in a temporary git worktree, first on
``PYTHONPATH``) in turns, RUNS times each, after one run of each that is not counted (it compiles
and caches what a first run of a version compiles), and prints per step the median of both, and
the ratio of the whole edition per pair. On a machine whose speed drifts, only ratios within one run
compare.

Not a test; run it as ``.venv/bin/python benchmarks/editions.py --store STORE --against REV``
(STORE: a national demo store, e.g. from ``kansrijk demo --db STORE``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EDITIONS = ("eerste editie", "tweede editie")
WHOLE = "hele editie"


def once(store_path: Path) -> dict[str, dict[str, float]]:
    """The seconds of each step of a first and a second edition on a copy of ``store_path``."""
    from kansrijk.areas import AreaRegistry
    from kansrijk.catalogue import Catalogues
    from kansrijk.pipeline import COMPUTED_INPUTS, compute
    from kansrijk.store import Store

    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "edition.duckdb"
        shutil.copyfile(store_path, copy)
        catalogues, areas = Catalogues.load(), AreaRegistry.load()
        out: dict[str, dict[str, float]] = {}
        with Store.open(copy) as store:
            with store.transaction() as con:
                for table in ("ledger", "results", "published"):
                    con.execute(f"DELETE FROM {table}")
                con.execute("DELETE FROM meta WHERE key = ?", [COMPUTED_INPUTS])
            for edition in EDITIONS:
                marks: list[tuple[str, float]] = []
                started = time.perf_counter()
                compute(store, catalogues, areas, progress=lambda label: marks.append((label, time.perf_counter())))
                marks.append(("", time.perf_counter()))
                out[edition] = {label: until - at for (label, at), (_, until) in zip(marks, marks[1:])}
                out[edition][WHOLE] = marks[-1][1] - started
    return out


def _run(source: Path, store: Path) -> dict[str, dict[str, float]]:
    """One run in a process of its own with the kansrijk of ``source`` (a ``src`` folder)."""
    env = {**os.environ, "PYTHONPATH": str(source)}
    done = subprocess.run([sys.executable, __file__, "--once", str(store)], env=env, check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def compare(store: Path, against: str, runs: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        other = Path(scratch) / "other"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(other), against],
                       check=True)
        try:
            versions = {"nu": ROOT / "src", against: other / "src"}
            for source in versions.values():
                _run(source, store)  # not counted
            found: dict[str, list[dict[str, dict[str, float]]]] = {name: [] for name in versions}
            for _ in range(runs):
                for name, source in versions.items():
                    found[name].append(_run(source, store))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(other)], check=True)
    now, then = found["nu"], found[against]
    for edition in EDITIONS:
        print(f"{edition} (mediaan van {runs} runs, s):")
        print(f"  {'stap':45s} {'nu':>8s} {against[:12]:>12s}")
        for step in now[0][edition]:
            ours = statistics.median(run[edition][step] for run in now)
            theirs = statistics.median(run[edition].get(step, float("nan")) for run in then)
            print(f"  {step:45s} {ours:8.2f} {theirs:12.2f}")
        wholes = [(a[edition][WHOLE], b[edition][WHOLE]) for a, b in zip(now, then)]
        ratios = sorted(a / b for a, b in wholes)
        print(f"  hele editie nu {min(a for a, _ in wholes):.2f}-{max(a for a, _ in wholes):.2f} s, "
              f"{against[:12]} {min(b for _, b in wholes):.2f}-{max(b for _, b in wholes):.2f} s; "
              f"verhouding per paar {ratios[0]:.2f}-{ratios[-1]:.2f} (mediaan {statistics.median(ratios):.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a national demo store")
    parser.add_argument("--against", help="the git revision to measure in turns with this tree")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--once", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.once:
        print(json.dumps(once(args.once)))
    elif args.store and args.against:
        compare(args.store, args.against, args.runs)
    else:
        parser.error("--store en --against zijn nodig")


if __name__ == "__main__":
    main()
