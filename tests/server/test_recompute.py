"""Recompute on PostgreSQL gives what compute on DuckDB gives; readers never see half a recompute."""

from __future__ import annotations

import threading
from pathlib import Path

import psycopg
from click.testing import CliRunner

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.cli import cli
from kansrijk.pipeline import compute
from kansrijk.intake.importer import import_aggregates
from kansrijk.server.pgstore import RECOMPUTE_LOCK, PgStore
from kansrijk.server.recompute import Recomputer, recompute
from kansrijk.server.working import open_copy, sync
from kansrijk.store import Store
from tests.server.stores import duck_rows, import_on_server, pg_meta, pg_rows, write_year_counts


def test_import_and_compute_on_the_server_equal_compute_on_duckdb(pg_url: str, tmp_path: Path) -> None:
    catalogues, areas = Catalogues.load(), AreaRegistry.load()
    counts = write_year_counts(tmp_path / "counts.csv", areas, "ks08", 2020)
    extra = write_year_counts(tmp_path / "ks13.csv", areas, "ks13", 2021)
    db = tmp_path / "ref.duckdb"
    with Store.open(db) as store:
        import_aggregates(store, [counts, extra], catalogues, areas, synthetic=True)
        compute(store, catalogues, areas)

    runner = CliRunner()
    env = {"KANSRIJK_SERVER": pg_url}
    first = runner.invoke(cli, ["import", "--no-compute", "--synthetic", str(counts)], env=env)
    assert first.exit_code == 0, first.output
    second = runner.invoke(cli, ["import", "--synthetic", str(extra), str(counts)], env=env)
    assert second.exit_code == 0, second.output
    assert "counts.csv: al eerder ingelezen, overgeslagen" in second.output
    assert pg_meta(pg_url, "results_version") == "1"

    with Store.open(db, read_only=True) as store:
        for table in ("results", "published"):
            assert pg_rows(pg_url, table) == duck_rows(store, table)
        expected_imports = [r[1:4] for r in duck_rows(store, "imports")]  # kind, file, sha256
        expected_rows = [r[1:] for r in duck_rows(store, "aggregate_rows")]  # without the import id
    assert [r[1:4] for r in pg_rows(pg_url, "imports")] == expected_imports
    assert sorted(r[1:] for r in pg_rows(pg_url, "aggregate_rows")) == sorted(expected_rows)

    on_server = runner.invoke(cli, ["export", "--format", "csv", "--area", "GM0363"], env=env)
    on_file = runner.invoke(cli, ["export", "--db", str(db), "--format", "csv", "--area", "GM0363"], env=env)
    assert on_server.exit_code == 0 and on_file.exit_code == 0
    assert on_server.output == on_file.output and "GM0363" in on_server.output


def signature(cur: psycopg.Cursor) -> tuple[object, ...]:
    """One statement, one snapshot: the results version with the size and sum of both result tables."""
    row = cur.execute(
        "SELECT (SELECT value FROM meta WHERE key = 'results_version'), "
        "(SELECT count(*) FROM published), (SELECT sum(value) FROM published), "
        "(SELECT count(*) FROM results), (SELECT sum(numerator) FROM results)"
    ).fetchone()
    assert row is not None
    return tuple(row)


def test_a_reader_during_recompute_sees_the_old_or_the_new_results(pg_url: str, tmp_path: Path) -> None:
    catalogues, areas = Catalogues.load(), AreaRegistry.load()
    with PgStore.open(pg_url) as pg:
        import_on_server(pg, [write_year_counts(tmp_path / "ks08.csv", areas, "ks08", 2020)], catalogues, areas)
        recompute(pg, catalogues, areas)
        import_on_server(pg, [write_year_counts(tmp_path / "ks13.csv", areas, "ks13", 2021)], catalogues, areas)
    seen = set()
    with psycopg.connect(pg_url, autocommit=True) as reader, reader.cursor() as cur:
        old = signature(cur)
        def run() -> None:
            with PgStore.open(pg_url) as pg:
                recompute(pg, catalogues, areas)

        worker = threading.Thread(target=run)
        worker.start()
        while worker.is_alive():
            seen.add(signature(cur))
        worker.join()
        new = signature(cur)
        with PgStore.open(pg_url) as pg, open_copy() as copy:  # a working copy is as consistent
            sync(pg, copy, inputs=False)
            copied = len(duck_rows(copy, "published"))
    assert old[0] == "1" and new[0] == "2"
    assert new[1] > old[1] and new[3] > old[3]
    assert seen <= {old, new}
    assert copied == new[1]


def test_recomputer_runs_one_at_a_time_and_coalesces_requests(pg_url: str, tmp_path: Path) -> None:
    catalogues, areas = Catalogues.load(), AreaRegistry.load()
    with PgStore.open(pg_url) as pg:
        import_on_server(pg, [write_year_counts(tmp_path / "ks08.csv", areas, "ks08", 2020)], catalogues, areas)
    recomputer = Recomputer(pg_url, catalogues, areas)
    with psycopg.connect(pg_url, autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(%s)", [RECOMPUTE_LOCK])  # another process is recomputing
        recomputer.request()
        recomputer.request()
        recomputer.request()
        assert recomputer.state.status == "running"
        assert not recomputer.wait(0.2)
        other.execute("SELECT pg_advisory_unlock(%s)", [RECOMPUTE_LOCK])
        assert recomputer.wait(120)
    assert recomputer.state.status == "idle"
    assert "resultaten berekend" in recomputer.state.message
    assert pg_meta(pg_url, "results_version") == "2"  # the first run and one for both later requests
    recomputer.close()


def test_recomputer_reports_a_failure_in_dutch() -> None:
    recomputer = Recomputer("postgresql://u:geheim@127.0.0.1:1/x", Catalogues.load(), AreaRegistry.load())
    recomputer.request()
    assert recomputer.wait(60)
    assert recomputer.state.status == "failed"
    assert recomputer.state.message.startswith("herberekening mislukt: PostgreSQL-database 127.0.0.1:1/x")
    assert "geheim" not in recomputer.state.message
