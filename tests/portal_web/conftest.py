"""Fixtures for the portal page tests: the portal app over a fresh PostgreSQL database with a small world.

The world is that of the portal's domain tests (``tests/portal/world.py``): organisation "JGZ
Gelderland-Midden" (region RGGM) and "Verloskunde Amsterdam" (GG3406), a partner of each, a
coordinator of each region, a viewer for Ede (GM0228) and one for Amsterdam (GM0363). Requests go
through Starlette's TestClient on ``https://testserver`` so that Secure cookies are sent back.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.testclient import TestClient

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.portal import sessions
from kansrijk.portal.accounts import User
from kansrijk.portal.schema import ensure_portal_schema
from kansrijk.portal.web.routes import portal_routes
from kansrijk.publish.web.guard import SecurityGuard
from kansrijk.server.pgstore import PgStore
from tests.pgcluster import Cluster
from tests.portal.world import PASSWORD, World, make_world

STATIC = Path(__file__).parents[2] / "src" / "kansrijk" / "publish" / "web" / "static"
BASE = "https://testserver"


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


@pytest.fixture(scope="session")
def template_world(pg_cluster: Cluster, catalogues: Catalogues, areas: AreaRegistry) -> tuple[str, World]:
    """A database with the portal tables and the world, made once per process and copied per test
    (``CREATE DATABASE ... TEMPLATE`` copies files: much faster than creating every table again)."""
    url = pg_cluster.new_database()
    with PgStore.open(url) as pg:
        ensure_portal_schema(pg)
        world = make_world(pg, catalogues, areas)
    return url.rsplit("/", 1)[1], world


@pytest.fixture
def site(pg_cluster: Cluster, template_world: tuple[str, World], catalogues: Catalogues,
         areas: AreaRegistry) -> Iterator[Site]:
    """The portal app over a fresh copy of the template database."""
    template, world = template_world
    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(pg_cluster.url(), autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
    url = pg_cluster.url(name)
    changes: list[int] = []
    routes = portal_routes(url, catalogues, areas, lambda: changes.append(1))
    # The guard every web app of kansrijk has (server mode composes the portal into the dashboard app).
    app = Starlette(routes=[*routes, Mount("/static", StaticFiles(directory=STATIC), name="static")],
                    middleware=[Middleware(SecurityGuard)])
    with PgStore.open(url) as pg, TestClient(app, base_url=BASE, follow_redirects=False) as client:
        yield Site(url, pg, world, client, changes)


__all__ = ["PASSWORD", "Site"]
