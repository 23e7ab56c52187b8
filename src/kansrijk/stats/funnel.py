"""Control limits for funnel plots: gemeenten of different sizes against one target.

Method: Spiegelhalter (2005), "Funnel plots for comparing institutional performance", Stat Med
24:1185-1202, appendix A.1: exact limits from the binomial (proportions) or Poisson (rates)
distribution around the target, made continuous by interpolation. For the p-quantile, with r the
smallest count whose cumulative probability F(r) reaches p::

    alpha = (F(r) - p) / (F(r) - F(r - 1))
    limit = (r - alpha) / n                  (times the multiplier for rates)

with p = (1 - confidence)/2 for the lower and 1 - (1 - confidence)/2 for the upper limit. Limits are
kept within 0..1 (proportions) or at or above 0 (rates). Draw them at 95% and 99.8%.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.stats import binom, poisson

from kansrijk.errors import StatsInputError
from kansrijk.stats.estimate import check_confidence, check_multiplier, format_number

_Quantile = Callable[[float], NDArray[np.float64]]


def funnel_limits(
    target_proportion: float, denominators: ArrayLike, confidence: float = 0.95
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Binomial funnel-plot limits ``(lower, upper)`` for proportions around a target (in 0..1).

    Method: Spiegelhalter (2005), exact binomial with interpolation. ``denominators`` must be whole
    numbers (persons); a denominator that is NaN or 0 or less gives NaN limits. Raises
    :class:`StatsInputError` for a target outside 0..1, a non-whole denominator, or a confidence level
    outside (0, 1).
    """
    check_confidence(confidence)
    if not (math.isfinite(target_proportion) and 0 <= target_proportion <= 1):
        raise StatsInputError(
            "De doelwaarde voor een trechterdiagram moet een proportie tussen 0 en 1 zijn; "
            f"gekregen: {format_number(target_proportion)}."
        )
    n = _usable_denominators(denominators)
    if (np.isfinite(n) & (n != np.round(n))).any():
        raise StatsInputError("De noemers van een proportie moeten hele getallen zijn.")
    size = np.where(np.isfinite(n), n, 1)  # placeholder size for rows that stay NaN

    def quantile(p: float) -> NDArray[np.float64]:
        r = binom.ppf(p, size, target_proportion)
        f_r = binom.cdf(r, size, target_proportion)
        f_below = binom.cdf(r - 1, size, target_proportion)
        return _interpolate(r, f_r, f_below, p) / n

    lower, upper = _both_quantiles(quantile, confidence)
    return np.clip(lower, 0.0, 1.0), np.clip(upper, 0.0, 1.0)


def rate_funnel_limits(
    target_rate: float,
    denominators: ArrayLike,
    multiplier: float = 1000,
    confidence: float = 0.95,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Poisson funnel-plot limits ``(lower, upper)`` for rates per ``multiplier`` around a target.

    Method: Spiegelhalter (2005), exact Poisson with interpolation, expected count
    ``target_rate * n / multiplier``. A denominator that is NaN or 0 or less gives NaN limits.
    Raises :class:`StatsInputError` for a negative or non-finite target, a non-positive multiplier or
    a confidence level outside (0, 1).
    """
    check_confidence(confidence)
    check_multiplier(multiplier)
    if not (math.isfinite(target_rate) and target_rate >= 0):
        raise StatsInputError(
            "De doelwaarde voor een trechterdiagram moet 0 of hoger zijn; "
            f"gekregen: {format_number(target_rate)}."
        )
    n = _usable_denominators(denominators)
    expected = target_rate * n / multiplier

    def quantile(p: float) -> NDArray[np.float64]:
        r = poisson.ppf(p, expected)
        f_r = poisson.cdf(r, expected)
        f_below = poisson.cdf(r - 1, expected)
        return _interpolate(r, f_r, f_below, p) / n * multiplier

    lower, upper = _both_quantiles(quantile, confidence)
    return np.maximum(lower, 0.0), np.maximum(upper, 0.0)


def _usable_denominators(denominators: ArrayLike) -> NDArray[np.float64]:
    n = np.asarray(denominators, dtype=float)
    return np.where(np.isfinite(n) & (n > 0), n, np.nan)


def _interpolate(
    r: NDArray[np.float64], f_r: NDArray[np.float64], f_below: NDArray[np.float64], p: float
) -> NDArray[np.float64]:
    step = f_r - f_below
    with np.errstate(divide="ignore", invalid="ignore"):
        # a zero step only happens at a degenerate target (0 or 1): no interpolation needed
        alpha = np.where(step > 0, (f_r - p) / step, 0.0)
    return r - alpha


def _both_quantiles(
    quantile: _Quantile, confidence: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    tail = (1 - confidence) / 2
    return quantile(tail), quantile(1 - tail)
