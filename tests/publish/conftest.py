"""One computed store for the report and context tests (built once per session)."""

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kansrijk.areas import AreaRegistry
from kansrijk.cli import cli
from kansrijk.store import Store

sys.path.insert(0, str(Path(__file__).parent))
from report_fixture import write_counts  # noqa: E402


@pytest.fixture(scope="session")
def report_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reports")
    counts = write_counts(folder, AreaRegistry.load())
    db = folder / "reports.duckdb"
    result = CliRunner().invoke(cli, ["import", "--synthetic", "--db", str(db), str(counts)])
    assert result.exit_code == 0, result.output
    store = Store.open(db, read_only=True)
    yield store
    store.close()


