"""Recent trend (Fingertips method) over five yearly points.

Sources: the Fingertips trend-marker method (UKHSA public-health technical guidance): five most recent
points, chi-square test for linear trend, significant above 9.5495 (chi-square 1 df at 0.998), the
direction holding with any one point left out. Reference value: R's documented example
``prop.trend.test(c(83, 90, 129, 70), c(86, 93, 136, 82))`` gives X-squared = 8.2249. Independent
computations below: the chi-square for trend as the regression sum of squares of a weighted linear
regression of the proportions on time (Armitage 1955, the way R computes it), and the Poisson score
test from the information matrix of a log-linear model.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from kansrijk.errors import StatsInputError
from kansrijk.stats import trend
from kansrijk.stats.trend import CRITICAL_CHI_SQUARE, proportion_trend_test, rate_trend_test, trend_labels

YEARS = np.arange(1.0, 6.0)


def armitage_by_weighted_regression(x, n, t) -> float:
    x, n, t = (np.asarray(a, dtype=float) for a in (x, n, t))
    p_bar = x.sum() / n.sum()
    weights = n / (p_bar * (1 - p_bar))
    y = x / n
    t_mean = np.sum(weights * t) / weights.sum()
    y_mean = np.sum(weights * y) / weights.sum()
    slope = np.sum(weights * (t - t_mean) * (y - y_mean)) / np.sum(weights * (t - t_mean) ** 2)
    return float(slope**2 * np.sum(weights * (t - t_mean) ** 2))


def poisson_score_by_information(x, n, t) -> float:
    x, n, t = (np.asarray(a, dtype=float) for a in (x, n, t))
    fitted = x.sum() * n / n.sum()  # MLE under no trend
    score = np.sum(t * (x - fitted))
    info_aa, info_ab, info_bb = fitted.sum(), np.sum(t * fitted), np.sum(t * t * fitted)
    return float(score**2 / (info_bb - info_ab**2 / info_aa))


def test_threshold_is_chi_square_998():
    assert round(CRITICAL_CHI_SQUARE, 4) == 9.5495


def test_r_documented_example():
    statistic, _ = proportion_trend_test([83, 90, 129, 70], [86, 93, 136, 82], [1, 2, 3, 4])
    assert round(statistic, 4) == 8.2249


@pytest.mark.parametrize(
    "x, n",
    [
        ([10, 20, 30, 40, 50], [100] * 5),
        ([120, 131, 118, 140, 151], [1000, 1010, 990, 1020, 1005]),
        ([3, 0, 5, 2, 8], [40, 35, 50, 41, 47]),
    ],
)
def test_proportion_statistic_matches_independent_computation(x, n):
    statistic, _ = proportion_trend_test(x, n, YEARS)
    assert statistic == pytest.approx(armitage_by_weighted_regression(x, n, YEARS), abs=1e-6)
    assert trend(x, n).statistic == pytest.approx(statistic, abs=1e-12)


@pytest.mark.parametrize(
    "x, n",
    [([10, 20, 30, 40, 50], [1000] * 5), ([7, 3, 9, 12, 4], [5000.5, 5100, 4900, 5300, 5200])],
)
def test_rate_statistic_matches_independent_computation(x, n):
    statistic, _ = rate_trend_test(x, n, YEARS)
    assert statistic == pytest.approx(poisson_score_by_information(x, n, YEARS), abs=1e-6)


def test_rising_series():
    result = trend([100, 130, 160, 190, 220], [1000] * 5, polarity="higher_is_better")
    assert result.direction == "stijgend"
    assert result.label == "stijgend_beter"
    assert result.statistic > 9.5495
    assert result.p_value < 0.002


def test_falling_series_labels_by_polarity():
    falling = ([220, 190, 160, 130, 100], [1000] * 5)
    assert trend(*falling, polarity="higher_is_better").label == "dalend_slechter"
    assert trend(*falling, polarity="lower_is_better").label == "dalend_beter"
    assert trend(*falling, polarity="no_judgement").label == "dalend"
    rising = ([100, 130, 160, 190, 220], [1000] * 5)
    assert trend(*rising, polarity="lower_is_better").label == "stijgend_slechter"
    assert trend(*rising, polarity="no_judgement").label == "stijgend"


def test_flat_noise_is_no_change():
    result = trend([101, 97, 104, 99, 100], [1000, 1000, 1010, 990, 1000], polarity="lower_is_better")
    assert result.direction == "geen_verandering"
    assert result.label == "geen_verandering"
    assert result.statistic < 9.5495


def test_one_point_driving_the_trend_fails_leave_one_out():
    x, n = [102, 101, 100, 99, 180], [1000] * 5
    # significant on all five points ...
    assert armitage_by_weighted_regression(x, n, YEARS) > 9.5495
    # ... but without the last year the first four fall
    assert np.polyfit(YEARS[:4], np.array(x[:4]) / 1000, 1)[0] < 0
    assert trend(x, n).direction == "geen_verandering"


def test_only_the_last_five_points_count():
    # an early fall followed by five flat years: no recent trend
    result = trend([300, 200, 100, 100, 101, 99, 100], [1000] * 7)
    assert result.direction == "geen_verandering"


def test_rate_trend():
    result = trend([20, 30, 40, 50, 60], [10000] * 5, kind="rate", polarity="lower_is_better")
    assert result.direction == "stijgend"
    assert result.label == "stijgend_slechter"
    assert result.method == "Poisson-scoretoets voor lineaire trend"
    assert result.statistic == pytest.approx(
        poisson_score_by_information([20, 30, 40, 50, 60], [10000] * 5, YEARS), abs=1e-6
    )


@pytest.mark.parametrize(
    "x, n, kind",
    [
        ([10, 20, 30, 40], [100] * 4, "proportion"),  # four points
        ([10, 20, math.nan, 40, 50], [100] * 5, "proportion"),  # a missing year
        ([10, 20, 30, 40, 50], [100, 100, 0, 100, 100], "proportion"),  # a year without denominator
        ([0, 0, 0, 0, 0], [100] * 5, "proportion"),  # no events
        ([100] * 5, [100] * 5, "proportion"),  # all events
        ([0, 0, 0, 0, 0], [1000] * 5, "rate"),
    ],
)
def test_insufficient_data(x, n, kind):
    result = trend(x, n, kind=kind, polarity="higher_is_better")
    assert result.direction == "onvoldoende_data"
    assert result.label == "onvoldoende_data"
    assert math.isnan(result.statistic) and math.isnan(result.p_value)


@pytest.mark.parametrize(
    "args, kwargs, message",
    [
        (
            ([1, 2], [10]),
            {},
            "Tellers en noemers moeten even veel jaren hebben; gekregen: 2 tellers en 1 noemers.",
        ),
        (
            ([1] * 5, [10] * 5),
            {"kind": "ratio"},
            "Onbekende soort 'ratio' voor een trend; kies uit proportion of rate.",
        ),
        (
            ([1] * 5, [10] * 5),
            {"polarity": "beter"},
            "Onbekende polariteit 'beter'; kies uit higher_is_better, lower_is_better of no_judgement.",
        ),
        (([1, 2, -3, 4, 5], [10] * 5), {}, "De teller mag niet negatief zijn; gekregen: -3."),
        (
            ([1, 2, 30, 4, 5], [10] * 5),
            {},
            "De teller (30) mag bij een proportie niet groter zijn dan de noemer (10).",
        ),
    ],
)
def test_error_messages(args, kwargs, message):
    with pytest.raises(StatsInputError) as caught:
        trend(*args, **kwargs)
    assert str(caught.value) == message


def _series_for_labels(kind: str) -> tuple[np.ndarray, np.ndarray]:
    """Random five-year series with rising, falling and flat ones, and every insufficient case."""
    rng = np.random.default_rng(20)
    den = rng.integers(20, 3000, size=(400, 5)).astype(float)
    slope = rng.choice([-0.03, -0.005, 0.0, 0.005, 0.03], size=(400, 1))
    share = np.clip(0.2 + slope * np.arange(5), 0.0, 1.0)
    num = rng.binomial(den.astype(int), share).astype(float)
    num[0], num[1], den[1] = 0.0, 7.0, 7.0  # no events; every case an event
    num[2, 3], den[3, 1], den[4, 4] = np.nan, 0.0, np.nan  # a missing year; no denominator
    if kind == "rate":
        num[1] = [40.0, 0.0, 3.0, 90.0, 2.0]  # a rate may exceed its denominator
    return num, den


@pytest.mark.parametrize("kind", ["proportion", "rate"])
@pytest.mark.parametrize("polarity", ["higher_is_better", "lower_is_better", "no_judgement"])
def test_trend_labels_are_trend_for_each_series(kind, polarity):
    num, den = _series_for_labels(kind)
    labels = trend_labels(num, den, kind, polarity)
    assert list(labels) == [trend(x, n, kind=kind, polarity=polarity).label for x, n in zip(num, den)]
    found = set(labels)
    assert {"geen_verandering", "onvoldoende_data"} <= found
    assert any(label.startswith("stijgend") for label in found)
    assert any(label.startswith("dalend") for label in found)


def test_trend_labels_raise_the_error_of_trend():
    num, den = np.array([[1.0, 2, 3, 4, 5], [1, 2, 30, 4, 5]]), np.full((2, 5), 10.0)
    with pytest.raises(StatsInputError, match=r"^De teller \(30\) mag bij een proportie niet groter"):
        trend_labels(num, den)
