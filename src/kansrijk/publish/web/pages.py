"""The web pages as data: per page a template, its context and the published rows behind it.

Everything is built from the ``published`` table (through :mod:`kansrijk.publish.context`), so a
suppressed value never reaches a page. Each :class:`Page` carries ``frame``: the rows of the export
(same columns, same numbers) that the page shows; the ``.json`` and ``.csv`` twins serve exactly
that frame. Pages are built once per key and kept (bounded): the data of a running server does
not change.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from kansrijk.areas import LEVEL_LABELS, NL_CODE, AreaRegistry
from kansrijk.catalogue import DEFAULT_CATALOGUE, Catalogues, Measure
from kansrijk.menukaart import Intervention, menukaart
from kansrijk.publish.menukaart import Offer, coverage_map, offer, offers_for
from kansrijk.publish.programme_overview import programme_overview
from kansrijk.errors import BadRequest, KansrijkError, UnknownArea, UnknownCatalogue, UnknownIndicator
from kansrijk.publish.charts import choropleth, funnel_chart, ranked_chart, spine_chart, trend_chart
from kansrijk.publish.charts import palette
from kansrijk.publish.context import (
    Figure,
    IndicatorView,
    NationalPage,
    PublishedData,
    area_profile,
    national_page,
    shown_figure,
)
from kansrijk.publish.export import EXPORT_COLUMNS, ResultFilter, published_frame
from kansrijk.publish.reports.charts import fact_map, map_title, map_values, point, programme_maps, ranked_rows
from kansrijk.publish.web import similar
from kansrijk.store import Store
from kansrijk import dutch, vocabulary

MAX_QUERY = 100
MAX_COMPARE = 8
MAX_CACHED = 3000
MAP_MODES = {"benchmark": "vergelijking met Nederland", "kwintiel": "kwintielen van de waarde"}


@dataclass(frozen=True)
class Page:
    """One page: the template, its context, the published rows it shows and its twin path."""

    template: str
    context: dict[str, Any]
    frame: pd.DataFrame
    twin: str  # the path without extension; ``twin + ".json"`` and ``twin + ".csv"`` serve ``frame``


@dataclass
class WebData:
    """The published results, catalogues and areas a server or static export works from."""

    catalogues: Catalogues
    areas: AreaRegistry
    data: dict[str, PublishedData]
    national: dict[str, NationalPage]
    synthetic: bool
    made: str
    cache: dict[tuple[Any, ...], Page] = field(default_factory=dict)

    @classmethod
    def load(
        cls, store: Store, catalogues: Catalogues | None = None, areas: AreaRegistry | None = None
    ) -> WebData:
        """Read the published rows of every catalogue that has any (raises NotComputed when none)."""
        catalogues = catalogues or Catalogues.load()
        areas = areas or AreaRegistry.load()
        published_frame(store, ResultFilter(catalogue=None, areas=[NL_CODE]))  # raises NotComputed when empty
        present = {row["catalogue"] for row in store.query("SELECT DISTINCT catalogue FROM published")}
        data = {key: PublishedData.load(store, key) for key in catalogues.keys if key in present}
        if DEFAULT_CATALOGUE in data:  # the programme page shows it
            data[DEFAULT_CATALOGUE].programme = programme_overview(store, areas)
        today = date.today()
        national = {key: national_page(d, catalogues, areas, made=today) for key, d in data.items()}
        synthetic = any(d.synthetic for d in data.values()) or store.get_meta("synthetic") == "true"
        return cls(catalogues, areas, data, national, synthetic, today.isoformat())

    # -- look-ups ------------------------------------------------------------------------------

    def catalogue(self, key: str | None) -> str:
        """The catalogue key to show (the default when none is asked for)."""
        key = key or (DEFAULT_CATALOGUE if DEFAULT_CATALOGUE in self.data else next(iter(self.data)))
        if key not in self.data:
            raise UnknownCatalogue(f"onbekende catalogus '{key[:20]}'; kies uit {', '.join(self.data)}")
        return key

    def measure(self, measure_id: str) -> Measure:
        """The measure behind an indicator page (raises UnknownIndicator)."""
        try:
            measure = self.catalogues.measure(measure_id)
        except KansrijkError as exc:
            raise UnknownIndicator(f"onbekende indicator '{measure_id[:30]}'") from exc
        if measure.catalogue not in self.data:
            raise UnknownIndicator(f"voor indicator '{measure_id}' zijn geen resultaten gepubliceerd")
        return measure

    def area_code(self, code: str) -> str:
        """A published area code (case-insensitive); raises UnknownArea."""
        upper = code.strip().upper()
        try:
            area = self.areas.get(upper)
        except KansrijkError as exc:
            raise UnknownArea(f"onbekend gebied '{code[:30]}'") from exc
        if area.level == "gemeente" and not area.is_current:
            raise UnknownArea(f"gemeente {area.name} ({area.code}) bestaat niet meer; zie {area.successor}")
        return area.code

    def cached(self, key: tuple[Any, ...], build: Callable[[], Page]) -> Page:
        """The page for ``key``, built once and kept (at most ``MAX_CACHED`` pages)."""
        page = self.cache.get(key)
        if page is None:
            page = build()
            if len(self.cache) >= MAX_CACHED:
                self.cache.pop(next(iter(self.cache)))  # oldest first: bounded memory for any request mix
            self.cache[key] = page
        return page

    def rows(self, catalogue: str, *, areas: Sequence[str] = (), indicators: Sequence[str] = ()) -> pd.DataFrame:
        """The export rows of a catalogue for some areas and/or measures, in export order."""
        frame = self.data[catalogue].frame
        mask = pd.Series(True, index=frame.index)
        if areas:
            mask &= frame["area_code"].isin(list(areas))
        if indicators:
            mask &= frame["indicator"].isin(list(indicators))
        return frame.loc[mask, EXPORT_COLUMNS].reset_index(drop=True)

    def common(self, title: str, catalogue: str | None = None) -> dict[str, Any]:
        """What every page shows: title, catalogue choice, synthetic notice, date."""
        return {
            "title": title,
            "synthetic": self.synthetic,
            "made": dutch.long_date(date.fromisoformat(self.made)),
            "catalogue": catalogue,
            "catalogues": [(k, self.catalogues.catalogue(k).name) for k in self.data],
        }


# -- helpers -----------------------------------------------------------------------------------


def spread(figures: Sequence[Figure]) -> tuple[float, float, float, float] | None:
    """Minimum, first quartile, third quartile and maximum of the published values (linear
    interpolation between order statistics, as numpy's default and Fingertips' spine charts)."""
    values = sorted(f.value for f in figures if f.published and f.value is not None)
    if len(values) < 2:
        return None

    def quantile(q: float) -> float:
        pos = q * (len(values) - 1)
        low = math.floor(pos)
        high = min(low + 1, len(values) - 1)
        return values[low] + (values[high] - values[low]) * (pos - low)

    return values[0], quantile(0.25), quantile(0.75), values[-1]


def _spine(view: IndicatorView, data: PublishedData, measure: Measure, area_name: str) -> str | None:
    latest, nl = view.latest, view.nl
    if latest is None or nl is None or nl.value is None:
        return None
    # the spread of the gemeenten in the same period as the figure shown (a 5-year figure among 5-year figures)
    quartet = spread(data.period_figures(measure, latest.period))
    when = f", {latest.period_text}" if latest.pooled else ""
    if quartet is None:
        return None
    return spine_chart(latest.value, nl.value, quartet, view.polarity, latest.benchmark_nl or "niet_getoetst",
                       view.unit, latest.status, title=f"{view.short_name}: spreiding over de gemeenten{when}",
                       width=300.0, area_name=area_name)


def _benchmark(key: str | None) -> dict[str, str]:
    key = key or "niet_getoetst"
    colour = palette.benchmark_colour(key)
    return {"key": key, "label": palette.benchmark_label(key), "colour": colour,
            "text": palette.text_colour_on(colour)}


def _tile(view: IndicatorView, data: PublishedData, catalogues: Catalogues, area_name: str) -> dict[str, Any]:
    latest = view.latest
    return {
        "view": view,
        "spine": _spine(view, data, catalogues.measure(view.id), area_name),
        "benchmark": _benchmark(latest.benchmark_nl if latest and latest.published else None),
        "status": vocabulary.status_label(latest.status) if latest else "geen gegevens",
    }


# -- pages -------------------------------------------------------------------------------------


def home(web: WebData, catalogue: str | None = None) -> Page:
    """Search, catalogue choice and the national one-page dashboard."""
    cat = web.catalogue(catalogue)

    def build() -> Page:
        national = web.national[cat]
        ctx = web.common("Monitor Kansrijke Start", cat)
        ctx.update(profile=national.profile,
                   tiles=[_tile(v, web.data[cat], web.catalogues, "Nederland") for v in national.profile.indicators],
                   gemeenten=sorted(((a.name, a.code) for a in web.areas.gemeenten())))
        twin = "/index" if cat == DEFAULT_CATALOGUE else f"/index/{cat}"
        return Page("home.html.j2", ctx, web.rows(cat, areas=[NL_CODE]), twin)

    return web.cached(("home", cat), build)


def search(web: WebData, query: str) -> Page:
    """Areas whose name or code matches ``query``; merged gemeenten lead to their successor."""
    query = query.strip()
    if len(query) > MAX_QUERY:
        raise BadRequest(f"de zoekvraag is te lang (meer dan {MAX_QUERY} tekens)")
    hits = web.areas.search_hits(query, limit=20) if query else []
    results = [{"code": h.area.code, "name": h.area.name, "level": h.area.level, "via": h.via} for h in hits]
    ctx = web.common("Zoeken", None)
    ctx.update(query=query, results=results)
    frame = pd.DataFrame(results, columns=["code", "name", "level", "via"])
    return Page("search.html.j2", ctx, frame, "/zoek")


def profile(web: WebData, code: str, catalogue: str | None = None) -> Page:
    """All indicators of a catalogue for one area, with spine charts, benchmarks and trends."""
    cat = web.catalogue(catalogue)
    area = web.area_code(code)

    def build() -> Page:
        prof = area_profile(web.data[cat], web.catalogues, web.areas, area, made=date.fromisoformat(web.made))
        ctx = web.common(f"{prof.area_name}: {prof.catalogue_name}", cat)
        groups = [(name, [_tile(v, web.data[cat], web.catalogues, prof.area_name) for v in views])
                  for name, views in prof.groups()]
        ctx.update(profile=prof, groups=groups, offers=_offers_of(web, area) if cat == DEFAULT_CATALOGUE else [])
        twin = f"/gebied/{area}" + ("" if cat == DEFAULT_CATALOGUE else f"/{cat}")
        return Page("profile.html.j2", ctx, web.rows(cat, areas=[area]), twin)

    return web.cached(("profile", area, cat), build)


def _offers_of(web: WebData, code: str) -> list[tuple[Intervention, str]]:
    """Per intervention of the menukaart whether gemeente ``code`` offers it (none for other areas)."""
    return offers_for(web.data, web.catalogues, code) if web.areas.get(code).level == "gemeente" else []


def indicator(web: WebData, measure_id: str, mode: str = "benchmark") -> Page:
    """Map, ranking, funnel, national trend and definition of one measure, with its Big2 siblings."""
    if mode not in MAP_MODES:
        raise BadRequest(f"onbekende kaartsoort '{mode[:20]}'; kies uit {', '.join(MAP_MODES)}")
    measure = web.measure(measure_id)

    def build() -> Page:
        cat = measure.catalogue
        national = web.national[cat]
        view = next((v for v in national.profile.indicators if v.id == measure.id), None)
        figures = national.gemeenten.get(measure.id, {})
        reference = national.reference.get(measure.id)  # NL in the map's period
        period = reference.period if reference else None
        period_text = reference.period_text if reference else None
        ctx = web.common(f"{measure.short_name} ({measure.id})", cat)
        charts: dict[str, str | None] = {"map": None, "ranked": None, "funnel": None, "trend": None}
        map_note = _no_map(figures)
        if view is not None and map_note is None:
            chart_mode = "benchmark" if mode == "benchmark" else "quintile"
            charts["map"] = choropleth(map_values(figures, period, mode == "benchmark"), mode=chart_mode,
                                       title=map_title(measure.short_name, reference), unit=measure.unit,
                                       width=520.0, period=period_text)
            nl_value = reference.value if reference is not None and reference.published else None
            charts["ranked"] = ranked_chart(ranked_rows(figures, period), measure.unit, nl_value=nl_value,
                                            title=f"{measure.short_name}: gemeenten gerangschikt", width=640.0,
                                            period=period_text)
            # control limits hold for one period: only the gemeenten of the map's period
            charts["funnel"] = _funnel({c: f for c, f in figures.items() if f.period == period}, measure, nl_value)
        if view is not None and figures and len(view.series) >= 2:
            charts["trend"] = trend_chart([point(f) for f in view.series], measure.unit,
                                          f"{measure.short_name}: trend in Nederland", width=520.0,
                                          height=220.0, area_name="Nederland")
        siblings = [m for m in web.catalogues.measures(cat) if m.indicator_id == measure.indicator_id]
        sibling_views = [v for v in national.profile.indicators if v.id in {m.id for m in siblings}]
        table = sorted(((web.areas.get(c).name, c, f) for c, f in figures.items()), key=lambda t: t[0])
        # Without a figure per gemeente, the areas it is published for (provinces, GGD regions, regions).
        regions = [] if map_note is None else _regional(web, measure)
        ctx.update(measure=measure, view=view, charts=charts, mode=mode, modes=MAP_MODES, reference=reference,
                   siblings=sibling_views if len(siblings) > 1 else [], table=table, map_note=map_note,
                   regions=regions)
        frame = web.rows(cat, indicators=[measure.id])
        return Page("indicator.html.j2", ctx, frame, f"/indicator/{measure.id}")

    return web.cached(("indicator", measure.id, mode), build)


REGIONAL_LEVELS = ("provincie", "ggd", "regio")


def _regional(web: WebData, measure: Measure) -> list[tuple[str, str, str, Figure]]:
    """(level, name, code, figure) of every province, GGD region and region with a published figure
    a user sees for ``measure``, by level and name."""
    data = web.data[measure.catalogue]
    areas = sorted((a for a in web.areas.areas() if a.level in REGIONAL_LEVELS),
                   key=lambda a: (REGIONAL_LEVELS.index(a.level), a.name))
    shown = [(a, shown_figure(data, measure, a.code, None)) for a in areas]
    return [(LEVEL_LABELS[a.level], a.name, a.code, f) for a, f in shown if f is not None and f.published]


def _no_map(figures: dict[str, Figure]) -> str | None:
    """Why there is no map of gemeenten (None: there is one): no figures, or none published, with
    the reason most of them give (a measure withheld per gemeente says why)."""
    if not figures:
        return "Geen kaart: geen cijfers per gemeente."
    if any(f.published for f in figures.values()):
        return None
    reasons = Counter(f.reason for f in figures.values() if f.reason)
    return "Geen kaart: geen enkel cijfer per gemeente gepubliceerd." + (
        f" {reasons.most_common(1)[0][0]}" if reasons else "")


def _funnel(figures: dict[str, Figure], measure: Measure, nl_value: float | None) -> str | None:
    if measure.unit not in ("percentage", "per_1000") or nl_value is None:
        return None
    rows = [{"name": f.area_name, "code": f.area_code, "value": f.value, "denominator": f.denominator,
             "status": f.status} for f in figures.values() if f.published and f.denominator]
    if len(rows) < 3:
        return None
    return funnel_chart(rows, nl_value, measure.unit, polarity=measure.polarity,
                        title=f"{measure.short_name}: trechterdiagram", width=520.0)


def compare(web: WebData, codes: Sequence[str], catalogue: str | None = None) -> Page:
    """Several areas side by side, plus the gemeenten most similar to the first one."""
    cat = web.catalogue(catalogue)
    if len(codes) > MAX_COMPARE:
        raise BadRequest(f"vergelijk hoogstens {MAX_COMPARE} gebieden tegelijk")
    chosen = list(dict.fromkeys(web.area_code(c) for c in codes))

    def build() -> Page:
        profiles = [area_profile(web.data[cat], web.catalogues, web.areas, c, made=date.fromisoformat(web.made))
                    for c in chosen]
        measures = [m for m in web.catalogues.measures(cat) if any(v.id == m.id for p in profiles for v in p.indicators)]
        cells = {p.area_code: {v.id: v.latest for v in p.indicators} for p in profiles}
        neighbours = []
        if chosen and web.areas.get(chosen[0]).level == "gemeente":
            neighbours = similar.nearest(web.national[cat], web.areas, chosen[0], count=5)
        ctx = web.common("Gebieden vergelijken", cat)
        ctx.update(profiles=profiles, measures=measures, cells=cells, chosen=chosen, neighbours=neighbours,
                   gemeenten=sorted(((a.name, a.code) for a in web.areas.gemeenten())),
                   max_compare=MAX_COMPARE,
                   slots=min(max(4, len(chosen) + 1), MAX_COMPARE))
        return Page("compare.html.j2", ctx, web.rows(cat, areas=chosen), "/vergelijk")

    return web.cached(("compare", tuple(chosen), cat), build)


def offers(web: WebData) -> list[Offer]:
    """Every intervention of the menukaart with who offers it (from the published facts)."""
    catalogue_of = {m.id: m.catalogue for m in web.catalogues.measures()}
    total = len(web.areas.gemeenten())
    return [offer(i, web.national, catalogue_of, total) for i in menukaart()]


def menukaart_page(web: WebData) -> Page:
    """The menukaart: every intervention with how many gemeenten offer it."""

    def build() -> Page:
        items = offers(web)
        ctx = web.common("Menukaart Kansrijke Start")
        ctx.update(items=items)
        measures = [i.intervention.measure for i in items if i.registered]
        return Page("menukaart.html.j2", ctx, _rows_of(web, measures), "/menukaart")

    return web.cached(("menukaart",), build)


def intervention_page(web: WebData, ident: str) -> Page:
    """One intervention: what it is, how it is funded, and a map of the gemeenten offering it."""
    intervention = next((i for i in menukaart() if i.id == ident), None)
    if intervention is None:
        raise UnknownIndicator(f"onbekende interventie '{ident[:40]}'")

    def build() -> Page:
        catalogue_of = {m.id: m.catalogue for m in web.catalogues.measures()}
        item = offer(intervention, web.national, catalogue_of, len(web.areas.gemeenten()))
        ctx = web.common(intervention.name)
        ctx.update(item=item, map=coverage_map(item))
        measures = [intervention.measure] if item.registered else []
        return Page("intervention.html.j2", ctx, _rows_of(web, measures), f"/menukaart/{ident}")

    return web.cached(("menukaart", ident), build)


def _rows_of(web: WebData, measures: Sequence[str | None]) -> pd.DataFrame:
    """The published gemeente rows of these measures (the facts a menukaart page shows)."""
    frames = [web.rows(web.catalogues.measure(m).catalogue, indicators=[m]) for m in measures
              if m and web.catalogues.measure(m).catalogue in web.data]
    frames = [f[f["area_level"] == "gemeente"] for f in frames]
    if not frames:
        return web.rows(next(iter(web.data))).iloc[0:0]
    return pd.concat(frames, ignore_index=True)


def programme(web: WebData, catalogue: str | None = None) -> Page:
    """The programme-wide and process indicators (coalitions, interventions) as maps of gemeenten."""
    cat = web.catalogue(catalogue)

    def build() -> Page:
        national = web.national[cat]
        items = []
        for view in national.profile.indicators:
            if view.type not in ("programmabreed", "proces"):
                continue
            figures = national.gemeenten.get(view.id, {})
            reference = national.reference.get(view.id)
            chart = fact_map(figures, f"{view.short_name}: gemeenten met ja en nee", width=360.0)
            if chart is None and figures:
                chart = choropleth(map_values(figures, reference.period if reference else None, by_benchmark=False),
                                   mode="quintile", title=map_title(view.short_name, reference), unit=view.unit,
                                   width=360.0, period=reference.period_text if reference else None)
            items.append({"view": view, "map": chart})
        ctx = web.common("Programma Kansrijke Start", cat)
        ctx.update(items=items, programme=web.data[cat].programme, long_date=dutch.long_date,
                   programme_maps=programme_maps(web.data[cat].programme, width=360.0))
        ids = [i["view"].id for i in items]
        frame = web.rows(cat, indicators=ids) if ids else web.rows(cat).iloc[0:0]
        return Page("programme.html.j2", ctx, frame, "/programma")

    return web.cached(("programme", cat), build)
