"""Fixtures for the portal tests: a PostgreSQL store with the portal tables and a world (see world.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.portal.schema import ensure_portal_schema
from kansrijk.server.pgstore import PgStore
from tests.pgcluster import Cluster
from tests.portal.world import World, make_world


@pytest.fixture
def pg(pg_url: str) -> Iterator[PgStore]:
    with PgStore.open(pg_url) as store:
        ensure_portal_schema(store)
        yield store


@pytest.fixture
def world(pg: PgStore, catalogues: Catalogues, areas: AreaRegistry) -> World:
    return make_world(pg, catalogues, areas)


@pytest.fixture(scope="module")
def shared_world(pg_cluster: Cluster, catalogues: Catalogues, areas: AreaRegistry) -> Iterator[tuple[PgStore, World]]:
    """One world per test module, for tests that only read."""
    with PgStore.open(pg_cluster.new_database()) as store:
        ensure_portal_schema(store)
        yield store, make_world(store, catalogues, areas)
