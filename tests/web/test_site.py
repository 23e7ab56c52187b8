"""The static export: files laid out like the live URLs, twins identical to the server's."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kansrijk.cli import cli
from kansrijk.publish.web.pages import WebData
from kansrijk.publish.web.site import build_site
from tests.web.http import get


def test_partial_site_matches_the_server(web: WebData, server: str, tmp_path: Path) -> None:
    count = build_site(web, tmp_path, only_areas=["GM0363", "NL01"], only_measures=["ks12.a"])
    for name in ("index.html", "index.json", "gebied/GM0363/index.html", "gebied/GM0363.csv", "gebied/NL01.json",
                 "indicator/ks12.a/index.html", "indicator/ks12.a.csv", "programma/index.html", "openapi.json",
                 "api/index.html", "404.html", "factsheet/GM0363.html", "static/kansrijk.css",
                 "static/vendor/htmx.min.js", "static/vendor/htmx.LICENSE"):
        assert (tmp_path / name).is_file(), name
    assert count == sum(1 for p in tmp_path.rglob("*") if p.is_file())
    assert not (tmp_path / "gebied" / "GM0599").exists()
    assert not (tmp_path / "static" / "vendor" / "axe.min.js").exists()
    assert (tmp_path / "gebied/GM0363.csv").read_text(encoding="utf-8") == get(server, "/gebied/GM0363.csv").text
    assert json.loads((tmp_path / "indicator/ks12.a.json").read_text(encoding="utf-8"))["rows"] == \
        get(server, "/indicator/ks12.a.json").json()["rows"]
    home = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "synthetische gegevens" in home
    assert 'action="/zoek"' not in home and 'href="/gebied/GM0363">Amsterdam' in home


def test_cli_commands_report_a_missing_database_in_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "nergens.duckdb"
    for args in (["serve", "--db", str(missing)], ["site", "--db", str(missing), "--out", str(tmp_path / "s")]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1
        assert "bestaat niet" in result.output and "Traceback" not in result.output


def test_static_links_resolve_to_written_files(web: WebData, tmp_path: Path) -> None:
    import re

    areas, measures = ["GM0363", "NL01", "GG3406"], ["ks12.a", "ks12.b", "ks08"]
    build_site(web, tmp_path, only_areas=areas, only_measures=measures)
    broken = []
    for page in tmp_path.rglob("*.html"):
        for href in re.findall(r'href="(/[^"#]*)"', page.read_text(encoding="utf-8")):
            assert "?" not in href, (page, href)
            parts = href.strip("/").split("/")
            if parts[0] == "gebied" and parts[1].split(".")[0] not in areas:
                continue  # an area left out of this partial site
            if parts[0] == "indicator" and parts[1].removesuffix(".json").removesuffix(".csv") not in measures:
                continue
            target = tmp_path / href.strip("/")
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append((page.relative_to(tmp_path), href))
    assert broken == []
