"""Submitting counts through the portal: the form grid, the file upload, the template, corrections.

A refused submission stores nothing and shows every problem as a Dutch sentence naming where it is
(sheet, row, column) and the value, with the input kept; an accepted one leads to its page.
"""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook

from kansrijk.portal import review
from tests.portal.world import MEASURES
from tests.portal_web.conftest import Site
from tests.portal_web.pages import hidden, submit_counts

PERCENT_OR_MEAN = ("percentage", "per_1000", "mean")


def grid_page(site: Site, year: int = 2024) -> str:
    site.login_as(site.world.partner)
    response = site.client.get(f"/portaal/inzendingen/nieuw?jaar={year}")
    assert response.status_code == 200
    return response.text


def post_grid(site: Site, page: str, cells: dict[str, str], year: int = 2024):
    fields = {"csrf": hidden(page, "csrf"), "sleutel": hidden(page, "sleutel"), "jaar": str(year), **cells}
    return site.client.post("/portaal/inzendingen/nieuw", data=fields)


def test_grid_problems_name_the_row_and_column_next_to_the_cell_and_keep_the_input(site: Site) -> None:
    page = grid_page(site)
    response = post_grid(site, page, {"teller-1": "12", "noemer-1": "40", "teller-2": "abc", "noemer-2": "40",
                                      "teller-3": "50", "noemer-3": "40"})
    assert response.status_code == 422
    text = response.text
    assert "Niets ingediend" in text
    assert re.search(r"Rij 2, kolom &#39;teller&#39;: [^<]*\(waarde: &#39;abc&#39;\)", text)
    assert "Rij 3, kolom &#39;teller&#39;" in text  # 50 out of 40 for a percentage
    cell = re.search(r'<input id="teller-2"[^>]*>', text, re.S).group(0)  # type: ignore[union-attr]
    assert 'value="abc"' in cell and 'aria-invalid="true"' in cell and 'aria-describedby="fout-teller-2"' in cell
    assert re.search(r'id="fout-teller-2">Rij 2, kolom', text)
    assert 'value="12"' in re.search(r'<input id="teller-1"[^>]*>', text, re.S).group(0)  # type: ignore[union-attr]
    assert site.count("submissions") == 0


def test_a_grid_submission_is_stored_once_for_a_double_post(site: Site) -> None:
    page = grid_page(site)
    first = post_grid(site, page, {"teller-1": "12", "noemer-1": "40"})
    second = post_grid(site, page, {"teller-1": "12", "noemer-1": "40"})
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert site.count("submissions") == 1 and site.count("submission_rows") == 1
    detail = site.client.get(first.headers["location"])
    assert detail.status_code == 200 and "ingediend" in detail.text


def test_an_empty_grid_is_refused(site: Site) -> None:
    response = post_grid(site, grid_page(site), {})
    assert response.status_code == 422 and "geen ingevulde cijfers" in response.text
    assert site.count("submissions") == 0


def test_template_has_a_row_per_measure_and_gemeente_of_the_organisation(site: Site, areas) -> None:
    site.login_as(site.world.partner)
    response = site.client.get("/portaal/sjabloon.xlsx?jaar=2024")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="sjabloon-jgz-gelderland-midden-2024.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content))["Invullen"]
    rows = {(r[0], r[2]) for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows == {(m, g) for m in MEASURES for g in areas.members("RGGM")}


def filled_template(site: Site, catalogues, bad: dict[tuple[int, str], object]) -> bytes:
    """The organisation's template for 2024 with every row filled in, except ``bad`` (row, column) values."""
    sheet_bytes = site.client.get("/portaal/sjabloon.xlsx?jaar=2024").content
    workbook = load_workbook(io.BytesIO(sheet_bytes))
    sheet = workbook["Invullen"]
    headers = [c.value for c in sheet[1]]
    column = {name: headers.index(name) + 1 for name in ("indicator", "teller", "noemer")}
    for row in range(2, sheet.max_row + 1):
        measure = catalogues.measure(sheet.cell(row, column["indicator"]).value)
        sheet.cell(row, column["teller"], 5)
        if measure.unit in PERCENT_OR_MEAN:
            sheet.cell(row, column["noemer"], 50)
    for (row, name), value in bad.items():
        sheet.cell(row, column[name], value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(site: Site, data: bytes, name: str = "aanlevering.xlsx"):
    page = grid_page(site)
    fields = {"csrf": hidden(page, "csrf"), "jaar": "2024",
              "sleutel": re.findall(r'name="sleutel" value="([^"]+)"', page)[1]}
    return site.client.post("/portaal/inzendingen/upload", data=fields, files={"bestand": (name, data)})


def test_a_bad_upload_shows_sheet_row_column_and_value_and_stores_nothing(site: Site, catalogues) -> None:
    site.login_as(site.world.partner)
    response = upload(site, filled_template(site, catalogues, {(2, "teller"): "abc", (4, "teller"): -3}))
    assert response.status_code == 422
    text = response.text.replace("&#39;", "'")
    assert re.search(r"Werkblad 'Invullen', rij 2, kolom 'teller': [^<]*\(waarde: 'abc'\)", text)
    assert re.search(r"Werkblad 'Invullen', rij 4, kolom 'teller': [^<]*\(waarde: -3\)", text)
    assert "aanlevering.xlsx" in text
    assert site.count("submissions") == 0 and site.count("submission_rows") == 0


def test_a_good_upload_becomes_a_submission_of_every_row(site: Site, catalogues, areas) -> None:
    site.login_as(site.world.partner)
    response = upload(site, filled_template(site, catalogues, {}))
    assert response.status_code == 303
    assert site.count("submission_rows") == len(MEASURES) * len(areas.members("RGGM"))
    assert "aanlevering.xlsx" in site.client.get(response.headers["location"]).text


def test_an_upload_over_5_mb_is_refused_in_dutch(site: Site) -> None:
    site.login_as(site.world.partner)
    just_over = upload(site, b"x" * (5 * 1024 * 1024 + 1), "groot.csv")  # on the form page
    assert just_over.status_code == 422 and "groter dan 5 MB" in just_over.text
    far_over = upload(site, b"x" * (8 * 1024 * 1024), "groter.csv")  # not even read
    assert far_over.status_code == 413 and "te groot" in far_over.text and "5 MB" in far_over.text
    assert site.count("submissions") == 0


def test_an_upload_without_a_file_is_refused(site: Site) -> None:
    site.login_as(site.world.partner)
    response = upload(site, b"", "leeg.csv")
    assert response.status_code == 422 and "kies een ingevuld bestand" in response.text
    assert site.count("submissions") == 0


def test_a_correction_shows_old_and_new_values(site: Site, catalogues, areas) -> None:
    world = site.world
    first = submit_counts(site.pg, world.partner, "GM0228", 3, "eerste", catalogues, areas)
    review.approve(site.pg, world.coordinator, first, None, catalogues, areas)
    correction = submit_counts(site.pg, world.partner, "GM0228", 5, "correctie", catalogues, areas)
    site.login_as(world.coordinator)
    text = site.client.get(f"/portaal/inzendingen/{correction}").text
    row = re.search(r'<tr class="changed">.*?</tr>', text, re.S).group(0)  # type: ignore[union-attr]
    assert "Ede" in row and "3 → 5" in row and "gewijzigd (was versie 1)" in row
    assert "ja: deze inzending wijzigt goedgekeurde cijfers" in text
    assert 'action="/portaal/inzendingen/%d/goedkeuren"' % correction in text


def test_approval_recomputes_and_rejection_needs_a_note(site: Site, catalogues, areas) -> None:
    world = site.world
    first = submit_counts(site.pg, world.partner, "GM0228", 3, "eerste", catalogues, areas)
    second = submit_counts(site.pg, world.partner, "GM0202", 4, "tweede", catalogues, areas)
    csrf = site.login_as(world.coordinator)
    refused = site.client.post(f"/portaal/inzendingen/{second}/afwijzen", data={"csrf": csrf, "toelichting": " "})
    assert refused.status_code == 422 and "toelichting" in refused.text
    assert site.client.post(f"/portaal/inzendingen/{first}/goedkeuren", data={"csrf": csrf}).status_code == 303
    assert site.changes == [1]
    again = site.client.post(f"/portaal/inzendingen/{first}/goedkeuren", data={"csrf": csrf})
    assert again.status_code == 409 and "al goedgekeurd" in again.text
    assert site.changes == [1]
    states = dict(site.pg.con.execute("SELECT submission_id, state FROM submissions").fetchall())
    assert states == {first: "goedgekeurd", second: "ingediend"}
