"""`kansrijk migrate`: a whole DuckDB store into an empty PostgreSQL store, exactly, or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kansrijk.cli import cli
from kansrijk.errors import StoreError
from kansrijk.server.migrate import migrate
from kansrijk.server.pgstore import PgStore, store_tables
from kansrijk.store import Store
from tests.server.stores import duck_rows, pg_meta, pg_rows


def test_migrate_copies_every_table_exactly(pg_url: str, small_store: Path) -> None:
    result = CliRunner().invoke(cli, ["migrate", "--db", str(small_store), "--server", pg_url])
    assert result.exit_code == 0, result.output
    with Store.open(small_store, read_only=True) as duck:
        present = [t.name for t in store_tables() if duck.table_exists(t.name)]
        assert {"imports", "aggregate_rows", "rec_births", "results", "published"} <= set(present)
        for name in present:
            if name == "meta":
                continue
            expected = duck_rows(duck, name)
            assert pg_rows(pg_url, name) == expected, name
            count = f"{len(expected):,}".replace(",", ".")
            assert any(line.split() == [name, count] for line in result.output.splitlines()), name
        for key, value in duck.con.execute("SELECT key, value FROM meta").fetchall():
            assert pg_meta(pg_url, key) == value
        assert len(duck_rows(duck, "rec_births")) == 3 and len(duck_rows(duck, "published")) > 500
        top = max(r[0] for r in duck_rows(duck, "imports"))
    assert pg_meta(pg_url, "results_version") == "1"
    with PgStore.open(pg_url) as pg, pg.transaction() as cur:
        assert pg.add_import(cur, "aggregates", "nieuw.csv", "nieuw", 0) == top + 1  # ids continue


def test_migrate_refuses_a_database_that_is_not_empty(pg_url: str, small_store: Path) -> None:
    with PgStore.open(pg_url) as pg:
        migrate(small_store, pg)
        before = {name: len(pg_rows(pg_url, name)) for name in ("imports", "published", "rec_births")}
        with pytest.raises(StoreError, match="niet leeg"):
            migrate(small_store, pg)
    assert {name: len(pg_rows(pg_url, name)) for name in before} == before
    result = CliRunner().invoke(cli, ["migrate", "--db", str(small_store)], env={"KANSRIJK_SERVER": pg_url})
    assert result.exit_code == 1
    published = f"{before['published']:,}".replace(",", ".")
    assert f"Fout: de PostgreSQL-database is niet leeg ({before['imports']} invoerbestanden en {published} " in result.output
