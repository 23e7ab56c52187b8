"""Sums to every higher area: provinces, GGD regions, jeugdregio's, user regions and NL.

A higher area's figure is the sum of the counts of its current gemeenten, unless a figure for that
area itself was supplied. Supplied counts add up only where every member gemeente supplied a row
(docs/import-format.md); counts from records and the programme registry are over everyone.

Method: every gemeente row is repeated once per higher area holding it, and each (measure, area,
period) gets one integer, built so that sorting the integers sorts by measure name, area code,
period start, period end and reference date (none last). One grouped pass over those integers
gives the sums and the two rules about whole areas below.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Measure
from kansrijk.engine.base import CENSUS
from kansrijk.vocabulary import PUBLISHED


def aggregate_up(base: pd.DataFrame, measures: dict[str, Measure], areas: AreaRegistry) -> pd.DataFrame:
    """``base`` plus a summed row for every higher area of every summable measure, and a status row
    for a higher area all of whose gemeenten share a status without a figure (every gemeente of regio
    Zuid: ``niet_geregistreerd``), so a report states the reason for the area too. A figure supplied
    for a higher area itself is kept instead of either. Only areas at a level the measure publishes
    (``area_levels``) get rows.

    A sum is a figure of its whole area when its counts are over everyone (records, the programme
    registry), or when every member gemeente supplied a row (a figure or a status such as
    niet_aangeboden): the sum of the 15 gemeenten a regional partner delivers is not a figure of
    Nederland or of the province. Survey sums are kept either way.

    ``members_with_data`` and ``members_total`` are floats here (NaN: not counted), so later steps
    can take minima and maxima in vectorised passes; ``describe_rows`` makes them integers.
    """
    base = base.copy(deep=False)  # copy-on-write: new columns never reach the caller's frame
    gemeenten = {a.code for a in areas.gemeenten()}
    is_gemeente = base["area_code"].isin(gemeenten).to_numpy()
    base["members_with_data"] = np.where(is_gemeente, 1.0, np.nan)
    base["members_total"] = np.where(is_gemeente, 1.0, np.nan)
    parents = _Parents(areas)
    keys = _Keys(base, len(parents.codes))
    rows = np.flatnonzero(is_gemeente & base["indicator"].isin(list(measures)).to_numpy())
    at, parent = parents.of(base["area_code"].to_numpy()[rows])
    member = rows[at]  # the gemeente row behind each (row, higher area) pair
    groups = _Groups(keys.of(member, parent), member, keys.per_measure(member, measures), base)
    supplied_rows = np.flatnonzero(base["area_code"].isin(parents.codes).to_numpy())
    supplied = keys.of(supplied_rows, parents.index(base["area_code"].to_numpy()[supplied_rows]))
    free = ~np.isin(groups.keys, supplied)
    measure, parent, *_ = keys.split(groups.keys)
    totals = parents.totals[parent]
    shown = free & _published_level(keys.measures, measure, parent, parents, measures, areas)
    withheld = shown & groups.one_status & (groups.status != PUBLISHED) & (groups.size >= totals)
    whole = groups.census | (groups.size >= totals) | groups.survey
    summed = shown & (groups.summed > 0) & whole
    added = [frame for frame in (
        keys.frame(groups.keys[withheld], parents.codes).assign(
            status=groups.status[withheld], synthetic=groups.synthetic[withheld], numerator=np.nan,
            denominator=np.nan),
        keys.frame(groups.keys[summed], parents.codes).assign(
            numerator=groups.numerator[summed], denominator=groups.denominator[summed],
            synthetic=groups.summed_synthetic[summed], members_with_data=groups.summed[summed].astype(float),
            members_total=totals[summed], status=PUBLISHED),
    ) if len(frame)]
    if not added:  # an empty frame would turn the text columns into plain objects
        return base
    return pd.concat([base, *added], ignore_index=True)


class _Keys:
    """One integer per (measure, higher area, period) of a frame's rows, in sort order:
    ((((measure * areas + area) * starts + start) * ends + end) * dates + date), with measures,
    starts, ends and reference dates numbered in sorted order (no reference date after every date)."""

    def __init__(self, frame: pd.DataFrame, areas: int) -> None:
        self.measure, self.measures = pd.factorize(frame["indicator"], sort=True)
        self.start, self.starts = pd.factorize(frame["period_start"], sort=True)
        self.end, self.ends = pd.factorize(frame["period_end"], sort=True)
        self.date, dates = pd.factorize(frame["reference_date"], sort=True)
        self.date = np.where(self.date < 0, len(dates), self.date)
        self.dates = np.append(np.asarray(dates, dtype="datetime64[ns]"), np.datetime64("NaT", "ns"))
        self.sizes = (areas, len(self.starts), len(self.ends), len(self.dates))

    def of(self, rows: np.ndarray, area: np.ndarray) -> np.ndarray:
        areas, starts, ends, dates = self.sizes
        key = self.measure[rows].astype(np.int64) * areas + area
        return ((key * starts + self.start[rows]) * ends + self.end[rows]) * dates + self.date[rows]

    def split(self, keys: np.ndarray) -> tuple[np.ndarray, ...]:
        """Per key its measure, area, start, end and reference date, as their numbers."""
        areas, starts, ends, dates = self.sizes
        rest, date = np.divmod(keys, dates)
        rest, end = np.divmod(rest, ends)
        rest, start = np.divmod(rest, starts)
        measure, area = np.divmod(rest, areas)
        return measure, area, start, end, date

    def per_measure(self, rows: np.ndarray, measures: dict[str, Measure]) -> dict[str, np.ndarray]:
        """Per row whether its measure is ``summable`` and whether it is a ``survey``."""
        known = [measures.get(m) for m in self.measures]
        summable = np.array([m is not None and m.aggregation == "sum" for m in known], dtype=bool)
        survey = np.array([m is not None and m.data == "survey" for m in known], dtype=bool)
        return {"summable": summable[self.measure[rows]], "survey": survey[self.measure[rows]]}

    def frame(self, keys: np.ndarray, area_codes: np.ndarray) -> pd.DataFrame:
        """The key columns of ``keys`` (indicator, area_code, period_start, period_end, reference_date)."""
        measure, area, start, end, date = self.split(keys)
        return pd.DataFrame({
            "indicator": np.asarray(self.measures, dtype=object)[measure],
            "area_code": area_codes[area],
            "period_start": np.asarray(self.starts)[start],
            "period_end": np.asarray(self.ends)[end],
            "reference_date": self.dates[date],
        })


class _Groups:
    """Per (measure, higher area, period) of the gemeente rows ``member`` with keys ``key`` (and
    ``measure``: per row whether its measure is summable, and a survey): sorted
    ``keys``, ``size`` (gemeenten with a row), whether they all have one ``status`` (``one_status``),
    whether any row is synthetic, whether any counts everyone (``census``), whether the measure is a
    survey; and over the published rows of summable measures: ``summed`` (how many),
    ``numerator``/``denominator`` (NaN without any) and ``summed_synthetic``."""

    def __init__(self, key: np.ndarray, member: np.ndarray, measure: dict[str, np.ndarray], base: pd.DataFrame) -> None:
        group, self.keys = pd.factorize(key, sort=True)
        status, statuses = pd.factorize(base["status"].to_numpy()[member])
        counted = measure["summable"] & (np.asarray(statuses, dtype=object)[status] == PUBLISHED)
        synthetic = base["synthetic"].to_numpy(bool)[member]
        census = base[CENSUS].to_numpy(bool)[member] if CENSUS in base.columns else np.ones(len(member), bool)
        numbers = pd.DataFrame({
            "group": group, "status": status, "synthetic": synthetic, "census": census,
            "summed": counted, "summed_synthetic": synthetic & counted,
            "survey": measure["survey"],
            "numerator": np.where(counted, base["numerator"].to_numpy(float)[member], np.nan),
            "denominator": np.where(counted, base["denominator"].to_numpy(float)[member], np.nan),
        }).groupby("group", sort=True)
        low, high = numbers["status"].min().to_numpy(), numbers["status"].max().to_numpy()
        self.size = numbers.size().to_numpy()
        self.one_status = low == high
        self.status = np.asarray(statuses, dtype=object)[low]
        flags = numbers[["synthetic", "census", "survey", "summed_synthetic"]].max()
        self.synthetic, self.census = flags["synthetic"].to_numpy(bool), flags["census"].to_numpy(bool)
        self.survey, self.summed_synthetic = flags["survey"].to_numpy(bool), flags["summed_synthetic"].to_numpy(bool)
        self.summed = numbers["summed"].sum().to_numpy()
        sums = numbers[["numerator", "denominator"]].sum(min_count=1)
        self.numerator, self.denominator = sums["numerator"].to_numpy(), sums["denominator"].to_numpy()


def _published_level(names: pd.Index, measure: np.ndarray, parent: np.ndarray, parents: _Parents,
                     measures: dict[str, Measure], areas: AreaRegistry) -> np.ndarray:
    """Whether each group's area (``parent``) is at a level its measure (``measure``, a number among
    ``names``) publishes (``area_levels``)."""
    level = {a.code: a.level for a in areas.areas()}
    allowed = np.array([[level.get(code) in measures[m].area_levels if m in measures else False
                         for code in parents.codes] for m in names], dtype=bool).reshape(
        len(names), len(parents.codes))
    return allowed[measure, parent]


class _Parents:
    """The higher areas (provinces, GGD regions, jeugdregio's, user regions, NL) of every gemeente.

    ``codes`` are the higher area codes in name order, ``totals`` their number of member gemeenten.
    """

    def __init__(self, areas: AreaRegistry) -> None:
        membership = areas.membership()
        self.codes = np.array(sorted({parent for parent, _ in membership}), dtype=object)
        self._position = {code: k for k, code in enumerate(self.codes)}
        self._of: dict[str, list[int]] = {}
        for parent, gemeente in membership:
            self._of.setdefault(gemeente, []).append(self._position[parent])
        parent_of_pair = [self._position[parent] for parent, _ in membership]
        self.totals = np.bincount(parent_of_pair, minlength=len(self.codes)).astype(float)

    def index(self, codes: np.ndarray) -> np.ndarray:
        """The index in ``codes`` of each higher area code."""
        return np.array([self._position[code] for code in codes], dtype=np.int64)

    def of(self, gemeente_codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each row once per higher area of its gemeente: (row position, index of the area in ``codes``)."""
        codes, uniques = pd.factorize(gemeente_codes)
        lists = [self._of.get(code, []) for code in uniques]
        counts = np.array([len(parents) for parents in lists], dtype=np.int64)
        flat = np.array([p for parents in lists for p in parents], dtype=np.int64)
        per_row = counts[codes]
        rows = np.repeat(np.arange(len(codes)), per_row)
        within = np.arange(len(rows)) - np.repeat(np.cumsum(per_row) - per_row, per_row)
        first = (np.cumsum(counts) - counts)[codes]
        return rows, flat[first[rows] + within]
