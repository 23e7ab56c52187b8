"""Fixtures for the portal page tests: the portal app over a fresh PostgreSQL database with a small world.

The world is that of the portal's domain tests (``tests/portal/world.py``): organisation "JGZ
Gelderland-Midden" (region RGGM) and "Verloskunde Amsterdam" (GG3406), a partner of each, a
coordinator of each region, a viewer for Ede (GM0228) and one for Amsterdam (GM0363). Requests go
through Starlette's TestClient on ``https://testserver`` so that Secure cookies are sent back.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.testclient import TestClient

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.portal import sessions
from kansrijk.portal.accounts import User
from kansrijk.portal.web.routes import portal_routes
from kansrijk.server.pgstore import PgStore
from tests.portal.world import PASSWORD, World, make_world

STATIC = Path(__file__).parents[2] / "src" / "kansrijk" / "publish" / "web" / "static"
BASE = "https://testserver"


@pytest.fixture(scope="session")
def catalogues() -> Catalogues:
    return Catalogues.load()


@pytest.fixture(scope="session")
def areas() -> AreaRegistry:
    return AreaRegistry.load()


@dataclass
class Site:
    """The portal app, its database, the world and the calls of ``on_change``."""

    url: str
    pg: PgStore
    world: World
    client: TestClient
    changes: list[int] = field(default_factory=list)

    def login_as(self, user: User | None) -> str:
        """Give the client a fresh session of ``user`` (None: no session); returns its CSRF token."""
        self.client.cookies.clear()
        if user is None:
            return ""
        token, csrf = sessions.start_session(self.pg, user)
        self.client.cookies.set(sessions.COOKIE_NAME, token)
        return csrf

    def count(self, table: str) -> int:
        row = self.pg.con.execute(f"SELECT count(*) FROM {table}").fetchone()
        assert row is not None
        return int(row[0])


@pytest.fixture
def site(pg_url: str, catalogues: Catalogues, areas: AreaRegistry) -> Iterator[Site]:
    changes: list[int] = []
    routes = portal_routes(pg_url, catalogues, areas, lambda: changes.append(1))
    app = Starlette(routes=[*routes, Mount("/static", StaticFiles(directory=STATIC), name="static")])
    with PgStore.open(pg_url) as pg, TestClient(app, base_url=BASE, follow_redirects=False) as client:
        world = make_world(pg, catalogues, areas)
        yield Site(pg_url, pg, world, client, changes)


__all__ = ["PASSWORD", "Site"]
