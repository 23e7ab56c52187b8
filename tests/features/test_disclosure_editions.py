"""A second edition, set beside the first, reveals no small number.

Edition 1 publishes 2016-2020; a year later edition 2 adds 2021 (same counts for the earlier years).
Its pooled window moves from 2016-2020 to 2017-2021, and its secondary suppressions may differ: an
attacker holding both publications has the equations of both. The store keeps a ledger of what each
edition published, and disclosure control treats those figures as known. The independent attacker
of ``test_disclosure_lp_attack`` solves both publications together. Same data as there.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from kansrijk.areas import AreaRegistry
from kansrijk.cli import cli
from kansrijk.disclosure import apply_disclosure
from kansrijk.disclosure.audit import audit_publication, with_earlier
from kansrijk.store import Store
from tests.features.test_disclosure_lp_attack import _counts, _small_counts, attack, told_small


def _split(text: str) -> tuple[str, str]:
    header, *lines = text.splitlines()
    first = [line for line in lines if line.split(",")[2] != "2021"]
    later = [line for line in lines if line.split(",")[2] == "2021"]
    return "\n".join([header, *first]) + "\n", "\n".join([header, *later]) + "\n"


def _import(db, path) -> tuple[list[dict], list[dict]]:
    result = CliRunner().invoke(cli, ["import", "--db", str(db), str(path)])
    assert result.exit_code == 0, result.output
    with Store.open(db, read_only=True) as store:
        return store.query("SELECT * FROM published"), store.query("SELECT * FROM results")


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory, areas: AreaRegistry):
    folder = tmp_path_factory.mktemp("editions")
    first, later = _split(_counts(areas, np.random.default_rng(2024)))
    (folder / "2016-2020.csv").write_text(first, encoding="utf-8")
    (folder / "2021.csv").write_text(later, encoding="utf-8")
    db = folder / "store.duckdb"
    one = _import(db, folder / "2016-2020.csv")
    two = _import(db, folder / "2021.csv")
    with Store.open(db, read_only=True) as store:
        ledger_rows = store.con.execute("SELECT count(*), count(DISTINCT published_at) FROM ledger").fetchone()
    return one, two, ledger_rows


def test_the_ledger_holds_both_editions(editions):
    (published_one, _), (published_two, _), (rows, dates) = editions
    shown = {(r["indicator"], r["area_code"], r["period"]) for r in published_one + published_two
             if r["status"] == "gepubliceerd"}
    assert dates == 2
    assert rows >= len(shown)


@pytest.mark.parametrize("indicator", ["ks08", "ks15"])
def test_two_editions_together_reveal_no_small_number(editions, areas, indicator):
    (published_one, results_one), (published_two, results_two), _ = editions
    rows = [r for r in published_one + published_two if r["indicator"] == indicator]
    small = {**_small_counts(results_one, indicator), **_small_counts(results_two, indicator)}
    windows = {r["period"] for r in rows if r["period_start"] != r["period_end"]}
    assert windows == {"2016-2020", "2017-2021"}  # the moving window is in the attack
    told = {**told_small(results_one, indicator), **told_small(results_two, indicator)}
    assert attack(rows, areas, small, told_small=told) == []


def test_without_the_ledger_the_editions_together_do_reveal_small_numbers(editions, areas, catalogues):
    """The same second edition computed as if nothing had been published before: set beside the
    first, the attacker who also reads which hidden figures are too small pins small numbers of a
    rare measure (from the moving window and the new year). Which of the two leaks depends on the
    order of the checks; that one does, not."""
    (published_one, results_one), (_, results_two), _ = editions
    measures = {m.id: m for m in catalogues.measures() if m.unit != "text"}
    frame = pd.DataFrame(results_two)
    alone = apply_disclosure(frame, measures, areas).to_dict(orient="records")
    alone = [{k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in r.items()} for r in alone]

    def leaks(indicator: str) -> bool:
        rows = [r for r in published_one + alone if r["indicator"] == indicator]
        small = {**_small_counts(results_one, indicator), **_small_counts(results_two, indicator)}
        told = {**told_small(results_one, indicator), **told_small(results_two, indicator)}
        return attack(rows, areas, small, told_small=told) != []

    assert leaks("ks15") or leaks("ks08")


def test_the_audit_holds_the_earlier_edition_beside_this_one(editions, areas, catalogues):
    """The audit sets a publication beside what the ledger says earlier editions published: the
    second edition computed without the ledger passes on its own, and fails beside the first; the
    one computed with the ledger passes."""
    (published_one, _), (published_two, results_two), _ = editions
    measures = {m: catalogues.measure(m) for m in ("ks08", "ks15")}
    # As the store gives them: reference dates as timestamps.
    results, shown = (pd.DataFrame(rows).assign(reference_date=lambda f: pd.to_datetime(f["reference_date"]))
                      for rows in (results_two, published_two))
    ledger = pd.DataFrame([r for r in published_one if r["status"] == "gepubliceerd"])[
        ["indicator", "area_code", "period_start", "period_end", "reference_date", "numerator", "denominator"]]
    every = {m.id: m for m in catalogues.measures() if m.unit != "text"}
    alone = apply_disclosure(results, every, areas)

    def findings(published: pd.DataFrame, earlier: pd.DataFrame | None) -> list:
        exact = results
        if earlier is not None:
            published, exact = with_earlier(published, results, earlier, areas, every)
        audits = audit_publication(published, measures, areas.membership(), exact)
        return [f for a in audits for f in a.findings]

    assert findings(alone, None) == []
    beside, _ = with_earlier(alone, results, ledger, areas, every)
    assert "2016-2020" in set(beside["period"])  # the first edition's pooled window is in the attack
    assert findings(alone, ledger) != []
    assert findings(shown, ledger) == []
    # A figure hidden now that the first edition published with the same counts is public all the same.
    year = shown.index[(shown["period"] == "2018") & (shown["status"] == "gepubliceerd")
                       & (shown["area_level"] == "gemeente")][0]
    hidden = shown.copy()
    hidden.loc[year, ["status", "numerator", "denominator"]] = ["privacy", np.nan, np.nan]
    view, _ = with_earlier(hidden, results, ledger, areas, every)
    assert view.loc[year, ["status", "numerator", "denominator"]].tolist() == \
        shown.loc[year, ["status", "numerator", "denominator"]].tolist()
    assert with_earlier(hidden, results, ledger.iloc[:0], areas, every)[0].loc[year, "status"] == "privacy"


def test_the_ledger_keeps_the_exact_counts_of_figures_published_rounded(tmp_path):
    """gm04 publishes its counts rounded to tens, with the value computed from the exact counts
    beside them, which gives them back (docs/disclosure.md, rule 5). The next edition must take
    the exact counts as known, so the ledger keeps those, not the rounded ones."""
    data = tmp_path / "gm04.csv"
    data.write_text("indicator,gebied,periode,teller,noemer\ngm04,GM0200,2022,431,4893\n"
                    "gm04,GM0202,2022,157,1203\ngm04,GM0203,2022,4,120\n", encoding="utf-8")
    published, _ = _import(tmp_path / "store.duckdb", data)
    shown = {r["area_code"]: (r["numerator"], r["denominator"]) for r in published if r["status"] == "gepubliceerd"}
    assert shown == {"GM0200": (430, 4890), "GM0202": (160, 1200)}
    with Store.open(tmp_path / "store.duckdb", read_only=True) as store:
        kept = {r["area_code"]: (r["numerator"], r["denominator"]) for r in store.ledger().to_dict("records")}
    assert kept == {"GM0200": (431, 4893), "GM0202": (157, 1203)}
