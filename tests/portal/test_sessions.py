"""Sessions: only the token's SHA-256 is stored, idle timeout and maximum age, logout, CSRF comparison."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone

from kansrijk.portal import accounts, sessions
from kansrijk.server.pgstore import PgStore
from tests.portal.world import World

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)


def test_session_round_trip_stores_only_the_token_hash(pg: PgStore, world: World) -> None:
    token, csrf = sessions.start_session(pg, world.partner, T0)
    assert len(token) >= 43 and len(csrf) >= 43 and token != csrf
    rows = pg.query("SELECT * FROM sessions")
    assert len(rows) == 1
    assert rows[0]["token_sha256"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in [str(v) for v in rows[0].values()]
    found = sessions.session_user(pg, token, T0 + timedelta(minutes=1))
    assert found is not None and found.user == world.partner and found.csrf == csrf
    assert sessions.session_user(pg, token + "x", T0) is None
    assert sessions.session_user(pg, "", T0) is None and sessions.session_user(pg, None, T0) is None


def test_idle_timeout_of_eight_hours_and_maximum_age(pg: PgStore, world: World) -> None:
    idle, _ = sessions.start_session(pg, world.partner, T0)
    assert sessions.session_user(pg, idle, T0 + timedelta(hours=8, seconds=1)) is None
    assert pg.query("SELECT count(*) AS n FROM sessions")[0]["n"] == 0  # an expired session is removed
    used, _ = sessions.start_session(pg, world.partner, T0)
    for hours in (7, 14, 21):  # each use extends the idle deadline ...
        assert sessions.session_user(pg, used, T0 + timedelta(hours=hours)) is not None
    assert sessions.session_user(pg, used, T0 + timedelta(hours=24, seconds=1)) is None  # ... up to 24 hours


def test_logout_and_deactivation_end_the_session(pg: PgStore, world: World) -> None:
    token, _ = sessions.start_session(pg, world.partner, T0)
    other, _ = sessions.start_session(pg, world.coordinator, T0)
    sessions.end_session(pg, token)
    assert sessions.session_user(pg, token, T0) is None
    assert sessions.session_user(pg, other, T0) is not None
    accounts.set_active(pg, world.coordinator.id, False)
    assert sessions.session_user(pg, other, T0) is None


def test_csrf_check(pg: PgStore, world: World) -> None:
    token, csrf = sessions.start_session(pg, world.partner, T0)
    session = sessions.session_user(pg, token, T0)
    assert sessions.check_csrf(session, csrf)
    assert not sessions.check_csrf(session, csrf[:-1] + ("A" if csrf[-1] != "A" else "B"))
    assert not sessions.check_csrf(session, "")
    assert not sessions.check_csrf(session, None)
    assert not sessions.check_csrf(None, csrf)


def test_cookie_attributes() -> None:
    assert sessions.COOKIE_NAME == "kansrijk_sessie"
    assert sessions.COOKIE_ATTRIBUTES == {"httponly": True, "secure": True, "samesite": "strict", "path": "/"}
