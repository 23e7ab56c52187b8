"""Synthetic household characteristics (CBS-like, per live-born child) and the yearly rows of children
under 2 with youth-protection and residential-care flags.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import norm

from kansrijk.demo import calibration as cal

INCOME_UNKNOWN = 0.015
YOUTH_PROTECTION_ONLY = 0.0025  # OTS/guardianship without residential care, per child-year
RESIDENTIAL_ONLY = 0.0010  # (voluntary) residential youth care without a protection measure


@dataclass
class Households:
    """Per live-born child: household characteristics in the year of birth."""

    mother_debt: np.ndarray
    parent_debt: np.ndarray
    income_percentile: np.ndarray  # float, NaN where unknown
    single_parent: np.ndarray
    kraamzorg: np.ndarray


def generate_households(
    year: int, pregnancy: np.ndarray, dep_preg: np.ndarray, rng: np.random.Generator
) -> Households:
    """Characteristics drawn per pregnancy (twins share a household), thresholded per child.

    ``pregnancy`` maps each live-born child to its pregnancy, ``dep_preg`` is the deprivation score per
    pregnancy.
    """
    n_preg = dep_preg.size

    def score(name: str) -> np.ndarray:
        return cal.BETA[name] * dep_preg + rng.standard_normal(n_preg)

    def flag(values: np.ndarray, rate: float) -> np.ndarray:
        per_child = values[pregnancy]
        return per_child > cal.threshold(per_child, rate)

    # Standardised household income: a normal score with deprivation pulling it down, as a national
    # percentile (about 10% of children below P10, more in deprived gemeenten).
    b = cal.BETA["low_income"]
    income_z = (-b * dep_preg + rng.standard_normal(n_preg)) / np.sqrt(1.0 + b * b)
    percentile = np.floor(100 * norm.cdf(income_z))
    percentile[rng.random(n_preg) < INCOME_UNKNOWN] = np.nan
    low = np.nan_to_num(percentile, nan=50.0) < 10

    mother_debt = flag(score("mother_debt") + 0.6 * low, cal.MOTHER_DEBT.at(year))
    father_debt = flag(score("father_debt") + 0.6 * low, cal.FATHER_DEBT.at(year))
    single = flag(score("single_parent") + 0.5 * low, cal.SINGLE_PARENT.at(year))
    no_kraamzorg = flag(score("no_kraamzorg") + 0.3 * low, cal.NO_KRAAMZORG.at(year))
    return Households(
        mother_debt=mother_debt,
        parent_debt=mother_debt | father_debt,
        income_percentile=percentile[pregnancy],
        single_parent=single,
        kraamzorg=~no_kraamzorg,
    )


@dataclass
class ChildYears:
    """Rows of children under 2 in one calendar year."""

    youth_protection: np.ndarray
    residential_care: np.ndarray


def generate_child_years(year: int, dep: np.ndarray, rng: np.random.Generator) -> ChildYears:
    """Youth protection and residential care for the children under 2 in ``year`` (``dep`` per child).

    Placement (both at once) is calibrated to indicator 15; each flag also occurs alone. Flags are drawn
    independently per year (no follow-up of a child over its two years).
    """
    n = dep.size
    score = cal.BETA["placed"] * dep + rng.standard_normal(n)
    placed = score > cal.threshold(score, cal.PLACED.at(year))
    protection_score = cal.BETA["placed"] * dep + rng.standard_normal(n)
    protection = placed | (protection_score > norm.ppf(1 - YOUTH_PROTECTION_ONLY))
    residential = placed | (rng.random(n) < RESIDENTIAL_ONLY)
    # A child with only one of the two stays unplaced: residential-only children never get protection.
    residential_only = residential & ~placed
    protection = np.where(residential_only, False, protection)
    return ChildYears(youth_protection=protection, residential_care=residential)
