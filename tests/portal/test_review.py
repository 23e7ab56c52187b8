"""Reviewing: approval writes the organisation's one import with its aggregate rows, a correction
replaces the cell, rejection keeps its note, and only a coordinator of the region reviews a pending one."""

from __future__ import annotations

import pytest

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.errors import AccessDenied, InputError, PortalError
from kansrijk.portal import accounts, review, submissions
from kansrijk.server.pgstore import PgStore
from tests.portal.world import World, form


def imported(pg: PgStore) -> tuple[list[dict], list[tuple]]:
    imports = pg.query("SELECT import_id, kind, file_name, row_count FROM imports ORDER BY import_id")
    rows = [tuple(r.values()) for r in pg.query(
        "SELECT import_id, indicator, area_code, area_input, period_start, period_end, numerator, denominator, status "
        "FROM aggregate_rows ORDER BY indicator, area_code, period_start")]
    return imports, rows


def test_approval_writes_one_import_and_a_correction_replaces_the_cell(
        pg: PgStore, world: World, catalogues: Catalogues, areas: AreaRegistry) -> None:
    first = submissions.submit_form(pg, world.partner, form(("gm08.phb", "GM0228", 2023, 12, 300),
                                                             ("gm07.a", "Renkum", 2022, 4, None)), "a",
                                    catalogues, areas)
    approval = review.approve(pg, world.coordinator, first.id, "", catalogues, areas)
    assert (approval.row_count, approval.previous_import_id, approval.replaced_cells) == (2, None, 0)
    imports, rows = imported(pg)
    assert imports == [{"import_id": approval.import_id, "kind": "inzendingen", "row_count": 2,
                        "file_name": f"inzendingen JGZ Gelderland-Midden t/m inzending {first.id}"}]
    assert rows == [(approval.import_id, "gm07.a", "GM0274", "Renkum", 2022, 2022, 4.0, None, "gepubliceerd"),
                    (approval.import_id, "gm08.phb", "GM0228", "GM0228", 2023, 2023, 12.0, 300.0, "gepubliceerd")]
    assert accounts.organisation(pg, world.org.id).import_id == approval.import_id
    # A correction of one cell: the cell is replaced, the other stays; still one import.
    fix = submissions.submit_form(pg, world.partner, form(("gm08.phb", "GM0228", 2023, 13, 300)), "b",
                                  catalogues, areas)
    second = review.approve(pg, world.coordinator, fix.id, "gecorrigeerd", catalogues, areas)
    assert (second.previous_import_id, second.replaced_cells, second.row_count) == (approval.import_id, 1, 2)
    imports, rows = imported(pg)
    assert [i["import_id"] for i in imports] == [second.import_id] != [approval.import_id]
    assert [(r[1], r[2], r[6]) for r in rows] == [("gm07.a", "GM0274", 4.0), ("gm08.phb", "GM0228", 13.0)]
    old = submissions.get(pg, world.partner, first.id, areas)
    assert old.state == "goedgekeurd"  # one of its two cells is still current
    assert {r.area_code: r.replaced_by for r in old.rows} == {"GM0228": fix.id, "GM0274": None}
    change = submissions.diff(pg, fix.id)[0]
    assert (change.old_numerator, change.numerator, change.old_submission_id) == (12.0, 13.0, first.id)
    # Replacing the last current cell makes the first submission "vervangen"; history stays.
    last = submissions.submit_form(pg, world.partner, form(("gm07.a", "Renkum", 2022, 5, None)), "c",
                                   catalogues, areas)
    review.approve(pg, world.coordinator, last.id, None, catalogues, areas)
    assert [e.state for e in submissions.history(pg, world.partner, first.id, areas)] == [
        "ingediend", "goedgekeurd", "vervangen"]
    assert pg.query("SELECT count(*) AS n FROM submission_rows")[0]["n"] == 4  # nothing deleted
    _, rows = imported(pg)
    assert [(r[1], r[6]) for r in rows] == [("gm07.a", 5.0), ("gm08.phb", 13.0)]


def test_reject_needs_a_note_and_only_pending_submissions_are_reviewed(
        pg: PgStore, world: World, catalogues: Catalogues, areas: AreaRegistry) -> None:
    made = submissions.submit_form(pg, world.partner, form(("gm07.a", "GM0228", 2023, 5, None)), "a",
                                   catalogues, areas)
    with pytest.raises(PortalError, match="toelichting"):
        review.reject(pg, world.coordinator, made.id, "  ", areas)
    for who in (world.partner, world.other_coordinator, world.viewer, None):
        with pytest.raises(AccessDenied):
            review.reject(pg, who, made.id, "nee", areas)
        with pytest.raises(AccessDenied):
            review.approve(pg, who, made.id, "ja", catalogues, areas)
    rejected = review.reject(pg, world.coordinator, made.id, "Cijfers van 2022 in plaats van 2023.", areas)
    assert (rejected.state, rejected.review_note, rejected.reviewed_by) == (
        "afgewezen", "Cijfers van 2022 in plaats van 2023.", world.coordinator.id)
    events = submissions.history(pg, world.partner, made.id, areas)
    assert [(e.state, e.note, e.user_name) for e in events][-1] == (
        "afgewezen", "Cijfers van 2022 in plaats van 2023.", "coordinator")
    with pytest.raises(PortalError, match="al afgewezen"):
        review.approve(pg, world.coordinator, made.id, None, catalogues, areas)
    assert pg.query("SELECT count(*) AS n FROM imports")[0]["n"] == 0


def test_conflicting_approvals_are_refused(pg: PgStore, world: World, catalogues: Catalogues,
                                           areas: AreaRegistry) -> None:
    other = accounts.create_organisation(pg, "Verloskunde Ede", "RGGM", ["gm07.a"], ["Ede"],
                                         catalogues=catalogues, areas=areas)
    other_partner = accounts.create_user(pg, email="p@ede.example", name="P", role="partner",
                                         password="correct paard batterij", organisation_id=other.id, areas=areas)
    mine = submissions.submit_form(pg, world.partner, form(("gm07.a", "GM0228", 2023, 5, None)), "a",
                                   catalogues, areas)
    theirs = submissions.submit_form(pg, other_partner, form(("gm07.a", "GM0228", 2023, 6, None)), "a",
                                     catalogues, areas)
    review.approve(pg, world.coordinator, mine.id, None, catalogues, areas)
    with pytest.raises(InputError, match="andere organisatie"):
        review.approve(pg, world.coordinator, theirs.id, None, catalogues, areas)
    with pytest.raises(InputError, match="andere organisatie"):  # and at submission time
        submissions.submit_form(pg, other_partner, form(("gm07.a", "GM0228", 2023, 6, None)), "b",
                                catalogues, areas)
    # An older version cannot overrule a newer approved one.
    older = submissions.submit_form(pg, world.partner, form(("gm07.a", "GM0228", 2023, 7, None)), "b",
                                    catalogues, areas)
    newer = submissions.submit_form(pg, world.partner, form(("gm07.a", "GM0228", 2023, 8, None)), "c",
                                    catalogues, areas)
    review.approve(pg, world.coordinator, newer.id, None, catalogues, areas)
    with pytest.raises(InputError, match="nieuwere versie"):
        review.approve(pg, world.coordinator, older.id, None, catalogues, areas)
    assert pg.query("SELECT numerator FROM aggregate_rows")[0]["numerator"] == 8.0
