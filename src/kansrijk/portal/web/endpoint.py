"""One portal request from body to response: size limit, form, session, CSRF, access, Dutch errors.

:func:`endpoint` wraps a page handler ``handler(call) -> Response``. For every request it

1. refuses a body over the limit (413, before parsing anything) and parses a POST form;
2. opens the database (one connection per request; :class:`~kansrijk.server.pgstore.PgStore` is not
   shared between threads) and looks up the session of the cookie;
3. sends a visitor who is not logged in to the login page (303 for GET, 401 otherwise);
4. refuses a POST whose CSRF token is not the session's (403; nothing is changed);
5. checks the page's action with :func:`kansrijk.portal.access.require` (403);
6. runs the handler in a worker thread (psycopg is synchronous) and turns domain errors into Dutch
   pages by :func:`kansrijk.publish.web.http_errors.http_status` (AccessDenied 403, NotFound 404, any
   other KansrijkError 400) and a database failure 503;
7. adds the security headers (:data:`~kansrijk.portal.web.security.SECURITY_HEADERS`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from kansrijk.areas import Area, AreaRegistry
from kansrijk.catalogue import Catalogues, Measure
from kansrijk.dutch import long_date
from kansrijk.errors import KansrijkError, StoreError
from kansrijk.portal import access, sessions
from kansrijk.portal.accounts import User
from kansrijk.portal.sessions import Session
from kansrijk.portal.web import security
from kansrijk.portal.web.templating import render
from kansrijk.publish.web.http_errors import http_message, http_status
from kansrijk.server.pgstore import PgStore

log = logging.getLogger(__name__)

PREFIX = "/portaal"
LOGIN_PATH = PREFIX + "/inloggen"
MAX_FORM_BYTES = 2 * 1024 * 1024
MAX_FIELDS = 20000
NOT_LOGGED_IN = "U bent niet ingelogd (of uw sessie is verlopen). Log in om verder te gaan."
CSRF_REFUSED = ("Dit formulier is verlopen of komt niet van deze site (CSRF-controle); er is niets gewijzigd. "
                "Laad de pagina opnieuw en probeer het nog eens.")
UNREADABLE = "Het formulier kon niet worden gelezen; er is niets opgeslagen."
TOO_LARGE = "Wat u verstuurde is te groot (hoogstens {limit} MB); er is niets opgeslagen."
NO_DATABASE = "De database is op dit moment niet bereikbaar. Probeer het later opnieuw."
FAILED = "Er ging iets mis; er is niets gewijzigd. Probeer het later opnieuw of neem contact op met de beheerder."
ERROR_TITLES = {400: "Onjuiste vraag", 401: "Niet ingelogd", 403: "Geen toegang", 404: "Niet gevonden",
                405: "Niet toegestaan", 413: "Te groot", 422: "Niet verwerkt", 429: "Te veel pogingen",
                500: "Fout", 503: "Niet beschikbaar"}


@dataclass(frozen=True)
class Portal:
    """What every portal page works with: the database URL, catalogues, areas and the change hook."""

    url: str
    catalogues: Catalogues
    areas: AreaRegistry
    on_change: Callable[[], None]

    def connect(self) -> PgStore:
        """A connection for one request (raises StoreError when the database is unreachable)."""
        return PgStore.open(self.url, create=False)


@dataclass(frozen=True)
class Upload:
    """An uploaded file: the name the browser gave and its bytes."""

    name: str
    data: bytes


@dataclass
class Call:
    """One request being answered: its form, the database, the session and the portal."""

    portal: Portal
    request: Request
    pg: PgStore | None
    session: Session | None
    fields: dict[str, str] = field(default_factory=dict)
    files: dict[str, Upload] = field(default_factory=dict)

    @property
    def user(self) -> User | None:
        return None if self.session is None else self.session.user

    @property
    def db(self) -> PgStore:
        assert self.pg is not None
        return self.pg

    @property
    def areas(self) -> AreaRegistry:
        return self.portal.areas

    def region_gemeenten(self, region_code: str) -> list[Area]:
        """The gemeenten of a region, in order of name."""
        return sorted((self.areas.get(code) for code in self.areas.members(region_code)), key=lambda a: a.name)

    def measure(self, measure_id: str) -> Measure | None:
        """The catalogue measure with this id, or None when no loaded catalogue has it."""
        try:
            return self.portal.catalogues.measure(measure_id)
        except KansrijkError:
            return None

    def field(self, name: str, default: str = "") -> str:
        """A form field's text, stripped (``default`` when absent)."""
        return self.fields.get(name, default).strip()

    def can(self, action: str, target: object = None) -> bool:
        return access.can(self.user, action, target, self.areas)

    def require(self, action: str, target: object = None) -> None:
        access.require(self.user, action, target, self.areas)

    def page(self, template: str, title: str, status: int = 200, **context: Any) -> HTMLResponse:
        """A portal page: the template with the common context (user, menu, CSRF token, notice)."""
        synthetic = self.pg is not None and is_synthetic(self.pg)
        common = {
            "title": title,
            "user": self.user,
            "role": access.ROLE_LABELS[access.role_of(self.user)],
            "csrf": self.session.csrf if self.session else "",
            "menu": menu(self),
            "path": self.request.url.path,
            "synthetic": synthetic,
            "made": long_date(date.today()),
            "twin": None,
            "static_site": False,
        }
        return HTMLResponse(render(template, {**common, **context}), status)

    def error(self, status: int, message: str, headers: dict[str, str] | None = None) -> HTMLResponse:
        """A Dutch error page."""
        response = self.page("portal_error.html.j2", ERROR_TITLES.get(status, "Fout"), status, code=status,
                             message=message)
        response.headers.update(headers or {})
        return response

    def redirect(self, path: str) -> RedirectResponse:
        """See other (303): after a POST, or to another page."""
        return RedirectResponse(path, 303)


def is_synthetic(pg: PgStore) -> bool:
    """True when the store holds synthetic (demo) data: the notice every page then shows."""
    row = pg.con.execute("SELECT coalesce(bool_or(synthetic), false) FROM imports").fetchone()
    return bool(row and row[0]) or pg.get_meta("synthetic") == "true"


def menu(call: Call) -> list[tuple[str, str]]:
    """The portal menu for the user: (path, label) of the pages the role may open."""
    user = call.user
    if user is None:
        return [(LOGIN_PATH, "Inloggen")]
    items = [(PREFIX, "Overzicht")]
    if call.can("view_own_submissions"):
        items.append((PREFIX + "/inzendingen", "Inzendingen"))
    if call.can("submit"):
        items.append((PREFIX + "/inzendingen/nieuw", "Cijfers aanleveren"))
    if call.can("edit_registry"):
        items.append((PREFIX + "/register", "Register"))
    if user.role == access.VIEWER and user.gemeente_code:
        items.append((f"{PREFIX}/cijfers/{user.gemeente_code}", "Vertrouwelijke cijfers"))
    return items


def safe_next(path: str | None) -> str:
    """A path inside the portal to go to after login; anything else (another site) becomes the home."""
    if not path or not path.startswith(PREFIX) or path.startswith("//") or "\\" in path or len(path) > 500:
        return PREFIX
    return path


def login_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"{LOGIN_PATH}?volgende={quote(safe_next(target), safe='/')}", 303)


async def read_body(request: Request, limit: int) -> bytes | None:
    """The request body, or None as soon as it is longer than ``limit`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


async def parse_form(request: Request, body: bytes) -> tuple[dict[str, str], dict[str, Upload]]:
    """The fields and files of a form body (urlencoded or multipart); HTTPException 400 when malformed."""

    async def replay() -> dict[str, object]:
        return {"type": "http.request", "body": body, "more_body": False}

    fields: dict[str, str] = {}
    files: dict[str, Upload] = {}
    async with Request(request.scope, replay).form(max_files=1, max_fields=MAX_FIELDS) as form:
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                files[key] = Upload(value.filename or "", await value.read())
            else:
                fields.setdefault(key, value)
    return fields, files


Handler = Callable[[Call], Response]


def endpoint(portal: Portal, handler: Handler, *, action: str | None = None, login: bool = True,
             csrf: bool = True, max_body: int = MAX_FORM_BYTES) -> Callable[[Request], Awaitable[Response]]:
    """The Starlette endpoint of a page: see the module docstring for what happens around ``handler``."""

    async def answer(request: Request) -> Response:
        fields: dict[str, str] = {}
        files: dict[str, Upload] = {}
        if request.method == "POST":
            body = await read_body(request, max_body)
            if body is None:
                message = TOO_LARGE.format(limit=max(1, max_body // (1024 * 1024)))
                return await _refuse(portal, request, 413, message)
            try:
                fields, files = await parse_form(request, body)
            except HTTPException:
                return await _refuse(portal, request, 400, UNREADABLE)
        call = Call(portal, request, None, None, fields, files)
        response = await run_in_threadpool(_run, call, handler, action, login, csrf)
        return security.secure(response)

    return answer


def _run(call: Call, handler: Handler, action: str | None, login: bool, csrf: bool) -> Response:
    try:
        with call.portal.connect() as pg:
            call.pg = pg
            call.session = sessions.session_user(pg, security.session_token(call.request))
            return _checked(call, handler, action, login, csrf)
    except StoreError:
        call.pg = None
        return call.error(503, NO_DATABASE)
    except Exception:  # a bug: logged with its traceback, answered with a Dutch page (never a traceback)
        log.exception("portal request failed: %s %s", call.request.method, call.request.url.path)
        call.pg = None
        return call.error(500, FAILED)


def _checked(call: Call, handler: Handler, action: str | None, login: bool, csrf: bool) -> Response:
    if login and call.session is None:
        if call.request.method in ("GET", "HEAD"):
            return login_redirect(call.request)
        return call.error(401, NOT_LOGGED_IN)
    if call.request.method == "POST" and csrf and not sessions.check_csrf(call.session, call.fields.get(
            security.CSRF_FIELD)):
        return call.error(403, CSRF_REFUSED)
    try:
        if action is not None:
            call.require(action)
        return handler(call)
    except StoreError:
        raise
    except KansrijkError as exc:
        status = http_status(exc)
        return call.error(status, http_message(exc) if status == 403 else sentence(http_message(exc)))


async def _refuse(portal: Portal, request: Request, status: int, message: str) -> Response:
    """An error page for a body that is not read (too large, unreadable), in the user's own layout."""
    call = Call(portal, request, None, None)
    response = await run_in_threadpool(_run, call, lambda c: c.error(status, message), None, False, False)
    return security.secure(response)


def sentence(text: str) -> str:
    """A domain message as a sentence: ``inzending 4 bestaat niet`` -> ``Inzending 4 bestaat niet.``"""
    text = text.strip()
    if not text:
        return "Er ging iets mis."
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
