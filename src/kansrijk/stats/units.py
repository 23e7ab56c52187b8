"""A figure in the unit a catalogue publishes it in, from its counts (the vectorised forms)."""

from __future__ import annotations

import numpy as np

from kansrijk.stats.proportions import proportion_limits
from kansrijk.stats.rates import rate_limits


def unit_limits(unit: str, num: np.ndarray, den: np.ndarray,
                confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Value and limits of figures in ``unit`` - a percentage (Wilson), a rate per 1000 or a count
    (exact Poisson or Byar; a count has no denominator) - from their counts."""
    if unit == "percentage":
        value, lower, upper = proportion_limits(num, den, confidence)
        return 100 * value, 100 * lower, 100 * upper
    if unit == "per_1000":
        return rate_limits(num, den, 1000, confidence)
    return rate_limits(num, np.ones(len(num)), 1, confidence)
