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

from kansrijk.errors import StatsInputError
from kansrijk.stats.estimate import Estimate, check_confidence, check_counts, z_value

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
    num = np.asarray(numerators, dtype=float)
    den = np.asarray(denominators, dtype=float)
    num, den = np.broadcast_arrays(num, den)
    usable = np.isfinite(num) & np.isfinite(den) & (den > 0)
    bad_negative = usable & (num < 0)
    if bad_negative.any():
        raise StatsInputError(
            f"{int(bad_negative.sum())} rij(en) met een negatieve teller; een proportie kan niet "
            "worden berekend."
        )
    bad_above = usable & (num > den)
    if bad_above.any():
        raise StatsInputError(
            f"{int(bad_above.sum())} rij(en) met een teller groter dan de noemer; een proportie "
            "kan niet worden berekend."
        )

    z = z_value(confidence)
    n = np.where(usable, den, np.nan)
    r = np.where(usable, num, np.nan)
    centre = 2 * r + z**2
    spread = z * np.sqrt(np.maximum(z**2 + 4 * r * (1 - r / n), 0.0))
    scale = 2 * (n + z**2)
    value = r / n
    lower = (centre - spread) / scale
    upper = (centre + spread) / scale
    # the closed form is exact at the edges in theory; pin them against rounding
    lower = np.where(r == 0, 0.0, np.clip(lower, 0.0, 1.0))
    upper = np.where(r == n, 1.0, np.clip(upper, 0.0, 1.0))
    lower = np.where(usable, lower, np.nan)
    upper = np.where(usable, upper, np.nan)
    return value, lower, upper
