"""The routes of the partner portal, mounted under ``/portaal`` beside the public dashboard.

``portal_routes(url, catalogues, areas, on_change)`` gives the routes; ``on_change()`` is called after
an approval or a registry fact, so the public figures are recomputed. The table below is the whole
portal: path, methods, handler and the action of :mod:`kansrijk.portal.access` every request needs
(``None``: no login needed). Scope checks (own organisation, region, gemeente) are made in the handlers
once the object is known.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.responses import Response
from starlette.routing import BaseRoute, Match, Mount, Route

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.portal.schema import ensure_portal_schema
from kansrijk.portal.web import auth, figures, home, register, review, submit, summary
from kansrijk.portal.web.endpoint import PREFIX, Call, Portal, endpoint
from kansrijk.server.pgstore import PgStore

GET, POST = ["GET"], ["POST"]


def portal_routes(url: str, catalogues: Catalogues, areas: AreaRegistry,
                  on_change: Callable[[], None]) -> list[BaseRoute]:
    """The portal's routes (``/portaal`` and a Mount of everything under it).

    ``url`` must hold a kansrijk store (StoreError otherwise); missing portal tables are created.
    """
    with PgStore.open(url, create=False) as pg:
        ensure_portal_schema(pg)
    portal = Portal(url, catalogues, areas, on_change)

    def page(path: str, methods: list[str], handler: Callable[[Call], Response], action: str | None, *,
             login: bool = True, csrf: bool = True, max_body: int | None = None) -> Route:
        options = {} if max_body is None else {"max_body": max_body}
        return Route(path, endpoint(portal, handler, action=action, login=login, csrf=csrf, **options),
                     methods=methods)

    inside = [
        page("/inloggen", GET, auth.login_form, None, login=False),
        page("/inloggen", POST, auth.login, None, login=False, csrf=False),  # double-submit token, see auth
        page("/uitloggen", POST, auth.logout, None),
        page("/inzendingen", GET, submit.list_page, "view_own_submissions"),
        page("/inzendingen/nieuw", GET, submit.new_form, "submit"),
        page("/inzendingen/nieuw", POST, submit.submit_grid, "submit"),
        page("/inzendingen/upload", POST, submit.submit_upload, "submit", max_body=submit.MAX_UPLOAD_BODY),
        page("/inzendingen/{id}", GET, review.detail, "view_submission"),
        page("/inzendingen/{id}/goedkeuren", POST, review.approve, "review_submission"),
        page("/inzendingen/{id}/afwijzen", POST, review.reject, "review_submission"),
        page("/sjabloon.xlsx", GET, submit.template_download, "download_template"),
        page("/register", GET, register.page, "edit_registry"),
        page("/register", POST, register.add, "edit_registry"),
        page("/samenvatting", GET, summary.page, "approve_summary"),
        page("/samenvatting", POST, summary.save, "approve_summary"),
        page("/cijfers/{rest}", GET, figures.page, "view_unsuppressed"),
        page("/", GET, home.page, "view_portal_home"),
        page("/{rest:path}", ["GET", "POST"], lambda call: _not_found(call, inside), None, login=False, csrf=False),
    ]
    return [
        page(PREFIX, GET, home.page, "view_portal_home"),
        Mount(PREFIX, routes=inside),
    ]


def _not_found(call: Call, routes: list[Route]) -> Response:
    """404, or 405 with ``Allow`` when the page exists but not for this method (POST to a form page)."""
    allowed = sorted({m for r in routes[:-1] if r.matches(call.request.scope)[0] == Match.PARTIAL
                      for m in r.methods or ()} - {"HEAD"})
    if allowed:
        return call.error(405, "Deze pagina van het portaal kan zo niet worden opgevraagd.",
                          {"Allow": ", ".join(allowed)})
    return call.error(404, "Deze pagina van het portaal bestaat niet.")
