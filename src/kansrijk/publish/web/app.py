"""The Starlette app of ``kansrijk serve``: thin routes over :mod:`kansrijk.publish.web.pages`.

Every page answers as HTML, and with a ``.json`` or ``.csv`` suffix as its twin. Errors become a
clean Dutch 404/400 page (or JSON for a ``.json`` path), never a traceback. The app serves either
fixed data (a :class:`WebData`) or the data a zero-argument callable returns per request (server
mode: data that is replaced after a recompute; page and PDF caches belong to one ``WebData``).
"""

from __future__ import annotations

import re
import tempfile
import threading
from collections.abc import Callable, Sequence
from html import escape
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from kansrijk.errors import KansrijkError, UnknownArea, UnknownIndicator
from kansrijk.publish.web import api, openapi, pages
from kansrijk.publish.web.guard import SecurityGuard
from kansrijk.publish.web.http_errors import http_message, http_status
from kansrijk.publish.web.pages import Page, WebData
from kansrijk.publish.web.templating import render

STATIC = Path(__file__).parent / "static"
MAX_QUERY_STRING = 2000

WebSource = WebData | Callable[[], WebData]
Handler = Callable[[Request, WebData], Response]


def split_suffix(rest: str) -> tuple[str, str]:
    """``GM0363.json`` -> (``GM0363``, ``json``); no twin suffix -> (rest, ``html``)."""
    for fmt in api.TWIN_FORMATS:
        if rest.endswith("." + fmt):
            return rest[: -len(fmt) - 1], fmt
    return rest, "html"


def with_twins(path: str, endpoint: Callable[[Request], object]) -> list[Route]:
    """The route of a page and of its ``.json`` and ``.csv`` twins, all answered by ``endpoint``."""
    return [Route(path + suffix, endpoint) for suffix in ("", *("." + fmt for fmt in api.TWIN_FORMATS))]


def respond(page: Page, fmt: str, status: int = 200) -> Response:
    """The page as HTML or as its JSON/CSV twin."""
    if fmt == "json":
        meta = api.page_meta(page.twin, page.context)
        return Response(api.json_text(page.frame, meta), status, media_type="application/json")
    if fmt in ("csv", api.DUTCH_CSV):
        name = re.sub(r"[^A-Za-z0-9._-]+", "-", page.twin.strip("/")) or "index"
        return Response(api.csv_bytes(page.frame, fmt), status, media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})
    return HTMLResponse(render(page.template, {**page.context, "twin": page.twin}), status)


def error_response(web: WebData, request: Request, status: int, message: str) -> Response:
    """A Dutch error page, or JSON when a ``.json`` twin or JSON was asked for."""
    path = request.url.path
    if path.endswith(".json") or "application/json" in request.headers.get("accept", ""):
        return Response(api.error_json(status, message), status, media_type="application/json")
    if path.endswith(".csv"):
        return Response(f"fout,{message}\n", status, media_type="text/csv; charset=utf-8")
    ctx = web.common("Niet gevonden" if status == 404 else "Onjuiste vraag")
    ctx.update(status=status, message=message)
    return HTMLResponse(render("error.html.j2", ctx), status)


def unavailable_response(request: Request, message: str) -> Response:
    """503 while there is no data to serve (no results computed yet, database unreachable)."""
    if request.url.path.endswith(".json") or "application/json" in request.headers.get("accept", ""):
        return Response(api.error_json(503, message), 503, media_type="application/json")
    body = (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Tijdelijk niet beschikbaar</title>'
        f"</head><body><h1>Tijdelijk niet beschikbaar</h1><p>{escape(message)}</p></body></html>"
    )
    return HTMLResponse(body, 503)


def create_app(web: WebSource, extra_routes: Sequence[BaseRoute] = ()) -> Starlette:
    """The web app over published data: a loaded ``WebData``, or a callable giving the current one.

    ``extra_routes`` are tried before the catch-all route (after every dashboard route).
    """
    fixed = web if isinstance(web, WebData) else None
    source: Callable[[], WebData] = web if not isinstance(web, WebData) else (lambda: web)
    pdfs = PdfCache()

    async def current() -> WebData:
        if fixed is not None:
            return fixed
        return await run_in_threadpool(source)  # a (rare) reload must not block the event loop

    def guarded(handler: Handler, threaded: bool = False) -> Callable[[Request], object]:
        async def endpoint(request: Request) -> Response:
            try:
                data = await current()
            except KansrijkError as exc:
                return unavailable_response(request, str(exc))
            if len(request.url.query) > MAX_QUERY_STRING:
                return error_response(data, request, 400, "de vraag in het adres is te lang")
            try:
                if threaded:  # slow work (PDF) must not block the event loop
                    return await run_in_threadpool(handler, request, data)
                return handler(request, data)  # pages are built in milliseconds and then kept
            except KansrijkError as exc:
                return error_response(data, request, http_status(exc), http_message(exc))

        return endpoint

    def catalogue_param(request: Request) -> str | None:
        return request.query_params.get("catalogus") or None

    def home(request: Request, web: WebData) -> Response:
        return respond(pages.home(web, catalogue_param(request)), "html")

    def home_twin(request: Request, web: WebData) -> Response:
        rest, fmt = split_suffix(request.path_params["rest"])
        if fmt == "html" or rest not in ("index",) and not rest.startswith("index/"):
            raise UnknownArea("deze pagina bestaat niet")
        cat = rest.split("/", 1)[1] if "/" in rest else None
        return respond(pages.home(web, cat), fmt)

    def search(request: Request, web: WebData) -> Response:
        _, fmt = split_suffix(request.url.path)
        query = request.query_params.get("q", "")
        page = pages.search(web, query)
        hits = page.context["results"]
        if fmt == "html" and len(hits) == 1 and request.query_params.get("ga") == "1":
            return RedirectResponse(f"/gebied/{hits[0]['code']}", 303)
        if fmt == "html" and request.headers.get("hx-request"):
            return HTMLResponse(render("search_results.html.j2", page.context))
        return respond(page, fmt)

    def profile(request: Request, web: WebData) -> Response:
        rest, fmt = split_suffix(request.path_params["rest"])
        parts = rest.split("/")
        if len(parts) > 2 or not parts[0]:
            raise UnknownArea("deze pagina bestaat niet")
        cat = parts[1] if len(parts) == 2 else catalogue_param(request)
        return respond(pages.profile(web, parts[0], cat), fmt)

    def indicator(request: Request, web: WebData) -> Response:
        rest, fmt = split_suffix(request.path_params["rest"])
        if "/" in rest:
            raise UnknownIndicator("deze pagina bestaat niet")
        return respond(pages.indicator(web, rest, request.query_params.get("kaart", "benchmark")), fmt)

    def compare(request: Request, web: WebData) -> Response:
        _, fmt = split_suffix(request.url.path)
        codes = [c for c in request.query_params.getlist("gebied") if c.strip()]
        return respond(pages.compare(web, codes, catalogue_param(request)), fmt)

    def programme(request: Request, web: WebData) -> Response:
        _, fmt = split_suffix(request.url.path)
        return respond(pages.programme(web, catalogue_param(request)), fmt)

    def menu(request: Request, web: WebData) -> Response:
        _, fmt = split_suffix(request.url.path)
        return respond(pages.menukaart_page(web), fmt)

    def intervention(request: Request, web: WebData) -> Response:
        rest, fmt = split_suffix(request.path_params["rest"])
        return respond(pages.intervention_page(web, rest), fmt)

    def factsheet(request: Request, web: WebData) -> Response:
        rest, fmt = split_suffix(request.path_params["rest"])
        if rest.endswith(".pdf"):
            code, fmt = rest[:-4], "pdf"
        elif rest.endswith(".html"):
            code, fmt = rest[:-5], "html"
        else:
            raise UnknownArea("deze pagina bestaat niet")
        html = _factsheet_html(web, code)
        if fmt == "html":
            return HTMLResponse(html)
        return Response(pdfs.get(web, code, lambda: _factsheet_pdf(html)), media_type="application/pdf")

    def spec(request: Request, web: WebData) -> Response:
        return JSONResponse(openapi.spec(web))

    def docs(request: Request, web: WebData) -> Response:
        ctx = web.common("Open data API")
        ctx.update(spec=openapi.spec(web), twin=None)
        return HTMLResponse(render("api.html.j2", ctx))

    async def not_found(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        message = "deze pagina bestaat niet" if status == 404 else "er ging iets mis"
        try:
            data = await current()
        except KansrijkError as problem:
            return unavailable_response(request, str(problem))
        return error_response(data, request, status, message)

    routes = [
        Route("/", guarded(home)),
        *with_twins("/zoek", guarded(search)),
        Route("/gebied/{rest:path}", guarded(profile)),
        Route("/indicator/{rest:path}", guarded(indicator)),
        *with_twins("/vergelijk", guarded(compare)),
        *with_twins("/programma", guarded(programme)),
        *with_twins("/menukaart", guarded(menu)),
        Route("/menukaart/{rest:path}", guarded(intervention)),
        Route("/factsheet/{rest:path}", guarded(factsheet, threaded=True)),
        Route("/openapi.json", guarded(spec)),
        Route("/api", guarded(docs)),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
        *extra_routes,
        Route("/{rest:path}", guarded(home_twin)),
    ]
    return Starlette(routes=routes, exception_handlers={404: not_found, 405: not_found, 500: not_found},
                     middleware=[Middleware(SecurityGuard)])


class PdfCache:
    """Factsheet PDFs of one ``WebData``, built once per area; emptied when the data is replaced."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._owner: WebData | None = None
        self._files: dict[str, bytes] = {}

    def get(self, web: WebData, code: str, build: Callable[[], bytes]) -> bytes:
        with self._lock:
            if self._owner is not web:
                self._owner, self._files = web, {}
            found = self._files.get(code)
        if found is None:
            found = build()
            with self._lock:
                if self._owner is web:
                    self._files[code] = found
        return found


def _factsheet_html(web: WebData, code: str) -> str:
    from kansrijk.publish.reports.render import area_html

    area = web.area_code(code)
    cat = web.catalogue(None)
    return area_html(web.data[cat], web.catalogues, web.areas, area, menu=web.data)


def _factsheet_pdf(html: str) -> bytes:
    from kansrijk.publish.reports.render import write_pdf

    with tempfile.TemporaryDirectory(prefix="kansrijk-pdf-") as tmp:
        path = Path(tmp) / "factsheet.pdf"
        write_pdf(html, path)  # raises ReportError, answered as a 400 page
        return path.read_bytes()
