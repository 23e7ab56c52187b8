"""Organisations, user accounts, passwords and the rate-limited login of the portal.

API (used by the web layer and the ``kansrijk portal`` commands):

- ``create_organisation(pg, name, region_code, measures, gemeenten=None, *, catalogues, areas)``
- ``organisation(pg, id) -> Organisation``, ``organisation_by_name(pg, name)``, ``organisations(pg)``
- ``create_user(pg, *, email, name, role, password, organisation_id | region_code | gemeente_code, areas)``
- ``user(pg, id) -> User``, ``users(pg)``, ``set_password(pg, user_id, password)``, ``set_active(...)``
- ``authenticate(pg, email, password, ip) -> User``

Passwords are hashed with Argon2id (argon2-cffi's defaults); a hash made with older parameters is
replaced at the next successful login. A password has at least :data:`MIN_PASSWORD_LENGTH` characters.

Rate limiting: once an e-mail address has :data:`MAX_FAILURES_PER_EMAIL` failed attempts from one IP
address (since its last successful login), or an IP address :data:`MAX_FAILURES_PER_IP` failed
attempts, within :data:`WINDOW`, every attempt of that address from that IP address (or from that IP
address) is refused with :class:`LoginBlocked` — also with the right password — until enough failures
have left the window. So failing on purpose cannot lock a user out from elsewhere. Guessing one
address from many IP addresses stops at :data:`MAX_FAILURES_PER_ACCOUNT` failures for every IP address
that never logged in to it; the user's own keeps working. Refused attempts are recorded (``blocked``) but do not
count, so the wait never grows. An unknown e-mail address costs the same hashing work as a known one,
and every refusal has a message that does not tell whether the address exists.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import psycopg
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.errors import LoginBlocked, LoginFailed, NotFound, PortalError, UnknownArea, UnknownIndicator
from kansrijk.portal.schema import ROLES
from kansrijk.server.pgstore import PgStore

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024  # hashing a megabyte of password would be a cheap denial of service
MAX_FAILURES_PER_EMAIL = 5  # per address and IP address
MAX_FAILURES_PER_IP = 20
MAX_FAILURES_PER_ACCOUNT = 20  # per address from IP addresses that never logged in to it
WINDOW = timedelta(minutes=15)
REGION_LEVELS = ("ggd", "regio")

LOGIN_FAILED = "Onbekende combinatie van e-mailadres en wachtwoord."
_EMAIL_LOCK, _IP_LOCK = 7142010, 7142011  # advisory lock classes: one login check per address / IP at a time

_HASHER = PasswordHasher()
_DUMMY_HASH = _HASHER.hash("kansrijk: a password nobody has")


@dataclass(frozen=True)
class Organisation:
    """A partner organisation: its region, the gemeenten it serves and the measures it may submit."""

    id: int
    name: str
    region_code: str
    gemeenten: tuple[str, ...]
    measures: tuple[str, ...]
    import_id: int | None = None


@dataclass(frozen=True)
class User:
    """A portal account; exactly one of organisation_id, region_code, gemeente_code is set (by role)."""

    id: int
    email: str
    name: str
    role: str
    organisation_id: int | None = None
    region_code: str | None = None
    gemeente_code: str | None = None
    active: bool = True


def now_utc() -> datetime:
    """The current time, timezone-aware (the portal stores ``timestamptz``)."""
    return datetime.now(timezone.utc)


# -- passwords ------------------------------------------------------------------------------------


def check_password_rules(password: str) -> None:
    """Raise :class:`PortalError` (Dutch) when ``password`` is too short or too long."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PortalError(f"het wachtwoord moet minstens {MIN_PASSWORD_LENGTH} tekens lang zijn")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise PortalError(f"het wachtwoord mag hoogstens {MAX_PASSWORD_LENGTH} tekens lang zijn")
    if len(set(password)) < 4:
        raise PortalError("het wachtwoord moet uit meer verschillende tekens bestaan")


def hash_password(password: str) -> str:
    """The Argon2id hash of ``password`` (after checking the password rules)."""
    check_password_rules(password)
    return _HASHER.hash(password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# -- organisations --------------------------------------------------------------------------------

ORG_COLUMNS = "organisation_id, name, region_code, gemeenten, measures, import_id"


def organisation_from_row(row: Sequence[object]) -> Organisation:
    """An :class:`Organisation` from a row of ``SELECT {ORG_COLUMNS}``."""
    oid, name, region, gemeenten, measures, import_id = row
    return Organisation(int(oid), str(name), str(region), tuple(gemeenten), tuple(measures),  # type: ignore[arg-type]
                        None if import_id is None else int(import_id))  # type: ignore[arg-type]


def region_area_code(areas: AreaRegistry, region_code: str) -> str:
    """The code of a GGD region or user region (``GG1911``, ``RGGM``); PortalError otherwise."""
    try:
        area = areas.get(region_code.strip().upper())
    except UnknownArea as exc:
        raise PortalError(f"onbekende regio '{region_code}'") from exc
    if area.level not in REGION_LEVELS:
        raise PortalError(f"'{region_code}' is een {area.level}, geen GGD-regio of eigen regio")
    return area.code


def create_organisation(pg: PgStore, name: str, region_code: str, measures: Sequence[str],
                        gemeenten: Sequence[str] | None = None, *, catalogues: Catalogues,
                        areas: AreaRegistry) -> Organisation:
    """Add an organisation; ``gemeenten`` (codes or names) default to every gemeente of the region.

    Every measure must be a catalogue measure with ``data: aggregate``; every gemeente a current
    gemeente in the region. Raises :class:`PortalError` (Dutch) otherwise or when the name is taken.
    """
    name = " ".join(name.split())
    if not name:
        raise PortalError("de naam van de organisatie ontbreekt")
    region = region_area_code(areas, region_code)
    members = areas.members(region)
    if not measures:
        raise PortalError("geef minstens één indicator die de organisatie mag aanleveren")
    measure_ids = []
    for measure_id in measures:
        try:
            measure = catalogues.measure(measure_id.strip().lower())
        except UnknownIndicator as exc:
            raise PortalError(str(exc)) from exc
        if measure.data != "aggregate":
            raise PortalError(f"{measure.id} wordt niet als aantallen aangeleverd (data: {measure.data})")
        measure_ids.append(measure.id)
    served = members if not gemeenten else [_member(areas, text, region, members) for text in gemeenten]
    with pg.transaction() as cur:
        cur.execute("SELECT 1 FROM organisations WHERE lower(name) = lower(%s)", [name])
        if cur.fetchone() is not None:
            raise PortalError(f"er is al een organisatie met de naam '{name}'")
        cur.execute(
            f"INSERT INTO organisations (name, region_code, gemeenten, measures) VALUES (%s, %s, %s, %s) "
            f"RETURNING {ORG_COLUMNS}",
            [name, region, sorted(set(served)), list(dict.fromkeys(measure_ids))],
        )
        row = cur.fetchone()
    assert row is not None
    return organisation_from_row(row)


def _member(areas: AreaRegistry, text: str, region: str, members: Sequence[str]) -> str:
    try:
        area = areas.resolve(text, level="gemeente")
    except UnknownArea as exc:
        raise PortalError(str(exc)) from exc
    if area.code not in members:
        raise PortalError(f"gemeente {area.name} ({area.code}) hoort niet bij regio {region}")
    return area.code


def organisation(pg: PgStore, organisation_id: int) -> Organisation:
    """The organisation with this id; :class:`NotFound` if there is none."""
    rows = pg.con.execute(f"SELECT {ORG_COLUMNS} FROM organisations WHERE organisation_id = %s",
                          [organisation_id]).fetchall()
    if not rows:
        raise NotFound(f"organisatie {organisation_id} bestaat niet")
    return organisation_from_row(rows[0])


def organisation_by_name(pg: PgStore, name: str) -> Organisation:
    """The organisation with this name (case ignored) or id; :class:`NotFound` if there is none."""
    if name.strip().isdigit():
        return organisation(pg, int(name))
    rows = pg.con.execute(f"SELECT {ORG_COLUMNS} FROM organisations WHERE lower(name) = lower(%s)",
                          [" ".join(name.split())]).fetchall()
    if not rows:
        raise NotFound(f"organisatie '{name}' bestaat niet")
    return organisation_from_row(rows[0])


def organisations(pg: PgStore) -> list[Organisation]:
    """Every organisation, by name."""
    rows = pg.con.execute(f"SELECT {ORG_COLUMNS} FROM organisations ORDER BY lower(name)").fetchall()
    return [organisation_from_row(r) for r in rows]


# -- users ----------------------------------------------------------------------------------------

USER_COLUMNS = "user_id, email, name, role, organisation_id, region_code, gemeente_code, active"


def user_from_row(row: Sequence[object]) -> User:
    """A :class:`User` from a row of ``SELECT {USER_COLUMNS}``."""
    uid, email, name, role, org, region, gemeente, active = row
    return User(int(uid), str(email), str(name), str(role),  # type: ignore[arg-type]
                None if org is None else int(org), region, gemeente, bool(active))  # type: ignore[arg-type]


def normalise_email(email: str) -> str:
    """Trimmed and lower-case: the form in which addresses are stored and compared."""
    return email.strip().lower()


def create_user(pg: PgStore, *, email: str, name: str, role: str, password: str,
                organisation_id: int | None = None, region_code: str | None = None,
                gemeente_code: str | None = None, areas: AreaRegistry) -> User:
    """Add an account bound per role: partner -> organisation, coordinator -> region, viewer -> gemeente.

    Raises :class:`PortalError` (Dutch) for an unknown role, a missing or extra binding, an invalid or
    taken e-mail address, or a password that breaks the rules.
    """
    email = normalise_email(email)
    name = " ".join(name.split())
    if "@" not in email.strip("@") or " " in email:
        raise PortalError(f"ongeldig e-mailadres '{email}'")
    if not name:
        raise PortalError("de naam van de gebruiker ontbreekt")
    if role not in ROLES:
        raise PortalError(f"onbekende rol '{role}'; kies uit {', '.join(ROLES)}")
    bindings = {"partner": organisation_id, "coordinator": region_code, "viewer": gemeente_code}
    labels = {"partner": "organisatie", "coordinator": "regio", "viewer": "gemeente"}
    if bindings[role] is None:
        raise PortalError(f"een {role} hoort bij een {labels[role]}; die ontbreekt")
    extra = [labels[r] for r, value in bindings.items() if r != role and value is not None]
    if extra:
        raise PortalError(f"een {role} hoort alleen bij een {labels[role]}, niet bij een {' of '.join(extra)}")
    if role == "partner":
        organisation(pg, int(organisation_id))  # type: ignore[arg-type]
    if role == "coordinator":
        region_code = region_area_code(areas, region_code)  # type: ignore[arg-type]
    if role == "viewer":
        try:
            gemeente_code = areas.resolve(gemeente_code, level="gemeente").code  # type: ignore[arg-type]
        except UnknownArea as exc:
            raise PortalError(str(exc)) from exc
    password_hash = hash_password(password)
    try:
        with pg.transaction() as cur:
            cur.execute(
                f"INSERT INTO users (email, name, role, organisation_id, region_code, gemeente_code, password_hash) "
                f"VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING {USER_COLUMNS}",
                [email, name, role, organisation_id, region_code, gemeente_code, password_hash],
            )
            row = cur.fetchone()
    except Exception as exc:
        if isinstance(exc.__cause__, psycopg.errors.UniqueViolation):
            raise PortalError(f"er is al een gebruiker met e-mailadres {email}") from exc
        raise
    assert row is not None
    return user_from_row(row)


def user(pg: PgStore, user_id: int) -> User:
    """The account with this id; :class:`NotFound` if there is none."""
    rows = pg.con.execute(f"SELECT {USER_COLUMNS} FROM users WHERE user_id = %s", [user_id]).fetchall()
    if not rows:
        raise NotFound(f"gebruiker {user_id} bestaat niet")
    return user_from_row(rows[0])


def users(pg: PgStore) -> list[User]:
    """Every account, by e-mail address."""
    return [user_from_row(r) for r in pg.con.execute(f"SELECT {USER_COLUMNS} FROM users ORDER BY email").fetchall()]


def set_password(pg: PgStore, user_id: int, password: str) -> None:
    """Give an account a new password (rules checked) and end all its sessions."""
    password_hash = hash_password(password)
    with pg.transaction() as cur:
        cur.execute("UPDATE users SET password_hash = %s WHERE user_id = %s", [password_hash, user_id])
        if cur.rowcount == 0:
            raise NotFound(f"gebruiker {user_id} bestaat niet")
        cur.execute("DELETE FROM sessions WHERE user_id = %s", [user_id])


def set_active(pg: PgStore, user_id: int, active: bool) -> None:
    """Enable or disable an account; disabling ends all its sessions."""
    with pg.transaction() as cur:
        cur.execute("UPDATE users SET active = %s WHERE user_id = %s", [active, user_id])
        if cur.rowcount == 0:
            raise NotFound(f"gebruiker {user_id} bestaat niet")
        if not active:
            cur.execute("DELETE FROM sessions WHERE user_id = %s", [user_id])


# -- login ----------------------------------------------------------------------------------------


def _wait_minutes(failures: list[datetime], limit: int, now: datetime) -> int | None:
    """Minutes until fewer than ``limit`` of ``failures`` (ascending, inside the window) remain; None if
    there are fewer already."""
    if len(failures) < limit:
        return None
    frees_at = failures[len(failures) - limit] + WINDOW
    return max(1, math.ceil((frees_at - now).total_seconds() / 60))


def _block(cur: psycopg.Cursor, email: str, ip: str, now: datetime) -> int | None:
    """Minutes to wait when this address from this IP address, the IP address, or the address from
    IP addresses it never logged in from have too many recent failures; else None."""
    since = now - WINDOW
    after_success = ("at > coalesce((SELECT max(at) FROM login_attempts WHERE email = %s AND success), "
                     "'-infinity')")
    recent = "at > %s AND at <= %s AND NOT success AND NOT blocked"
    by_pair = [r[0] for r in cur.execute(
        f"SELECT at FROM login_attempts WHERE email = %s AND ip = %s AND {recent} AND {after_success} ORDER BY at",
        [email, ip, since, now, email]).fetchall()]
    by_ip = [r[0] for r in cur.execute(
        f"SELECT at FROM login_attempts WHERE ip = %s AND {recent} ORDER BY at", [ip, since, now]).fetchall()]
    waits = [_wait_minutes(by_pair, MAX_FAILURES_PER_EMAIL, now), _wait_minutes(by_ip, MAX_FAILURES_PER_IP, now)]
    known_here = cur.execute("SELECT 1 FROM login_attempts WHERE email = %s AND ip = %s AND success LIMIT 1",
                             [email, ip]).fetchone()
    if known_here is None:  # guessing from many addresses; the user's own IP address is not locked out
        by_email = [r[0] for r in cur.execute(
            f"SELECT at FROM login_attempts WHERE email = %s AND {recent} AND {after_success} ORDER BY at",
            [email, since, now, email]).fetchall()]
        waits.append(_wait_minutes(by_email, MAX_FAILURES_PER_ACCOUNT, now))
    found = [w for w in waits if w is not None]
    return max(found) if found else None


def _attempt(cur: psycopg.Cursor, email: str, password: str, ip: str, now: datetime) -> User | int | None:
    """Check and record one attempt: the user, the minutes to wait (blocked) or None (failed)."""
    wait = _block(cur, email, ip, now)
    outcome: User | int | None = wait
    if wait is None:
        rows = cur.execute(f"SELECT {USER_COLUMNS}, password_hash FROM users WHERE email = %s", [email]).fetchall()
        if not rows or len(password) > MAX_PASSWORD_LENGTH:
            _verify(_DUMMY_HASH, password[:MAX_PASSWORD_LENGTH])  # the same work as for a known address
        else:
            found, password_hash = user_from_row(rows[0][:-1]), str(rows[0][-1])
            if _verify(password_hash, password) and found.active:
                outcome = found
                if _HASHER.check_needs_rehash(password_hash):
                    cur.execute("UPDATE users SET password_hash = %s WHERE user_id = %s",
                                [_HASHER.hash(password), found.id])
    cur.execute("INSERT INTO login_attempts (email, ip, at, success, blocked) VALUES (%s, %s, %s, %s, %s)",
                [email, ip, now, isinstance(outcome, User), wait is not None])
    return outcome


def authenticate(pg: PgStore, email: str, password: str, ip: str, now: datetime | None = None) -> User:
    """The active account with this e-mail address and password.

    Raises :class:`LoginBlocked` (with the minutes to wait) when the address or the IP address has
    too many recent failures, whatever the password; :class:`LoginFailed` for a wrong address or
    password or an inactive account, always with the same message. Attempts for one address, and from
    one IP address, are checked and recorded one at a time, so simultaneous attempts cannot pass the
    limit together. ``now`` is for tests.
    """
    email = normalise_email(email)[:320]
    ip = ip.strip()[:64] or "onbekend"
    with pg.transaction() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [_EMAIL_LOCK, email])
        cur.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [_IP_LOCK, ip])
        # The time is taken once the locks are held: an attempt that waited sees every earlier one.
        outcome = _attempt(cur, email, password, ip, now or now_utc())
    if isinstance(outcome, User):
        return outcome
    if isinstance(outcome, int):
        unit = "minuut" if outcome == 1 else "minuten"
        raise LoginBlocked(f"Te veel mislukte inlogpogingen. Probeer het over {outcome} {unit} opnieuw.", outcome)
    raise LoginFailed(LOGIN_FAILED)
