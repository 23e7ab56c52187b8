"""Programme facts are facts, and counts over all gemeenten are a census.

A programme indicator counted per gemeente from the registry (ks01-ks05, gm03.gemeenten: "has a
local coalition", "offers VoorZorg") is, for one gemeente, a fact: ja or nee, never a fraction and
never with a sampling interval. A gemeente of today that was formed by a merger carries, for the
years before it, the facts of the gemeenten merged into it; the catalogue's ``merged_facts`` rule
says how they combine (``all``, the default: ja only when the fact held for every one of them, so
Eemsdelta 2020 has a coalition only when Appingedam, Delfzijl and Loppersum each had one; ``any``: ja
when it held for one). Regions and NL keep the count of their gemeenten in that year's division
("59 van 275 gemeenten"), summed before this rule is applied.

Counts from the registry (``data: registry``) and counts of gemeenten with a fact (a fact measure
without a questionnaire behind it, such as gm03.gemeenten) are counts of every gemeente, practice or
organisation, not a sample: they get no interval and no significance test. Shares from a
questionnaire (catalogue ``survey``: ks01, ks02, ks04) keep their intervals above gemeente level.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kansrijk.catalogue import Measure
from kansrijk.engine.frames import per_value
from kansrijk.engine.programme import GEMEENTE_RULES
from kansrijk.vocabulary import CENSUS_METHOD, PUBLISHED

FACT_MEASURES = frozenset(GEMEENTE_RULES)
LIMITS = ("lower", "upper", "lower_998", "upper_998")


def _fact_rows(frame: pd.DataFrame, gemeenten: set[str]) -> np.ndarray:
    return (frame["indicator"].isin(FACT_MEASURES) & frame["area_code"].isin(gemeenten)).to_numpy()


def merged_facts(frame: pd.DataFrame, measures: dict[str, Measure], gemeenten: set[str]) -> pd.DataFrame:
    """Every gemeente row of a fact measure as one fact (numerator 0 or 1 of 1), by each measure's
    ``merged_facts`` rule; the sums of higher areas are left as they are."""
    rows = _fact_rows(frame, gemeenten) & (frame["status"] == PUBLISHED).to_numpy()
    rows &= frame["denominator"].to_numpy(float) > 1
    if not rows.any():
        return frame
    out = frame.copy()
    num = out["numerator"].to_numpy(float)
    den = out["denominator"].to_numpy(float)
    rule = per_value(out["indicator"], lambda i: measures[i].merged_facts)
    hit = np.where(rule == "any", num >= 1, num >= den)
    out.loc[rows, "numerator"] = hit[rows].astype(float)
    out.loc[rows, "denominator"] = 1.0
    return out


def without_sampling_intervals(frame: pd.DataFrame, measures: dict[str, Measure], gemeenten: set[str]) -> pd.DataFrame:
    """No interval for a fact of one gemeente, nor for a count over all (see the module docstring)."""
    census = per_value(frame["indicator"], lambda i: measures[i].data == "registry" or (
        i in FACT_MEASURES and measures[i].survey is None)).astype(bool)
    rows = census | _fact_rows(frame, gemeenten)
    if not rows.any():
        return frame
    out = frame.copy()
    out.loc[rows, list(LIMITS)] = np.nan
    out.loc[rows, "method"] = CENSUS_METHOD
    return out
