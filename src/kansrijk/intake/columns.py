"""What the table imports share: finding fields among a file's headers, cell text, the refusal summary.

An import describes its fields as data (field -> accepted normalised header names, field -> Dutch
name for messages); :func:`map_columns` finds them in a :class:`~kansrijk.intake.tabular.Table`.
:func:`parse_each` reads several files and refuses all of them when any has a problem.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from kansrijk.errors import InputError, Problem
from kansrijk.intake.tabular import Cell, Table

Parsed = TypeVar("Parsed")


def map_columns(
    table: Table, columns: dict[str, tuple[str, ...]], required: Sequence[str], names: dict[str, str] | None = None
) -> dict[str, str]:
    """Field -> normalised header for ``table``; InputError for a missing or doubled column.

    ``columns`` gives per field the header names it accepts, ``names`` its Dutch name for messages
    (default: the first header it accepts).
    """
    names = names or {field: accepted[0] for field, accepted in columns.items()}
    found: dict[str, list[str]] = {}
    for header in table.headers:
        for field_name, aliases in columns.items():
            if header in aliases:
                found.setdefault(field_name, []).append(header)
    problems = []
    for field_name, headers in found.items():
        if len(headers) > 1:
            written = " en ".join(repr(table.as_written(h)) for h in headers)
            message = f"kolommen {written} betekenen allebei {names[field_name]}; houd er één over"
            problems.append(table.problem(None, message))
    missing = [names[f] for f in required if f not in found]
    if missing:
        present = ", ".join(table.original_headers)
        message = f"verplichte kolommen ontbreken: {', '.join(missing)} (gevonden: {present})"
        problems.append(table.problem(None, message))
    if problems:
        raise InputError(problems, summary=summary(table.file_name, problems))
    return {f: headers[0] for f, headers in found.items()}


def summary(name: str, problems: list[Problem]) -> str:
    """The one-line head of an all-or-nothing refusal of one file."""
    n = len(problems)
    return f"{name}: {n} {'probleem' if n == 1 else 'problemen'} gevonden; niets ingelezen"


def text_of(value: Cell) -> str:
    """A cell as trimmed text (``2020.0`` -> ``2020``); empty for an empty cell."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_each(paths: Sequence[Path], parse: Callable[[Path], Parsed]) -> list[Parsed]:
    """``parse`` every file; when any raises :class:`InputError`, one InputError with all their problems."""
    parsed: list[Parsed] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            parsed.append(parse(Path(path)))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems, summary=f"{len(problems)} fout(en) gevonden; er is niets ingelezen")
    return parsed
