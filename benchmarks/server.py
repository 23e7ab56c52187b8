"""Benchmark: server mode on a store built by ``kansrijk demo`` (7 million record rows).

Starts a throwaway PostgreSQL 15 cluster (as the tests do, ``tests/pgcluster.py``), or uses the empty
database given with ``--server``, and times

1. ``migrate``: the whole DuckDB store into PostgreSQL, one transaction, counts checked;
2. the first sync of an in-memory working copy (every import copied) and a sync with nothing new;
3. ``recompute`` on PostgreSQL: cold (new working copy, compute, publish) and warm (working copy kept,
   as the server's recomputer does: sync, compute, publish);
4. ``compute`` on a copy of the DuckDB file, in the same run, and the ratios;
5. loading the dashboard data from PostgreSQL (what a server does after a recompute);
6. a partner's approved figure: the approval's import, the server's recompute with its working copy
   kept (only the touched measure, :func:`kansrijk.pipeline.changed_measures`) and the dashboard
   reload, against the same approval recomputed in full (as before measures were recomputed
   selectively: every measure, disclosure reused for unchanged ones, every row published);
7. ``kansrijk import --server`` of a one-row file as a new process, with the working copy kept
   between commands (``$KANSRIJK_CACHE``), against the same command with a new copy.

Not a test; run it as ``.venv/bin/python benchmarks/server.py /tmp/demo.duckdb``.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kansrijk.areas import AreaRegistry  # noqa: E402
from kansrijk.catalogue import Catalogues  # noqa: E402
from kansrijk.intake.importer import import_aggregates  # noqa: E402
from kansrijk.pipeline import compute  # noqa: E402
from kansrijk.server.intake import importing_into  # noqa: E402
from kansrijk.server.live import LiveWeb  # noqa: E402
from kansrijk.server.migrate import migrate  # noqa: E402
from kansrijk.server.pgstore import PgStore  # noqa: E402
from kansrijk.server.recompute import publish, recompute, recompute_on  # noqa: E402
from kansrijk.server.working import CACHE_ENV, sync, working_copy  # noqa: E402
from kansrijk.store import Store  # noqa: E402

KANSRIJK = str(Path(sys.executable).with_name("kansrijk"))

T = TypeVar("T")


def timed(label: str, action: Callable[[], T], times: dict[str, float]) -> T:
    start = time.perf_counter()
    result = action()
    times[label] = time.perf_counter() - start
    print(f"{label:<46} {times[label]:7.1f} s", flush=True)
    return result


@contextmanager
def database(url: str | None) -> Iterator[str]:
    """The given URL, or a fresh database in a throwaway cluster."""
    if url:
        yield url
        return
    from tests.pgcluster import running_cluster

    clusters = running_cluster()
    cluster = next(clusters)
    try:
        yield cluster.new_database()
    finally:
        clusters.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path, help="a DuckDB store made by 'kansrijk demo'")
    parser.add_argument("--server", default=None, help="an empty PostgreSQL database (default: a throwaway cluster)")
    args = parser.parse_args()
    catalogues, areas = Catalogues.load(), AreaRegistry.load()
    times: dict[str, float] = {}
    with database(args.server) as url, PgStore.open(url) as pg:
        counts = timed("migrate (DuckDB file -> PostgreSQL)", lambda: migrate(args.store, pg), times)
        records = sum(n for name, n in counts.items() if name.startswith("rec_"))
        print(f"    {sum(counts.values()):,} rows, of which {records:,} record rows", flush=True)
        copy = timed("working copy: first sync (in memory)", lambda: working_copy(pg, published=False), times)
        timed("working copy: sync, nothing new", lambda: sync(pg, copy, published=False), times)
        timed("recompute on PostgreSQL, warm (copy kept)", lambda: recompute_on(pg, copy, catalogues, areas), times)
        copy.close()
        timed("recompute on PostgreSQL, cold (new copy)", lambda: recompute(pg, catalogues, areas), times)
        with tempfile.TemporaryDirectory(prefix="kansrijk-bench-") as tmp:
            local = Path(tmp) / "demo.duckdb"
            shutil.copyfile(args.store, local)
            with Store.open(local) as store:
                timed("compute on the DuckDB file", lambda: compute(store, catalogues, areas), times)
        live = timed("dashboard data loaded from PostgreSQL", lambda: LiveWeb(url, catalogues, areas), times)
        live.close()
        with tempfile.TemporaryDirectory(prefix="kansrijk-bench-") as tmp:
            approvals(pg, url, Path(tmp), catalogues, areas, times)
    duck = times["compute on the DuckDB file"]
    print(f"warm recompute / DuckDB compute: {times['recompute on PostgreSQL, warm (copy kept)'] / duck:.2f}")
    print(f"cold recompute / DuckDB compute: {times['recompute on PostgreSQL, cold (new copy)'] / duck:.2f}")
    approval = sum(times[k] for k in ("approval: import", "approval: recompute, touched measure only",
                                      "approval: dashboard reload"))
    before = sum(times[k] for k in ("approval: import", "approval: recompute, every measure",
                                    "approval: dashboard reload"))
    print(f"approval to public page: {approval:.1f} s (every measure recomputed: {before:.1f} s, "
          f"ratio {approval / before:.2f})")
    small, new_copy = times["import --server, one row, copy kept"], times["import --server, one row, new copy"]
    print(f"import --server of a small file: {small:.1f} s (new copy: {new_copy:.1f} s, ratio {small / new_copy:.2f})")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak:,.0f} MB")


KEPT_RUNS = 7


def approvals(pg: PgStore, url: str, tmp: Path, catalogues: Catalogues, areas: AreaRegistry,
              times: dict[str, float]) -> None:
    """A partner's one-cell submission, approved twice (touched measure only, then every measure), and a
    one-row ``import --server`` as a new process (working copy kept, then new)."""
    copy = working_copy(pg, published=False)
    recompute_on(pg, copy, catalogues, areas)  # the server's copy after its first recompute

    def approve(numerator: int) -> None:
        path = tmp / f"inzending_{numerator}.csv"
        path.write_text(f"indicator;gebied;periode;teller;noemer\ngm08.phb;Renkum;2023;{numerator};40\n",
                        encoding="utf-8")
        with importing_into(pg, copy) as session:
            import_aggregates(session.store, [path], catalogues, areas, synthetic=True)
            session.commit()

    timed("approval: import", lambda: approve(25), times)
    timed("approval: recompute, touched measure only", lambda: recompute_on(pg, copy, catalogues, areas), times)
    timed("approval: dashboard reload", lambda: LiveWeb(url, catalogues, areas).close(), times)
    approve(26)

    def every_measure() -> None:
        sync(pg, copy, inputs=True, published=False)
        compute(copy, catalogues, areas)
        publish(pg, copy)

    timed("approval: recompute, every measure", every_measure, times)
    copy.close()
    env = {**os.environ, CACHE_ENV: str(tmp / "cache")}

    def one_row(numerator: int) -> None:
        path = tmp / f"bestand_{numerator}.csv"
        path.write_text(f"indicator;gebied;periode;teller;noemer\ngm08.phb;Renkum;2023;{numerator};40\n",
                        encoding="utf-8")
        subprocess.run([KANSRIJK, "import", "--server", url, "--synthetic", str(path)], env=env, check=True,
                       capture_output=True)

    timed("import --server, one row, new copy", lambda: one_row(27), times)
    # one process start is noisy: the copy-kept figure is the median of KEPT_RUNS imports of new files
    runs = []
    for numerator in range(28, 28 + KEPT_RUNS):
        start = time.perf_counter()
        one_row(numerator)
        runs.append(time.perf_counter() - start)
    times["import --server, one row, copy kept"] = statistics.median(runs)
    print(f"{'import --server, one row, copy kept':<46} {statistics.median(runs):7.1f} s  "
          f"(median of {KEPT_RUNS}; min {min(runs):.1f}, max {max(runs):.1f})", flush=True)


if __name__ == "__main__":
    main()
