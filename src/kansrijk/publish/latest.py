"""Which published figure a user sees for one area and measure: one rule for every publisher.

The rule (used by the CLI dashboard, the factsheets, the web pages, maps, rankings and tables):

1. the latest single-year (or peildatum) row, when it is published;
2. otherwise the latest published pooled window (``2019-2023``): the one ending last, and of
   windows ending in the same year the shortest (the most recent information);
3. otherwise the latest single-year row as it is (hidden: status and reason, no numbers), so the
   page can say why there is no figure; an area with pooled rows only gets its latest pooled row.

RIVM publishes 5-year figures exactly for the gemeenten whose single years are too small, so a
hidden single year with a published 5-year figure should show that figure, never nothing.

An indicator defined over several years (catalogue ``figure_period: pooled``, Haarlem's hl03 as the
5-year Big2 figure of waarstaatjegemeente.nl) always shows its latest pooled window (published, else
as it is); its single years appear only in trend charts.

Maps of rare indicators (catalogue ``map_period: pooled``) show one pooled window for every
gemeente instead: :func:`map_row` with :func:`latest_pooled_period`.

Rows are mappings with the columns of the ``published`` table (``period``, ``period_start``,
``period_end``, ``reference_date``, ``status``, ``value``); missing numbers may be None or NaN.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from kansrijk.vocabulary import PUBLISHED

LATEST = "latest"
POOLED = "pooled"
MAP_PERIODS = (LATEST, POOLED)

Row = Mapping[str, Any]


def is_pooled(row: Row) -> bool:
    """Whether a row is a pooled multi-year figure (``2019-2023``)."""
    return int(row["period_start"]) != int(row["period_end"])


def is_published(row: Row) -> bool:
    """Whether a row carries a published number."""
    value = row.get("value")
    return row.get("status") == PUBLISHED and value is not None and value == value  # NaN != NaN


def _reference(row: Row) -> str:
    value = row.get("reference_date")
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return ""
    return str(value)[:10]


def _single_order(row: Row) -> tuple[int, str]:
    return int(row["period_end"]), _reference(row)


def _pooled_order(row: Row) -> tuple[int, int]:
    # latest end first; of equal ends the shortest window, whose years are the most recent
    return int(row["period_end"]), -(int(row["period_end"]) - int(row["period_start"]))


def _within(rows: Iterable[Row], year: int | None) -> list[Row]:
    return [r for r in rows if year is None or int(r["period_end"]) <= year]


def latest_single(rows: Iterable[Row], year: int | None = None) -> Row | None:
    """The latest single-year (or peildatum) row up to ``year``, whatever its status."""
    singles = [r for r in _within(rows, year) if not is_pooled(r)]
    return max(singles, key=_single_order) if singles else None


def latest_pooled(rows: Iterable[Row], year: int | None = None, published_only: bool = True) -> Row | None:
    """The latest pooled row up to ``year`` (by default only a published one)."""
    pooled = [r for r in _within(rows, year) if is_pooled(r) and (is_published(r) or not published_only)]
    return max(pooled, key=_pooled_order) if pooled else None


def shown(rows: Iterable[Row], year: int | None = None, figure_period: str = LATEST) -> Row | None:
    """The row a user sees for one area and measure (the rule in the module docstring)."""
    rows = _within(rows, year)
    if figure_period == POOLED:
        return latest_pooled(rows) or latest_pooled(rows, published_only=False)
    single = latest_single(rows)
    if single is not None and is_published(single):
        return single
    pooled = latest_pooled(rows)
    if pooled is not None:
        return pooled
    if single is not None:
        return single
    return latest_pooled(rows, published_only=False)


def replaced(rows: Iterable[Row], year: int | None = None, figure_period: str = LATEST) -> Row | None:
    """The hidden latest single-year row that :func:`shown` replaced by a pooled figure, if any."""
    if figure_period == POOLED:
        return None  # the pooled window is the figure itself, it stands in for nothing
    rows = _within(rows, year)
    row = shown(rows)
    if row is None or not is_pooled(row):
        return None
    single = latest_single(rows)
    return single if single is not None and not is_published(single) else None


def also_hidden(rows: Iterable[Row], year: int | None = None, figure_period: str = LATEST) -> Row | None:
    """The latest pooled window ending in the same year, hidden as well, when :func:`shown` gives a
    hidden single year: the page says why neither is shown (a reason of its own, such as privacy
    beside a year that is too small)."""
    if figure_period == POOLED:
        return None
    rows = _within(rows, year)
    row = shown(rows)
    if row is None or is_pooled(row) or is_published(row):
        return None
    pooled = latest_pooled(rows, published_only=False)
    return pooled if pooled is not None and int(pooled["period_end"]) == int(row["period_end"]) else None


def same_period(rows: Iterable[Row], period: str | None) -> Row | None:
    """The row of exactly this period label (the latest reference date when several)."""
    if period is None:
        return None
    found = [r for r in rows if r["period"] == period]
    return max(found, key=_single_order) if found else None


def latest_pooled_period(rows: Iterable[Row], year: int | None = None) -> str | None:
    """The label of the latest pooled window among ``rows`` (any status), for a pooled map."""
    row = latest_pooled(rows, year, published_only=False)
    return str(row["period"]) if row is not None else None


def map_row(rows: Sequence[Row], map_period: str, period: str | None, year: int | None = None) -> Row | None:
    """The row of one gemeente on a map: with ``map_period`` ``pooled`` the row of the map's pooled
    ``period`` (every gemeente the same window), else (or when there is no pooled window at all)
    the row :func:`shown` gives."""
    if map_period == POOLED and period is not None:
        return same_period(_within(rows, year), period)
    return shown(rows, year)
