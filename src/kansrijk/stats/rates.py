"""Rates and counts with Poisson confidence intervals.

Method, as PHEindicatormethods (UKHSA) ``phe_rate`` / ``byars_lower`` / ``byars_upper``:

- fewer than 10 events: exact Poisson limits (Garwood 1936, Biometrika 28:437-442), from chi-square
  quantiles: ``lower = chi2(alpha/2, 2x) / 2``, ``upper = chi2(1 - alpha/2, 2x + 2) / 2``
  (lower 0 at 0 events);
- 10 events or more: Byar's approximation (Breslow & Day 1987, Statistical Methods in Cancer Research
  II, IARC, p. 69)::

      lower = x (1 - 1/(9x) - z/(3 sqrt(x)))^3
      upper = (x + 1) (1 - 1/(9(x+1)) + z/(3 sqrt(x+1)))^3

The limits on the count are divided by the denominator and multiplied by ``multiplier``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import chdtri

from kansrijk.stats.estimate import (
    Estimate,
    check_confidence,
    check_counts,
    check_multiplier,
    usable_count_arrays,
    z_value,
)

POISSON_EXACT = "Poisson exact"
BYAR = "Byar"

#: From this many events on, Byar's approximation replaces the exact limits (PHEindicatormethods).
BYAR_FROM = 10


def rate(
    numerator: float, denominator: float, multiplier: float = 1000, confidence: float = 0.95
) -> Estimate:
    """Rate ``numerator / denominator * multiplier`` with Poisson confidence limits.

    Method: exact Poisson (chi-square, Garwood 1936) below 10 events, Byar's approximation from 10
    (Breslow & Day 1987), as PHEindicatormethods ``phe_rate``. ``method`` says which was used.

    Raises :class:`kansrijk.errors.StatsInputError` (Dutch message) for non-finite input, a negative
    numerator or denominator, a zero denominator, a non-positive multiplier, or a confidence level
    outside (0, 1). The numerator may exceed the denominator (a rate is not a proportion).
    """
    check_confidence(confidence)
    check_multiplier(multiplier)
    check_counts(numerator, denominator, proportion=False)
    value, lower, upper = rate_limits(
        np.array([float(numerator)]), np.array([float(denominator)]), multiplier, confidence
    )
    return Estimate(
        float(value[0]), float(lower[0]), float(upper[0]), confidence, rate_method(numerator)
    )


def count(numerator: float, confidence: float = 0.95) -> Estimate:
    """A plain count with Poisson confidence limits (denominator 1, multiplier 1).

    Method as :func:`rate`: exact Poisson below 10 events, Byar from 10.
    """
    return rate(numerator, 1, multiplier=1, confidence=confidence)


def rate_method(numerator: float) -> str:
    """Name of the method :func:`rate` uses for this many events: ``"Poisson exact"`` or ``"Byar"``."""
    return BYAR if numerator >= BYAR_FROM else POISSON_EXACT


def rate_methods(numerators: ArrayLike) -> NDArray[np.object_]:
    """Vectorised :func:`rate_method`; ``None`` where the numerator is NaN."""
    num = np.asarray(numerators, dtype=float)
    names = np.where(num >= BYAR_FROM, BYAR, POISSON_EXACT).astype(object)
    names[~np.isfinite(num)] = None
    return names


def rate_limits(
    numerators: ArrayLike,
    denominators: ArrayLike,
    multiplier: float = 1000,
    confidence: float = 0.95,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Vectorised :func:`rate`: arrays ``(value, lower, upper)``.

    Rows whose numerator or denominator is NaN, or whose denominator is 0 or less, give NaN in all
    three arrays. A negative numerator is corrupt data and raises :class:`StatsInputError` naming how
    many rows hold it. Use :func:`rate_methods` for the per-row method name.
    """
    check_confidence(confidence)
    check_multiplier(multiplier)
    x, n = usable_count_arrays(numerators, denominators, "een rate", proportion=False)
    lower_count, upper_count = poisson_count_limits(x, confidence)
    scale = multiplier / n
    return x * scale, lower_count * scale, upper_count * scale


def poisson_count_limits(
    counts: ArrayLike, confidence: float = 0.95
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Confidence limits for Poisson counts: exact below 10 events, Byar from 10 (NaN stays NaN).

    Method: see the module docstring (Garwood 1936; Breslow & Day 1987).
    """
    check_confidence(confidence)
    x = np.asarray(counts, dtype=float)
    alpha = 1 - confidence
    z = z_value(confidence)
    use_byar = x >= BYAR_FROM
    lower, upper = np.empty_like(x), np.empty_like(x)
    # each method only on its own rows: the chi-square quantiles are the costly part
    exact, byar = x[~use_byar], x[use_byar]
    with np.errstate(divide="ignore", invalid="ignore"):
        lower[~use_byar] = np.where(exact > 0, chdtri(2 * exact, 1 - alpha / 2) / 2, 0.0)
        upper[~use_byar] = chdtri(2 * exact + 2, alpha / 2) / 2
        lower[use_byar] = byar * (1 - 1 / (9 * byar) - z / (3 * np.sqrt(byar))) ** 3
        upper[use_byar] = (byar + 1) * (1 - 1 / (9 * (byar + 1)) + z / (3 * np.sqrt(byar + 1))) ** 3
    missing = ~np.isfinite(x)
    lower[missing] = np.nan
    upper[missing] = np.nan
    return lower, upper
