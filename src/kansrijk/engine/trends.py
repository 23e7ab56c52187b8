"""Recent trend per indicator and area: the last five single years up to the latest one.

The trend marker (Fingertips "recent trend", see :func:`kansrijk.stats.trend`) is attached to the
latest single-year row of each indicator and area; other rows carry no marker.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kansrijk import stats
from kansrijk.catalogue import Measure
from kansrijk.stats.trend import INSUFFICIENT

_KIND = {"percentage": "proportion", "per_1000": "rate", "count": "rate"}
POINTS = 5


def latest_trends(frame: pd.DataFrame, measures: dict[str, Measure]) -> pd.Series:
    """A Series aligned with ``frame``: the trend label on each latest single-year row, else None.

    Method: the single-year rows with a value are ordered by indicator, area and year; the last row
    of each series is its latest year. A series whose five latest years are consecutive is tested
    (:func:`kansrijk.stats.trend_labels`, all series of one indicator at once); one with fewer gets
    ``onvoldoende_data``. Indicators without a trend kind (a mean) get no marker.
    """
    labels = np.full(len(frame), None, dtype=object)
    singles = np.flatnonzero(
        ((frame["period_start"] == frame["period_end"]) & frame["reference_date"].isna() & frame["value"].notna())
        .to_numpy()
    )
    if len(singles):
        _label_series(frame.iloc[singles], measures, labels, singles)
    return pd.Series(labels, index=frame.index, dtype=object)


def _label_series(
    singles: pd.DataFrame, measures: dict[str, Measure], labels: np.ndarray, positions: np.ndarray
) -> None:
    """Write the label of every series of ``singles`` at its latest row (``positions`` in the frame)."""
    indicator, indicators = pd.factorize(singles["indicator"])
    area, _ = pd.factorize(singles["area_code"])
    year = singles["period_start"].to_numpy()
    order = np.lexsort((year, area, indicator))
    indicator, area, year, positions = indicator[order], area[order], year[order], positions[order]
    numerator = singles["numerator"].to_numpy(float)[order]
    denominator = singles["denominator"].to_numpy(float)[order]

    last = np.flatnonzero(np.r_[(indicator[1:] != indicator[:-1]) | (area[1:] != area[:-1]), True])
    first = np.r_[0, last[:-1] + 1]
    # years are unique within a series, so its last five rows span five years exactly when those
    # years are consecutive
    earliest = np.maximum(last - (POINTS - 1), 0)
    complete = (last - first >= POINTS - 1) & (year[last] - year[earliest] == POINTS - 1)
    window = last[:, None] + np.arange(1 - POINTS, 1)  # used for complete series only

    for code, name in enumerate(indicators):
        measure = measures[name]
        kind = _KIND.get(measure.unit)
        if kind is None:
            continue
        series = indicator[last] == code
        labels[positions[last[series & ~complete]]] = INSUFFICIENT
        tested = series & complete
        if not tested.any():
            continue
        rows = window[tested]
        den = denominator[rows] if measure.has_denominator else np.ones(rows.shape)
        labels[positions[last[tested]]] = stats.trend_labels(numerator[rows], den, kind, measure.polarity)
