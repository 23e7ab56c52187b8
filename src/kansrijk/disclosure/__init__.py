"""Disclosure control, in one place, after computation and before anything is published.

1. Primary suppression (``te_klein``): a count of persons below the threshold, see
   :mod:`kansrijk.disclosure.primary`.
2. Secondary suppression (``privacy``): no small number may be derivable from what is published, by
   linear algebra or by a linear programme with every count at least 0. Every published figure is a
   sum of inner cells (:mod:`~kansrijk.disclosure.relations`); candidates are published in order of
   value unless they would reveal a small number (Gaussian elimination,
   :mod:`~kansrijk.disclosure.gauss`); then the interval an attacker can derive for every small count
   is checked by linear programming and more is hidden until none is narrower than the protection
   level (:mod:`~kansrijk.disclosure.secondary`, :mod:`~kansrijk.disclosure.intervals`).
3. Optional rounding of published counts to a base (as RIVM Regiobeeld does), per catalogue.

Every row that is not published keeps its status and a Dutch reason, and has every number empty.
The rows are put in one fixed order first, so the same inputs always give the same published
figures (whatever order a working copy happens to hold its rows in).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Measure
from kansrijk.disclosure.primary import PUBLISHED, primary_suppression, round_counts, small_counts
from kansrijk.disclosure.secondary import secondary_suppression

TOO_SMALL = "te_klein"
PRIVACY = "privacy"

REASONS: dict[str, str] = {
    "te_klein": "Te klein voor een betrouwbare uitkomst (minder dan {threshold} personen).",
    "niet_aangeboden": "De interventie of het programma wordt hier (nog) niet aangeboden.",
    "niet_geregistreerd": "De benodigde gegevens worden niet geregistreerd.",
    "privacy": "Niet getoond om privacyredenen: anders is een ander, klein aantal terug te rekenen.",
    "geen_data": "Geen gegevens beschikbaar.",
}

ROW_ORDER = ["indicator", "area_code", "period_start", "period_end", "reference_date"]
NUMBER_COLUMNS = ["numerator", "denominator", "value", "lower", "upper", "lower_998", "upper_998"]
HIDDEN_WITH_NUMBERS = ["benchmark_nl", "benchmark_region", "trend"]


def apply_disclosure(results: pd.DataFrame, measures: dict[str, Measure], areas: AreaRegistry) -> pd.DataFrame:
    """The publishable copy of ``results``: suppressed rows emptied with status and reason."""
    out = results.sort_values(ROW_ORDER, kind="stable").reset_index(drop=True)
    primary = primary_suppression(out, measures)
    privacy = secondary_suppression(out, primary, small_counts(out, measures), areas.membership(), measures)
    out.loc[primary, "status"] = TOO_SMALL
    out.loc[privacy & ~primary, "status"] = PRIVACY
    hidden = out["status"] != PUBLISHED
    out.loc[hidden, NUMBER_COLUMNS] = np.nan
    out.loc[hidden, HIDDEN_WITH_NUMBERS] = None
    thresholds = out["indicator"].map(lambda i: measures[i].threshold)
    out["reason"] = [
        REASONS[s].format(threshold=t) if s in REASONS else None for s, t in zip(out["status"], thresholds)
    ]
    # A benchmark against a region whose own figure is hidden would hint at that figure.
    hidden_codes = set(
        zip(out.loc[hidden, "indicator"], out.loc[hidden, "area_code"], out.loc[hidden, "period"])
    )
    region_hidden = [
        (i, r, p) in hidden_codes for i, r, p in zip(out["indicator"], out["region_code"], out["period"])
    ]
    out.loc[region_hidden, "benchmark_region"] = None
    for catalogue_rounding in {m.rounding for m in measures.values() if m.rounding}:
        rows = out["indicator"].map(
            lambda i, r=catalogue_rounding: measures[i].rounding == r and measures[i].counts_persons
        ).to_numpy(bool, copy=True)
        for col in ("numerator", "denominator"):
            out.loc[rows, col] = round_counts(out.loc[rows, col], catalogue_rounding)
    return out


__all__ = [
    "PRIVACY", "PUBLISHED", "REASONS", "TOO_SMALL", "apply_disclosure", "primary_suppression", "round_counts",
]
