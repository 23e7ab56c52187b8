"""Disclosure control, in one place, after computation and before anything is published.

1. Primary suppression: a figure about persons whose numerator or denominator is below the
   catalogue's threshold (default 10), or, for a percentage, whose complement (denominator minus
   numerator) is, is not published (``te_klein``). Counts of organisations (gemeenten, practices) are
   not persons and are exempt (RIVM publishes 8 of 37 JGZ organisations).
2. Secondary suppression (``privacy``): no suppressed figure may be derivable from published totals
   and their published parts; see :mod:`kansrijk.suppression`.
3. Optional rounding of published counts to multiples of 10 (as RIVM Regiobeeld does), per catalogue.
   Values and intervals are computed from the exact counts.

Every row that is not published keeps its status and a Dutch reason, and has every number empty.
The rows are put in one fixed order first: which rows secondary suppression picks depends on the
order it meets them in, and the same inputs must always give the same published figures (whatever
order a working copy happens to hold its rows in).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Measure
from kansrijk.suppression import secondary_suppression

PUBLISHED = "gepubliceerd"
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


def primary_suppression(frame: pd.DataFrame, measures: dict[str, Measure]) -> np.ndarray:
    """Boolean mask of published rows about persons with a count below the threshold."""
    num = frame["numerator"].to_numpy(float)
    den = frame["denominator"].to_numpy(float)
    threshold = frame["indicator"].map(lambda i: measures[i].threshold if measures[i].counts_persons else 0)
    threshold = threshold.to_numpy(float)
    complement = frame["indicator"].map(
        lambda i: measures[i].complement and measures[i].unit == "percentage"
    ).to_numpy(bool)
    with np.errstate(invalid="ignore"):
        small = (num < threshold) | (den < threshold) | (complement & ((den - num) < threshold))
    return (frame["status"].to_numpy() == PUBLISHED) & small


def round_counts(values: pd.Series, base: int) -> pd.Series:
    """Round counts to the nearest multiple of ``base`` (half away from zero); base 0 leaves them."""
    if not base:
        return values
    arr = values.to_numpy(float)
    return pd.Series(np.sign(arr) * np.floor(np.abs(arr) / base + 0.5) * base, index=values.index)


def apply_disclosure(results: pd.DataFrame, measures: dict[str, Measure], areas: AreaRegistry) -> pd.DataFrame:
    """The publishable copy of ``results``: suppressed rows emptied with status and reason."""
    out = results.sort_values(ROW_ORDER, kind="stable").reset_index(drop=True)
    primary = primary_suppression(out, measures)
    pooled = {m.id for m in measures.values() if m.pooled_years}
    hidden = primary | (out["status"] != PUBLISHED).to_numpy()
    privacy = secondary_suppression(out, hidden, areas.membership(), pooled, protect=primary)
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
