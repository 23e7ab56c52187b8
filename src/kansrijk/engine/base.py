"""Base observations: every input count on the current municipal division.

Inputs arrive as aggregate rows (any area level, any period) and as counts computed from records
(gemeente code of that year, per year). Gemeente codes are carried onto the current division by the
documented rule (docs/areas.md): the counts of a gemeente that later merged are added to its
successor, so a trend is always for today's gemeente. Where the same indicator, area and period is
supplied by several files, the most recently imported file wins (a correction replaces, never adds).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from kansrijk.areas import NL_CODE, AreaRegistry
from kansrijk.catalogue import Measure
from kansrijk.engine.frames import sum_counts
from kansrijk.engine.programme import programme_observations
from kansrijk.vocabulary import NOT_REGISTERED, PUBLISHED
from kansrijk.store import Store


BASE_COLUMNS = [
    "indicator",
    "area_code",
    "period_start",
    "period_end",
    "reference_date",
    "numerator",
    "denominator",
    "status",
    "synthetic",
]


# A row counted over everyone (records of a registry, the programme registry): a gemeente without a
# row has nothing to count. A supplied (aggregate) row stands for the gemeenten that supplied one.
CENSUS = "census"


def aggregate_observations(store: Store) -> pd.DataFrame:
    """Imported aggregate rows, the latest import winning per indicator, area and period, in key
    order (so the results always come in the same order)."""
    return store.con.execute(
        """
        SELECT indicator, area_code, period_start, period_end, reference_date,
               numerator, denominator, status, synthetic, 0 AS from_records
        FROM (
            SELECT a.*, i.synthetic,
                   row_number() OVER (
                       PARTITION BY a.indicator, a.area_code, a.period_start, a.period_end,
                                    a.reference_date
                       ORDER BY a.import_id DESC, a.source_row DESC) AS rank
            FROM aggregate_rows a JOIN imports i USING (import_id)
        ) WHERE rank = 1
        ORDER BY indicator, area_code, period_start, period_end, reference_date
        """
    ).df()


def record_observations(store: Store, measures: Sequence[Measure], areas: AreaRegistry) -> pd.DataFrame:
    """Counts per gemeente (code of that year) and year computed from imported records."""
    from kansrijk.engine.records import record_counts

    counts = record_counts(store, measures, areas)
    if not isinstance(counts, pd.DataFrame):
        counts = counts.df()
    if counts.empty:
        return pd.DataFrame(columns=[*BASE_COLUMNS, "from_records"])
    counts = counts.rename(columns={"year": "period_start"})
    counts["period_end"] = counts["period_start"]
    counts["reference_date"] = pd.NaT
    counts["status"] = PUBLISHED
    counts["from_records"] = 1
    return counts[[*BASE_COLUMNS, "from_records"]]


def carry_to_current(frame: pd.DataFrame, areas: AreaRegistry) -> pd.DataFrame:
    """Replace gemeente codes of earlier years by their current successor and add up merged parts."""
    if frame.empty:
        return frame
    carry = pd.DataFrame(areas.carry_table(), columns=["period_start", "area_code", "current_code"])
    out = frame.merge(carry, on=["period_start", "area_code"], how="left")
    out["area_code"] = out["current_code"].fillna(out["area_code"])
    out = out.drop(columns=["current_code"])
    keys = ["indicator", "area_code", "period_start", "period_end", "reference_date"]
    has_numbers = out["numerator"].notna() | out["denominator"].notna()
    out["_published"] = has_numbers
    grouped = out.groupby(keys, dropna=False, sort=False)
    summed = sum_counts(
        grouped, synthetic=("synthetic", "max"), any_published=("_published", "max"), status=("status", "first")
    ).reset_index()
    summed.loc[summed["any_published"], "status"] = PUBLISHED
    return summed.drop(columns=["any_published"])


def base_observations(
    store: Store, measures: Sequence[Measure], areas: AreaRegistry
) -> pd.DataFrame:
    """All input counts on the current division, one row per indicator, area and period, with
    ``census`` telling counts over everyone (records, programme registry) from supplied figures.

    Aggregate rows for an indicator, area and period take precedence over counts computed from
    records, and those over counts from the programme registry, for the same cell (a supplied
    figure is used as supplied).
    """
    wanted = {m.id for m in measures}
    frames = [
        aggregate_observations(store),
        record_observations(store, measures, areas),
        programme_observations(store, measures, areas),
    ]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=[*BASE_COLUMNS, CENSUS])
    both = pd.concat(frames, ignore_index=True)
    both = both[both["indicator"].isin(wanted)]
    both["synthetic"] = both["synthetic"].astype(bool)
    parts = []
    for source, part in both.groupby("from_records"):
        parts.append(carry_to_current(part.drop(columns=["from_records"]), areas).assign(from_records=source))
    if not parts:
        return pd.DataFrame(columns=[*BASE_COLUMNS, CENSUS])
    merged = pd.concat(parts, ignore_index=True).sort_values("from_records", kind="stable")
    keys = ["indicator", "area_code", "period_start", "period_end", "reference_date"]
    merged = merged.drop_duplicates(subset=keys, keep="first")
    merged[CENSUS] = merged["from_records"].to_numpy() != 0
    return merged[[*BASE_COLUMNS, CENSUS]].reset_index(drop=True)


def unregistered(base: pd.DataFrame, measures: Sequence[Measure], year: int) -> pd.DataFrame:
    """``base`` plus, for every measure no source registers (catalogue ``registered: false``), a
    Nederland row of ``year`` (the current gemeente division's: not registered as of now, the same
    whatever else was imported) with the status ``niet_geregistreerd``: the publications then say so
    instead of leaving the indicator out."""
    missing = [m.id for m in measures if not m.registered]
    if not missing:
        return base
    rows = pd.DataFrame({"indicator": missing, "area_code": NL_CODE, "period_start": year, "period_end": year,
                         "reference_date": pd.NaT, "numerator": np.nan, "denominator": np.nan,
                         "status": NOT_REGISTERED, "synthetic": False, CENSUS: False})
    if base.empty:
        return rows
    rows["reference_date"] = rows["reference_date"].astype(base["reference_date"].dtype)
    return pd.concat([base[~base["indicator"].isin(missing)], rows], ignore_index=True)
