"""Two measures whose populations nest give away the persons in one and not the other: all births
from 24 weeks (ks12.b) less the live births from 24 weeks (ks12.d) are the stillbirths, by one
subtraction of published denominators. The catalogue says which populations nest
(``population_within``); disclosure control protects every such difference as a small number of its
own, figure by figure, and the audit names every small difference a publication gives.

Flevoland in 2020, as an aggregate import through the CLI; every count is at least 10, so each
measure alone hides nothing, and the stillbirths per gemeente are chosen: small in five gemeenten,
12 in Almere, 22 in the province. The numerators (Big2 among those births) nest the same way, as
both measures count the same condition.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
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
WITHHELD = "Niet getoond om privacyredenen: naast een verwant cijfer"


def _counts(stillborn: list[int], stillborn_big2: list[int]) -> str:
    lines = ["indicator;gebied;periode;teller;noemer"]
    for g, births, big2, dead, dead_big2 in zip(GEMEENTEN, BIRTHS, BIG2, stillborn, stillborn_big2):
        lines += [f"ks12.b;{g};2020;{big2};{births}", f"ks12.d;{g};2020;{big2 - dead_big2};{births - dead}"]
    return "\n".join(lines) + "\n"


def _published(db: Path) -> pd.DataFrame:
    with Store.open(db, read_only=True) as store:
        return store.con.execute("SELECT * FROM published").df()


def _findings(published: pd.DataFrame, areas: AreaRegistry, names: tuple[str, ...]) -> set[tuple[str, str, str, float]]:
    every = computable(Catalogues.load())
    audits = audit_publication(published, {m: every[m] for m in names}, areas.membership(), related=every)
    return {(f.indicator, f.area_code, f.count, f.lower) for a in audits for f in a.findings}


def _side_by_side(published: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """Numerators and denominators of the figures of ``names`` published for the same area and
    period, one column per measure."""
    shown = published[(published["status"] == "gepubliceerd") & published["indicator"].isin(names)]
    table = shown.pivot_table(index=["area_code", "period"], columns="indicator", values=["numerator", "denominator"])
    return table.dropna()


def test_the_live_births_are_withheld_per_gemeente_where_the_stillbirths_are_small(
        tmp_path: Path, areas: AreaRegistry) -> None:
    assert sorted(areas.members("PV24")) == sorted(GEMEENTEN)
    published = _published(import_counts(tmp_path, _counts(STILLBORN, STILLBORN_BIG2)))
    gemeenten = published[published["area_level"] == "gemeente"].set_index(["indicator", "area_code"])
    # Five gemeenten have fewer than 10 stillbirths and all six fewer than 10 among Big2: ks12.d is
    # withheld in every gemeente (Almere's too, or the province less the five would give its 8), with
    # its reason; ks12.b, the outer measure, is published.
    for g in GEMEENTEN:
        assert gemeenten.loc[("ks12.b", g), "status"] == "gepubliceerd"
        row = gemeenten.loc[("ks12.d", g)]
        assert row["status"] == "privacy" and row["reason"].startswith(WITHHELD)
        assert pd.isna(row["numerator"]) and pd.isna(row["denominator"])
    # In Flevoland (the province and its GGD region) the 22 stillbirths are not small: both.
    both = _side_by_side(published, ["ks12.b", "ks12.d"])
    assert set(both.index.get_level_values("area_code")) == {"PV24", "GG2209"}
    assert ((both["denominator"]["ks12.b"] - both["denominator"]["ks12.d"]) == sum(STILLBORN)).all()
    assert ((both["numerator"]["ks12.b"] - both["numerator"]["ks12.d"]) == sum(STILLBORN_BIG2)).all()
    assert _findings(published, areas, ("ks12.b", "ks12.d")) == set()
    result = CliRunner().invoke(cli, ["audit", "--db", str(tmp_path / "store.duckdb")])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("extra", [10, 25])
def test_differences_of_at_least_the_threshold_are_published(tmp_path: Path, areas: AreaRegistry, extra: int) -> None:
    published = _published(import_counts(tmp_path, _counts([d + extra for d in STILLBORN],
                                                           [d + extra for d in STILLBORN_BIG2])))
    assert set(published.loc[published["indicator"].isin(["ks12.b", "ks12.d"]), "status"]) == {"gepubliceerd"}
    assert _findings(published, areas, ("ks12.b", "ks12.d")) == set()


def test_the_audit_names_the_stillbirths_a_publication_gives_away(tmp_path: Path, areas: AreaRegistry) -> None:
    # A publication made without the catalogue's nesting (the figures as a source printed them): the
    # audit reads only what is published, and names every small difference.
    published = _published(import_counts(tmp_path, _counts([d + 25 for d in STILLBORN],
                                                           [d + 25 for d in STILLBORN_BIG2])))
    live = (published["indicator"] == "ks12.d") & published["area_code"].isin(GEMEENTEN)
    births = published[published["indicator"] == "ks12.b"].set_index("area_code")
    at = published.loc[live, "area_code"]
    stillborn, stillborn_big2 = dict(zip(GEMEENTEN, STILLBORN)), dict(zip(GEMEENTEN, STILLBORN_BIG2))
    published.loc[live, "denominator"] = [births.loc[g, "denominator"] - stillborn[g] for g in at]
    published.loc[live, "numerator"] = [births.loc[g, "numerator"] - stillborn_big2[g] for g in at]
    expected = {("ks12.d", g, "noemer van ks12.b min deze", float(d)) for g, d in zip(GEMEENTEN, STILLBORN) if d < 10}
    expected |= {("ks12.d", g, "teller van ks12.b min deze", float(d))
                 for g, d in zip(GEMEENTEN, STILLBORN_BIG2) if d < 10}
    assert len(expected) == 11  # Almere's 12 stillbirths are not small; its 8 among Big2 are
    assert _findings(published, areas, ("ks12.b", "ks12.d")) == expected


# Big2 (ks12.a) is preterm (ks12.vroeg) or small (ks12.klein), each within Big2 (``within``): per
# gemeente the children preterm only, small only, and both, among the same births.
PRETERM_ONLY = [30, 20, 7, 40, 60, 150]
SMALL_ONLY = [20, 15, 30, 4, 50, 100]
BOTH = [5, 2, 12, 9, 30, 40]


def _big2(tmp_path: Path) -> pd.DataFrame:
    lines = ["indicator;gebied;periode;teller;noemer"]
    for g, births, p, s, b in zip(GEMEENTEN, BIRTHS, PRETERM_ONLY, SMALL_ONLY, BOTH):
        lines += [f"ks12.a;{g};2020;{p + s + b};{births}", f"ks12.vroeg;{g};2020;{p + b};{births}",
                  f"ks12.klein;{g};2020;{s + b};{births}"]
    return _published(import_counts(tmp_path, "\n".join(lines) + "\n"))


def test_big2_is_published_per_gemeente_and_its_parts_only_where_nothing_follows(
        tmp_path: Path, areas: AreaRegistry) -> None:
    published = _big2(tmp_path)
    gemeenten = published[published["area_code"].isin(GEMEENTEN)]
    status = gemeenten.set_index(["indicator", "area_code"])["status"]
    assert (status["ks12.a"] == "gepubliceerd").all()
    # Almere (150 preterm only, 100 small only, 40 both) and Lelystad (60, 50, 30) have nothing
    # small: all three figures. Every other gemeente has a small part (Urk 30, 20, 5; Zeewolde 20,
    # 15, 2; Dronten 7, 30, 12; Noordoostpolder 40, 4, 9): there a part is withheld, so that Big2 less
    # a published part (the other part only) is never small, nor the two parts less Big2 (both).
    for g, p, s, b in zip(GEMEENTEN, PRETERM_ONLY, SMALL_ONLY, BOTH):
        shown = {m for m in ("ks12.vroeg", "ks12.klein") if status[(m, g)] == "gepubliceerd"}
        assert not ("ks12.vroeg" in shown and s < 10) and not ("ks12.klein" in shown and p < 10)
        assert len(shown) < 2 or min(p, s, b) >= 10
        assert len(shown) == 2 or min(p, s, b) < 10
    assert {g for g in GEMEENTEN if status[("ks12.vroeg", g)] == status[("ks12.klein", g)] == "gepubliceerd"} == {
        "GM0034", "GM0995"}
    both = _side_by_side(published, ["ks12.a", "ks12.vroeg", "ks12.klein"])["numerator"]
    # Flevoland's sums: 307 preterm only, 219 small only, 98 both (none small), published side by side.
    flevoland = both.loc[["PV24", "GG2209"]]
    assert ((flevoland["ks12.a"] - flevoland["ks12.klein"]) == sum(PRETERM_ONLY)).all()
    assert ((flevoland["ks12.a"] - flevoland["ks12.vroeg"]) == sum(SMALL_ONLY)).all()
    assert ((flevoland["ks12.vroeg"] + flevoland["ks12.klein"] - flevoland["ks12.a"]) == sum(BOTH)).all()
    assert _findings(published, areas, ("ks12.a", "ks12.vroeg", "ks12.klein")) == set()


def test_the_audit_names_what_big2_and_its_parts_give_away(tmp_path: Path, areas: AreaRegistry) -> None:
    published = _big2(tmp_path)
    exact = published["area_code"].isin(GEMEENTEN) & published["indicator"].isin(["ks12.vroeg", "ks12.klein"])
    big2 = published[published["indicator"] == "ks12.a"].set_index("area_code")
    published.loc[exact, "status"] = "gepubliceerd"
    published.loc[exact, "denominator"] = big2.loc[published.loc[exact, "area_code"], "denominator"].to_numpy()
    parts = dict(zip(GEMEENTEN, zip(PRETERM_ONLY, SMALL_ONLY, BOTH)))
    published.loc[exact, "numerator"] = [
        parts[g][0] + parts[g][2] if m == "ks12.vroeg" else parts[g][1] + parts[g][2]
        for g, m in zip(published.loc[exact, "area_code"], published.loc[exact, "indicator"])]
    # Big2 less preterm is small only; Big2 less small is preterm only; the parts less Big2 are both.
    expected = {("ks12.vroeg", g, "teller van ks12.a min deze", float(s))
                for g, s in zip(GEMEENTEN, SMALL_ONLY) if s < 10}
    expected |= {("ks12.klein", g, "teller van ks12.a min deze", float(p))
                 for g, p in zip(GEMEENTEN, PRETERM_ONLY) if p < 10}
    expected |= {("ks12.a", g, "in ks12.vroeg en in ks12.klein", float(b))
                 for g, b in zip(GEMEENTEN, BOTH) if b < 10}
    assert len(expected) == 5
    assert _findings(published, areas, ("ks12.a", "ks12.vroeg", "ks12.klein")) == expected


def test_the_public_page_of_a_measure_withheld_per_gemeente_shows_its_regions(tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    from kansrijk.publish.web.app import create_app
    from kansrijk.publish.web.pages import WebData

    published = _published(import_counts(tmp_path, _counts(STILLBORN, STILLBORN_BIG2)))
    with Store.open(tmp_path / "store.duckdb", read_only=True) as store:
        page = TestClient(create_app(WebData.load(store))).get("/indicator/ks12.d").text
    assert "Geen kaart" in page
    section = page[page.index('id="regio-kop"'):page.index('id="tabel-kop"')]
    shown = published[(published["indicator"] == "ks12.d") & (published["status"] == "gepubliceerd")]
    # Flevoland's province and GGD region, each with the value the export publishes.
    for code in ("PV24", "GG2209"):
        value = shown.loc[shown["area_code"] == code, "value"].iloc[0]
        assert f'href="/gebied/{code}"' in section and f"{value:.1f}".replace(".", ",") + "%" in section
    assert not any(f'href="/gebied/{g}"' in section for g in GEMEENTEN)
