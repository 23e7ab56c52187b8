"""The throwaway PostgreSQL cluster the server-mode tests run against."""

from __future__ import annotations

import psycopg


def test_fresh_database_is_postgresql_15_and_empty(pg_url: str) -> None:
    with psycopg.connect(pg_url) as con:
        version = con.execute("SHOW server_version_num").fetchone()[0]
        tables = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()[0]
    assert 150000 <= int(version) < 160000
    assert tables == 0
