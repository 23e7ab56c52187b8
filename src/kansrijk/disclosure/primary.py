"""Primary suppression and rounding: the small numbers themselves.

A figure about persons whose numerator or denominator is below the catalogue's threshold (default
10), or, for a percentage, whose complement (denominator minus numerator) is, is not published
(``te_klein``). Counts of organisations (gemeenten, practices) are not persons and are exempt (RIVM
publishes 8 of 37 JGZ organisations). Published counts may be rounded to a base (as RIVM Regiobeeld
rounds to tens); values and intervals are computed from the exact counts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kansrijk.catalogue import Measure
from kansrijk.vocabulary import PUBLISHED


def measure_table(frame: pd.DataFrame, measures: dict[str, Measure], *attributes: str) -> np.ndarray:
    """Each ``attribute`` of each row's measure (one row per attribute), looked up once per measure;
    a single attribute gives a single row."""
    codes, names = pd.factorize(frame["indicator"])
    per_measure = np.array([[getattr(measures[name], a) for name in names] for a in attributes], dtype=object)
    table = per_measure[:, codes] if len(names) else np.zeros((len(attributes), 0), dtype=object)
    return table[0] if len(attributes) == 1 else table


def small_counts(frame: pd.DataFrame, measures: dict[str, Measure]) -> np.ndarray:
    """Per row, which counts are small: (numerator, denominator, complement) as a boolean array.

    Counts of organisations are never small; the complement only for percentages that protect it.
    """
    num = frame["numerator"].to_numpy(float)
    den = frame["denominator"].to_numpy(float)
    persons, threshold, complement, unit = measure_table(frame, measures, "counts_persons", "threshold",
                                                        "complement", "unit")
    threshold = np.where(persons.astype(bool), threshold.astype(float), 0.0)
    complement = complement.astype(bool) & (unit == "percentage")
    with np.errstate(invalid="ignore"):
        return np.column_stack([num < threshold, den < threshold, complement & ((den - num) < threshold)])


def told_bounds(told: np.ndarray, threshold: float) -> np.ndarray | None:
    """What a ``te_klein`` status tells: the small counts (``told``, per row numerator, denominator
    and complement, as from :func:`small_counts`) are at most ``threshold - 1`` (counts are whole
    numbers); infinite elsewhere. None when nothing is told.

    The status itself says only that one count of the figure is small; where the others cannot be (a
    denominator in the hundreds) an attacker knows which. The checks assume the attacker always
    knows which: more than the status tells, so what holds against it holds against the status.
    """
    if not told.any():
        return None
    return np.where(told, threshold - 1.0, np.inf)


def primary_suppression(frame: pd.DataFrame, measures: dict[str, Measure]) -> np.ndarray:
    """Boolean mask of published rows about persons with a count below the threshold."""
    return (frame["status"].to_numpy() == PUBLISHED) & small_counts(frame, measures).any(axis=1)


def rounded(values: np.ndarray, base: int) -> np.ndarray:
    """Counts rounded to the nearest multiple of ``base`` (half away from zero); base 0 leaves them."""
    return values if not base else np.sign(values) * np.floor(np.abs(values) / base + 0.5) * base


def round_counts(values: pd.Series, base: int) -> pd.Series:
    """:func:`rounded` for a column."""
    if not base:
        return values
    return pd.Series(rounded(values.to_numpy(float), base), index=values.index)
