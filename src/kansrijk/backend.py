"""Where a monitor's data live: one protocol for the embedded DuckDB file and for a PostgreSQL server.

The engine and every publisher work on a DuckDB :class:`~kansrijk.store.Store`. Embedded, that is the
file itself; on a server it is a working copy kept in step with PostgreSQL, which stays the system of
record (:class:`ServerBackend`). A :class:`Backend` hands out the store for
each kind of work, so reading, importing and computing are the same code on both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from kansrijk.errors import NotComputed, StoreError
from kansrijk.pipeline import COMPUTE_STEPS, changed_measures, compute
from kansrijk.server.intake import importing_into
from kansrijk.server.pgstore import PgStore
from kansrijk.server.recompute import RECOMPUTE_STEPS, recompute_on
from kansrijk.server.working import kept_copy, open_copy, sync
from kansrijk.store import Store

if TYPE_CHECKING:
    from kansrijk.areas import AreaRegistry
    from kansrijk.catalogue import Catalogues

Progress = Callable[[str], None]
SERVER_SCHEMES = ("postgresql://", "postgres://")


class Backend(Protocol):
    """The store of one monitor, embedded or on a server."""

    #: The named steps of :meth:`compute` (for a progress bar).
    compute_steps: tuple[str, ...]
    @property
    def location(self) -> str:
        """Where the data live, for messages (a file, or a server without its password)."""

    def reading(self, inputs: bool = False, results: bool = False) -> AbstractContextManager[Store]:
        """A store holding the published results; with ``inputs`` every imported row too, with
        ``results`` the exact results (for the analyst, never to publish)."""

    def importing(self) -> AbstractContextManager[Store]:
        """A store to import into; what is imported in it is kept when the block ends without error."""

    def compute(self, catalogues: Catalogues, areas: AreaRegistry, progress: Progress | None = None) -> int:
        """Recompute and publish every result from the inputs; returns the number of result rows."""

    def web_app(self, catalogues: Catalogues, areas: AreaRegistry) -> tuple[Any, bool | None]:
        """The public web app over this store, and whether its figures are synthetic (None: nothing
        computed yet)."""

    def close(self) -> None:
        """Release the store."""


def is_server(target: str | Path | None) -> bool:
    """Whether ``target`` names a PostgreSQL server rather than a DuckDB file."""
    return isinstance(target, str) and target.startswith(SERVER_SCHEMES)


def open_backend(target: str | Path | None = None, writable: bool = False) -> Backend:
    """The backend of ``target``: a PostgreSQL URL, a DuckDB file, or (None) the embedded default."""
    if is_server(target):
        return ServerBackend(str(target), writable=writable)
    return DuckDBBackend(Path(target) if target is not None else None, writable=writable)


def _writable(backend: DuckDBBackend | ServerBackend) -> None:
    if not backend.writable:
        raise StoreError(f"{backend.location} is alleen-lezen geopend")


class DuckDBBackend:
    """A DuckDB file (or ``:memory:``): the store itself does every kind of work."""

    compute_steps = COMPUTE_STEPS

    def __init__(self, path: Path | None = None, writable: bool = False) -> None:
        self.writable = writable
        self.store = Store.open(":memory:" if str(path) == ":memory:" else path, read_only=not writable)

    @property
    def location(self) -> str:
        return str(self.store.path or ":memory:")

    @contextmanager
    def reading(self, inputs: bool = False, results: bool = False) -> Iterator[Store]:
        yield self.store

    @contextmanager
    def importing(self) -> Iterator[Store]:
        _writable(self)
        yield self.store

    def compute(self, catalogues: Catalogues, areas: AreaRegistry, progress: Progress | None = None) -> int:
        _writable(self)
        only = changed_measures(self.store, catalogues, areas)
        return compute(self.store, catalogues, areas, progress=progress, only=only)

    def web_app(self, catalogues: Catalogues, areas: AreaRegistry) -> tuple[Any, bool]:
        from kansrijk.publish.web.app import create_app
        from kansrijk.publish.web.pages import WebData

        web = WebData.load(self.store, catalogues, areas)
        return create_app(web), web.synthetic

    def close(self) -> None:
        self.store.close()


class ServerBackend:
    """A PostgreSQL store (the system of record) with DuckDB working copies for the work itself.

    Imports go into a working copy in step with PostgreSQL and are added to PostgreSQL in one
    transaction when the block ends; a recompute runs on that copy and publishes in one transaction
    (:mod:`kansrijk.server.recompute`); readers get a copy of the published results in memory. The
    copy for importing and computing is kept between commands (:func:`kansrijk.server.working.kept_copy`),
    so a command copies only what changed in PostgreSQL since the last one.
    """

    compute_steps = RECOMPUTE_STEPS

    def __init__(self, url: str, writable: bool = False) -> None:
        self.url = url
        self.writable = writable
        self.pg = PgStore.open(url, create=writable)
        self._inputs: Store | None = None
        self._published: Store | None = None

    @property
    def location(self) -> str:
        return self.url.split("@", 1)[-1]

    def _input_copy(self) -> Store:
        if self._inputs is None:
            self._inputs = kept_copy(self.url)
        return self._inputs

    @contextmanager
    def reading(self, inputs: bool = False, results: bool = False) -> Iterator[Store]:
        if inputs:
            store = self._input_copy()
            sync(self.pg, store, inputs=True, published=True, results=results)
            yield store
            return
        if self._published is None:
            self._published = open_copy()
        sync(self.pg, self._published, inputs=False, published=True, results=results)
        yield self._published

    @contextmanager
    def importing(self) -> Iterator[Store]:
        _writable(self)
        with importing_into(self.pg, self._input_copy()) as session:
            yield session.store
            session.commit()

    def compute(self, catalogues: Catalogues, areas: AreaRegistry, progress: Progress | None = None) -> int:
        _writable(self)
        return recompute_on(self.pg, self._input_copy(), catalogues, areas, progress)

    def web_app(self, catalogues: Catalogues, areas: AreaRegistry) -> tuple[Any, bool | None]:
        from kansrijk.portal.web.server import create_portal_app

        app = create_portal_app(self.url, catalogues, areas)
        try:
            return app, app.state.live.current().synthetic
        except NotComputed:
            return app, None

    def close(self) -> None:
        for store in (self._inputs, self._published):
            if store is not None:
                store.close()
        self._inputs = self._published = None
        self.pg.close()
