"""Synthetic births of one year (Perined-like): pregnancies, twins, gestational age, birth weight from
the Hoftiezer chart, stillbirth and early neonatal death, and the start of pregnancy care.

See ``kansrijk.demo.calibration`` for the targets and the quantile rule, ``docs/demo-data.md`` for the
model as a whole.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import norm

from kansrijk.demo import calibration as cal
from kansrijk.engine.references import HOFTIEZER_FIRST_DAY, HOFTIEZER_LAST_DAY, hoftiezer_centiles

TWIN_PREGNANCY_RATE = 0.0085  # about 1.7% of children are one of twins
BEFORE_22_WEEKS = 0.001  # stillbirths of 20-21 weeks, outside every Big2 denominator
STILLBORN_22_23 = 0.85  # share of 22-23 week births that are stillborn
STILLBORN_OF_DEATHS = 0.65  # share of perinatal deaths (>= 24 weeks) that are stillbirths
MALE = 0.513
Z_P10 = float(norm.ppf(0.10))
# Probit risk of perinatal death by gestational age band (from 24 weeks), and for SGA.
DEATH_RISK = ((168, 196, 2.6), (196, 224, 1.8), (224, 259, 0.9))
DEATH_RISK_SGA = 0.4
# Preterm gestational age (from 24 weeks) by band: (first day, last day + 1, share).
PRETERM_BANDS = ((168, 196, 0.08), (196, 224, 0.12), (224, 238, 0.15), (238, 259, 0.65))
TERM_DAYS = np.arange(259, 301)
TERM_P = norm.pdf(TERM_DAYS, loc=279.0, scale=8.0) / norm.pdf(TERM_DAYS, loc=279.0, scale=8.0).sum()


@dataclass
class Births:
    """Child-level arrays of one birth year; pregnancy attributes repeated for each child of twins."""

    year: int
    unit: np.ndarray  # index into the year's codes
    current: np.ndarray  # index of the current gemeente
    pregnancy: np.ndarray  # pregnancy number within the year (shared by twins)
    first_of_pregnancy: np.ndarray
    birth_day: np.ndarray  # day of the year, 0-based
    sex_male: np.ndarray
    ga_days: np.ndarray
    weight_g: np.ndarray
    stillborn: np.ndarray
    death_after_days: np.ndarray  # -1 if alive after the first week
    start_care: np.ndarray  # float, NaN where unknown


def _chart() -> tuple[np.ndarray, np.ndarray]:
    """Hoftiezer P10 and P50 as arrays indexed [male, day]."""
    p10 = np.zeros((2, HOFTIEZER_LAST_DAY + 1))
    p50 = np.zeros((2, HOFTIEZER_LAST_DAY + 1))
    for row in hoftiezer_centiles():
        m = 1 if row.sex == "M" else 0
        p10[m, row.ga_days] = row.p10
        p50[m, row.ga_days] = row.p50
    return p10, p50


def generate_births(
    year: int,
    mu: np.ndarray,
    current: np.ndarray,
    deprivation: np.ndarray,
    offsets: dict[str, np.ndarray],
    rng: np.random.Generator,
) -> Births:
    """Draw one year's births for the year's codes (``mu`` expected children per code).

    ``deprivation`` and every array in ``offsets`` are per current gemeente.
    """
    n_preg_unit = rng.poisson(mu / (1.0 + TWIN_PREGNANCY_RATE))
    preg_unit = np.repeat(np.arange(mu.size), n_preg_unit)
    n_preg = preg_unit.size
    preg_current = current[preg_unit]
    dep = deprivation[preg_current]
    twin = rng.random(n_preg) < TWIN_PREGNANCY_RATE
    days_in_year = 366 if year % 4 == 0 else 365
    birth_day = rng.integers(0, days_in_year, n_preg)

    def off(name: str) -> np.ndarray:
        return offsets[name][preg_current] if name in offsets else np.zeros(n_preg)

    # Gestational age class per pregnancy: < 22 weeks, 22-23 weeks, otherwise by the preterm score.
    u = rng.random(n_preg)
    early_class = np.where(u < BEFORE_22_WEEKS, 0, np.where(u < BEFORE_22_WEEKS + cal.WEEK_22_23.at(year), 1, 2))
    n_child = np.where(twin, 2, 1)
    ge22 = early_class >= 1
    children_ge22 = int(n_child[ge22].sum())
    wk22 = early_class == 1
    pt_score = cal.BETA["preterm"] * dep + off("preterm") + 1.3 * twin + rng.standard_normal(n_preg)
    main = early_class == 2
    want_preterm = cal.PRETERM.at(year) * children_ge22 - n_child[wk22].sum()
    pt_rate = max(want_preterm, 0.0) / n_child[main].sum()
    preterm = main & (pt_score > cal.threshold(np.repeat(pt_score[main], n_child[main]), pt_rate))

    ga = np.empty(n_preg, dtype=np.int64)
    ga[early_class == 0] = rng.integers(140, 154, int((early_class == 0).sum()))
    ga[wk22] = rng.integers(154, 168, int(wk22.sum()))
    band_choice = rng.choice(len(PRETERM_BANDS), int(preterm.sum()), p=[b[2] for b in PRETERM_BANDS])
    lo = np.array([b[0] for b in PRETERM_BANDS])[band_choice]
    hi = np.array([b[1] for b in PRETERM_BANDS])[band_choice]
    ga[preterm] = lo + (rng.random(lo.size) * (hi - lo)).astype(np.int64)
    term = main & ~preterm
    ga[term] = rng.choice(TERM_DAYS, int(term.sum()), p=TERM_P)

    care = _start_of_care(year, ga, dep, off("late_care"), rng)

    # Children.
    pregnancy = np.repeat(np.arange(n_preg), n_child)
    first = np.ones(pregnancy.size, dtype=bool)
    first[1:] = pregnancy[1:] != pregnancy[:-1]
    c_ga = ga[pregnancy]
    c_dep = dep[pregnancy]
    c_current = preg_current[pregnancy]
    n = pregnancy.size
    male = rng.random(n) < MALE
    c_ge22 = c_ga >= 154
    c_pre = c_ga < 259

    # Small for gestational age: threshold separately among term and among preterm children with a
    # centile, so that SGA and the preterm-and-SGA overlap hit their targets.
    sga_score = (
        cal.BETA["sga"] * c_dep
        + (offsets["sga"][c_current] if "sga" in offsets else 0.0)
        + 0.5 * twin[pregnancy]
        + rng.standard_normal(n)
    )
    has_centile = c_ga >= HOFTIEZER_FIRST_DAY
    term_c = c_ge22 & ~c_pre
    pre_c = c_pre & has_centile
    n22 = int(c_ge22.sum())
    overlap = cal.PRETERM_AND_SGA.at(year) * n22
    t_term = cal.threshold(sga_score[term_c], (cal.SGA.at(year) * n22 - overlap) / max(term_c.sum(), 1))
    t_pre = cal.threshold(sga_score[pre_c], overlap / max(pre_c.sum(), 1))
    t_child = np.where(c_pre, t_pre, t_term)
    sga = has_centile & (sga_score > t_child)
    weight = _weights(c_ga, male, sga_score - t_child, sga, rng)

    stillborn, death_after = _deaths(year, c_ga, sga, c_dep, c_current, offsets, rng)
    return Births(
        year=year,
        unit=preg_unit[pregnancy],
        current=c_current,
        pregnancy=pregnancy,
        first_of_pregnancy=first,
        birth_day=birth_day[pregnancy],
        sex_male=male,
        ga_days=c_ga,
        weight_g=weight,
        stillborn=stillborn,
        death_after_days=death_after,
        start_care=care[pregnancy],
    )


def _weights(
    ga: np.ndarray, male: np.ndarray, excess: np.ndarray, sga: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Birth weight in grams: log-normal around the Hoftiezer P50 with P10 at z = -1.2816.

    ``excess`` > 0 puts a child below its P10; rounding goes away from P10 so the class is kept.
    """
    p10, p50 = _chart()
    m = male.astype(np.int64)
    day = np.clip(ga, HOFTIEZER_FIRST_DAY, HOFTIEZER_LAST_DAY)
    med = p50[m, day]
    spread = np.log(med / p10[m, day]) / -Z_P10
    z = Z_P10 - excess
    raw = med * np.exp(spread * z)
    weight = np.where(sga, np.floor(raw), np.ceil(raw))
    before = ga < HOFTIEZER_FIRST_DAY
    # No chart before 23+0 weeks: scale the first day's median down, with some spread.
    weight[before] = np.round(
        med[before] * (ga[before] / HOFTIEZER_FIRST_DAY) ** 3 * np.exp(0.12 * rng.standard_normal(int(before.sum())))
    )
    # Keep within what a birth register accepts; the clip never crosses a P10 (always 300-4000 g).
    return np.clip(weight, 150, 6200).astype(np.int64)


def _deaths(
    year: int,
    ga: np.ndarray,
    sga: np.ndarray,
    dep: np.ndarray,
    current: np.ndarray,
    offsets: dict[str, np.ndarray],
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Stillbirth and death within 7 days; calibrated to perinatal mortality from 24 weeks."""
    n = ga.size
    risk = np.zeros(n)
    for lo, hi, r in DEATH_RISK:
        risk[(ga >= lo) & (ga < hi)] = r
    score = (
        cal.BETA["perinatal_death"] * dep
        + (offsets["perinatal_death"][current] if "perinatal_death" in offsets else 0.0)
        + risk
        + DEATH_RISK_SGA * sga
        + rng.standard_normal(n)
    )
    ge24 = ga >= 168
    dead = ge24 & (score > cal.threshold(score[ge24], cal.PERINATAL_DEATH.at(year)))
    u = rng.random(n)
    stillborn = (ga < 154) | ((ga >= 154) & (ga < 168) & (u < STILLBORN_22_23)) | (dead & (u < STILLBORN_OF_DEATHS))
    early_death = (dead & ~stillborn) | ((ga >= 154) & (ga < 168) & ~stillborn & (rng.random(n) < 0.7))
    death_after = np.where(early_death, rng.integers(0, 7, n), -1)
    return stillborn, death_after


def _start_of_care(
    year: int, ga: np.ndarray, dep: np.ndarray, offset: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Gestational age in days at the first care contact per pregnancy (NaN where unknown).

    Among pregnancies >= 22 weeks: early (< 70 days), exactly 70 days, late (> 70 days) by the late-care
    score; the unknown share is what the three targets leave over.
    """
    n = ga.size
    early, late, day70 = cal.EARLY_CARE.at(year), cal.LATE_CARE.at(year), cal.CARE_DAY_70.at(year)
    unknown = 1.0 - early - late - day70
    score = cal.BETA["late_care"] * dep + offset + rng.standard_normal(n)
    known = rng.random(n) >= unknown
    base = known & (ga >= 154)
    t_late = cal.threshold(score[base], late / (1.0 - unknown))
    t_early = cal.threshold(score[base], 1.0 - early / (1.0 - unknown))
    care = np.full(n, np.nan)
    is_late = known & (score > t_late)
    is_early = known & ~is_late & (score <= t_early)
    care[known & ~is_late & ~is_early] = 70
    care[is_early] = np.clip(69 - np.abs(rng.normal(0, 12, n)).astype(np.int64), 35, 69)[is_early]
    late_days = 71 + rng.geometric(1 / 30, n) - 1
    care[is_late] = np.minimum(late_days, np.maximum(ga - 7, 71))[is_late]
    return care
