"""Synthetic JGZ contacts around age 2: length, weight (IOTF overweight) and the two Van Wiechen
language items. Generated for every gemeente (the factsheet's figures came from 8-9 of the 37 JGZ
organisations; the demo pretends all delivered).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kansrijk.demo import calibration as cal
from kansrijk.engine.references import iotf_table

COVERAGE = 0.92  # share of surviving children seen at the 2-year contact
FIRST_AGE_DAYS = 731  # 2.0 years: the IOTF table starts there
LAST_AGE_DAYS = 821  # 27 months
ITEM_MISSING = 0.03
ITEM_MOTHER_REPORT = 0.01
BMI_SD = 1.3
MARGIN = 0.01  # keep generated BMIs this far from the cut-off so rounding cannot flip them


@dataclass
class Contacts:
    """Per contact (already restricted to the children seen)."""

    child: np.ndarray  # index into the cohort's children
    age_days: np.ndarray
    height_cm: np.ndarray
    weight_kg: np.ndarray
    vw_zinnen: np.ndarray
    vw_lichaamsdelen: np.ndarray


def overweight_cutoff(male: np.ndarray, age_days: np.ndarray) -> np.ndarray:
    """IOTF overweight cut-off (Cole et al. 2000, table 4), linear between half years."""
    table = iotf_table()
    out = np.empty(age_days.size)
    age = age_days / 365.25
    for sex, is_male in (("M", True), ("F", False)):
        rows = sorted((r.age_years, r.overweight) for r in table if r.sex == sex)
        xs, ys = np.array([r[0] for r in rows]), np.array([r[1] for r in rows])
        sel = male == is_male
        out[sel] = np.interp(age[sel], xs, ys)
    return out


def generate_contacts(
    contact_year: np.ndarray, male: np.ndarray, dep: np.ndarray, age_days: np.ndarray, rng: np.random.Generator
) -> Contacts:
    """Measurements and items for children seen; thresholds per contact year.

    ``contact_year``, ``male``, ``dep`` and ``age_days`` are per contact.
    """
    n = dep.size
    cutoff = overweight_cutoff(male, age_days)
    bmi_score = cal.BETA["overweight"] * dep + rng.standard_normal(n)
    speech_score = cal.BETA["speech_negative"] * dep + rng.standard_normal(n)
    measured = np.ones(n, dtype=bool)  # the record type requires height and weight
    items = [_item_state(n, rng), _item_state(n, rng)]
    scored = (items[0] == 1) & (items[1] == 1)
    known = (items[0] > 0) & (items[1] > 0)

    over = np.zeros(n, dtype=bool)
    bmi = np.empty(n)
    both_negative = np.zeros(n, dtype=bool)
    one_negative = np.zeros(n, dtype=bool)
    for year in np.unique(contact_year):
        sel = contact_year == year
        t = cal.threshold(bmi_score[sel & measured], cal.OVERWEIGHT.at(int(year)))
        excess = bmi_score[sel] - t
        over[sel] = excess > 0
        bmi[sel] = cutoff[sel] + BMI_SD * excess + np.where(excess > 0, MARGIN, -MARGIN)
        # The rate counts over children with both items filled in (an M, mother's report, counts as
        # filled in but never as negative), so the nurse-scored children carry it all.
        lift = (sel & known).sum() / max((sel & scored).sum(), 1)
        both_rate = cal.SPEECH_NEGATIVE.at(int(year)) * lift
        t_both = cal.threshold(speech_score[sel & scored], both_rate)
        t_one = cal.threshold(speech_score[sel & scored], both_rate + cal.SPEECH_ONE_NEGATIVE.at(int(year)))
        both_negative[sel] = speech_score[sel] > t_both
        one_negative[sel] = (speech_score[sel] > t_one) & ~both_negative[sel]

    height = np.round(np.where(male, 88.3, 87.0) + 3.3 * rng.standard_normal(n), 1)
    raw_weight = bmi * (height / 100) ** 2
    weight = np.where(over, np.ceil(raw_weight * 100), np.floor(raw_weight * 100)) / 100

    which = rng.integers(0, 2, n)  # the item that is negative when only one is
    zinnen = _item_text(items[0], both_negative | (one_negative & (which == 0)))
    delen = _item_text(items[1], both_negative | (one_negative & (which == 1)))
    return Contacts(np.arange(n), age_days, height, weight, zinnen, delen)


def _item_state(n: int, rng: np.random.Generator) -> np.ndarray:
    """0 missing, 1 scored by the nurse, 2 mother's report (M)."""
    u = rng.random(n)
    return np.where(u < ITEM_MISSING, 0, np.where(u < ITEM_MISSING + ITEM_MOTHER_REPORT, 2, 1))


def _item_text(state: np.ndarray, negative: np.ndarray) -> np.ndarray:
    text = np.where(negative, "-", "+").astype(object)
    text[state == 0] = None
    text[state == 2] = "M"
    return text
