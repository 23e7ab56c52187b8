"""Reading tables the way Dutch files really look: CSV (any of ``;`` ``,`` tab), XLSX and Parquet.

One reader serves every import: :func:`open_rows` streams the rows of any of the three kinds and
:func:`read_table` collects them. Both stop at the :class:`Limits` given (size on disk, unpacked size
of a workbook, rows, columns, characters per cell, worksheets) with a message naming the file and row,
so a hostile file costs bounded memory and time. Names from a file reach SQL only through
:func:`quote_identifier`.

A CSV is decoded as UTF-8 (with or without byte-order mark), UTF-16 when it starts with a UTF-16
byte-order mark (Excel's "Unicode-tekst"), else Windows-1252. The separator is sniffed from the header
line. A source note such as ``Bron: CBS;https://...`` is dropped only when it is the last non-empty line;
any other row whose field count differs from the header is an error. Fully empty rows are skipped.

An XLSX is read as a stream from its first sheet unless another is named; the header is the first
non-empty row. A Parquet file's columns are its header; its rows are numbered from 1.
Date cells arrive as ``datetime``; :func:`excel_serial_date` turns a bare date serial number into a date.

Every row keeps the number a user sees: for a CSV the 1-based record number counting the header (the
line number, unless a quoted field spans lines), for an XLSX the Excel row number and the sheet.
:meth:`Table.problem` makes a :class:`~kansrijk.errors.Problem` that names all of these.

Numbers are parsed with :func:`parse_number`, which follows the Dutch conventions (see its docstring).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import itertools
import re
import zipfile
from collections.abc import Iterator
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
_PARQUET_MAGIC = b"PAR1"
_CHUNK = 1 << 20
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
    header_row: int | None = 1
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


@dataclass(frozen=True)
class Limits:
    """What a file may hold before reading stops with a clear message: its size on disk, the
    unpacked size of a workbook's parts (a zip bomb stops here), rows, columns, characters per cell
    and worksheets. Reading streams, so memory stays bounded by these whatever the file claims."""

    max_bytes: int
    max_unpacked: int
    max_rows: int
    max_columns: int
    max_cell: int
    max_sheets: int = 50

    @property
    def max_line(self) -> int:
        return self.max_cell * 4


MB = 1024 * 1024
# Aggregate files and programme facts from the CLI: up to 100.000 rows (split larger ones).
TABLE_LIMITS = Limits(max_bytes=100 * MB, max_unpacked=200 * MB, max_rows=100_000, max_columns=40,
                      max_cell=10_000)
# Questionnaire exports: many columns (one per question), a row per respondent.
SURVEY_LIMITS = Limits(max_bytes=100 * MB, max_unpacked=200 * MB, max_rows=20_000, max_columns=400,
                       max_cell=10_000)
# Registry microdata: many rows, few and short columns.
RECORD_LIMITS = Limits(max_bytes=8 * 1024 * MB, max_unpacked=1024 * MB, max_rows=50_000_000,
                       max_columns=100, max_cell=1_000)


def read_table(path: Path, sheet: str | None = None, limits: Limits = TABLE_LIMITS) -> Table:
    """Read a CSV, XLSX or Parquet file into a :class:`Table`, within ``limits``.

    The kind is recognised from the content (an XLSX is a zip archive, Parquet starts with ``PAR1``)
    and the suffix. A file that cannot be read (missing, of another kind, corrupt, no header, ragged
    rows, over a limit) raises :class:`InputError` whose problems name the file (and the row where
    there is one).
    """
    source = open_rows(path, sheet, limits)
    problems: list[Problem] = []
    rows: list[Row] = []
    width = len(source.headers)
    body = list(source.rows)
    if body and _is_note(body[-1][1]):
        body = body[:-1]
    for number, values in body:
        if source.sheet is None and (len(values) < width or any(_filled(v) for v in values[width:])):
            problems.append(_ragged(source.file_name, number, values, width))
            continue
        if any(_filled(v) for v in values[width:]):
            problems.append(Problem(source.file_name, "rij heeft een waarde in een kolom zonder kopnaam",
                                    line=number, sheet=source.sheet))
            continue
        padded = list(values[:width]) + [None] * (width - len(values))
        cells = {h: _cell(v) for h, v in zip(source.headers, padded)}
        rows.append(Row(number=number, cells=cells, sheet=source.sheet))
    if problems:
        raise InputError(problems)
    return Table(
        file_name=source.file_name,
        headers=source.headers,
        original_headers=tuple(normalise_header_as_written(h) for h in source.original),
        rows=tuple(rows),
        sheet=source.sheet,
        header_row=source.header_row,
        separator=source.separator,
        encoding=source.encoding,
    )


@dataclass
class RowSource:
    """An opened table file: its header (normalised and as written, on ``header_row``) and its data
    rows, read lazily from ``rows`` as ``(number as the user sees it, values)``, blank rows skipped.
    Reading raises :class:`InputError` for what the limits or the format do not allow."""

    file_name: str
    kind: str  # csv, xlsx or parquet
    headers: tuple[str, ...]
    original: list
    header_row: int | None  # None for Parquet, which has no header row
    rows: Iterator[tuple[int, list]]
    sheet: str | None = None
    separator: str | None = None
    encoding: str | None = None


def open_rows(path: Path, sheet: str | None = None, limits: Limits = TABLE_LIMITS) -> RowSource:
    """Open a CSV, XLSX or Parquet file for reading row by row; checks its kind, size and header."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise _fail(name, "dit is een map, geen bestand")
        with path.open("rb") as handle:
            start = handle.read(4)
    except FileNotFoundError:
        raise _fail(name, "bestand niet gevonden") from None
    except OSError as exc:
        raise _fail(name, f"bestand kan niet worden gelezen ({exc.strerror or exc})") from None
    if size > limits.max_bytes:
        raise _fail(name, f"bestand is groter dan {limits.max_bytes // MB} MB")
    suffix = path.suffix.lower()
    if start == _ZIP_MAGIC:
        if suffix in CSV_SUFFIXES:
            raise _fail(name, "dit is geen CSV-bestand maar een zip- of Excel-bestand")
        return _open_xlsx(path, sheet, limits)
    if start == _PARQUET_MAGIC:
        if sheet is not None:
            raise _fail(name, f"een Parquet-bestand heeft geen werkbladen (gevraagd: {sheet!r})")
        return _open_parquet(path, limits)
    if suffix in XLSX_SUFFIXES:
        raise _fail(name, "beschadigd of geen echt Excel-bestand (.xlsx)")
    if suffix == ".xls":
        raise _fail(name, "het oude Excel-formaat (.xls) wordt niet ondersteund; sla op als .xlsx of CSV")
    if suffix == ".parquet":
        raise _fail(name, "beschadigd of geen echt Parquet-bestand")
    if suffix not in CSV_SUFFIXES:
        raise _fail(name, f"onbekend bestandstype {suffix or '(geen extensie)'!r}; gebruik CSV, XLSX of Parquet")
    if sheet is not None:
        raise _fail(name, f"een CSV-bestand heeft geen werkbladen (gevraagd: {sheet!r})")
    return _open_csv(path, limits)


def _fail(name: str, message: str, line: int | None = None, sheet: str | None = None) -> InputError:
    return InputError([Problem(file=name, message=message, line=line, sheet=sheet)])


def _filled(value: object) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def _cell(value: object) -> Cell:
    return _csv_cell(value) if isinstance(value, str) else _xlsx_cell(value)


def _numbered_nonblank(records: Iterator[tuple[int, list]]) -> Iterator[tuple[int, list]]:
    for number, values in records:
        if any(_filled(v) for v in values):
            yield number, values


def _header(name: str, records, sheet: str | None = None) -> tuple[int, list, tuple[str, ...]]:  # noqa: ANN001
    first = next(records, None)
    if first is None:
        raise _fail(name, "het bestand is leeg" if sheet is None else f"werkblad {sheet!r} is leeg", sheet=sheet)
    number, raw = first
    original = _trim_trailing_empty(raw)
    headers = _check_headers(name, ["" if h is None else str(h) for h in original], number, sheet)
    return number, original, headers


# ---------------------------------------------------------------- CSV


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


def _check_headers(name: str, original: list, number: int | None, sheet: str | None = None) -> tuple[str, ...]:
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




def _encoding(name: str, path: Path) -> str:
    """UTF-16 by its byte-order mark, else UTF-8 when every byte decodes, else Windows-1252."""
    with path.open("rb") as handle:
        if handle.read(2) in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            return "utf-16"
        if _decodes(name, handle, "utf-8"):
            return "utf-8-sig"
        if _decodes(name, handle, "cp1252"):
            return "cp1252"
    raise _fail(name, "onbekende tekencodering; sla op als UTF-8 of Windows-1252")


def _decodes(name: str, handle, encoding: str) -> bool:  # noqa: ANN001 - a binary file
    """Whether the whole file decodes as ``encoding``, read in chunks; a NUL byte means no text at all."""
    handle.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        while chunk := handle.read(_CHUNK):
            if b"\x00" in chunk:
                raise _fail(name, "dit is geen tekstbestand (CSV)")
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


_CSV_ERRORS = (
    ("field larger than field limit", "een veld is langer dan {cell} tekens"),
    ("unexpected end of data", "een aanhalingsteken wordt niet gesloten (het bestand eindigt midden in een veld)"),
    ("expected after", "ongeldig gebruik van aanhalingstekens (\" midden in een veld)"),
    ("new-line character seen in unquoted field", "regeleinde midden in een veld zonder aanhalingstekens"),
)


def _open_csv(path: Path, limits: Limits) -> RowSource:
    name = path.name
    encoding = _encoding(name, path)
    handle = path.open("r", encoding=encoding, errors="strict", newline="")
    try:
        lines = _bounded_lines(name, handle, limits)
        skipped: list[str] = []
        for line in lines:
            skipped.append(line)
            if line.strip():
                break
        if not skipped or not skipped[-1].strip():
            raise _fail(name, "het bestand is leeg")
        sep = sniff_separator(skipped[-1])
        records = _numbered_nonblank(_csv_records(name, itertools.chain(skipped, lines), sep, limits))
        header_row, original, headers = _header(name, records)
    except BaseException:
        handle.close()
        raise
    return RowSource(name, "csv", headers, original, header_row, _closing(records, handle), separator=sep,
                     encoding=encoding.replace("-sig", ""))


def _closing(records, handle):  # noqa: ANN001, ANN202
    with handle:
        yield from records


def _bounded_lines(name: str, handle, limits: Limits):  # noqa: ANN001, ANN202
    """The physical lines of a text file, none longer than the limit allows (a line without end
    would otherwise be read whole into memory)."""
    number = 0
    while True:
        line = handle.readline(limits.max_line + 1)
        if not line:
            return
        number += 1
        if len(line) > limits.max_line:
            raise _fail(name, f"regel {number} is langer dan {limits.max_line} tekens", line=number)
        yield line


def _csv_records(name: str, lines, sep: str, limits: Limits):  # noqa: ANN001, ANN202
    """Numbered records (the row number a spreadsheet shows: blank lines count), within the limits."""
    previous = csv.field_size_limit(limits.max_cell)
    reader = csv.reader(lines, delimiter=sep, strict=True)
    number = 0
    try:
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise _fail(name, _csv_message(exc, limits), line=number + 1) from None
            number += 1
            if number > limits.max_rows + 1:
                raise _fail(name, f"bestand heeft meer dan {limits.max_rows} rijen", line=number)
            if len(values) > limits.max_columns:
                raise _fail(name, f"rij heeft meer dan {limits.max_columns} kolommen", line=number)
            yield number, values
    finally:
        csv.field_size_limit(previous)


def _csv_message(exc: csv.Error, limits: Limits) -> str:
    text = str(exc)
    for key, message in _CSV_ERRORS:
        if key in text:
            return message.format(cell=limits.max_cell)
    return "ongeldige CSV-opmaak"


# ---------------------------------------------------------------- XLSX


def _open_xlsx(path: Path, sheet: str | None, limits: Limits) -> RowSource:
    from openpyxl.utils.exceptions import InvalidFileException  # openpyxl is slow to import: only here

    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _fail(name, "beschadigd of geen echt Excel-bestand (.xlsx)") from None
    # A part never unpacks to more than its declared size (zipfile stops there and checks the CRC),
    # so the declared sizes bound what reading can cost.
    if len(parts) > 10 * limits.max_sheets + 100 or sum(p.file_size for p in parts) > limits.max_unpacked:
        raise _fail(name, f"uitgepakt is dit Excel-bestand groter dan {limits.max_unpacked // MB} MB; "
                          "verdeel het over kleinere bestanden")
    try:
        workbook = _streamed_workbook(path)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, TypeError):
        raise _fail(name, "beschadigd of geen echt Excel-bestand (.xlsx)") from None
    except Exception:  # noqa: BLE001 - a malformed part can fail anywhere inside openpyxl
        raise _fail(name, "beschadigd of geen echt Excel-bestand (.xlsx)") from None
    try:
        if len(workbook.sheetnames) > limits.max_sheets:
            raise _fail(name, f"het bestand heeft meer dan {limits.max_sheets} werkbladen")
        if sheet is None:
            worksheet = workbook.worksheets[0]
        elif sheet in workbook.sheetnames:
            worksheet = workbook[sheet]
        else:
            available = ", ".join(workbook.sheetnames)
            raise _fail(name, f"werkblad {sheet!r} bestaat niet (wel: {available})")
        title = worksheet.title
        records = _numbered_nonblank(_xlsx_records(name, worksheet, title, limits))
        header_row, original, headers = _header(name, records, title)
    except BaseException:
        workbook.close()
        raise
    return RowSource(name, "xlsx", headers, original, header_row, _closing(records, contextlib.closing(workbook)),
                     sheet=title)


def _streamed_workbook(path: Path):  # noqa: ANN202 - an openpyxl Workbook
    """The workbook in openpyxl's read-only (streaming) mode, except that a sheet's size is not looked
    up when it is opened: openpyxl would read a sheet without a ``<dimension>`` element from start to
    end just to find one, and the rows are read as a stream afterwards anyway."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    class Sheet(ReadOnlyWorksheet):
        def _get_size(self) -> None:
            self.reset_dimensions()

    class Reader(ExcelReader):
        def read_worksheets(self) -> None:
            for sheet, rel in self.parser.find_sheets():
                if rel.target in self.valid_files and "chartsheet" not in rel.Type:
                    worksheet = Sheet(self.wb, sheet.name, rel.target, self.shared_strings)
                    worksheet.sheet_state = sheet.state
                    self.wb._sheets.append(worksheet)

    reader = Reader(path, read_only=True, data_only=True)
    reader.read()
    return reader.wb


def _xlsx_records(name: str, worksheet, title: str, limits: Limits):  # noqa: ANN001, ANN202
    """Numbered rows of a sheet as Excel numbers them, read as a stream; the sheet's own claim about
    its size is ignored, and no row is widened beyond the column limit."""
    worksheet.reset_dimensions()
    rows = 0
    try:
        # Rows come in order with the gaps filled in, so counting them gives Excel's row numbers.
        for number, values in enumerate(worksheet.iter_rows(max_col=limits.max_columns + 1, values_only=True), 1):
            if all(v is None for v in values):
                continue
            rows += 1
            if rows > limits.max_rows + 1:
                raise _fail(name, f"werkblad heeft meer dan {limits.max_rows} rijen", line=number, sheet=title)
            if values[limits.max_columns:] and values[limits.max_columns] is not None:
                raise _fail(name, f"rij heeft meer dan {limits.max_columns} kolommen", line=number, sheet=title)
            cells = [_xlsx_cell(v) for v in values[:limits.max_columns]]
            while cells and cells[-1] is None:
                cells.pop()
            if any(isinstance(v, str) and len(v) > limits.max_cell for v in cells):
                raise _fail(name, f"een cel is langer dan {limits.max_cell} tekens", line=number, sheet=title)
            yield number, cells
    except InputError:
        raise
    except Exception:  # noqa: BLE001 - malformed sheet XML fails inside openpyxl's parser
        raise _fail(name, "beschadigd Excel-bestand: een werkblad kan niet gelezen worden", sheet=title) from None


# ---------------------------------------------------------------- Parquet


def _open_parquet(path: Path, limits: Limits) -> RowSource:
    import duckdb  # the store's engine reads Parquet

    name = path.name
    try:
        with duckdb.connect() as con:
            meta = con.execute("SELECT max(num_rows) FROM parquet_file_metadata(?)", [str(path)]).fetchone()
            described = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
    except duckdb.Error:
        raise _fail(name, "beschadigd of geen echt Parquet-bestand") from None
    original = [str(r[0]) for r in described]
    if len(original) > limits.max_columns:
        raise _fail(name, f"bestand heeft meer dan {limits.max_columns} kolommen")
    if meta and meta[0] is not None and meta[0] > limits.max_rows:
        raise _fail(name, f"bestand heeft meer dan {limits.max_rows} rijen")
    headers = _check_headers(name, original, None)
    return RowSource(name, "parquet", headers, original, None, _parquet_rows(name, path, original, limits))


def _parquet_rows(name: str, path: Path, columns: list[str], limits: Limits):  # noqa: ANN202
    """Data rows numbered from 1 (Parquet has no header row), as text, in batches."""
    import duckdb

    select = ", ".join(f"CAST({quote_identifier(c)} AS VARCHAR)" for c in columns)
    try:
        with duckdb.connect() as con:
            result = con.execute(f"SELECT {select} FROM read_parquet(?)", [str(path)])
            number = 0
            while batch := result.fetchmany(10_000):
                for values in batch:
                    number += 1
                    if any(v is not None and len(v) > limits.max_cell for v in values):
                        raise _fail(name, f"een waarde is langer dan {limits.max_cell} tekens", line=number)
                    yield number, list(values)
    except duckdb.Error:
        raise _fail(name, "beschadigd Parquet-bestand: de gegevens kunnen niet gelezen worden") from None


def quote_identifier(name: str) -> str:
    """``name`` as a quoted SQL identifier: the one way a name from a file reaches SQL."""
    return '"' + str(name).replace('"', '""') + '"'


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
