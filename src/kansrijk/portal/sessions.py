"""Server-side sessions of the portal and their CSRF tokens.

API:

- ``start_session(pg, user) -> (token, csrf)``: a new session; the token goes into the cookie, the
  CSRF token into every form. Only the SHA-256 of the token is stored, so a copy of the database does
  not give anyone a session.
- ``session_user(pg, token) -> Session | None``: the session of a cookie value, or None when unknown,
  expired (idle for :data:`IDLE_TIMEOUT`, or older than :data:`MAX_AGE`) or its account is inactive.
  Each use extends the idle deadline.
- ``end_session(pg, token)``: log out (the session is deleted server-side).
- ``check_csrf(session, token) -> bool``: constant-time comparison of a submitted CSRF token.

The web layer sets the cookie with :data:`COOKIE_NAME` and :data:`COOKIE_ATTRIBUTES` (keyword
arguments of Starlette's ``Response.set_cookie``: HttpOnly, Secure, SameSite=Strict, Path=/).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from kansrijk.portal.accounts import USER_COLUMNS, User, now_utc, user_from_row
from kansrijk.server.pgstore import PgStore

COOKIE_NAME = "kansrijk_sessie"
COOKIE_ATTRIBUTES: dict[str, object] = {"httponly": True, "secure": True, "samesite": "strict", "path": "/"}
IDLE_TIMEOUT = timedelta(hours=8)
MAX_AGE = timedelta(hours=24)
TOKEN_BYTES = 32


@dataclass(frozen=True)
class Session:
    """A logged-in session: its account, its CSRF token and when it ends unless used again."""

    user: User
    csrf: str
    created_at: datetime
    expires_at: datetime


def token_digest(token: str) -> str:
    """The SHA-256 (hex) of a session token: the key under which the session is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(pg: PgStore, user: User, now: datetime | None = None) -> tuple[str, str]:
    """Start a session for ``user``; returns (session token, CSRF token). Expired sessions are removed."""
    now = now or now_utc()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    csrf = secrets.token_urlsafe(TOKEN_BYTES)
    with pg.transaction() as cur:
        cur.execute("DELETE FROM sessions WHERE expires_at <= %s OR created_at <= %s", [now, now - MAX_AGE])
        cur.execute(
            "INSERT INTO sessions (token_sha256, user_id, csrf_token, created_at, expires_at) "
            "VALUES (%s, %s, %s, %s, %s)",
            [token_digest(token), user.id, csrf, now, min(now + IDLE_TIMEOUT, now + MAX_AGE)],
        )
    return token, csrf


def session_user(pg: PgStore, token: str | None, now: datetime | None = None) -> Session | None:
    """The live session of ``token`` (a cookie value), extended by :data:`IDLE_TIMEOUT`; else None."""
    if not token or len(token) > 256:
        return None
    now = now or now_utc()
    digest = token_digest(token)
    columns = ", ".join(f"u.{c.strip()}" for c in USER_COLUMNS.split(","))
    rows = pg.con.execute(
        f"SELECT {columns}, s.csrf_token, s.created_at, s.expires_at "
        "FROM sessions s JOIN users u USING (user_id) WHERE s.token_sha256 = %s", [digest]
    ).fetchall()
    if not rows:
        return None
    *user_row, csrf, created_at, expires_at = rows[0]
    user = user_from_row(user_row)
    if now >= expires_at or now >= created_at + MAX_AGE or not user.active:
        pg.con.execute("DELETE FROM sessions WHERE token_sha256 = %s", [digest])
        return None
    new_expiry = min(now + IDLE_TIMEOUT, created_at + MAX_AGE)
    if new_expiry > expires_at:
        pg.con.execute("UPDATE sessions SET expires_at = %s WHERE token_sha256 = %s", [new_expiry, digest])
        expires_at = new_expiry
    return Session(user, str(csrf), created_at, expires_at)


def end_session(pg: PgStore, token: str | None) -> None:
    """End the session of ``token`` (nothing happens for an unknown token)."""
    if token:
        pg.con.execute("DELETE FROM sessions WHERE token_sha256 = %s", [token_digest(token)])


def check_csrf(session: Session | None, token: str | None) -> bool:
    """True when ``token`` is the session's CSRF token (compared in constant time)."""
    if session is None or not token:
        return False
    return hmac.compare_digest(session.csrf.encode("utf-8"), token.encode("utf-8"))
