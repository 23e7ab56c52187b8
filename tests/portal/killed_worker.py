"""A portal client that test_kill.py kills with SIGKILL: it submits big uploads and approves them in an
endless loop, printing ``ready`` once set up (and ``approved <id>`` on stderr after each round).

Run as ``python -c "from tests.portal.killed_worker import main; main(URL, NAME, FILES)"`` from the
repository; FILES are prepared uploads (see :func:`big_upload`), sent in turn.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.portal import accounts, review, submissions
from kansrijk.server.pgstore import PgStore

REGION = "GG2514"  # GGD Regio Utrecht: the largest GGD region
YEARS = range(2015, 2025)
COUNTS = ("gm07.a", "gm07.b")
PERCENTAGES = ("gm08.phb", "gm08.voorzorg", "gm08.so_prenataal", "gm08.so_postnataal")


def big_upload(areas: AreaRegistry, measures: tuple[str, ...], seed: int) -> bytes:
    """Every measure x gemeente (of each year's division in the region) x year, as a CSV."""
    from kansrijk.portal.template import template_gemeenten

    lines = ["indicator;gebied;periode;teller;noemer"]
    for year in YEARS:
        for n, gemeente in enumerate(template_gemeenten(areas, [REGION], year)):
            for measure in measures:
                denominator = 100 + n if measure in PERCENTAGES else ""
                lines.append(f"{measure};{gemeente.code};{year};{(n + seed) % 50};{denominator}")
    return ("\n".join(lines) + "\n").encode()


def main(url: str, name: str, files: list[str]) -> None:
    uploads = [Path(f).read_bytes() for f in files]
    catalogues, areas = Catalogues.load(), AreaRegistry.load()
    with PgStore.open(url) as pg:
        partner = next(u for u in accounts.users(pg) if u.email == f"{name}@partner.example")
        coordinator = next(u for u in accounts.users(pg) if u.role == "coordinator")
        print("ready", flush=True)
        round_ = 0
        while True:
            made = submissions.submit_file(pg, partner, "groot.csv", uploads[round_ % len(uploads)],
                                           f"{os.getpid()}-{round_}", catalogues, areas)
            review.approve(pg, coordinator, made.id, None, catalogues, areas)
            print(f"approved {made.id}", file=sys.stderr, flush=True)
            round_ += 1
