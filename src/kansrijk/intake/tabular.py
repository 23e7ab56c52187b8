"""Reading tables the way Dutch files really look: CSV (any of ``;`` ``,`` tab) and XLSX.

A CSV is decoded as UTF-8 (with or without byte-order mark), UTF-16 when it starts with a UTF-16
byte-order mark (Excel's "Unicode-tekst"), else Windows-1252. The separator is sniffed from the header
line. A source note such as ``Bron: CBS;https://...`` is dropped only when it is the last non-empty line;
any other row whose field count differs from the header is an error. Fully empty rows are skipped.

An XLSX is read from its first sheet unless another is named; the header is the first non-empty row.
Date cells arrive as ``datetime``; :func:`excel_serial_date` turns a bare date serial number into a date.

Every row keeps the number a user sees: for a CSV the 1-based record number counting the header (the
line number, unless a quoted field spans lines), for an XLSX the Excel row number and the sheet.
:meth:`Table.problem` makes a :class:`~kansrijk.errors.Problem` that names all of these.

Numbers are parsed with :func:`parse_number`, which follows the Dutch conventions (see its docstring).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from kansrijk.errors import InputError, InvalidNumber, Problem

Cell = str | int | float | date | datetime | time | None

CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
SEPARATORS = (";", "\t", ",")  # preference order when counts tie
MISSING_MARKS = frozenset({"", "-"})

_NOTE = re.compile(r"^\s*(bron|bronnen|source|noot|voetnoot|opmerking)\s*:|^\s*©", re.IGNORECASE)
_ZIP_MAGIC = b"PK\x03\x04"
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01, counting Excel's fictitious 1900-02-29
_SERIAL_RANGE = (1, 2_958_465)  # 1900-01-01 .. 9999-12-31


@dataclass(frozen=True)
class Row:
    """One data row: its number as the user sees it, its sheet (XLSX) and its cells by header."""

    number: int
    cells: dict[str, Cell]
    sheet: str | None = None

    def get(self, header: str) -> Cell:
        """The cell under the normalised ``header``; None when empty or when there is no such column."""
        return self.cells.get(header)


@dataclass(frozen=True)
class Table:
    """A table read from a file: normalised headers, the headers as written, and the data rows."""

    file_name: str
    headers: tuple[str, ...]
    original_headers: tuple[str, ...]
    rows: tuple[Row, ...]
    sheet: str | None = None
    header_row: int = 1
    separator: str | None = None
    encoding: str | None = None
    original: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "original", dict(zip(self.headers, self.original_headers)))

    def as_written(self, header: str) -> str:
        """The header text as the file writes it, for messages (``Teller`` rather than ``teller``)."""
        return self.original.get(header, header)

    def problem(self, row: Row | None, message: str, header: str | None = None, value: object = None) -> Problem:
        """A problem located in this table: file, sheet (XLSX), the row's number and the header as written.

        ``row`` None places the problem on the header row.
        """
        return Problem(
            self.file_name,
            message,
            line=self.header_row if row is None else row.number,
            column=self.as_written(header) if header is not None else None,
            value=value,
            sheet=self.sheet,
        )


def normalise_header(text: object) -> str:
    """Lowercase, trim, strip a byte-order mark and collapse inner whitespace: ``' Teller '`` -> ``teller``."""
    s = "" if text is None else str(text)
    s = s.replace("\ufeff", "").replace("\u00a0", " ")
    return " ".join(s.split()).lower()


def read_table(path: Path, sheet: str | None = None) -> Table:
    """Read a CSV or XLSX file into a :class:`Table`.

    The kind is recognised from the content (an XLSX is a zip archive) and the suffix. A file that
    cannot be read (missing, neither CSV nor XLSX, corrupt, no header, ragged rows) raises
    :class:`InputError` whose problems name the file (and the row where there is one).
    """
    path = Path(path)
    name = path.name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _fail(name, "bestand niet gevonden") from None
    except IsADirectoryError:
        raise _fail(name, "dit is een map, geen bestand") from None
    except OSError as exc:
        raise _fail(name, f"bestand kan niet worden gelezen ({exc.strerror or exc})") from None
    suffix = path.suffix.lower()
    if data.startswith(_ZIP_MAGIC):
        if suffix in CSV_SUFFIXES:
            raise _fail(name, "dit is geen CSV-bestand maar een zip- of Excel-bestand")
        return _read_xlsx(name, data, sheet)
    if suffix in XLSX_SUFFIXES:
        raise _fail(name, "beschadigd of geen echt Excel-bestand (.xlsx)")
    if suffix == ".xls":
        raise _fail(name, "het oude Excel-formaat (.xls) wordt niet ondersteund; sla op als .xlsx of CSV")
    if suffix not in CSV_SUFFIXES:
        raise _fail(name, f"onbekend bestandstype {suffix or '(geen extensie)'!r}; gebruik CSV of XLSX")
    if sheet is not None:
        raise _fail(name, f"een CSV-bestand heeft geen werkbladen (gevraagd: {sheet!r})")
    return _read_csv(name, data)


def _fail(name: str, message: str, line: int | None = None, sheet: str | None = None) -> InputError:
    return InputError([Problem(file=name, message=message, line=line, sheet=sheet)])


# ---------------------------------------------------------------- CSV


def _decode(name: str, data: bytes) -> tuple[str, str]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise _fail(name, "ongeldige UTF-16-tekst") from None
    if b"\x00" in data:
        raise _fail(name, "dit is geen tekstbestand (CSV)")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise _fail(name, "onbekende tekencodering; sla op als UTF-8 of Windows-1252") from None


def _count_outside_quotes(line: str, char: str) -> int:
    count, quoted = 0, False
    for c in line:
        if c == '"':
            quoted = not quoted
        elif c == char and not quoted:
            count += 1
    return count


def sniff_separator(header_line: str) -> str:
    """The separator of a CSV from its header line: the most frequent of ``;``, tab and ``,``.

    Counted outside quotes; on a tie ``;`` wins over tab over ``,`` (Dutch Excel writes ``;``).
    """
    counts = {sep: _count_outside_quotes(header_line, sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda s: counts[s])  # max keeps the first on ties
    return best if counts[best] else ";"


def _blank(values: list[str]) -> bool:
    return all(not v.strip() for v in values)


def _read_csv(name: str, data: bytes) -> Table:
    text, encoding = _decode(name, data)
    first = next((ln for ln in text.splitlines() if ln.strip()), None)
    if first is None:
        raise _fail(name, "het bestand is leeg")
    sep = sniff_separator(first)
    try:
        records = list(enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=sep), start=1))
    except csv.Error as exc:
        raise _fail(name, f"ongeldige CSV: {exc}") from None
    records = [(n, r) for n, r in records if not _blank(r)]
    header_number, header_raw = records[0]
    body = records[1:]
    original = _trim_trailing_empty(header_raw)
    headers = _check_headers(name, original, header_number)
    if body and _is_note(body[-1][1]):
        body = body[:-1]
    problems: list[Problem] = []
    rows: list[Row] = []
    width = len(headers)
    for number, values in body:
        extra = values[width:]
        if len(values) < width or any(v.strip() for v in extra):
            problems.append(_ragged(name, number, values, width))
            continue
        cells = {h: _csv_cell(v) for h, v in zip(headers, values)}
        rows.append(Row(number=number, cells=cells))
    return _table(name, headers, original, header_number, rows, problems, separator=sep, encoding=encoding)


def _table(
    name: str, headers: tuple[str, ...], original: list, header_number: int, rows: list[Row],
    problems: list[Problem], sheet: str | None = None, separator: str | None = None, encoding: str | None = None,
) -> Table:
    """The table read, or InputError with the problems of its rows."""
    if problems:
        raise InputError(problems)
    return Table(
        file_name=name,
        headers=headers,
        original_headers=tuple(normalise_header_as_written(h) for h in original),
        rows=tuple(rows),
        sheet=sheet,
        header_row=header_number,
        separator=separator,
        encoding=encoding,
    )


def _ragged(name: str, number: int, values: list[str], width: int) -> Problem:
    found = len(_trim_trailing_empty(values))
    if _is_note(values):
        message = "bronvermelding of noot mag alleen op de laatste regel staan"
    else:
        message = f"rij heeft {found} velden, de kopregel heeft er {width}"
    return Problem(file=name, message=message, line=number, value=values[0] if values else None)


def _csv_cell(value: str) -> str | None:
    s = value.strip()
    return s or None


def _trim_trailing_empty(values: list[str] | tuple[object, ...]) -> list:
    out = list(values)
    while out and (out[-1] is None or (isinstance(out[-1], str) and not out[-1].strip())):
        out.pop()
    return out


def _is_note(values: list | tuple) -> bool:
    first = values[0] if values else None
    return isinstance(first, str) and bool(_NOTE.match(first))


def _check_headers(name: str, original: list, number: int, sheet: str | None = None) -> tuple[str, ...]:
    headers = tuple(normalise_header(h) for h in original)
    problems = []
    for position, h in enumerate(headers, start=1):
        if not h:
            message = f"kolom {position} in de kopregel heeft geen naam"
            problems.append(Problem(name, message, line=number, sheet=sheet))
    seen: set[str] = set()
    for h in headers:
        if h and h in seen:
            message = f"kolomnaam {h!r} komt meer dan eens voor"
            problems.append(Problem(name, message, line=number, column=h, sheet=sheet))
        seen.add(h)
    if problems:
        raise InputError(problems)
    return headers


# ---------------------------------------------------------------- XLSX


def _read_xlsx(name: str, data: bytes, sheet: str | None) -> Table:
    from openpyxl import load_workbook  # imported here: loading openpyxl is slow and CSV needs none of it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        raise _fail(name, "beschadigd of geen echt Excel-bestand (.xlsx)") from None
    try:
        if sheet is None:
            worksheet = workbook.worksheets[0]
        elif sheet in workbook.sheetnames:
            worksheet = workbook[sheet]
        else:
            available = ", ".join(workbook.sheetnames)
            raise _fail(name, f"werkblad {sheet!r} bestaat niet (wel: {available})")
        grid = [
            (number, list(values))
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        workbook.close()
    title = worksheet.title
    grid = [(n, [_xlsx_cell(v) for v in values]) for n, values in grid]
    grid = [(n, values) for n, values in grid if any(v is not None for v in values)]
    if not grid:
        raise _fail(name, f"werkblad {title!r} is leeg", sheet=title)
    header_number, header_raw = grid[0]
    original = _trim_trailing_empty(header_raw)
    headers = _check_headers(name, ["" if h is None else str(h) for h in original], header_number, title)
    body = grid[1:]
    if body and _is_note(body[-1][1]):
        body = body[:-1]
    width = len(headers)
    problems: list[Problem] = []
    rows: list[Row] = []
    for number, values in body:
        if any(v is not None for v in values[width:]):
            problems.append(
                Problem(name, "rij heeft een waarde in een kolom zonder kopnaam", line=number, sheet=title)
            )
            continue
        padded = values + [None] * (width - len(values))
        rows.append(Row(number=number, cells=dict(zip(headers, padded)), sheet=title))
    return _table(name, headers, original, header_number, rows, problems, sheet=title)


def normalise_header_as_written(text: object) -> str:
    """The header as written, only trimmed and without byte-order mark (for messages)."""
    return ("" if text is None else str(text)).replace("\ufeff", "").strip()


def _xlsx_cell(value: object) -> Cell:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (int, float, date, time)) or value is None:
        return value
    return str(value)  # e.g. timedelta from duration cells: kept as text, parsed downstream if at all


def excel_serial_date(serial: float) -> date:
    """The date of an Excel date serial number (1900 date system): 43831 -> 2020-01-01.

    Excel counts 1900-01-01 as day 1 and wrongly includes 1900-02-29 (serial 60, refused), so serials
    from 61 on count from 1899-12-30 and those below from 1899-12-31 (day 0).
    """
    if isinstance(serial, bool) or not float(serial).is_integer():
        raise InvalidNumber(f"geen Excel-datumnummer: {serial!r}")
    n = int(serial)
    if not _SERIAL_RANGE[0] <= n <= _SERIAL_RANGE[1] or n == 60:
        raise InvalidNumber(f"geen Excel-datumnummer: {serial!r}")
    return _EXCEL_EPOCH + timedelta(days=n if n > 60 else n + 1)


# ---------------------------------------------------------------- numbers

_PLAIN = re.compile(r"^\d+$")
_THOUSANDS = re.compile(r"^[1-9]\d{0,2}(?:\.\d{3})+$")
_THOUSANDS_DECIMAL = re.compile(r"^[1-9]\d{0,2}(?:\.\d{3})*,\d+$")
_DECIMAL_COMMA = re.compile(r"^\d+,\d+$")
_DECIMAL_POINT = re.compile(r"^\d+\.\d+$")


def parse_number(text: object) -> float | None:
    """Parse a number as written in a Dutch table; None for an empty cell or ``-``.

    Rules (Dutch files use ``.`` for thousands and ``,`` for decimals):

    - ``1234`` -> 1234; ``12,5`` -> 12.5; ``1.234,5`` -> 1234.5 (comma always decimal)
    - ``1.234`` and ``1.234.567``: dots followed by exactly three digits, in groups after a first group
      of one to three digits not starting with 0, are thousands separators -> 1234, 1234567
    - any other single dot is a decimal point, because no Dutch thousands notation looks like it:
      ``1234.5``, ``12.50``, ``0.123``, ``1234.567``
    - a leading ``-`` or ``+`` (also the typographic minus) gives the sign; spaces around are ignored
    - ``""``, only spaces, ``-`` and None -> None (no value)
    - anything else (``1,234,567``, ``12%``, ``1e3``, ``abc``) raises :class:`InvalidNumber`
    - int and float values (from XLSX cells) are returned as float; a bool is refused
    """
    if text is None:
        return None
    if isinstance(text, bool):
        raise InvalidNumber(f"geen getal: {text!r}")
    if isinstance(text, (int, float)):
        if text != text or text in (float("inf"), float("-inf")):
            raise InvalidNumber(f"geen getal: {text!r}")
        return float(text)
    if not isinstance(text, str):
        raise InvalidNumber(f"geen getal: {text!r}")
    s = text.replace("\u00a0", " ").strip()
    if s in MISSING_MARKS:
        return None
    sign = 1.0
    if s[0] in "-+\u2212":
        sign = -1.0 if s[0] != "+" else 1.0
        s = s[1:].lstrip()
    if _PLAIN.match(s):
        return sign * float(s)
    if _THOUSANDS.match(s):
        return sign * float(s.replace(".", ""))
    if _THOUSANDS_DECIMAL.match(s) or _DECIMAL_COMMA.match(s):
        return sign * float(s.replace(".", "").replace(",", "."))
    if _DECIMAL_POINT.match(s):
        return sign * float(s)
    raise InvalidNumber(f"geen getal: {text!r}")
