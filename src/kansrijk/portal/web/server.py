"""The server-mode web app with the portal: the public dashboard over PostgreSQL plus ``/portaal``.

An approval or a registry fact in the portal asks the app's
:class:`~kansrijk.server.recompute.Recomputer` for a recompute; the dashboard shows the new figures
once it has finished (:class:`~kansrijk.server.live.LiveWeb` reloads them).
"""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.portal.web.routes import portal_routes
from kansrijk.server.app import create_server_app


def create_portal_app(url: str, catalogues: Catalogues | None = None, areas: AreaRegistry | None = None,
                      cache: Path | None = None) -> Starlette:
    """The dashboard and the portal over the PostgreSQL store at ``url`` (StoreError when unreachable)."""
    catalogues = catalogues or Catalogues.load()
    areas = areas or AreaRegistry.load()

    def on_change() -> None:
        app.state.recomputer.request()

    app = create_server_app(url, portal_routes(url, catalogues, areas, on_change), catalogues, areas, cache)
    return app
