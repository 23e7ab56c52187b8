"""What the published values give back of counts published rounded.

A catalogue may round the counts it publishes (to tens, as RIVM Regiobeeld does), but a figure's
value and confidence interval are computed from the exact counts and published beside them: 45,736...%
of about 130 respondents is 59 of 129 and nothing else, and where the value fits several pairs (50%
of about 100) its interval, which narrows as the denominator grows, tells them apart. Rounding the
counts is therefore no protection: the checks take every published count as exact, and the audit,
which attacks what is public, first reads the exact counts back as an attacker would
(:func:`read_back`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kansrijk.catalogue import Measure
from kansrijk.stats.units import unit_limits
from kansrijk.vocabulary import PUBLISHED

#: How closely a pair of counts must give the published value and lower limit (relative).
TOLERANCE = 1e-9


def read_back(published: pd.DataFrame, measures: dict[str, Measure]) -> tuple[pd.DataFrame, np.ndarray]:
    """``published`` with the exact counts of every published figure whose counts are rounded
    where its value and lower limit leave one pair of counts within the rounding, and a mask of the
    rounded figures where they leave none or several (their counts stay as published). Figures
    without a value are left as they are."""
    rounded = {name: m for name, m in measures.items() if m.rounding and m.counts_persons}
    indicator = published["indicator"].to_numpy()
    unsure = np.zeros(len(published), dtype=bool)
    taken = np.isin(indicator, list(rounded)) & (published["status"].to_numpy() == PUBLISHED)
    if not taken.any():
        return published, unsure
    # A figure without a value (one an earlier edition published, from the ledger's exact counts)
    # has nothing to read back.
    taken &= published["value"].notna().to_numpy()
    out = published.copy()
    for b, unit in {(m.rounding, m.unit) for m in rounded.values()}:
        names = [name for name, m in rounded.items() if (m.rounding, m.unit) == (b, unit)]
        rows = np.flatnonzero(taken & np.isin(indicator, names))
        if not len(rows):
            continue
        num, den = _exact_pairs(out.iloc[rows], int(b), str(unit))
        found = ~np.isnan(num)
        out.loc[out.index[rows[found]], "numerator"] = num[found]
        if unit != "count":
            out.loc[out.index[rows[found]], "denominator"] = den[found]
        unsure[rows[~found]] = True
    return out, unsure


def _exact_pairs(rows: pd.DataFrame, base: int, unit: str) -> tuple[np.ndarray, np.ndarray]:
    """Per row the one pair of counts within the rounding that gives its value and lower limit
    (NaN where none or several do)."""
    offsets = np.arange(-(base // 2), base - base // 2, dtype=float)  # half away from zero
    value, lower = rows["value"].to_numpy(float), rows["lower"].to_numpy(float)
    num = rows["numerator"].to_numpy(float)[:, None, None] + offsets[None, :, None]
    if unit == "count":
        den = np.ones((len(rows), 1, 1))
    else:
        den = rows["denominator"].to_numpy(float)[:, None, None] + offsets[None, None, :]
    num, den = np.broadcast_arrays(num, den)
    row = np.broadcast_to(np.arange(len(rows))[:, None, None], num.shape)
    num, den, row = num.ravel(), den.ravel(), row.ravel()
    keep = (num >= 0) & (den > 0) & ((num <= den) | (unit != "percentage"))
    num, den, row = num[keep], den[keep], row[keep]
    if unit == "mean":
        fits = _close(num / den, value[row])
    else:
        got, low, _ = unit_limits(unit, num, den)
        fits = _close(got, value[row]) & (_close(low, lower[row]) | np.isnan(lower[row]))
    hits = np.bincount(row[fits], minlength=len(rows))
    out_num, out_den = np.full(len(rows), np.nan), np.full(len(rows), np.nan)
    one = hits[row[fits]] == 1
    out_num[row[fits][one]], out_den[row[fits][one]] = num[fits][one], den[fits][one]
    return out_num, out_den


def _close(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.abs(a - b) <= TOLERANCE * np.maximum(1.0, np.abs(b))
