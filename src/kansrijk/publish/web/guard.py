"""What every request and response of the web apps (public dashboard and portal) passes through.

- A path or query with a control character (``%0D``, ``%0A``, ``%00`` ...) is refused with 400 before
  any route sees it: such a value must never reach a header, a log line or a file name.
- A state-changing request (POST, PUT, PATCH, DELETE) that names another site in its ``Origin``
  header is refused with 403; the CSRF tokens stay the main guard, this is the second.
- Every response gets :data:`SECURITY_HEADERS` unless the app set its own (the portal's are stricter).
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CHANGES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class SecurityGuard:
    """ASGI middleware: see the module docstring."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"").decode("latin-1")
        if _CONTROL.search(scope.get("path", "")) or _CONTROL.search(unquote(query)):
            await _plain(send, 400, "Onjuiste vraag: het adres bevat een stuurteken.")
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if scope.get("method") in _CHANGES and origin and not _same_site(origin, headers.get("host", "")):
            await _plain(send, 403, "Geweigerd: dit formulier komt niet van deze site.")
            return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.decode("latin-1").lower() for k, _ in message.get("headers", [])}
                extra = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()
                         if k.lower() not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, secured)


def _same_site(origin: str, host: str) -> bool:
    return origin != "null" and urlsplit(origin).netloc.lower() == host.lower()


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode("utf-8")
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    headers += [(k.encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
