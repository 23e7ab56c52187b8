"""Benchmark comparison by confidence intervals.

Source: Fingertips (UKHSA public-health technical guidance, "Benchmarking"): the benchmark inside the
area's 95% interval (limits inclusive) is "similar"; outside it better or worse by polarity; the
two-level variant marks "much" better/worse outside the 99.8% interval. Cases below are constructed
by hand so the expected label follows from that rule alone.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from kansrijk.errors import StatsInputError
from kansrijk.stats import benchmark, benchmark_array

# area 95% CI 20..30, 99.8% CI 15..35
LOW, HIGH, LOW998, HIGH998 = 20.0, 30.0, 15.0, 35.0

CASES = [
    # benchmark value, polarity, one-level label, two-level label
    (25.0, "higher_is_better", "gelijk", "gelijk"),
    (20.0, "higher_is_better", "gelijk", "gelijk"),  # on the limit counts as inside
    (30.0, "lower_is_better", "gelijk", "gelijk"),
    (18.0, "higher_is_better", "beter", "beter"),
    (10.0, "higher_is_better", "beter", "veel_beter"),
    (32.0, "higher_is_better", "slechter", "slechter"),
    (40.0, "higher_is_better", "slechter", "veel_slechter"),
    (18.0, "lower_is_better", "slechter", "slechter"),
    (10.0, "lower_is_better", "slechter", "veel_slechter"),
    (32.0, "lower_is_better", "beter", "beter"),
    (40.0, "lower_is_better", "beter", "veel_beter"),
    (25.0, "no_judgement", "gelijk", "gelijk"),
    (18.0, "no_judgement", "hoger", "hoger"),
    (10.0, "no_judgement", "hoger", "veel_hoger"),
    (32.0, "no_judgement", "lager", "lager"),
    (40.0, "no_judgement", "lager", "veel_lager"),
    (15.0, "higher_is_better", "beter", "beter"),  # on the 99.8% limit: not "much"
]


@pytest.mark.parametrize("value, polarity, one_level, two_level", CASES)
def test_every_branch(value, polarity, one_level, two_level):
    assert benchmark(LOW, HIGH, value, polarity) == one_level
    assert benchmark(LOW, HIGH, value, polarity, LOW998, HIGH998) == two_level


@pytest.mark.parametrize(
    "low, high, value", [(None, HIGH, 25.0), (LOW, math.nan, 25.0), (LOW, HIGH, None), (LOW, HIGH, math.nan)]
)
def test_missing_data_is_not_tested(low, high, value):
    assert benchmark(low, high, value, "higher_is_better") == "niet_getoetst"


def test_unknown_polarity():
    with pytest.raises(StatsInputError) as caught:
        benchmark(LOW, HIGH, 25.0, "hoger_is_beter")
    assert str(caught.value) == (
        "Onbekende polariteit 'hoger_is_beter'; kies uit higher_is_better, lower_is_better of no_judgement."
    )


@pytest.mark.parametrize("polarity", ["higher_is_better", "lower_is_better", "no_judgement"])
def test_array_agrees_with_scalar(polarity):
    values = np.array([case[0] for case in CASES] + [25.0])
    low = np.full(values.shape, LOW)
    high = np.full(values.shape, HIGH)
    low[-1] = np.nan
    one = benchmark_array(low, high, values, polarity)
    two = benchmark_array(low, high, values, polarity, np.full(values.shape, LOW998), HIGH998)
    for i, value in enumerate(values):
        lo = None if np.isnan(low[i]) else LOW
        assert one[i] == benchmark(lo, HIGH, float(value), polarity)
        assert two[i] == benchmark(lo, HIGH, float(value), polarity, LOW998, HIGH998)
    assert two[-1] == "niet_getoetst"


def test_array_with_one_national_value():
    labels = benchmark_array([1.0, 5.0, 9.0], [3.0, 7.0, 11.0], 6.0, "lower_is_better")
    assert list(labels) == ["beter", "gelijk", "slechter"]
