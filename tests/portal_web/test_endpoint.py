"""What every portal request goes through: a database that cannot be reached (503) and a failing page
(500) give Dutch pages with the security headers, never a traceback."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient

from kansrijk.portal.web.endpoint import Call, Portal, endpoint
from tests.pgcluster import free_port
from tests.portal_web.conftest import BASE, Site
from tests.portal_web.pages import has_security_headers


def client_for(portal: Portal, handler) -> TestClient:
    app = Starlette(routes=[Route("/portaal/proef", endpoint(portal, handler, login=False), methods=["GET"])])
    return TestClient(app, base_url=BASE, follow_redirects=False)


def test_an_unreachable_database_gives_503(catalogues, areas) -> None:
    portal = Portal(f"postgresql://kansrijk@127.0.0.1:{free_port()}/weg", catalogues, areas, lambda: None)
    response = client_for(portal, lambda call: call.page("portal_home.html.j2", "Proef")).get("/portaal/proef")
    assert response.status_code == 503
    assert "niet bereikbaar" in response.text and has_security_headers(response.headers)


def test_a_failing_page_gives_a_dutch_500_without_a_traceback(site: Site, catalogues, areas) -> None:
    def broken(call: Call):
        raise RuntimeError("geheime details")

    response = client_for(Portal(site.url, catalogues, areas, lambda: None), broken).get("/portaal/proef")
    assert response.status_code == 500
    assert "Er ging iets mis" in response.text and "geheime details" not in response.text
    assert "Traceback" not in response.text and has_security_headers(response.headers)
