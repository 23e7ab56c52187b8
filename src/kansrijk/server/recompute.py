"""Recompute on PostgreSQL: compute on the DuckDB working copy, publish in one PostgreSQL transaction.

:func:`recompute` brings the working copy in step with PostgreSQL, runs the unchanged engine
(:func:`kansrijk.pipeline.compute`) on it, then replaces ``results`` and ``published`` in
PostgreSQL in one transaction, sets ``computed_at`` and raises ``results_version``. A reader sees the
old results or the new ones, never a mix. A PostgreSQL advisory lock keeps two recomputes (from any
process) from interleaving. :class:`Recomputer` runs recomputes in a background thread.

The published results also record which imports they were computed from (``results_inputs``), so
:func:`behind` can tell after a crash that inputs were committed (an approval, an import) whose
recompute never finished; a server then catches up when it starts.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.pipeline import COMPUTE_STEPS, COMPUTED_INPUTS, changed_measures, compute, result_rows
from kansrijk.errors import KansrijkError
from kansrijk.dutch import count
from kansrijk.server.pgstore import RECOMPUTE_LOCK, PgStore
from kansrijk.server.transfer import duck_to_pg, quoted
from kansrijk.server.working import (
    COMPUTED_AT, PUBLISHED_STAMP, RESULTS_STAMP, RESULTS_VERSION, open_copy, results_stamp, sync,
)
from kansrijk.store import LEDGER_KEYS, RESULT_COLUMNS, Store

Progress = Callable[[str], None]
RESULTS_INPUTS = "results_inputs"  # meta: fingerprint of the imports the published results come from
SYNC_STEP = "werkkopie bijwerken"
PUBLISH_STEP = "naar PostgreSQL schrijven"
RECOMPUTE_STEPS = (SYNC_STEP, *COMPUTE_STEPS, PUBLISH_STEP)

log = logging.getLogger(__name__)


def recompute(pg: PgStore, catalogues: Catalogues, areas: AreaRegistry, progress: Progress | None = None,
              cache: Path | None = None) -> int:
    """Recompute every result from the inputs in ``pg``; returns the number of result rows.

    ``cache`` is the working copy's DuckDB file (kept between runs, so a later run copies only new
    imports); without it the working copy lives in memory for this run only.
    """
    with open_copy(cache) as store:
        return recompute_on(pg, store, catalogues, areas, progress)


def recompute_on(pg: PgStore, store: Store, catalogues: Catalogues, areas: AreaRegistry,
                 progress: Progress | None = None) -> int:
    """:func:`recompute` with an open working copy ``store`` (brought in step first).

    The copy takes PostgreSQL's last results (when it does not hold them already), so only the
    measures whose inputs changed since are recomputed (:func:`kansrijk.pipeline.changed_measures`:
    a partner's submission of one indicator recomputes that indicator) and disclosure control can
    reuse the publication of every measure that did not change.
    """
    step = progress or (lambda _msg: None)
    with pg.advisory_lock(RECOMPUTE_LOCK):
        step(SYNC_STEP)
        sync(pg, store, inputs=True, published=True, results=True)
        only = changed_measures(store, catalogues, areas) if result_rows(store) else None
        rows = compute(store, catalogues, areas, progress=step, only=only)
        step(PUBLISH_STEP)
        version = publish(pg, store, only)
        # The copy now holds exactly what PostgreSQL publishes: no need to copy it back.
        stamp = results_stamp({RESULTS_VERSION: str(version), COMPUTED_AT: store.get_meta(COMPUTED_AT)})
        store.set_meta(PUBLISHED_STAMP, stamp)
        store.set_meta(RESULTS_STAMP, stamp)
    return rows


def publish(pg: PgStore, store: Store, only: Collection[str] | None = None) -> int:
    """Replace ``results`` and ``published`` in ``pg`` by those of ``store`` (of the measures in
    ``only`` when given), in one transaction, and add the ledger's new figures.

    Sets ``computed_at`` and raises ``results_version``; returns the new version.
    """
    columns = list(RESULT_COLUMNS)
    with pg.transaction() as cur:
        for name in ("results", "published"):
            if only is None:
                cur.execute(f"DELETE FROM {name}")
                duck_to_pg(store.con, f"SELECT {quoted(columns)} FROM {name}", cur, name, columns)
                continue
            if not only:
                continue
            cur.execute(f"DELETE FROM {name} WHERE indicator = ANY(%s)", [sorted(only)])
            listed = ", ".join("'" + m.replace("'", "''") + "'" for m in sorted(only))  # catalogue ids
            duck_to_pg(store.con, f"SELECT {quoted(columns)} FROM {name} WHERE indicator IN ({listed})",
                       cur, name, columns)
        # The ledger only grows: the working copy started with PostgreSQL's and gained this edition's.
        ledger = ["published_at", *LEDGER_KEYS]
        row = cur.execute("SELECT max(published_at) FROM ledger").fetchone()
        since = row[0] if row and row[0] is not None else datetime.min
        duck_to_pg(store.con, f"SELECT {quoted(ledger)} FROM ledger WHERE published_at > TIMESTAMP '{since}'",
                   cur, "ledger", ledger)
        computed_at = store.get_meta(COMPUTED_AT) or datetime.now().isoformat(timespec="seconds")
        pg.set_meta(COMPUTED_AT, computed_at, cur)
        computed_from = store.get_meta(COMPUTED_INPUTS)
        if computed_from is not None:
            pg.set_meta(COMPUTED_INPUTS, computed_from, cur)
        pg.set_meta(RESULTS_INPUTS, inputs_fingerprint(store.con.execute(IMPORT_KEYS).fetchall()), cur)
        cur.execute(
            "INSERT INTO meta VALUES (%s, '1') ON CONFLICT (key) "
            "DO UPDATE SET value = (coalesce(meta.value, '0')::integer + 1)::text RETURNING value",
            [RESULTS_VERSION],
        )
        row = cur.fetchone()
    return int(row[0]) if row else 0


IMPORT_KEYS = "SELECT import_id, kind, sha256 FROM imports"


def inputs_fingerprint(keys: list[tuple[object, ...]]) -> str:
    """A fingerprint of a set of imports, given as (import id, kind, SHA-256) rows."""
    lines = sorted(f"{int(str(i))}|{k}|{s}" for i, k, s in keys)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def behind(pg: PgStore) -> bool:
    """True when the published results were not computed from the imports ``pg`` holds now.

    A store that has imports but was never computed is behind; results published before fingerprints
    were recorded (or migrated from a DuckDB file) count as up to date.
    """
    keys = pg.con.execute(IMPORT_KEYS).fetchall()
    recorded = pg.get_meta(RESULTS_INPUTS)
    if recorded is None:
        return bool(keys) and pg.get_meta(COMPUTED_AT) is None
    return recorded != inputs_fingerprint(keys)


@dataclass(frozen=True)
class RecomputeState:
    """For a status line: ``idle``, ``running`` or ``failed``, with a Dutch message."""

    status: str
    message: str


class Recomputer:
    """Runs :func:`recompute` in a background thread, one run at a time per process.

    :meth:`request` starts a run; requests made while a run is busy are coalesced into one more run
    afterwards (that run sees every import made before it starts). The working copy is kept in
    memory (or in ``cache``) between runs, so later runs copy only new imports.
    """

    def __init__(self, url: str, catalogues: Catalogues, areas: AreaRegistry, cache: Path | None = None) -> None:
        self.url = url
        self.catalogues = catalogues
        self.areas = areas
        self.cache = cache
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        self._running = False
        self._pending = False
        self._store: Store | None = None
        self._state = RecomputeState("idle", "geen herberekening bezig")

    @property
    def state(self) -> RecomputeState:
        with self._lock:
            return self._state

    def request(self) -> None:
        """Ask for a recompute: start one now, or one more after the run that is busy."""
        with self._lock:
            if self._running:
                self._pending = True
                return
            self._running = True
            self._idle.clear()
        threading.Thread(target=self._loop, name="kansrijk-recompute", daemon=True).start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until no run is busy or pending; False when ``timeout`` (seconds) passed first."""
        return self._idle.wait(timeout)

    def _loop(self) -> None:
        while True:
            self._set_state(RecomputeState("running", "resultaten worden opnieuw berekend"))
            self._run_once()
            with self._lock:
                if not self._pending:
                    self._running = False
                    self._idle.set()
                    return
                self._pending = False

    def _run_once(self) -> None:
        try:
            if self._store is None:
                self._store = open_copy(self.cache)
            with PgStore.open(self.url, create=False) as pg:
                rows = recompute_on(pg, self._store, self.catalogues, self.areas)
            done = datetime.now().strftime("%d-%m-%Y %H:%M")
            self._set_state(RecomputeState("idle", f"{count(rows)} resultaten berekend op {done}"))
        except KansrijkError as exc:
            self._set_state(RecomputeState("failed", f"herberekening mislukt: {exc}"))
        except Exception as exc:  # a background thread must report, never die silently
            log.exception("recompute failed")
            self._set_state(RecomputeState("failed", f"herberekening mislukt: {type(exc).__name__}"))

    def _set_state(self, state: RecomputeState) -> None:
        with self._lock:
            self._state = state

    def close(self) -> None:
        """Wait for a busy run, then close the working copy."""
        self.wait()
        if self._store is not None:
            self._store.close()
            self._store = None
