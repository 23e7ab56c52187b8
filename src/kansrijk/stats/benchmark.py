"""Comparing an area with a benchmark (the Netherlands, its region) by confidence intervals.

Method (Fingertips, UKHSA "Benchmarking" in the public-health technical guidance): the area differs
from the benchmark when the benchmark value lies outside the area's 95% confidence interval; a value
on a limit counts as inside. The direction is judged by the indicator's polarity. The two-level
variant also uses the 99.8% interval: outside it the difference is "much" better or worse.

Outcomes (Dutch, as stored in ``benchmark_nl`` / ``benchmark_region``):

=================  ===========================  ===========================  =====================
benchmark          higher_is_better             lower_is_better              no_judgement
=================  ===========================  ===========================  =====================
inside 95% CI      gelijk                       gelijk                       gelijk
below the CI       beter (veel_beter)           slechter (veel_slechter)     hoger (veel_hoger)
above the CI       slechter (veel_slechter)     beter (veel_beter)           lager (veel_lager)
any value missing  niet_getoetst                niet_getoetst                niet_getoetst
=================  ===========================  ===========================  =====================

The ``veel_`` forms only when 99.8% limits are given and the benchmark is outside them too.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from kansrijk.errors import StatsInputError

HIGHER_IS_BETTER = "higher_is_better"
LOWER_IS_BETTER = "lower_is_better"
NO_JUDGEMENT = "no_judgement"
POLARITIES = (HIGHER_IS_BETTER, LOWER_IS_BETTER, NO_JUDGEMENT)

SIMILAR = "gelijk"
NOT_TESTED = "niet_getoetst"

# (area above the benchmark, area below the benchmark) per polarity
_LABELS: dict[str, tuple[str, str]] = {
    HIGHER_IS_BETTER: ("beter", "slechter"),
    LOWER_IS_BETTER: ("slechter", "beter"),
    NO_JUDGEMENT: ("hoger", "lager"),
}


def check_polarity(polarity: str) -> None:
    """Raise :class:`StatsInputError` unless ``polarity`` is one of :data:`POLARITIES`."""
    if polarity not in POLARITIES:
        raise StatsInputError(
            f"Onbekende polariteit {polarity!r}; kies uit higher_is_better, lower_is_better of "
            "no_judgement."
        )


def benchmark(
    estimate_lower: float | None,
    estimate_upper: float | None,
    benchmark_value: float | None,
    polarity: str,
    lower_998: float | None = None,
    upper_998: float | None = None,
) -> str:
    """Compare an area's confidence interval with a benchmark value (Fingertips method).

    Returns ``gelijk`` when the benchmark lies within the 95% limits (inclusive), else
    ``beter``/``slechter`` by polarity (``hoger``/``lager`` for ``no_judgement``); with 99.8% limits
    given, ``veel_`` is prefixed when the benchmark lies outside those too. Any missing (None/NaN)
    input among the 95% limits and the benchmark gives ``niet_getoetst``. Raises
    :class:`StatsInputError` for an unknown polarity.
    """
    check_polarity(polarity)
    if estimate_lower is None or estimate_upper is None or benchmark_value is None:
        return NOT_TESTED
    if not all(_present(v) for v in (estimate_lower, estimate_upper, benchmark_value)):
        return NOT_TESTED
    above, below = _LABELS[polarity]
    if benchmark_value < estimate_lower:
        label = above
        much = lower_998 is not None and _present(lower_998) and benchmark_value < lower_998
    elif benchmark_value > estimate_upper:
        label = below
        much = upper_998 is not None and _present(upper_998) and benchmark_value > upper_998
    else:
        return SIMILAR
    return f"veel_{label}" if much else label


def benchmark_array(
    estimate_lower: ArrayLike,
    estimate_upper: ArrayLike,
    benchmark_value: ArrayLike,
    polarity: str,
    lower_998: ArrayLike | None = None,
    upper_998: ArrayLike | None = None,
) -> NDArray[np.object_]:
    """Vectorised :func:`benchmark` for one polarity: an array of Dutch outcome labels.

    ``benchmark_value`` may be a scalar (one national value) or an array; NaN anywhere in a row's
    95% limits or benchmark gives ``niet_getoetst``.
    """
    check_polarity(polarity)
    low = np.asarray(estimate_lower, dtype=float)
    high = np.asarray(estimate_upper, dtype=float)
    bench = np.asarray(benchmark_value, dtype=float)
    low, high, bench = np.broadcast_arrays(low, high, bench)
    above, below = _LABELS[polarity]

    missing = np.isnan(low) | np.isnan(high) | np.isnan(bench)
    with np.errstate(invalid="ignore"):
        is_above = ~missing & (bench < low)
        is_below = ~missing & (bench > high)
    result = np.full(low.shape, SIMILAR, dtype=object)
    result[missing] = NOT_TESTED
    result[is_above] = above
    result[is_below] = below
    if lower_998 is not None:
        low998 = np.broadcast_to(np.asarray(lower_998, dtype=float), low.shape)
        with np.errstate(invalid="ignore"):
            result[is_above & (bench < low998)] = f"veel_{above}"
    if upper_998 is not None:
        high998 = np.broadcast_to(np.asarray(upper_998, dtype=float), low.shape)
        with np.errstate(invalid="ignore"):
            result[is_below & (bench > high998)] = f"veel_{below}"
    return result


def _present(value: float | None) -> bool:
    return value is not None and not math.isnan(value)
