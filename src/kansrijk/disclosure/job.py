"""One check of disclosure control: the rows of a measure (or of measures checked as one) and what
to protect among them, as handed to a worker process."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from kansrijk.catalogue import Measure
from kansrijk.disclosure.relations import MeasureRelations

# What a measure's check reads of its rows (and what is sent to a worker); ``headline`` where the
# frame has it (see :func:`kansrijk.disclosure.secondary.headlines`).
JOB_COLUMNS = ["numerator", "denominator", "area_level", "period_start", "period_end", "headline"]


def job_columns(frame: pd.DataFrame) -> list[str]:
    """The columns of :data:`JOB_COLUMNS` that ``frame`` has."""
    return [c for c in JOB_COLUMNS if c in frame]


class Job(NamedTuple):
    """The arguments of one measure's check (:func:`kansrijk.disclosure.secondary._one_measure`), over its active rows."""

    part: pd.DataFrame
    rel: MeasureRelations
    primary: np.ndarray
    small: np.ndarray
    candidate: np.ndarray
    known: np.ndarray
    measure: Measure
    # Rows that are no figure of their own (never published, so no status tells they are not small).
    unseen: np.ndarray | None = None


def any_of(masks: list[np.ndarray], size: int) -> np.ndarray:
    """Per position, whether any of ``masks`` holds (none: a mask of ``size`` False)."""
    out = np.zeros(size, dtype=bool)
    for mask in masks:
        out |= mask
    return out
