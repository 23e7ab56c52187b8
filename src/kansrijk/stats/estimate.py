"""The self-describing result of a statistic, and the checks every statistic shares.

Every statistic validates first, with one specific Dutch message per rule (as PHEindicatormethods
does), and raises :class:`kansrijk.errors.StatsInputError`. The vectorised forms used by the engine
share the confidence check but treat a missing or zero denominator as "no data" (NaN).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import ndtri

from kansrijk.errors import StatsInputError

#: The two confidence levels published side by side (95% and 99.8%, as Fingertips does).
CONFIDENCE_95 = 0.95
CONFIDENCE_998 = 0.998


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its two-sided confidence interval.

    ``value``, ``lower`` and ``upper`` are in the unit of the statistic (a proportion in 0..1, a rate
    per ``multiplier``, a count); ``confidence`` is the level (0.95); ``method`` names the method
    (``"Wilson"``, ``"Poisson exact"``, ``"Byar"``).
    """

    value: float
    lower: float
    upper: float
    confidence: float
    method: str


def format_number(value: float) -> str:
    """Show a number in a message the way a user typed it: ``5``, ``2.5``, ``nan``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def check_confidence(confidence: float) -> None:
    """Raise :class:`StatsInputError` unless ``0 < confidence < 1``."""
    if not _is_finite_number(confidence) or not 0 < confidence < 1:
        raise StatsInputError(
            "Het betrouwbaarheidsniveau moet tussen 0 en 1 liggen (bijvoorbeeld 0.95 of 0.998); "
            f"gekregen: {format_number(confidence)}."
        )


def z_value(confidence: float) -> float:
    """Two-sided standard normal quantile for ``confidence``: 1.959964 at 0.95, 3.090232 at 0.998."""
    check_confidence(confidence)
    return float(ndtri(0.5 + confidence / 2))  # the standard normal quantile


def check_counts(numerator: float, denominator: float, *, proportion: bool) -> None:
    """Validate one numerator/denominator pair; every rule has its own Dutch message.

    Order of the rules: finite numbers, negative numerator, negative denominator, zero denominator,
    and for proportions numerator above denominator.
    """
    if not (_is_finite_number(numerator) and _is_finite_number(denominator)):
        raise StatsInputError(
            "Teller en noemer moeten eindige getallen zijn (geen NaN of oneindig); "
            f"gekregen: teller {format_number(numerator)}, noemer {format_number(denominator)}."
        )
    if numerator < 0:
        raise StatsInputError(f"De teller mag niet negatief zijn; gekregen: {format_number(numerator)}.")
    if denominator < 0:
        raise StatsInputError(f"De noemer mag niet negatief zijn; gekregen: {format_number(denominator)}.")
    if denominator == 0:
        raise StatsInputError("De noemer mag niet 0 zijn: zonder noemer is er geen schatting.")
    if proportion and numerator > denominator:
        raise StatsInputError(
            f"De teller ({format_number(numerator)}) mag bij een proportie niet groter zijn dan "
            f"de noemer ({format_number(denominator)})."
        )


def check_multiplier(multiplier: float) -> None:
    """Raise :class:`StatsInputError` unless the multiplier (per 1000, per 100000) is positive."""
    if not _is_finite_number(multiplier) or multiplier <= 0:
        raise StatsInputError(
            f"De vermenigvuldiger moet een positief getal zijn (bijvoorbeeld 1000); "
            f"gekregen: {format_number(multiplier)}."
        )


def _is_finite_number(value: object) -> bool:
    try:
        return math.isfinite(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def usable_count_arrays(
    numerators: ArrayLike, denominators: ArrayLike, what: str, *, proportion: bool
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Numerators and denominators as arrays, NaN where there is no data (NaN, denominator <= 0).

    A negative numerator (or, for a proportion, one above its denominator) is corrupt data, not
    missing data: :class:`StatsInputError` names how many rows hold it and what (``what``) cannot be
    computed.
    """
    num, den = np.broadcast_arrays(np.asarray(numerators, dtype=float), np.asarray(denominators, dtype=float))
    usable = np.isfinite(num) & np.isfinite(den) & (den > 0)
    bad_negative = usable & (num < 0)
    if bad_negative.any():
        raise StatsInputError(
            f"{int(bad_negative.sum())} rij(en) met een negatieve teller; {what} kan niet worden berekend."
        )
    if proportion:
        bad_above = usable & (num > den)
        if bad_above.any():
            raise StatsInputError(
                f"{int(bad_above.sum())} rij(en) met een teller groter dan de noemer; {what} "
                "kan niet worden berekend."
            )
    return np.where(usable, num, np.nan), np.where(usable, den, np.nan)
