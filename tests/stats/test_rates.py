"""Rates and counts with Poisson limits.

Sources: exact limits (Garwood 1936) recomputed here from gamma quantiles, which equal half the
chi-square quantiles the library uses; 0 events: upper limit -ln(0.025) = 3.689 at 95% (a standard
table value); 5 events: 1.6235 to 11.6683 (standard tables of exact 95% Poisson limits); Byar's
approximation written out from Breslow & Day (1987), p. 69, with z from the standard library.
Switch from exact to Byar at 10 events as PHEindicatormethods ``phe_rate``.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest
from scipy.stats import gamma

from kansrijk.errors import StatsInputError
from kansrijk.stats import count, rate, rate_limits, rate_method, rate_methods


def exact_limits(x: int, confidence: float) -> tuple[float, float]:
    alpha = 1 - confidence
    lower = 0.0 if x == 0 else float(gamma.ppf(alpha / 2, x))
    return lower, float(gamma.ppf(1 - alpha / 2, x + 1))


def byar_limits(x: int, confidence: float) -> tuple[float, float]:
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    lower = x * (1 - 1 / (9 * x) - z / (3 * math.sqrt(x))) ** 3
    upper = (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * math.sqrt(x + 1))) ** 3
    return lower, upper


def test_published_exact_limits():
    zero = count(0)
    assert zero.lower == 0.0
    assert round(zero.upper, 3) == 3.689
    assert zero.upper == pytest.approx(-math.log(0.025), abs=1e-9)
    five = count(5)
    assert round(five.lower, 4) == 1.6235
    assert round(five.upper, 4) == 11.6683
    assert five.method == "Poisson exact"


@pytest.mark.parametrize("confidence", [0.95, 0.998])
@pytest.mark.parametrize("x", range(0, 10))
def test_exact_limits_below_ten(x, confidence):
    lower, upper = exact_limits(x, confidence)
    estimate = count(x, confidence)
    assert estimate.method == "Poisson exact"
    assert estimate.lower == pytest.approx(lower, abs=1e-6)
    assert estimate.upper == pytest.approx(upper, abs=1e-6)


@pytest.mark.parametrize("confidence", [0.95, 0.998])
@pytest.mark.parametrize("x", [10, 11, 57, 1234])
def test_byar_from_ten(x, confidence):
    lower, upper = byar_limits(x, confidence)
    estimate = count(x, confidence)
    assert estimate.method == "Byar"
    assert estimate.lower == pytest.approx(lower, abs=1e-6)
    assert estimate.upper == pytest.approx(upper, abs=1e-6)


def test_rate_scales_limits_by_denominator_and_multiplier():
    estimate = rate(5, 2500, multiplier=1000)
    lower, upper = exact_limits(5, 0.95)
    assert estimate.value == pytest.approx(2.0)
    assert estimate.lower == pytest.approx(lower / 2500 * 1000, abs=1e-9)
    assert estimate.upper == pytest.approx(upper / 2500 * 1000, abs=1e-9)
    big = rate(40, 8000, multiplier=100000, confidence=0.998)
    lower, upper = byar_limits(40, 0.998)
    assert big.value == pytest.approx(500.0)
    assert big.lower == pytest.approx(lower / 8000 * 100000, abs=1e-6)
    assert big.upper == pytest.approx(upper / 8000 * 100000, abs=1e-6)


def test_rate_numerator_may_exceed_denominator():
    estimate = rate(30, 10, multiplier=1)
    assert estimate.value == 3.0


def test_method_names():
    assert rate_method(9) == "Poisson exact"
    assert rate_method(10) == "Byar"
    assert list(rate_methods([0, 9, 10, np.nan])) == ["Poisson exact", "Poisson exact", "Byar", None]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(numerator=-1, denominator=10), "De teller mag niet negatief zijn; gekregen: -1."),
        (dict(numerator=1, denominator=-10), "De noemer mag niet negatief zijn; gekregen: -10."),
        (dict(numerator=1, denominator=0), "De noemer mag niet 0 zijn: zonder noemer is er geen schatting."),
        (
            dict(numerator=math.nan, denominator=10),
            "Teller en noemer moeten eindige getallen zijn (geen NaN of oneindig); "
            "gekregen: teller nan, noemer 10.",
        ),
        (
            dict(numerator=1, denominator=10, confidence=1.5),
            "Het betrouwbaarheidsniveau moet tussen 0 en 1 liggen (bijvoorbeeld 0.95 of 0.998); "
            "gekregen: 1.5.",
        ),
        (
            dict(numerator=1, denominator=10, multiplier=0),
            "De vermenigvuldiger moet een positief getal zijn (bijvoorbeeld 1000); gekregen: 0.",
        ),
    ],
)
def test_error_messages(kwargs, message):
    with pytest.raises(StatsInputError) as caught:
        rate(**kwargs)
    assert str(caught.value) == message


def test_count_rejects_negative():
    with pytest.raises(StatsInputError) as caught:
        count(-3)
    assert str(caught.value) == "De teller mag niet negatief zijn; gekregen: -3."


def test_vector_agrees_with_scalar():
    num = np.array([0, 1, 5, 9, 10, 11, 250])
    den = np.array([100, 2000, 2500, 10, 30000, 5, 123456])
    for confidence in (0.95, 0.998):
        value, lower, upper = rate_limits(num, den, 1000, confidence)
        for i in range(len(num)):
            scalar = rate(int(num[i]), int(den[i]), 1000, confidence)
            assert (value[i], lower[i], upper[i]) == pytest.approx(
                (scalar.value, scalar.lower, scalar.upper), rel=1e-12
            )


def test_vector_rows_without_data_give_nan():
    value, lower, upper = rate_limits([1, 1, np.nan, 2], [0, -5, 10, 4])
    for array in (value, lower, upper):
        assert np.isnan(array[:3]).all()
        assert not np.isnan(array[3])


def test_vector_rejects_negative_numerator():
    with pytest.raises(StatsInputError) as caught:
        rate_limits([-1, 2], [10, 10])
    assert str(caught.value) == "1 rij(en) met een negatieve teller; een rate kan niet worden berekend."
