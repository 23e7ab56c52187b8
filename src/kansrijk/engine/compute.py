"""Computation: base counts -> every area level and pooled period -> values, intervals, benchmarks, trends.

The exact results, before disclosure control (the whole recompute is :mod:`kansrijk.pipeline`).

Numerators and denominators are summed from the lowest level up (never an average of percentages):
a province, GGD region, jeugdregio, user region or NL figure is the sum of the counts of its current
gemeenten, unless a figure for that area itself was supplied. Supplied counts add up only where every
member gemeente supplied a row (docs/import-format.md); counts from records are over everyone. Pooled periods (e.g. RIVM's 5-year
municipal figures) are sums over consecutive single years, computed only where every year is present.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

import numpy as np
import pandas as pd

from kansrijk import stats
from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues, Measure
from kansrijk.engine.base import base_observations, unregistered
from kansrijk.engine.frames import Distinct, per_value, sum_counts
from kansrijk.engine.facts import merged_facts, without_sampling_intervals
from kansrijk.engine.trends import latest_trends
from kansrijk.engine.upward import aggregate_up
from kansrijk.stats.units import unit_limits
from kansrijk.vocabulary import NO_DATA, PUBLISHED
from kansrijk.store import RESULT_COLUMNS, Store

KEYS = ["indicator", "area_code", "period_start", "period_end", "reference_date"]
PERIOD_KEYS = ["indicator", "period_start", "period_end", "reference_date"]
ESTIMATE_COLUMNS = ("value", "lower", "upper", "lower_998", "upper_998")
NATIONAL = "NL01"

Progress = Callable[[str], None]
GATHER_STEP = "invoer verzamelen"
SUM_STEP = "optellen naar regio en land"
ESTIMATE_STEP = "waarden en betrouwbaarheidsintervallen"
ENGINE_STEPS = (GATHER_STEP, SUM_STEP, ESTIMATE_STEP)


def pool_periods(frame: pd.DataFrame, measures: dict[str, Measure]) -> pd.DataFrame:
    """Add pooled multi-year rows (sums over consecutive single years, all years present).

    Method: every published single-year row of a measure with pooled lengths is repeated once for
    each window of each length that contains its year (with ``pooled_windows: latest`` only for the
    window ending in the measure's latest year); one grouped pass over all measures and lengths sums
    the counts per window, and a window is kept when all its years are present.
    """
    singles = frame[
        (frame["period_start"] == frame["period_end"])
        & frame["reference_date"].isna()
        & (frame["status"] == PUBLISHED)
    ]
    shifted, windows, area_codes = _window_rows(singles, measures)
    if not windows:
        return frame
    grouped = sum_counts(
        shifted.groupby(["window", "area", "window_end"]),
        synthetic=("synthetic", "max"),
        years=("synthetic", "size"),
        members_with_data=("members_with_data", "min"),
        members_total=("members_total", "max"),
    ).reset_index()
    window = grouped["window"].to_numpy()
    length = np.array([n for _, n in windows])[window]
    complete = (grouped["years"] == length).to_numpy()
    window, length, grouped = window[complete], length[complete], grouped[complete]
    if grouped.empty:  # an empty frame would turn the text columns into plain objects
        return frame
    end = grouped["window_end"].to_numpy()
    pooled = pd.DataFrame({
        "indicator": np.array([m for m, _ in windows], dtype=object)[window],
        "area_code": area_codes[grouped["area"].to_numpy()],
        "period_start": end - length + 1,
        "period_end": end,
        "reference_date": pd.NaT,
        "numerator": grouped["numerator"].to_numpy(),
        "denominator": grouped["denominator"].to_numpy(),
        "status": PUBLISHED,
        "synthetic": grouped["synthetic"].to_numpy(),
        "members_with_data": grouped["members_with_data"].to_numpy(),
        "members_total": grouped["members_total"].to_numpy(),
    })
    return pd.concat([frame, pooled], ignore_index=True)


def _window_rows(
    singles: pd.DataFrame, measures: dict[str, Measure]
) -> tuple[pd.DataFrame, list[tuple[str, int]], np.ndarray]:
    """Every single-year row once per pooled window containing it, the windows and the area codes.

    The windows are the (measure, length) pairs in catalogue order; column ``window`` numbers them,
    ``area`` indexes the sorted area codes returned, ``window_end`` is the window's last year. Within a
    window the rows come latest year first, as the sums are taken in that order.
    """
    rows_of = singles.groupby("indicator", sort=False).indices
    area, area_codes = pd.factorize(singles["area_code"], sort=True)
    start = singles["period_start"].to_numpy()
    windows: list[tuple[str, int]] = []
    parts: list[tuple[int, np.ndarray, int]] = []
    for measure in measures.values():
        rows = rows_of.get(measure.id)
        if rows is None:
            continue
        latest = start[rows].max()
        for length in measure.pooled_years:
            if length < 2:
                continue
            for k in range(length):
                # `pooled_windows: latest` publishes only the window ending in the measure's latest year:
                # overlapping windows side by side give away year-on-year differences (see
                # docs/disclosure.md). Only rows of that window are repeated then.
                in_window = rows if measure.pooled_windows != "latest" else rows[start[rows] + k == latest]
                parts.append((len(windows), in_window, k))
            windows.append((measure.id, length))
    if not parts:
        return singles.iloc[:0], windows, np.asarray(area_codes, dtype=object)
    take = np.concatenate([rows for _, rows, _ in parts])
    column = {name: singles[name].to_numpy()[take] for name in
              ("numerator", "denominator", "synthetic", "members_with_data", "members_total")}
    shifted = pd.DataFrame({
        "window": np.concatenate([np.full(len(rows), w) for w, rows, _ in parts]),
        "area": area[take],
        "window_end": np.concatenate([start[rows] + k for _, rows, k in parts]),
        **column,
    })
    return shifted, windows, np.asarray(area_codes, dtype=object)


def add_estimates(frame: pd.DataFrame, measures: dict[str, Measure]) -> pd.DataFrame:
    """Value and 95%/99.8% limits in each measure's unit; rows without counts become geen_data.

    Method: per unit one vectorised call over all its rows (Wilson for percentages, exact Poisson or
    Byar for rates per 1000 and counts, the plain quotient for means).
    """
    out = frame.copy(deep=False)  # copy-on-write: new columns never reach the caller's frame
    n = len(out)
    estimates = {col: np.full(n, np.nan) for col in ESTIMATE_COLUMNS}
    method = np.full(n, None, dtype=object)
    num = out["numerator"].to_numpy(dtype=float)
    den = out["denominator"].to_numpy(dtype=float)
    units = per_value(out["indicator"], lambda i: measures[i].unit)
    published = (out["status"] == PUBLISHED).to_numpy()

    def fill(mask: np.ndarray, name: object, compute: Callable[[float], tuple[np.ndarray, ...]]) -> None:
        if not mask.any():
            return
        value, lower, upper = compute(0.95)
        _, lower_998, upper_998 = compute(0.998)
        for col, arr in zip(ESTIMATE_COLUMNS, (value, lower, upper, lower_998, upper_998)):
            estimates[col][mask] = arr
        method[mask] = name

    pct = published & (units == "percentage") & (den > 0) & ~np.isnan(num)
    fill(pct, "Wilson", lambda c: unit_limits("percentage", num[pct], den[pct], c))
    per1000 = published & (units == "per_1000") & (den > 0) & ~np.isnan(num)
    fill(per1000, stats.rate_methods(num[per1000]), lambda c: unit_limits("per_1000", num[per1000], den[per1000], c))
    count = published & (units == "count") & ~np.isnan(num)
    fill(count, stats.rate_methods(num[count]), lambda c: unit_limits("count", num[count], den[count], c))
    mean = published & (units == "mean") & (den > 0) & ~np.isnan(num)
    estimates["value"][mean] = num[mean] / den[mean]
    method[mean] = "gemiddelde"
    for col in ESTIMATE_COLUMNS:
        out[col] = estimates[col]
    out["method"] = pd.Series(method, index=out.index, dtype=object)
    out["confidence"] = 0.95
    missing = published & np.isnan(estimates["value"]) & (units != "text")
    out.loc[missing, "status"] = NO_DATA
    return out


def add_benchmarks(frame: pd.DataFrame, measures: dict[str, Measure], areas: AreaRegistry) -> pd.DataFrame:
    """Benchmark every area against NL and against the region holding it (polarity-aware): a
    gemeente against its GGD region, regio Zuid against Gelderland-Midden (``areas.enclosing``).

    Method: each row finds the value of NL, and of its region, for the same indicator and period
    through one integer key per (period, area); then one vectorised comparison per polarity.
    """
    out = frame.reset_index(drop=True)
    known = {a.code for a in areas.areas()}

    def region_of(code: str) -> str | None:
        return areas.enclosing(code) if code in known else None

    area = Distinct(out["area_code"])
    out["region_code"] = area.take(region_of)
    values = _BenchmarkValues(out, area)
    nl_value = values.of(lambda _code: NATIONAL)
    region_value = values.of(region_of)
    polarity = per_value(out["indicator"], lambda i: measures[i].polarity)
    lower, upper = out["lower"].to_numpy(float), out["upper"].to_numpy(float)
    lower_998, upper_998 = out["lower_998"].to_numpy(float), out["upper_998"].to_numpy(float)
    benchmark_nl = np.full(len(out), None, dtype=object)
    benchmark_region = np.full(len(out), None, dtype=object)
    for pol in sorted(set(polarity) - {None}):
        rows = polarity == pol
        limits = (lower[rows], upper[rows])
        extra = {"lower_998": lower_998[rows], "upper_998": upper_998[rows]}
        benchmark_nl[rows] = stats.benchmark_array(*limits, nl_value[rows], str(pol), **extra)
        benchmark_region[rows] = stats.benchmark_array(*limits, region_value[rows], str(pol), **extra)
    benchmark_nl[(out["area_code"] == NATIONAL).to_numpy()] = None
    benchmark_region[out["region_code"].isna().to_numpy()] = None
    out["benchmark_nl"] = pd.Series(benchmark_nl, index=out.index, dtype=object)
    out["benchmark_region"] = pd.Series(benchmark_region, index=out.index, dtype=object)
    return out


class _BenchmarkValues:
    """The value of every row of a frame, found by indicator, period and area through one integer key:
    (group number of the indicator and period) * width + (index of the area among the frame's areas)."""

    def __init__(self, frame: pd.DataFrame, area: Distinct) -> None:
        self.value = frame["value"].to_numpy(float)
        self.area = area
        self.period = frame.groupby(PERIOD_KEYS, dropna=False, sort=False).ngroup().to_numpy()
        self.width = len(area.uniques) + 1
        self.index = pd.Index(self.period * self.width + area.codes)

    def of(self, benchmark_area: Callable[[str], str | None]) -> np.ndarray:
        """Per row the value for the same indicator and period in ``benchmark_area(the row's area)``;
        NaN where there is no such area or it has no row for that indicator and period."""
        position = {code: k for k, code in enumerate(self.area.uniques)}
        target = np.array([position.get(benchmark_area(code), -1) for code in self.area.uniques] + [-1])
        wanted = target[self.area.codes]
        found = self.index.get_indexer(self.period * self.width + wanted)
        found[wanted < 0] = -1
        return np.where(found >= 0, self.value[found], np.nan)


def describe_rows(frame: pd.DataFrame, measures: dict[str, Measure], areas: AreaRegistry) -> pd.DataFrame:
    """Attach the self-describing columns (names, unit, source, version...) in RESULT_COLUMNS order.

    Every attribute is looked up once per distinct area, indicator or period and spread over the rows.
    """
    out = frame.copy(deep=False)  # copy-on-write: new columns never reach the caller's frame
    names = {a.code: a for a in areas.areas()}
    area, indicator = Distinct(out["area_code"]), Distinct(out["indicator"])
    out["area_name"] = area.take(lambda c: names[c].name if c in names else c)
    out["area_level"] = area.take(lambda c: names[c].level if c in names else None)
    out["variant"] = indicator.take(lambda i: i.split(".", 1)[1] if "." in i else "")
    for attr in ("catalogue", "unit", "polarity", "source", "definition_version"):
        out[attr] = indicator.take(lambda i, a=attr: getattr(measures[i], a))
    out["period"] = _period_labels(out["period_start"].to_numpy(), out["period_end"].to_numpy())
    out["reason"] = None
    out["synthetic"] = out["synthetic"].fillna(False).astype(bool)
    for col in ("members_with_data", "members_total"):
        out[col] = _whole_numbers(out[col].to_numpy(float))
    for col in RESULT_COLUMNS:
        if col not in out.columns:
            out[col] = None
    return out[list(RESULT_COLUMNS)]


def _period_labels(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """``2019`` for a single year, ``2015-2019`` for a pooled period; once per distinct pair."""
    if len(start) == 0:
        return np.empty(0, dtype=object)
    pair = (start - start.min()) * (end.max() - end.min() + 1) + (end - end.min())
    codes, _ = pd.factorize(pair)
    first = np.unique(codes, return_index=True)[1]
    labels = [str(s) if s == e else f"{s}-{e}" for s, e in zip(start[first].tolist(), end[first].tolist())]
    return np.array(labels, dtype=object)[codes]


def _whole_numbers(values: np.ndarray) -> np.ndarray:
    """Floats as Python ints in an object array, pd.NA where NaN (the column's type in ``results``)."""
    out = np.full(len(values), pd.NA, dtype=object)
    present = ~np.isnan(values)
    out[present] = values[present].astype(np.int64).tolist()
    return out


def compute_results(
    store: Store,
    catalogues: Catalogues,
    areas: AreaRegistry,
    progress: Progress | None = None,
    only: Collection[str] | None = None,
) -> pd.DataFrame:
    """Every result row (exact, before disclosure control) from every input in the store; of the
    measures in ``only`` when given (measures are computed independently of each other)."""
    step = progress or (lambda _msg: None)
    measures = computable(catalogues, only)
    step(GATHER_STEP)
    base = unregistered(base_observations(store, list(measures.values()), areas), list(measures.values()),
                        areas.current_year)
    step(SUM_STEP)
    frame = aggregate_up(base, measures, areas)
    frame = pool_periods(frame, measures)
    step(ESTIMATE_STEP)
    gemeenten = {a.code for a in areas.gemeenten()}
    frame = merged_facts(frame, measures, gemeenten)
    frame = add_estimates(frame, measures)
    frame = without_sampling_intervals(frame, measures, gemeenten)
    frame = add_benchmarks(frame, measures, areas)
    frame["trend"] = latest_trends(frame, measures)
    return describe_rows(frame, measures, areas)


def computable(catalogues: Catalogues, only: Collection[str] | None = None) -> dict[str, Measure]:
    """The measures that have numbers (every one but the text indicators), by id; those in ``only``."""
    return {m.id: m for m in catalogues.measures() if m.unit != "text" and (only is None or m.id in only)}
