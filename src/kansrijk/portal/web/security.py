"""Cookies, CSRF tokens and security headers of the portal pages.

- The session cookie (:data:`~kansrijk.portal.sessions.COOKIE_NAME`) is HttpOnly, Secure,
  SameSite=Strict, Path=/; the session itself lives in PostgreSQL.
- Logged in, every form carries the session's CSRF token (:func:`kansrijk.portal.sessions.check_csrf`).
- Before a session exists (the login form) a double-submit token guards the form: the same random
  value in a cookie (:data:`LOGIN_CSRF_COOKIE`) and in a hidden field; a cross-site page can send the
  form but cannot read or set the cookie.
- Every portal response gets :data:`SECURITY_HEADERS`: no framing, only same-origin content, no
  referrer to other sites, and never kept in a cache.
"""

from __future__ import annotations

import hmac
import secrets

from starlette.requests import Request
from starlette.responses import Response

from kansrijk.portal import sessions

LOGIN_CSRF_COOKIE = "kansrijk_csrf"
LOGIN_CSRF_PATH = "/portaal"
CSRF_FIELD = "csrf"
TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 128

SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": (
        "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'"
    ),
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


def secure(response: Response) -> Response:
    """``response`` with the portal's security headers."""
    response.headers.update(SECURITY_HEADERS)
    return response


def new_token() -> str:
    """A fresh random token (URL-safe text)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def same_token(expected: str | None, given: str | None) -> bool:
    """True when both tokens are present and equal (constant-time comparison)."""
    if not expected or not given or len(given) > MAX_TOKEN_LENGTH:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


def session_token(request: Request) -> str | None:
    """The session cookie's value, if any."""
    return request.cookies.get(sessions.COOKIE_NAME)


def set_session_cookie(response: Response, token: str) -> None:
    response.set_cookie(sessions.COOKIE_NAME, token, **sessions.COOKIE_ATTRIBUTES)  # type: ignore[arg-type]


def clear_session_cookie(response: Response) -> None:
    attributes = sessions.COOKIE_ATTRIBUTES
    response.delete_cookie(sessions.COOKIE_NAME, path=str(attributes["path"]), secure=True, httponly=True,
                           samesite="strict")


def login_csrf(request: Request) -> str:
    """The login form's double-submit token after a checked POST: the cookie's (it matched the form),
    else a new one. The form itself always starts with a new token."""
    current = request.cookies.get(LOGIN_CSRF_COOKIE)
    if current and 20 <= len(current) <= MAX_TOKEN_LENGTH:
        return current
    return new_token()


def set_login_csrf_cookie(response: Response, token: str) -> None:
    response.set_cookie(LOGIN_CSRF_COOKIE, token, path=LOGIN_CSRF_PATH, secure=True, httponly=True,
                        samesite="strict")


def clear_login_csrf_cookie(response: Response) -> None:
    response.delete_cookie(LOGIN_CSRF_COOKIE, path=LOGIN_CSRF_PATH, secure=True, httponly=True, samesite="strict")


def login_csrf_valid(request: Request, given: str | None) -> bool:
    """True when the login form's token matches its cookie."""
    return same_token(request.cookies.get(LOGIN_CSRF_COOKIE), given)
