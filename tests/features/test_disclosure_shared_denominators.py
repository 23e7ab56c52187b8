"""Two measures that count outcomes among the same births publish the same denominators, so an
attacker solves them together: a denominator one measure hides is public when the other publishes it.

Flevoland in 2020, as an aggregate import through the CLI: Urk has 5 births (too small in both
measures). Big2 (ks12.a) is also too small in Dronten, preterm birth (ks12.vroeg) in Noordoostpolder.
Protected one measure at a time, each measure hides Urk with its own other small figure and needs
nothing more; but then Dronten's births are published by ks12.vroeg and Noordoostpolder's by ks12.a,
and Urk's 5 births are the province's total minus the rest. Protected together, the births of Urk
and of one more gemeente (the smallest, Zeewolde) stay hidden in both measures. The suite's
independent attacker (test_disclosure_lp_attack) solves both measures with one denominator per cell.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from kansrijk.areas import AreaRegistry
from kansrijk.cli import cli
from kansrijk.store import Store
from tests.cli.test_audit import publish_privacy_figures
from tests.features.test_disclosure_lp_attack import _small_counts, attack, import_counts, told_small

URK, ZEEWOLDE, DRONTEN, NOORDOOSTPOLDER = "GM0184", "GM0050", "GM0303", "GM0171"
BIRTHS = {URK: 5, ZEEWOLDE: 200, DRONTEN: 300, NOORDOOSTPOLDER: 400, "GM0995": 800, "GM0034": 2000}
NUMERATORS = {
    "ks12.a": {URK: 1, ZEEWOLDE: 30, DRONTEN: 4, NOORDOOSTPOLDER: 60, "GM0995": 120, "GM0034": 300},
    "ks12.vroeg": {URK: 0, ZEEWOLDE: 14, DRONTEN: 21, NOORDOOSTPOLDER: 3, "GM0995": 56, "GM0034": 140},
}


def _counts(births: dict[str, int], numerators: dict[str, dict[str, int]]) -> str:
    """The aggregate file of 2020: per measure and gemeente its numerator and the births."""
    lines = ["indicator;gebied;periode;teller;noemer"]
    lines += [f"{m};{g};2020;{counts[g]};{births[g]}" for m, counts in numerators.items() for g in births]
    return "\n".join(lines) + "\n"


@pytest.fixture()
def db(tmp_path: Path, areas: AreaRegistry) -> Path:
    assert sorted(areas.members("PV24")) == sorted(BIRTHS)
    return import_counts(tmp_path, _counts(BIRTHS, NUMERATORS))


def test_measures_with_the_same_births_hide_the_same_births(db: Path, areas: AreaRegistry) -> None:
    with Store.open(db, read_only=True) as store:
        published = store.query("SELECT * FROM published WHERE indicator IN ('ks12.a', 'ks12.vroeg')")
        results = store.query("SELECT * FROM results WHERE indicator IN ('ks12.a', 'ks12.vroeg')")
    status = {(r["indicator"], r["area_code"]): r["status"] for r in published}
    assert status[("ks12.a", URK)] == status[("ks12.vroeg", URK)] == "te_klein"
    assert status[("ks12.a", DRONTEN)] == status[("ks12.vroeg", NOORDOOSTPOLDER)] == "te_klein"
    assert status[("ks12.a", "PV24")] == status[("ks12.vroeg", "PV24")] == "gepubliceerd"
    # Urk's births are hidden behind the same other gemeente in both measures.
    hidden = [{g for (m, g), s in status.items() if m == measure and s != "gepubliceerd"}
              for measure in NUMERATORS]
    assert len((hidden[0] & hidden[1]) - {URK}) >= 1
    small = {key: counts for m in NUMERATORS for key, counts in _small_counts(results, m).items()}
    assert "noemer" in small[("ks12.a", URK, "2020")]
    assert attack(published, areas, small, told_small=told_small(results, *NUMERATORS)) == []


def test_the_audit_solves_measures_with_the_same_births_together(db: Path) -> None:
    """Publish what protects Urk's births in both measures: each measure alone still hides Urk
    behind its own other small figure, and only the two together give Urk's 5 births away."""
    publish_privacy_figures(db)
    con = duckdb.connect(str(db))
    hidden = con.execute("SELECT indicator, area_code FROM published WHERE status <> 'gepubliceerd' "
                         "AND area_level = 'gemeente' ORDER BY 1, 2").fetchall()
    con.close()
    assert hidden == [("ks12.a", URK), ("ks12.a", DRONTEN), ("ks12.vroeg", NOORDOOSTPOLDER), ("ks12.vroeg", URK)]
    for only in ([], ["--indicator", "ks12.a"]):  # the other measure's figures are used all the same
        result = CliRunner().invoke(cli, ["audit", "--db", str(db), *only])
        assert result.exit_code == 1, result.output
        found = result.output.split("af te leiden", 1)[1]
        assert URK in found and "noemer" in found


def test_a_denominator_the_other_measure_publishes_is_known_though_none_is_small(
        tmp_path: Path, areas: AreaRegistry) -> None:
    """No denominator is small here, but no kraamzorg (ks10) in Zeewolde is: 95 of 100 households (5
    with). Its cheapest partner is Urk, 10 of 21. In ks10 alone the households of both are hidden, and
    Zeewolde's 5 may lie anywhere from 0 to 6. But the mother's debts (ks08, among the same
    households) publish both (Urk 10 of 21, Zeewolde 30 of 100), so Urk's ks10 is at least 10 and at
    most 11 (neither it nor its complement is small), and Zeewolde's 5 lie between 5 and 6. The check
    therefore takes every other denominator as public. (Not Big2 and preterm birth: preterm birth
    within Big2, 10 of Urk's 10, is withheld per gemeente, docs/disclosure.md rule 6.)"""
    births = {URK: 21, ZEEWOLDE: 100, DRONTEN: 300, NOORDOOSTPOLDER: 400, "GM0995": 800, "GM0034": 2000}
    numerators = {"ks10": {URK: 10, ZEEWOLDE: 95, DRONTEN: 45, NOORDOOSTPOLDER: 60, "GM0995": 120, "GM0034": 300},
                  "ks08": {URK: 10, ZEEWOLDE: 30, DRONTEN: 21, NOORDOOSTPOLDER: 28, "GM0995": 56, "GM0034": 140}}
    db = import_counts(tmp_path, _counts(births, numerators))
    with Store.open(db, read_only=True) as store:
        published = store.query("SELECT * FROM published WHERE indicator IN ('ks10', 'ks08')")
        results = store.query("SELECT * FROM results WHERE indicator IN ('ks10', 'ks08')")
    status = {(r["indicator"], r["area_code"]): r["status"] for r in published}
    assert status[("ks10", ZEEWOLDE)] == "te_klein"
    assert status[("ks08", ZEEWOLDE)] == status[("ks08", URK)] == "gepubliceerd"
    small = {key: counts for m in numerators for key, counts in _small_counts(results, m).items()}
    assert "complement" in small[("ks10", ZEEWOLDE, "2020")]
    assert attack(published, areas, small, told_small=told_small(results, *numerators)) == []
