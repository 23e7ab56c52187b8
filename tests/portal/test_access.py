"""The access policy: every role x every action, and the scope of partner, coordinator and viewer."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.errors import AccessDenied
from kansrijk.portal import access, accounts
from kansrijk.portal.accounts import Organisation, User
from kansrijk.server.pgstore import PgStore
from tests.portal.world import World

# Written out from the rules, not read from access.POLICY: Y = allowed for the role (no target).
ROLE_MATRIX = """
action                 public partner coordinator viewer
view_public            Y      Y       Y           Y
view_portal_home       -      Y       Y           Y
submit                 -      Y       -           -
view_own_submissions   -      Y       Y           -
view_submission        -      Y       Y           -
review_submission      -      -       Y           -
edit_registry          -      -       Y           -
approve_summary        -      -       Y           -
view_unsuppressed      -      -       Y           Y
download_template      -      Y       -           -
manage_users           -      -       -           -
"""


def parse(table: str) -> dict[tuple[str, str], bool]:
    lines = [line.split() for line in table.strip().splitlines()]
    roles = lines[0][1:]
    return {(row[0], role): flag == "Y" for row in lines[1:] for role, flag in zip(roles, row[1:])}


@dataclass(frozen=True)
class FakeSubmission:
    """Only what the policy looks at: the organisation a submission belongs to."""

    organisation: Organisation


def users_by_role(world: World) -> dict[str, User | None]:
    return {"public": None, "partner": world.partner, "coordinator": world.coordinator, "viewer": world.viewer}


def test_every_role_times_every_action(shared_world: tuple[PgStore, World]) -> None:
    _, world = shared_world
    expected = parse(ROLE_MATRIX)
    assert {a for a, _ in expected} == set(access.ACTIONS)
    for (action, role), allowed in expected.items():
        user = users_by_role(world)[role]
        assert access.can(user, action) is allowed, (action, role)
        if allowed:
            access.require(user, action)
        else:
            with pytest.raises(AccessDenied):
                access.require(user, action)


# Scope: (action, who, target) -> allowed. Targets: own/other organisation (as such and through a
# submission), a gemeente of RGGM (Ede GM0228) and one outside it (Amsterdam GM0363).
SCOPE_MATRIX = """
action               who                target             allowed
submit               partner            org                Y
submit               partner            other_org          -
view_submission      partner            sub_org            Y
view_submission      partner            sub_other_org      -
view_submission      other_partner      sub_other_org      Y
view_submission      other_partner      sub_org            -
view_submission      coordinator        sub_org            Y
view_submission      coordinator        sub_other_org      -
view_submission      coordinator        sub_zuid           Y
view_submission      other_coordinator  sub_other_org      Y
view_submission      other_coordinator  sub_org            -
view_submission      ggd_coordinator    sub_org            Y
review_submission    coordinator        sub_org            Y
review_submission    coordinator        sub_zuid           Y
review_submission    coordinator        sub_other_org      -
review_submission    other_coordinator  sub_org            -
review_submission    partner            sub_org            -
view_own_submissions partner            org                Y
view_own_submissions partner            other_org          -
view_own_submissions coordinator        org                Y
view_own_submissions coordinator        other_org          -
download_template    partner            org                Y
download_template    partner            other_org          -
edit_registry        coordinator        GM0228             Y
edit_registry        coordinator        gm0228             Y
edit_registry        coordinator        GM0363             -
edit_registry        other_coordinator  GM0363             Y
edit_registry        other_coordinator  GM0228             -
edit_registry        viewer             GM0228             -
view_unsuppressed    viewer             GM0228             Y
view_unsuppressed    viewer             GM0363             -
view_unsuppressed    other_viewer       GM0363             Y
view_unsuppressed    other_viewer       GM0228             -
view_unsuppressed    coordinator        GM0228             Y
view_unsuppressed    coordinator        GM0363             -
view_unsuppressed    other_coordinator  GM0363             Y
view_unsuppressed    partner            GM0228             -
view_unsuppressed    public             GM0228             -
"""


def test_scope_of_each_role(shared_world: tuple[PgStore, World], catalogues: Catalogues,
                            areas: AreaRegistry) -> None:
    pg, world = shared_world
    zuid = accounts.create_organisation(pg, "Verloskunde Zuid", "RGGMZ", ["gm08.phb"],  # gemeenten inside RGGM
                                        catalogues=catalogues, areas=areas)
    ggd = User(999, "ggd@x.example", "ggd", "coordinator", region_code="GG1911")  # same gemeenten as RGGM
    who = {"partner": world.partner, "other_partner": world.other_partner, "coordinator": world.coordinator,
           "other_coordinator": world.other_coordinator, "ggd_coordinator": ggd, "viewer": world.viewer,
           "other_viewer": world.other_viewer, "public": None}
    targets: dict[str, object] = {
        "org": world.org, "other_org": world.other_org, "sub_org": FakeSubmission(world.org),
        "sub_other_org": FakeSubmission(world.other_org), "sub_zuid": FakeSubmission(zuid),
    }
    lines = [line.split() for line in SCOPE_MATRIX.strip().splitlines()[1:]]
    for action, person, target_name, flag in lines:
        target = targets.get(target_name, target_name)
        allowed = flag == "Y"
        assert access.can(who[person], action, target, areas) is allowed, (action, person, target_name)
        if not allowed:
            with pytest.raises(AccessDenied) as denied:
                access.require(who[person], action, target, areas)
            assert "buiten" in str(denied.value) or "mag u dit niet" in str(denied.value) \
                or "Log in" in str(denied.value)


def test_inactive_account_is_treated_as_public(shared_world: tuple[PgStore, World]) -> None:
    _, world = shared_world
    gone = User(world.partner.id, world.partner.email, "x", "partner", organisation_id=world.org.id, active=False)
    assert access.can(gone, "view_public")
    assert not access.can(gone, "submit", world.org)
    with pytest.raises(AccessDenied, match="Log in"):
        access.require(gone, "submit")


def test_unknown_action_is_a_programming_error(shared_world: tuple[PgStore, World]) -> None:
    _, world = shared_world
    with pytest.raises(ValueError):
        access.can(world.partner, "delete_everything")
