"""In Debian Chromium via Playwright: search, profile, indicator map, CSV download, axe-core WCAG 2.1 AA.

Screenshots are written to the pytest temporary folder (``browser/``) for a human to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import axe_violations, needs_chromium

pytestmark = needs_chromium


def _tab(browser: object, server: str, bypass_csp: bool) -> Iterator[object]:
    context = browser.new_context(base_url=server, accept_downloads=True, viewport={"width": 1280, "height": 900},  # type: ignore[attr-defined]
                                  bypass_csp=bypass_csp)
    tab = context.new_page()
    blocked: list[str] = []
    violations: list[str] = []
    tab.route(lambda url: not url.startswith(server), lambda route: (blocked.append(route.request.url), route.abort()))
    tab.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    yield tab
    context.close()
    assert blocked == [], f"page tried to reach outside the server: {blocked}"
    assert violations == [], f"the page broke its own Content-Security-Policy: {violations}"


@pytest.fixture()
def page(browser: object, server: str) -> Iterator[object]:
    """A tab under the dashboard's Content-Security-Policy, which the pages must not break."""
    yield from _tab(browser, server, bypass_csp=False)


@pytest.fixture()
def axe_page(browser: object, server: str) -> Iterator[object]:
    """A tab that lets axe-core in (it is injected as an inline script, which the policy forbids)."""
    yield from _tab(browser, server, bypass_csp=True)


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("browser")


def test_search_by_old_name_opens_the_successor_profile(page: object, shots: Path) -> None:
    page.goto("/")  # type: ignore[attr-defined]
    page.get_by_label("Naam of code van een gemeente").fill("Weesp")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Zoeken").click()  # type: ignore[attr-defined]
    page.wait_for_url("**/gebied/GM0363")  # type: ignore[attr-defined]
    assert page.get_by_role("heading", level=1).inner_text().startswith("Amsterdam")  # type: ignore[attr-defined]
    page.screenshot(path=str(shots / "profiel-amsterdam.png"), full_page=True)  # type: ignore[attr-defined]


def test_search_suggestions_appear_while_typing(page: object) -> None:
    page.goto("/")  # type: ignore[attr-defined]
    page.get_by_label("Naam of code van een gemeente").press_sequentially("Rotter")  # type: ignore[attr-defined]
    link = page.locator("#suggesties").get_by_role("link", name="Rotterdam", exact=True)  # type: ignore[attr-defined]
    link.wait_for(timeout=5000)
    link.click()
    page.wait_for_url("**/gebied/GM0599")  # type: ignore[attr-defined]


def test_indicator_map_is_drawn_with_a_text_alternative(page: object, shots: Path) -> None:
    page.goto("/indicator/ks12.a")  # type: ignore[attr-defined]
    svg = page.locator("figure.chart svg").first  # type: ignore[attr-defined]
    assert svg.get_attribute("role") == "img"
    assert "gemeente" in (svg.locator("title").first.text_content() or "")
    assert page.locator("figure.chart svg path").count() > 300  # type: ignore[attr-defined]
    page.screenshot(path=str(shots / "indicator-ks12a.png"), full_page=False)  # type: ignore[attr-defined]
    page.get_by_label("kwintielen van de waarde").check()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Toon").click()  # type: ignore[attr-defined]
    page.wait_for_url("**kaart=kwintiel")  # type: ignore[attr-defined]
    page.screenshot(path=str(shots / "indicator-ks12a-kwintiel.png"), full_page=False)  # type: ignore[attr-defined]


def test_csv_download_matches_the_twin(page: object, server: str) -> None:
    from tests.web.http import get

    page.goto("/gebied/GM0599")  # type: ignore[attr-defined]
    with page.expect_download() as info:  # type: ignore[attr-defined]
        page.get_by_role("link", name="CSV", exact=True).click()  # type: ignore[attr-defined]
    download = info.value
    assert download.suggested_filename == "gebied-GM0599.csv"
    assert Path(download.path()).read_text(encoding="utf-8") == get(server, "/gebied/GM0599.csv").text


@pytest.mark.parametrize(
    "path",
    ["/", "/gebied/GM0363", "/gebied/GM0088", "/indicator/ks12.a", "/vergelijk?gebied=GM0363&gebied=GM0599",
     "/programma", "/menukaart", "/menukaart/voorzorg", "/api", "/zoek?q=berg", "/gebied/XX99"],
)
def test_pages_pass_axe_wcag21_aa(axe_page: object, path: str, shots: Path) -> None:
    axe_page.goto(path)  # type: ignore[attr-defined]
    name = "".join(c if c.isalnum() else "-" for c in path).strip("-") or "home"
    axe_page.screenshot(path=str(shots / f"axe-{name[:40]}.png"))  # type: ignore[attr-defined]
    assert axe_violations(axe_page) == []


def test_keyboard_reaches_the_skip_link_first(page: object) -> None:
    page.goto("/")  # type: ignore[attr-defined]
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"  # type: ignore[attr-defined]


WIDE_PAGES = ["/", "/gebied/GM0363", "/gebied/GG3406", "/indicator/ks12.a", "/vergelijk?gebied=GM0363&gebied=GM0599",
              "/programma"]


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_no_page_scrolls_sideways(browser: object, server: str, width: int) -> None:
    context = browser.new_context(base_url=server, viewport={"width": width, "height": 800})  # type: ignore[attr-defined]
    tab = context.new_page()
    try:
        for path in WIDE_PAGES:
            tab.goto(path)
            scroll = tab.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, f"{path} is {scroll} px wide at a {width} px viewport"
    finally:
        context.close()


def test_profile_on_a_phone_is_cards_with_every_figure_and_a_short_trend(browser: object, server: str) -> None:
    context = browser.new_context(base_url=server, viewport={"width": 390, "height": 800}, bypass_csp=True)  # type: ignore[attr-defined]
    tab = context.new_page()
    try:
        tab.goto("/gebied/GM0363")
        row = tab.locator("table.profile tbody tr").first
        box = row.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        for label in ("Periode", "Amsterdam", "95%-interval", "Nederland", "Vergelijking", "Trend"):
            cell = row.locator(f'td[data-label="{label}"]')
            cell_box = cell.bounding_box()
            assert cell_box is not None and cell_box["x"] + cell_box["width"] <= 390, label
        # the trend is a short label; its sentence opens on demand
        trend = row.locator("details.trend")
        if trend.count():
            assert "In de laatste jaren" not in trend.locator("summary").inner_text()
            assert not trend.evaluate("d => d.open")
        assert axe_violations(tab) == []
    finally:
        context.close()
