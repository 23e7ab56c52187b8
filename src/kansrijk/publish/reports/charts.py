"""The charts of a factsheet, made from the page context (:mod:`kansrijk.publish.context`).

Thin adapters from :class:`~kansrijk.publish.context.Figure` to the offline SVG charts in
:mod:`kansrijk.publish.charts`; no numbers are computed here.
"""

from __future__ import annotations

from collections.abc import Mapping

from kansrijk.publish.charts import (
    MapValue,
    Point,
    Row,
    choropleth,
    compare_chart,
    small_multiples,
    trend_chart,
)
from kansrijk.publish.charts import palette
from kansrijk.publish.context import Figure, IndicatorView, NationalPage, RegionTable
from kansrijk.publish.programme_overview import ProgrammeOverview

SUPPRESSED = "niet_gepubliceerd"
# Long official names shortened in chart labels only (the text keeps the full name).
SHORT_PREFIXES = {"Veiligheids- en Gezondheidsregio ": "Regio "}


def short_name(name: str) -> str:
    """An area name for a chart label: long official prefixes shortened."""
    for prefix, short in SHORT_PREFIXES.items():
        if name.startswith(prefix):
            return short + name[len(prefix):]
    return name


def point(item: Figure) -> Point:
    """A trend point from a figure (a suppressed figure becomes a gap)."""
    return Point(item.period, item.value, item.lower, item.upper, item.status)


def row(item: Figure, name: str | None = None, colour: str | None = None) -> Row:
    """A comparison row from a figure; ``colour`` is a benchmark key (``beter``...)."""
    return Row(name or item.area_name, item.value, item.lower, item.upper, item.status, item.area_code,
               colour if item.published else None)


def comparison(view: IndicatorView, area_name: str) -> str | None:
    """The area against its region and NL, with 95% intervals, coloured by the NL benchmark; for a
    ja/nee fact only the region's and NL's share of gemeenten (None when there is neither)."""
    rows = []
    if view.latest is not None and view.latest.fact:  # ja/nee: only the shares of region and NL
        rows += [row(f, name or short_name(f.area_name)) for f, name in ((view.region, None), (view.nl, "Nederland"))
                 if f is not None]
        if not rows:
            return None
        return compare_chart(rows, view.unit, title=f"{view.short_name}: aandeel gemeenten", width=330.0)
    if view.latest is not None:
        rows.append(row(view.latest, area_name, view.latest.benchmark_nl))
    if view.region is not None:
        rows.append(row(view.region, short_name(view.region.area_name)))
    if view.nl is not None and view.nl is not view.latest:
        rows.append(row(view.nl, "Nederland"))
    when = f", {view.latest.period_text}" if view.latest is not None and view.latest.pooled else ""
    return compare_chart(rows, view.unit, title=f"{view.short_name}: vergelijking{when}", width=330.0)


def trend(view: IndicatorView, area_name: str, region_name: str | None) -> str | None:
    """The area's trend with its interval band against NL (and its region); None for one period, for
    a ja/nee fact, or when no period of the area is published."""
    if len(view.series) < 2 or (view.latest is not None and view.latest.fact):
        return None
    if not any(f.published for f in view.series):  # no empty charts: the reasons are in the text
        return None
    lines: dict[str, list[Point]] = {}
    if view.nl_series is not view.series:
        lines["Nederland"] = [point(f) for f in view.nl_series]
    if region_name and view.region_series:
        lines[short_name(region_name)] = [point(f) for f in view.region_series]
    return trend_chart([point(f) for f in view.series], view.unit, f"{view.short_name}: trend",
                       benchmark_points=lines or None, width=330.0, height=200.0, area_name=area_name)


def members_multiples(table: RegionTable, view: IndicatorView) -> str | None:
    """One small trend per member gemeente with a published value, on a shared axis, with the NL
    line; None when no member has one, or for ja/nee facts (the table shows those)."""
    series = table.member_series[view.id]
    if any(f.fact for s in series.values() for f in s):
        return None
    panels = [
        {"name": name, "points": [point(f) for f in series[code]]}
        for code, name in table.members
        if any(f.published for f in series.get(code, ()))
    ]
    if not panels:
        return None
    nl = [point(f) for f in view.nl_series] if view.nl_series else None
    return small_multiples(panels, view.unit, benchmark_points=nl, title=f"{view.short_name}: trend per gemeente",
                           columns=5, width=700.0, panel_height=105.0)


def map_values(figures: Mapping[str, Figure], period: str | None, by_benchmark: bool = True) -> dict[str, MapValue]:
    """Map entries of gemeente figures (coloured by benchmark, or by value for quintiles); a
    figure of another period than the map's ``period`` carries its period for the tooltip."""
    values: dict[str, MapValue] = {}
    for code, item in figures.items():
        if item.published and (item.benchmark_nl or not by_benchmark):
            values[code] = MapValue(key=item.benchmark_nl if by_benchmark else None, value=item.value,
                                    period=item.period_text if item.period != period else None)
        else:
            values[code] = MapValue(status=SUPPRESSED)
    return values


def ranked_rows(figures: Mapping[str, Figure], period: str | None) -> list[Row]:
    """Ranking rows of gemeente figures; a figure of another period names it after the gemeente."""
    return [row(f, f"{f.area_name} ({f.period_text})" if f.period != period else None, colour=f.benchmark_nl)
            for f in figures.values()]


def map_title(short_name: str, reference: Figure | None) -> str:
    """``Schulden moeder per gemeente, 2019-2023, 5 jaar samen``."""
    return f"{short_name} per gemeente" + (f", {reference.period_text}" if reference else "")


def national_map(page: NationalPage, view: IndicatorView) -> str:
    """A map of every gemeente, coloured by the benchmark against NL of the same period (suppressed:
    hatched); the legend names the period."""
    reference = page.reference.get(view.id)
    period = reference.period if reference else None
    return choropleth(map_values(page.gemeenten[view.id], period), mode="benchmark",
                      title=map_title(view.short_name, reference), unit=view.unit, width=330.0,
                      period=reference.period_text if reference else None)


def fact_map(figures: Mapping[str, Figure], title: str, width: float = 330.0) -> str | None:
    """A map of the gemeenten with a published ja/nee fact (the rest hatched as unknown); None when no
    gemeente has one."""
    facts = {code: f.value_text for code, f in figures.items() if f.fact and f.published}
    if not facts:
        return None
    return choropleth(facts, mode="category", categories=palette.FACT_CATEGORIES, width=width, title=title)


def programme_maps(overview: ProgrammeOverview | None, width: float = 330.0) -> dict[str, str]:
    """The Impuls tranche and the Nu Niet Zwanger role of every gemeente of today, as maps."""
    if overview is None:
        return {}
    maps = {}
    if overview.impuls_by_gemeente:
        maps["impuls"] = choropleth(overview.impuls_by_gemeente, mode="category", width=width,
                                    categories=palette.IMPULS_CATEGORIES,
                                    title="Impuls Kansrijke Start: wanneer gemeenten zich aanmeldden")
    if overview.nnz_by_gemeente and overview.nnz:
        day = overview.nnz[-1].day
        maps["nnz"] = choropleth(overview.nnz_by_gemeente, mode="category", width=width,
                                 categories=palette.NNZ_CATEGORIES,
                                 title=f"Nu Niet Zwanger op 1 oktober {day.year}: centrum- en omringende gemeenten")
    return maps


