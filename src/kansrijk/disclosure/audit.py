"""The audit anyone can run on a publication: what an attacker derives about each small number.

It reads only what is public - the published rows (counts of published figures, the status of hidden
ones) and the area membership - and, for every ``te_klein`` figure, computes the interval of each of
its counts that follows from everything published (see :mod:`kansrijk.disclosure.intervals`). A
figure is listed when an interval holds a single whole number or is narrower than the catalogue's
protection level while it may hold a small number. Beside it, from the store's exact results, the
information loss: secondary suppressions per primary one and the largest denominator hidden for
privacy, per measure.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kansrijk.catalogue import Measure
from kansrijk.disclosure import REASONS, SOURCE_PRIVACY
from kansrijk.disclosure.intervals import attacker_intervals, exposed
from kansrijk.disclosure.relations import build_relations
from kansrijk.disclosure.secondary import knowledge
from kansrijk.vocabulary import PRIVACY, PUBLISHED, TOO_SMALL

TAKING_PART = (PUBLISHED, TOO_SMALL, PRIVACY)


@dataclass(frozen=True)
class Finding:
    """A small number an attacker confines too tightly."""

    indicator: str
    area_code: str
    period: str
    count: str
    lower: float
    upper: float


@dataclass(frozen=True)
class MeasureAudit:
    """The audit of one measure: what was checked, what was found, and what the publication hides."""

    indicator: str
    primary: int
    secondary: int
    largest_hidden_denominator: float | None
    findings: tuple[Finding, ...]
    seconds: float


def audit_publication(
    published: pd.DataFrame,
    measures: dict[str, Measure],
    membership: Sequence[tuple[str, str]],
    results: pd.DataFrame | None = None,
) -> list[MeasureAudit]:
    """Audit every measure of ``published`` (see the module docstring); ``results`` (the exact
    figures) only adds the largest denominator hidden for privacy."""
    published = published.reset_index(drop=True)
    status = published["status"].to_numpy()
    # A figure its source withholds (told apart by its reason) holds no counts and is in no sum.
    withheld = (published["reason"] == REASONS[SOURCE_PRIVACY]).to_numpy()
    active = np.isin(status, TAKING_PART) & ~withheld & published["indicator"].isin(list(measures)).to_numpy()
    hidden_den = _hidden_denominators(published, results)
    out = []
    for rel in build_relations(published, membership, active=active):
        started = time.perf_counter()
        measure = measures[rel.indicator]
        part = published.iloc[rel.rows]
        part_status = part["status"].to_numpy()
        is_public = part_status == PUBLISHED
        k = knowledge(rel, is_public, part["numerator"].to_numpy(float), part["denominator"].to_numpy(float),
                      part_status == PRIVACY, measure)
        targets = np.flatnonzero(part_status == TOO_SMALL)
        level, threshold = float(measure.protection), float(measure.threshold)
        found = exposed(attacker_intervals(k, targets, level, threshold), level, threshold) if len(targets) else []
        findings = tuple(
            Finding(rel.indicator, str(part["area_code"].iloc[i.row]), str(part["period"].iloc[i.row]),
                    i.quantity, i.lower, i.upper)
            for i in found
        )
        out.append(MeasureAudit(
            rel.indicator, int(len(targets)), int((part_status == PRIVACY).sum()),
            hidden_den.get(rel.indicator), findings, time.perf_counter() - started,
        ))
    return out


def _hidden_denominators(published: pd.DataFrame, results: pd.DataFrame | None) -> dict[str, float]:
    if results is None:
        return {}
    keys = ["indicator", "area_code", "period", "reference_date"]
    privacy = published.loc[published["status"] == PRIVACY, keys]
    exact = privacy.merge(results[keys + ["denominator"]], on=keys, how="left")
    return exact.groupby("indicator")["denominator"].max().dropna().to_dict()
