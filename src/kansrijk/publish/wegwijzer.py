"""The wegwijzer of a gemeente: a one-page A4 leaflet in plain Dutch (B1) with where a (future)
parent goes with which question - the gemeente's own contacts, those of the regions holding it and
the national ones - as 004's MamaWegwijzer describes it: a regional template with local additions.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kansrijk import dutch
from kansrijk.areas import LEVEL_LABELS, NL_CODE, AreaRegistry
from kansrijk.errors import ReportError
from kansrijk.programme.contacts import THEMES, Contact, contacts_for
from kansrijk.publish.reports.render import environment, write_pdf
from kansrijk.store import Store


def _where(contact: Contact, area_name: str, areas: AreaRegistry) -> str:
    if contact.area_code == NL_CODE:
        return "landelijk"
    if areas.get(contact.area_code).level == "gemeente":
        return f"in {area_name}"
    return f"regio {areas.get(contact.area_code).name}"


def wegwijzer_html(store: Store, areas: AreaRegistry, code: str, made: date | None = None) -> str:
    """The wegwijzer of gemeente ``code`` as one HTML page (sections in the order of THEMES)."""
    area = areas.get(code)
    if area.level != "gemeente":
        raise ReportError(f"een wegwijzer is er per gemeente; {area.name} is een {LEVEL_LABELS[area.level]}")
    contacts = contacts_for(store, [code, *areas.holding(code)])
    sections = [(question, [(c, _where(c, area.name, areas)) for c in contacts if c.theme == theme])
                for theme, question in THEMES.items()]
    return environment().get_template("wegwijzer.html.j2").render(
        area_name=area.name, sections=[s for s in sections if s[1]], made=dutch.long_date(made or date.today()),
        synthetic=store.has_synthetic_input())


def write_wegwijzer(store: Store, areas: AreaRegistry, code: str, out: Path,
                    formats: tuple[str, ...] = ("html", "pdf")) -> list[Path]:
    """Write the wegwijzer of gemeente ``code`` to ``out`` (``wegwijzer-<code>-<name>.html/.pdf``)."""
    html = wegwijzer_html(store, areas, code)
    name = "".join(ch if ch.isalnum() else "-" for ch in areas.get(code).name.replace("'", "")).strip("-")
    stem = out / f"wegwijzer-{code}-{name}".lower()
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    if "html" in formats:
        stem.with_suffix(".html").write_text(html, encoding="utf-8")
        paths.append(stem.with_suffix(".html"))
    if "pdf" in formats:
        write_pdf(html, stem.with_suffix(".pdf"))
        paths.append(stem.with_suffix(".pdf"))
    return paths
