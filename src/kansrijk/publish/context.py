"""The page context shared by the factsheets and the web dashboard: one source for both.

Everything here is built from the ``published`` table only (after disclosure control), as plain
frozen dataclasses. A suppressed figure keeps its status and Dutch reason and has no numbers, so a
template cannot show what was not published.

Entry points (all take a :class:`PublishedData`, loaded once per catalogue and reused for many pages):

- :func:`area_profile` - one area (gemeente, region or NL): per indicator the latest value with its
  95% interval, the region and NL values, benchmark outcomes, the trend series with intervals, the
  definition and the generated sentences.
- :func:`region_table` - a region and its member gemeenten: a table gemeenten x indicators.
- :func:`national_page` - the NL profile plus, per indicator, the latest value of every gemeente.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from kansrijk.areas import NL_CODE, AreaRegistry
from kansrijk.catalogue import Catalogues, Measure
from kansrijk.errors import KansrijkError
from kansrijk.publish import formatting
from kansrijk.publish.export import ResultFilter, published_frame
from kansrijk.publish.reports import sentences
from kansrijk.store import Store

PUBLISHED = "gepubliceerd"
REGION_LEVEL = "ggd"


@dataclass(frozen=True)
class Figure:
    """One published row reduced to what a page shows; numbers are None unless published."""

    area_code: str
    area_name: str
    period: str
    period_end: int
    status: str
    reason: str | None = None
    value: float | None = None
    lower: float | None = None
    upper: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    benchmark_nl: str | None = None
    benchmark_region: str | None = None
    trend: str | None = None
    value_text: str = "-"
    interval_text: str = "-"
    fact: bool = False  # a 0/1 fact of one gemeente (has a coalition or not): shown as ja/nee

    @property
    def published(self) -> bool:
        return self.status == PUBLISHED and self.value is not None


@dataclass(frozen=True)
class Definition:
    """What an indicator measures, from the catalogue."""

    numerator: str | None
    denominator: str | None
    source: str
    reference: str
    belang: str | None
    notes: str | None
    definition_version: str
    reference_date: str | None


@dataclass(frozen=True)
class IndicatorView:
    """One measure of one area: the latest figure, its comparators, trend series and sentences."""

    id: str
    indicator_id: str
    variant: str
    kind: str
    label: str
    name: str
    short_name: str
    type: str
    unit: str
    unit_label: str
    polarity: str
    action_lines: tuple[int, ...]
    definition: Definition
    latest: Figure | None
    region: Figure | None
    nl: Figure | None
    series: tuple[Figure, ...]
    region_series: tuple[Figure, ...]
    nl_series: tuple[Figure, ...]
    sentence: str
    trend_sentence: str | None
    trend_arrow: str


@dataclass(frozen=True)
class AreaProfile:
    """The page of one area for one catalogue."""

    area_code: str
    area_name: str
    area_level: str
    region_code: str | None
    region_name: str | None
    catalogue: str
    catalogue_name: str
    year: int | None
    synthetic: bool
    made: str
    disclosure_rule: str
    indicators: tuple[IndicatorView, ...]

    def groups(self) -> list[tuple[str, list[IndicatorView]]]:
        """The indicators grouped by their first action line (``Actielijn 1``...), in catalogue order."""
        out: dict[str, list[IndicatorView]] = {}
        for view in self.indicators:
            key = f"Actielijn {view.action_lines[0]}" if view.action_lines else "Overige indicatoren"
            out.setdefault(key, []).append(view)
        return list(out.items())


@dataclass(frozen=True)
class RegionTable:
    """A region and its member gemeenten: per member the latest figure of each measure."""

    profile: AreaProfile
    members: tuple[tuple[str, str], ...]  # (code, name), by name
    cells: dict[str, dict[str, Figure]]  # measure id -> gemeente code -> figure
    member_series: dict[str, dict[str, tuple[Figure, ...]]]  # measure id -> code -> series


@dataclass(frozen=True)
class NationalPage:
    """The national profile plus per measure the latest figure of every gemeente."""

    profile: AreaProfile
    gemeenten: dict[str, dict[str, Figure]]  # measure id -> gemeente code -> figure


@dataclass
class PublishedData:
    """The published rows of one catalogue, indexed by measure and area for fast page building."""

    catalogue: str
    frame: pd.DataFrame
    by_key: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    synthetic: bool = False
    series_cache: dict[tuple[str, str, int | None], tuple[Figure, ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, store: Store, catalogue: str) -> PublishedData:
        """Read the published rows of ``catalogue`` once (single-year rows only; pooled periods are
        shown in the export, not on the pages)."""
        frame = published_frame(store, ResultFilter(catalogue=catalogue))
        if frame.empty:
            raise KansrijkError(f"er zijn geen gepubliceerde resultaten voor catalogus '{catalogue}'")
        singles = frame[frame["period_start"] == frame["period_end"]]
        singles = singles.sort_values(["period_end", "reference_date"], na_position="first")
        index: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        names = list(singles.columns)
        columns = [_plain_column(singles[name]) for name in names]
        for values in zip(*columns):
            row = dict(zip(names, values))
            index[(row["indicator"], row["area_code"])].append(row)
        return cls(catalogue, frame, dict(index), bool(frame["synthetic"].fillna(False).any()))

    def rows(self, measure_id: str, area_code: str, year: int | None) -> list[dict[str, Any]]:
        """The single-year rows of one measure and area, oldest first, up to ``year``."""
        found = self.by_key.get((measure_id, area_code), [])
        return [r for r in found if year is None or int(r["period_end"]) <= year]


def _plain_column(column: pd.Series) -> list[Any]:
    """A column as plain Python values (None for missing, ISO text for dates): column-wise, because
    converting row by row is the slow part of loading the published table."""
    if pd.api.types.is_float_dtype(column.dtype):
        return [None if v != v else v for v in column.astype(float).tolist()]
    return [_clean(v) for v in column.astype(object).tolist()]


def _clean(value: Any) -> Any:
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


FACT_TEXT = {True: "ja", False: "nee"}


def is_fact(measure: Measure, row: dict[str, Any]) -> bool:
    """Whether a published row is a 0/1 fact: a measure that counts gemeenten (``counts_persons``
    false, e.g. "has a local coalition"), reported for one gemeente (denominator 1, numerator 0 or 1).

    Such a row has no meaningful interval; the page shows "ja"/"nee". Regions and NL keep the share
    of their gemeenten as a percentage.
    """
    return (not measure.counts_persons and row.get("area_level") == "gemeente"
            and row.get("denominator") == 1 and row.get("numerator") in (0, 1))


def figure(row: dict[str, Any], unit: str, fact: bool = False) -> Figure:
    """A :class:`Figure` from a published row; numbers are dropped unless the status is published.

    With ``fact`` (see :func:`is_fact`) the value is shown as "ja"/"nee" and no interval is given.
    """
    published = row["status"] == PUBLISHED and row.get("value") is not None
    if not published:
        return Figure(row["area_code"], row["area_name"], row["period"], int(row["period_end"]),
                      row["status"], row.get("reason") or formatting.STATUS_LABELS.get(row["status"]))
    if fact:
        return Figure(
            area_code=row["area_code"], area_name=row["area_name"], period=row["period"],
            period_end=int(row["period_end"]), status=row["status"], value=row["value"],
            numerator=row.get("numerator"), denominator=row.get("denominator"),
            benchmark_nl=None, benchmark_region=None, trend=None,
            value_text=FACT_TEXT[bool(row["numerator"])], interval_text="-", fact=True,
        )
    return Figure(
        area_code=row["area_code"],
        area_name=row["area_name"],
        period=row["period"],
        period_end=int(row["period_end"]),
        status=row["status"],
        reason=None,
        value=row["value"],
        lower=row.get("lower"),
        upper=row.get("upper"),
        numerator=row.get("numerator"),
        denominator=row.get("denominator"),
        benchmark_nl=row.get("benchmark_nl"),
        benchmark_region=row.get("benchmark_region"),
        trend=row.get("trend"),
        value_text=formatting.value(row["value"], unit),
        interval_text=formatting.interval(row.get("lower"), row.get("upper"), unit),
    )


def _series(data: PublishedData, measure: Measure, code: str, year: int | None) -> tuple[Figure, ...]:
    """The figures of one measure and area, oldest first; cached on ``data`` (the region and NL series
    are shared by every gemeente page)."""
    key = (measure.id, code, year)
    found = data.series_cache.get(key)
    if found is None:
        found = tuple(figure(r, measure.unit, is_fact(measure, r)) for r in data.rows(measure.id, code, year))
        data.series_cache[key] = found
    return found


def _latest(series: tuple[Figure, ...]) -> Figure | None:
    return series[-1] if series else None


def _region_code(areas: AreaRegistry, area_code: str) -> str | None:
    area = areas.get(area_code)
    if area.level == "gemeente" and area.is_current:
        return areas.region_of(area_code)
    return None


def disclosure_rule(catalogues: Catalogues, catalogue: str) -> str:
    """The catalogue's disclosure rule in plain Dutch."""
    rule = catalogues.catalogue(catalogue).disclosure
    text = (f"Waarden over minder dan {rule.threshold} personen worden niet getoond; "
            f"gepubliceerde aantallen zijn afgerond op {rule.rounding}.")
    if rule.complement:
        text += " Ook de aanvulling tot het totaal wordt beschermd."
    return text + " Waar een klein aantal terug te rekenen is, is ook een tweede waarde verborgen."


def indicator_view(
    data: PublishedData, measure: Measure, area_code: str, area_name: str,
    region: tuple[str, str] | None, year: int | None,
) -> IndicatorView:
    """One measure of one area with its region and NL comparators (see :class:`IndicatorView`)."""
    series = _series(data, measure, area_code, year)
    nl_series = _series(data, measure, NL_CODE, year) if area_code != NL_CODE else ()
    region_series = _series(data, measure, region[0], year) if region else ()
    latest = _latest(series)
    nl = _pick(nl_series, latest)
    reg = _pick(region_series, latest)
    if latest is None:
        sentence = f"Voor {area_name} zijn geen gegevens beschikbaar."
    elif latest.fact:
        sentence = sentences.fact_sentence(
            area_name, latest.period, latest.value_text, nl.value if nl and nl.published else None,
            region[1] if region else None, reg.value if reg and reg.published else None,
        )
    else:
        sentence = sentences.figure_sentence(
            area_name, latest.period, latest.value, measure.unit, latest.status, latest.reason,
            nl.value if nl else None, latest.benchmark_nl,
            region[1] if region else None, reg.value if reg else None, latest.benchmark_region,
        )
    trend = latest.trend if latest else None
    ref_date = next((r.get("reference_date") for r in reversed(data.rows(measure.id, area_code, year))), None)
    return IndicatorView(
        id=measure.id, indicator_id=measure.indicator_id, variant=measure.variant, kind=measure.kind,
        label=measure.label, name=measure.name, short_name=measure.short_name, type=measure.type,
        unit=measure.unit, unit_label=formatting.UNIT_LABELS.get(measure.unit, measure.unit),
        polarity=measure.polarity, action_lines=measure.action_lines,
        definition=Definition(measure.numerator, measure.denominator, measure.source, measure.reference,
                              measure.belang, measure.notes, measure.definition_version,
                              str(ref_date) if ref_date else None),
        latest=latest, region=reg, nl=nl if area_code != NL_CODE else latest,
        series=series, region_series=region_series, nl_series=nl_series if nl_series else series,
        sentence=sentence, trend_sentence=sentences.trend_sentence(trend),
        trend_arrow=sentences.TREND_ARROWS.get(trend or "", ""),
    )


def _pick(series: tuple[Figure, ...], latest: Figure | None) -> Figure | None:
    """The comparator figure of the same period as ``latest``."""
    if latest is None:
        return None
    return next((f for f in series if f.period == latest.period), None)


def area_profile(
    data: PublishedData, catalogues: Catalogues, areas: AreaRegistry, area_code: str,
    year: int | None = None, made: date | None = None,
) -> AreaProfile:
    """The page context of one area: every measure of the catalogue, in catalogue order.

    A gemeente is compared with its GGD region (``areas.region_of``) and NL; other areas with NL.
    Measures without any published row for the area are left out.
    """
    area = areas.get(area_code)
    region_code = _region_code(areas, area.code)
    region = (region_code, areas.get(region_code).name) if region_code else None
    views = []
    for measure in catalogues.measures(data.catalogue):
        if not data.rows(measure.id, area.code, year):
            continue
        views.append(indicator_view(data, measure, area.code, area.name, region, year))
    cat = catalogues.catalogue(data.catalogue)
    return AreaProfile(
        area_code=area.code, area_name=area.name, area_level=area.level,
        region_code=region_code, region_name=region[1] if region else None,
        catalogue=cat.key, catalogue_name=cat.name, year=year, synthetic=data.synthetic,
        made=(made or date.today()).isoformat(), disclosure_rule=disclosure_rule(catalogues, cat.key),
        indicators=tuple(views),
    )


def region_table(
    data: PublishedData, catalogues: Catalogues, areas: AreaRegistry, region_code: str,
    year: int | None = None, made: date | None = None,
) -> RegionTable:
    """A region (any level above gemeente) with the latest figure of every member per measure."""
    profile = area_profile(data, catalogues, areas, region_code, year, made)
    members = sorted(((c, areas.get(c).name) for c in areas.members(region_code)), key=lambda m: m[1])
    cells: dict[str, dict[str, Figure]] = {}
    member_series: dict[str, dict[str, tuple[Figure, ...]]] = {}
    for view in profile.indicators:
        measure = catalogues.measure(view.id)
        per: dict[str, tuple[Figure, ...]] = {code: _series(data, measure, code, year) for code, _ in members}
        member_series[view.id] = per
        cells[view.id] = {code: s[-1] for code, s in per.items() if s}
    return RegionTable(profile, tuple(members), cells, member_series)


def national_page(
    data: PublishedData, catalogues: Catalogues, areas: AreaRegistry,
    year: int | None = None, made: date | None = None,
) -> NationalPage:
    """The national profile plus, per measure, the latest figure of every current gemeente."""
    profile = area_profile(data, catalogues, areas, NL_CODE, year, made)
    codes = [a.code for a in areas.gemeenten()]
    gemeenten: dict[str, dict[str, Figure]] = {}
    for view in profile.indicators:
        measure = catalogues.measure(view.id)
        period = view.latest.period if view.latest else None
        per: dict[str, Figure] = {}
        for code in codes:
            match = [r for r in data.rows(measure.id, code, year) if r["period"] == period]
            if match:
                per[code] = figure(match[-1], measure.unit, is_fact(measure, match[-1]))
        gemeenten[view.id] = per
    return NationalPage(profile, gemeenten)
