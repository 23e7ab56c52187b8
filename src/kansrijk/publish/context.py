"""The page context shared by the factsheets and the web dashboard: one source for both.

Everything here is built from the ``published`` table only (after disclosure control), as plain
frozen dataclasses. A suppressed figure keeps its status and Dutch reason and has no numbers, so a
template cannot show what was not published.

Entry points (all take a :class:`PublishedData`, loaded once per catalogue and reused for many pages):

- :func:`area_profile` - one area (gemeente, region or NL): per indicator the figure a user sees
  (:mod:`kansrijk.publish.latest`: the latest year, or the latest pooled window when that year is
  hidden) with its 95% interval, the region and NL values of the same period, benchmark outcomes,
  the trend series with intervals, the definition and the generated sentences.
- :func:`region_table` - a region and its member gemeenten: a table gemeenten x indicators.
- :func:`national_page` - the NL profile plus, per indicator, the figure of every gemeente on its map.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from kansrijk.areas import NL_CODE, AreaRegistry
from kansrijk.catalogue import Catalogues, Measure, display_title
from kansrijk.errors import KansrijkError
from kansrijk.publish import formatting, latest
from kansrijk.publish.quality import MissingLine, colophon_lines
from kansrijk.programme.statements import Statement, all_statements
from kansrijk.programme.surveys import ALL_GROUP, IMPULS_GROUP, MUNICIPAL, responses
from kansrijk.publish.export import ResultFilter, plain_value, published_frame
from kansrijk.publish.programme_overview import ProgrammeOverview
from kansrijk.publish.reports import sentences
from kansrijk.vocabulary import PUBLISHED
from kansrijk.store import Store
from kansrijk import dutch, vocabulary

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
    period_start: int | None = None  # None: a single year (period_end)

    @property
    def published(self) -> bool:
        return self.status == PUBLISHED and self.value is not None

    @property
    def pooled(self) -> bool:
        """Whether this is a pooled multi-year figure (``2019-2023``)."""
        return self.period_start is not None and self.period_start != self.period_end

    @property
    def period_text(self) -> str:
        """The period as users read it: ``2023`` or ``2019-2023, 5 jaar samen``."""
        start = self.period_start if self.period_start is not None else self.period_end
        return formatting.period_label(start, self.period_end)


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


def _width(figure: Figure) -> int:
    return figure.period_end - (figure.period_start if figure.period_start is not None else figure.period_end)


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
    goals: tuple[str, ...]  # the programme goals (001) the indicator follows, as sentences
    definition: Definition
    latest: Figure | None  # the figure a user sees (see kansrijk.publish.latest)
    replaced: Figure | None  # the hidden latest year that a pooled ``latest`` stands in for
    also_hidden: Figure | None  # the pooled window, hidden as well, when ``latest`` is a hidden year
    region: Figure | None
    nl: Figure | None
    series: tuple[Figure, ...]
    region_series: tuple[Figure, ...]
    nl_series: tuple[Figure, ...]
    sentence: str
    trend_sentence: str | None
    trend_arrow: str
    # why a pooled figure is shown, when it stands in for a year; or, when the year is hidden, that
    # the pooled figure is hidden too, and why
    fallback_sentence: str | None = None
    counts_persons: bool = True  # False: the counts are professionals or organisations
    response: str | None = None  # who answered the questionnaire behind the figure (catalogue ``survey``)
    # a text indicator's statements: (name of the area they are about, statements), nearest area first
    statements: tuple[tuple[str, tuple[Statement, ...]], ...] = ()

    @property
    def title(self) -> str:
        return display_title(self.short_name, self.label, self.kind)

    def by_period(self) -> dict[str, Figure]:
        """The series by period label."""
        return {f.period: f for f in self.series}

    def recent(self, count: int) -> list[tuple[Figure, Figure | None]]:
        """The last ``count`` periods of the kind the figure shows (single years, or pooled windows
        of its length), oldest first, each with the NL figure of that period: a memo's table."""
        if self.latest is None:
            return []
        width = _width(self.latest)
        nl = {f.period: f for f in self.nl_series}
        same = [f for f in self.series if _width(f) == width][-count:]
        return [(f, nl.get(f.period)) for f in same]


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
    missing: tuple[MissingLine, ...] = ()  # what the records behind it lack (colophon)
    comparison_periods: int = 0  # >0: a gemeente factsheet has a table of its last periods against NL

    def groups(self) -> list[tuple[str, list[IndicatorView]]]:
        """The indicators grouped by their first action line (``Actielijn 1: Voor de zwangerschap``...),
        in catalogue order."""
        out: dict[str, list[IndicatorView]] = {}
        for view in self.indicators:
            key = vocabulary.action_line_title(view.action_lines[0]) if view.action_lines else "Overige indicatoren"
            out.setdefault(key, []).append(view)
        return list(out.items())


@dataclass(frozen=True)
class RegionTable:
    """A region and its member gemeenten: per member the latest figure of each measure."""

    profile: AreaProfile
    members: tuple[tuple[str, str], ...]  # (code, name), by name
    cells: dict[str, dict[str, Figure]]  # measure id -> gemeente code -> figure
    member_series: dict[str, dict[str, tuple[Figure, ...]]]  # measure id -> code -> series
    # measure id -> the organisations (VSV, JGZ) serving members that supplied a figure:
    # (name, the members it serves, figure)
    organisations: dict[str, list[tuple[str, str, Figure]]] = field(default_factory=dict)


@dataclass(frozen=True)
class NationalPage:
    """The national profile plus per measure the figure of every gemeente on its map.

    ``reference`` holds per measure the NL figure of the map's period (the period most gemeenten
    show; for ``map_period: pooled`` the pooled window every gemeente shows), for the NL line of a
    ranking and the funnel's target.
    """

    profile: AreaProfile
    gemeenten: dict[str, dict[str, Figure]]  # measure id -> gemeente code -> figure
    reference: dict[str, Figure | None] = field(default_factory=dict)


@dataclass
class PublishedData:
    """The published rows of one catalogue, indexed by measure and area for fast page building.

    Single-year (and peildatum) rows make the trend series; pooled rows (``2019-2023``) stand in
    where a single year is hidden and fill the maps of rare indicators.
    """

    catalogue: str
    frame: pd.DataFrame
    by_key: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)  # single years
    synthetic: bool = False
    pooled_by_key: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    by_period: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)  # gemeente rows
    series_cache: dict[tuple[str, str, int | None], tuple[Figure, ...]] = field(default_factory=dict, repr=False)
    missing: pd.DataFrame | None = None  # records with empty values (intake.quality.missing_values)
    period_cache: dict[tuple[str, str], tuple[Figure, ...]] = field(default_factory=dict, repr=False)
    statements: dict[tuple[str, str], list[Statement]] = field(default_factory=dict)  # text indicators
    responses: list[dict[str, Any]] = field(default_factory=list)  # who answered the questionnaires
    programme: ProgrammeOverview | None = None  # Impuls sign-ups, NNZ... (set where the national set shows it)

    @classmethod
    def load(cls, store: Store, catalogue: str) -> PublishedData:
        """Read the published rows of ``catalogue`` once (and the statements of its text indicators and
        the questionnaire response). ``programme`` is set by the publishers that show it."""
        frame = published_frame(store, ResultFilter(catalogue=catalogue))
        if frame.empty:
            raise KansrijkError(f"er zijn geen gepubliceerde resultaten voor catalogus '{catalogue}'")
        ordered = frame.sort_values(["period_end", "period_start", "reference_date"], na_position="first")
        singles: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        pooled: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        by_period: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        names = list(ordered.columns)
        columns = [_plain_column(ordered[name]) for name in names]
        for values in zip(*columns):
            row = dict(zip(names, values))
            key = (row["indicator"], row["area_code"])
            (pooled if latest.is_pooled(row) else singles)[key].append(row)
            if row["area_level"] == "gemeente":
                by_period[(row["indicator"], row["period"])].append(row)
        statements: dict[tuple[str, str], list[Statement]] = defaultdict(list)
        for statement in all_statements(store):
            statements[(statement.indicator, statement.area_code)].append(statement)
        return cls(catalogue, frame, dict(singles), bool(frame["synthetic"].fillna(False).any()),
                   dict(pooled), dict(by_period), statements=dict(statements), responses=responses(store))

    def rows(self, measure_id: str, area_code: str, year: int | None) -> list[dict[str, Any]]:
        """The single-year rows of one measure and area, oldest first, up to ``year``."""
        found = self.by_key.get((measure_id, area_code), [])
        return [r for r in found if year is None or int(r["period_end"]) <= year]

    def all_rows(self, measure_id: str, area_code: str, year: int | None) -> list[dict[str, Any]]:
        """The single-year and pooled rows of one measure and area, up to ``year``."""
        found = self.by_key.get((measure_id, area_code), []) + self.pooled_by_key.get((measure_id, area_code), [])
        return [r for r in found if year is None or int(r["period_end"]) <= year]

    def period_figures(self, measure: Measure, period: str) -> tuple[Figure, ...]:
        """Every gemeente's figure of one measure and period (the spread a figure is placed in)."""
        key = (measure.id, period)
        found = self.period_cache.get(key)
        if found is None:
            found = tuple(figure(r, measure.unit, is_fact(measure, r)) for r in self.by_period.get(key, []))
            self.period_cache[key] = found
        return found


def _plain_column(column: pd.Series) -> list[Any]:
    """A column as plain Python values (None for missing, ISO text for dates): column-wise, because
    converting row by row is the slow part of loading the published table."""
    dtype = column.dtype
    if pd.api.types.is_float_dtype(dtype):
        return [None if v != v else v for v in column.astype(float).tolist()]
    if pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_integer_dtype(dtype):
        if not column.isna().any():
            return column.tolist()  # numpy bools and ints become Python ones
        kind = bool if pd.api.types.is_bool_dtype(dtype) else int
        return [None if v is pd.NA or v is None else kind(v) for v in column.astype(object).tolist()]
    if pd.api.types.is_datetime64_any_dtype(dtype):
        text = column.dt.strftime("%Y-%m-%d")
        return [None if v != v or v is None else v for v in text.tolist()]
    # text columns: a string stays as it is, anything else goes the long way
    return [v if type(v) is str else plain_value(v) for v in column.astype(object).tolist()]


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
    start = int(row.get("period_start", row["period_end"]))
    if not published:
        return Figure(row["area_code"], row["area_name"], row["period"], int(row["period_end"]),
                      row["status"], row.get("reason") or vocabulary.STATUS_LABELS.get(row["status"]),
                      period_start=start)
    if fact:
        return Figure(
            area_code=row["area_code"], area_name=row["area_name"], period=row["period"],
            period_end=int(row["period_end"]), status=row["status"], value=row["value"],
            numerator=row.get("numerator"), denominator=row.get("denominator"),
            benchmark_nl=None, benchmark_region=None, trend=None,
            value_text=FACT_TEXT[bool(row["numerator"])], interval_text="-", fact=True, period_start=start,
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
        period_start=start,
    )


def _series(data: PublishedData, measure: Measure, code: str, year: int | None) -> tuple[Figure, ...]:
    """The figures of one measure and area, oldest first; cached on ``data`` (the region and NL series
    are shared by every gemeente page)."""
    key = (measure.id, code, year)
    found = data.series_cache.get(key)
    if found is None:
        found = tuple(figure(r, measure.unit, is_fact(measure, r)) for r in _series_rows(data, measure, code, year))
        data.series_cache[key] = found
    return found


def _series_rows(data: PublishedData, measure: Measure, code: str, year: int | None) -> list[dict[str, Any]]:
    """The single years; for an indicator defined over several years (``figure_period: pooled``) its
    pooled windows of the length of the latest one, by last year."""
    if measure.figure_period != latest.POOLED:
        return data.rows(measure.id, code, year)
    pooled = [r for r in data.all_rows(measure.id, code, year) if latest.is_pooled(r)]
    last = latest.latest_pooled(pooled, published_only=False)
    if last is None:
        return []
    width = int(last["period_end"]) - int(last["period_start"])
    return sorted((r for r in pooled if int(r["period_end"]) - int(r["period_start"]) == width),
                  key=lambda r: int(r["period_end"]))


def _figure_of(measure: Measure, row: dict[str, Any] | None) -> Figure | None:
    return figure(row, measure.unit, is_fact(measure, row)) if row is not None else None


def shown_figure(data: PublishedData, measure: Measure, code: str, year: int | None) -> Figure | None:
    """The figure a user sees for one measure and area (:func:`kansrijk.publish.latest.shown`)."""
    return _figure_of(measure, latest.shown(data.all_rows(measure.id, code, year), figure_period=measure.figure_period))


def _period_figure(data: PublishedData, measure: Measure, code: str, period: str, year: int | None) -> Figure | None:
    """The figure of one area in exactly ``period``: a comparator is always of the period shown."""
    return _figure_of(measure, latest.same_period(data.all_rows(measure.id, code, year), period))




def _goals(measure: Measure) -> tuple[str, ...]:
    return tuple(vocabulary.GOALS[g] for g in measure.goals if g in vocabulary.GOALS)


def _definition(measure: Measure, reference_date: str | None) -> Definition:
    return Definition(measure.numerator, measure.denominator, measure.source, measure.reference, measure.belang,
                      measure.notes, measure.definition_version, reference_date)


def disclosure_rule(catalogues: Catalogues, catalogue: str) -> str:
    """The catalogue's disclosure rule in plain Dutch."""
    rule = catalogues.catalogue(catalogue).disclosure
    rounding = ("gepubliceerde aantallen zijn niet afgerond" if not rule.rounding else
                "gepubliceerde aantallen zijn afgerond op tientallen" if rule.rounding == 10 else
                f"gepubliceerde aantallen zijn afgerond op veelvouden van {formatting.count(rule.rounding)}")
    text = f"Waarden over minder dan {rule.threshold} personen worden niet getoond; {rounding}."
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
    rows = data.all_rows(measure.id, area_code, year)
    current = _figure_of(measure, latest.shown(rows, figure_period=measure.figure_period))
    replaced = _figure_of(measure, latest.replaced(rows, figure_period=measure.figure_period))
    nl = _period_figure(data, measure, NL_CODE, current.period, year) if current and area_code != NL_CODE else None
    reg = _period_figure(data, measure, region[0], current.period, year) if current and region else None
    if current is None:
        sentence = f"Voor {area_name} zijn geen gegevens beschikbaar."
    elif current.fact:
        sentence = sentences.fact_sentence(
            area_name, current.period_text, current.value_text, nl.value if nl and nl.published else None,
            region[1] if region else None, reg.value if reg and reg.published else None,
        )
    else:
        sentence = sentences.figure_sentence(
            area_name, current.period_text, current.value, measure.unit, current.status, current.reason,
            nl.value if nl else None, current.benchmark_nl,
            region[1] if region else None, reg.value if reg else None, current.benchmark_region,
        )
    also = _figure_of(measure, latest.also_hidden(rows, figure_period=measure.figure_period))
    fallback = (sentences.fallback_sentence(replaced.period_text, replaced.reason, current.period_text)
                if replaced is not None and current is not None else
                sentences.also_hidden_sentence(also.period_text, also.reason) if also is not None else None)
    trend = current.trend if current else None
    ref_date = next((r.get("reference_date") for r in reversed(data.rows(measure.id, area_code, year))), None)
    return IndicatorView(
        id=measure.id, indicator_id=measure.indicator_id, variant=measure.variant, kind=measure.kind,
        label=measure.label, name=measure.name, short_name=measure.short_name, type=measure.type,
        unit=measure.unit, unit_label=formatting.UNIT_LABELS.get(measure.unit, measure.unit),
        polarity=measure.polarity, action_lines=measure.action_lines,
        goals=_goals(measure),
        definition=_definition(measure, dutch.long_date(pd.Timestamp(ref_date).date()) if ref_date else None),
        latest=current, replaced=replaced, also_hidden=also, region=reg, nl=nl if area_code != NL_CODE else current,
        series=series, region_series=region_series, nl_series=nl_series if nl_series else series,
        sentence=sentence, trend_sentence=vocabulary.trend_sentence(trend),
        trend_arrow=vocabulary.trend_arrow(trend), fallback_sentence=fallback,
        counts_persons=measure.counts_persons,
        response=response_text(data, measure, current),
    )


def response_text(data: PublishedData, measure: Measure, current: Figure | None) -> str | None:
    """Who answered the questionnaire of ``measure`` in the figure's year: for the municipal one
    the gemeenten asked and answering (000, Tekstbox 2); for the professionals' one the respondents
    behind the figure as published (its denominator, rounded like every published count of persons),
    since how many professionals were asked is not known."""
    if current is None or measure.survey is None or not current.published:
        return None
    year = current.period_end
    if measure.survey == "professionals":
        if current.denominator is None:
            return None
        return (f"Vragenlijst onder professionals {year}: {formatting.count(current.denominator)} professionals "
                "beantwoordden de vraag; de respons is niet bekend (hoeveel professionals de vragenlijst kregen, "
                "is niet geregistreerd).")
    groups = {r["grp"]: r for r in data.responses
              if r["survey"] == MUNICIPAL and r["year"] == year and r["area_code"] == NL_CODE}
    phrases = {IMPULS_GROUP: "{n} van de {asked} gemeenten met de Impuls reageerden",
               ALL_GROUP: "in totaal {n} van alle {asked} gemeenten"}
    parts = [phrase.format(n=formatting.count(g["respondents"]), asked=formatting.count(g["asked"]))
             + f" (respons {formatting.percent(g['respondents'], g['asked'])})"
             for phrase, g in ((p, groups.get(k)) for k, p in phrases.items()) if g and g["asked"]]
    return f"Vragenlijst onder gemeenten {year}: " + "; ".join(parts) + "." if parts else None


def area_profile(
    data: PublishedData, catalogues: Catalogues, areas: AreaRegistry, area_code: str,
    year: int | None = None, made: date | None = None, compare: str | None = None,
) -> AreaProfile:
    """The page context of one area: every measure of the catalogue, in catalogue order.

    An area is compared with NL and with ``compare`` (an area code), by default the region that holds
    it (``areas.enclosing``: a gemeente's GGD region, regio Zuid's Gelderland-Midden).
    Measures without any published row for the area, or for an organisation serving it (a VSV), are
    left out.
    """
    area = areas.get(area_code)
    region_code = areas.resolve(compare).code if compare else areas.enclosing(area.code)
    region = (region_code, areas.get(region_code).name) if region_code else None
    members = areas.members(area.code)
    serving = [o.code for o in areas.serving(members)] if area.code != NL_CODE else []
    views = []
    for measure in catalogues.measures(data.catalogue):
        if measure.unit == "text":
            said = _statements(data, areas, measure, area.code, year)
            if said:
                views.append(text_view(measure, said))
            continue
        if not any(data.all_rows(measure.id, code, year) for code in (area.code, *serving)):
            continue
        views.append(indicator_view(data, measure, area.code, area.name, region, year))
    cat = catalogues.catalogue(data.catalogue)
    missing = ()
    if data.missing is not None:
        codes = [area.code] if area.level == "gemeente" else list(areas.members(area.code))
        missing = tuple(colophon_lines(data.missing, codes, cat.disclosure.threshold))
    return AreaProfile(
        area_code=area.code, area_name=area.name, area_level=area.level,
        region_code=region_code, region_name=region[1] if region else None,
        catalogue=cat.key, catalogue_name=cat.name, year=year, synthetic=data.synthetic,
        made=dutch.long_date(made or date.today()), disclosure_rule=disclosure_rule(catalogues, cat.key),
        indicators=tuple(views), missing=missing, comparison_periods=cat.comparison_periods,
    )


def _statements(data: PublishedData, areas: AreaRegistry, measure: Measure, code: str,
                year: int | None) -> tuple[tuple[str, tuple[Statement, ...]], ...]:
    """The statements about an area and about every area holding it (004: interviews held in the
    whole of Gelderland Midden shown for regio Zuid), nearest first."""
    chain = [code, *areas.holding(code)]
    out = []
    for place in chain:
        found = tuple(s for s in data.statements.get((measure.id, place), []) if year is None or s.year <= year)
        if found:
            out.append((areas.get(place).name, found))
    return tuple(out)


def text_view(measure: Measure, statements: tuple[tuple[str, tuple[Statement, ...]], ...]) -> IndicatorView:
    """A text indicator (``unit: text``): its statements instead of a figure."""
    return IndicatorView(
        id=measure.id, indicator_id=measure.indicator_id, variant=measure.variant, kind=measure.kind,
        label=measure.label, name=measure.name, short_name=measure.short_name, type=measure.type,
        unit=measure.unit, unit_label="", polarity=measure.polarity, action_lines=measure.action_lines,
        goals=_goals(measure),
        definition=_definition(measure, None), latest=None, replaced=None, also_hidden=None, region=None, nl=None,
        series=(), region_series=(), nl_series=(), sentence="", trend_sentence=None, trend_arrow="",
        counts_persons=measure.counts_persons, statements=statements,
    )


def region_table(
    data: PublishedData, catalogues: Catalogues, areas: AreaRegistry, region_code: str,
    year: int | None = None, made: date | None = None, compare: str | None = None,
) -> RegionTable:
    """A region (any level above gemeente) with the figure a user sees of every member per measure."""
    profile = area_profile(data, catalogues, areas, region_code, year, made, compare)
    members = sorted(((c, areas.get(c).name) for c in areas.members(region_code)), key=lambda m: m[1])
    cells: dict[str, dict[str, Figure]] = {}
    member_series: dict[str, dict[str, tuple[Figure, ...]]] = {}
    for view in profile.indicators:
        measure = catalogues.measure(view.id)
        member_series[view.id] = {code: _series(data, measure, code, year) for code, _ in members}
        shown = {code: shown_figure(data, measure, code, year) for code, _ in members}
        cells[view.id] = {code: f for code, f in shown.items() if f is not None}
    return RegionTable(profile, tuple(members), cells, member_series,
                       _organisations(data, catalogues, areas, profile, dict(members), year))


def _organisations(data: PublishedData, catalogues: Catalogues, areas: AreaRegistry, profile: AreaProfile,
                   members: dict[str, str], year: int | None) -> dict[str, list[tuple[str, str, Figure]]]:
    """Per measure the figures of the organisations serving the members (004: gm06 per VSV)."""
    serving = areas.serving(list(members))
    out: dict[str, list[tuple[str, str, Figure]]] = {}
    for view in profile.indicators:
        measure = catalogues.measure(view.id)
        for organisation in serving:
            found = shown_figure(data, measure, organisation.code, year)
            if found is not None:
                served = sorted(members[c] for c in areas.members(organisation.code) if c in members)
                out.setdefault(view.id, []).append((organisation.name, ", ".join(served), found))
    return out


def national_page(
    data: PublishedData, catalogues: Catalogues, areas: AreaRegistry,
    year: int | None = None, made: date | None = None,
) -> NationalPage:
    """The national profile plus, per measure, the figure of every current gemeente on its map.

    A gemeente shows the figure a user sees (:func:`kansrijk.publish.latest.shown`); a measure with
    ``map_period: pooled`` shows the latest pooled window for every gemeente instead.
    """
    profile = area_profile(data, catalogues, areas, NL_CODE, year, made)
    codes = [a.code for a in areas.gemeenten()]
    gemeenten: dict[str, dict[str, Figure]] = {}
    reference: dict[str, Figure | None] = {}
    for view in profile.indicators:
        measure = catalogues.measure(view.id)
        pooled = (latest.latest_pooled_period(data.all_rows(measure.id, NL_CODE, year))
                  if measure.map_period == latest.POOLED else None)
        per: dict[str, Figure] = {}
        for code in codes:
            row = latest.map_row(data.all_rows(measure.id, code, year), measure.map_period, pooled)
            if row is not None:
                per[code] = figure(row, measure.unit, is_fact(measure, row))
        gemeenten[view.id] = per
        reference[view.id] = _period_figure(data, measure, NL_CODE, pooled, year) if pooled else view.latest
    return NationalPage(profile, gemeenten, reference)
