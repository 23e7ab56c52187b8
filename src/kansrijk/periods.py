"""Periods: a single year, a pooled range of years, or a reference date (peildatum).

A period is stored as its first and last year plus an optional reference date. Its label is the text
users see and type: ``2019``, ``2015-2019``; a reference date keeps its year as label and the date
beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from kansrijk.errors import InvalidPeriod

_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4})\s*[-–/]\s*(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NL_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")

FIRST_YEAR = 1990
LAST_YEAR = 2100


@dataclass(frozen=True, order=True)
class Period:
    """Years ``start``..``end`` inclusive; ``reference_date`` for a peildatum."""

    start: int
    end: int
    reference_date: date | None = None

    def __post_init__(self) -> None:
        if not (FIRST_YEAR <= self.start <= self.end <= LAST_YEAR):
            raise InvalidPeriod(f"ongeldige periode: {self.start}-{self.end}")

    @property
    def label(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"

    @property
    def years(self) -> int:
        return self.end - self.start + 1

    @property
    def is_pooled(self) -> bool:
        return self.end > self.start

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(year, year)

    @classmethod
    def from_date(cls, value: date) -> Period:
        if isinstance(value, datetime):
            value = value.date()
        return cls(value.year, value.year, value)

    def __str__(self) -> str:
        return self.label


def parse_period(text: object) -> Period:
    """Parse ``2019``, ``2015-2019``, ``2020-10-01``, ``1-10-2020`` or a date/datetime value."""
    if isinstance(text, (date, datetime)):
        return Period.from_date(text)
    if isinstance(text, bool):
        raise InvalidPeriod(f"geen periode: {text!r}")
    if isinstance(text, int):
        return Period.year(text)
    if isinstance(text, float) and text.is_integer():
        return Period.year(int(text))
    s = str(text).strip()
    try:
        if m := _YEAR.match(s):
            return Period.year(int(m.group(1)))
        if m := _RANGE.match(s):
            start, end = int(m.group(1)), int(m.group(2))
            if end < start:
                raise InvalidPeriod(f"periode loopt terug in de tijd: {s!r}")
            return Period(start, end)
        if m := _ISO_DATE.match(s):
            return Period.from_date(date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
        if m := _NL_DATE.match(s):
            return Period.from_date(date(int(m.group(3)), int(m.group(2)), int(m.group(1))))
    except ValueError as exc:  # impossible calendar date such as 31-02-2020
        raise InvalidPeriod(f"geen geldige datum: {s!r}") from exc
    raise InvalidPeriod(
        f"geen periode: {s!r} (verwacht een jaar zoals 2019, een reeks zoals 2015-2019 of een datum)"
    )


def pooled_windows(years: list[int], length: int) -> list[Period]:
    """Every window of ``length`` consecutive years fully inside ``years`` (e.g. 5-year figures)."""
    have = set(years)
    out = []
    for end in sorted(have):
        start = end - length + 1
        if all(y in have for y in range(start, end + 1)):
            out.append(Period(start, end))
    return out
