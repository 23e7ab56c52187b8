"""Every role against every page and action of the portal: the HTTP status, exactly as specified.

Roles: a visitor who is not logged in, the partner of JGZ Gelderland-Midden and the partner of
another organisation, the coordinator of RGGM (JGZ's region) and of another region (GG3406), the
viewer of Ede (GM0228) and of another gemeente. Each request gets a fresh session of its role, with
that session's CSRF token in every POST. 200 page, 303 redirect (to the login page for a visitor on
a GET; after a successful POST), 401 a POST without login, 403 refused.
"""

from __future__ import annotations

import itertools

from tests.portal_web.conftest import Site
from tests.portal_web.pages import has_security_headers, submit_counts

ROLES = ("public", "partner", "other_partner", "coordinator", "other_coordinator", "viewer", "other_viewer")

# {pending}: a submission of JGZ waiting for review; {other}: a second one.
MATRIX = [
    # method  path                                           pub  par  opar coo  ocoo vie  ovie
    ("GET",  "/portaal/inloggen",                            200, 303, 303, 303, 303, 303, 303),
    ("GET",  "/portaal",                                     303, 200, 200, 200, 200, 200, 200),
    ("GET",  "/portaal/inzendingen",                         303, 200, 200, 200, 200, 403, 403),
    ("GET",  "/portaal/inzendingen/nieuw",                   303, 200, 200, 403, 403, 403, 403),
    ("GET",  "/portaal/sjabloon.xlsx?jaar=2024",             303, 200, 200, 403, 403, 403, 403),
    ("GET",  "/portaal/inzendingen/{pending}",               303, 200, 403, 200, 403, 403, 403),
    ("GET",  "/portaal/register",                            303, 403, 403, 200, 200, 403, 403),
    ("GET",  "/portaal/samenvatting",                        303, 403, 403, 200, 200, 403, 403),
    ("GET",  "/portaal/cijfers/GM0228",                      303, 403, 403, 200, 403, 200, 403),
    ("GET",  "/portaal/cijfers/GM0228.csv",                  303, 403, 403, 200, 403, 200, 403),
    ("POST", "/portaal/inzendingen/nieuw",                   401, 303, 303, 403, 403, 403, 403),
    ("POST", "/portaal/inzendingen/upload",                  401, 303, 303, 403, 403, 403, 403),
    ("POST", "/portaal/inzendingen/{pending}/goedkeuren",    401, 403, 403, 303, 403, 403, 403),
    ("POST", "/portaal/inzendingen/{other}/afwijzen",        401, 403, 403, 303, 403, 403, 403),
    ("POST", "/portaal/register",                            401, 403, 403, 303, 403, 403, 403),
    ("POST", "/portaal/samenvatting",                        401, 403, 403, 303, 403, 403, 403),
    ("POST", "/portaal/uitloggen",                           401, 303, 303, 303, 303, 303, 303),
]

# A gemeente each partner serves (JGZ: RGGM; Verloskunde Amsterdam: GGD Amsterdam).
OWN_GEMEENTE = {"partner": "GM0228", "other_partner": "GM0363"}


def body(path: str, role: str, serial: int) -> tuple[dict[str, str], dict[str, tuple[str, bytes, str]]]:
    """The form (and file) a POST sends; valid for a role that may do it, so the status is the access's."""
    if path.endswith("/nieuw"):  # row 1 of either organisation's grid is gm08.phb (teller and noemer)
        return {"jaar": "2024", "sleutel": f"grid-{serial}", "teller-1": "4", "noemer-1": "20"}, {}
    if path.endswith("/upload"):
        gemeente = OWN_GEMEENTE.get(role, "GM0228")
        csv = f"indicator;gebied;periode;teller;noemer\ngm08.phb;{gemeente};2023;4;20\n".encode()
        return {"jaar": "2023", "sleutel": f"file-{serial}"}, {"bestand": ("aanlevering.csv", csv, "text/csv")}
    if path.endswith("/afwijzen"):
        return {"toelichting": "De teller is hoger dan verwacht."}, {}
    if path.endswith("/samenvatting"):  # regio Zuid lies in RGGM, not in GG3406
        return {"gebied": "RGGMZ", "catalogus": "gm", "jaar": "2023", "tekst": f"# Samenvatting\n\n- punt {serial}"}, {}
    if path.endswith("/register"):
        return {"feit": "coalitie", "gemeente": "GM0228", "waarde": "ja", "geldig_vanaf": "2024-01-01"}, {}
    return {}, {}


def test_every_role_gets_the_specified_status_on_every_page(site: Site, catalogues, areas) -> None:
    world = site.world
    users = {role: getattr(world, role, None) for role in ROLES}
    pending = submit_counts(site.pg, world.partner, "GM0228", 3, "pending", catalogues, areas)
    other = submit_counts(site.pg, world.partner, "GM0228", 4, "other", catalogues, areas, year=2023)
    serial = itertools.count()
    wrong = []
    for method, template, *expected in MATRIX:
        path = template.format(pending=pending, other=other)
        for role, status in zip(ROLES, expected):
            csrf = site.login_as(users[role])
            if method == "GET":
                response = site.client.get(path)
            else:
                fields, files = body(path, role, next(serial))
                response = site.client.post(path, data={**fields, "csrf": csrf}, files=files or None)
            if response.status_code != status:
                wrong.append(f"{role} {method} {path}: {response.status_code}, expected {status}")
            assert has_security_headers(response.headers), f"{role} {method} {path}: security headers"
    assert wrong == []
    states = dict(site.pg.con.execute("SELECT submission_id, state FROM submissions").fetchall())
    assert states[pending] == "goedgekeurd" and states[other] == "afgewezen"
    assert len(states) == 2 + 2 * 2  # each partner: one form and one file
    assert site.count("registry_facts") == 1
    assert site.changes == [1, 1]  # the approval and the registry fact


def test_a_visitor_is_sent_to_login_and_back(site: Site) -> None:
    response = site.client.get("/portaal/inzendingen/nieuw?jaar=2024")
    assert response.status_code == 303
    assert response.headers["location"] == "/portaal/inloggen?volgende=/portaal/inzendingen/nieuw%3Fjaar%3D2024"


def test_unknown_pages_and_submissions_are_dutch_404s(site: Site) -> None:
    site.login_as(site.world.coordinator)
    for path in ("/portaal/inzendingen/999999", "/portaal/inzendingen/abc", "/portaal/bestaat-niet"):
        response = site.client.get(path)
        assert response.status_code == 404, path
        assert "Niet gevonden" in response.text and has_security_headers(response.headers)
