"""Vectorised helpers for the engine's data frames: grouped sums of counts and per-value lookups."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
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


class Distinct:
    """A column's distinct values and each row's index among them, to look attributes up once per value."""

    def __init__(self, values: pd.Series | np.ndarray) -> None:
        self.codes, self.uniques = pd.factorize(values)

    def take(self, attribute: Callable[[Any], object]) -> np.ndarray:
        """``attribute(value)`` for every row as an object array (None for a missing value)."""
        table = np.empty(len(self.uniques) + 1, dtype=object)
        for k, unique in enumerate(self.uniques):
            table[k] = attribute(unique)
        table[-1] = None  # code -1: a missing value
        return table[self.codes]


def per_value(values: pd.Series, attribute: Callable[[Any], object]) -> np.ndarray:
    """``attribute(value)`` for every element as an object array, computed once per distinct value."""
    return Distinct(values).take(attribute)
