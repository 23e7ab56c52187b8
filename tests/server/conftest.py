"""Fixtures of the server-mode tests: one small computed DuckDB store per test process."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.server.stores import build_small_store


@pytest.fixture(scope="session")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A computed DuckDB store (aggregate counts and birth records); never written by a test."""
    return build_small_store(tmp_path_factory.mktemp("small"))
