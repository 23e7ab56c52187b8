"""A small world of portal organisations and accounts for tests.

Organisation "JGZ Gelderland-Midden" (region RGGM, every gemeente of it) with a partner, organisation
"Verloskunde Amsterdam" (GGD Amsterdam) with a partner, a coordinator for RGGM and one for GG3406, a
viewer for Ede (GM0228) and one for Amsterdam (GM0363).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.portal import accounts
from kansrijk.portal.accounts import Organisation, User
from kansrijk.portal.validation import FormCell
from kansrijk.server.pgstore import PgStore

PASSWORD = "correct paard batterij niet"
MEASURES = ("gm08.phb", "gm08.voorzorg", "gm07.a")


def form(*cells: tuple[str, str, int, object, object]) -> list[FormCell]:
    """Form cells from (measure, gemeente, year, teller, noemer) tuples."""
    return [FormCell(*c) for c in cells]


@lru_cache(maxsize=1)
def password_hash() -> str:
    """The Argon2id hash of PASSWORD (made with the portal's own hasher)."""
    return accounts.hash_password(PASSWORD)


@dataclass
class World:
    """The organisations and accounts every portal test can use."""

    org: Organisation
    other_org: Organisation
    partner: User
    other_partner: User
    coordinator: User
    other_coordinator: User
    viewer: User
    other_viewer: User


def make_world(pg: PgStore, catalogues: Catalogues, areas: AreaRegistry) -> World:
    """Create the world's organisations and accounts in ``pg``."""
    org = accounts.create_organisation(pg, "JGZ Gelderland-Midden", "RGGM", MEASURES,
                                       catalogues=catalogues, areas=areas)
    other = accounts.create_organisation(pg, "Verloskunde Amsterdam", "GG3406", ["gm08.phb"],
                                         catalogues=catalogues, areas=areas)

    def add(email: str, role: str, **binding: object) -> User:
        # The accounts are written directly with one Argon2id hash of PASSWORD made once per process:
        # hashing costs a fifth of a second, and create_user itself is tested in test_accounts.
        columns = ", ".join(binding)
        row = pg.con.execute(
            f"INSERT INTO users (email, name, role, password_hash, {columns}) VALUES (%s, %s, %s, %s, "
            f"{', '.join(['%s'] * len(binding))}) RETURNING {accounts.USER_COLUMNS}",
            [email, email.split("@")[0], role, password_hash(), *binding.values()],
        ).fetchone()
        assert row is not None
        return accounts.user_from_row(row)

    return World(
        org=org,
        other_org=other,
        partner=add("partner@jgz.example", "partner", organisation_id=org.id),
        other_partner=add("partner@vk.example", "partner", organisation_id=other.id),
        coordinator=add("coordinator@ggd.example", "coordinator", region_code="RGGM"),
        other_coordinator=add("coordinator@ams.example", "coordinator", region_code="GG3406"),
        viewer=add("viewer@ede.example", "viewer", gemeente_code="GM0228"),
        other_viewer=add("viewer@amsterdam.example", "viewer", gemeente_code="GM0363"),
    )
