"""Unsuppressed figures (``results``) behind a confidential banner, as a page and CSV; the coordinator's
registry page (a fact added, a refused fact with its problem and the input kept)."""

from __future__ import annotations

import csv
import io

from kansrijk.store import RESULT_COLUMNS
from tests.portal_web.conftest import Site

# Ede's ks08 in 2024: 4 of 80 households, suppressed on the dashboard; Amsterdam's is not Ede's business.
ROWS = [("GM0228", "Ede", 4.0, 80.0, 5.0, "te_klein"), ("GM0363", "Amsterdam", 900.0, 9000.0, 10.0, "gepubliceerd")]


def insert_results(site: Site) -> None:
    columns = list(RESULT_COLUMNS)
    with site.pg.transaction() as cur:
        for code, name, numerator, denominator, value, published in ROWS:
            row = {c: None for c in columns}
            row.update(indicator="ks08", variant="", catalogue="ks", area_code=code, area_name=name,
                       area_level="gemeente", period="2024", period_start=2024, period_end=2024,
                       numerator=numerator, denominator=denominator, value=value, lower=value - 1,
                       upper=value + 1, unit="percentage", polarity="lower_is_better", status="gepubliceerd",
                       synthetic=True)
            placeholders = ", ".join(["%s"] * len(columns))
            names = ", ".join(f'"{c}"' for c in columns)
            cur.execute(f"INSERT INTO results ({names}) VALUES ({placeholders})", [row[c] for c in columns])
            if published != "gepubliceerd":
                row.update(numerator=None, denominator=None, value=None, lower=None, upper=None)
            row["status"] = published
            cur.execute(f"INSERT INTO published ({names}) VALUES ({placeholders})", [row[c] for c in columns])


def test_a_viewer_sees_its_gemeentes_unsuppressed_figures_under_a_banner(site: Site) -> None:
    insert_results(site)
    site.login_as(site.world.viewer)
    text = site.client.get("/portaal/cijfers/gm0228").text
    assert "Vertrouwelijk — niet publiceren" in text
    assert "worden niet getoond" not in text  # the public footer's promise does not hold here
    row = text[text.index('<table class="figures"'):]
    assert ">4<" in row and ">80<" in row and "5,0%" in row and "nee, te klein" in row
    assert "Amsterdam" not in row and "9.000" not in row
    response = site.client.get("/portaal/cijfers/GM0228.csv")
    assert response.headers["content-disposition"] == 'attachment; filename="vertrouwelijk-GM0228.csv"'
    lines = response.text.splitlines()
    assert lines[0] == "# Vertrouwelijk — niet publiceren"
    rows = list(csv.DictReader(io.StringIO("\n".join(lines[1:]))))
    assert [(r["area_code"], float(r["numerator"]), float(r["denominator"])) for r in rows] == [("GM0228", 4.0, 80.0)]


def test_a_coordinator_adds_a_registry_fact_for_its_region(site: Site) -> None:
    csrf = site.login_as(site.world.coordinator)
    fact = {"csrf": csrf, "feit": "voorzorg", "gemeente": "GM0228", "waarde": "ja", "geldig_vanaf": "2024-03-01"}
    response = site.client.post("/portaal/register", data=fact)
    assert response.status_code == 303 and response.headers["location"] == "/portaal/register?toegevoegd=1"
    page = site.client.get(response.headers["location"]).text
    assert "Het feit is toegevoegd" in page
    assert "VoorZorg aangeboden" in page and "1-3-2024" in page
    assert site.pg.con.execute("SELECT fact, subject, value, valid_from::text FROM registry_facts").fetchall() == [
        ("voorzorg", "GM0228", "ja", "2024-03-01")]
    assert site.changes == [1]


def test_a_refused_registry_fact_names_the_field_and_keeps_the_input(site: Site) -> None:
    csrf = site.login_as(site.world.coordinator)
    fact = {"csrf": csrf, "feit": "voorzorg", "gemeente": "GM0228", "waarde": "ja", "geldig_vanaf": "31-02-2024"}
    response = site.client.post("/portaal/register", data=fact)
    assert response.status_code == 422
    text = response.text.replace("&#39;", "'")
    assert "Kolom 'geldig vanaf'" in text and "31-02-2024" in text
    assert '<option value="GM0228" selected>' in text and '<option value="voorzorg" selected>' in text
    assert site.count("registry_facts") == 0 and site.changes == []


def test_a_coordinator_approves_a_summary_for_an_area_of_its_region(site: Site) -> None:
    csrf = site.login_as(site.world.coordinator)
    form = {"csrf": csrf, "gebied": "RGGMZ", "catalogus": "gm", "jaar": "2023",
            "tekst": "# Samenvatting\n\n- Prenatale huisbezoeken nemen toe.\n\n# Aanbevelingen\n\n- Start een MDO."}
    response = site.client.post("/portaal/samenvatting", data=form)
    assert response.status_code == 303
    page = site.client.get(response.headers["location"]).text
    assert "De samenvatting is opgeslagen" in page and "Prenatale huisbezoeken nemen toe." in page
    rows = site.pg.con.execute("SELECT area_code, catalogue, edition, approved_by FROM summaries").fetchall()
    assert rows == [("RGGMZ", "gm", 2023, site.world.coordinator.name)]


def test_a_draft_or_an_area_outside_the_region_is_refused(site: Site) -> None:
    csrf = site.login_as(site.world.coordinator)
    draft = {"csrf": csrf, "gebied": "RGGMZ", "catalogus": "gm", "jaar": "2023",
             "tekst": "# Samenvatting (concept)\n\n*Concept, opgesteld door kansrijk uit de gepubliceerde cijfers.*"}
    response = site.client.post("/portaal/samenvatting", data=draft)
    assert response.status_code == 422 and "nog het concept" in response.text
    assert "Concept, opgesteld door kansrijk" in response.text  # the text is kept
    outside = {**draft, "gebied": "Amsterdam", "tekst": "# Samenvatting\n\n- Klaar."}
    assert site.client.post("/portaal/samenvatting", data=outside).status_code == 403
    assert site.count("summaries") == 0


def test_a_summary_for_an_unknown_set_or_year_is_refused_with_the_field_named(site: Site) -> None:
    csrf = site.login_as(site.world.coordinator)
    form = {"csrf": csrf, "gebied": "RGGMZ", "catalogus": "xx", "jaar": "20x3", "tekst": "# Samenvatting\n\n- Klaar."}
    response = site.client.post("/portaal/samenvatting", data=form)
    text = response.text.replace("&#39;", "'")
    assert response.status_code == 422
    assert "onbekende indicatorenset" in text and "editie moet een jaar" in text
    assert site.count("summaries") == 0
