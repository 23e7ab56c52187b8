"""The dashboard on PostgreSQL: live reload after a recompute, 503 before the first, `serve --server` over HTTP."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.errors import NotComputed
from kansrijk.publish.web import pages
from kansrijk.server.app import create_server_app
from kansrijk.server.live import LiveWeb
from kansrijk.server.migrate import migrate
from kansrijk.server.pgstore import PgStore
from kansrijk.server.recompute import recompute
from tests.server.stores import import_on_server, plain, write_year_counts
from tests.serving import free_port, serving
from tests.web.http import get


def published_values(url: str, area: str, catalogue: str = "ks") -> set[tuple[object, ...]]:
    """(indicator, period, value) of the published rows of one area, read straight from PostgreSQL."""
    with psycopg.connect(url) as con:
        rows = con.execute(
            "SELECT indicator, period, value FROM published WHERE area_code = %s AND catalogue = %s",
            [area, catalogue],
        ).fetchall()
    return {(i, p, plain(v)) for i, p, v in rows}


def test_live_web_reloads_after_a_recompute(pg_url: str, tmp_path: Path) -> None:
    catalogues, areas = Catalogues.load(), AreaRegistry.load()
    with PgStore.open(pg_url) as pg:
        live = LiveWeb(pg_url, catalogues, areas, interval=0)
        try:
            with pytest.raises(NotComputed):
                live.current()
            import_on_server(pg, [write_year_counts(tmp_path / "ks08.csv", areas, "ks08", 2020)], catalogues, areas)
            recompute(pg, catalogues, areas)
            first = live.current()  # no data yet: loaded at once
            assert {r["indicator"] for r in first.rows("ks", areas=["GM0363"]).to_dict("records")} == {"ks08"}
            pages.profile(first, "GM0363", "ks")
            assert first.cache  # the page is kept with this data
            assert live.current() is first
            live.wait()

            import_on_server(pg, [write_year_counts(tmp_path / "ks13.csv", areas, "ks13", 2021)], catalogues, areas)
            recompute(pg, catalogues, areas)
            assert live.current() is first  # answered from the old data while the new loads
            live.wait()
            second = live.current()
            assert second is not first and not second.cache
            frame = second.rows("ks", areas=["GM0363"])
            served = {(r["indicator"], r["period"], plain(r["value"])) for r in frame.to_dict("records")}
            assert served == published_values(pg_url, "GM0363")
            assert {i for i, _, _ in served} == {"ks08", "ks13"}
            assert live.stamp is not None and live.stamp.startswith("2@")
        finally:
            live.close()


def test_server_app_answers_503_until_computed_and_keeps_extra_routes(pg_url: str, tmp_path: Path) -> None:
    catalogues, areas = Catalogues.load(), AreaRegistry.load()
    PgStore.open(pg_url).close()  # an empty kansrijk store

    def hello(request: Request) -> PlainTextResponse:
        state = request.app.state.recomputer.state
        return PlainTextResponse(f"portaal: {state.status}")

    app = create_server_app(pg_url, [Route("/portaal", hello)], catalogues=catalogues, areas=areas)
    with serving(app) as base:
        assert get(base, "/portaal").text == "portaal: idle"
        waiting = get(base, "/")
        assert waiting.status == 503 and '<html lang="nl">' in waiting.text
        assert get(base, "/gebied/GM0363.json").json()["fout"]["status"] == 503
        with PgStore.open(pg_url) as pg:
            import_on_server(pg, [write_year_counts(tmp_path / "ks08.csv", areas, "ks08", 2020)], catalogues, areas)
        app.state.recomputer.request()
        assert app.state.recomputer.wait(120)
        assert get(base, "/").status == 200
        rows = get(base, "/gebied/GM0363.json").json()["rows"]
        assert {(r["indicator"], r["period"], r["value"]) for r in rows} == published_values(pg_url, "GM0363")
        assert get(base, "/bestaat-niet").status == 404


def test_serve_with_server_option_over_http(pg_url: str, small_store: Path) -> None:
    with PgStore.open(pg_url) as pg:
        migrate(small_store, pg)
    port = free_port()
    env = {**os.environ, "KANSRIJK_SERVER": pg_url}
    command = [sys.executable, "-m", "kansrijk", "serve", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.communicate()[1]
            try:
                home = get(base, "/")
                break
            except OSError:
                assert time.monotonic() < deadline, "serve --server did not start"
                time.sleep(0.2)
        assert home.status == 200 and "synthetische gegevens" in home.text
        body = get(base, "/gebied/GM0363.json").json()
        served = {(r["indicator"], r["period"], r["value"]) for r in body["rows"]}
        assert served == published_values(pg_url, "GM0363") and len(served) > 3
    finally:
        process.terminate()
        process.wait(timeout=30)
