"""Two measures whose populations nest give away the persons in one and not the other: all births
from 24 weeks (ks12.b) less the live births from 24 weeks (ks12.d) are the stillbirths, by one
subtraction of published denominators. The catalogue says which populations nest
(``population_within``) and the audit names every such difference below the threshold.

Flevoland in 2020, as an aggregate import through the CLI; every count is at least 10, so nothing
is hidden, and the stillbirths per gemeente are chosen: small in five gemeenten, 12 in Almere. The
numerators (Big2 among those births) nest the same way, as both measures count the same condition.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.cli import cli
from kansrijk.disclosure.audit import audit_publication
from kansrijk.engine.compute import computable
from kansrijk.store import Store
from tests.features.test_disclosure_lp_attack import import_counts

GEMEENTEN = ["GM0184", "GM0050", "GM0303", "GM0171", "GM0995", "GM0034"]  # Urk ... Almere: Flevoland
BIRTHS = [300, 250, 400, 500, 900, 2000]
BIG2 = [45, 37, 60, 75, 135, 300]
STILLBORN = [2, 0, 1, 3, 4, 12]
STILLBORN_BIG2 = [1, 0, 1, 2, 3, 8]


def _counts(stillborn: list[int], stillborn_big2: list[int]) -> str:
    lines = ["indicator;gebied;periode;teller;noemer"]
    for g, births, big2, dead, dead_big2 in zip(GEMEENTEN, BIRTHS, BIG2, stillborn, stillborn_big2):
        lines += [f"ks12.b;{g};2020;{big2};{births}", f"ks12.d;{g};2020;{big2 - dead_big2};{births - dead}"]
    return "\n".join(lines) + "\n"


def _differences(db: Path, areas: AreaRegistry) -> set[tuple[str, str, float]]:
    with Store.open(db, read_only=True) as store:
        published = store.con.execute("SELECT * FROM published").df()
    every = computable(Catalogues.load())
    measures = {m: every[m] for m in ("ks12.b", "ks12.d")}
    audits = audit_publication(published, measures, areas.membership(), related=every)
    return {(f.area_code, f.count, f.lower) for a in audits for f in a.findings}


def _import(folder: Path, text: str) -> tuple[Path, str]:
    """``import_counts``, with what the import (and the compute it ends with) printed."""
    data = folder / "tellingen.csv"
    data.write_text(text, encoding="utf-8")
    db = folder / "store.duckdb"
    result = CliRunner().invoke(cli, ["import", "--db", str(db), str(data)])
    assert result.exit_code == 0, result.output
    return db, result.output


def test_the_audit_names_the_stillbirths_two_denominators_give_away(tmp_path: Path, areas: AreaRegistry) -> None:
    assert sorted(areas.members("PV24")) == sorted(GEMEENTEN)
    db, printed = _import(tmp_path, _counts(STILLBORN, STILLBORN_BIG2))
    with Store.open(db, read_only=True) as store:
        statuses = {s for (s,) in store.con.execute(
            "SELECT DISTINCT status FROM published WHERE indicator IN ('ks12.b', 'ks12.d')").fetchall()}
    assert statuses == {"gepubliceerd"}  # no count is small: each measure alone is safe
    expected = {(g, "noemer van ks12.b min deze", float(d)) for g, d in zip(GEMEENTEN, STILLBORN) if d < 10}
    expected |= {(g, "teller van ks12.b min deze", float(d)) for g, d in zip(GEMEENTEN, STILLBORN_BIG2) if d < 10}
    assert len(expected) == 11  # Almere's 12 stillbirths are not small; its 8 among Big2 are
    assert _differences(db, areas) == expected  # Flevoland's 22 (and 15) are not small either
    # Computing says so too: whoever publishes learns of it.
    assert "Let op: 11 kleine aantallen zijn af te leiden als verschil" in printed
    result = CliRunner().invoke(cli, ["audit", "--db", str(db)])
    assert result.exit_code == 1, result.output
    assert "noemer van ks12.b min deze" in result.output


@pytest.mark.parametrize("extra", [10, 25])
def test_differences_of_at_least_the_threshold_pass(tmp_path: Path, areas: AreaRegistry, extra: int) -> None:
    db, printed = _import(tmp_path, _counts([d + extra for d in STILLBORN], [d + extra for d in STILLBORN_BIG2]))
    assert _differences(db, areas) == set()
    assert "Let op" not in printed
    result = CliRunner().invoke(cli, ["audit", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("Geen klein aantal af te leiden (")


# Big2 (ks12.a) is preterm (ks12.vroeg) or small (ks12.klein), each within Big2 (``within``): per
# gemeente the children preterm only, small only, and both, among the same births.
PRETERM_ONLY = [30, 20, 7, 40, 60, 150]
SMALL_ONLY = [20, 15, 30, 4, 50, 100]
BOTH = [5, 2, 12, 9, 30, 40]


def test_the_audit_names_what_big2_and_its_parts_give_away(tmp_path: Path, areas: AreaRegistry) -> None:
    lines = ["indicator;gebied;periode;teller;noemer"]
    for g, births, p, s, b in zip(GEMEENTEN, BIRTHS, PRETERM_ONLY, SMALL_ONLY, BOTH):
        lines += [f"ks12.a;{g};2020;{p + s + b};{births}", f"ks12.vroeg;{g};2020;{p + b};{births}",
                  f"ks12.klein;{g};2020;{s + b};{births}"]
    db = import_counts(tmp_path, "\n".join(lines) + "\n")
    with Store.open(db, read_only=True) as store:
        published = store.con.execute("SELECT * FROM published").df()
    big2 = published[published["indicator"].isin(["ks12.a", "ks12.vroeg", "ks12.klein"])]
    assert set(big2["status"]) == {"gepubliceerd"}  # no count is small: each measure alone is safe
    every = computable(Catalogues.load())
    audits = audit_publication(published, {m: every[m] for m in ("ks12.a", "ks12.vroeg", "ks12.klein")},
                               areas.membership(), related=every)
    found = {(f.indicator, f.area_code, f.lower) for a in audits for f in a.findings}
    # Big2 less preterm is small only; Big2 less small is preterm only; the parts less Big2 are both.
    expected = {("ks12.vroeg", g, float(s)) for g, s in zip(GEMEENTEN, SMALL_ONLY) if s < 10}
    expected |= {("ks12.klein", g, float(p)) for g, p in zip(GEMEENTEN, PRETERM_ONLY) if p < 10}
    expected |= {("ks12.a", g, float(b)) for g, b in zip(GEMEENTEN, BOTH) if b < 10}
    assert len(expected) == 5
    assert found == expected  # Flevoland's sums are not small
