"""One session-scoped store for the web tests, and a running server on a free loopback port.

The store holds synthetic aggregate counts for every current gemeente, 2019-2021, for ks08 (debts)
and the Big2 variants ks12.a and ks12.b (within ks12.a: fewer than 10 births at 22-23 weeks in every
gemeente), imported as synthetic and computed by the real pipeline.
Schiermonnikoog (GM0088) gets fewer births than any disclosure threshold, so its figures are
suppressed in ``published``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.pipeline import compute
from kansrijk.intake.importer import import_aggregates
from kansrijk.publish.web.app import create_app
from kansrijk.publish.web.pages import WebData
from kansrijk.store import Store
from tests.serving import serving

YEARS = (2019, 2020, 2021)
TINY_GEMEENTE = "GM0088"  # Schiermonnikoog
MEASURES = {"ks08": 0.05, "ks12.a": 0.11}
EARLY = 0.002  # births at 22-23 weeks, among all


def write_counts(path: Path, areas: AreaRegistry, seed: int = 5) -> Path:
    """Random counts per gemeente of each year (the division of that year); the tiny gemeente has 4 births a year."""
    rng = np.random.default_rng(seed)
    lines = ["indicator,gebied,periode,teller,noemer"]
    for year in YEARS:
        for gemeente in areas.gemeenten(year):
            births = 4 if gemeente.code == TINY_GEMEENTE else int(rng.integers(60, 2500))
            for measure, share in MEASURES.items():
                if measure != "ks12.b":
                    lines.append(f"{measure},{gemeente.code},{year},{int(rng.binomial(births, share))},{births}")
            # ks12.b: the births from 24 weeks, Big2 among them; a few at 22-23 weeks (all Big2) are
            # in ks12.a only, never 10 in a gemeente.
            early = min(int(rng.binomial(births, EARLY)), 9)
            big2 = int(lines[-1].split(",")[3])  # ks12.a's
            lines.append(f"ks12.b,{gemeente.code},{year},{max(big2 - early, 0)},{births - early}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def build_store(folder: Path) -> Path:
    """A computed DuckDB store in ``folder`` from :func:`write_counts`."""
    catalogues, areas = Catalogues.load(), AreaRegistry.load()
    db = folder / "web.duckdb"
    with Store.open(db) as store:
        import_aggregates(store, [write_counts(folder / "counts.csv", areas)], catalogues, areas, synthetic=True)
        compute(store, catalogues, areas)
    return db


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="session")
def web(web_db: Path) -> WebData:
    with Store.open(web_db, read_only=True) as store:
        return WebData.load(store)


@pytest.fixture(scope="session")
def server(web: WebData) -> Iterator[str]:
    """The app served by uvicorn in a thread on 127.0.0.1; yields the base URL."""
    with serving(create_app(web)) as base:
        yield base
