"""Grouped sums of counts, shared by the engine steps that add up rows."""

from __future__ import annotations

import pandas as pd
from pandas.core.groupby import DataFrameGroupBy


def sum_counts(grouped: DataFrameGroupBy, **named: tuple[str, str]) -> pd.DataFrame:
    """Per group ``numerator`` and ``denominator`` summed (NaN for a group without any), then the
    ``named`` aggregations (``name=(column, function)``), as one frame indexed by the groups.

    Both parts come from the same grouping, so their rows are in the same order: the columns are put
    side by side as they are, without aligning two group indexes (slow for several keys).
    """
    sums = grouped[["numerator", "denominator"]].sum(min_count=1)
    others = grouped.agg(**named)
    for column in others.columns:
        sums[column] = others[column].to_numpy()
    return sums
