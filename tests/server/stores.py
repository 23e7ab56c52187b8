"""Stores and comparisons for the server-mode tests.

Table contents are compared as sorted lists of plain tuples read with each database's own client
(psycopg for PostgreSQL, duckdb for DuckDB), so a comparison does not go through the transfer code
under test.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import psycopg

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.pipeline import compute
from kansrijk.intake.importer import import_aggregates
from kansrijk.intake.records import import_records
from kansrijk.server.intake import importing
from kansrijk.server.pgstore import PgStore, store_tables
from kansrijk.store import Store
from tests.intake.births import BIRTHS_HEADER, GOOD_BIRTHS, TwoGemeenten

BIRTHS = [BIRTHS_HEADER, *GOOD_BIRTHS]


def write_year_counts(path: Path, areas: AreaRegistry, measure: str, year: int, seed: int = 11) -> Path:
    """Random counts of one measure for every gemeente in one year (a quick input to compute)."""
    rng = np.random.default_rng(seed)
    lines = ["indicator,gebied,periode,teller,noemer"]
    for gemeente in areas.gemeenten(year):
        children = int(rng.integers(80, 3000))
        lines.append(f"{measure},{gemeente.code},{year},{int(rng.binomial(children, 0.06))},{children}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def build_small_store(folder: Path) -> Path:
    """A computed DuckDB store: synthetic counts of ks08 and ks13 for every gemeente, three birth records."""
    catalogues, areas = Catalogues.load(), AreaRegistry.load()
    db = folder / "small.duckdb"
    births = folder / "geboorten.csv"
    births.write_text("\n".join(BIRTHS) + "\n", encoding="utf-8")
    with Store.open(db) as store:
        counts = [write_year_counts(folder / "ks08.csv", areas, "ks08", 2020),
                  write_year_counts(folder / "ks13.csv", areas, "ks13", 2021)]
        import_aggregates(store, counts, catalogues, areas, synthetic=True)
        import_records(store, "births", [births], synthetic=True, areas=TwoGemeenten())
        compute(store, catalogues, areas)
    return db


def import_on_server(pg: PgStore, paths: list[Path], catalogues: Catalogues, areas: AreaRegistry) -> None:
    """Import synthetic aggregate files into PostgreSQL the way ``kansrijk import --server`` does."""
    with importing(pg) as session:
        import_aggregates(session.store, paths, catalogues, areas, synthetic=True)
        session.commit()


def plain(value: Any) -> Any:
    """One value in a form both clients agree on (NaN and None are both missing)."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def canonical(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return sorted((tuple(plain(v) for v in row) for row in rows), key=repr)


def columns_of(table: str) -> list[str]:
    return next(t.column_names for t in store_tables() if t.name == table)


def pg_rows(url: str, table: str, where: str = "") -> list[tuple[Any, ...]]:
    cols = ", ".join(f'"{c}"' for c in columns_of(table))
    with psycopg.connect(url) as con:
        return canonical(con.execute(f'SELECT {cols} FROM "{table}" {where}').fetchall())


def duck_rows(store: Store, table: str, where: str = "") -> list[tuple[Any, ...]]:
    cols = ", ".join(f'"{c}"' for c in columns_of(table))
    return canonical(store.con.execute(f'SELECT {cols} FROM "{table}" {where}').fetchall())


def pg_meta(url: str, key: str) -> str | None:
    with psycopg.connect(url) as con:
        row = con.execute("SELECT value FROM meta WHERE key = %s", [key]).fetchone()
    return None if row is None else row[0]
