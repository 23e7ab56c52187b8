"""The store: one DuckDB file holding every imported input (as imported) and the computed results.

Inputs are kept row by row with the file name and SHA-256 of the file they came from, so results can
always be recomputed from them. Importing the same file (same kind, same hash) again is a no-op.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import platformdirs

from kansrijk.errors import StoreError

if TYPE_CHECKING:
    import pandas as pd

SCHEMA_VERSION = "1"
DEFAULT_DB_ENV = "KANSRIJK_DB"

# The columns of `results` and `published`, in order (see docs/architecture.md).
RESULT_COLUMNS: dict[str, str] = {
    "indicator": "VARCHAR",
    "variant": "VARCHAR",
    "catalogue": "VARCHAR",
    "area_code": "VARCHAR",
    "area_name": "VARCHAR",
    "area_level": "VARCHAR",
    "period": "VARCHAR",
    "period_start": "INTEGER",
    "period_end": "INTEGER",
    "reference_date": "DATE",
    "numerator": "DOUBLE",
    "denominator": "DOUBLE",
    "value": "DOUBLE",
    "lower": "DOUBLE",
    "upper": "DOUBLE",
    "lower_998": "DOUBLE",
    "upper_998": "DOUBLE",
    "confidence": "DOUBLE",
    "method": "VARCHAR",
    "unit": "VARCHAR",
    "polarity": "VARCHAR",
    "status": "VARCHAR",
    "reason": "VARCHAR",
    "benchmark_nl": "VARCHAR",
    "benchmark_region": "VARCHAR",
    "region_code": "VARCHAR",
    "trend": "VARCHAR",
    "members_with_data": "INTEGER",
    "members_total": "INTEGER",
    "source": "VARCHAR",
    "definition_version": "VARCHAR",
    "synthetic": "BOOLEAN",
}

_RESULT_DDL = ",\n    ".join(f'"{name}" {kind}' for name, kind in RESULT_COLUMNS.items())

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE SEQUENCE IF NOT EXISTS import_ids START 1;
CREATE TABLE IF NOT EXISTS imports (
    import_id INTEGER PRIMARY KEY DEFAULT nextval('import_ids'),
    kind VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    row_count INTEGER NOT NULL,
    synthetic BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (kind, sha256)
);
CREATE TABLE IF NOT EXISTS aggregate_rows (
    import_id INTEGER NOT NULL,
    source_row INTEGER NOT NULL,
    indicator VARCHAR NOT NULL,
    area_input VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    period_start INTEGER NOT NULL,
    period_end INTEGER NOT NULL,
    reference_date DATE,
    numerator DOUBLE,
    denominator DOUBLE,
    status VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS results (
    {_RESULT_DDL}
);
CREATE TABLE IF NOT EXISTS published (
    {_RESULT_DDL}
);
CREATE TABLE IF NOT EXISTS ledger (
    published_at TIMESTAMP NOT NULL,
    indicator VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    period_start INTEGER NOT NULL,
    period_end INTEGER NOT NULL,
    reference_date DATE,
    numerator DOUBLE,
    denominator DOUBLE
);
"""
LEDGER_KEYS = ["indicator", "area_code", "period_start", "period_end", "reference_date", "numerator", "denominator"]


def _of_measures(column: str, only: Collection[str] | None) -> tuple[str, list[Any]]:
    """A WHERE clause (and its parameter) keeping the rows of the measures in ``only``; none for None."""
    if only is None:
        return "", []
    return f" WHERE list_contains(?, {column})", [sorted(only)]


def default_db_path() -> Path:
    """The embedded default store: $KANSRIJK_DB, else kansrijk.duckdb in the user's data dir."""
    env = os.environ.get(DEFAULT_DB_ENV)
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("kansrijk")) / "kansrijk.duckdb"


@dataclass(frozen=True)
class ImportRecord:
    """One imported file."""

    import_id: int
    kind: str
    file_name: str
    sha256: str
    imported_at: datetime
    row_count: int
    synthetic: bool


class Store:
    """A kansrijk store in a DuckDB file (or ``:memory:``)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path | None) -> None:
        self.con = con
        self.path = path

    @classmethod
    def open(cls, path: Path | str | None = None, read_only: bool = False) -> Store:
        """Open (and create if needed) the store at ``path``; default: :func:`default_db_path`."""
        if path == ":memory:":
            con = duckdb.connect(":memory:")
            store = cls(con, None)
            store._ensure_schema()
            return store
        target = Path(path) if path is not None else default_db_path()
        if read_only and not target.exists():
            raise StoreError(f"database {target} bestaat niet; maak hem met 'kansrijk demo' of 'kansrijk import'")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            con = duckdb.connect(str(target), read_only=read_only)
        except (duckdb.Error, OSError) as exc:
            raise StoreError(f"kan database {target} niet openen: {exc}") from exc
        store = cls(con, target)
        if not read_only:
            store._ensure_schema()
        else:
            store._check_schema()
        return store

    def _ensure_schema(self) -> None:
        self.con.execute(SCHEMA)
        found = self.get_meta("schema_version")
        if found is None:
            self.set_meta("schema_version", SCHEMA_VERSION)
        elif found != SCHEMA_VERSION:
            raise StoreError(f"database heeft schemaversie {found}; deze versie van kansrijk verwacht {SCHEMA_VERSION}")

    def _check_schema(self) -> None:
        try:
            found = self.get_meta("schema_version")
        except duckdb.Error as exc:
            raise StoreError(f"{self.path} is geen kansrijk-database") from exc
        if found != SCHEMA_VERSION:
            raise StoreError(f"{self.path} is geen kansrijk-database van schemaversie {SCHEMA_VERSION}")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- meta -------------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])

    # -- transactions and imports -----------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All-or-nothing: everything inside commits together or not at all."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    @contextmanager
    def one_thread(self) -> Iterator[None]:
        """Run DuckDB on one thread inside the block, and on as many as before after it.

        For appending a data frame of the size of the national results (about 100.000 rows) and
        committing it, one thread took about half the time (and CPU) of two in measurements: the
        parallel scan of the frame only adds work at this size. ``threads`` is a setting of the
        whole database, so other connections to it are single-threaded meanwhile too.
        """
        with _one_thread(self.con):
            yield

    def stage_results(self, results: pd.DataFrame) -> StagedResults:
        """Start writing a whole recompute's ``results`` (columns in RESULT_COLUMNS order) to a table
        of their own, in the background, for :meth:`replace_results` to put in place."""
        return StagedResults(self, results)

    def replace_results(self, results: pd.DataFrame, published: pd.DataFrame,
                        only: Collection[str] | None = None, staged: StagedResults | None = None) -> None:
        """Replace every row of ``results`` and ``published`` (columns in RESULT_COLUMNS order) by the
        given frames, or only the rows of the measures in ``only``, and record ``computed_at``, all in
        one transaction. ``staged``: ``results`` as written ahead by :meth:`stage_results`."""
        if staged is not None:
            staged.wait()
        with self.one_thread(), self.transaction() as con:
            for table, frame in (("results", results), ("published", published)):
                if staged is not None and table == "results":
                    con.execute("DROP TABLE results")
                    con.execute(f"ALTER TABLE {StagedResults.TABLE} RENAME TO results")
                    continue
                if only is None:
                    # A new, empty table rather than deleting every row: the commit then has no
                    # deletions to write (measured: about a fifth faster for the national results).
                    con.execute(f"CREATE OR REPLACE TABLE {table} ({_RESULT_DDL})")
                else:
                    where, params = _of_measures("indicator", only)
                    con.execute(f"DELETE FROM {table}{where}", params)
                _insert(con, table, frame)
            now = datetime.now()
            # The ledger keeps every figure ever published with its counts (once per distinct value):
            # a later edition is protected together with what earlier ones made public. The exact
            # counts: where they are published rounded, the value beside them gives them back. Only
            # the replaced measures can add figures.
            where, params = _of_measures("p.indicator", only)
            on = " AND ".join(f"r.{k} IS NOT DISTINCT FROM p.{k}" for k in LEDGER_KEYS[:5])
            con.execute(f"""
                INSERT INTO ledger
                SELECT ?, {", ".join(f"r.{k}" for k in LEDGER_KEYS)} FROM results r JOIN published p ON {on}
                {where or " WHERE true"} AND p.status = 'gepubliceerd' AND NOT EXISTS (
                    SELECT 1 FROM ledger l WHERE {" AND ".join(f"l.{k} IS NOT DISTINCT FROM r.{k}" for k in LEDGER_KEYS)}
                )
            """, [now, *params])
            self.set_meta("computed_at", now.isoformat(timespec="seconds"))

    def ledger(self, only: Collection[str] | None = None) -> pd.DataFrame:
        """Every figure published by any earlier edition, once per distinct (key, counts); of the
        measures in ``only`` when given."""
        where, params = _of_measures("indicator", only)
        return self.con.execute(f"SELECT DISTINCT {', '.join(LEDGER_KEYS)} FROM ledger{where}", params).df()

    def previous_edition(self, only: Collection[str] | None = None) -> pd.DataFrame:
        """The rows of the last compute: keys, unsuppressed counts, source status and the status they
        were published with (``published_status``); empty before the first compute. Of the measures
        in ``only`` when given."""
        on = " AND ".join(f"p.{k} IS NOT DISTINCT FROM r.{k}" for k in LEDGER_KEYS[:5])
        where, params = _of_measures("r.indicator", only)
        return self.con.execute(
            f"SELECT {', '.join(f'r.{k}' for k in LEDGER_KEYS)}, r.status, p.status AS published_status "
            f"FROM results r JOIN published p ON {on}{where}", params
        ).df()

    def find_import(self, kind: str, sha256: str) -> ImportRecord | None:
        row = self.con.execute(
            "SELECT * FROM imports WHERE kind = ? AND sha256 = ?", [kind, sha256]
        ).fetchone()
        return None if row is None else ImportRecord(*row)

    def add_import(
        self, kind: str, file_name: str, sha256: str, row_count: int, synthetic: bool = False
    ) -> int:
        """Register an imported file (call inside :meth:`transaction`); returns its import id."""
        row = self.con.execute(
            "INSERT INTO imports (kind, file_name, sha256, imported_at, row_count, synthetic) "
            "VALUES (?, ?, ?, ?, ?, ?) RETURNING import_id",
            [kind, file_name, sha256, datetime.now().replace(microsecond=0), row_count, synthetic],
        ).fetchone()
        assert row is not None
        return int(row[0])

    def imports(self) -> list[ImportRecord]:
        rows = self.con.execute("SELECT * FROM imports ORDER BY import_id").fetchall()
        return [ImportRecord(*r) for r in rows]

    def has_synthetic_input(self) -> bool:
        row = self.con.execute("SELECT count(*) FROM imports WHERE synthetic").fetchone()
        return bool(row and row[0])

    # -- queries ----------------------------------------------------------------------------------
    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, params or [])
        names = [d[0] for d in cur.description or []]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def table_exists(self, name: str) -> bool:
        row = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
        ).fetchone()
        return bool(row and row[0])


@contextmanager
def _one_thread(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    row = con.execute("SELECT current_setting('threads')").fetchone()
    assert row is not None
    con.execute("SET threads = 1")
    try:
        yield
    finally:
        con.execute(f"SET threads = {int(row[0])}")


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Append ``frame`` (the table's columns in order) to ``table``."""
    name = f"{table}_frame"
    con.register(name, frame)
    try:
        con.execute(f"INSERT INTO {table} SELECT * FROM {name}")
    finally:
        con.unregister(name)


class StagedResults:
    """A whole recompute's exact results, written to a table of their own (``TABLE``, committed) by
    a thread with a connection of its own, while the caller goes on (with disclosure control: its
    worker processes leave the asking process the CPU). :meth:`Store.replace_results` then renames
    the table in the transaction that replaces the results; :meth:`discard` drops it when nothing
    is to be replaced."""

    TABLE = "results_staged"

    def __init__(self, store: Store, results: pd.DataFrame) -> None:
        self._store, self._con = store, store.con.cursor()
        self._failed: BaseException | None = None
        self._writing = threading.Thread(target=self._write, args=(results,), name="kansrijk-staging", daemon=True)
        self._writing.start()

    def _write(self, results: pd.DataFrame) -> None:
        try:
            with _one_thread(self._con):
                self._con.execute("BEGIN TRANSACTION")
                self._con.execute(f"CREATE OR REPLACE TABLE {self.TABLE} ({_RESULT_DDL})")
                _insert(self._con, self.TABLE, results)
                self._con.execute("COMMIT")
        except BaseException as error:  # handed to the caller by ``wait``
            self._failed = error

    def wait(self) -> None:
        """Wait until the results are written; a failure is the caller's StoreError."""
        self._writing.join()
        self._con.close()
        if self._failed is not None:
            raise StoreError(f"de uitkomsten konden niet worden opgeslagen: {self._failed}") from self._failed

    def discard(self) -> None:
        """Drop the staged table (nothing is replaced)."""
        self._writing.join()
        self._con.close()
        self._store.con.execute(f"DROP TABLE IF EXISTS {self.TABLE}")
