"""Every command that reads a store says the same from a DuckDB file and from the same data migrated to
PostgreSQL (``--db`` against ``--server``): one front door over both stores."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner, Result

from kansrijk.cli import cli


def _run(args: list[str]) -> Result:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, (args, result.output)
    return result


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _without_seconds(text: str) -> str:
    """The audit's table without its timing column (the last one), which differs from run to run."""
    return "\n".join(re.sub(r"\s+\d+,\d\s*$", "", line) for line in text.splitlines())


def test_reading_commands_agree_on_duckdb_and_postgresql(pg_url: str, small_store: Path, tmp_path: Path) -> None:
    _run(["migrate", "--db", str(small_store), "--server", pg_url])
    stores = {"duckdb": ["--db", str(small_store)], "postgresql": ["--server", pg_url]}
    for command in (["dashboard"], ["dashboard", "--area", "Arnhem"], ["export", "--format", "csv"],
                    ["export", "--format", "json", "--indicator", "ks13", "--area", "GM0202"]):
        local, server = (_run([*command, *where]).output for where in stores.values())
        assert local == server, command
        assert local.strip(), command
    local, server = (_run(["audit", "--indicator", "ks08", *where]).output for where in stores.values())
    assert _without_seconds(local) == _without_seconds(server)
    assert "Geen klein aantal af te leiden" in local
    # The largest denominator hidden for privacy comes from the exact results, on the server too.
    header, _, row = local.splitlines()[:3]
    assert row.split()[0] == "ks08" and "grootste verborgen noemer" in header

    for name, where in stores.items():
        _run(["report", "--area", "Arnhem", "--format", "html", "--out", str(tmp_path / "report" / name), *where])
        _run(["site", "--out", str(tmp_path / "site" / name), *where])
    for kind in ("report", "site"):
        local_tree, server_tree = (_tree(tmp_path / kind / name) for name in stores)
        assert local_tree and local_tree.keys() == server_tree.keys(), kind
        differing = [path for path in local_tree if local_tree[path] != server_tree[path]]
        assert not differing, (kind, differing[:5])
