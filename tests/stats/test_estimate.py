"""The shared z value and checks.

Source: standard normal quantiles from the standard library (NormalDist), and the usual table values
z = 1.96 (95%) and z = 3.09 (99.8%).
"""

from __future__ import annotations

from statistics import NormalDist

import pytest

from kansrijk.errors import StatsInputError
from kansrijk.stats import z_value


@pytest.mark.parametrize("confidence, table", [(0.95, 1.96), (0.998, 3.09)])
def test_z_value(confidence, table):
    assert round(z_value(confidence), 2) == table
    assert z_value(confidence) == pytest.approx(NormalDist().inv_cdf(0.5 + confidence / 2), abs=1e-9)


@pytest.mark.parametrize("confidence", [0.0, 1.0, -0.5, float("nan")])
def test_z_value_rejects_levels_outside_zero_one(confidence):
    with pytest.raises(StatsInputError):
        z_value(confidence)
