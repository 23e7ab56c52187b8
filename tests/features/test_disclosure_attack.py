"""Differencing attack on published results: no suppressed value can be derived.

The data set: every gemeente of Fryslân and Groningen (incl. the Wadden islands, a few dozen births a
year) with random counts for ks08 (percentage, persons, 5-year pooled figures), 2015-2021, imported as
an aggregate file and computed by the real pipeline. The attacker knows every published number and
that totals are sums of their parts (regions of gemeenten, pooled periods of years). The audit below
is written independently of kansrijk.disclosure: it solves the linear system exactly.
"""

import numpy as np
import pytest
from click.testing import CliRunner

from kansrijk.areas import AreaRegistry
from kansrijk.cli import cli
from kansrijk.store import Store

INDICATOR = "ks08"
YEARS = range(2015, 2022)


@pytest.fixture(scope="module")
def computed(tmp_path_factory):
    areas = AreaRegistry.load()
    rng = np.random.default_rng(7)
    lines = ["indicator,gebied,periode,teller,noemer"]
    for year in YEARS:
        for gemeente in areas.gemeenten(year):
            if areas.current_code(gemeente.code, year) not in set(
                areas.members("PV20")
            ) | set(areas.members("PV21")):
                continue
            births = int(rng.integers(5, 60)) if "Schiermonnikoog" in gemeente.name or rng.random() < 0.4 else int(rng.integers(60, 900))
            debts = int(rng.binomial(births, 0.05))
            lines.append(f"{INDICATOR},{gemeente.code},{year},{debts},{births}")
    folder = tmp_path_factory.mktemp("attack")
    data = folder / "counts.csv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = folder / "attack.duckdb"
    result = CliRunner().invoke(cli, ["import", "--db", str(db), str(data)])
    assert result.exit_code == 0, result.output
    store = Store.open(db, read_only=True)
    exact = store.query("SELECT * FROM results WHERE indicator = ?", [INDICATOR])
    published = store.query("SELECT * FROM published WHERE indicator = ?", [INDICATOR])
    store.close()
    return areas, exact, published


def _vectors(areas, exact):
    """Each result row as a 0/1 vector over the gemeente-year cells it adds up."""
    cells = {}
    for row in exact:
        if row["area_level"] == "gemeente" and row["period_start"] == row["period_end"]:
            cells[(row["area_code"], row["period_start"])] = len(cells)
    vectors = {}
    for row in exact:
        members = [row["area_code"]] if row["area_level"] == "gemeente" else areas.members(row["area_code"])
        vec = np.zeros(len(cells))
        for code in members:
            for year in range(row["period_start"], row["period_end"] + 1):
                if (code, year) in cells:
                    vec[cells[(code, year)]] = 1
        vectors[(row["area_code"], row["period"])] = vec
    return vectors


def test_small_counts_are_suppressed(computed):
    _, exact, published = computed
    by_key = {(r["area_code"], r["period"]): r for r in exact}
    hidden = [r for r in published if r["status"] != "gepubliceerd"]
    assert any(r["status"] == "te_klein" for r in hidden)
    for row in published:
        truth = by_key[(row["area_code"], row["period"])]
        small = min(truth["numerator"], truth["denominator"], truth["denominator"] - truth["numerator"]) < 10
        if small:
            assert row["status"] == "te_klein"
            assert row["numerator"] is None and row["value"] is None and row["lower"] is None
        if row["status"] == "gepubliceerd":
            assert row["numerator"] >= 10 and row["denominator"] - row["numerator"] >= 10


def test_no_single_hidden_part_under_a_published_total(computed):
    areas, exact, published = computed
    status = {(r["area_code"], r["period"]): r["status"] for r in published}
    vectors = _vectors(areas, exact)
    cell_rows = {k: v for k, v in vectors.items() if v.sum() == 1}
    for key, vec in vectors.items():
        if status[key] != "gepubliceerd" or vec.sum() <= 1:
            continue
        parts = [k for k, v in cell_rows.items() if (v @ vec) == 1]
        hidden = [k for k in parts if status[k] != "gepubliceerd"]
        assert len(hidden) != 1, f"{key} minus its published parts gives {hidden[0]}"


def test_no_small_number_is_derivable_by_linear_algebra(computed):
    """Every `te_klein` figure stays unknown to an attacker who solves all published sums at once.

    (A `privacy` figure is hidden only to protect the small ones; it holds no small number itself.)
    """
    areas, exact, published = computed
    status = {(r["area_code"], r["period"]): r["status"] for r in published}
    vectors = _vectors(areas, exact)
    known = np.array([v for k, v in vectors.items() if status[k] == "gepubliceerd"])
    rank = np.linalg.matrix_rank(known)
    leaks = []
    for key, vec in vectors.items():
        if status[key] == "te_klein" and vec.any():
            if np.linalg.matrix_rank(np.vstack([known, vec])) == rank:
                leaks.append(key)
    assert leaks == []
