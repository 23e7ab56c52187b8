"""Recent trend per indicator and area: the last five single years up to the latest one.

The trend marker (Fingertips "recent trend", see :func:`kansrijk.stats.trend`) is attached to the
latest single-year row of each indicator and area; other rows carry no marker.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kansrijk import stats
from kansrijk.catalogue import Measure

_KIND = {"percentage": "proportion", "per_1000": "rate", "count": "rate"}
POINTS = 5


def latest_trends(frame: pd.DataFrame, measures: dict[str, Measure]) -> pd.Series:
    """A Series aligned with ``frame``: the trend label on each latest single-year row, else None."""
    out = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    singles = frame[
        (frame["period_start"] == frame["period_end"])
        & frame["reference_date"].isna()
        & frame["value"].notna()
    ]
    if singles.empty:
        return out
    singles = singles.sort_values("period_start")
    for (indicator, _area), group in singles.groupby(["indicator", "area_code"], sort=False):
        measure = measures[indicator]
        kind = _KIND.get(measure.unit)
        last = group.index[-1]
        if kind is None:
            continue
        years = group["period_start"].to_numpy()
        tail = group[years > years[-1] - POINTS]
        if len(tail) < POINTS:
            out[last] = "onvoldoende_data"
            continue
        den = tail["denominator"].to_numpy(float) if kind == "proportion" or measure.unit != "count" else np.ones(POINTS)
        result = stats.trend(tail["numerator"].to_numpy(float), den, kind=kind, polarity=measure.polarity)
        out[last] = result.label
    return out
