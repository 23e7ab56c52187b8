"""Benchmark: server mode on a store built by ``kansrijk demo`` (7 million record rows).

Starts a throwaway PostgreSQL 15 cluster (as the tests do, ``tests/pgcluster.py``), or uses the empty
database given with ``--server``, and times

1. ``migrate``: the whole DuckDB store into PostgreSQL, one transaction, counts checked;
2. the first sync of an in-memory working copy (every import copied) and a sync with nothing new;
3. ``recompute`` on PostgreSQL: cold (new working copy, compute, publish) and warm (working copy kept,
   as the server's recomputer does: sync, compute, publish);
4. ``compute`` on a copy of the DuckDB file, in the same run, and the ratios;
5. loading the dashboard data from PostgreSQL (what a server does after a recompute).

Not a test; run it as ``.venv/bin/python benchmarks/server.py /tmp/demo.duckdb``.
"""

from __future__ import annotations

import argparse
import resource
import shutil
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
from kansrijk.pipeline import compute  # noqa: E402
from kansrijk.server.live import LiveWeb  # noqa: E402
from kansrijk.server.migrate import migrate  # noqa: E402
from kansrijk.server.pgstore import PgStore  # noqa: E402
from kansrijk.server.recompute import recompute, recompute_on  # noqa: E402
from kansrijk.server.working import sync, working_copy  # noqa: E402
from kansrijk.store import Store  # noqa: E402

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
    duck = times["compute on the DuckDB file"]
    print(f"warm recompute / DuckDB compute: {times['recompute on PostgreSQL, warm (copy kept)'] / duck:.2f}")
    print(f"cold recompute / DuckDB compute: {times['recompute on PostgreSQL, cold (new copy)'] / duck:.2f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak:,.0f} MB")


if __name__ == "__main__":
    main()
