"""Bulk transfer of table rows between PostgreSQL and DuckDB, through CSV.

Both databases read and write CSV at several hundred thousand rows a second, and CSV keeps every
value of the store's column types exactly: ``NULL`` is an unquoted empty field, an empty string a
quoted one (``""``), doubles are written in their shortest exact form, dates and timestamps in ISO.
The rows pass through one temporary file per table.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

import duckdb
import psycopg

from kansrijk.server.pgstore import Table

CHUNK = 1 << 20


def quoted(names: Sequence[str]) -> str:
    """``a, b`` -> ``"a", "b"`` (column lists for both databases)."""
    return ", ".join(f'"{name}"' for name in names)


def pg_output_settings(cur: psycopg.Cursor) -> None:
    """Make PostgreSQL write dates in ISO and doubles exactly (for the current transaction)."""
    cur.execute("SET LOCAL DateStyle = 'ISO, YMD'")
    cur.execute("SET LOCAL extra_float_digits = 1")


def pg_to_duck(cur: psycopg.Cursor, select_sql: str, duck: duckdb.DuckDBPyConnection, table: Table,
               columns: Sequence[str] | None = None) -> int:
    """Insert the rows of a PostgreSQL ``select_sql`` into DuckDB ``table``; returns the row count.

    ``select_sql`` must return ``columns`` (default: every column of ``table``) in that order; call
    :func:`pg_output_settings` once in the transaction first.
    """
    names = list(columns or table.column_names)
    types = {name: kind for name, kind, _ in table.columns}
    with tempfile.TemporaryDirectory(prefix="kansrijk-copy-") as tmp:
        path = Path(tmp) / f"{table.name}.csv"
        with path.open("wb") as out, cur.copy(f"COPY ({select_sql}) TO STDOUT (FORMAT CSV)") as copy:
            for chunk in copy:
                out.write(chunk)
        rows = cur.rowcount
        if rows <= 0:
            return 0
        spec = "{" + ", ".join(f"'{name}': '{types[name]}'" for name in names) + "}"
        duck.execute(
            f'INSERT INTO "{table.name}" ({quoted(names)}) SELECT * FROM read_csv(?, columns = {spec}, '
            "header = false, auto_detect = false, allow_quoted_nulls = false, delim = ',', quote = '\"', "
            "escape = '\"')",
            [str(path)],
        )
    return rows


def duck_to_pg(duck: duckdb.DuckDBPyConnection, select_sql: str, cur: psycopg.Cursor, table: str,
               columns: Sequence[str]) -> int:
    """Insert the rows of a DuckDB ``select_sql`` (returning ``columns``) into PostgreSQL ``table``."""
    with tempfile.TemporaryDirectory(prefix="kansrijk-copy-") as tmp:
        path = Path(tmp) / f"{table}.csv"
        duck.execute(f"COPY ({select_sql}) TO '{path}' (FORMAT CSV, HEADER false)")
        with path.open("rb") as src, cur.copy(f'COPY "{table}" ({quoted(columns)}) FROM STDIN (FORMAT CSV)') as copy:
            while chunk := src.read(CHUNK):
                copy.write(chunk)
        return max(cur.rowcount, 0)
