"""The same results give the same published figures, whatever order the rows come in.

Secondary suppression picks which extra rows to hide; a working copy of the PostgreSQL store may hold
its rows in any order, so the pick must not depend on it (else two recomputes of the same inputs publish
different patterns, and together they reveal what each one hides). The data: counts of two partner
measures for every gemeente of GGD Regio Utrecht over ten years (many small numbers), imported and
computed by the real pipeline; the published statuses of shuffled copies are compared.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from click.testing import CliRunner

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.cli import cli
from kansrijk.disclosure import apply_disclosure
from kansrijk.store import Store
from tests.portal.killed_worker import COUNTS, big_upload

KEY = ["indicator", "area_code", "period", "status"]


def statuses(published: pd.DataFrame) -> list[tuple[object, ...]]:
    return sorted(published[KEY].itertuples(index=False, name=None))


def test_published_statuses_do_not_depend_on_row_order(tmp_path: Path, catalogues: Catalogues,
                                                       areas: AreaRegistry) -> None:
    data = tmp_path / "tellingen.csv"
    data.write_bytes(big_upload(areas, COUNTS, 0))
    db = tmp_path / "store.duckdb"
    result = CliRunner().invoke(cli, ["import", "--db", str(db), str(data)])
    assert result.exit_code == 0, result.output
    with Store.open(db, read_only=True) as store:
        results = store.con.execute("SELECT * FROM results").df()
    measures = {m.id: m for m in catalogues.measures() if m.unit != "text"}
    first = statuses(apply_disclosure(results, measures, areas))
    assert any(s == "privacy" for *_, s in first)  # the data makes secondary suppression pick rows
    rng = np.random.default_rng(11)
    for _ in range(4):
        shuffled = results.iloc[rng.permutation(len(results))].reset_index(drop=True)
        assert statuses(apply_disclosure(shuffled, measures, areas)) == first
