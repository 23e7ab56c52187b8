"""Who offers which intervention of the menukaart, from published figures only: an intervention's
``measure`` gives per gemeente a ja/nee fact (engine/facts.py); a gemeente without a published fact
is "onbekend". Maps colour the gemeenten by that fact.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from kansrijk.menukaart import Intervention, menukaart
from kansrijk.publish.charts import palette
from kansrijk.publish.charts.maps import choropleth
from kansrijk.catalogue import Catalogues
from kansrijk.publish.context import Figure, NationalPage, PublishedData, shown_figure

YES, NO = "ja", "nee"
CATEGORIES = {YES: ("Biedt het aan", palette.YES_COLOUR), NO: ("Biedt het niet aan", palette.NO_COLOUR)}


@dataclass(frozen=True)
class Offer:
    """How many current gemeenten offer an intervention (None: not registered)."""

    intervention: Intervention
    facts: dict[str, str] | None  # gemeente code -> ja/nee, for the gemeenten with a published fact
    total: int  # current gemeenten

    @property
    def registered(self) -> bool:
        return self.facts is not None

    @property
    def offering(self) -> int:
        return sum(1 for v in (self.facts or {}).values() if v == YES)

    @property
    def unknown(self) -> int:
        return self.total - len(self.facts or {})


def _fact(figure: Figure) -> str | None:
    return figure.value_text if figure.fact and figure.published else None


def offer(intervention: Intervention, national: dict[str, NationalPage], catalogue_of: dict[str, str],
          total: int) -> Offer:
    """The offer of one intervention from the national pages of the published catalogues."""
    page = national.get(catalogue_of.get(intervention.measure or "", ""))
    if intervention.measure is None or page is None or intervention.measure not in page.gemeenten:
        return Offer(intervention, None, total)
    facts = {code: fact for code, f in page.gemeenten[intervention.measure].items() if (fact := _fact(f))}
    return Offer(intervention, facts, total)


def coverage_map(item: Offer, width: float = 420.0) -> str | None:
    """A map of the gemeenten offering it, not offering it, or unknown (hatched)."""
    if not item.facts:
        return None
    return choropleth(item.facts, mode="category", categories=CATEGORIES, width=width,
                      title=f"{item.intervention.name}: welke gemeenten het aanbieden")


def offered_by(figure_of: Callable[[str], Figure | None]) -> list[tuple[Intervention, str]]:
    """Per intervention whether one gemeente offers it: ja, nee, onbekend (no published fact) or niet
    geregistreerd (no indicator says who offers it); ``figure_of`` gives the gemeente's figure of a
    measure."""
    out = []
    for item in menukaart():
        if item.measure is None:
            out.append((item, "niet geregistreerd"))
            continue
        figure = figure_of(item.measure)
        out.append((item, _fact(figure) or "onbekend") if figure is not None else (item, "onbekend"))
    return out


def offers_for(data: Mapping[str, PublishedData], catalogues: Catalogues, code: str,
               year: int | None = None) -> list[tuple[Intervention, str]]:
    """Per intervention whether gemeente ``code`` offers it, from the published data of each catalogue
    (``data``: catalogue key -> its published data; a catalogue not in it gives "onbekend")."""

    def figure_of(measure_id: str) -> Figure | None:
        measure = catalogues.measure(measure_id)
        found = data.get(measure.catalogue)
        return shown_figure(found, measure, code, year) if found is not None else None

    return offered_by(figure_of)
