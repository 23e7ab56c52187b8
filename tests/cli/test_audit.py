"""`kansrijk audit`: the attacker's check of a publication, from the published rows only."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pytest
from click.testing import CliRunner

from kansrijk.areas import AreaRegistry
from kansrijk.cli import cli
from tests.features.test_disclosure_lp_attack import _counts


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("audit")
    data = folder / "tellingen.csv"
    data.write_text(_counts(AreaRegistry.load(), np.random.default_rng(5)), encoding="utf-8")
    db = folder / "store.duckdb"
    result = CliRunner().invoke(cli, ["import", "--db", str(db), str(data)])
    assert result.exit_code == 0, result.output
    return db


def test_a_protected_publication_passes(store: Path) -> None:
    result = CliRunner().invoke(cli, ["audit", "--db", str(store)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:3] == ["indicator", "te_klein", "privacy"]
    assert {line.split()[0] for line in lines[2:-1]} == {"ks08", "ks15"}
    assert lines[-1].startswith("Geen klein aantal af te leiden (")


def test_publishing_what_protects_a_small_number_is_found(store: Path, tmp_path: Path) -> None:
    """Publish every privacy figure with its exact counts: the audit must name small numbers."""
    leaky = tmp_path / "lek.duckdb"
    leaky.write_bytes(store.read_bytes())
    publish_privacy_figures(leaky)
    result = CliRunner().invoke(cli, ["audit", "--db", str(leaky), "--indicator", "ks15"])
    assert result.exit_code == 1
    assert "kleine aantallen zijn te nauw af te leiden uit de publicatie" in result.output
    assert "ks15" in result.output.split("af te leiden", 1)[1]


def publish_privacy_figures(db: Path) -> None:
    """Make a store leak: every figure hidden for privacy published with its exact counts."""
    con = duckdb.connect(str(db))
    con.execute("""
        UPDATE published AS p SET status = 'gepubliceerd', reason = NULL,
               numerator = r.numerator, denominator = r.denominator
        FROM results AS r
        WHERE p.status = 'privacy' AND r.indicator = p.indicator AND r.area_code = p.area_code
          AND r.period = p.period
    """)
    con.close()


def test_an_unknown_indicator_is_refused(store: Path) -> None:
    result = CliRunner().invoke(cli, ["audit", "--db", str(store), "--indicator", "ks99"])
    assert result.exit_code == 1
    assert result.output.strip() == "Fout: onbekende indicator: ks99"
