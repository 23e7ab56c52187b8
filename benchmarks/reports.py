"""Time the factsheets of every current gemeente in HTML and in PDF; prints the figures.

Usage: .venv/bin/python benchmarks/reports.py DB [--pdf] [--workers N] [--limit N]

Prints the time to load the published data, to build and write all HTML factsheets, and (with
``--pdf``) to write HTML and PDF for all of them with N worker processes (default: one per core).
``--limit`` times only the first N gemeenten (a quick look; the targets are for all 342).
Wall-clock time depends on what else runs on the machine; the CPU seconds (this process and its
workers) divided by the number of workers give the time on otherwise idle cores.
Targets: HTML for all 342 gemeenten <= 30 s, PDF <= 5 min on 2 cores.
"""

import argparse
import os
import tempfile
import time
from pathlib import Path

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.publish.context import PublishedData
from kansrijk.publish.reports import render
from kansrijk.store import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--pdf", action="store_true")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    catalogues, areas = Catalogues.load(), AreaRegistry.load()
    codes = [a.code for a in areas.gemeenten()][: args.limit]
    print(f"cores: {os.cpu_count()}; gemeenten: {len(codes)}")
    with Store.open(args.db, read_only=True) as store:
        start = time.perf_counter()
        PublishedData.load(store, "ks")
        print(f"load published data: {time.perf_counter() - start:.1f} s")
        runs = [("html",)] + ([("html", "pdf")] if args.pdf else [])
        for formats in runs:
            workers = args.workers or render.default_workers(formats, len(codes))
            with tempfile.TemporaryDirectory() as out:
                before = os.times()
                start = time.perf_counter()
                if args.limit:
                    made = _some(store, catalogues, areas, codes, Path(out), formats, workers)
                else:
                    made = render.render_reports(store, catalogues, areas, out=Path(out), formats=formats,
                                                 all_gemeenten=True, workers=workers)
                seconds = time.perf_counter() - start
                after = os.times()
                cpu = sum(getattr(after, f) - getattr(before, f)
                          for f in ("user", "system", "children_user", "children_system"))
                size = sum(p.stat().st_size for item in made for p in item.paths) / len(made) / 1024
            print(f"{len(made)} gemeenten, {','.join(formats)}, {workers} worker(s): {seconds:.1f} s wall "
                  f"({seconds / len(made):.3f} s each; {size:.0f} kB per gemeente); CPU {cpu:.1f} s "
                  f"({cpu / len(made):.3f} s each; on {workers} free cores about {cpu / workers:.0f} s)")


def _some(store: Store, catalogues: Catalogues, areas: AreaRegistry, codes: list[str], out: Path,
          formats: tuple[str, ...], workers: int) -> list[render.Rendered]:
    """Time a subset through the same code as ``render_reports`` (one process)."""
    made = []
    data = PublishedData.load(store, "ks")
    job = render._Job(data, catalogues, areas, None, out, formats, None, render.date.today())
    for code in codes:
        made.append(render._write_one(job, code))
    return made


if __name__ == "__main__":
    main()
