"""A higher area's figure is the sum of its gemeenten only when all of them are counted: supplied
counts of some gemeenten (a region's partners) never become a figure for the province or Nederland;
counts from records are over everyone, so they always add up."""

from __future__ import annotations

from pathlib import Path

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.intake.importer import import_aggregates
from kansrijk.intake.records import import_records
from kansrijk.pipeline import compute
from kansrijk.store import Store
from tests.intake.births import BIRTHS_HEADER, GOOD_BIRTHS, TwoGemeenten

MEASURE = "gm08.phb"
GGD_GM = "GG1911"  # VGGM (GGD Gelderland-Midden): the same 15 gemeenten as RGGM


def _figures(db: Path, catalogues: Catalogues, areas: AreaRegistry, lines: list[str]) -> dict[str, tuple]:
    path = db.with_suffix(".csv")
    path.write_text("\n".join(["indicator;gebied;periode;teller;noemer;status", *lines]) + "\n", encoding="utf-8")
    with Store.open(db) as store:
        import_aggregates(store, [path], catalogues, areas, synthetic=True)
        compute(store, catalogues, areas)
        rows = store.con.execute(
            "SELECT area_code, numerator, denominator FROM results WHERE indicator = ? AND period = '2023'",
            [MEASURE]).fetchall()
    return {code: (num, den) for code, num, den in rows}


def _region(areas: AreaRegistry) -> list[str]:
    return sorted(areas.members("RGGM"))


def test_a_region_adds_up_but_is_no_figure_of_the_province_or_nederland(
        tmp_path: Path, catalogues: Catalogues, areas: AreaRegistry) -> None:
    members = _region(areas)
    assert set(areas.members(GGD_GM)) == set(members) and len(members) == 15
    lines = [f"{MEASURE};{code};2023;{10 + k};{400 + k};" for k, code in enumerate(members[1:])]
    lines.append(f"{MEASURE};{members[0]};2023;;;niet_aangeboden")  # a status is an answer too
    figures = _figures(tmp_path / "a.duckdb", catalogues, areas, lines)
    expected = (sum(10 + k for k in range(14)), sum(400 + k for k in range(14)))
    assert figures["RGGM"] == figures[GGD_GM] == expected
    province = areas.parent(members[1], "provincie")
    assert "NL01" not in figures and province not in figures


def test_a_region_with_a_gemeente_missing_has_no_figure(tmp_path: Path, catalogues: Catalogues,
                                                       areas: AreaRegistry) -> None:
    lines = [f"{MEASURE};{code};2023;20;400;" for code in _region(areas)[1:]]
    figures = _figures(tmp_path / "b.duckdb", catalogues, areas, lines)
    assert "RGGM" not in figures and GGD_GM not in figures
    assert len([c for c in figures if c.startswith("GM")]) == 14


def test_a_supplied_national_figure_stands(tmp_path: Path, catalogues: Catalogues, areas: AreaRegistry) -> None:
    lines = [f"{MEASURE};{code};2023;20;400;" for code in _region(areas)] + [f"{MEASURE};NL01;2023;4100;170000;"]
    figures = _figures(tmp_path / "c.duckdb", catalogues, areas, lines)
    assert figures["NL01"] == (4100, 170000) and figures["RGGM"] == (300, 6000)


def test_counts_from_records_add_up_to_nederland(tmp_path: Path, catalogues: Catalogues) -> None:
    births = tmp_path / "geboorten.csv"
    births.write_text("\n".join([BIRTHS_HEADER, *GOOD_BIRTHS]) + "\n", encoding="utf-8")
    with Store.open(tmp_path / "d.duckdb") as store:
        import_records(store, "births", [births], areas=TwoGemeenten())
        compute(store, catalogues, AreaRegistry.load())
        rows = store.con.execute(
            "SELECT area_code, sum(denominator) FROM results WHERE indicator = 'ks12.a' AND period_start = period_end "
            "GROUP BY ALL").fetchall()
    totals = dict(rows)
    gemeenten = sum(v for code, v in totals.items() if code.startswith("GM"))
    assert totals["NL01"] == gemeenten > 0
