"""The public dashboard's security headers on every kind of response, and requests that are refused
before any route sees them (control characters in the address, a form from another site)."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from kansrijk.publish.web.app import create_app
from kansrijk.publish.web.pages import WebData

HEADERS = ("content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy")


@pytest.fixture(scope="module")
def client(web: WebData) -> TestClient:
    return TestClient(create_app(web), follow_redirects=False)


@pytest.mark.parametrize("path", ["/", "/gebied/GM0363", "/gebied/GM0363.csv", "/gebied/GM0363.json",
                                  "/bestaat-niet", "/static/kansrijk.css", "/zoek?q=haar", "/openapi.json"])
def test_every_response_carries_the_security_headers(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert all(h in response.headers for h in HEADERS), (path, response.status_code)
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert "script-src 'self'" in response.headers["content-security-policy"]


@pytest.mark.parametrize("path", ["/gebied/GM0363%0D", "/gebied/GM0363%0D%0ASet-Cookie:%20x=1.csv",
                                  "/zoek?q=a%0Db", "/indicator/ks08%00"])
def test_a_control_character_in_the_address_is_refused(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 400
    assert response.text == "Onjuiste vraag: het adres bevat een stuurteken."
    assert "set-cookie" not in response.headers


def test_a_form_from_another_site_is_refused(client: TestClient) -> None:
    response = client.post("/zoek", data={"q": "x"}, headers={"Origin": "https://aanvaller.example"})
    assert response.status_code == 403
    same = client.post("/zoek", data={"q": "x"}, headers={"Origin": "http://testserver"})
    assert same.status_code != 403
