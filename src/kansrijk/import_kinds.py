"""Every kind of input the monitor imports, as data: its name, what it is, what a row of it is called
and the function that checks and writes it.

Each function reads through the one bounded reader (:mod:`kansrijk.intake.tabular`), refuses a file
with problems as a whole and returns one :class:`~kansrijk.intake.outcome.ImportOutcome` per file, so
the command line and the library import every kind the same way
(:meth:`kansrijk.monitor.Monitor.import_files`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.errors import UnknownImportKind
from kansrijk.intake.importer import import_aggregates
from kansrijk.intake.outcome import ImportOutcome
from kansrijk.intake.records import RECORD_TYPES, import_records
from kansrijk.programme.contacts import import_contacts
from kansrijk.programme.intake import import_programme
from kansrijk.programme.statements import import_statements
from kansrijk.programme.surveys import import_survey
from kansrijk.store import Store

Importer = Callable[[Store, Sequence[Path], Catalogues, AreaRegistry, bool], list[ImportOutcome]]


@dataclass(frozen=True)
class ImportKind:
    """One kind of input: ``name`` (``--kind``), ``description`` (Dutch, for help texts), what one
    imported row is called (``unit``: singular, plural) and the function that imports files of it."""

    name: str
    description: str
    unit: tuple[str, str]
    run: Importer

    def rows_text(self, n: int) -> str:
        """``n`` rows in Dutch, e.g. "1 feit" or "12 respondenten"."""
        return f"{n} {self.unit[0] if n == 1 else self.unit[1]}"


def _records(kind: str) -> Importer:
    def run(store: Store, paths: Sequence[Path], _catalogues: Catalogues, areas: AreaRegistry,
            synthetic: bool) -> list[ImportOutcome]:
        return import_records(store, kind, paths, synthetic=synthetic, areas=areas)
    return run


def _survey(kind: str) -> Importer:
    def run(store: Store, paths: Sequence[Path], _catalogues: Catalogues, areas: AreaRegistry,
            synthetic: bool) -> list[ImportOutcome]:
        return import_survey(store, kind, paths, areas, synthetic)
    return run


def _programme(store: Store, paths: Sequence[Path], _catalogues: Catalogues, areas: AreaRegistry,
               synthetic: bool) -> list[ImportOutcome]:
    return import_programme(store, paths, areas, synthetic)


RECORD_DESCRIPTIONS = {
    "births": "geboorterecords (een rij per kind)",
    "households": "huishoudkenmerken van levendgeborenen",
    "children": "kinderen onder de 2 jaar per jaar (jeugdbescherming, uithuisplaatsing)",
    "jgz": "JGZ-contacten (Van Wiechen, lengte en gewicht)",
}

IMPORT_KINDS: dict[str, ImportKind] = {kind.name: kind for kind in (
    ImportKind("aggregates", "geaggregeerde tellingen (indicator, gebied, periode, teller, noemer)",
               ("rij", "rijen"), import_aggregates),
    *(ImportKind(name, RECORD_DESCRIPTIONS[name], ("rij", "rijen"), _records(name)) for name in RECORD_TYPES),
    ImportKind("programme", "programmafeiten (feit, onderwerp, waarde, geldig vanaf)", ("feit", "feiten"),
               _programme),
    ImportKind("survey-gemeenten", "vragenlijst onder gemeenten (een rij per gemeente)",
               ("respondent", "respondenten"), _survey("gemeenten")),
    ImportKind("survey-professionals", "vragenlijst onder professionals (een rij per respondent)",
               ("respondent", "respondenten"), _survey("professionals")),
    ImportKind("statements", "uitspraken voor tekstindicatoren (indicator, gebied, jaar, thema, bron, uitspraak)",
               ("uitspraak", "uitspraken"), import_statements),
    ImportKind("contacts", "contacten voor de wegwijzer (gebied, thema, naam, telefoon, website, toelichting)",
               ("contact", "contacten"), import_contacts),
)}


def import_kind(name: str) -> ImportKind:
    """The import kind called ``name`` (UnknownImportKind naming the kinds there are)."""
    try:
        return IMPORT_KINDS[name]
    except KeyError:
        raise UnknownImportKind(f"onbekende soort invoer '{name}'; kies uit {', '.join(IMPORT_KINDS)}") from None
