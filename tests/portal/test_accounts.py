"""Accounts: Argon2id hashes, password rules, role bindings, login and its rate limit (real PostgreSQL)."""

from __future__ import annotations

import math
import threading
from datetime import datetime, timedelta, timezone

import pytest
from argon2 import PasswordHasher

from kansrijk.areas import AreaRegistry
from kansrijk.errors import LoginBlocked, LoginFailed, PortalError, StoreError
from kansrijk.portal import accounts
from kansrijk.server.pgstore import PgStore
from tests.portal.world import PASSWORD, World

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)


def stored_hash(pg: PgStore, email: str) -> str:
    return str(pg.query("SELECT password_hash FROM users WHERE email = %s", [email])[0]["password_hash"])


def test_password_is_stored_as_argon2id_hash(pg: PgStore, world: World) -> None:
    value = stored_hash(pg, world.partner.email)
    assert value.startswith("$argon2id$")
    assert PASSWORD not in value
    assert PasswordHasher().verify(value, PASSWORD)


def test_password_rules_and_email_normalised(pg: PgStore, world: World, areas: AreaRegistry) -> None:
    with pytest.raises(PortalError, match="minstens 12 tekens"):
        accounts.create_user(pg, email="kort@x.example", name="Kort", role="viewer", password="a1b2c3d4e5f",
                             gemeente_code="GM0228", areas=areas)
    made = accounts.create_user(pg, email="  Iemand@Voorbeeld.NL ", name="Iemand", role="viewer",
                                password="a1b2c3d4e5f6", gemeente_code="Ede", areas=areas)
    assert (made.email, made.gemeente_code) == ("iemand@voorbeeld.nl", "GM0228")
    with pytest.raises(PortalError, match="al een gebruiker"):
        accounts.create_user(pg, email="IEMAND@voorbeeld.nl", name="Dubbel", role="viewer",
                             password="a1b2c3d4e5f6", gemeente_code="GM0228", areas=areas)


def test_each_role_has_exactly_its_own_binding(pg: PgStore, world: World, areas: AreaRegistry) -> None:
    with pytest.raises(PortalError, match="organisatie"):
        accounts.create_user(pg, email="p@x.example", name="P", role="partner", password=PASSWORD, areas=areas)
    with pytest.raises(PortalError, match="niet bij een gemeente"):
        accounts.create_user(pg, email="c@x.example", name="C", role="coordinator", password=PASSWORD,
                             region_code="RGGM", gemeente_code="GM0228", areas=areas)
    with pytest.raises(PortalError, match="geen GGD-regio"):
        accounts.create_user(pg, email="c@x.example", name="C", role="coordinator", password=PASSWORD,
                             region_code="PV25", areas=areas)
    with pytest.raises(PortalError, match="onbekende rol"):
        accounts.create_user(pg, email="a@x.example", name="A", role="admin", password=PASSWORD, areas=areas)
    # The database refuses a wrong binding too, whoever writes the row.
    with pytest.raises(StoreError):
        with pg.transaction() as cur:
            cur.execute("INSERT INTO users (email, name, role, region_code, password_hash) "
                        "VALUES ('x@x.example', 'X', 'viewer', 'RGGM', 'h')")
    assert accounts.user(pg, world.coordinator.id).region_code == "RGGM"


def test_organisation_gemeenten_default_to_the_region(pg: PgStore, world: World, areas: AreaRegistry,
                                                      catalogues) -> None:
    assert world.org.gemeenten == tuple(sorted(areas.members("RGGM")))
    assert world.org.measures == ("gm08.phb", "gm08.voorzorg", "gm07.a")
    assert accounts.organisation(pg, world.org.id) == world.org
    assert accounts.organisation_by_name(pg, "jgz gelderland-midden") == world.org
    zuid = accounts.create_organisation(pg, "Verloskunde Zuid", "RGGM", ["gm08.phb"], ["Renkum", "GM0289"],
                                        catalogues=catalogues, areas=areas)
    assert zuid.gemeenten == ("GM0274", "GM0289")
    with pytest.raises(PortalError, match="hoort niet bij regio RGGM"):
        accounts.create_organisation(pg, "Fout", "RGGM", ["gm08.phb"], ["Amsterdam"],
                                     catalogues=catalogues, areas=areas)
    with pytest.raises(PortalError, match="niet als aantallen"):
        accounts.create_organisation(pg, "Fout", "RGGM", ["ks07"], catalogues=catalogues, areas=areas)
    with pytest.raises(PortalError, match="al een organisatie"):
        accounts.create_organisation(pg, "JGZ GELDERLAND-MIDDEN", "RGGM", ["gm08.phb"],
                                     catalogues=catalogues, areas=areas)


def test_login_with_right_and_wrong_password(pg: PgStore, world: World) -> None:
    assert accounts.authenticate(pg, " Partner@JGZ.example", PASSWORD, "10.0.0.1") == world.partner
    with pytest.raises(LoginFailed) as wrong:
        accounts.authenticate(pg, world.partner.email, PASSWORD + "x", "10.0.0.1")
    with pytest.raises(LoginFailed) as unknown:
        accounts.authenticate(pg, "niemand@jgz.example", PASSWORD, "10.0.0.1")
    assert str(wrong.value) == str(unknown.value)  # does not tell whether the address exists
    assert "e-mailadres" in str(wrong.value) and "niemand" not in str(unknown.value)
    accounts.set_active(pg, world.partner.id, False)
    with pytest.raises(LoginFailed) as inactive:
        accounts.authenticate(pg, world.partner.email, PASSWORD, "10.0.0.1")
    assert str(inactive.value) == str(wrong.value)
    attempts = pg.query("SELECT email, success FROM login_attempts ORDER BY at")
    assert [a["success"] for a in attempts] == [True, False, False, False]


def test_sixth_attempt_is_blocked_even_with_the_right_password(pg: PgStore, world: World) -> None:
    for i in range(5):
        with pytest.raises(LoginFailed) as failed:
            accounts.authenticate(pg, world.partner.email, "fout wachtwoord!", "10.0.0.1", T0 + timedelta(seconds=i))
        assert not isinstance(failed.value, LoginBlocked)
    at = T0 + timedelta(seconds=30)
    with pytest.raises(LoginBlocked) as blocked:
        accounts.authenticate(pg, world.partner.email, PASSWORD, "10.0.0.1", at)
    wait = math.ceil((T0 + timedelta(minutes=15) - at).total_seconds() / 60)  # the first failure leaves then
    assert blocked.value.minutes == wait == 15
    assert f"{wait} minuten" in str(blocked.value)
    # Another address (same IP) is not affected.
    assert accounts.authenticate(pg, world.coordinator.email, PASSWORD, "10.0.0.1", at) == world.coordinator
    # Blocked attempts do not extend the wait; once the first failure is 15 minutes old, login works.
    with pytest.raises(LoginBlocked):
        accounts.authenticate(pg, world.partner.email, PASSWORD, "10.0.0.1", T0 + timedelta(minutes=14))
    later = T0 + timedelta(minutes=15, seconds=1)
    assert accounts.authenticate(pg, world.partner.email, PASSWORD, "10.0.0.1", later) == world.partner


def test_failing_on_purpose_does_not_lock_the_user_out_elsewhere(pg: PgStore, world: World) -> None:
    for i in range(5):
        with pytest.raises(LoginFailed):
            accounts.authenticate(pg, world.partner.email, "fout wachtwoord!", "203.0.113.9", T0 + timedelta(seconds=i))
    with pytest.raises(LoginBlocked):
        accounts.authenticate(pg, world.partner.email, PASSWORD, "203.0.113.9", T0 + timedelta(seconds=10))
    # The user, at another IP address, logs in as usual.
    assert accounts.authenticate(pg, world.partner.email, PASSWORD, "10.0.0.1", T0 + timedelta(seconds=11)) \
        == world.partner


def test_guessing_from_many_addresses_stops_but_not_for_the_users_own(pg: PgStore, world: World) -> None:
    assert accounts.authenticate(pg, world.partner.email, PASSWORD, "10.0.0.1", T0) == world.partner
    for i in range(accounts.MAX_FAILURES_PER_ACCOUNT):  # four failures each from five IP addresses
        with pytest.raises(LoginFailed) as failed:
            accounts.authenticate(pg, world.partner.email, "fout wachtwoord!", f"198.51.100.{i // 4}",
                                  T0 + timedelta(seconds=1 + i))
        assert not isinstance(failed.value, LoginBlocked)
    at = T0 + timedelta(minutes=1)
    with pytest.raises(LoginBlocked):  # a sixth IP address, even with the right password
        accounts.authenticate(pg, world.partner.email, PASSWORD, "198.51.100.77", at)
    assert accounts.authenticate(pg, world.partner.email, PASSWORD, "10.0.0.1", at) == world.partner


def test_a_successful_login_resets_the_count_for_the_address(pg: PgStore, world: World) -> None:
    def fail(second: int) -> None:
        with pytest.raises(LoginFailed) as failed:
            accounts.authenticate(pg, world.viewer.email, "fout wachtwoord!", "10.0.0.1", T0 + timedelta(seconds=second))
        assert not isinstance(failed.value, LoginBlocked)

    for second in range(4):
        fail(second)
    assert accounts.authenticate(pg, world.viewer.email, PASSWORD, "10.0.0.1", T0 + timedelta(seconds=5))
    fail(6)  # five failures within 15 minutes, but only one since the last successful login
    assert accounts.authenticate(pg, world.viewer.email, PASSWORD, "10.0.0.1", T0 + timedelta(seconds=7))


def test_twenty_failures_from_one_ip_block_that_ip(pg: PgStore, world: World) -> None:
    # Sixteen earlier failures from the IP address are on record (each for another address) ...
    for i in range(16):
        pg.con.execute("INSERT INTO login_attempts (email, ip, at, success) VALUES (%s, '192.0.2.7', %s, false)",
                       [f"gok{i}@x.example", T0 + timedelta(seconds=i)])
    for i in range(16, 20):  # ... and four more are made now: twenty
        with pytest.raises(LoginFailed) as failed:
            accounts.authenticate(pg, f"gok{i}@x.example", "fout wachtwoord!", "192.0.2.7", T0 + timedelta(seconds=i))
        assert not isinstance(failed.value, LoginBlocked)
    at = T0 + timedelta(minutes=1)
    with pytest.raises(LoginBlocked) as blocked:
        accounts.authenticate(pg, world.partner.email, PASSWORD, "192.0.2.7", at)
    assert blocked.value.minutes == 14  # the first failure (T0) leaves the 15-minute window at T0 + 15 min
    assert accounts.authenticate(pg, world.partner.email, PASSWORD, "192.0.2.8", at) == world.partner


def test_old_hash_parameters_are_upgraded_at_login(pg: PgStore, world: World) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    pg.con.execute("UPDATE users SET password_hash = %s WHERE user_id = %s", [weak, world.partner.id])
    accounts.authenticate(pg, world.partner.email, PASSWORD, "10.0.0.1")
    upgraded = stored_hash(pg, world.partner.email)
    assert upgraded != weak and not PasswordHasher().check_needs_rehash(upgraded)
    assert PasswordHasher().verify(upgraded, PASSWORD)


def test_simultaneous_attempts_cannot_pass_the_limit_together(pg: PgStore, world: World) -> None:
    outcomes: list[str] = []
    barrier = threading.Barrier(8)

    def attempt(i: int) -> None:
        with PgStore.open(pg.url) as own:
            barrier.wait()
            try:
                accounts.authenticate(own, world.partner.email, "fout wachtwoord!", "10.1.0.1", T0)
            except LoginBlocked:
                outcomes.append("blocked")
            except LoginFailed:
                outcomes.append("failed")

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["blocked"] * 3 + ["failed"] * 5


def test_simultaneous_attempts_on_the_real_clock_cannot_pass_the_limit(pg: PgStore, world: World) -> None:
    # Each attempt takes its time once it holds the locks: one that waited sees every earlier failure.
    outcomes: list[str] = []
    barrier = threading.Barrier(8)

    def attempt() -> None:
        with PgStore.open(pg.url) as own:
            barrier.wait()
            try:
                accounts.authenticate(own, world.coordinator.email, "fout wachtwoord!", "10.2.0.1")
            except LoginBlocked:
                outcomes.append("blocked")
            except LoginFailed:
                outcomes.append("failed")

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["blocked"] * 3 + ["failed"] * 5
