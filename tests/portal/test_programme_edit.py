"""Coordinators add registry facts for gemeenten of their region, checked with the registry-import rules.

Facts relied on: registry fact kinds (registry/facts.py: impuls_tranche_1 and coalitie are ja/nee facts
about a gemeente, aantal_verloskundigenpraktijken a count for the country); Ede (GM0228) is in RGGM,
Amsterdam (GM0363) is not.
"""

from __future__ import annotations

from datetime import date

import pytest

from kansrijk.areas import AreaRegistry
from kansrijk.errors import AccessDenied, InputError
from kansrijk.portal import programme_edit
from kansrijk.server.pgstore import PgStore
from tests.portal.world import World


def stored(pg: PgStore) -> list[tuple]:
    return [tuple(r.values()) for r in pg.query(
        "SELECT i.kind, i.row_count, f.fact, f.subject, f.subject_input, f.value, f.valid_from "
        "FROM registry_facts f JOIN imports i USING (import_id) ORDER BY f.import_id")]


def test_coordinator_adds_a_fact_as_a_one_row_registry_import(pg: PgStore, world: World, areas: AreaRegistry) -> None:
    added = programme_edit.add_fact(pg, world.coordinator, "Impuls tranche 1", "Ede", "Ja", date(2020, 1, 1), areas)
    assert added.file_name.startswith("portaal coordinator@ggd.example ")
    assert stored(pg) == [("registry", 1, "impuls_tranche_1", "GM0228", "Ede", "ja", date(2020, 1, 1))]
    programme_edit.add_fact(pg, world.coordinator, "coalitie", "GM0274", "nee", "15-09-2021", areas)
    programme_edit.add_fact(pg, world.other_coordinator, "coalitie", "GM0363", "ja", "2021-01-01", areas)
    listed = programme_edit.list_facts(pg, world.coordinator, areas)
    assert [(e.fact, e.gemeente, e.value, e.valid_from) for e in listed] == [
        ("impuls_tranche_1", "GM0228", "ja", date(2020, 1, 1)), ("coalitie", "GM0274", "nee", date(2021, 9, 15))]
    assert listed[1].label == "Lokale of regionale coalitie Kansrijke Start"


def test_bad_facts_name_the_field_and_store_nothing(pg: PgStore, world: World, areas: AreaRegistry) -> None:
    cases = [
        (("coalitie", "Ede", "misschien", "2021-01-01"), "waarde", "misschien"),
        (("coalitie", "Nergenshuizen", "ja", "2021-01-01"), "gemeente", "Nergenshuizen"),
        (("coalitie", "Ede", "ja", "2021"), "geldig vanaf", "2021"),
        (("onzin", "Ede", "ja", "2021-01-01"), "feit", "onzin"),
        (("aantal_verloskundigenpraktijken", "NL01", "579", "2020-10-01"), "feit", "aantal_verloskundigenpraktijken"),
    ]
    for args, column, value in cases:
        with pytest.raises(InputError) as caught:
            programme_edit.add_fact(pg, world.coordinator, *args, areas)
        assert [(p.column, p.value) for p in caught.value.problems] == [(column, value)], args
    for who in (world.partner, world.viewer, None):
        with pytest.raises(AccessDenied):
            programme_edit.add_fact(pg, who, "coalitie", "Ede", "ja", "2021-01-01", areas)
    with pytest.raises(AccessDenied, match="buiten uw regio"):
        programme_edit.add_fact(pg, world.coordinator, "coalitie", "Amsterdam", "ja", "2021-01-01", areas)
    assert stored(pg) == []
