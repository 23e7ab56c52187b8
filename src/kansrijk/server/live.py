"""Live published data for the web app in server mode: reload when PostgreSQL's results change.

:class:`LiveWeb` keeps the current :class:`~kansrijk.publish.web.pages.WebData`, loaded from a
working copy that holds ``published`` only. :meth:`LiveWeb.current` (called per request) looks at
most once every ``interval`` seconds whether ``results_version`` in PostgreSQL changed; if so, a
background thread loads the new data while requests keep being answered from the old. A new
``WebData`` comes with an empty page cache.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import psycopg

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.errors import KansrijkError, NotComputed
from kansrijk.publish.web.pages import WebData
from kansrijk.server.pgstore import PgStore, pg_error
from kansrijk.server.working import COMPUTED_AT, RESULTS_VERSION, open_copy, results_stamp, sync
from kansrijk.store import Store

CHECK_INTERVAL = 2.0

log = logging.getLogger(__name__)


class LiveWeb:
    """The current published data of a PostgreSQL store, reloaded after every recompute."""

    def __init__(self, url: str, catalogues: Catalogues | None = None, areas: AreaRegistry | None = None,
                 interval: float = CHECK_INTERVAL, cache: Path | None = None) -> None:
        self.url = url
        self.catalogues = catalogues or Catalogues.load()
        self.areas = areas or AreaRegistry.load()
        self.interval = interval
        self._lock = threading.Lock()  # guards the fields below
        self._loading = threading.Lock()  # one load at a time; guards the connection and the copy
        self._web: WebData | None = None
        self._stamp: str | None = None
        self._checked = float("-inf")
        self._background: threading.Thread | None = None
        self._pg = PgStore.open(url, create=False)
        self._store: Store = open_copy(cache)
        try:
            self.refresh()
        except NotComputed:
            pass  # no results yet: requests are answered "not computed" until there are
        except BaseException:
            self._pg.close()
            self._store.close()
            raise

    @property
    def stamp(self) -> str | None:
        """The results version and time of the data served now."""
        with self._lock:
            return self._stamp

    def current(self) -> WebData:
        """The data to answer a request with (raises NotComputed while PostgreSQL has no results).

        Never waits for a reload once data is loaded: a due check runs in the background.
        """
        now = time.monotonic()
        with self._lock:
            web = self._web
            due = now - self._checked >= self.interval
            if due:
                self._checked = now
            busy = self._background is not None and self._background.is_alive()
            if web is not None and due and not busy:
                self._background = threading.Thread(target=self._refresh_quietly, name="kansrijk-live", daemon=True)
                self._background.start()
        if web is None:
            return self.refresh()
        return web

    def refresh(self) -> WebData:
        """Check PostgreSQL now and load new data when its results changed; returns the current data."""
        with self._loading:
            pg = self._connection()
            try:
                stamp = results_stamp({k: pg.get_meta(k) for k in (RESULTS_VERSION, COMPUTED_AT)})
            except psycopg.Error as exc:
                raise pg_error(self.url, exc) from exc
            with self._lock:
                if self._web is not None and stamp == self._stamp:
                    return self._web
            report = sync(pg, self._store, inputs=False, published=True)
            web = WebData.load(self._store, self.catalogues, self.areas)
            with self._lock:
                self._web, self._stamp = web, report.results_stamp
            return web

    def wait(self, timeout: float | None = None) -> None:
        """Wait for a background check to finish (for tests and shutdown)."""
        with self._lock:
            thread = self._background
        if thread is not None:
            thread.join(timeout)

    def close(self) -> None:
        self.wait()
        with self._loading:
            self._pg.close()
            self._store.close()

    def _connection(self) -> PgStore:
        if self._pg.con.closed or self._pg.con.broken:
            self._pg = PgStore.open(self.url, create=False)
        return self._pg

    def _refresh_quietly(self) -> None:
        try:
            self.refresh()
        except KansrijkError as exc:  # keep serving the data we have
            log.warning("published data not reloaded: %s", exc)
        except Exception:
            log.exception("published data not reloaded")
