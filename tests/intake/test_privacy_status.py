"""Status ``privacy`` in an aggregate file: a source that withholds a figure for privacy itself.

A tiny CSV goes through the real import (``kansrijk import``, which computes), and the figure is
published like the other withheld statuses: status kept, every number empty, a Dutch reason.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.cli import cli
from kansrijk.intake.aggregates import parse_aggregates
from kansrijk.publish.context import PublishedData
from kansrijk.publish.reports.render import area_html
from kansrijk.store import Store

CSV = """indicator;gebied;periode;teller;noemer;status
ks12.a;Haarlem;2023;;;Privacy
ks12.a;Amsterdam;2023;120;1.000;
ks12.a;Utrecht;2023;110;1.000;
"""


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "regio.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_privacy_is_an_accepted_status_without_numbers(tmp_path):
    rows = parse_aggregates(_file(tmp_path), Catalogues.load(), AreaRegistry.load()).rows
    assert [(r.area_code, r.status, r.numerator, r.denominator) for r in rows] == [
        ("GM0392", "privacy", None, None),
        ("GM0363", "gepubliceerd", 120.0, 1000.0),
        ("GM0344", "gepubliceerd", 110.0, 1000.0),
    ]


def test_privacy_with_numbers_is_refused(tmp_path):
    path = tmp_path / "fout.csv"
    path.write_text("indicator;gebied;periode;teller;noemer;status\nks12.a;Haarlem;2023;5;100;privacy\n",
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", "--db", str(tmp_path / "fout.duckdb"), str(path)])
    assert result.exit_code == 1
    assert "status privacy maar de rij heeft wel teller of noemer" in result.output


def test_imported_privacy_is_published_with_its_reason(tmp_path):
    db = tmp_path / "privacy.duckdb"
    result = CliRunner().invoke(cli, ["import", "--synthetic", "--db", str(db), str(_file(tmp_path))])
    assert result.exit_code == 0, result.output
    with Store.open(db, read_only=True) as store:
        haarlem = store.con.execute(
            "SELECT status, reason, numerator, denominator, value, lower, upper FROM published "
            "WHERE indicator = 'ks12.a' AND area_code = 'GM0392' AND period = '2023'"
        ).fetchall()
        nl = store.con.execute(
            "SELECT status, numerator, denominator, members_with_data FROM published "
            "WHERE indicator = 'ks12.a' AND area_code = 'NL01' AND period = '2023'"
        ).fetchall()
        page = area_html(PublishedData.load(store, "ks"), Catalogues.load(), AreaRegistry.load(), "GM0392")
    ((status, reason, *numbers),) = haarlem
    assert status == "privacy" and numbers == [None] * 5
    assert reason and "privacy" in reason.lower()
    # Three of 342 gemeenten supplied a row (the privacy row counts as supplied): that is no figure of
    # Nederland (docs/import-format.md).
    assert nl == []
    assert reason in page and "privacy" in page
    shown = CliRunner().invoke(cli, ["dashboard", "--db", str(db), "--area", "Haarlem"])
    line = next(row for row in shown.output.splitlines() if row.startswith("ks12.a "))
    assert "privacy" in line and "2023" in line


def test_a_withheld_figure_has_its_own_reason(tmp_path):
    """A figure the source withholds is not a figure hidden to protect another: it has its own Dutch
    reason (so readers, and the audit, can tell it holds no counts), and the audit of a publication
    with one runs and finds nothing."""
    path = tmp_path / "regio.csv"
    path.write_text(CSV + "ks12.a;Zandvoort;2023;3;40;\n", encoding="utf-8")
    db = tmp_path / "privacy.duckdb"
    assert CliRunner().invoke(cli, ["import", "--synthetic", "--db", str(db), str(path)]).exit_code == 0
    with Store.open(db, read_only=True) as store:
        rows = dict(store.con.execute(
            "SELECT area_code, reason FROM published WHERE indicator = 'ks12.a' AND period = '2023' "
            "AND status <> 'gepubliceerd'"
        ).fetchall())
    assert rows["GM0392"] == "De bron geeft dit cijfer om privacyredenen niet."
    assert rows["GM0473"].startswith("Te klein")
    audited = CliRunner().invoke(cli, ["audit", "--db", str(db), "--indicator", "ks12.a"])
    assert audited.exit_code == 0, audited.output
    assert audited.output.splitlines()[-1].startswith("Geen klein aantal af te leiden (")


def test_a_withheld_figure_adds_nothing_to_its_region(tmp_path):
    """Every gemeente of GGD Kennemerland has a row, Haarlem's withheld for privacy: the region's figure
    is the sum of the other eight, and says it counts eight gemeenten."""
    others = {"Beverwijk": (40, 400), "Bloemendaal": (20, 200), "Haarlemmermeer": (150, 1500),
              "Heemskerk": (35, 350), "Heemstede": (25, 250), "Uitgeest": (12, 130), "Velsen": (60, 600),
              "Zandvoort": (14, 140)}
    path = tmp_path / "kennemerland.csv"
    path.write_text("indicator;gebied;periode;teller;noemer;status\nks12.a;Haarlem;2023;;;privacy\n"
                    + "".join(f"ks12.a;{name};2023;{n};{d};\n" for name, (n, d) in others.items()), encoding="utf-8")
    db = tmp_path / "kennemerland.duckdb"
    result = CliRunner().invoke(cli, ["import", "--synthetic", "--db", str(db), str(path)])
    assert result.exit_code == 0, result.output
    with Store.open(db, read_only=True) as store:
        region = store.con.execute(
            "SELECT status, numerator, denominator, members_with_data, members_total FROM results "
            "WHERE indicator = 'ks12.a' AND area_code = 'GG3109' AND period = '2023'").fetchall()
    assert region == [("gepubliceerd", sum(n for n, _ in others.values()), sum(d for _, d in others.values()), 8, 9)]
