"""A catalogue chooses which higher areas publish a sum of their gemeenten (``area_levels``): the
national set publishes no jeugdregio sums, except for youth protection (ks15); a figure a source
supplies for a jeugdregio itself is kept whatever the catalogue says; a level that does not exist is
refused with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.errors import CatalogueError
from kansrijk.intake.importer import import_aggregates
from kansrijk.pipeline import compute
from kansrijk.store import Store

JEUGDREGIO = "JZ11"  # Zuid-Kennemerland: Haarlem, Bloemendaal, Heemstede, Zandvoort


def _results(db: Path, catalogues: Catalogues, areas: AreaRegistry, lines: list[str]) -> set[tuple[str, str]]:
    path = db.with_suffix(".csv")
    path.write_text("\n".join(["indicator;gebied;periode;teller;noemer", *lines]) + "\n", encoding="utf-8")
    with Store.open(db) as store:
        import_aggregates(store, [path], catalogues, areas, synthetic=True)
        compute(store, catalogues, areas)
        rows = store.con.execute("SELECT indicator, area_code FROM results WHERE period = '2023'").fetchall()
    return set(rows)


def test_jeugdregio_sums_only_where_the_catalogue_publishes_them(
        tmp_path: Path, catalogues: Catalogues, areas: AreaRegistry) -> None:
    members = sorted(areas.members(JEUGDREGIO))
    assert len(members) == 4
    lines = [f"{m};{code};2023;{40 + k};{900 + k}" for m in ("ks13", "ks15") for k, code in enumerate(members)]
    found = _results(tmp_path / "a.duckdb", catalogues, areas, lines)
    assert {(m, code) for m in ("ks13", "ks15") for code in members} <= found
    assert ("ks15", JEUGDREGIO) in found
    assert ("ks13", JEUGDREGIO) not in found
    assert "jeugdregio" not in catalogues.measure("ks13").area_levels


def test_a_supplied_jeugdregio_figure_is_kept(tmp_path: Path, catalogues: Catalogues, areas: AreaRegistry) -> None:
    found = _results(tmp_path / "b.duckdb", catalogues, areas, [f"ks13;{JEUGDREGIO};2023;120;3000"])
    assert ("ks13", JEUGDREGIO) in found


def test_an_unknown_level_is_refused_with_its_line(tmp_path: Path) -> None:
    shipped = Path(__file__).resolve().parents[2] / "src/kansrijk/data/catalogues/vws.yaml"
    data = yaml.safe_load(shipped.read_text(encoding="utf-8"))
    data["area_levels"] = ["ggd", "wijk"]
    path = tmp_path / "vws.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("area_levels:"))
    with pytest.raises(CatalogueError) as caught:
        Catalogues.from_files([path])
    assert f"vws.yaml:{line}" in str(caught.value)
    assert "'area_levels' moet een lijst met waarden uit provincie, ggd, jeugdregio, regio, land zijn" in str(caught.value)
    assert "'wijk'" in str(caught.value)
