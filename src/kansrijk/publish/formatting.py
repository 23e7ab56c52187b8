"""Dutch number formats for everything users read (via babel): ``15,6%``, ``1,6 per 1.000``, ``1.234``."""

from __future__ import annotations

from kansrijk.dutch import count, missing, number

UNIT_LABELS = {
    "percentage": "%",
    "per_1000": "per 1.000",
    "count": "aantal",
    "mean": "gemiddelde",
    "text": "",
}


def decimals_for(unit: str) -> int:
    return 0 if unit == "count" else 1


def value(value: float | None, unit: str) -> str:
    """A value in its unit: ``15,6%``, ``1,6 per 1.000``, ``274``, ``12,5 dagen``."""
    if missing(value):
        return "-"
    if unit == "percentage":
        return number(value, 1) + "%"
    if unit == "per_1000":
        return number(value, 1) + " per 1.000"
    if unit == "count":
        return count(value)
    if unit == "mean":
        return number(value, 1)
    return number(value, 1)


def interval(lower: float | None, upper: float | None, unit: str) -> str:
    """``14,9-16,3``, in the unit's precision; missing -> ``-``."""
    if missing(lower) or missing(upper):
        return "-"
    places = decimals_for(unit)
    return f"{number(lower, places)}-{number(upper, places)}"


def period_label(start: int, end: int) -> str:
    """A period as users read it: ``2023``; a pooled period plainly as ``2019-2023, 5 jaar samen``."""
    start, end = int(start), int(end)
    if start == end:
        return str(start)
    return f"{start}-{end}, {count(end - start + 1)} jaar samen"


def percent(part: float, whole: float, decimals: int = 0) -> str:
    """``part`` of ``whole`` as a Dutch percentage: ``91%``."""
    return number(100 * part / whole, decimals) + "%"
