"""Fixtures shared by the whole suite: the shipped catalogues and areas, and a throwaway PostgreSQL 15
cluster (see ``tests/pgcluster.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from tests.pgcluster import Cluster, running_cluster


@pytest.fixture(scope="session", autouse=True)
def working_copy_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Commands on a server keep their working copy in $KANSRIJK_CACHE: a folder of the test run's own,
    never the user's cache folder."""
    import os

    folder = tmp_path_factory.mktemp("cache")
    before = os.environ.get("KANSRIJK_CACHE")
    os.environ["KANSRIJK_CACHE"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("KANSRIJK_CACHE", None)
    else:
        os.environ["KANSRIJK_CACHE"] = before


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """One cluster per test process, started on first use and stopped at the end."""
    yield from running_cluster()


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> str:
    """The URL of a fresh, empty database for one test."""
    return pg_cluster.new_database()


@pytest.fixture(scope="session")
def catalogues() -> Catalogues:
    return Catalogues.load()


@pytest.fixture(scope="session")
def areas() -> AreaRegistry:
    return AreaRegistry.load()


@pytest.fixture(scope="session")
def pooled_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A computed store where Vlieland's single years are hidden and its 5-year figure published
    (see ``tests/pooled.py``); shared by the publish and web tests."""
    from tests.pooled import build_store

    return build_store(tmp_path_factory.mktemp("pooled"))


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Debian Chromium through Playwright, one per test module."""
    from playwright.sync_api import sync_playwright

    from tests.browser import ARGS, CHROMIUM

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()
