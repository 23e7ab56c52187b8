"""The working copy follows PostgreSQL import by import, with every value kept exactly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kansrijk.server.pgstore import PgStore
from kansrijk.server.working import open_copy, sync, working_copy
from tests.server.stores import canonical, duck_rows, pg_rows

ODD_TEXT = 'a,"b"\nc;\\N'


def add_births_import(pg: PgStore, sha: str, rows: list[tuple[object, ...]]) -> int:
    """An import of birth records written straight into PostgreSQL; returns its id."""
    with pg.transaction() as cur:
        import_id = pg.add_import(cur, "births", f"{sha}.csv", sha, len(rows), synthetic=True)
        for source_row, row in enumerate(rows, start=2):
            cur.execute(
                "INSERT INTO rec_births (import_id, source_row, child_id, mother_id, birth_date, gemeente_code, "
                "gestational_age_days, birth_weight_g, sex, vital_status, death_date, start_care_ga_days, "
                "pregnancy_id) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [import_id, source_row, *row],
            )
    return import_id


def add_aggregate_import(pg: PgStore, sha: str) -> int:
    with pg.transaction() as cur:
        import_id = pg.add_import(cur, "aggregates", "tellingen.csv", sha, 2)
        cur.execute(
            "INSERT INTO aggregate_rows VALUES (%s, 2, 'ks13', 'Haarlem', 'GM0392', 2019, 2019, NULL, 60, 1200, "
            "'gepubliceerd'), (%s, 3, 'ks01', 'nl', 'NL01', 2020, 2020, '2020-01-01', NULL, 0.1, 'niet_aangeboden')",
            [import_id, import_id],
        )
    return import_id


FIRST = [
    ("k1", "m1", date(2019, 3, 1), "GM0363", 280, 3500, "M", "levend", None, 60, ""),
    (ODD_TEXT, None, None, None, None, None, None, None, None, None, None),
]
SECOND = [("k2", "m2", date(2020, 1, 5), "GM0518", 200, 900, "F", "doodgeboren", date(2020, 1, 5), None, "p9")]


def test_new_imports_appear_and_deleted_imports_disappear(pg_url: str) -> None:
    with PgStore.open(pg_url) as pg:
        first = add_births_import(pg, "aaa", FIRST)
        agg = add_aggregate_import(pg, "bbb")
        with working_copy(pg) as copy:
            for table in ("imports", "rec_births", "aggregate_rows"):
                assert duck_rows(copy, table) == pg_rows(pg_url, table)
            births = duck_rows(copy, "rec_births")
            assert births == canonical([(first, n, *row) for n, row in enumerate(FIRST, start=2)])
            assert (first, 3, ODD_TEXT, *[None] * 10) in births  # quotes, newline, backslash; NULL stays NULL
            assert births[0][-1] == ""  # an empty string is not NULL

            second = add_births_import(pg, "ccc", SECOND)
            report = sync(pg, copy)
            assert report.added == (second,) and report.removed == ()
            assert duck_rows(copy, "rec_births") == pg_rows(pg_url, "rec_births")
            assert len(duck_rows(copy, "rec_births")) == 3

            with pg.transaction() as cur:
                cur.execute("DELETE FROM rec_births WHERE import_id = %s", [first])
                cur.execute("DELETE FROM imports WHERE import_id = %s", [first])
            report = sync(pg, copy)
            assert report.removed == (first,) and report.added == ()
            assert duck_rows(copy, "rec_births") == canonical([(second, 2, *SECOND[0])])
            assert [r[0] for r in duck_rows(copy, "imports")] == sorted([agg, second])
            assert duck_rows(copy, "aggregate_rows") == pg_rows(pg_url, "aggregate_rows")
            assert duck_rows(copy, "meta", "WHERE key NOT LIKE 'working_copy.%'") == pg_rows(pg_url, "meta")
            assert sync(pg, copy).added == ()


def test_a_cached_copy_copies_only_new_imports(pg_url: str, tmp_path: Path) -> None:
    cache = tmp_path / "werkkopie.duckdb"
    with PgStore.open(pg_url) as pg:
        first = add_births_import(pg, "aaa", FIRST)
        with working_copy(pg, cache) as copy:
            assert len(duck_rows(copy, "rec_births")) == 2
        second = add_births_import(pg, "ccc", SECOND)
        with open_copy(cache) as copy:
            report = sync(pg, copy)
            assert report.added == (second,) and report.removed == ()
            assert duck_rows(copy, "rec_births") == pg_rows(pg_url, "rec_births")
            ids = {r[0] for r in duck_rows(copy, "imports")}
            assert ids == {first, second}
            # a later local import gets an id PostgreSQL has not handed out in the copy
            local = copy.con.execute("SELECT nextval('import_ids')").fetchone()[0]
            assert local > max(ids)


def test_the_ledger_follows_postgresql_and_loses_what_was_never_published(pg_url: str) -> None:
    from datetime import datetime

    with PgStore.open(pg_url) as pg, working_copy(pg) as copy:
        with pg.transaction() as cur:
            cur.execute("INSERT INTO ledger VALUES (%s, 'ks13', 'GM0392', 2019, 2019, NULL, 60, 1000)",
                        [datetime(2024, 1, 1, 12, 0, 0, 123456)])
        sync(pg, copy)
        assert duck_rows(copy, "ledger") == pg_rows(pg_url, "ledger")
        # A figure the copy added but PostgreSQL never received (its publishing failed) goes.
        copy.con.execute("INSERT INTO ledger VALUES (?, 'ks13', 'GM0363', 2019, 2019, NULL, 70, 1000)",
                         [datetime(2025, 1, 1)])
        with pg.transaction() as cur:
            cur.execute("INSERT INTO ledger VALUES (%s, 'ks13', 'GM0518', 2019, 2019, NULL, 80, 1000)",
                        [datetime(2024, 6, 1)])
        sync(pg, copy)
        assert duck_rows(copy, "ledger") == pg_rows(pg_url, "ledger")
        assert len(duck_rows(copy, "ledger")) == 2
