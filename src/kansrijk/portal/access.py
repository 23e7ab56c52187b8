"""Who may do what in the portal: the policy as data, plus scope checks.

API: ``can(user, action, target=None) -> bool`` and ``require(user, action, target=None)`` (raises
:class:`~kansrijk.errors.AccessDenied` with a Dutch message). ``user`` is a
:class:`~kansrijk.portal.accounts.User`, or None for a visitor who is not logged in (role ``public``).

:data:`POLICY` maps every action to the roles allowed to do it. With a ``target`` the scope is checked
too; without one only the role (for menus: "may this role review at all?"). Targets:

- an :class:`~kansrijk.portal.accounts.Organisation`, or anything with an ``organisation`` attribute
  (a submission): a partner only its own organisation; a coordinator only organisations of its region
  (the organisation's region is the coordinator's, or every gemeente it serves lies in that region)
- a gemeente code (``"GM0228"``): a coordinator only gemeenten of its region; a viewer only its own
  gemeente; a partner none

Region membership comes from :class:`~kansrijk.areas.AreaRegistry` (``areas``; default the packaged
areas and regions). User management is not done through the portal (``kansrijk portal add-user`` on
the server), so ``manage_users`` is allowed for no portal role.
"""

from __future__ import annotations

from kansrijk.areas import AreaRegistry
from kansrijk.errors import AccessDenied, UnknownArea
from kansrijk.portal.accounts import Organisation, User

PUBLIC = "public"
PARTNER = "partner"
COORDINATOR = "coordinator"
VIEWER = "viewer"
ALL_ROLES = (PUBLIC, PARTNER, COORDINATOR, VIEWER)

POLICY: dict[str, frozenset[str]] = {
    "view_public": frozenset({PUBLIC, PARTNER, COORDINATOR, VIEWER}),
    "view_portal_home": frozenset({PARTNER, COORDINATOR, VIEWER}),
    "submit": frozenset({PARTNER}),
    "view_own_submissions": frozenset({PARTNER, COORDINATOR}),
    "view_submission": frozenset({PARTNER, COORDINATOR}),
    "review_submission": frozenset({COORDINATOR}),
    "edit_registry": frozenset({COORDINATOR}),
    "approve_summary": frozenset({COORDINATOR}),
    "view_unsuppressed": frozenset({COORDINATOR, VIEWER}),
    "download_template": frozenset({PARTNER}),
    "manage_users": frozenset(),
}
ACTIONS = tuple(POLICY)

ACTION_LABELS = {
    "view_public": "openbare cijfers bekijken",
    "view_portal_home": "het portaal gebruiken",
    "submit": "cijfers aanleveren",
    "view_own_submissions": "inzendingen bekijken",
    "view_submission": "deze inzending bekijken",
    "review_submission": "inzendingen beoordelen",
    "edit_registry": "het register aanvullen",
    "approve_summary": "een samenvatting vaststellen",
    "view_unsuppressed": "vertrouwelijke cijfers bekijken",
    "download_template": "het invulsjabloon downloaden",
    "manage_users": "gebruikers beheren",
}
ROLE_LABELS = {PUBLIC: "bezoeker", PARTNER: "partner", COORDINATOR: "coördinator", VIEWER: "kijker"}


def role_of(user: User | None) -> str:
    """The role of ``user``; ``public`` for None (not logged in) or an inactive account."""
    if user is None or not user.active:
        return PUBLIC
    return user.role


def organisation_in_region(organisation: Organisation, region_code: str, areas: AreaRegistry) -> bool:
    """True when the organisation works in the region: the same region code, or all its gemeenten in it."""
    if organisation.region_code == region_code:
        return True
    try:
        members = set(areas.members(region_code))
    except UnknownArea:
        return False
    return bool(organisation.gemeenten) and set(organisation.gemeenten) <= members


def gemeente_in_region(gemeente_code: str, region_code: str, areas: AreaRegistry) -> bool:
    """True when the gemeente is a (current) member of the region."""
    try:
        return gemeente_code.strip().upper() in areas.members(region_code)
    except UnknownArea:
        return False


def _in_scope(user: User, target: object, areas: AreaRegistry) -> bool:
    organisation = target if isinstance(target, Organisation) else getattr(target, "organisation", None)
    if isinstance(organisation, Organisation):
        if user.role == PARTNER:
            return organisation.id == user.organisation_id
        if user.role == COORDINATOR:
            return organisation_in_region(organisation, str(user.region_code), areas)
        return False
    if isinstance(target, str):
        if user.role == COORDINATOR:
            return gemeente_in_region(target, str(user.region_code), areas)
        if user.role == VIEWER:
            return target.strip().upper() == user.gemeente_code
        return False
    raise TypeError(f"unknown access target: {target!r}")


def can(user: User | None, action: str, target: object = None, areas: AreaRegistry | None = None) -> bool:
    """May ``user`` (None: not logged in) do ``action`` (on ``target``)? See the module docstring."""
    if action not in POLICY:
        raise ValueError(f"unknown portal action {action!r}")
    role = role_of(user)
    if role not in POLICY[action]:
        return False
    if target is None or user is None:
        return True
    return _in_scope(user, target, areas or AreaRegistry.load())


def require(user: User | None, action: str, target: object = None, areas: AreaRegistry | None = None) -> None:
    """Raise :class:`AccessDenied` (Dutch) unless :func:`can` allows it."""
    if can(user, action, target, areas):
        return
    role = role_of(user)
    label = ACTION_LABELS[action]
    if role == PUBLIC:
        raise AccessDenied(f"Log in om dit te doen ({label}).")
    if role not in POLICY[action]:
        raise AccessDenied(f"Als {ROLE_LABELS[role]} mag u dit niet ({label}).")
    scope = {PARTNER: "uw organisatie", COORDINATOR: "uw regio", VIEWER: "uw gemeente"}[role]
    raise AccessDenied(f"Dit valt buiten {scope} ({label}).")
