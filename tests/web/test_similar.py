"""Similar gemeenten: standardisation and the pairwise-deletion distance, against hand calculations."""

from __future__ import annotations

import math

import pytest

from kansrijk.publish.web.pages import spread
from kansrijk.publish.context import Figure
from kansrijk.publish.web.similar import distance, standardise


def test_standardise_gives_z_scores_and_keeps_unknowns() -> None:
    # feature 0: 1, 2, 3 -> mean 2, population sd sqrt(2/3); feature 1: 10, None, 30 -> mean 20, sd 10
    scaled = standardise({"a": [1.0, 10.0], "b": [2.0, None], "c": [3.0, 30.0]})
    sd = math.sqrt(2 / 3)
    assert scaled["a"] == pytest.approx([-1 / sd, -1.0])
    assert scaled["b"][0] == pytest.approx(0.0) and scaled["b"][1] is None
    assert scaled["c"] == pytest.approx([1 / sd, 1.0])


def test_distance_scales_up_when_a_feature_is_missing() -> None:
    assert distance([0.0, 0.0, 0.0], [3.0, 4.0, 0.0]) == pytest.approx(5.0)
    # only the first two features shared: sqrt((9 + 16) * 3 / 2)
    assert distance([0.0, 0.0, None], [3.0, 4.0, 1.0]) == pytest.approx(math.sqrt(37.5))
    assert distance([None], [1.0]) is None


def _fig(value: float | None, status: str = "gepubliceerd") -> Figure:
    return Figure("GM0001", "X", "2021", 2021, status, value=value)


def test_spread_is_min_quartiles_max_of_published_values_only() -> None:
    # values 1..9: numpy-style linear quartiles are 3 and 7; the suppressed figure is ignored
    figures = [_fig(float(v)) for v in range(1, 10)] + [_fig(None, "te_klein")]
    assert spread(figures) == pytest.approx((1.0, 3.0, 7.0, 9.0))
    # four values 10, 20, 30, 40: q1 at position 0.75 -> 17.5, q3 at 2.25 -> 32.5
    assert spread([_fig(v) for v in (40.0, 10.0, 30.0, 20.0)]) == pytest.approx((10.0, 17.5, 32.5, 40.0))
    assert spread([_fig(1.0)]) is None
