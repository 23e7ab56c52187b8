"""Fixtures shared by the whole suite: a throwaway PostgreSQL 15 cluster (see ``tests/pgcluster.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.pgcluster import Cluster, running_cluster


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """One cluster per test process, started on first use and stopped at the end."""
    yield from running_cluster()


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> str:
    """The URL of a fresh, empty database for one test."""
    return pg_cluster.new_database()
