"""The plain data the charts take: points of a trend, rows of a comparison, ranking or funnel.

Charts accept dicts (for instance ``frame.to_dict("records")`` of the ``published`` table, whose
column names are understood), these dataclasses or any object with the same attributes. A row whose
status is not ``gepubliceerd`` loses its numbers here, so a suppressed value can never be drawn or
printed; NaN counts as missing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kansrijk.errors import ChartInputError
from kansrijk.publish import formatting
from kansrijk.vocabulary import NO_DATA, PUBLISHED
from kansrijk import vocabulary



@dataclass(frozen=True)
class Point:
    """One period of a trend: value and 95% limits in the unit, or a suppressed status."""

    period: str
    value: float | None = None
    lower: float | None = None
    upper: float | None = None
    status: str = PUBLISHED

    @property
    def published(self) -> bool:
        return self.status == PUBLISHED and self.value is not None


@dataclass(frozen=True)
class Row:
    """One area in a comparison, ranking or funnel chart."""

    name: str
    value: float | None = None
    lower: float | None = None
    upper: float | None = None
    status: str = PUBLISHED
    code: str | None = None
    colour: str | None = None
    numerator: float | None = None
    denominator: float | None = None

    @property
    def published(self) -> bool:
        return self.status == PUBLISHED and self.value is not None


def _get(item: object, *names: str) -> object | None:
    for name in names:
        if isinstance(item, Mapping):
            if name in item:
                return item[name]
        elif hasattr(item, name):
            return getattr(item, name)
    return None


def _number(raw: object | None, field: str) -> float | None:
    if raw is None:
        return None
    try:
        value = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ChartInputError(f"{field} moet een getal zijn; gekregen: {raw!r}.") from None
    return None if math.isnan(value) else value


def _text(raw: object | None) -> str | None:
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return None
    return str(raw)


def _status(raw: object | None, value: float | None) -> str:
    status = _text(raw) or (PUBLISHED if value is not None else NO_DATA)
    if status not in vocabulary.STATUS_LABELS:
        known = ", ".join(vocabulary.STATUS_LABELS)
        raise ChartInputError(f"Onbekende status {status!r}; kies uit {known}.")
    return status


def status_text(status: str) -> str:
    """Dutch text for a status: ``niet gepubliceerd (te klein)``, ``geen gegevens``."""
    if status == NO_DATA:
        return "geen gegevens"
    if status not in vocabulary.STATUS_LABELS:  # "niet_gepubliceerd" without a known reason
        return "niet gepubliceerd"
    return f"niet gepubliceerd ({vocabulary.STATUS_LABELS[status]})"


def to_point(item: object) -> Point:
    """A :class:`Point` from a dict, dataclass or object (``period`` or ``label`` names it)."""
    if isinstance(item, Point):
        return item if item.status == PUBLISHED else Point(item.period, status=item.status)
    period = _text(_get(item, "period", "label"))
    if period is None:
        raise ChartInputError(f"Een punt van een trend heeft geen periode: {item!r}.")
    value = _number(_get(item, "value"), "waarde")
    status = _status(_get(item, "status"), value)
    if status != PUBLISHED or value is None:
        return Point(period, status=status if status != PUBLISHED else NO_DATA)
    return Point(
        period,
        value,
        _number(_get(item, "lower"), "ondergrens"),
        _number(_get(item, "upper"), "bovengrens"),
        PUBLISHED,
    )


def to_row(item: object) -> Row:
    """A :class:`Row` from a dict, dataclass or object.

    Names: ``name``/``area_name``/``label``; code: ``code``/``area_code``; colour (a benchmark
    outcome): ``colour``/``benchmark``/``benchmark_nl``.
    """
    name = _text(_get(item, "name", "area_name", "label"))
    if name is None:
        raise ChartInputError(f"Een rij van een grafiek heeft geen naam: {item!r}.")
    value = _number(_get(item, "value"), "waarde")
    status = _status(_get(item, "status"), value)
    code = _text(_get(item, "code", "area_code"))
    colour = _text(_get(item, "colour", "benchmark", "benchmark_nl"))
    if status != PUBLISHED or value is None:
        shown = status if status != PUBLISHED else NO_DATA
        return Row(name, status=shown, code=code, colour=None)
    return Row(
        name,
        value,
        _number(_get(item, "lower"), "ondergrens"),
        _number(_get(item, "upper"), "bovengrens"),
        PUBLISHED,
        code,
        colour,
        _number(_get(item, "numerator"), "teller"),
        _number(_get(item, "denominator"), "noemer"),
    )


def to_points(items: Iterable[object]) -> list[Point]:
    """Every item as a :class:`Point`."""
    return [to_point(item) for item in items]


def to_rows(items: Iterable[object]) -> list[Row]:
    """Every item as a :class:`Row`."""
    return [to_row(item) for item in items]


def value_text(value: float | None, lower: float | None, upper: float | None, unit: str) -> str:
    """``15,6% (14,9-16,3)`` or ``15,6%`` without limits."""
    shown = formatting.value(value, unit)
    if lower is None or upper is None:
        return shown
    return f"{shown} ({formatting.interval(lower, upper, unit)})"
