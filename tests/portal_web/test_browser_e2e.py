"""End to end in Debian Chromium on PostgreSQL: a partner's counts reach the public dashboard.

A small computed store (ks08 for six gemeenten) is migrated into a fresh PostgreSQL database; the
server app with the portal (:func:`kansrijk.portal.web.server.create_portal_app`) runs under uvicorn
in a thread. A partner logs in and submits counts for Ede through the form, a coordinator of the
region logs in and approves, the background recompute runs, and Ede's public profile shows the new
figure. The browser runs on ``http://localhost`` (a secure context, so the Secure session cookie is
kept) with the portal's Content-Security-Policy in force; no page may violate it. Portal pages are
also checked with axe-core (WCAG 2.1 AA) in a second context that lets axe's script in.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.pipeline import compute
from kansrijk.intake.importer import import_aggregates
from kansrijk.portal import accounts
from kansrijk.portal.schema import ensure_portal_schema
from kansrijk.portal.web.server import create_portal_app
from kansrijk.server.migrate import migrate
from kansrijk.server.pgstore import PgStore
from kansrijk.store import Store
from tests.pgcluster import Cluster
from tests.serving import serving
from tests.browser import axe_violations, needs_chromium

pytestmark = needs_chromium

BIRTHS = {"GM0228": 1200, "GM0202": 1800, "GM0289": 400, "GM0274": 300, "GM0363": 9000, "GM0344": 4000}
PASSWORD = "lange zin als wachtwoord"
TELLER, NOEMER = 40, 200  # gm08.phb for Ede in 2024
WAIT_MS = 90_000


def seed_store(folder: Path, catalogues: Catalogues, areas: AreaRegistry) -> Path:
    """A computed DuckDB store: ks08 (debts) for six gemeenten in 2024."""
    counts = folder / "ks08.csv"
    lines = ["indicator,gebied,periode,teller,noemer"]
    lines += [f"ks08,{code},2024,{births // 20},{births}" for code, births in BIRTHS.items()]
    counts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = folder / "seed.duckdb"
    with Store.open(path) as store:
        import_aggregates(store, [counts], catalogues, areas, synthetic=True)
        compute(store, catalogues, areas)
    return path


@pytest.fixture(scope="module")
def server(pg_cluster: Cluster, tmp_path_factory: pytest.TempPathFactory, catalogues: Catalogues,
           areas: AreaRegistry) -> Iterator[str]:
    """The dashboard and portal on a free port (one per module); yields ``http://localhost:PORT``."""
    pg_url = pg_cluster.new_database()
    with PgStore.open(pg_url) as pg:
        migrate(seed_store(tmp_path_factory.mktemp("seed"), catalogues, areas), pg)
        ensure_portal_schema(pg)
        org = accounts.create_organisation(pg, "JGZ Gelderland-Midden", "RGGM", ["gm08.phb"], ["Ede"],
                                           catalogues=catalogues, areas=areas)
        accounts.create_user(pg, email="partner@jgz.example", name="Pim Partner", role="partner",
                             password=PASSWORD, organisation_id=org.id, areas=areas)
        accounts.create_user(pg, email="coordinator@ggd.example", name="Carla Coördinator", role="coordinator",
                             password=PASSWORD, region_code="RGGM", areas=areas)
    with serving(create_portal_app(pg_url, catalogues, areas), "localhost") as base:
        yield base


class Tab:
    """A browser context with one page; records Content-Security-Policy violations and outside requests."""

    def __init__(self, browser: object, server: str, bypass_csp: bool = False) -> None:
        self.context = browser.new_context(base_url=server, bypass_csp=bypass_csp,  # type: ignore[attr-defined]
                                           viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.csp: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: self.csp.append(m.text) if "Content Security Policy" in m.text else None)
        self.page.route(lambda url: not url.startswith(server),
                        lambda route: (self.outside.append(route.request.url), route.abort()))

    def login(self, email: str) -> None:
        page = self.page
        page.goto("/portaal")
        page.wait_for_url("**/portaal/inloggen?volgende=/portaal")
        page.get_by_label("E-mailadres").fill(email)
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url("**/portaal")

    def close(self) -> None:
        self.context.close()
        assert self.csp == [], f"Content-Security-Policy violations: {self.csp}"
        assert self.outside == [], f"requests outside the server: {self.outside}"


def expected_text() -> str:
    """The dashboard's text for TELLER/NOEMER as a percentage with one decimal and a decimal comma."""
    return f"{TELLER / NOEMER * 100:.1f}".replace(".", ",") + "%"


def test_partner_counts_reach_the_public_dashboard(server: str, browser: object, tmp_path: Path) -> None:
    partner = Tab(browser, server)
    partner.login("partner@jgz.example")
    page = partner.page
    page.get_by_role("link", name="Cijfers aanleveren").first.click()
    page.get_by_label("Jaar").select_option("2024")
    page.get_by_role("button", name="Kies jaar").click()
    page.wait_for_url("**jaar=2024")
    page.get_by_label("Teller, Ondersteuning kwetsbare gezinnen, Ede").fill(str(TELLER))
    page.get_by_label("Noemer, Ondersteuning kwetsbare gezinnen, Ede").fill(str(NOEMER))
    page.screenshot(path=str(tmp_path / "formulier.png"), full_page=True)
    page.get_by_role("button", name="Inzending versturen").click()
    page.wait_for_url("**/portaal/inzendingen/*")
    assert "ingediend" in page.get_by_role("heading", level=1).inner_text()
    submission_path = page.url.split(server, 1)[1]
    partner.close()

    coordinator = Tab(browser, server)
    coordinator.login("coordinator@ggd.example")
    page = coordinator.page
    page.get_by_role("link", name=f"Inzending {submission_path.rsplit('/', 1)[1]}").click()
    page.wait_for_url(f"**{submission_path}")
    page.get_by_role("button", name="Goedkeuren").click()
    page.wait_for_url(f"**{submission_path}")
    assert "goedgekeurd" in page.get_by_role("heading", level=1).inner_text()
    coordinator.close()

    public = Tab(browser, server)
    page = public.page
    row = page.locator("tr", has=page.locator("a[href='/indicator/gm08.phb']"))
    deadline = time.monotonic() + WAIT_MS / 1000
    while True:  # the recompute runs in the background; the dashboard reloads when it is published
        page.goto("/gebied/GM0228/gm")
        if row.count() and expected_text() in row.first.inner_text():
            break
        assert time.monotonic() < deadline, "the approved figure did not reach the dashboard"
        time.sleep(1)
    page.screenshot(path=str(tmp_path / "dashboard-ede.png"), full_page=True)
    public.close()


def test_portal_pages_pass_axe_wcag21_aa(server: str, browser: object) -> None:
    tab = Tab(browser, server, bypass_csp=True)  # axe is injected as an inline script
    page = tab.page
    page.goto("/portaal/inloggen")
    found = {"inloggen": axe_violations(page)}
    tab.login("partner@jgz.example")
    for path in ("/portaal", "/portaal/inzendingen/nieuw?jaar=2023"):
        page.goto(path)
        found[path] = axe_violations(page)
    teller = page.get_by_label("Teller, Ondersteuning kwetsbare gezinnen, Ede")
    teller.fill("veel")
    page.get_by_role("button", name="Inzending versturen").click()
    page.get_by_role("alert").first.wait_for()
    assert "Rij 1, kolom 'teller'" in page.get_by_role("alert").first.inner_text()
    found["formulier met fouten"] = axe_violations(page)
    teller.fill("12")
    page.get_by_label("Noemer, Ondersteuning kwetsbare gezinnen, Ede").fill("60")
    page.get_by_role("button", name="Inzending versturen").click()
    page.wait_for_url("**/portaal/inzendingen/*")
    detail = page.url.split(server, 1)[1]
    found["inzending"] = axe_violations(page)
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/portaal/inloggen?uitgelogd=1")
    page.goto("/portaal")
    page.wait_for_url("**/portaal/inloggen?volgende=/portaal")  # the session is gone
    tab.login("coordinator@ggd.example")
    for path in ("/portaal", detail, "/portaal/register", "/portaal/cijfers/GM0228"):
        page.goto(path)
        found[path] = axe_violations(page)
    tab.close()
    assert {k: v for k, v in found.items() if v} == {}
