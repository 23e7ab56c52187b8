"""The colophon's account of what is missing in the records behind a factsheet (see
:mod:`kansrijk.intake.quality`): per optional column, the count for the area and for NL over all years,
a count below the threshold shown as "minder dan <threshold>" (it counts persons)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kansrijk.intake.quality import LABELS
from kansrijk.publish.formatting import count


@dataclass(frozen=True)
class MissingLine:
    """One line of a colophon: what is missing of one column, for an area and for NL, all years."""

    label: str
    area_missing: str  # "412", or "minder dan 10"
    area_total: str
    nl_missing: str
    nl_total: str


def colophon_lines(quality: pd.DataFrame, area_codes: list[str], threshold: int) -> list[MissingLine]:
    """Per optional column with anything missing nationally: the count for the area (the sum over
    ``area_codes``, shown as "minder dan <threshold>" when small) and for NL, over all years."""
    lines = []
    for (kind, column), part in quality.groupby(["kind", "column"], sort=False):
        nl_missing, nl_total = int(part["missing"].sum()), int(part["total"].sum())
        if not nl_missing:
            continue
        mine = part[part["area_code"].isin(area_codes)]
        missing, total = int(mine["missing"].sum()), int(mine["total"].sum())
        lines.append(MissingLine(LABELS[(kind, column)], _shown(missing, threshold), count(total),
                                 _shown(nl_missing, threshold), count(nl_total)))
    return lines


def _shown(number: int, threshold: int) -> str:
    return count(number) if number >= threshold else f"minder dan {threshold}"
