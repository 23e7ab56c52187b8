"""Synthetic wegwijzer contacts: for every GGD region its youth health care and Nu Niet Zwanger
contact, for every current gemeente its CJG, social team and midwives. Every website is under
``example.org`` (a domain reserved for examples) and no phone number is given, so nothing invented
can be mistaken for a real service; the wegwijzer made from them says they are examples.
"""

from __future__ import annotations

import csv
from pathlib import Path

from kansrijk.areas import AreaRegistry


def _slug(name: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in name.lower().replace("'", "")).strip("-")


def write_contacts(folder: Path, areas: AreaRegistry | None = None) -> Path:
    """Write ``wegwijzer_contacten.csv`` (gebied, thema, naam, telefoon, website, toelichting)."""
    areas = areas or AreaRegistry.load()
    path = folder / "wegwijzer_contacten.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(("gebied", "thema", "naam", "telefoon", "website", "toelichting"))
        for region in areas.areas("ggd"):
            site = f"example.org/{_slug(region.name)}"
            writer.writerow((region.code, "zwanger", "Jeugdgezondheidszorg (JGZ)", "", f"{site}/jgz",
                             "Een jeugdverpleegkundige komt bij je thuis als je zwanger bent."))
            writer.writerow((region.code, "kinderwens", "Nu Niet Zwanger-gesprek", "", f"{site}/nnz",
                             "Een gesprek over wel of geen kinderen."))
        for gemeente in areas.gemeenten():
            site = f"example.org/{_slug(gemeente.name)}"
            writer.writerow((gemeente.code, "opvoeden", f"Centrum voor Jeugd en Gezin {gemeente.name}", "",
                             f"{site}/cjg", "Vragen over je baby, je kind en opvoeden."))
            writer.writerow((gemeente.code, "geld", f"Sociaal wijkteam {gemeente.name}", "", f"{site}/wijkteam",
                             "Hulp bij geld, werk, wonen en zorg."))
            writer.writerow((gemeente.code, "zwanger", f"Verloskundigen in {gemeente.name}", "",
                             f"{site}/verloskundigen", "Voor controles tijdens je zwangerschap. Bel zo vroeg mogelijk."))
    return path
