"""Computation: base counts -> every area level and pooled period -> values, intervals, benchmarks, trends.

Numerators and denominators are summed from the lowest level up (never an average of percentages):
a province, GGD region, jeugdregio, user region or NL figure is the sum of the counts of its current
gemeenten, unless a figure for that area itself was supplied. Pooled periods (e.g. RIVM's 5-year
municipal figures) are sums over consecutive single years, computed only where every year is present.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import numpy as np
import pandas as pd

from kansrijk import stats
from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues, Measure
from kansrijk.disclosure import apply_disclosure
from kansrijk.engine.base import PUBLISHED, base_observations
from kansrijk.engine.trends import latest_trends
from kansrijk.store import RESULT_COLUMNS, Store

KEYS = ["indicator", "area_code", "period_start", "period_end", "reference_date"]
PERIOD_KEYS = ["indicator", "period_start", "period_end", "reference_date"]
NATIONAL = "NL01"

Progress = Callable[[str], None]
COMPUTE_STEPS = (
    "invoer verzamelen",
    "optellen naar regio en land",
    "waarden en betrouwbaarheidsintervallen",
    "onthullingscontrole",
    "opslaan",
)


def aggregate_up(base: pd.DataFrame, measures: dict[str, Measure], areas: AreaRegistry) -> pd.DataFrame:
    """Add a summed row for every higher area of every summable measure (sum of its gemeenten).

    ``members_with_data`` and ``members_total`` are floats here (NaN: not counted), so later steps
    can take minima and maxima in vectorised passes; :func:`describe_rows` makes them integers.
    """
    base = base.copy()
    gemeenten = {a.code for a in areas.gemeenten()}
    membership = pd.DataFrame(areas.membership(), columns=["parent", "gemeente"])
    totals = membership.groupby("parent").size().rename("members_total").astype(float)
    summable = [m for m, measure in measures.items() if measure.aggregation == "sum"]
    is_gemeente = base["area_code"].isin(gemeenten)
    base["members_with_data"] = np.where(is_gemeente, 1.0, np.nan)
    base["members_total"] = np.where(is_gemeente, 1.0, np.nan)
    gem = base[is_gemeente & base["indicator"].isin(summable) & (base["status"] == PUBLISHED)]
    if gem.empty:
        return base
    joined = gem.merge(membership, left_on="area_code", right_on="gemeente")
    grouped = joined.groupby(["indicator", "parent", "period_start", "period_end", "reference_date"], dropna=False)
    sums = (
        grouped[["numerator", "denominator"]].sum(min_count=1)
        .join(grouped.agg(synthetic=("synthetic", "max"), members_with_data=("gemeente", "nunique")))
        .reset_index()
        .rename(columns={"parent": "area_code"})
    )
    sums["members_with_data"] = sums["members_with_data"].astype(float)
    sums = sums.merge(totals, left_on="area_code", right_index=True)
    sums["status"] = PUBLISHED
    supplied = base.set_index(KEYS).index
    sums = sums[~sums.set_index(KEYS).index.isin(supplied)]
    return pd.concat([base, sums], ignore_index=True)


def pool_periods(frame: pd.DataFrame, measures: dict[str, Measure]) -> pd.DataFrame:
    """Add pooled multi-year rows (sums over consecutive single years, all years present).

    Method: every published single-year row of a measure with pooled lengths is repeated once for
    each window of each length that contains its year; one grouped pass over all measures and
    lengths sums the counts per window, and a window is kept when all its years are present.
    """
    singles = frame[
        (frame["period_start"] == frame["period_end"])
        & frame["reference_date"].isna()
        & (frame["status"] == PUBLISHED)
    ]
    shifted, windows, area_codes = _window_rows(singles, measures)
    if not windows:
        return frame
    by_window = shifted.groupby(["window", "area", "window_end"])
    grouped = (
        by_window[["numerator", "denominator"]].sum(min_count=1)
        .join(by_window.agg(
            synthetic=("synthetic", "max"),
            years=("synthetic", "size"),
            members_with_data=("members_with_data", "min"),
            members_total=("members_total", "max"),
        ))
        .reset_index()
    )
    window = grouped["window"].to_numpy()
    length = np.array([n for _, n in windows])[window]
    complete = (grouped["years"] == length).to_numpy()
    window, length, grouped = window[complete], length[complete], grouped[complete]
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
        for length in measure.pooled_years:
            if length < 2:
                continue
            parts += [(len(windows), rows, k) for k in range(length)]
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
    """Value and 95%/99.8% limits in each measure's unit; rows without counts become geen_data."""
    out = frame.copy()
    for col in ("value", "lower", "upper", "lower_998", "upper_998"):
        out[col] = np.nan
    out["method"] = None
    out["confidence"] = 0.95
    num = out["numerator"].to_numpy(dtype=float)
    den = out["denominator"].to_numpy(dtype=float)
    units = out["indicator"].map(lambda i: measures[i].unit).to_numpy()
    published = (out["status"] == PUBLISHED).to_numpy()

    def fill(mask: np.ndarray, method: object, compute: Callable[[float], tuple[np.ndarray, ...]]) -> None:
        if not mask.any():
            return
        value, lower, upper = compute(0.95)
        _, lower_998, upper_998 = compute(0.998)
        for col, arr in (("value", value), ("lower", lower), ("upper", upper),
                         ("lower_998", lower_998), ("upper_998", upper_998)):
            out.loc[mask, col] = arr
        out.loc[mask, "method"] = method

    pct = published & (units == "percentage") & (den > 0) & ~np.isnan(num)
    fill(pct, "Wilson", lambda c: tuple(100 * a for a in stats.proportion_limits(num[pct], den[pct], c)))
    per1000 = published & (units == "per_1000") & (den > 0) & ~np.isnan(num)
    fill(per1000, stats.rate_methods(num[per1000]), lambda c: stats.rate_limits(num[per1000], den[per1000], 1000, c))
    count = published & (units == "count") & ~np.isnan(num)
    fill(count, stats.rate_methods(num[count]), lambda c: stats.rate_limits(num[count], np.ones(count.sum()), 1, c))
    mean = published & (units == "mean") & (den > 0) & ~np.isnan(num)
    if mean.any():
        out.loc[mean, "value"] = num[mean] / den[mean]
        out.loc[mean, "method"] = "gemiddelde"
    missing = published & np.isnan(out["value"].to_numpy(dtype=float)) & (units != "text")
    out.loc[missing, "status"] = "geen_data"
    return out


def add_benchmarks(frame: pd.DataFrame, measures: dict[str, Measure], areas: AreaRegistry) -> pd.DataFrame:
    """Benchmark every area against NL and every gemeente against its region (polarity-aware)."""
    out = frame.copy()
    gemeenten = {a.code for a in areas.gemeenten()}
    out["region_code"] = out["area_code"].map(lambda c: areas.region_of(c) if c in gemeenten else None)
    value_of = out[KEYS + ["value"]].rename(columns={"area_code": "bench_code", "value": "bench_value"})
    nl = value_of[value_of["bench_code"] == NATIONAL].drop(columns=["bench_code"])
    out = out.merge(nl.rename(columns={"bench_value": "nl_value"}), on=PERIOD_KEYS, how="left")
    out = out.merge(
        value_of.rename(columns={"bench_code": "region_code", "bench_value": "region_value"}),
        on=["indicator", "region_code", "period_start", "period_end", "reference_date"],
        how="left",
    )
    polarity = out["indicator"].map(lambda i: measures[i].polarity)
    out["benchmark_nl"] = None
    out["benchmark_region"] = None
    for pol, rows in out.groupby(polarity).groups.items():
        part = out.loc[rows]
        limits = (part["lower"].to_numpy(float), part["upper"].to_numpy(float))
        extra = {"lower_998": part["lower_998"].to_numpy(float), "upper_998": part["upper_998"].to_numpy(float)}
        out.loc[rows, "benchmark_nl"] = stats.benchmark_array(*limits, part["nl_value"].to_numpy(float), str(pol), **extra)
        out.loc[rows, "benchmark_region"] = stats.benchmark_array(
            *limits, part["region_value"].to_numpy(float), str(pol), **extra
        )
    out.loc[out["area_code"] == NATIONAL, "benchmark_nl"] = None
    out.loc[out["region_code"].isna(), "benchmark_region"] = None
    return out.drop(columns=["nl_value", "region_value"])


def describe_rows(frame: pd.DataFrame, measures: dict[str, Measure], areas: AreaRegistry) -> pd.DataFrame:
    """Attach the self-describing columns (names, unit, source, version...) in RESULT_COLUMNS order."""
    out = frame.copy()
    names = {a.code: a for a in areas.areas()}
    out["area_name"] = out["area_code"].map(lambda c: names[c].name if c in names else c)
    out["area_level"] = out["area_code"].map(lambda c: names[c].level if c in names else None)
    out["variant"] = out["indicator"].map(lambda i: i.split(".", 1)[1] if "." in i else "")
    for attr, col in (("catalogue", "catalogue"), ("unit", "unit"), ("polarity", "polarity"),
                      ("source", "source"), ("definition_version", "definition_version")):
        out[col] = out["indicator"].map(lambda i, a=attr: getattr(measures[i], a))
    out["period"] = [
        str(s) if s == e else f"{s}-{e}" for s, e in zip(out["period_start"], out["period_end"])
    ]
    out["reason"] = None
    out["synthetic"] = out["synthetic"].fillna(False).astype(bool)
    for col in ("members_with_data", "members_total"):
        out[col] = _whole_numbers(out[col].to_numpy(float))
    for col in RESULT_COLUMNS:
        if col not in out.columns:
            out[col] = None
    return out[list(RESULT_COLUMNS)]


def _whole_numbers(values: np.ndarray) -> np.ndarray:
    """Floats as Python ints in an object array, pd.NA where NaN (the column's type in ``results``)."""
    out = np.full(len(values), pd.NA, dtype=object)
    present = ~np.isnan(values)
    out[present] = values[present].astype(np.int64).tolist()
    return out


def compute(
    store: Store,
    catalogues: Catalogues,
    areas: AreaRegistry,
    progress: Progress | None = None,
) -> int:
    """Recompute `results` and `published` from every input in the store; returns the row count."""
    step = progress or (lambda _msg: None)
    measures = {m.id: m for m in catalogues.measures() if m.unit != "text"}
    step("invoer verzamelen")
    base = base_observations(store, list(measures.values()), areas)
    step("optellen naar regio en land")
    frame = aggregate_up(base, measures, areas)
    frame = pool_periods(frame, measures)
    step("waarden en betrouwbaarheidsintervallen")
    frame = add_estimates(frame, measures)
    frame = add_benchmarks(frame, measures, areas)
    frame["trend"] = latest_trends(frame, measures)
    results = describe_rows(frame, measures, areas)
    step("onthullingscontrole")
    published = apply_disclosure(results, measures, areas)
    step("opslaan")
    with store.transaction() as con:
        con.execute("DELETE FROM results")
        con.execute("DELETE FROM published")
        con.register("results_frame", results)
        con.execute("INSERT INTO results SELECT * FROM results_frame")
        con.unregister("results_frame")
        con.register("published_frame", published)
        con.execute("INSERT INTO published SELECT * FROM published_frame")
        con.unregister("published_frame")
        store.set_meta("computed_at", datetime.now().isoformat(timespec="seconds"))
    return len(results)
