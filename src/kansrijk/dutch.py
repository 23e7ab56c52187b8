"""How numbers and dates are written for Dutch readers (via babel): ``1.234,6``, ``29.001``,
``15 september 2020``.

The bottom of the data flow: messages anywhere (errors, server logs for people) and every published
format (:mod:`kansrijk.publish.formatting`) write numbers through these.
"""

from __future__ import annotations

import math
from functools import lru_cache

from datetime import date as Date

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "nl_NL"


def missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value: float | None, decimals: int = 1) -> str:
    """``1234.56`` -> ``1.234,6``; missing -> ``-``."""
    if missing(value):
        return "-"
    assert value is not None
    return _format(round(float(value), decimals), decimals)


@lru_cache(maxsize=65536)
def _format(value: float, decimals: int) -> str:
    fmt = "#,##0" + ("." + "0" * decimals if decimals else "")
    return str(format_decimal(value, format=fmt, locale=LOCALE))


def count(value: float | None) -> str:
    """A count without decimals: ``29001`` -> ``29.001``."""
    return number(value, 0)


def as_typed(value: float) -> str:
    """A number as a user typed it: no thousands separator (a year stays 2019), a decimal comma."""
    return str(format_decimal(value, format="0.##########", locale=LOCALE))


def long_date(day: Date) -> str:
    """``2020-09-15`` -> ``15 september 2020``."""
    return str(format_date(day, format="long", locale=LOCALE))
