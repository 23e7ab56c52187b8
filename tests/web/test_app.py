"""The live server: pages, JSON/CSV twins against the export, suppression, notices and errors."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from kansrijk.publish.export import ResultFilter, published_frame, records, to_text
from kansrijk.store import Store
from tests.web.conftest import TINY_GEMEENTE
from tests.web.http import get

NUMBERS = ("numerator", "denominator", "value", "lower", "upper", "lower_998", "upper_998")
PAGES = [
    "/",
    "/zoek?q=weesp",
    "/gebied/GM0363",
    "/gebied/GG3406",
    "/gebied/NL01",
    f"/gebied/{TINY_GEMEENTE}",
    "/indicator/ks12.a",
    "/indicator/ks08?kaart=kwintiel",
    "/vergelijk?gebied=GM0363&gebied=GM0599",
    "/programma",
    "/api",
]


def export_rows(db: Path, selection: ResultFilter) -> list[dict]:
    with Store.open(db, read_only=True) as store:
        return records(published_frame(store, selection))


@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_dutch_html_with_the_synthetic_notice(server: str, path: str) -> None:
    reply = get(server, path)
    assert reply.status == 200
    assert reply.content_type.startswith("text/html")
    assert '<html lang="nl">' in reply.text
    assert "synthetische gegevens" in reply.text
    assert "cdn" not in reply.text.lower() and "https://" not in reply.text


@pytest.mark.parametrize(
    ("path", "selection"),
    [
        ("/gebied/GM0363", ResultFilter(areas=["GM0363"], catalogue="ks")),
        (f"/gebied/{TINY_GEMEENTE}", ResultFilter(areas=[TINY_GEMEENTE], catalogue="ks")),
        ("/indicator/ks12.a", ResultFilter(indicators=["ks12.a"])),
        ("/index", ResultFilter(areas=["NL01"], catalogue="ks")),
    ],
)
def test_twins_hold_the_same_rows_as_the_export(server: str, web_db: Path, path: str, selection: ResultFilter) -> None:
    expected = export_rows(web_db, selection)
    assert expected
    body = get(server, path + ".json").json()
    assert body["rows"] == expected
    assert body["meta"]["synthetisch"] is True
    with Store.open(web_db, read_only=True) as store:
        expected_csv = to_text(published_frame(store, selection), "csv")
    reply = get(server, path + ".csv")
    assert reply.content_type.startswith("text/csv")
    assert reply.text == expected_csv


def test_dutch_csv_twin_opens_as_numbers_in_a_dutch_spreadsheet(server: str, web_db: Path) -> None:
    import csv

    reply = get(server, "/gebied/GM0363.nl.csv")
    assert reply.content_type.startswith("text/csv") and reply.text.startswith("\ufeff")  # UTF-8 byte-order mark
    rows = list(csv.DictReader(io.StringIO(reply.text.removeprefix("\ufeff")), delimiter=";"))
    machine = {(r["indicator"], r["period"]): r for r in csv.DictReader(
        io.StringIO(get(server, "/gebied/GM0363.csv").text))}
    assert rows and len(rows) == len(machine)
    for row in rows:
        twin = machine[(row["indicator"], row["period"])]
        assert row["value"].replace(",", ".") == twin["value"] and "." not in row["value"]
        if row["value"]:
            assert float(row["value"].replace(",", ".")) == round(float(twin["value"]), 1)


def test_compare_twin_holds_the_rows_of_the_chosen_areas(server: str, web_db: Path) -> None:
    body = get(server, "/vergelijk.json?gebied=GM0363&gebied=GM0599").json()
    assert body["rows"] == export_rows(web_db, ResultFilter(areas=["GM0363", "GM0599"], catalogue="ks"))


def test_tiny_gemeente_is_suppressed_and_its_values_never_served(server: str, web_db: Path) -> None:
    with Store.open(web_db, read_only=True) as store:
        hidden = store.query(
            "SELECT r.indicator, r.period, r.value FROM results r JOIN published p USING (indicator, area_code, period) "
            "WHERE r.area_code = ? AND p.status <> 'gepubliceerd' AND r.value IS NOT NULL AND r.period_start = r.period_end",
            [TINY_GEMEENTE],
        )
    assert hidden, "the fixture's tiny gemeente should have suppressed figures"
    rows = get(server, f"/gebied/{TINY_GEMEENTE}.json").json()["rows"]
    for row in rows:
        if row["status"] != "gepubliceerd":
            assert all(row[c] is None for c in NUMBERS), row
    csv_rows = pd.read_csv(io.StringIO(get(server, f"/gebied/{TINY_GEMEENTE}.csv").text))
    suppressed = csv_rows[csv_rows["status"] != "gepubliceerd"]
    assert len(suppressed) > 0 and suppressed[list(NUMBERS)].isna().all().all()
    html = get(server, f"/gebied/{TINY_GEMEENTE}").text
    assert "te klein" in html


def test_no_twin_serves_a_number_of_a_suppressed_row(server: str) -> None:
    for path in ("/indicator/ks08.json", "/indicator/ks12.a.json", "/index.json"):
        for row in get(server, path).json()["rows"]:
            if row["status"] != "gepubliceerd":
                assert all(row[c] is None for c in NUMBERS), (path, row)


def test_search_leads_a_merged_gemeente_to_its_successor(server: str) -> None:
    # Weesp joined Amsterdam on 24 March 2022 (CBS gemeentelijke indeling).
    rows = get(server, "/zoek.json?q=Weesp").json()["rows"]
    assert {"code": "GM0363", "name": "Amsterdam", "level": "gemeente", "via": "Weesp"} in rows
    html = get(server, "/zoek?q=Weesp").text
    assert 'href="/gebied/GM0363"' in html and "voorheen Weesp" in html


def test_search_by_code_finds_the_gemeente(server: str) -> None:
    rows = get(server, "/zoek.json?q=GM0599").json()["rows"]
    assert rows[0]["name"] == "Rotterdam"


def test_profile_shows_interval_region_nl_and_spine(server: str, web_db: Path) -> None:
    html = get(server, "/gebied/GM0363").text
    rows = export_rows(web_db, ResultFilter(areas=["GM0363"], indicators=["ks12.a"]))
    latest = max(rows, key=lambda r: r["period_end"])
    assert latest["status"] == "gepubliceerd"
    dutch = lambda x: f"{x:.1f}".replace(".", ",")  # noqa: E731 - Dutch decimal comma, one decimal
    assert dutch(latest["value"]) + "%" in html
    assert f"{dutch(latest['lower'])}-{dutch(latest['upper'])}" in html
    assert "GGD Amsterdam" in html
    assert "Nederland" in html and "Spreiding over de gemeenten" in html
    assert html.count('role="img"') >= 2  # a spine per published measure (ks12.a, ks12.b)
    assert 'href="/factsheet/GM0363.pdf"' in html


def test_the_inner_variant_is_shown_per_gemeente_only_where_its_difference_is_not_small(
        server: str, web_db: Path) -> None:
    # The web store's ks12.b counts the births of ks12.a less fewer than 10 at 22-23 weeks in every
    # gemeente of a year; merged gemeenten add up several (docs/disclosure.md, rule 6).
    shown = {(r["area_code"], r["period"]) for r in export_rows(web_db, ResultFilter(indicators=["ks12.b"]))
             if r["status"] == "gepubliceerd" and r["area_level"] == "gemeente"}
    with Store.open(web_db, read_only=True) as store:
        early = {(a, p): d for a, p, d in store.con.execute(
            "SELECT a.area_code, a.period, a.denominator - b.denominator FROM results a JOIN results b "
            "USING (area_code, period) WHERE a.indicator = 'ks12.a' AND b.indicator = 'ks12.b' "
            "AND a.area_level = 'gemeente'").fetchall()}
    big2 = {(r["area_code"], r["period"]) for r in export_rows(web_db, ResultFilter(indicators=["ks12.a"]))
            if r["status"] == "gepubliceerd"}
    assert shown and all(early[key] >= 10 or key not in big2 for key in shown)
    html = get(server, "/indicator/ks12.b").text
    assert "Kaart van de gemeenten" in html


def test_indicator_page_has_map_ranking_definition_and_variants(server: str) -> None:
    html = get(server, "/indicator/ks12.a").text
    for text in ("Kaart van de gemeenten", "Gemeenten gerangschikt", "Teller", "Noemer", "Bron", "Peildatum",
                 "Belang", "Varianten naast elkaar", 'href="/indicator/ks12.b"', "Trechterdiagram",
                 "Trend in Nederland"):
        assert text in html, text
    assert html.count("<svg") >= 4


def test_compare_lists_similar_gemeenten(server: str) -> None:
    html = get(server, "/vergelijk?gebied=GM0363").text
    assert "Gemeenten die lijken op Amsterdam" in html
    assert html.count("/vergelijk?gebied=GM0363&amp;gebied=GM") == 5


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/gebied/XX99", 404),
        ("/gebied/GM0363/onbekend", 404),
        ("/indicator/zz99", 404),
        ("/bestaat/niet", 404),
        ("/gebied/GM0363/a/b/c", 404),
        ("/indicator/ks12.a?kaart=regenboog", 400),
        ("/zoek?q=" + "a" * 150, 400),
        ("/vergelijk?" + "&".join(f"gebied=GM0{n}" for n in range(363, 373)), 400),
        ("/vergelijk?gebied=" + "x" * 5000, 400),
    ],
)
def test_bad_requests_get_a_clean_dutch_page(server: str, path: str, status: int) -> None:
    reply = get(server, path)
    assert reply.status == status
    assert reply.content_type.startswith("text/html")
    assert "Traceback" not in reply.text and "Niet gevonden" in reply.text or "Onjuiste vraag" in reply.text


@pytest.mark.parametrize(("path", "status"), [("/gebied/XX99.json", 404), ("/indicator/ks12.a.json?kaart=x", 400)])
def test_bad_twin_requests_get_json(server: str, path: str, status: int) -> None:
    reply = get(server, path)
    assert reply.status == status
    assert reply.json()["fout"]["status"] == status


def test_openapi_paths_all_answer(server: str) -> None:
    spec = get(server, "/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    examples = {"{code}": "GM0363", "{catalogus}": "ks", "{id}": "ks12.a"}
    docs = get(server, "/api").text
    for path in spec["paths"]:
        url = path
        for key, value in examples.items():
            url = url.replace(key, value)
        query = "?gebied=GM0363" if url.startswith("/vergelijk") else "?q=ams" if url.startswith("/zoek") else ""
        assert get(server, url + query).status == 200, url
        assert f"GET {path}" in docs


def test_pages_write_the_date_in_dutch(server: str) -> None:
    import re
    from datetime import date

    months = "januari februari maart april mei juni juli augustus september oktober november december".split()
    today = date.today()
    page = get(server, "/").text
    assert f"Gemaakt op {today.day} {months[today.month - 1]} {today.year}." in page
    assert not re.search(r"Gemaakt op \d{4}-\d\d-\d\d", page)
