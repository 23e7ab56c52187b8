"""Regions within regions: regio Zuid is set against Gelderland-Midden and Nederland; a regional
catalogue's Nederland is only there when a national figure is supplied."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from kansrijk.areas import AreaRegistry
from kansrijk.cli import cli

MEASURE = "gm08.phb"
# Prenatal home visits 2023 per gemeente of Gelderland-Midden: (visits, births), made up here.
VISITS = {"Lingewaard": (12, 420), "Overbetuwe": (14, 500), "Renkum": (10, 260), "Wageningen": (16, 220),
          "Arnhem": (80, 1700), "Ede": (45, 1300), "Barneveld": (20, 800), "Nijkerk": (15, 500),
          "Zevenaar": (12, 400), "Rheden": (11, 350), "Duiven": (9, 250), "Westervoort": (5, 140),
          "Doesburg": (4, 90), "Scherpenzeel": (4, 110)}


def _percentage(visits: int, births: int) -> str:
    tenths = (2000 * visits + births) // (2 * births)
    return f"{tenths // 10},{tenths % 10}%"


def _report(tmp_path: Path, counts: list[str], *extra: str) -> str:
    db, path, out = tmp_path / "gm.duckdb", tmp_path / "tellingen.csv", tmp_path / "rapport"
    path.write_text("\n".join(["indicator;gebied;periode;teller;noemer;status", *counts]) + "\n", encoding="utf-8")
    for args in (["import", "--db", str(db), "--synthetic", str(path)],
                 ["report", "--db", str(db), "--area", "Regio Zuid", "--catalogue", "gm", "--format", "html",
                  "--out", str(out), *extra]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
    [html] = out.glob("*.html")
    return html.read_text(encoding="utf-8")


def _totals(page: str) -> dict[str, str]:
    rows = re.findall(r'<tr class="total"><th scope="row">([^<]+)</th><td>([^<]+)</td>', page)
    return dict(rows)


def _counts() -> list[str]:
    areas = AreaRegistry.load()
    lines = [f"{MEASURE};{areas.resolve(name).code};2023;{v};{b};" for name, (v, b) in VISITS.items()]
    return [*lines, f"{MEASURE};Rozendaal;2023;;;niet_aangeboden"]  # 004: no PHB in Rozendaal


def test_regio_zuid_against_gelderland_midden_and_no_made_up_nederland(tmp_path: Path) -> None:
    page = _report(tmp_path, _counts())
    assert "vergeleken met Gelderland Midden en Nederland" in page
    zuid = [VISITS[n] for n in ("Lingewaard", "Overbetuwe", "Renkum", "Wageningen")]
    region = list(VISITS.values())
    totals = _totals(page)
    assert totals["Regio Zuid"] == _percentage(sum(v for v, _ in zuid), sum(b for _, b in zuid))
    assert totals["Gelderland Midden"] == _percentage(sum(v for v, _ in region), sum(b for _, b in region))
    assert totals["Nederland"] == "n.g."  # the 15 gemeenten are not Nederland
    # The engine tests regio Zuid against Gelderland Midden too, and the sentence says so.
    assert "het gemiddelde van Gelderland Midden (" in page


def test_a_supplied_national_figure_and_another_comparison(tmp_path: Path) -> None:
    page = _report(tmp_path, [*_counts(), f"{MEASURE};NL01;2023;5100;170000;"], "--compare", "Overbetuwe")
    assert "vergeleken met Overbetuwe en Nederland" in page
    totals = _totals(page)
    assert totals["Nederland"] == _percentage(5100, 170000) and totals["Overbetuwe"] == _percentage(14, 500)
