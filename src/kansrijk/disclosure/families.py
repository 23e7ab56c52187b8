"""Measures that share their denominators: the same persons counted for different outcomes.

ks12.a, ks12.vroeg and ks12.klein count outcomes among the same births; ks08, ks10 and ks11.a-d among
the same households; ks15 and vw01 among the same children. Such measures publish the same
denominators, so a denominator one of them hides is public when another publishes it, and an
attacker solves them together. Disclosure control therefore

1. protects the small denominators of a family once, on the denominators alone (a count measure of
   its own, :func:`denominator_measure`), and hides the figures that protection needs in every member
   (so those denominators stay unknown whatever the members publish besides); and
2. checks each member as if every other denominator were public (the attacker may have it from a
   sibling), which is at least what an attacker holding all members knows.

A family is found from the data: measures of persons with a denominator whose rows have the same
keys, statuses and denominators, and the same small-number rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from kansrijk.catalogue import Measure

KEYS = ["area_code", "period_start", "period_end", "reference_date"]


@dataclass(frozen=True)
class Shared:
    """What a measure's check takes from its family (positions over the measure's active rows):
    ``forced`` rows are hidden to protect the family's small denominators; ``den_known`` rows have a
    denominator the attacker may know from a sibling; ``floors`` (the family's own check) the lower
    bound an attacker knows for each hidden denominator."""

    forced: np.ndarray | None = None
    den_known: np.ndarray | None = None
    floors: np.ndarray | None = None


def denominator_families(frame: pd.DataFrame, measures: dict[str, Measure]) -> list[tuple[str, ...]]:
    """Groups of two or more measures in ``frame`` (sorted by measure and key) with the same
    denominators on the same keys; each group in name order."""
    groups: dict[tuple, list[str]] = {}
    # A measure's fingerprint: the bytes of its rows' keys and statuses (as integers) and denominators.
    keys = np.column_stack([
        pd.factorize(frame["area_code"])[0], frame["period_start"].to_numpy(np.int64),
        frame["period_end"].to_numpy(np.int64), frame["reference_date"].to_numpy("datetime64[ns]").view(np.int64),
        pd.factorize(frame["status"])[0],
    ])
    denominators = frame["denominator"].to_numpy(float)
    has_denominator = ~np.isnan(denominators)
    denominators = np.where(has_denominator, denominators, -np.inf)
    code, names = pd.factorize(frame["indicator"], sort=True)
    for name, positions in zip(names, np.split(np.argsort(code, kind="stable"), np.cumsum(np.bincount(code))[:-1])):
        measure = measures[str(name)]
        if not measure.counts_persons or not measure.share or not has_denominator[positions].any():
            continue
        rules = (measure.threshold, measure.rounding, measure.protection)
        fingerprint = keys[positions].tobytes() + denominators[positions].tobytes()
        groups.setdefault((rules, len(positions), fingerprint), []).append(str(name))
    return [tuple(names) for names in groups.values() if len(names) > 1]


def denominator_measure(family: Sequence[str], measures: dict[str, Measure]) -> Measure:
    """The family's denominators as a count measure of their own, with the members' rules."""
    first = measures[family[0]]
    return replace(first, id="+".join(family), unit="count", complement=False)


def denominator_frame(rows: pd.DataFrame, family: Sequence[str]) -> pd.DataFrame:
    """``rows`` (of the family's first member) with their denominator as the count."""
    return rows.assign(indicator="+".join(family), numerator=rows["denominator"], denominator=np.nan)


def denominator_floors(denominators: np.ndarray, family: Sequence[str], measures: dict[str, Measure]) -> np.ndarray:
    """The lower bound an attacker holding every member may know of a hidden denominator that is not
    small: the threshold, and twice that when a member protects complements and the denominator is
    that large (a member may then show the row as ``privacy``: numerator and complement each at least
    the threshold). The bound is true of the data, so checking against it only makes the check
    stronger."""
    threshold = float(measures[family[0]].threshold)
    complements = any(measures[m].complement_protected for m in family)
    double = complements & (np.nan_to_num(denominators) >= 2 * threshold)
    return np.where(double, 2 * threshold, threshold)
