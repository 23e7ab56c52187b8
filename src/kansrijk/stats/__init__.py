"""Statistics used by the engine and the publishers.

One module per family, as PHEindicatormethods: ``proportions`` (Wilson), ``rates`` (exact Poisson and
Byar), ``benchmark`` (comparison with the Netherlands or a region), ``trend`` (recent trend over five
years) and ``funnel`` (funnel-plot control limits; import it from ``kansrijk.stats.funnel``, it
needs the slower ``scipy.stats``). Every function validates its input first and
raises :class:`kansrijk.errors.StatsInputError` with a Dutch message.
"""

from kansrijk.stats.benchmark import (
    HIGHER_IS_BETTER,
    LOWER_IS_BETTER,
    NO_JUDGEMENT,
    POLARITIES,
    benchmark,
    benchmark_array,
)
from kansrijk.stats.estimate import CONFIDENCE_95, CONFIDENCE_998, Estimate, z_value
from kansrijk.stats.proportions import proportion, proportion_limits
from kansrijk.stats.rates import count, rate, rate_limits, rate_method, rate_methods
from kansrijk.stats.trend import TrendResult, trend, trend_labels

__all__ = [
    "CONFIDENCE_95",
    "CONFIDENCE_998",
    "HIGHER_IS_BETTER",
    "LOWER_IS_BETTER",
    "NO_JUDGEMENT",
    "POLARITIES",
    "Estimate",
    "TrendResult",
    "benchmark",
    "benchmark_array",
    "count",
    "proportion",
    "proportion_limits",
    "rate",
    "rate_limits",
    "rate_method",
    "rate_methods",
    "trend",
    "trend_labels",
    "z_value",
]
