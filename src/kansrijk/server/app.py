"""The web app of ``kansrijk serve --server``: the public dashboard over live PostgreSQL data.

The app answers from :class:`~kansrijk.server.live.LiveWeb` (reloaded after every recompute) and has
a :class:`~kansrijk.server.recompute.Recomputer` for routes that add inputs: both are on
``app.state`` (``app.state.live``, ``app.state.recomputer``), so ``extra_routes`` reach them through
``request.app.state``. When the server starts on a store whose published results lag behind its
imports (a recompute was lost in a crash), it starts a recompute at once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.routing import BaseRoute

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.publish.web.app import create_app
from kansrijk.server.live import LiveWeb
from kansrijk.server.pgstore import PgStore
from kansrijk.server.recompute import Recomputer, behind


def create_server_app(url: str, extra_routes: Sequence[BaseRoute] = (), catalogues: Catalogues | None = None,
                      areas: AreaRegistry | None = None, cache: Path | None = None) -> Starlette:
    """The dashboard (plus ``extra_routes``) over the PostgreSQL store at ``url``.

    Raises StoreError when the database cannot be reached or is no kansrijk store. While it has no
    results yet, pages answer 503 until the first recompute. ``cache`` is a folder for the working
    copies' DuckDB files (default: in memory).
    """
    catalogues = catalogues or Catalogues.load()
    areas = areas or AreaRegistry.load()
    live = LiveWeb(url, catalogues, areas, cache=None if cache is None else cache / "published.duckdb")
    recomputer = Recomputer(url, catalogues, areas, cache=None if cache is None else cache / "inputs.duckdb")
    app = create_app(live.current, extra_routes)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        with PgStore.open(url, create=False) as pg:
            if behind(pg):
                recomputer.request()
        yield
        recomputer.close()
        live.close()

    app.router.lifespan_context = lifespan
    app.state.live = live
    app.state.recomputer = recomputer
    return app
