"""Every POST of the portal without the session's CSRF token, or with a wrong one, is refused (403)
and changes nothing: no submission, review, registry fact, import or logout."""

from __future__ import annotations

from tests.portal_web.conftest import Site
from tests.portal_web.pages import has_security_headers, submit_counts

TABLES = ("submissions", "submission_rows", "submission_events", "registry_facts", "imports", "sessions")


def snapshot(site: Site) -> dict[str, object]:
    state = {table: site.count(table) for table in TABLES}
    state["states"] = sorted(site.pg.con.execute("SELECT submission_id, state FROM submissions").fetchall())
    return state


def test_posts_without_the_right_token_are_refused_and_change_nothing(site: Site, catalogues, areas) -> None:
    world = site.world
    pending = submit_counts(site.pg, world.partner, "GM0228", 3, "pending", catalogues, areas)
    csv = b"indicator;gebied;periode;teller;noemer\ngm08.phb;GM0228;2023;4;20\n"
    posts = [  # (user, path, fields, files): each would succeed with the right token
        (world.partner, "/portaal/inzendingen/nieuw", {"jaar": "2024", "sleutel": "k1", "teller-1": "4",
                                                       "noemer-1": "20"}, None),
        (world.partner, "/portaal/inzendingen/upload", {"jaar": "2023", "sleutel": "k2"},
         {"bestand": ("a.csv", csv, "text/csv")}),
        (world.coordinator, f"/portaal/inzendingen/{pending}/goedkeuren", {}, None),
        (world.coordinator, f"/portaal/inzendingen/{pending}/afwijzen", {"toelichting": "onjuist"}, None),
        (world.coordinator, "/portaal/register", {"feit": "coalitie", "gemeente": "GM0228", "waarde": "ja",
                                                  "geldig_vanaf": "2024-01-01"}, None),
        (world.viewer, "/portaal/uitloggen", {}, None),
    ]
    for user, path, fields, files in posts:
        for token in (None, "", "onjuist-token", "x" * 500):
            csrf = site.login_as(user)
            before = snapshot(site)
            data = dict(fields) if token is None else {**fields, "csrf": token}
            response = site.client.post(path, data=data, files=files)
            assert response.status_code == 403, (path, token)
            assert "CSRF" in response.text and has_security_headers(response.headers)
            assert snapshot(site) == before, (path, token)
            assert csrf  # the session had a token; the request did not send it
    assert site.changes == []


def test_another_sessions_token_is_refused(site: Site) -> None:
    other_csrf = site.login_as(site.world.other_coordinator)
    site.login_as(site.world.coordinator)
    before = snapshot(site)
    response = site.client.post("/portaal/register", data={
        "csrf": other_csrf, "feit": "coalitie", "gemeente": "GM0228", "waarde": "ja", "geldig_vanaf": "2024-01-01"})
    assert response.status_code == 403
    assert snapshot(site) == before
