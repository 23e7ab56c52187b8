"""The demo's regional data (``kansrijk.demo.regional``): a GGD coordinator's counts and the
professionals' questionnaire, imported and computed like real inputs, give the regional report of 004
its structure - a number or a stated reason for every indicator, regio Zuid against Gelderland-Midden."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.demo.regional import NNZ_GM, write_regional
from kansrijk.intake.importer import import_aggregates
from kansrijk.pipeline import compute
from kansrijk.programme.statements import import_statements
from kansrijk.programme.surveys import import_survey
from kansrijk.publish.reports.render import render_reports
from kansrijk.store import Store

YEARS = range(2019, 2024)


def _files(tmp_path: Path, areas: AreaRegistry) -> tuple[Path, Path, Path]:
    births = {(code, year): 150 + 37 * k for k, code in enumerate(sorted(areas.members("RGGM"))) for year in YEARS}
    return write_regional(tmp_path, births, seed=7, areas=areas)


def test_the_facts_004_states_hold(tmp_path: Path, areas: AreaRegistry) -> None:
    counts, _, _ = _files(tmp_path, areas)
    rows = list(csv.DictReader(counts.open(encoding="utf-8"), delimiter=";"))
    name = {code: areas.get(code).name for code in areas.members("RGGM")}
    joined = {(name[r["gebied"]], int(r["periode"])) for r in rows
              if r["indicator"] == "gm03.gemeenten" and r["gebied"] in name and r["teller"] == "1"}
    assert joined == {(n, y) for y, names in NNZ_GM.items() for n in names}  # Ede, Barneveld, Wageningen: 2023
    mdo = {name[r["gebied"]] for r in rows if r["indicator"] == "gm07.b" and r["status"] == "niet_aangeboden"}
    assert {"Lingewaard", "Overbetuwe", "Renkum", "Wageningen"} <= mdo  # no MDO in regio Zuid
    rozendaal = {r["indicator"] for r in rows if r["gebied"] == areas.resolve("Rozendaal").code
                 and r["status"] == "niet_aangeboden"}
    assert {"gm08.phb", "gm08.so_prenataal", "gm08.so_postnataal", "gm08.voorzorg"} <= rozendaal
    assert all(r["status"] == "privacy" for r in rows if r["indicator"] == "gm03.gesprekken" and r["gebied"] in name)


def test_regio_zuid_report_has_a_number_or_a_reason_for_every_indicator(
        tmp_path: Path, catalogues: Catalogues, areas: AreaRegistry) -> None:
    counts, survey, statements = _files(tmp_path, areas)
    with Store.open(tmp_path / "gm.duckdb") as store:
        import_aggregates(store, [counts], catalogues, areas, synthetic=True)
        import_survey(store, "professionals", [survey], areas, synthetic=True)
        import_statements(store, [statements], catalogues, areas, synthetic=True)
        compute(store, catalogues, areas)
        [made] = render_reports(store, catalogues, areas, area="Regio Zuid", catalogue="gm", out=tmp_path / "uit")
    page = made.paths[0].read_text(encoding="utf-8")
    shown = set(re.findall(r'<article class="indicator wide" id="([^"]+)"', page))
    assert shown == {m.id for m in catalogues.measures("gm")}
    assert {m.indicator_id for m in catalogues.measures("gm")} == {f"gm{n:02d}" for n in range(1, 14)}  # 004's 13
    # gm13 is text: the interviews of Gelderland Midden, shown as statements, never as a number
    gm13 = re.search(r'<article class="indicator wide" id="gm13">(.*?)</article>', page, re.S).group(1)
    assert "Uitspraken uit Gelderland Midden (2023)" in gm13 and gm13.count("<blockquote>") == 4
    assert "(synthetisch)" in gm13 and "95%-interval" not in gm13
    # gm06 per VSV: both VSV's serve gemeenten of regio Zuid
    vsv = re.search(r'<table class="organisations" data-indicator="gm06">(.*?)</table>', page, re.S).group(1)
    assert "VSV Kracht" in vsv and "VSV Gelderse Vallei" in vsv
    assert "vergeleken met Gelderland Midden en Nederland" in page
    assert "De benodigde gegevens worden niet geregistreerd." in page  # gm06, gm10-gm12
    assert "De bron geeft dit cijfer om privacyredenen niet." in page  # NNZ conversations per gemeente
    assert "niet aangeboden" in page  # MDO in regio Zuid
