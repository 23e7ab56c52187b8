"""Record (microdata) import: births, households, children and JGZ contacts into the store.

The record types are data (:data:`RECORD_TYPES`): per column its type, whether it is required and its
allowed values or range; docs/records.md is generated from them (:func:`schema_markdown`).

A file (CSV, XLSX or Parquet, read by :mod:`kansrijk.intake.tabular` within :data:`RECORD_LIMITS`) is
loaded into DuckDB as text with its row number, once its column names are known to belong to the record
type (names from a file reach SQL only quoted), then checked column by column with SQL over all rows at
once, so files of millions of rows are checked without a Python loop over rows (Parquet is loaded by the
engine itself). Every bad value becomes a
:class:`~kansrijk.errors.Problem` naming file, row (as in the file: for a CSV the header is row 1), column
and value; at most :data:`MAX_PROBLEMS_PER_FILE` per file are listed plus one saying how many more there
are. If any file of a call has a problem, nothing of the call is imported. A file whose kind and SHA-256
are already in the store is skipped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import duckdb
import pandas as pd

from kansrijk.errors import MAX_PROBLEMS_PER_FILE, InputError, Problem, UnknownRecordType, more_problems
from kansrijk.intake.outcome import ImportOutcome
from kansrijk.intake.tabular import RECORD_LIMITS, RowSource, open_rows, quote_identifier
from kansrijk.store import Store

__all__ = [
    "MAX_PROBLEMS_PER_FILE",
    "RECORD_TYPES",
    "Column",
    "RecordType",
    "ImportOutcome",
    "ensure_record_tables",
    "import_records",
    "schema_markdown",
]

_CHUNK = 1 << 20
_BATCH = 50_000


# -- the record types, as data ----------------------------------------------------------------------

KINDS: dict[str, str] = {
    "text": "VARCHAR",
    "int": "INTEGER",
    "float": "DOUBLE",
    "date": "DATE",
    "bool": "BOOLEAN",
    "choice": "VARCHAR",
    "gemeente": "VARCHAR",
}


@dataclass(frozen=True)
class Column:
    """One column of a record type: its kind (a key of :data:`KINDS`), whether required, its check."""

    kind: str
    required: bool
    description: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    unknown_if_empty: bool = False  # empty means "not known" (counted as missing), not "does not apply"

    @property
    def check(self) -> str:
        """The allowed values in words (for the docs)."""
        if self.choices:
            return ", ".join(f"`{c}`" for c in self.choices)
        if self.minimum is not None and self.maximum is not None:
            return f"{self.minimum:g} .. {self.maximum:g}"
        return {
            "date": "YYYY-MM-DD",
            "bool": "0/1, true/false, ja/nee",
            "gemeente": "GM + 4 digits, existing in the year of the record",
        }.get(self.kind, "")


@dataclass(frozen=True)
class RecordType:
    """One record type: its table, columns, the key unique within a file and the year of a record."""

    name: str
    table: str
    description: str
    columns: dict[str, Column]
    unique: tuple[str, ...]
    year_column: str
    # (column, SQL condition over parsed values that marks a bad row, Dutch message)
    row_checks: tuple[tuple[str, str, str], ...] = ()


def _c(kind: str, required: bool, description: str, **check: object) -> Column:
    return Column(kind, required, description, **check)  # type: ignore[arg-type]


_GM = "CBS gemeente code of that year (e.g. GM0363)"

RECORD_TYPES: dict[str, RecordType] = {
    "births": RecordType(
        name="births",
        table="rec_births",
        description="One row per child born (Perined-like).",
        columns={
            "child_id": _c("text", True, "child identifier, unique"),
            "mother_id": _c("text", True, "mother identifier"),
            "birth_date": _c("date", True, "date of birth"),
            "gemeente_code": _c("gemeente", True, "mother's gemeente at birth, " + _GM),
            "gestational_age_days": _c(
                "int", False, "gestational age at birth in days; empty if unknown (the child then falls "
                "outside every denominator that selects on it)", minimum=140, maximum=315, unknown_if_empty=True),
            "birth_weight_g": _c(
                "int", False, "birth weight in grams; empty if unknown (the child stays in the Big2 "
                "denominator and counts in its numerator only when preterm)", minimum=100, maximum=7000, unknown_if_empty=True),
            "sex": _c("choice", True, "sex of the child", choices=("M", "F")),
            "vital_status": _c("choice", True, "born alive or stillborn", choices=("levend", "doodgeboren")),
            "death_date": _c("date", False, "date of death; empty if alive; not before birth_date"),
            "start_care_ga_days": _c(
                "int", False, "gestational age in days at the first pregnancy-care contact; empty if "
                "unknown; not after birth", minimum=0, maximum=315, unknown_if_empty=True),
            "pregnancy_id": _c("text", False, "the same for the children of one multiple pregnancy; "
                               "empty: the child_id"),
        },
        unique=("child_id",),
        year_column="birth_date",
        row_checks=(
            ("death_date", "death_date < birth_date", "overlijdensdatum ligt vóór de geboortedatum"),
            ("start_care_ga_days", "start_care_ga_days > gestational_age_days",
             "start van de zwangerschapszorg ligt na de geboorte (groter dan gestational_age_days)"),
        ),
    ),
    "households": RecordType(
        name="households",
        table="rec_households",
        description="One row per live-born child (CBS-like): the household in the year of birth.",
        columns={
            "child_id": _c("text", True, "child identifier, unique"),
            "birth_year": _c("int", True, "year of birth", minimum=1990, maximum=2100),
            "gemeente_code": _c("gemeente", True, _GM),
            "mother_debt": _c("bool", True, "mother: debt restructuring (WSNP) and/or >= 6 months "
                              "health-insurance arrears in the year of birth"),
            "parent_debt": _c("bool", True, "the same for either parent"),
            "income_percentile": _c("int", False, "percentile of standardised household income; "
                                    "empty if unknown", minimum=0, maximum=100, unknown_if_empty=True),
            "single_parent": _c("bool", True, "single-parent household"),
            "kraamzorg": _c("bool", True, "at least one maternity-care claim after birth"),
        },
        unique=("child_id",),
        year_column="birth_year",
    ),
    "children": RecordType(
        name="children",
        table="rec_children",
        description="One row per child under 2 per calendar year (CBS-like).",
        columns={
            "child_id": _c("text", True, "child identifier, unique per year"),
            "year": _c("int", True, "calendar year", minimum=1990, maximum=2100),
            "gemeente_code": _c("gemeente", True, _GM),
            "youth_protection": _c("bool", True, "OTS or guardianship on at least one day in the year"),
            "residential_care": _c("bool", True, "youth care with accommodation overlapping that measure"),
        },
        unique=("child_id", "year"),
        year_column="year",
    ),
    "jgz": RecordType(
        name="jgz",
        table="rec_jgz",
        description="One row per JGZ contact around age 2.",
        columns={
            "child_id": _c("text", True, "child identifier, unique per contact date"),
            "contact_date": _c("date", True, "date of the contact"),
            "gemeente_code": _c("gemeente", True, _GM),
            "sex": _c("choice", True, "sex of the child", choices=("M", "F")),
            "age_days": _c("int", True, "age at the contact in days", minimum=0, maximum=2000),
            "height_cm": _c("float", True, "height (length) in cm", minimum=40, maximum=150),
            "weight_kg": _c("float", True, "weight in kg", minimum=2, maximum=60),
            "vw_zinnen": _c("choice", False, "Van Wiechen 'zegt zinnen van twee woorden'; empty if "
                            "not scored", choices=("+", "-", "M"), unknown_if_empty=True),
            "vw_lichaamsdelen": _c("choice", False, "Van Wiechen 'wijst zes lichaamsdelen aan bij pop'; "
                                   "empty if not scored", choices=("+", "-", "M"), unknown_if_empty=True),
        },
        unique=("child_id", "contact_date"),
        year_column="contact_date",
    ),
}


def schema_markdown() -> str:
    """The column tables of docs/records.md, generated from :data:`RECORD_TYPES`."""
    parts: list[str] = []
    for record_type in RECORD_TYPES.values():
        parts.append(f"### `{record_type.name}` (table `{record_type.table}`)\n")
        parts.append(record_type.description + "\n")
        parts.append(f"Unique within a file: {', '.join(f'`{c}`' for c in record_type.unique)}. "
                     f"Year of a record (for the gemeente check): `{record_type.year_column}`.\n")
        parts.append("| column | type | required | check | meaning |")
        parts.append("| --- | --- | --- | --- | --- |")
        for name, col in record_type.columns.items():
            required = "yes" if col.required else "no"
            parts.append(f"| `{name}` | {col.kind} | {required} | {col.check} | {col.description} |")
        parts.append("")
    return "\n".join(parts)


# -- SQL generated from the record types -----------------------------------------------------------

_TYPE_MESSAGES = {
    "int": "geen geheel getal",
    "float": "geen getal",
    "date": "geen geldige datum (JJJJ-MM-DD)",
    "bool": "geen ja/nee-waarde (0/1, true/false, ja/nee)",
    "gemeente": "geen gemeentecode (GM en vier cijfers)",
}
_TRUE = ("1", "true", "ja")
_FALSE = ("0", "false", "nee")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _parse(raw: str, col: Column) -> str:
    """SQL turning the trimmed text ``raw`` into the column's type; NULL where it does not parse."""
    if col.kind == "int":
        return f"CASE WHEN regexp_full_match({raw}, '[+-]?[0-9]{{1,9}}') THEN TRY_CAST({raw} AS INTEGER) END"
    if col.kind == "float":
        return (f"CASE WHEN regexp_full_match({raw}, '[+-]?[0-9]+([.,][0-9]+)?') "
                f"THEN TRY_CAST(replace({raw}, ',', '.') AS DOUBLE) END")
    if col.kind == "date":
        return f"CASE WHEN regexp_full_match({raw}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') THEN TRY_CAST({raw} AS DATE) END"
    if col.kind == "bool":
        whens = [f"WHEN {_literal(t)} THEN TRUE" for t in _TRUE] + [f"WHEN {_literal(f)} THEN FALSE" for f in _FALSE]
        return f"CASE lower({raw}) {' '.join(whens)} END"
    if col.kind == "choice":
        whens = " ".join(f"WHEN {_literal(c.lower())} THEN {_literal(c)}" for c in col.choices)
        return f"CASE lower({raw}) {whens} END"
    if col.kind == "gemeente":
        return f"CASE WHEN regexp_full_match(upper({raw}), 'GM[0-9]{{4}}') THEN upper({raw}) END"
    return raw


def _side_by_side(record_type: RecordType, table: str, present: list[str]) -> str:
    """SELECT giving per column its trimmed text (``<col>__raw``) and its parsed value (``<col>``)."""
    raws = ["_line"] + [
        (f"nullif(trim({quote_identifier(name)}), '')" if name in present else "CAST(NULL AS VARCHAR)")
        + f" AS {quote_identifier(name + '__raw')}"
        for name in record_type.columns
    ]
    parsed = ", ".join(
        f"{_parse(quote_identifier(name + '__raw'), col)} AS {quote_identifier(name)}" for name, col in record_type.columns.items()
    )
    return f"SELECT *, {parsed} FROM (SELECT {', '.join(raws)} FROM {quote_identifier(table)})"


def create_table_sql(record_type: RecordType) -> str:
    """CREATE TABLE IF NOT EXISTS for the stored records of one type."""
    cols = ", ".join(f"{quote_identifier(n)} {KINDS[c.kind]}" for n, c in record_type.columns.items())
    return (f"CREATE TABLE IF NOT EXISTS {record_type.table} "
            f"(import_id INTEGER NOT NULL, source_row BIGINT NOT NULL, {cols})")


def _parsed_table_sql(record_type: RecordType, table: str, present: list[str]) -> str:
    """The file's text and parsed values side by side, materialised once for all checks and the insert."""
    return (f"CREATE OR REPLACE TEMP TABLE {quote_identifier(table + '_parsed')} AS "
            f"{_side_by_side(record_type, table, present)}")


def _insert_sql(record_type: RecordType, table: str) -> str:
    # The loaded rows are in file order and DuckDB keeps insertion order (preserve_insertion_order,
    # its default), so no sort by line is needed to store them in that order.
    names = ", ".join(quote_identifier(n) for n in record_type.columns)
    return (f"INSERT INTO {record_type.table} (import_id, source_row, {names}) "
            f"SELECT ?, _line, {names} FROM {quote_identifier(table + '_parsed')}")


def _problems_sql(record_type: RecordType, table: str) -> str:
    """The common table expressions ``x`` (the parsed rows) and ``found`` (every problem: line,
    column, value, message and the column's place for ordering)."""
    checks: list[str] = []

    def add(order: int, column: str, value: str, message: str, condition: str) -> None:
        checks.append(f"SELECT _line, {_literal(column)} AS col, {value} AS value, {message} AS message, "
                      f"{order} AS ord FROM x WHERE {condition}")

    for order, (name, col) in enumerate(record_type.columns.items()):
        raw, val = quote_identifier(name + "__raw"), quote_identifier(name)
        if col.required:
            add(order, name, "NULL", _literal("verplichte waarde ontbreekt"), f"{raw} IS NULL")
        if col.kind == "choice":
            allowed = ", ".join(col.choices)
            add(order, name, raw, _literal(f"ongeldige waarde; toegestaan: {allowed}"),
                f"{raw} IS NOT NULL AND {val} IS NULL")
        elif col.kind in _TYPE_MESSAGES:
            add(order, name, raw, _literal(_TYPE_MESSAGES[col.kind]), f"{raw} IS NOT NULL AND {val} IS NULL")
        if col.minimum is not None and col.maximum is not None:
            add(order, name, raw, _literal(f"buiten het bereik {col.minimum:g} tot en met {col.maximum:g}"),
                f"{val} < {col.minimum:g} OR {val} > {col.maximum:g}")
    for column, condition, message in record_type.row_checks:
        order = list(record_type.columns).index(column)
        add(order, column, quote_identifier(column + "__raw"), _literal(message), condition)
    year_col = record_type.columns[record_type.year_column]
    year = f"year({quote_identifier(record_type.year_column)})" if year_col.kind == "date" else quote_identifier(record_type.year_column)
    gm_order = list(record_type.columns).index("gemeente_code")
    year_order = list(record_type.columns).index(record_type.year_column)
    raw_year = quote_identifier(record_type.year_column + "__raw")
    # The same rule as for every other route in: no record is about the future, or about a year the
    # gemeente divisions do not cover.
    add(year_order, record_type.year_column, raw_year,
        f"'jaar ' || CAST({year} AS VARCHAR) || ' ligt in de toekomst'", f"{year} > year(current_date)")
    known_years = "(SELECT min(year) FROM _rec_carry) AND (SELECT max(year) FROM _rec_carry)"
    add(year_order, record_type.year_column, raw_year,
        f"'jaar ' || CAST({year} AS VARCHAR) || ' valt buiten de gemeentelijke indelingen ' || "
        f"(SELECT CAST(min(year) AS VARCHAR) || '-' || CAST(max(year) AS VARCHAR) FROM _rec_carry)",
        f"{year} <= year(current_date) AND {year} NOT BETWEEN {known_years}")
    add(gm_order, "gemeente_code", '"gemeente_code__raw"',
        f"'gemeentecode bestond niet in ' || CAST({year} AS VARCHAR)",
        f"gemeente_code IS NOT NULL AND {year} BETWEEN {known_years} AND NOT EXISTS "
        f"(SELECT 1 FROM _rec_carry k WHERE k.year = {year} AND k.code = x.gemeente_code)")
    key = record_type.unique
    keys = ", ".join(quote_identifier(k) for k in key)
    together = key[0] if len(key) == 1 else "de combinatie " + " en ".join(key)
    checks.append(
        f"SELECT _line, {_literal(key[0])} AS col, {quote_identifier(key[0] + '__raw')} AS value, "
        f"{_literal(together + ' komt vaker voor in dit bestand (eerst op rij ')} "
        f"|| CAST(first_line AS VARCHAR) || ')' AS message, {list(record_type.columns).index(key[0])} AS ord "
        f"FROM (SELECT *, min(_line) OVER (PARTITION BY {keys}) AS first_line FROM x "
        f"WHERE {' AND '.join(f'{quote_identifier(k)} IS NOT NULL' for k in key)}) WHERE _line > first_line")
    found = "\nUNION ALL\n".join(checks)
    return f"WITH x AS (SELECT * FROM {quote_identifier(table + '_parsed')}),\nfound AS ({found})\n"


def _problems(con: duckdb.DuckDBPyConnection, record_type: RecordType, table: str) -> tuple[list[tuple], int]:
    """The first problems (line, column, value, message) in file order, and how many there are.

    The total is counted only when there are more than are listed, and never as count(*) OVER ()
    beside ORDER BY ... LIMIT: DuckDB 1.4 fails on that shape now and then with an internal error
    (duckdb/duckdb#22352)."""
    found = _problems_sql(record_type, table)
    first = con.execute(f"{found}SELECT _line, col, value, message FROM found ORDER BY _line, ord, message LIMIT ?",
                        [MAX_PROBLEMS_PER_FILE + 1]).fetchall()
    if len(first) <= MAX_PROBLEMS_PER_FILE:
        return first, len(first)
    row = con.execute(f"{found}SELECT count(*) FROM found").fetchone()
    return first[:MAX_PROBLEMS_PER_FILE], int(row[0]) if row else len(first)


# -- import ----------------------------------------------------------------------------------------


class CarrySource(Protocol):
    """Anything that lists every (year, gemeente code, current code) it knows, like ``AreaRegistry``."""

    def carry_table(self) -> Iterable[tuple[int, str, str]]: ...


@dataclass
class _Loaded:
    path: Path
    sha256: str
    table: str
    rows: int = 0


def ensure_record_tables(store: Store) -> None:
    """Create the record tables (``rec_births`` ...) if they do not exist yet."""
    for record_type in RECORD_TYPES.values():
        store.con.execute(create_table_sql(record_type))


def import_records(
    store: Store,
    kind: str,
    paths: Sequence[Path],
    synthetic: bool = False,
    areas: CarrySource | None = None,
) -> list[ImportOutcome]:
    """Check and import record files of one ``kind`` (births, households, children, jgz), all or nothing.

    ``areas`` gives the gemeente codes valid per year (default: ``AreaRegistry.load()``); a record's
    gemeente code must exist in the year of the record. Raises :class:`InputError` with every problem
    (file:row:column, value) and imports nothing when any file has one. Returns one outcome per path,
    in order; a file already imported (same kind and SHA-256, also twice in one call) is skipped.
    """
    record_type = RECORD_TYPES.get(kind)
    if record_type is None:
        known = ", ".join(RECORD_TYPES)
        raise UnknownRecordType(f"onbekend soort records '{kind}'; bekend zijn: {known}")
    if areas is None:
        from kansrijk.areas import AreaRegistry

        registry: CarrySource = AreaRegistry.load()
    else:
        registry = areas
    con = store.con
    ensure_record_tables(store)
    _register_carry(con, registry)
    loaded: list[_Loaded | ImportOutcome] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    try:
        for number, path in enumerate(paths):
            digest = _fingerprint(path, problems)
            if digest is None:
                continue
            earlier = store.find_import(kind, digest)
            if earlier is not None or digest in seen:
                rows = earlier.row_count if earlier is not None else 0
                loaded.append(ImportOutcome(path.name, digest, rows, skipped_as_duplicate=True))
                continue
            seen[digest] = number
            item = _Loaded(path, digest, f"_rec_load_{number}")
            file_problems = _load_and_check(con, record_type, item)
            problems.extend(file_problems)
            loaded.append(item)
        if problems:
            raise InputError(problems, summary=f"{len(problems)} probleem/problemen in de records; niets geïmporteerd")
        outcomes: list[ImportOutcome] = []
        with store.transaction():
            for entry in loaded:
                if isinstance(entry, ImportOutcome):
                    if not entry.rows:
                        entry = _with_rows(store, kind, entry)
                    outcomes.append(entry)
                    continue
                import_id = store.add_import(kind, entry.path.name, entry.sha256, entry.rows, synthetic)
                con.execute(_insert_sql(record_type, entry.table), [import_id])
                outcomes.append(ImportOutcome(entry.path.name, entry.sha256, entry.rows, False,
                                              _missing(con, record_type, entry.table)))
        return outcomes
    finally:
        for entry in loaded:
            if isinstance(entry, _Loaded):
                con.execute(f"DROP TABLE IF EXISTS {quote_identifier(entry.table + '_parsed')}")
                con.execute(f"DROP TABLE IF EXISTS {quote_identifier(entry.table)}")
        con.execute("DROP TABLE IF EXISTS _rec_carry")


def _missing(con: duckdb.DuckDBPyConnection, record_type: RecordType, table: str) -> tuple[tuple[str, int], ...]:
    optional = [name for name, col in record_type.columns.items() if col.unknown_if_empty]
    counts = ", ".join(f"count(*) - count({quote_identifier(name)})" for name in optional)
    row = con.execute(f"SELECT {counts} FROM {quote_identifier(table + '_parsed')}").fetchone() if optional else None
    return tuple((name, int(n)) for name, n in zip(optional, row or ()) if n)


def _with_rows(store: Store, kind: str, outcome: ImportOutcome) -> ImportOutcome:
    # A file given twice in one call: its row count is known once the first copy is registered.
    earlier = store.find_import(kind, outcome.sha256)
    rows = earlier.row_count if earlier is not None else 0
    return ImportOutcome(outcome.file_name, outcome.sha256, rows, True)


def _register_carry(con: duckdb.DuckDBPyConnection, registry: CarrySource) -> None:
    con.execute("CREATE OR REPLACE TEMP TABLE _rec_carry (year INTEGER, code VARCHAR)")
    pairs = sorted({(int(year), str(code)) for year, code, _current in registry.carry_table()})
    if pairs:
        years, codes = zip(*pairs)
        con.execute("INSERT INTO _rec_carry SELECT unnest(?::INTEGER[]), unnest(?::VARCHAR[])",
                    [list(years), list(codes)])


def _fingerprint(path: Path, problems: list[Problem]) -> str | None:
    """SHA-256 of the file's bytes."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except OSError as exc:
        problems.append(Problem(path.name, f"bestand kan niet gelezen worden ({exc.strerror or exc})"))
        return None
    return digest.hexdigest()


def _load_and_check(con: duckdb.DuckDBPyConnection, record_type: RecordType, item: _Loaded) -> list[Problem]:
    name = item.path.name
    try:
        source = open_rows(item.path, limits=RECORD_LIMITS)
        # Names from the file are matched against the record type before anything reaches SQL.
        problems = _check_header(name, record_type, list(source.headers))
        if problems:
            return problems
        problems = _load(con, item, source)
    except InputError as exc:
        return list(exc.problems)
    if problems:
        return problems
    if not item.rows:
        return [Problem(name, "het bestand bevat geen gegevensrijen")]
    con.execute(_parsed_table_sql(record_type, item.table, list(source.headers)))
    con.execute(f"DROP TABLE {quote_identifier(item.table)}")
    found, total = _problems(con, record_type, item.table)
    problems = [
        Problem(name, message, line=int(line), column=column, value=value, sheet=source.sheet)
        for line, column, value, message in found
    ]
    if total > MAX_PROBLEMS_PER_FILE:
        problems.append(more_problems(name, total - MAX_PROBLEMS_PER_FILE))
    return problems


def _load(con: duckdb.DuckDBPyConnection, item: _Loaded, source: RowSource) -> list[Problem]:
    """Load the file as text into a temp table with ``_line``, the row number as the user sees it."""
    table = quote_identifier(item.table)
    headers = list(source.headers)
    columns = ", ".join(f"{quote_identifier(h)} VARCHAR" for h in headers)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} (_line BIGINT, {columns})")
    if source.kind == "parquet":
        return _load_parquet(con, item, source)
    problems: list[Problem] = []
    ragged = 0
    width = len(headers)
    batch: list[list[object]] = []
    for number, values in source.rows:
        if len(values) < width or any(v is not None and str(v).strip() for v in values[width:]):
            ragged += 1
            if ragged <= MAX_PROBLEMS_PER_FILE:
                found = len([v for v in values if v is not None and str(v).strip()])
                problems.append(Problem(item.path.name, f"rij heeft {found} velden, de kopregel heeft er {width}",
                                        line=number, sheet=source.sheet))
            continue
        batch.append([number, *(None if v is None else str(v) for v in values[:width])])
        if len(batch) >= _BATCH:
            _insert_batch(con, table, headers, batch)
            batch = []
    if batch:
        _insert_batch(con, table, headers, batch)
    if ragged > MAX_PROBLEMS_PER_FILE:
        problems.append(more_problems(item.path.name, ragged - MAX_PROBLEMS_PER_FILE))
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    item.rows = int(row[0]) if row else 0
    return problems


def _insert_batch(con: duckdb.DuckDBPyConnection, table: str, headers: list[str], batch: list[list[object]]) -> None:
    frame = pd.DataFrame(batch, columns=["_line", *headers]).astype({h: "object" for h in headers})
    con.register("_rec_batch", frame)
    try:
        con.execute(f"INSERT INTO {table} SELECT * FROM _rec_batch")
    finally:
        con.unregister("_rec_batch")


def _load_parquet(con: duckdb.DuckDBPyConnection, item: _Loaded, source: RowSource) -> list[Problem]:
    """Parquet goes straight into the engine (no Python loop over rows), under the same limits."""
    table = quote_identifier(item.table)
    names = ", ".join(
        f"CAST({quote_identifier(original)} AS VARCHAR)" for original in source.original
    )
    try:
        con.execute(f"INSERT INTO {table} SELECT file_row_number + 1, {names} "
                    "FROM read_parquet(?, file_row_number = true)", [str(item.path)])
        longest = con.execute(
            "SELECT max(greatest(" + ", ".join(f"coalesce(length({quote_identifier(h)}), 0)" for h in source.headers)
            + f")) FROM {table}"
        ).fetchone()
    except duckdb.Error:
        return [Problem(item.path.name, "beschadigd Parquet-bestand: de gegevens kunnen niet gelezen worden")]
    if longest and longest[0] is not None and longest[0] > RECORD_LIMITS.max_cell:
        return [Problem(item.path.name, f"een waarde is langer dan {RECORD_LIMITS.max_cell} tekens")]
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    item.rows = int(row[0]) if row else 0
    return []


def _check_header(name: str, record_type: RecordType, columns: list[str]) -> list[Problem]:
    present = [c for c in columns if c != "_line"]
    problems = [
        Problem(name, "verplichte kolom ontbreekt", column=column)
        for column, spec in record_type.columns.items()
        if spec.required and column not in present
    ]
    known = ", ".join(record_type.columns)
    problems += [
        Problem(name, f"onbekende kolom; kolommen van {record_type.name}: {known}", column=column)
        for column in present
        if column not in record_type.columns
    ]
    return problems
