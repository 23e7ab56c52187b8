"""The working copy: a DuckDB store kept in step with PostgreSQL, for the engine and the publishers.

The computation engine and the publishers work on a DuckDB :class:`~kansrijk.store.Store`. In server
mode they get a *working copy* of the PostgreSQL store. Imports are immutable, so the copy is kept
in step import by import: rows of imports that PostgreSQL has and the copy lacks are copied, rows of
imports the copy has and PostgreSQL no longer has are deleted (an import is the same when its id,
kind and SHA-256 are). ``meta`` is copied whole; ``published`` is copied again only when the results
in PostgreSQL changed (their ``results_version`` and ``computed_at``). Everything read in one sync
comes from one snapshot of PostgreSQL.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import platformdirs
import psycopg

from kansrijk.errors import StoreError
from kansrijk.intake.schemas import ensure_input_tables
from kansrijk.server.pgstore import PgStore, Table, store_tables
from kansrijk.server.transfer import pg_output_settings, pg_to_duck, quoted
from kansrijk.store import Store

RESULTS_VERSION = "results_version"
COMPUTED_AT = "computed_at"
LOCAL_PREFIX = "working_copy."  # meta keys of the copy itself, never copied from PostgreSQL
PUBLISHED_STAMP = LOCAL_PREFIX + "published"
RESULTS_STAMP = LOCAL_PREFIX + "results"

ImportKey = tuple[int, str, str]  # import id, kind, SHA-256


@dataclass(frozen=True)
class SyncReport:
    """What one sync changed: import ids added and removed, whether ``published`` was copied."""

    added: tuple[int, ...]
    removed: tuple[int, ...]
    published: bool
    results_stamp: str


def table(name: str) -> Table:
    """The store table called ``name``."""
    return next(t for t in store_tables() if t.name == name)


def import_tables() -> list[Table]:
    """Every table whose rows belong to an import."""
    return [t for t in store_tables() if t.has_import_id]


def results_stamp(meta: dict[str, str | None]) -> str:
    """Identifies one computation of the results: its version and time."""
    return f"{meta.get(RESULTS_VERSION) or 0}@{meta.get(COMPUTED_AT) or ''}"


def open_copy(cache: Path | None = None) -> Store:
    """The (possibly stale) working copy at ``cache`` or in memory, with every input table created."""
    store = Store.open(cache if cache is not None else ":memory:")
    try:
        ensure_input_tables(store)
    except duckdb.Error as exc:
        store.close()
        raise StoreError(f"werkkopie {cache}: {exc}") from exc
    return store


CACHE_ENV = "KANSRIJK_CACHE"
PUBLICATION_INPUTS = ("statements", "survey_response", "summaries", "contacts")


def cache_path(url: str) -> Path:
    """Where commands keep the working copy of the server at ``url`` between runs: a file per server
    in ``$KANSRIJK_CACHE`` (default: the user's cache folder)."""
    folder = os.environ.get(CACHE_ENV) or platformdirs.user_cache_dir("kansrijk")
    server = hashlib.sha256(url.split("@", 1)[-1].encode()).hexdigest()[:16]
    return Path(folder) / f"werkkopie-{server}.duckdb"


def kept_copy(url: str) -> Store:
    """The working copy kept between commands for the server at ``url``; a copy in memory when that
    file cannot be used (another command holds it, or it is damaged)."""
    path = cache_path(url)
    try:
        return open_copy(path)
    except StoreError:
        return open_copy()


def working_copy(pg: PgStore, cache: Path | None = None, inputs: bool = True, published: bool = True,
                 results: bool = False) -> Store:
    """A DuckDB store (file ``cache``, or in memory) in step with PostgreSQL; see :func:`sync`."""
    store = open_copy(cache)
    try:
        sync(pg, store, inputs=inputs, published=published, results=results)
    except BaseException:
        store.close()
        raise
    return store


def sync(pg: PgStore, store: Store, inputs: bool = True, published: bool = True,
         results: bool = False) -> SyncReport:
    """Bring ``store`` in step with ``pg``: the inputs by import id, ``meta``, and ``published``.

    A copy for publishing only also gets the inputs that reports and pages show as they are
    (:data:`PUBLICATION_INPUTS`: statements, questionnaire response, approved summaries, wegwijzer
    contacts), copied whole: they are small.

    ``inputs=False`` leaves the input tables alone (a copy for publishing only); ``published=False``
    leaves ``published`` alone (a copy for computing); ``results=True`` copies the exact results and
    the ledger too (for the analyst's audit; never for publishing).
    """
    with pg.transaction() as cur:
        cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        pg_output_settings(cur)
        remote_meta = {str(k): v for k, v in cur.execute("SELECT key, value FROM meta").fetchall()}
        stamp = results_stamp(remote_meta)
        try:
            with store.transaction() as duck:
                added: tuple[int, ...] = ()
                removed: tuple[int, ...] = ()
                if inputs:
                    added, removed = _sync_inputs(cur, duck)
                if inputs or results:  # the audit sets the publication beside earlier editions
                    _sync_ledger(cur, duck)
                # Results and published rows are copied when PostgreSQL has others than the copy.
                copy_published = published and store.get_meta(PUBLISHED_STAMP) != stamp
                copy_results = results and store.get_meta(RESULTS_STAMP) != stamp
                whole_tables = [*(["published"] if copy_published else []), *(["results"] if copy_results else []),
                                *(PUBLICATION_INPUTS if published and not inputs else [])]
                for name in whole_tables:
                    duck.execute(f"DELETE FROM {name}")
                    whole = table(name)
                    pg_to_duck(cur, f"SELECT {quoted(whole.column_names)} FROM {name}", duck, whole)
                _replace_meta(duck, remote_meta)
                if copy_published:
                    store.set_meta(PUBLISHED_STAMP, stamp)
                if copy_results:
                    store.set_meta(RESULTS_STAMP, stamp)
        except duckdb.Error as exc:
            raise StoreError(f"werkkopie bijwerken mislukt: {exc}") from exc
    return SyncReport(added, removed, copy_published, stamp)


def _sync_inputs(cur: psycopg.Cursor, duck: duckdb.DuckDBPyConnection) -> tuple[tuple[int, ...], tuple[int, ...]]:
    remote: set[ImportKey] = {(int(i), str(k), str(s)) for i, k, s in
                              cur.execute("SELECT import_id, kind, sha256 FROM imports").fetchall()}
    local: set[ImportKey] = {(int(i), str(k), str(s)) for i, k, s in
                             duck.execute("SELECT import_id, kind, sha256 FROM imports").fetchall()}
    removed = tuple(sorted(key[0] for key in local - remote))
    added = tuple(sorted(key[0] for key in remote - local))
    if removed:
        gone = ", ".join(map(str, removed))
        for t in import_tables():
            duck.execute(f'DELETE FROM "{t.name}" WHERE import_id IN ({gone})')
        duck.execute(f"DELETE FROM imports WHERE import_id IN ({gone})")
    if added:
        new = ", ".join(map(str, added))
        for t in [table("imports"), *import_tables()]:
            pg_to_duck(cur, f'SELECT {quoted(t.column_names)} FROM "{t.name}" WHERE import_id IN ({new})', duck, t)
    _advance_import_ids(duck)
    return added, removed


def _sync_ledger(cur: psycopg.Cursor, duck: duckdb.DuckDBPyConnection) -> None:
    """The ledger of earlier editions (disclosure control protects the new one with it). It only
    grows in PostgreSQL, so only its newer rows are copied; rows the copy added that PostgreSQL never
    received (a recompute whose publishing failed) are dropped first."""
    row = cur.execute("SELECT max(published_at) FROM ledger").fetchone()
    remote_last = row[0] if row else None
    if remote_last is None:
        duck.execute("DELETE FROM ledger")
    else:
        duck.execute("DELETE FROM ledger WHERE published_at > ?", [remote_last])
    local = duck.execute("SELECT max(published_at) FROM ledger").fetchone()
    local_last = local[0] if local else None
    ledger = table("ledger")
    newer = "" if local_last is None else f" WHERE published_at > '{local_last.isoformat(sep=' ')}'::timestamp"
    pg_to_duck(cur, f"SELECT {quoted(ledger.column_names)} FROM ledger{newer}", duck, ledger)


def _advance_import_ids(duck: duckdb.DuckDBPyConnection) -> None:
    """Move the copy's import id sequence past every copied id, so a local import gets a new id.

    (Draws ids until past the highest; DuckDB reports no reliable current value of a sequence.)
    """
    top = duck.execute("SELECT coalesce(max(import_id), 0) FROM imports").fetchone()
    drawn = duck.execute("SELECT nextval('import_ids')").fetchone()
    behind = int(top[0] if top else 0) - int(drawn[0] if drawn else 0)
    if behind > 0:
        duck.execute("SELECT max(nextval('import_ids')) FROM range(?)", [behind])


def _replace_meta(duck: duckdb.DuckDBPyConnection, remote: dict[str, str | None]) -> None:
    duck.execute(f"DELETE FROM meta WHERE NOT starts_with(key, '{LOCAL_PREFIX}')")
    if remote:
        duck.executemany("INSERT INTO meta VALUES (?, ?)", [[k, v] for k, v in remote.items()])
