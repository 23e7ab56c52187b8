"""A server starting on a store whose results lag behind its imports recomputes by itself.

An input committed just before a crash (an approval in the portal, an import) may never have been
recomputed; the published results record which imports they come from, so the next server notices.
"""

from __future__ import annotations

import time
from pathlib import Path

import psycopg

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.server.app import create_server_app
from kansrijk.server.migrate import migrate
from kansrijk.server.pgstore import PgStore
from kansrijk.server.recompute import behind, recompute
from tests.server.stores import import_on_server, write_year_counts
from tests.serving import serving
from tests.web.http import get


def indicators_in_results(url: str) -> set[str]:
    """The indicators with figures in the results in PostgreSQL (read with psycopg); not those only
    said to be not registered, which every computation gives."""
    with psycopg.connect(url) as con:
        return {str(i) for (i,) in con.execute(
            "SELECT DISTINCT indicator FROM results WHERE status <> 'niet_geregistreerd'").fetchall()}


def test_behind_follows_the_imports(pg_url: str, tmp_path: Path, catalogues: Catalogues,
                                    areas: AreaRegistry) -> None:
    with PgStore.open(pg_url) as pg:
        assert not behind(pg)  # an empty store has nothing to compute
        import_on_server(pg, [write_year_counts(tmp_path / "ks08.csv", areas, "ks08", 2020)], catalogues, areas)
        assert behind(pg)  # never computed
        recompute(pg, catalogues, areas)
        assert not behind(pg)
        import_on_server(pg, [write_year_counts(tmp_path / "ks13.csv", areas, "ks13", 2021)], catalogues, areas)
        assert behind(pg)
        recompute(pg, catalogues, areas)
        assert not behind(pg)


def test_a_migrated_store_counts_as_computed(pg_url: str, small_store: Path) -> None:
    with PgStore.open(pg_url) as pg:
        migrate(small_store, pg)
        assert not behind(pg)


def test_the_server_catches_up_when_it_starts(pg_url: str, tmp_path: Path, catalogues: Catalogues,
                                              areas: AreaRegistry) -> None:
    with PgStore.open(pg_url) as pg:
        import_on_server(pg, [write_year_counts(tmp_path / "ks08.csv", areas, "ks08", 2020)], catalogues, areas)
        recompute(pg, catalogues, areas)
        # committed, but the recompute it asked for died with its process
        import_on_server(pg, [write_year_counts(tmp_path / "ks13.csv", areas, "ks13", 2021)], catalogues, areas)
        assert indicators_in_results(pg_url) == {"ks08"}
        app = create_server_app(pg_url, catalogues=catalogues, areas=areas)
        with serving(app) as base:
            deadline = time.monotonic() + 120
            while indicators_in_results(pg_url) != {"ks08", "ks13"}:
                assert time.monotonic() < deadline, "the server did not recompute the inputs it found"
                time.sleep(0.1)
            assert not behind(pg)
            assert get(base, "/").status == 200
