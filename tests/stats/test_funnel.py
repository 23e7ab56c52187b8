"""Funnel-plot control limits.

Source: Spiegelhalter DJ (2005), "Funnel plots for comparing institutional performance", Stat Med
24:1185-1202, appendix A.1 (exact binomial/Poisson limits with interpolation), recomputed below from
binomial and Poisson probabilities written out with the standard library; for large denominators the
limits must approach the normal approximation target +- z sqrt(target (1 - target) / n) (same paper,
section 4).
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest

from kansrijk.errors import StatsInputError
from kansrijk.stats.funnel import funnel_limits, rate_funnel_limits


def binomial_cdf(r: int, n: int, p: float) -> float:
    if r < 0:
        return 0.0
    return sum(math.comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(0, min(r, n) + 1))


def poisson_cdf(r: int, mu: float) -> float:
    if r < 0:
        return 0.0
    return sum(math.exp(-mu) * mu**k / math.factorial(k) for k in range(r + 1))


def interpolated_limit(cdf, level: float) -> float:
    r = 0
    while cdf(r) < level:
        r += 1
    alpha = (cdf(r) - level) / (cdf(r) - cdf(r - 1))
    return r - alpha


@pytest.mark.parametrize("confidence", [0.95, 0.998])
def test_binomial_limits_match_spiegelhalter_recomputed(confidence):
    target, sizes = 0.3, [10, 25, 100, 400]
    lower, upper = funnel_limits(target, sizes, confidence)
    tail = (1 - confidence) / 2
    for i, n in enumerate(sizes):
        cdf = lambda r, n=n: binomial_cdf(r, n, target)  # noqa: E731
        expected_lower = max(interpolated_limit(cdf, tail) / n, 0.0)
        expected_upper = min(interpolated_limit(cdf, 1 - tail) / n, 1.0)
        assert lower[i] == pytest.approx(expected_lower, abs=1e-6)
        assert upper[i] == pytest.approx(expected_upper, abs=1e-6)


@pytest.mark.parametrize("confidence", [0.95, 0.998])
def test_binomial_limits_approach_normal_approximation(confidence):
    target, n = 0.12, 200_000
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    half = z * math.sqrt(target * (1 - target) / n)
    lower, upper = funnel_limits(target, [n], confidence)
    assert lower[0] == pytest.approx(target - half, abs=2e-5)
    assert upper[0] == pytest.approx(target + half, abs=2e-5)


def test_funnel_narrows_with_size_and_widens_with_confidence():
    lower95, upper95 = funnel_limits(0.2, [50, 500, 5000])
    lower998, upper998 = funnel_limits(0.2, [50, 500, 5000], 0.998)
    assert np.all(np.diff(upper95) < 0) and np.all(np.diff(lower95) > 0)
    assert np.all(lower998 < lower95) and np.all(upper998 > upper95)


def test_rows_without_denominator_give_nan():
    lower, upper = funnel_limits(0.2, [0, np.nan, 100])
    assert np.isnan(lower[:2]).all() and np.isnan(upper[:2]).all()
    assert np.isfinite(lower[2]) and np.isfinite(upper[2])


@pytest.mark.parametrize("confidence", [0.95, 0.998])
def test_poisson_limits_match_spiegelhalter_recomputed(confidence):
    target, multiplier, sizes = 4.0, 1000, [500, 2500, 20_000]
    lower, upper = rate_funnel_limits(target, sizes, multiplier, confidence)
    tail = (1 - confidence) / 2
    for i, n in enumerate(sizes):
        mu = target * n / multiplier
        cdf = lambda r, mu=mu: poisson_cdf(r, mu)  # noqa: E731
        assert lower[i] == pytest.approx(
            max(interpolated_limit(cdf, tail), 0.0) / n * multiplier, abs=1e-6
        )
        assert upper[i] == pytest.approx(interpolated_limit(cdf, 1 - tail) / n * multiplier, abs=1e-6)


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: funnel_limits(1.5, [10]),
            "De doelwaarde voor een trechterdiagram moet een proportie tussen 0 en 1 zijn; gekregen: 1.5.",
        ),
        (lambda: funnel_limits(0.5, [10.5]), "De noemers van een proportie moeten hele getallen zijn."),
        (
            lambda: rate_funnel_limits(-2.0, [10]),
            "De doelwaarde voor een trechterdiagram moet 0 of hoger zijn; gekregen: -2.",
        ),
        (
            lambda: funnel_limits(0.5, [10], 2),
            "Het betrouwbaarheidsniveau moet tussen 0 en 1 liggen (bijvoorbeeld 0.95 of 0.998); "
            "gekregen: 2.",
        ),
    ],
)
def test_error_messages(call, message):
    with pytest.raises(StatsInputError) as caught:
        call()
    assert str(caught.value) == message
