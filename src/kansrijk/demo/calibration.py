"""Calibration targets of the demo data and the quantile rule that makes the national figures hit them.

Every outcome is a probit-style latent score per person, ``beta * deprivation + offset + e`` with ``e``
standard normal; the outcome is positive where the score lies above the year's threshold. The threshold
is the national quantile of the drawn scores at ``1 - target``, so the national figure equals the target
(up to ties) while gemeenten differ by their deprivation and by sampling noise only.

Targets (per year, as fractions) come from the seed documents: RIVM, *Monitor Kansrijke Start*
factsheet 2020 (indicators 7, 8, 10, 12-15 and Table 1) and the Haarlem council memo 2022 (perinatal
mortality and start of care before 10 weeks, NL and Haarlem 2017-2019). Years the documents do not give
are continued plausibly and are marked ``interpolated`` below.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq
from scipy.stats import norm

SOURCE_FACTSHEET = "RIVM, Monitor Kansrijke Start, factsheet 2020"
SOURCE_HAARLEM = "Gemeente Haarlem, raadsinformatiebrief Kansrijke Start 2022"


@dataclass(frozen=True)
class Target:
    """National yearly targets (fractions) for one outcome; ``published`` lists the years from a source."""

    name: str
    values: dict[int, float]
    published: tuple[int, ...]
    source: str

    def at(self, year: int) -> float:
        """Target for ``year``; years outside the table take the nearest year's value."""
        if year in self.values:
            return self.values[year]
        nearest = min(self.values, key=lambda y: abs(y - year))
        return self.values[nearest]


def _t(name: str, values: dict[int, float], published: tuple[int, ...], source: str) -> Target:
    return Target(name, {y: v / 100 for y, v in values.items()}, published, source)


YEARS = range(2015, 2024)

# Indicator 12 / Table 1: preterm (< 37 weeks) and SGA (< Hoftiezer P10) among all births >= 22 weeks.
# 2015-2019 range 7.3 -> 6.9 (preterm) and 10.7 -> 10.2 (SGA); Big2 16.0 (2018) and 15.6 (2019); the
# overlap (preterm and SGA) follows as preterm + SGA - Big2 = 1.5 points in both years.
PRETERM = _t("preterm", {2015: 7.3, 2016: 7.2, 2017: 7.1, 2018: 7.0, 2019: 6.9, 2020: 6.9, 2021: 6.8,
                         2022: 6.9, 2023: 6.8}, (2015, 2019), SOURCE_FACTSHEET)
SGA = _t("sga", {2015: 10.7, 2016: 10.6, 2017: 10.6, 2018: 10.5, 2019: 10.2, 2020: 10.1, 2021: 10.0,
                 2022: 10.0, 2023: 9.9}, (2015, 2019), SOURCE_FACTSHEET)
PRETERM_AND_SGA = _t("preterm_and_sga", dict.fromkeys(YEARS, 1.5), (2018, 2019), SOURCE_FACTSHEET)
BIG2 = _t("big2", {2018: 16.0, 2019: 15.6}, (2018, 2019), SOURCE_FACTSHEET)
# Table 1 variants, the outcome of the model (share of 22-23 week births, stillbirths), not calibrated.
BIG2_ALL_24 = _t("big2_all_24", {2018: 15.7, 2019: 15.4}, (2018, 2019), SOURCE_FACTSHEET)
BIG2_LIVE_22 = _t("big2_live_22", {2018: 15.6, 2019: 15.2}, (2018, 2019), SOURCE_FACTSHEET)
BIG2_LIVE_24 = _t("big2_live_24", {2018: 15.6, 2019: 15.2}, (2018, 2019), SOURCE_FACTSHEET)
# Share of births >= 22 weeks born at 22+0..23+6 weeks; sets the gap between the >= 22 and >= 24 week
# Big2 variants of Table 1 (0.3 points in 2018, 0.2 in 2019); most of them are stillborn.
WEEK_22_23 = _t("week_22_23", {2015: 0.34, 2016: 0.34, 2017: 0.34, 2018: 0.36, 2019: 0.27, 2020: 0.28,
                               2021: 0.28, 2022: 0.28, 2023: 0.28}, (), SOURCE_FACTSHEET)
# Perinatal mortality per 1000 births >= 24 weeks: NL 4.4/4.5/4.5 (2017-2019), Haarlem memo.
PERINATAL_DEATH = _t("perinatal_death", {2015: 0.47, 2016: 0.46, 2017: 0.44, 2018: 0.45, 2019: 0.45,
                                         2020: 0.44, 2021: 0.43, 2022: 0.44, 2023: 0.43},
                     (2017, 2019), SOURCE_HAARLEM)
# Indicator 7: start of care after 70 days, pregnancies >= 22 weeks; 14.6% in 2019, stable before.
LATE_CARE = _t("late_care", {2015: 14.2, 2016: 14.1, 2017: 14.2, 2018: 14.1, 2019: 14.6, 2020: 14.8,
                             2021: 14.5, 2022: 14.4, 2023: 14.3}, (2019,), SOURCE_FACTSHEET)
# Start of care before 70 days: NL 71.3/72.1/72.6 (2017-2019), Haarlem memo.
EARLY_CARE = _t("early_care", {2015: 70.4, 2016: 70.8, 2017: 71.3, 2018: 72.1, 2019: 72.6, 2020: 73.0,
                               2021: 73.4, 2022: 73.7, 2023: 74.0}, (2017, 2019), SOURCE_HAARLEM)
# Exactly 70 days (10+0 weeks) is neither early nor late; the rest of the pregnancies have no known start.
CARE_DAY_70 = _t("care_day_70", dict.fromkeys(YEARS, 4.0), (), SOURCE_HAARLEM)
# Indicator 8: mother's problematic debts in the year of birth, 3.7% (2015) falling to 2.6% (2018).
MOTHER_DEBT = _t("mother_debt", {2015: 3.7, 2016: 3.3, 2017: 2.9, 2018: 2.6, 2019: 2.5, 2020: 2.3,
                                 2021: 2.2, 2022: 2.2, 2023: 2.3}, (2015, 2018), SOURCE_FACTSHEET)
# Indicator 10: no kraamzorg, live-born children; 5.0% in 2019, range 3.6-5.7% in 2015-2019.
NO_KRAAMZORG = _t("no_kraamzorg", {2015: 5.7, 2016: 4.6, 2017: 3.6, 2018: 4.2, 2019: 5.0, 2020: 4.8,
                                   2021: 4.6, 2022: 4.9, 2023: 5.1}, (2019,), SOURCE_FACTSHEET)
# Indicator 11 (characteristics only): single-parent households among live-born children.
SINGLE_PARENT = _t("single_parent", dict.fromkeys(YEARS, 6.0), (), SOURCE_FACTSHEET)
FATHER_DEBT = _t("father_debt", dict.fromkeys(YEARS, 2.0), (), SOURCE_FACTSHEET)
# Indicator 13: negative on both Van Wiechen language items, 5.5% (2018) -> 6.2% (2019).
SPEECH_NEGATIVE = _t("speech_negative", {2017: 5.4, 2018: 5.5, 2019: 6.2, 2020: 6.4, 2021: 6.5,
                                         2022: 6.4, 2023: 6.3}, (2018, 2019), SOURCE_FACTSHEET)
# "About 1 in 8 children negative on one of the items" (both years): negative on exactly one item.
SPEECH_ONE_NEGATIVE = _t("speech_one_negative", dict.fromkeys(YEARS, 6.5), (2018, 2019),
                         SOURCE_FACTSHEET)
# Indicator 14: overweight incl. obesity (IOTF), 7.8% (2018) -> 8.2% (2019).
OVERWEIGHT = _t("overweight", {2017: 7.9, 2018: 7.8, 2019: 8.2, 2020: 8.3, 2021: 8.1, 2022: 8.0,
                               2023: 7.9}, (2018, 2019), SOURCE_FACTSHEET)
# Indicator 15: out-of-home placement per child under 2, 1.7 per 1000 (2015) -> 1.6 (2019).
PLACED = _t("placed", {2015: 0.17, 2016: 0.17, 2017: 0.16, 2018: 0.16, 2019: 0.16, 2020: 0.16,
                       2021: 0.15, 2022: 0.15, 2023: 0.15}, (2015, 2019), SOURCE_FACTSHEET)

# Haarlem (GM0392), memo 2022: NL and Haarlem for 2017-2019, per 1000 births resp. percent.
HAARLEM = "GM0392"
HAARLEM_BIG2 = {"haarlem": (150.1, 147.5, 147.1), "nl": (160.7, 159.0, 157.5)}
HAARLEM_EARLY_CARE = {"haarlem": (78.0, 78.4, 78.4), "nl": (71.3, 72.1, 72.6)}
HAARLEM_PERINATAL = {"haarlem": (5.0, 4.6, 4.1), "nl": (4.4, 4.5, 4.5)}

# Effect of one standard deviation of the deprivation score on each latent (probit) score.
# Debts and single parenthood are set so that the spread of the gemeenten's expected rates matches
# what CBS reports per gemeente (the lowest gemeenten at about a fifth to a third of the national
# rate; see docs/demo-data.md): debts in households, 1 October 2020 (national 7.6%; lowest Rozendaal
# 1.3%, Bunnik 2.5%, Veere 2.9%; highest Rotterdam 15.5%, Schiedam 13.7%), children in a single-parent
# family, 2019 (national 16%; lowest Urk 3.8%, Staphorst 4.1%; highest Heerlen 28.7%, Rotterdam 28.5%).
# Kraamzorg: incomplete use 15% nationally, up to 25% in the big cities (Lagendijk, Erasmus MC, 2019);
# no kraamzorg gets the same shift on the probit scale for its most deprived gemeenten.
BETA: dict[str, float] = {
    "preterm": 0.08,
    "sga": 0.14,
    "perinatal_death": 0.10,
    "late_care": 0.25,
    "mother_debt": 0.15,
    "father_debt": 0.13,
    "low_income": 0.45,
    "single_parent": 0.15,
    "no_kraamzorg": 0.15,
    "placed": 0.35,
    "speech_negative": 0.15,
    "overweight": 0.12,
}


def threshold(scores: np.ndarray, rate: float) -> float:
    """The score above which a fraction ``rate`` of ``scores`` lies (the ``1 - rate`` quantile)."""
    if scores.size == 0:
        return float("inf")
    return float(np.quantile(scores, 1.0 - rate, method="higher"))


def probit_shift(national: float, local: float) -> float:
    """Shift on the probit scale that turns a rate ``national`` into ``local``."""
    return float(norm.ppf(local) - norm.ppf(national))


def big2_shift(preterm: float, sga: float, overlap: float, ratio: float) -> float:
    """Common probit shift of the preterm and SGA scores that multiplies Big2 by ``ratio``.

    Big2 = preterm + (1 - preterm) * SGA among term births; solved with Brent's method.
    """
    sga_term = (sga - overlap) / (1.0 - preterm)
    base = preterm + (1.0 - preterm) * sga_term

    def gap(shift: float) -> float:
        p = norm.cdf(norm.ppf(preterm) + shift)
        s = norm.cdf(norm.ppf(sga_term) + shift)
        return p + (1.0 - p) * s - base * ratio

    return float(brentq(gap, -3.0, 3.0))


def haarlem_offsets() -> dict[str, float]:
    """Haarlem's own probit offsets so its expected figures sit near the memo's (mean of 2017-2019).

    Deprivation is added on top; the offsets use the memo's Haarlem/NL contrasts, not its levels.
    """
    ratio = float(np.mean(HAARLEM_BIG2["haarlem"]) / np.mean(HAARLEM_BIG2["nl"]))
    big2 = big2_shift(PRETERM.at(2019), SGA.at(2019), PRETERM_AND_SGA.at(2019), ratio)
    early = probit_shift(
        float(np.mean(HAARLEM_EARLY_CARE["nl"])) / 100, float(np.mean(HAARLEM_EARLY_CARE["haarlem"])) / 100
    )
    death = probit_shift(
        float(np.mean(HAARLEM_PERINATAL["nl"])) / 1000, float(np.mean(HAARLEM_PERINATAL["haarlem"])) / 1000
    )
    # Earlier start of care is a lower "late" score.
    return {"preterm": big2, "sga": big2, "late_care": -early, "perinatal_death": death}
