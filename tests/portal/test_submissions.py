"""Submitting counts: validation with the aggregate-import rules plus the organisation's rules, nothing
stored on a problem, idempotency, versions per cell and corrections.

Facts relied on: regio Gelderland Midden (RGGM) has 15 gemeenten incl. Ede (GM0228), Renkum (GM0274)
and Wageningen (GM0289), not Amsterdam (GM0363) (regions.yaml, seed 004); gm08.phb and gm08.voorzorg are
percentages of pregnant women, gm07.a a count (gm.yaml).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.errors import AccessDenied, InputError, PortalError
from kansrijk.portal import review, submissions
from kansrijk.server.pgstore import PgStore
from tests.portal.world import World, form


def count(pg: PgStore, table: str) -> int:
    return int(pg.query(f"SELECT count(*) AS n FROM {table}")[0]["n"])


def test_form_submission_is_stored_with_who_and_version_one(pg: PgStore, world: World, catalogues: Catalogues,
                                                             areas: AreaRegistry) -> None:
    cells = form(("gm08.phb", "GM0228", 2023, "12", "1.300"), ("gm08.phb", "GM0274", 2023, None, None),
                 ("gm07.a", "Renkum", 2023, 7, None))
    made = submissions.submit_form(pg, world.partner, cells, "sleutel-1", catalogues, areas)
    assert (made.state, made.row_count, made.source, made.is_correction) == ("ingediend", 2, "formulier", False)
    assert (made.organisation.id, made.user_id, made.user_name) == (world.org.id, world.partner.id, "partner")
    got = submissions.get(pg, world.partner, made.id, areas)
    assert [(r.indicator, r.area_code, r.period, r.numerator, r.denominator, r.version, r.source_row)
            for r in got.rows] == [("gm08.phb", "GM0228", "2023", 12.0, 1300.0, 1, 1),
                                   ("gm07.a", "GM0274", "2023", 7.0, None, 1, 3)]  # the blank cell 2 is left out
    assert [e.state for e in submissions.history(pg, world.partner, made.id, areas)] == ["ingediend"]
    assert [s.id for s in submissions.list_for(pg, world.partner, areas=areas)] == [made.id]
    assert [s.id for s in submissions.list_for(pg, world.coordinator, areas=areas)] == [made.id]
    assert submissions.list_for(pg, world.other_partner, areas=areas) == []
    assert submissions.list_for(pg, world.other_coordinator, areas=areas) == []
    with pytest.raises(AccessDenied):
        submissions.get(pg, world.other_partner, made.id, areas)
    with pytest.raises(AccessDenied):
        submissions.list_for(pg, world.viewer, areas=areas)


def test_bad_form_names_row_column_and_value_and_stores_nothing(pg: PgStore, world: World, catalogues: Catalogues,
                                                                areas: AreaRegistry) -> None:
    cells = form(("gm08.phb", "GM0228", 2023, "12a", "300"), ("gm08.phb", "Nergenshuizen", 2023, "1", "30"),
                 ("gm08.phb", "GM0289", 2023, "40", "30"))
    with pytest.raises(InputError) as caught:
        submissions.submit_form(pg, world.partner, cells, "k", catalogues, areas)
    found = {(p.line, p.column): p for p in caught.value.problems}
    assert set(found) == {(1, "teller"), (2, "gemeente"), (3, "teller")}
    assert found[(1, "teller")].value == "12a" and "geen getal" in found[(1, "teller")].message
    assert found[(2, "gemeente")].value == "Nergenshuizen"
    assert "groter dan noemer" in found[(3, "teller")].message
    assert found[(1, "teller")].for_user() == "Rij 1, kolom 'teller': geen getal (waarde: '12a')."
    # The organisation's own rules: measure, gemeente served, gemeente level.
    cells = form(("gm08.so_prenataal", "GM0228", 2023, "1", "30"), ("gm08.phb", "Amsterdam", 2023, "1", "30"),
                 ("gm08.phb", "RGGM", 2023, "1", "30"), ("gm08.phb", "GM0228", 2023, "2", "30"))
    with pytest.raises(InputError) as caught:
        submissions.submit_form(pg, world.partner, cells, "k", catalogues, areas)
    found = {(p.line, p.column): p for p in caught.value.problems}
    assert set(found) == {(1, "indicator"), (2, "gemeente"), (3, "gemeente")}
    assert found[(1, "indicator")].value == "gm08.so_prenataal" and "niet aan" in found[(1, "indicator")].message
    assert found[(2, "gemeente")].value == "Amsterdam" and "GM0363" in found[(2, "gemeente")].message
    assert found[(3, "gemeente")].value == "RGGM" and "geen gemeente" in found[(3, "gemeente")].message
    with pytest.raises(InputError, match="geen ingevulde"):
        submissions.submit_form(pg, world.partner, form(("gm08.phb", "GM0228", 2023, "", None)), "k",
                                catalogues, areas)
    assert count(pg, "submissions") == count(pg, "submission_rows") == count(pg, "submission_events") == 0


def test_uploaded_csv_follows_the_import_rules(pg: PgStore, world: World, catalogues: Catalogues,
                                               areas: AreaRegistry) -> None:
    bad = "indicator;gebied;jaar;teller;noemer\ngm08.phb;Ede;2023;12;300\ngm08.phb;Wageningen;2023;veel;300\n"
    with pytest.raises(InputError) as caught:
        submissions.submit_file(pg, world.partner, "C:\\mijn map\\phb.csv", bad.encode(), "k", catalogues, areas)
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.column, problem.value) == ("phb.csv", 3, "teller", "veel")
    with pytest.raises(InputError, match="groter dan 5 MB"):
        submissions.submit_file(pg, world.partner, "groot.csv", b"x" * (5 * 1024 * 1024 + 1), "k", catalogues, areas)
    good = bad.replace("veel", "8")
    made = submissions.submit_file(pg, world.partner, "../../phb.csv", good.encode("cp1252"), "k", catalogues, areas)
    assert (made.source, made.file_name, made.row_count) == ("bestand", "phb.csv", 2)
    with pytest.raises(InputError) as caught:
        submissions.submit_file(pg, world.other_partner, "phb.csv", good.encode(), "k", catalogues, areas)
    assert {(p.line, p.column, p.value) for p in caught.value.problems} == {(2, "gebied", "Ede"),
                                                                            (3, "gebied", "Wageningen")}


def test_uploaded_template_problem_names_the_sheet(pg: PgStore, world: World, catalogues: Catalogues,
                                                   areas: AreaRegistry, tmp_path: Path) -> None:
    from kansrijk.portal.template import template_gemeenten, template_measures, write_template

    path = write_template(tmp_path / "sjabloon.xlsx", template_measures(catalogues, None, ["gm07.a"]),
                          template_gemeenten(areas, ["Ede", "Renkum"], 2023), 2023)
    workbook = load_workbook(path)
    sheet = workbook["Invullen"]
    columns = {c.value: c.column for c in sheet[1]}
    sheet.cell(2, columns["teller"]).value = 4
    sheet.cell(3, columns["teller"]).value = "vier"
    workbook.save(path)
    with pytest.raises(InputError) as caught:
        submissions.submit_file(pg, world.partner, "sjabloon.xlsx", path.read_bytes(), "k", catalogues, areas)
    [problem] = caught.value.problems
    assert (problem.sheet, problem.line, problem.column, problem.value) == ("Invullen", 3, "teller", "vier")
    sheet.cell(3, columns["teller"]).value = 6
    workbook.save(path)
    made = submissions.submit_file(pg, world.partner, "sjabloon.xlsx", path.read_bytes(), "k", catalogues, areas)
    assert made.row_count == 2
    # Not the organisation's: the problem names the sheet too.
    other = write_template(tmp_path / "ander.xlsx", template_measures(catalogues, None, ["gm07.b"]),
                           template_gemeenten(areas, ["Ede"], 2023), 2023)
    workbook = load_workbook(other)
    workbook["Invullen"].cell(2, columns["teller"]).value = 3
    workbook.save(other)
    with pytest.raises(InputError) as caught:
        submissions.submit_file(pg, world.partner, "ander.xlsx", other.read_bytes(), "k2", catalogues, areas)
    [problem] = caught.value.problems
    assert (problem.sheet, problem.line, problem.column, problem.value) == ("Invullen", 2, "indicator", "gm07.b")


def test_the_same_idempotency_key_gives_the_same_submission(pg: PgStore, world: World, catalogues: Catalogues,
                                                            areas: AreaRegistry) -> None:
    cells = form(("gm07.a", "GM0228", 2023, 5, None))
    first = submissions.submit_form(pg, world.partner, cells, "dubbel", catalogues, areas)
    again = submissions.submit_form(pg, world.partner, form(("gm07.a", "GM0228", 2023, 6, None)), "dubbel",
                                    catalogues, areas)
    assert again.id == first.id
    assert count(pg, "submissions") == 1 and count(pg, "submission_rows") == 1
    with pytest.raises(PortalError):
        submissions.submit_form(pg, world.partner, cells, " ", catalogues, areas)
    with pytest.raises(AccessDenied):
        submissions.submit_form(pg, world.coordinator, cells, "c", catalogues, areas)


def test_versions_count_per_cell_and_a_correction_shows_old_and_new(pg: PgStore, world: World,
                                                                    catalogues: Catalogues,
                                                                    areas: AreaRegistry) -> None:
    first = submissions.submit_form(pg, world.partner, form(("gm07.a", "GM0228", 2023, 5, None),
                                                            ("gm07.a", "GM0274", 2023, 9, None)), "1",
                                    catalogues, areas)
    review.approve(pg, world.coordinator, first.id, "akkoord", catalogues, areas)
    same = submissions.submit_form(pg, world.partner, form(("gm07.a", "GM0228", 2023, 5, None)), "2",
                                   catalogues, areas)
    assert not same.is_correction  # the approved value again: no change
    fix = submissions.submit_form(pg, world.partner, form(("gm07.a", "GM0228", 2023, 6, None),
                                                          ("gm07.a", "GM0289", 2023, 2, None)), "3",
                                  catalogues, areas)
    assert fix.is_correction
    assert [(r.area_code, r.version) for r in submissions.get(pg, world.partner, fix.id, areas).rows] == [
        ("GM0228", 3), ("GM0289", 1)]
    changes = {c.area_code: c for c in submissions.diff(pg, fix.id)}
    assert (changes["GM0228"].old_numerator, changes["GM0228"].numerator, changes["GM0228"].changed) == (5.0, 6.0, True)
    assert (changes["GM0228"].old_version, changes["GM0228"].old_submission_id) == (1, first.id)
    assert changes["GM0289"].is_new and not changes["GM0289"].changed
    assert not submissions.diff(pg, same.id)[0].changed
