"""Time the factsheets of every current gemeente in HTML and in PDF; prints the figures.

Usage: .venv/bin/python benchmarks/reports.py DB [--pdf]
"""

import sys
import tempfile
import time
from pathlib import Path

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.publish.reports.render import render_reports
from kansrijk.store import Store


def main(db: Path, pdf: bool) -> None:
    catalogues, areas = Catalogues.load(), AreaRegistry.load()
    formats = ("html", "pdf") if pdf else ("html",)
    with Store.open(db, read_only=True) as store, tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        made = render_reports(store, catalogues, areas, out=Path(out), formats=formats, all_gemeenten=True)
        seconds = time.perf_counter() - start
    print(f"{len(made)} gemeenten, formats {','.join(formats)}: {seconds:.1f} s ({seconds / len(made):.3f} s each)")


if __name__ == "__main__":
    main(Path(sys.argv[1]), "--pdf" in sys.argv)
