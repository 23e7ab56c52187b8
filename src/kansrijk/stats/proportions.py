"""Proportions with Wilson score confidence intervals.

Method: the Wilson score interval (Wilson 1927, J Am Stat Assoc 22:209-212), without continuity
correction, in the closed form of Newcombe (1998, Stat Med 17:857-872, method 3)::

    (2r + z^2 +- z * sqrt(z^2 + 4 r (1 - r/n))) / (2 (n + z^2))

with z the two-sided normal quantile for the confidence level. This is the method of England's
public-health profiles (PHEindicatormethods ``phe_proportion``). Values are proportions in 0..1;
callers scale to percentages.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from kansrijk.stats.estimate import Estimate, check_confidence, check_counts, usable_count_arrays, z_value

WILSON = "Wilson"


def proportion(numerator: float, denominator: float, confidence: float = 0.95) -> Estimate:
    """Proportion ``numerator / denominator`` with its Wilson score interval.

    Method: Wilson (1927); closed form of Newcombe (1998), method 3. ``numerator`` 0 gives lower limit
    0 and ``numerator == denominator`` gives upper limit 1, exactly.

    Raises :class:`kansrijk.errors.StatsInputError` (Dutch message) for non-finite input, a negative
    numerator or denominator, a zero denominator, a numerator above the denominator, or a confidence
    level outside (0, 1).
    """
    check_confidence(confidence)
    check_counts(numerator, denominator, proportion=True)
    value, lower, upper = proportion_limits(
        np.array([float(numerator)]), np.array([float(denominator)]), confidence
    )
    return Estimate(float(value[0]), float(lower[0]), float(upper[0]), confidence, WILSON)


def proportion_limits(
    numerators: ArrayLike, denominators: ArrayLike, confidence: float = 0.95
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Vectorised :func:`proportion`: arrays ``(value, lower, upper)``.

    Rows whose numerator or denominator is NaN, or whose denominator is 0 or less, give NaN in all
    three arrays (no data, no estimate). A negative numerator or a numerator above its denominator is
    corrupt data, not missing data, and raises :class:`StatsInputError` naming how many rows hold it.
    """
    check_confidence(confidence)
    r, n = usable_count_arrays(numerators, denominators, "een proportie", proportion=True)
    z = z_value(confidence)
    centre = 2 * r + z**2
    spread = z * np.sqrt(np.maximum(z**2 + 4 * r * (1 - r / n), 0.0))
    scale = 2 * (n + z**2)
    value = r / n
    lower = (centre - spread) / scale
    upper = (centre + spread) / scale
    # the closed form is exact at the edges in theory; pin them against rounding
    lower = np.where(r == 0, 0.0, np.clip(lower, 0.0, 1.0))
    upper = np.where(r == n, 1.0, np.clip(upper, 0.0, 1.0))
    lower = np.where(np.isnan(n), np.nan, lower)
    upper = np.where(np.isnan(n), np.nan, upper)
    return value, lower, upper
