"""Partners fill in the template per year; the regional report's figures come out, by either route.

Route ``cli``: ``kansrijk import`` into DuckDB, compute, export. Route ``portal``: on PostgreSQL a partner
submits the same files in the portal, the region's coordinator approves each, the server recomputes.

Expected values: TNO/ZonMw, Indicatoren Kansrijke Start Gelderland Midden, rapportage regio Zuid (seed
004_9cdb57b70eeed88e.txt), indicators 3, 7 and 8:

- NNZ kinderwensgesprekken in Gelderland Midden 2019-2023: 23, 121, 206, 237, 274; aandachtsfunctionarissen
  0, 53, 65, 65, 82; NNZ in Arnhem only (2019), in ten gemeenten (2020-2022), Barneveld, Ede and Wageningen
  joined in 2023;
- POP-overleg zwangeren 2021-2023: 195, 191, 147; MDO gezinnen 85, 66, 87, in 2023 only in Barneveld and
  Ede; no MDO in regio Zuid;
- prenatale huisbezoeken 2023: 257 = 4,6% (Gelderland Midden), 52 = 4,2% (regio Zuid), Wageningen 7,3%,
  Overbetuwe 2,8%; 2022: 114 = 1,6%; not in Rozendaal;
- Stevig Ouderschap 2023 prenataal 45 (Zuid 16), postnataal 107 (Zuid 29); not offered in Rozendaal,
  Barneveld, Scherpenzeel and Nijkerk;
- VoorZorg 2023: 87 = 1,1% (Zuid 13 = 1,1%); not in Rozendaal.

Regio Zuid is Lingewaard, Overbetuwe, Renkum and Wageningen. The per-gemeente counts are made up here:
each total is split over the gemeenten by invented weights (largest remainder), regio Zuid's gemeenten
sharing the Zuid total; denominators are chosen so that the published percentages result. The report
gives partner counts exactly, so gm03, gm06, gm07 and gm08 set ``rounding: 0`` in gm.yaml (the rest of
the catalogue is rounded to tens, as RIVM Regiobeeld does): published counts equal the report's.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from decimal import ROUND_HALF_UP, Decimal

import duckdb
import pytest
from click.testing import CliRunner

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.cli import cli
from kansrijk.portal.accounts import create_organisation, create_user
from kansrijk.portal.review import approve
from kansrijk.portal.schema import ensure_portal_schema
from kansrijk.portal.submissions import submit_file
from kansrijk.server.pgstore import PgStore
from kansrijk.server.recompute import recompute
from tests.portal_template.filling import fill_template

AREAS = AreaRegistry.load()
CATALOGUES = Catalogues.load()
CODE = {name: AREAS.resolve(name).code for name in (
    "Arnhem", "Barneveld", "Doesburg", "Duiven", "Ede", "Lingewaard", "Nijkerk", "Overbetuwe", "Renkum",
    "Rheden", "Rozendaal", "Scherpenzeel", "Wageningen", "Westervoort", "Zevenaar")}
ZUID = ("Lingewaard", "Overbetuwe", "Renkum", "Wageningen")
REST = tuple(n for n in CODE if n not in ZUID)
# Invented sizes, only to split totals deterministically.
WEIGHT = {"Arnhem": 1700, "Ede": 1300, "Barneveld": 800, "Nijkerk": 500, "Zevenaar": 400, "Rheden": 350,
          "Lingewaard": 450, "Overbetuwe": 500, "Renkum": 280, "Wageningen": 350, "Duiven": 250,
          "Westervoort": 140, "Doesburg": 90, "Scherpenzeel": 110, "Rozendaal": 10}
NNZ = {2019: ("Arnhem",),
       **{y: ("Arnhem", "Doesburg", "Duiven", "Lingewaard", "Overbetuwe", "Renkum", "Rheden", "Rozendaal",
              "Westervoort", "Zevenaar") for y in (2020, 2021, 2022)}}
NNZ[2023] = NNZ[2022] + ("Barneveld", "Ede", "Wageningen")
NO_SO = ("Rozendaal", "Barneveld", "Scherpenzeel", "Nijkerk")
NO_PHB = NO_VOORZORG = ("Rozendaal",)

# The report's figures: (measure, area, year) -> (count, value in % or None).
REPORT = {
    **{("gm03.gesprekken", "RGGM", y): (n, None) for y, n in zip(range(2019, 2024), (23, 121, 206, 237, 274))},
    **{("gm03.aandachtsfunctionarissen", "RGGM", y): (n, None)
       for y, n in zip(range(2019, 2024), (0, 53, 65, 65, 82))},
    **{("gm07.a", "RGGM", y): (n, None) for y, n in zip(range(2021, 2024), (195, 191, 147))},
    **{("gm07.b", "RGGM", y): (n, None) for y, n in zip(range(2021, 2024), (85, 66, 87))},
    ("gm08.phb", "RGGM", 2023): (257, 4.6), ("gm08.phb", "RGGMZ", 2023): (52, 4.2),
    ("gm08.phb", "RGGM", 2022): (114, 1.6),
    ("gm08.so_prenataal", "RGGM", 2023): (45, None), ("gm08.so_prenataal", "RGGMZ", 2023): (16, None),
    ("gm08.so_postnataal", "RGGM", 2023): (107, None), ("gm08.so_postnataal", "RGGMZ", 2023): (29, None),
    ("gm08.voorzorg", "RGGM", 2023): (87, 1.1), ("gm08.voorzorg", "RGGMZ", 2023): (13, 1.1),
}
GEMEENTE_VALUES = {("gm08.phb", "Wageningen", 2023): 7.3, ("gm08.phb", "Overbetuwe", 2023): 2.8}
MEASURES = {
    2019: ("gm03.gesprekken", "gm03.aandachtsfunctionarissen"),
    2020: ("gm03.gesprekken", "gm03.aandachtsfunctionarissen"),
    2021: ("gm03.gesprekken", "gm03.aandachtsfunctionarissen", "gm07.a", "gm07.b"),
    2022: ("gm03.gesprekken", "gm03.aandachtsfunctionarissen", "gm07.a", "gm07.b", "gm08.phb"),
    2023: ("gm03.gesprekken", "gm03.aandachtsfunctionarissen", "gm07.a", "gm07.b", "gm08.phb",
           "gm08.so_prenataal", "gm08.so_postnataal", "gm08.voorzorg"),
}
# Denominators: pregnant women (PHB) and births (SO, VoorZorg) in the gemeenten that offer the programme.
PREGNANT_2023 = 5590  # 257/5590 = 4,60%
PREGNANT_2022 = 7100  # 114/7100 = 1,61%
BIRTHS_2023_ZUID = 1215  # 13/1215 = 1,07%
BIRTHS_2023_REST = 7035  # 87/8250 = 1,05%
PHB_2023_ZUID = {"Wageningen": (22, 301), "Overbetuwe": (10, 357), "Lingewaard": (12, 290), "Renkum": (8, 292)}


def split(total: int, names: tuple[str, ...]) -> dict[str, int]:
    """``total`` over ``names`` in proportion to WEIGHT, whole numbers by largest remainder."""
    weight = sum(WEIGHT[n] for n in names)
    exact = {n: total * WEIGHT[n] / weight for n in names}
    out = {n: int(v) for n, v in exact.items()}
    for n in sorted(names, key=lambda n: (-(exact[n] - out[n]), n))[: total - sum(out.values())]:
        out[n] += 1
    return out


def _zuid_and_rest(zuid_total: int, total: int, offered: tuple[str, ...]) -> dict[str, int]:
    return {**split(zuid_total, tuple(n for n in ZUID if n in offered)),
            **split(total - zuid_total, tuple(n for n in REST if n in offered))}


def gemeente_counts() -> dict[tuple[str, int], dict[str, tuple[int, int | None]]]:
    """(measure, year) -> gemeente name -> (teller, noemer); a missing gemeente does not offer it."""
    out: dict[tuple[str, int], dict[str, tuple[int, int | None]]] = {}
    for (measure, area, year), (count, _) in REPORT.items():
        if area != "RGGM" or measure.startswith("gm08"):
            continue
        if measure == "gm07.b":
            offered = ("Barneveld", "Ede") if year == 2023 else REST  # no MDO in regio Zuid
        elif measure == "gm07.a":
            offered = tuple(CODE)
        else:
            offered = NNZ[year]
        out[(measure, year)] = {n: (c, None) for n, c in split(count, offered).items()}
    offering = tuple(n for n in CODE if n not in NO_PHB)
    out[("gm08.phb", 2022)] = _with_denominators(split(114, offering), split(PREGNANT_2022, offering))
    rest = tuple(n for n in REST if n not in NO_PHB)
    out[("gm08.phb", 2023)] = {**PHB_2023_ZUID, **_with_denominators(
        split(257 - 52, rest), split(PREGNANT_2023 - sum(d for _, d in PHB_2023_ZUID.values()), rest))}
    births = {**split(BIRTHS_2023_ZUID, ZUID), **split(BIRTHS_2023_REST, tuple(n for n in REST if n not in NO_VOORZORG))}
    so = tuple(n for n in CODE if n not in NO_SO)
    out[("gm08.so_prenataal", 2023)] = _with_denominators(_zuid_and_rest(16, 45, so), births)
    out[("gm08.so_postnataal", 2023)] = _with_denominators(_zuid_and_rest(29, 107, so), births)
    voorzorg = tuple(n for n in CODE if n not in NO_VOORZORG)
    out[("gm08.voorzorg", 2023)] = _with_denominators(_zuid_and_rest(13, 87, voorzorg), births)
    return out


def _with_denominators(counts: dict[str, int], denominators: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {n: (c, denominators[n]) for n, c in counts.items()}


def round_half_up(value: float, places: int) -> float:
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def filled_templates(tmp: Path, counts: dict) -> list[Path]:
    """One template per year made by ``kansrijk template`` and filled in as a partner would."""
    runner = CliRunner()
    files = []
    for year, measures in MEASURES.items():
        path = tmp / f"aanlevering_{year}.xlsx"
        made = runner.invoke(cli, ["template", "--catalogue", "gm", *[a for m in measures for a in ("--measure", m)],
                                   "--area", "RGGM", "--year", str(year), "--out", str(path)])
        assert made.exit_code == 0, made.output
        entries = {}
        for measure in measures:
            given = counts[(measure, year)]
            for name, code in CODE.items():
                numerator, denominator = given.get(name, (None, None))
                entries[(measure, code)] = (numerator, denominator, None if name in given else "niet_aangeboden")
        fill_template(path, entries)
        files.append(path)
    return files


def keyed(rows: list[dict]) -> dict:
    return {(r["indicator"], r["area_code"], int(r["period"])): r for r in rows}


def through_the_cli(tmp: Path, files: list[Path]) -> tuple[dict, dict]:
    """``kansrijk import`` of the files into a DuckDB store, then ``kansrijk export``."""
    runner = CliRunner()
    db = tmp / "gm.duckdb"
    imported = runner.invoke(cli, ["import", "--db", str(db), *map(str, files)])
    assert imported.exit_code == 0, imported.output
    exported = runner.invoke(cli, ["export", "--db", str(db), "--format", "json", "--catalogue", "gm"])
    assert exported.exit_code == 0, exported.output
    con = duckdb.connect(str(db), read_only=True)
    results = [dict(zip(("indicator", "area_code", "period", "numerator", "denominator"), r)) for r in con.execute(
        "SELECT indicator, area_code, period, numerator, denominator FROM results").fetchall()]
    con.close()
    return keyed(json.loads(exported.stdout)), keyed(results)


def through_the_portal(pg_url: str, files: list[Path]) -> tuple[dict, dict]:
    """A partner submits the files in the portal, the region's coordinator approves, the server recomputes."""
    with PgStore.open(pg_url) as pg:
        ensure_portal_schema(pg)
        org = create_organisation(pg, "VGGM en projectpartners", "RGGM", sorted({m for ms in MEASURES.values() for m in ms}),
                                  catalogues=CATALOGUES, areas=AREAS)
        partner = create_user(pg, email="partner@vggm.example", name="Partner", role="partner",
                              password="lang genoeg wachtwoord", organisation_id=org.id, areas=AREAS)
        coordinator = create_user(pg, email="coordinator@ggd.example", name="Coördinator", role="coordinator",
                                  password="lang genoeg wachtwoord", region_code="RGGM", areas=AREAS)
        for path in files:
            sent = submit_file(pg, partner, path.name, path.read_bytes(), f"sleutel-{path.stem}", CATALOGUES, AREAS)
            approve(pg, coordinator, sent.id, None, CATALOGUES, AREAS)
        recompute(pg, CATALOGUES, AREAS)
        published = keyed(pg.query("SELECT * FROM published WHERE catalogue = 'gm'"))
        results = keyed(pg.query("SELECT indicator, area_code, period, numerator, denominator FROM results"))
    return published, results


@pytest.fixture(scope="module", params=["cli", "portal"])
def pipeline(request, tmp_path_factory):
    """The report's counts per gemeente through the CLI import, or submitted and approved in the portal."""
    tmp = tmp_path_factory.mktemp("partners")
    counts = gemeente_counts()
    files = filled_templates(tmp, counts)
    if request.param == "cli":
        published, results = through_the_cli(tmp, files)
    else:
        published, results = through_the_portal(request.getfixturevalue("pg_module_url"), files)
    exact = {k: (r["numerator"], r["denominator"]) for k, r in results.items()}
    return published, exact, counts


@pytest.fixture(scope="module")
def pg_module_url(pg_cluster) -> str:
    return pg_cluster.new_database()


def test_the_test_covers_every_figure_the_catalogue_transcribes():
    measures = {m for ms in MEASURES.values() for m in ms}
    transcribed = {(m.id, f.area, int(f.period)) for m in CATALOGUES.measures("gm") if m.id in measures
                   for f in m.published}
    assert transcribed == set(REPORT) | {(m, CODE[n], y) for m, n, y in GEMEENTE_VALUES}


@pytest.mark.parametrize("key", sorted(REPORT), ids=lambda k: f"{k[0]}-{k[1]}-{k[2]}")
def test_regional_figure_reproduced(pipeline, key):
    published, exact, _ = pipeline
    count, value = REPORT[key]
    row = published[key]
    assert row["status"] == "gepubliceerd"
    assert exact[key][0] == count
    assert row["numerator"] == count
    if value is not None:
        assert round_half_up(row["value"], 1) == value


@pytest.mark.parametrize("key", sorted(GEMEENTE_VALUES), ids=lambda k: f"{k[0]}-{k[1]}")
def test_gemeente_percentage_reproduced(pipeline, key):
    published, _, _ = pipeline
    measure, name, year = key
    row = published[(measure, CODE[name], year)]
    assert row["status"] == "gepubliceerd"
    assert round_half_up(row["value"], 1) == GEMEENTE_VALUES[key]


def test_small_gemeente_counts_are_suppressed_while_the_regions_are_published(pipeline):
    published, exact, counts = pipeline
    small = []
    for (measure, year), given in counts.items():
        if not CATALOGUES.measure(measure).counts_persons:
            continue
        for name, (numerator, denominator) in given.items():
            row = published[(measure, CODE[name], year)]
            assert exact[(measure, CODE[name], year)][0] == numerator
            if numerator < 10 or (denominator is not None and denominator - numerator < 10):
                small.append((measure, name, year))
                assert row["status"] == "te_klein" and row["numerator"] is None and row["value"] is None
    assert len(small) >= 10
    # Regio Zuid's SO and VoorZorg counts are all below 10 per gemeente, yet the region's figure is public.
    assert all(published[(m, "RGGMZ", 2023)]["status"] == "gepubliceerd"
               for m in ("gm08.so_prenataal", "gm08.so_postnataal", "gm08.voorzorg"))
    assert all(published[(m, CODE[n], 2023)]["status"] != "gepubliceerd"
               for m in ("gm08.so_prenataal", "gm08.voorzorg") for n in ZUID)


def test_professionals_are_not_suppressed_nor_rounded(pipeline):
    published, _, counts = pipeline
    for name, (numerator, _) in counts[("gm03.aandachtsfunctionarissen", 2020)].items():
        row = published[("gm03.aandachtsfunctionarissen", CODE[name], 2020)]
        assert (row["status"], row["numerator"]) == ("gepubliceerd", numerator)


def test_programmes_not_offered_keep_their_reason(pipeline):
    published, _, _ = pipeline
    assert published[("gm08.phb", CODE["Rozendaal"], 2023)]["status"] == "niet_aangeboden"
    # No MDO in regio Zuid: each gemeente says so, and the region has no figure.
    assert all(published[("gm07.b", CODE[n], 2023)]["status"] == "niet_aangeboden" for n in ZUID)
    assert published.get(("gm07.b", "RGGMZ", 2023), {}).get("status") != "gepubliceerd"
    assert published[("gm07.b", CODE["Arnhem"], 2023)]["reason"]


# 004, Samenvatting (regio Zuid), the points that follow from the figures, written out by hand:
# "Voert de JGZ in toenemende mate prenatale huisbezoeken uit", "Vindt (vooralsnog) geen
# multidisciplinair overleg (MDO) plaats", and the signalling instrument "waarvan de betrouwbaarheid
# niet is aangetoond" (VSV Kracht: 7 of 54 midwives use a validated one, Mind2Care).
SUMMARY_POINTS = {
    "prenatal home visits increasing": re.compile(r"Prenata\w* huisbezoek\w* is gestegen: van [\d,]+% \(2022\) naar [\d,]+% \(2023\)"),
    "no MDO": re.compile(r"In Regio Zuid wordt \(nog\) niet aangeboden: [^\n]*MDO: Gezinnen"),
    "signalling instrument not validated": re.compile(
        r"Gevalideerd signaleringsinstrument bij VSV Kracht: 13,0% \(2023\), minder dan de helft"),
}


def test_the_draft_summary_names_the_points_004_makes(tmp_path):
    files = filled_templates(tmp_path, gemeente_counts())
    vsv = tmp_path / "vsv_kracht.csv"
    vsv.write_text("indicator;gebied;periode;teller;noemer\ngm06;VSV Kracht;2023;7;54\n", encoding="utf-8")
    runner, db = CliRunner(), tmp_path / "gm.duckdb"
    imported = runner.invoke(cli, ["import", "--db", str(db), *map(str, files), str(vsv)])
    assert imported.exit_code == 0, imported.output
    out = tmp_path / "zuid.md"
    made = runner.invoke(cli, ["draft", "--db", str(db), "--area", "Regio Zuid", "--catalogue", "gm", "--out", str(out)])
    assert made.exit_code == 0, made.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Samenvatting (concept)") and "Concept, opgesteld door kansrijk" in text
    missing = [point for point, pattern in SUMMARY_POINTS.items() if not pattern.search(text)]
    assert not missing, (missing, text)
    # The draft goes into the report as the coordinator's text.
    report = runner.invoke(cli, ["report", "--db", str(db), "--area", "Regio Zuid", "--catalogue", "gm",
                                 "--format", "html", "--out", str(tmp_path / "rapport"), "--text", str(out)])
    assert report.exit_code == 0, report.output
    [page] = (tmp_path / "rapport").glob("*.html")
    html = page.read_text(encoding="utf-8")
    assert "Samenvatting (concept)" in html
    # gm06 is a figure of the VSV serving Lingewaard, Overbetuwe and Renkum, next to the region's
    organisations = re.search(r'<table class="organisations" data-indicator="gm06">(.*?)</table>', html, re.S)
    assert organisations, "no VSV table for gm06"
    rows = re.findall(r'<tr><th scope="row">(.*?)</th><td>(.*?)</td>\s*<td>(.*?)</td>', organisations.group(1))
    assert rows == [("VSV Kracht", "Lingewaard, Overbetuwe, Renkum", "13,0% (7 van 54)")]
    # action lines by name, each indicator's programme goal (001)
    assert "<h2>Actielijn 1: Voor de zwangerschap</h2>" in html
    assert "Minder ongeplande en onbedoelde zwangerschappen in kwetsbare gezinnen." in html


def test_an_approved_summary_is_saved_per_area_and_edition_and_used_by_the_report(tmp_path):
    files = filled_templates(tmp_path, gemeente_counts())
    runner, db = CliRunner(), tmp_path / "gm.duckdb"
    assert runner.invoke(cli, ["import", "--db", str(db), *map(str, files)]).exit_code == 0
    draft_file = tmp_path / "zuid.md"
    made = runner.invoke(cli, ["draft", "--db", str(db), "--area", "Regio Zuid", "--catalogue", "gm",
                               "--out", str(draft_file)])
    assert made.exit_code == 0, made.output
    # the draft itself is refused: it still says it is a draft
    refused = runner.invoke(cli, ["summary", "--db", str(db), "--area", "Regio Zuid", "--catalogue", "gm",
                                  "--file", str(draft_file), "--by", "J. de Vries"])
    assert refused.exit_code == 1 and "nog het concept" in refused.output
    edited = "\n".join(line for line in draft_file.read_text(encoding="utf-8").splitlines()
                       if "Concept, opgesteld door kansrijk" not in line)
    edited = edited.replace("(concept)", "").replace("- (in te vullen)", "- Zet in op een MDO in regio Zuid.")
    draft_file.write_text(edited, encoding="utf-8")
    saved = runner.invoke(cli, ["summary", "--db", str(db), "--area", "Regio Zuid", "--catalogue", "gm",
                                "--file", str(draft_file), "--by", "J. de Vries"])
    assert saved.exit_code == 0, saved.output
    assert "Samenvatting voor RGGMZ (gm, editie 2023) opgeslagen" in saved.output  # the partner counts end in 2023
    out = tmp_path / "rapport"
    report = runner.invoke(cli, ["report", "--db", str(db), "--area", "Regio Zuid", "--catalogue", "gm",
                                 "--format", "html", "--out", str(out)])
    assert report.exit_code == 0, report.output
    [page] = out.glob("*.html")
    html = page.read_text(encoding="utf-8")
    today = date.today()
    months = ("januari februari maart april mei juni juli augustus september oktober november december").split()
    assert f"Vastgesteld door J. de Vries op {today.day} {months[today.month - 1]} {today.year}." in html
    assert "<li>Zet in op een MDO in regio Zuid.</li>" in html and "(concept)" not in html
    # another edition has no approved text
    other = runner.invoke(cli, ["report", "--db", str(db), "--area", "Regio Zuid", "--catalogue", "gm",
                                "--format", "html", "--year", "2022", "--out", str(tmp_path / "r2022")])
    assert other.exit_code == 0, other.output
    [older] = (tmp_path / "r2022").glob("*.html")
    assert "Vastgesteld door" not in older.read_text(encoding="utf-8")
