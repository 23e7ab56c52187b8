"""Wilson score intervals for proportions.

Sources: Newcombe RG (1998), "Two-sided confidence intervals for the single proportion: comparison of
seven methods", Stat Med 17:857-872, Table I, method 3 (Wilson score without continuity correction);
and the textbook form of Wilson (1927) written out below, with z from the standard library.
"""

from __future__ import annotations

import dataclasses
import math
from statistics import NormalDist

import numpy as np
import pytest

from kansrijk.errors import StatsInputError
from kansrijk.stats import Estimate, proportion, proportion_limits


def wilson_textbook(r: int, n: int, confidence: float) -> tuple[float, float]:
    """Wilson (1927): the roots of (p_hat - pi)^2 = z^2 pi (1 - pi) / n."""
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p_hat = r / n
    centre = p_hat + z * z / (2 * n)
    half = z * math.sqrt(p_hat * (1 - p_hat) / n + z * z / (4 * n * n))
    denominator = 1 + z * z / n
    return (centre - half) / denominator, (centre + half) / denominator


# Newcombe (1998) Table I, method 3, as published (4 decimals)
NEWCOMBE_TABLE_I = [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
]


@pytest.mark.parametrize("r, n, lower, upper", NEWCOMBE_TABLE_I)
def test_wilson_matches_newcombe_table_i(r, n, lower, upper):
    estimate = proportion(r, n)
    assert round(estimate.lower, 4) == lower
    assert round(estimate.upper, 4) == upper
    assert estimate.value == pytest.approx(r / n)
    assert estimate.method == "Wilson"
    assert estimate.confidence == 0.95


@pytest.mark.parametrize("confidence", [0.95, 0.998, 0.5])
@pytest.mark.parametrize("r, n", [(81, 263), (15, 148), (1, 29), (7, 7), (3, 1000), (500, 1000)])
def test_wilson_matches_textbook_form(r, n, confidence):
    lower, upper = wilson_textbook(r, n, confidence)
    estimate = proportion(r, n, confidence)
    assert estimate.lower == pytest.approx(lower, abs=1e-6)
    assert estimate.upper == pytest.approx(upper, abs=1e-6)


def test_edges_are_exact():
    assert proportion(0, 20).lower == 0.0
    full = proportion(29, 29)
    assert full.upper == 1.0
    assert full.value == 1.0
    assert full.lower == pytest.approx(wilson_textbook(29, 29, 0.95)[0], abs=1e-6)


def test_998_interval_is_wider_than_95():
    narrow, wide = proportion(15, 148, 0.95), proportion(15, 148, 0.998)
    assert wide.lower < narrow.lower < narrow.value < narrow.upper < wide.upper


def test_estimate_is_frozen():
    estimate = proportion(1, 2)
    assert isinstance(estimate, Estimate)
    with pytest.raises(dataclasses.FrozenInstanceError):
        estimate.value = 0.9  # type: ignore[misc]


@pytest.mark.parametrize(
    "args, message",
    [
        ((-1, 10), "De teller mag niet negatief zijn; gekregen: -1."),
        ((1, -10), "De noemer mag niet negatief zijn; gekregen: -10."),
        ((11, 10), "De teller (11) mag bij een proportie niet groter zijn dan de noemer (10)."),
        ((0, 0), "De noemer mag niet 0 zijn: zonder noemer is er geen schatting."),
        (
            (float("nan"), 10),
            "Teller en noemer moeten eindige getallen zijn (geen NaN of oneindig); "
            "gekregen: teller nan, noemer 10.",
        ),
        (
            (1, float("inf")),
            "Teller en noemer moeten eindige getallen zijn (geen NaN of oneindig); "
            "gekregen: teller 1, noemer inf.",
        ),
        (
            (1, 10, 1.0),
            "Het betrouwbaarheidsniveau moet tussen 0 en 1 liggen (bijvoorbeeld 0.95 of 0.998); "
            "gekregen: 1.",
        ),
        (
            (1, 10, 95),
            "Het betrouwbaarheidsniveau moet tussen 0 en 1 liggen (bijvoorbeeld 0.95 of 0.998); "
            "gekregen: 95.",
        ),
        (
            (1, 10, 0),
            "Het betrouwbaarheidsniveau moet tussen 0 en 1 liggen (bijvoorbeeld 0.95 of 0.998); "
            "gekregen: 0.",
        ),
    ],
)
def test_error_messages(args, message):
    with pytest.raises(StatsInputError) as caught:
        proportion(*args)
    assert str(caught.value) == message


def test_vector_agrees_with_scalar():
    num = np.array([81, 15, 0, 1, 29, 3])
    den = np.array([263, 148, 20, 29, 29, 1000])
    for confidence in (0.95, 0.998):
        value, lower, upper = proportion_limits(num, den, confidence)
        for i in range(len(num)):
            scalar = proportion(int(num[i]), int(den[i]), confidence)
            assert (value[i], lower[i], upper[i]) == pytest.approx(
                (scalar.value, scalar.lower, scalar.upper), abs=1e-12
            )


def test_vector_rows_without_data_give_nan():
    value, lower, upper = proportion_limits([1, 1, np.nan, 2], [0, np.nan, 10, 4])
    for array in (value, lower, upper):
        assert np.isnan(array[:3]).all()
        assert not np.isnan(array[3])


@pytest.mark.parametrize(
    "num, den, message",
    [
        (
            [1, -1, -2],
            [10, 10, 10],
            "2 rij(en) met een negatieve teller; een proportie kan niet worden berekend.",
        ),
        (
            [11, 1],
            [10, 10],
            "1 rij(en) met een teller groter dan de noemer; een proportie kan niet worden berekend.",
        ),
    ],
)
def test_vector_rejects_corrupt_rows(num, den, message):
    with pytest.raises(StatsInputError) as caught:
        proportion_limits(num, den)
    assert str(caught.value) == message
