"""Move a whole DuckDB store into an empty PostgreSQL store (``kansrijk migrate``).

Everything is copied in one PostgreSQL transaction, import ids included: either the target holds the
whole store afterwards, with the row count of every table checked, or it is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import psycopg

from kansrijk.errors import StoreError
from kansrijk.dutch import count
from kansrijk.server.pgstore import IMPORT_LOCK, PgStore, Table, store_tables
from kansrijk.server.transfer import duck_to_pg, quoted
from kansrijk.server.working import RESULTS_VERSION
from kansrijk.store import Store

Progress = Callable[[str], None]
VERIFY_STEP = "controleren"


def migrate_steps() -> tuple[str, ...]:
    """The progress steps of :func:`migrate`: one per table, then the check."""
    return (*(t.name for t in store_tables()), VERIFY_STEP)


def migrate(duckdb_path: Path, pg: PgStore, progress: Progress | None = None) -> dict[str, int]:
    """Copy every store table of the DuckDB file into ``pg``; returns the row count per table.

    Refuses (:class:`StoreError`) when ``pg`` already holds imports or results. ``meta`` is merged
    (the file's keys win) and ``results_version`` is raised, so running servers reload.
    """
    step = progress or (lambda _msg: None)
    counts: dict[str, int] = {}
    with Store.open(duckdb_path, read_only=True) as duck, pg.transaction() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])  # no import meanwhile
        _refuse_filled(cur)
        present = [t for t in store_tables() if duck.table_exists(t.name)]
        for table in present:
            step(table.name)
            if table.name == "meta":
                rows = duck.con.execute("SELECT key, value FROM meta").fetchall()
                for key, value in rows:
                    pg.set_meta(str(key), value, cur)
                counts["meta"] = len(rows)
                continue
            columns = _shared_columns(duck, table)
            select = f'SELECT {quoted(columns)} FROM "{table.name}"'
            counts[table.name] = duck_to_pg(duck.con, select, cur, table.name, columns)
        step(VERIFY_STEP)
        _verify(duck, cur, present, counts)
        cur.execute(
            "SELECT setval(pg_get_serial_sequence('imports', 'import_id'), "
            "coalesce((SELECT max(import_id) FROM imports), 0) + 1, false)"
        )
        version = int(duck.get_meta(RESULTS_VERSION) or 0) + 1
        pg.set_meta(RESULTS_VERSION, str(version), cur)
    return counts


def _refuse_filled(cur: psycopg.Cursor) -> None:
    filled = []
    for name, label in (("imports", "invoerbestanden"), ("published", "gepubliceerde resultaten")):
        row = cur.execute(f"SELECT count(*) FROM {name}").fetchone()
        if row and row[0]:
            filled.append(f"{count(row[0])} {label}")
    if filled:
        raise StoreError(
            f"de PostgreSQL-database is niet leeg ({' en '.join(filled)}); "
            "migreren kan alleen naar een lege database"
        )


def _shared_columns(duck: Store, table: Table) -> list[str]:
    """The table's columns that the DuckDB file has (an older file may lack a newer column)."""
    have = {r["column_name"] for r in duck.query(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND table_schema = 'main'",
        [table.name],
    )}
    return [name for name in table.column_names if name in have]


def _verify(duck: Store, cur: psycopg.Cursor, tables: list[Table], counts: dict[str, int]) -> None:
    """Compare the row count of every copied table in both databases; raise on any difference."""
    wrong = []
    for table in tables:
        if table.name == "meta":
            keys = [r[0] for r in duck.con.execute("SELECT key FROM meta").fetchall()]
            row = cur.execute("SELECT count(*) FROM meta WHERE key = ANY(%s)", [keys]).fetchone()
            expected = len(keys)
        else:
            row = cur.execute(f'SELECT count(*) FROM "{table.name}"').fetchone()
            src = duck.con.execute(f'SELECT count(*) FROM "{table.name}"').fetchone()
            expected = int(src[0]) if src else 0
        found = int(row[0]) if row else 0
        if found != expected or counts[table.name] != expected:
            wrong.append(f"{table.name}: {count(found)} van {count(expected)} rijen")
    if wrong:
        raise StoreError("migratie afgebroken, aantallen kloppen niet: " + "; ".join(wrong))
