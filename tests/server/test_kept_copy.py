"""Commands on a server keep their working copy between runs: the next command copies only what
changed in PostgreSQL, recomputes only the measures whose inputs changed, and publishes exactly what
a whole recompute of the same inputs publishes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.cli import cli
from kansrijk.intake.importer import import_aggregates
from kansrijk.pipeline import compute
from kansrijk.server.working import cache_path
from kansrijk.store import Store
from tests.server.stores import duck_rows, pg_rows, write_year_counts


HOLD = "import sys, time, duckdb; con = duckdb.connect(sys.argv[1]); print('holding', flush=True); time.sleep(120)"


def _import(url: str, path: Path) -> str:
    result = CliRunner().invoke(cli, ["import", "--server", url, "--synthetic", str(path)])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_kept_copy_publishes_what_a_whole_recompute_publishes(pg_url: str, tmp_path: Path,
                                                                catalogues: Catalogues, areas: AreaRegistry) -> None:
    files = [write_year_counts(tmp_path / "ks08.csv", areas, "ks08", 2020),
             write_year_counts(tmp_path / "ks13.csv", areas, "ks13", 2021),
             write_year_counts(tmp_path / "ks13b.csv", areas, "ks13", 2022, seed=3)]
    _import(pg_url, files[0])
    assert cache_path(pg_url).exists()
    _import(pg_url, files[1])
    # Another process holds the kept copy: this command works on a copy in memory.
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(cache_path(pg_url))], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        _import(pg_url, files[2])
    finally:
        holder.kill()
        holder.wait()
    with Store.open(tmp_path / "whole.duckdb") as whole:
        for path in files:
            import_aggregates(whole, [path], catalogues, areas, synthetic=True)
        compute(whole, catalogues, areas)
        for table in ("results", "published"):
            assert pg_rows(pg_url, table) == duck_rows(whole, table), table
        assert len(duck_rows(whole, "published", "WHERE indicator = 'ks13' AND period = '2022'")) > 300


def test_the_cache_folder_is_the_test_runs_own(working_copy_cache: Path) -> None:
    assert cache_path("postgresql://kansrijk@localhost/x").parent == working_copy_cache
