"""The one exception hierarchy of kansrijk.

Library code raises these; the edges (CLI, web) translate them into a one-line message or an error
page. Messages are Dutch where a user reads them.
"""

from __future__ import annotations

from dataclasses import dataclass


class KansrijkError(Exception):
    """Base of every error kansrijk raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One problem found in a file: where it is and what is wrong."""

    file: str
    message: str
    line: int | None = None
    column: str | None = None
    value: object | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.column is not None:
            where += f":{self.column}"
        text = f"{where}: {self.message}"
        if self.value is not None:
            text += f" (waarde: {self.value!r})"
        return text


class ProblemsError(KansrijkError):
    """Several problems found in one pass; carries all of them."""

    def __init__(self, problems: list[Problem], summary: str | None = None) -> None:
        self.problems = list(problems)
        head = summary or f"{len(self.problems)} probleem/problemen gevonden"
        super().__init__(head + "\n" + "\n".join(str(p) for p in self.problems))


class CatalogueError(ProblemsError):
    """An indicator catalogue (YAML) is invalid; every problem has file:line."""


class InputError(ProblemsError):
    """An input file has bad rows; every problem has file:row:column and the value. Nothing imported."""


class UnknownArea(KansrijkError):
    """An area code or name that kansrijk does not know."""


class AmbiguousArea(UnknownArea):
    """An area name that fits several areas; the message lists them."""


class RegionFileError(ProblemsError):
    """A user region file (YAML) is invalid; every problem has file:line."""


class UnknownRecordType(KansrijkError):
    """A kind of record (microdata) that kansrijk does not import (known: births, households, ...)."""


class UnknownIndicator(KansrijkError):
    """An indicator id that is in no loaded catalogue."""


class UnknownCatalogue(KansrijkError):
    """A catalogue key (ks, gm, haarlem...) that is not loaded."""


class InvalidPeriod(KansrijkError):
    """A period text that is not a year, a year range or a reference date."""


class InvalidNumber(KansrijkError, ValueError):
    """A text that is not a number in any form a Dutch table writes one (``1.234``, ``12,5``)."""


class StatsInputError(KansrijkError, ValueError):
    """Invalid input to a statistical function (negative counts, numerator above denominator...)."""


class StoreError(KansrijkError):
    """The store (DuckDB/PostgreSQL) cannot be opened or is not a kansrijk store."""


class NotComputed(KansrijkError):
    """Results are asked for before anything was computed."""


class ChartInputError(KansrijkError, ValueError):
    """Data a chart cannot draw (unknown colour key or map mode, a unit without a scale...)."""


class BadRequest(KansrijkError):
    """A web or API request that cannot be answered as asked (bad parameter, too long a query)."""


class ReportError(KansrijkError):
    """A factsheet could not be made (missing text file, unknown format, PDF engine failure)."""
