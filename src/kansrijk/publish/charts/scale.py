"""Linear scales, "nice" axis ticks and Dutch tick labels shared by the charts.

Ticks: Heckbert (1990), "Nice numbers for graph labels", Graphics Gems I: the step is 1, 2, 2.5 or
5 times a power of ten, and the domain is widened to whole steps.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from kansrijk.publish import formatting

UNIT_MAXIMUM = {"percentage": 100.0}


@dataclass(frozen=True)
class LinearScale:
    """Maps ``domain`` (data) linearly onto ``range`` (pixels); the range may run backwards."""

    domain_low: float
    domain_high: float
    range_low: float
    range_high: float

    def __call__(self, value: float) -> float:
        span = self.domain_high - self.domain_low
        share = 0.5 if span == 0 else (value - self.domain_low) / span
        return self.range_low + share * (self.range_high - self.range_low)


def nice_step(span: float, count: int = 5) -> float:
    """A step of 1, 2, 2.5 or 5 times a power of ten giving about ``count`` intervals."""
    raw = span / max(count, 1)
    if raw <= 0 or not math.isfinite(raw):
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        if raw <= factor * power * 1.0000001:
            return factor * power
    return 10 * power


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Ticks covering ``low..high`` at a nice step; the first and last enclose the data."""
    if high < low:
        low, high = high, low
    if high == low:
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    step = nice_step(high - low, count)
    first = math.floor(low / step + 1e-9) * step
    last = math.ceil(high / step - 1e-9) * step
    steps = round((last - first) / step)
    return [round(first + i * step, 10) for i in range(steps + 1)]


def value_ticks(
    values: Iterable[float], unit: str, count: int = 5, zero: bool = False
) -> list[float]:
    """Nice ticks for the values of a unit: percentages stay within 0..100, counts at or above 0.

    ``zero`` forces 0 into the domain (bars start at 0).
    """
    data = [v for v in values if v is not None and math.isfinite(v)]
    if not data:
        data = [0.0, UNIT_MAXIMUM.get(unit, 1.0)]
    low, high = min(data), max(data)
    if zero:
        low = min(low, 0.0)
    ticks = nice_ticks(low, high, count)
    floor = 0.0 if min(data) >= 0 else None
    ceiling = UNIT_MAXIMUM.get(unit)
    if floor is not None and ticks[0] < floor:
        ticks = [floor] + [t for t in ticks if t > floor]
    if ceiling is not None and ticks[-1] > ceiling and max(data) <= ceiling:
        ticks = [t for t in ticks if t < ceiling] + [ceiling]
    return ticks


def tick_decimals(ticks: list[float]) -> int:
    """Decimals needed to tell the ticks apart (0, 1 or 2)."""
    for places in (0, 1, 2):
        if all(abs(t * 10**places - round(t * 10**places)) < 1e-6 for t in ticks):
            return places
    return 2


def tick_label(value: float, unit: str, decimals: int) -> str:
    """Dutch axis label: ``15%`` for percentages, ``1,5`` otherwise (the unit goes in the axis title)."""
    text = formatting.number(value, decimals)
    return text + "%" if unit == "percentage" else text


def axis_title(unit: str) -> str:
    """Dutch axis title for a unit (``%``, ``per 1.000``...)."""
    return {
        "percentage": "percentage",
        "per_1000": "per 1.000",
        "count": "aantal",
        "mean": "gemiddelde",
    }.get(unit, "")


@dataclass(frozen=True)
class Box:
    """A rectangle of the drawing in pixels: the plot area of a chart or panel."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height
