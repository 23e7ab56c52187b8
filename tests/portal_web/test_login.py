"""Logging in and out: cookie flags, the login form's own CSRF token, the same message for a wrong
address or password, rate limiting (429) and a logout that ends the session in the database."""

from __future__ import annotations

from kansrijk.portal import accounts, sessions
from kansrijk.portal.web.security import LOGIN_CSRF_COOKIE
from tests.portal_web.conftest import PASSWORD, Site
from tests.portal_web.pages import has_security_headers, hidden


def login_form(site: Site) -> str:
    """Open the login page (which sets the double-submit cookie); returns the form's token."""
    response = site.client.get("/portaal/inloggen")
    assert response.status_code == 200
    return hidden(response.text, "csrf")


def post_login(site: Site, email: str, password: str, token: str, next_path: str = "/portaal"):
    return site.client.post("/portaal/inloggen", data={"email": email, "wachtwoord": password, "csrf": token,
                                                      "volgende": next_path})


def cookie_attributes(headers: object, name: str) -> list[str]:
    """The attributes of the Set-Cookie header for ``name``, lower-cased."""
    found = [h for h in headers.get_list("set-cookie") if h.startswith(name + "=")]  # type: ignore[attr-defined]
    assert len(found) == 1, found
    return [part.strip().lower() for part in found[0].split(";")[1:]]


def test_login_sets_a_strict_secure_http_only_session_cookie(site: Site) -> None:
    token = login_form(site)
    response = post_login(site, site.world.partner.email, PASSWORD, token, "/portaal/inzendingen")
    assert response.status_code == 303 and response.headers["location"] == "/portaal/inzendingen"
    attributes = cookie_attributes(response.headers, sessions.COOKIE_NAME)
    assert {"httponly", "secure", "samesite=strict", "path=/"} <= set(attributes)
    cookie = site.client.cookies.get(sessions.COOKIE_NAME)
    assert sessions.session_user(site.pg, cookie).user.id == site.world.partner.id  # type: ignore[union-attr]
    assert site.client.get("/portaal/inzendingen").status_code == 200


def test_login_form_cookie_is_strict_secure_http_only_too(site: Site) -> None:
    response = site.client.get("/portaal/inloggen")
    assert {"httponly", "secure", "samesite=strict"} <= set(cookie_attributes(response.headers, LOGIN_CSRF_COOKIE))
    assert has_security_headers(response.headers)


def test_login_only_goes_on_to_a_portal_page(site: Site) -> None:
    token = login_form(site)
    response = post_login(site, site.world.partner.email, PASSWORD, token, "https://elders.example/")
    assert response.headers["location"] == "/portaal"


def test_wrong_password_and_unknown_address_get_the_same_dutch_message(site: Site) -> None:
    token = login_form(site)
    wrong = post_login(site, site.world.partner.email, "niet het wachtwoord", token)
    unknown = post_login(site, "niemand@nergens.example", "niet het wachtwoord", token)
    assert wrong.status_code == unknown.status_code == 401
    assert accounts.LOGIN_FAILED in wrong.text and accounts.LOGIN_FAILED in unknown.text
    assert sessions.COOKIE_NAME not in site.client.cookies
    assert site.count("sessions") == 0


def test_too_many_failures_are_refused_with_429_even_with_the_right_password(site: Site) -> None:
    token = login_form(site)
    email = site.world.partner.email
    for _ in range(accounts.MAX_FAILURES_PER_EMAIL):
        assert post_login(site, email, "fout wachtwoord!", token).status_code == 401
    blocked = post_login(site, email, PASSWORD, token)
    assert blocked.status_code == 429
    assert "Te veel mislukte inlogpogingen" in blocked.text
    assert int(blocked.headers["retry-after"]) >= 60
    assert site.count("sessions") == 0


def test_login_without_the_form_token_is_refused_and_not_tried(site: Site) -> None:
    token = login_form(site)
    for given in ("", "x" * 43, token + "x"):
        response = post_login(site, site.world.partner.email, PASSWORD, given)
        assert response.status_code == 403, given
        assert "verlopen" in response.text
    site.client.cookies.clear()  # a cross-site form: the field but no cookie
    assert post_login(site, site.world.partner.email, PASSWORD, token).status_code == 403
    assert site.count("login_attempts") == 0 and site.count("sessions") == 0


def test_logout_ends_the_session_in_the_database(site: Site) -> None:
    csrf = site.login_as(site.world.coordinator)
    token = site.client.cookies.get(sessions.COOKIE_NAME)
    response = site.client.post("/portaal/uitloggen", data={"csrf": csrf})
    assert response.status_code == 303 and response.headers["location"].startswith("/portaal/inloggen")
    assert sessions.session_user(site.pg, token) is None
    assert site.count("sessions") == 0
    site.client.cookies.set(sessions.COOKIE_NAME, token)  # the old cookie no longer opens anything
    assert site.client.get("/portaal").status_code == 303


def test_logout_is_post_only(site: Site) -> None:
    site.login_as(site.world.coordinator)
    response = site.client.get("/portaal/uitloggen")
    assert (response.status_code, response.headers["allow"]) == (405, "POST")
    assert "Niet toegestaan" in response.text
    assert site.count("sessions") == 1
    assert site.client.post("/portaal/sjabloon.xlsx", data={}).headers.get("allow") == "GET"


def test_a_planted_login_token_is_never_taken_over(site: Site) -> None:
    planted = "geplant-door-een-aanvaller-0123456789"
    site.client.cookies.set(LOGIN_CSRF_COOKIE, planted)
    response = site.client.get("/portaal/inloggen")
    token = hidden(response.text, "csrf")
    assert token != planted
    [cookie] = [h for h in response.headers.get_list("set-cookie") if h.startswith(LOGIN_CSRF_COOKIE + "=")]
    assert cookie.startswith(f"{LOGIN_CSRF_COOKIE}={token};")


def test_a_login_from_another_site_is_refused_before_the_password_is_tried(site: Site) -> None:
    token = login_form(site)
    before = site.count("login_attempts")
    response = site.client.post("/portaal/inloggen", headers={"Origin": "https://aanvaller.example"},
                                data={"email": site.world.partner.email, "wachtwoord": PASSWORD, "csrf": token})
    assert response.status_code == 403
    assert site.count("login_attempts") == before
    assert sessions.COOKIE_NAME not in site.client.cookies


def test_a_control_character_in_a_portal_address_never_reaches_a_header(site: Site) -> None:
    site.login_as(site.world.viewer)
    response = site.client.get("/portaal/cijfers/GM0228%0D%0AX-Injected:%201.csv")
    assert response.status_code == 400
    assert "x-injected" not in response.headers
    assert site.client.get("/portaal/cijfers/GM0228%20.csv").status_code == 404
