"""The one exception hierarchy of kansrijk.

Library code raises these; the edges (CLI, web) translate them into a one-line message or an error
page. Messages are Dutch where a user reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class KansrijkError(Exception):
    """Base of every error kansrijk raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One problem found in a file: where it is (sheet, row, column), what is wrong and the value.

    ``str()`` gives the technical one-liner of the CLI: ``file:row:column: message (waarde: 'x')``,
    with the sheet in brackets for a workbook (``file.xlsx[Invullen]:7:teller: ...``).
    :meth:`for_user` gives a Dutch sentence for people who fill in a spreadsheet.
    """

    file: str
    message: str
    line: int | None = None
    column: str | None = None
    value: object | None = None
    sheet: str | None = None
    hidden: int = field(default=0, compare=False)  # > 0: this line stands for that many unlisted problems

    def __str__(self) -> str:
        where = self.file
        if self.sheet is not None:
            where += f"[{self.sheet}]"
        if self.line is not None:
            where += f":{self.line}"
        if self.column is not None:
            where += f":{_clipped(self.column)}"
        text = f"{where}: {self.message}"
        if self.value is not None:
            text += f" (waarde: {_clipped(repr(self.value))})"
        return text

    def for_user(self) -> str:
        """The problem as one Dutch sentence, located the way a spreadsheet user looks for it.

        ``Werkblad 'Invullen', rij 7, kolom 'teller': geen getal (waarde: 'abc').`` for a workbook,
        ``Rij 7, kolom 'teller': ...`` for a CSV, ``Bestand 'x.csv': ...`` when there is no row.
        Row numbers are those the spreadsheet program shows.
        """
        parts = []
        if self.sheet is not None:
            parts.append(f"werkblad '{self.sheet}'")
        if self.line is not None:
            parts.append(f"rij {self.line}")
        if self.column is not None:
            parts.append(f"kolom '{_clipped(self.column)}'")
        where = ", ".join(parts) if parts else f"bestand '{self.file}'"
        text = f"{where[0].upper()}{where[1:]}: {self.message}"
        if self.value is not None:
            text += f" (waarde: {_clipped(_shown_value(self.value))})"
        return text if text.endswith((".", "!", "?")) else text + "."


def _clipped(text: str) -> str:
    """A value as long as a message can hold: a cell of a megabyte is not repeated back."""
    return text if len(text) <= MAX_VALUE_SHOWN else text[:MAX_VALUE_SHOWN] + f"… ({len(text)} tekens)"


def _shown_value(value: object) -> str:
    """A cell value as a Dutch reader recognises it: text quoted, ``2,5`` for numbers, ``1-10-2020``."""
    from datetime import date, datetime

    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        value = value.date()
    if isinstance(value, date) and not isinstance(value, datetime):
        return f"{value.day}-{value.month}-{value.year}"
    if isinstance(value, (int, float)):
        from kansrijk.dutch import as_typed

        return as_typed(value)
    return f"'{value}'"


MAX_PROBLEMS_PER_FILE = 100
MAX_VALUE_SHOWN = 60


def more_problems(file: str, hidden: int) -> Problem:
    """The line saying that ``hidden`` more problems of ``file`` are not listed."""
    return Problem(file, f"en nog {hidden} probleem/problemen die niet getoond worden", hidden=hidden)


def capped(problems: list[Problem], limit: int = MAX_PROBLEMS_PER_FILE) -> list[Problem]:
    """At most ``limit`` problems per file, then one saying how many more there are (a reader that
    stopped listing early says so with :func:`more_problems`; those counts are added up)."""
    out: list[Problem] = []
    listed: dict[str, int] = {}
    hidden: dict[str, int] = {}
    for problem in problems:
        if problem.hidden:
            hidden[problem.file] = hidden.get(problem.file, 0) + problem.hidden
            continue
        listed[problem.file] = listed.get(problem.file, 0) + 1
        if listed[problem.file] <= limit:
            out.append(problem)
        else:
            hidden[problem.file] = hidden.get(problem.file, 0) + 1
    out += [more_problems(file, n) for file, n in hidden.items() if n]
    return out


class ProblemsError(KansrijkError):
    """Several problems found in one pass; carries at most :data:`MAX_PROBLEMS_PER_FILE` per file
    (see :func:`capped`); ``total`` is how many there were and ``summary`` the one-line head the
    edges show above the list."""

    def __init__(self, problems: list[Problem], summary: str | None = None) -> None:
        self.total = len(problems)
        self.problems = capped(list(problems))
        self.summary = summary or f"{self.total} probleem/problemen gevonden"
        super().__init__(self.summary + "\n" + "\n".join(str(p) for p in self.problems))


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


class UnknownImportKind(KansrijkError):
    """A kind of input that kansrijk cannot import."""


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


class AccessDenied(KansrijkError):
    """A portal user (or a visitor who is not logged in) may not do this: wrong role or outside its scope."""


class NotFound(KansrijkError):
    """A portal object (submission, organisation, user) that does not exist."""


class LoginFailed(KansrijkError):
    """A login with a wrong e-mail address or password; the message does not say which."""


class LoginBlocked(LoginFailed):
    """Too many failed logins for an e-mail address or from one IP address; ``minutes`` to wait."""

    def __init__(self, message: str, minutes: int) -> None:
        super().__init__(message)
        self.minutes = minutes


class PortalError(KansrijkError):
    """A portal action that cannot be done as asked (weak password, e-mail taken, review of a reviewed
    submission, rejection without a note)."""


class DisclosureError(KansrijkError):
    """Disclosure control cannot guarantee that no small number is revealed; nothing is published."""
