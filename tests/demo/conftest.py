"""One generated demo data set (2015-2019) shared by the demo tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from kansrijk.demo import DemoFiles, generate_demo

FIXTURE_YEARS = range(2015, 2020)


@pytest.fixture(scope="session")
def demo_2015_2019(tmp_path_factory: pytest.TempPathFactory) -> DemoFiles:
    """The demo data for 2015-2019 with the default seed."""
    return generate_demo(Path(tmp_path_factory.mktemp("demo")), years=FIXTURE_YEARS)
