"""The PostgreSQL store has the DuckDB store's tables and columns, and keeps imports apart."""

from __future__ import annotations

import pytest

from kansrijk.errors import StoreError
from kansrijk.server.pgstore import PgStore
from kansrijk.store import RESULT_COLUMNS, Store


def test_every_duckdb_table_exists_with_the_same_columns(pg_url: str) -> None:
    with PgStore.open(pg_url) as pg:
        pg_cols = {}
        for row in pg.query(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"
        ):
            pg_cols.setdefault(row["table_name"], []).append(row["column_name"])
    assert pg_cols["results"] == list(RESULT_COLUMNS) == pg_cols["published"]
    assert pg_cols["imports"][:3] == ["import_id", "kind", "file_name"]
    for table in ("aggregate_rows", "registry_facts", "rec_births", "rec_children", "rec_households", "rec_jgz"):
        assert pg_cols[table][0] == "import_id"
    with Store.open(":memory:") as duck:
        duck_agg = [r["column_name"] for r in duck.query(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'aggregate_rows' "
            "ORDER BY ordinal_position")]
    assert pg_cols["aggregate_rows"] == duck_agg


def test_rows_of_one_import_and_newer_ledger_rows_are_found_by_index(pg_url: str) -> None:
    """A working copy reads the rows of new imports only; without an index on import_id that scans
    every record row of the database."""
    with PgStore.open(pg_url) as pg:
        with_import_id = {r["table_name"] for r in pg.query(
            "SELECT table_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND column_name = 'import_id' AND table_name <> 'imports'"
        )}
        leading = {(r["table"], r["column"]) for r in pg.query(
            "SELECT t.relname AS table, a.attname AS column FROM pg_index i "
            "JOIN pg_class t ON t.oid = i.indrelid "
            "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0] "
            "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'public'"
        )}
    assert {"rec_births", "rec_children", "rec_households", "rec_jgz", "aggregate_rows"} <= with_import_id
    assert {t for t in with_import_id if (t, "import_id") not in leading} == set()
    assert ("ledger", "published_at") in leading


def test_open_twice_is_idempotent_and_imports_are_unique(pg_url: str) -> None:
    with PgStore.open(pg_url) as pg:
        with pg.transaction() as cur:
            first = pg.add_import(cur, "aggregates", "a.csv", "abc", 3)
    with PgStore.open(pg_url) as pg:
        assert pg.get_meta("schema_version") == "1"
        with pytest.raises(StoreError, match="PostgreSQL"):
            with pg.transaction() as cur:
                pg.add_import(cur, "aggregates", "b.csv", "abc", 3)
        with pg.transaction() as cur:
            second = pg.add_import(cur, "aggregates", "c.csv", "def", 3)
        assert second > first
        assert [r["file_name"] for r in pg.query("SELECT file_name FROM imports ORDER BY import_id")] == ["a.csv", "c.csv"]


def test_unreachable_server_is_a_dutch_store_error() -> None:
    with pytest.raises(StoreError, match="PostgreSQL-database 127.0.0.1:1/x"):
        PgStore.open("postgresql://u:geheim@127.0.0.1:1/x")
