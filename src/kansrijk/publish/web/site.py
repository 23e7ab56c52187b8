"""``kansrijk site``: the whole public site as static files, for any web server or CDN.

Layout: a page at ``/gebied/GM0363`` is written as ``gebied/GM0363/index.html`` with its twins
``gebied/GM0363.json`` and ``gebied/GM0363.csv`` beside the folder, so the links of the live
server work unchanged on a static host. Search (which needs a server) becomes an A-Z list of
gemeenten; the factsheets are written as HTML.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

from kansrijk.publish.web import api, openapi, pages
from kansrijk.menukaart import menukaart
from kansrijk.publish.web.pages import DEFAULT_CATALOGUE, Page, WebData
from kansrijk.publish.web.templating import render

STATIC = Path(__file__).parent / "static"
STATIC_FILES = ("kansrijk.css", "vendor/htmx.min.js", "vendor/htmx.LICENSE", "vendor/README.md")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_page(out: Path, page: Page) -> int:
    """Write a page's HTML (``<twin>/index.html``, ``index.html`` for the home) and its three twins;
    returns 4."""
    twin = page.twin.strip("/")
    html_path = out / "index.html" if twin == "index" else out / twin / "index.html"
    _write(html_path, render(page.template, {**page.context, "twin": page.twin, "static_site": True}))
    _write(out / f"{twin}.json", api.json_text(page.frame, api.page_meta(page.twin, page.context)))
    for fmt in ("csv", api.DUTCH_CSV):
        (out / f"{twin}.{fmt}").write_bytes(api.csv_bytes(page.frame, fmt))
    return 4


def area_codes(web: WebData, catalogue: str) -> list[str]:
    """Every area with published rows in ``catalogue`` (current gemeenten, regions, NL)."""
    codes = sorted(set(web.data[catalogue].frame["area_code"]))
    return [c for c in codes if web.areas.get(c).level != "gemeente" or web.areas.get(c).is_current]


def build_site(
    web: WebData, out: Path, progress: Callable[[str], None] | None = None,
    only_areas: Sequence[str] | None = None, only_measures: Sequence[str] | None = None,
) -> int:
    """Write every page, twin, factsheet (HTML), the OpenAPI files and the static assets to ``out``;
    returns the number of files written. ``only_areas``/``only_measures`` restrict the area and
    indicator pages (for a partial site, e.g. one region)."""
    from kansrijk.publish.reports.render import area_html

    step = progress or (lambda _msg: None)
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    step("startpagina")
    written += write_page(out, pages.home(web, DEFAULT_CATALOGUE if DEFAULT_CATALOGUE in web.data else None))
    for catalogue in web.data:
        step(f"gebieden ({catalogue})")
        for code in area_codes(web, catalogue):
            if only_areas is not None and code not in only_areas:
                continue
            written += write_page(out, pages.profile(web, code, catalogue))
            if catalogue == web.catalogue(None):
                html = area_html(web.data[catalogue], web.catalogues, web.areas, code, menu=web.data)
                _write(out / "factsheet" / f"{code}.html", html)
                written += 1
        step(f"indicatoren ({catalogue})")
        for measure in web.catalogues.measures(catalogue):
            if only_measures is not None and measure.id not in only_measures:
                continue
            if measure.id in web.national[catalogue].gemeenten or any(
                v.id == measure.id for v in web.national[catalogue].profile.indicators
            ):
                written += write_page(out, pages.indicator(web, measure.id))
        web.cache.clear()
    written += write_page(out, pages.programme(web))
    written += write_page(out, pages.menukaart_page(web))
    for intervention in menukaart():
        written += write_page(out, pages.intervention_page(web, intervention.id))
    step("open data")
    spec = openapi.spec(web)
    _write(out / "openapi.json", json.dumps(spec, ensure_ascii=False, indent=1))
    ctx = web.common("Open data API")
    _write(out / "api" / "index.html", render("api.html.j2", {**ctx, "spec": spec, "twin": None, "static_site": True}))
    ctx = web.common("Niet gevonden")
    _write(out / "404.html", render("error.html.j2", {**ctx, "status": 404, "message": "deze pagina bestaat niet",
                                                      "twin": None, "static_site": True}))
    written += 3
    for name in STATIC_FILES:
        target = out / "static" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(STATIC / name, target)
        written += 1
    return written
