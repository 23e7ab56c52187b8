"""Importing into PostgreSQL: import into the working copy with the usual checks, then push.

The import functions (:mod:`kansrijk.intake`, :mod:`kansrijk.programme`) work on a DuckDB store.
:func:`importing` gives a working copy that is in step with PostgreSQL (so a file imported before is
recognised); :meth:`ImportSession.commit` then adds every import made in it to PostgreSQL in one
transaction, with a new import id from PostgreSQL. An advisory lock keeps imports through this route
one at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kansrijk.server.pgstore import IMPORT_LOCK, PgStore
from kansrijk.server.transfer import duck_to_pg, quoted
from kansrijk.server.working import import_tables, open_copy, sync
from kansrijk.store import Store


def import_ids(store: Store) -> set[int]:
    """The import ids in a DuckDB store."""
    return {int(r[0]) for r in store.con.execute("SELECT import_id FROM imports").fetchall()}


class ImportSession:
    """A working copy to import into, and the step that pushes its new imports to PostgreSQL."""

    def __init__(self, pg: PgStore, store: Store) -> None:
        self.pg = pg
        self.store = store
        self._known = import_ids(store)

    def commit(self) -> dict[int, int]:
        """Add the imports made in the copy to PostgreSQL, all in one transaction.

        Returns working-copy import id -> PostgreSQL import id; afterwards the copy is in step again.
        """
        new = sorted(import_ids(self.store) - self._known)
        moved: dict[int, int] = {}
        if new:
            with self.pg.transaction() as cur:
                for local_id in new:
                    kind, file_name, sha256, row_count, synthetic = self.store.con.execute(
                        "SELECT kind, file_name, sha256, row_count, synthetic FROM imports WHERE import_id = ?",
                        [local_id],
                    ).fetchone() or ()
                    pg_id = self.pg.add_import(cur, kind, file_name, sha256, row_count, synthetic)
                    for table in import_tables():
                        rest = [c for c in table.column_names if c != "import_id"]
                        select = (f'SELECT {pg_id} AS import_id, {quoted(rest)} FROM "{table.name}" '
                                  f"WHERE import_id = {local_id}")
                        duck_to_pg(self.store.con, select, cur, table.name, ["import_id", *rest])
                    moved[local_id] = pg_id
        sync(self.pg, self.store, inputs=True, published=False)
        self._known = import_ids(self.store)
        return moved


@contextmanager
def importing(pg: PgStore, cache: Path | None = None) -> Iterator[ImportSession]:
    """A session over a fresh working copy; nothing reaches PostgreSQL without ``commit()``."""
    with open_copy(cache) as store, importing_into(pg, store) as session:
        yield session


@contextmanager
def importing_into(pg: PgStore, store: Store) -> Iterator[ImportSession]:
    """A session over the working copy ``store``, brought in step first (imports one at a time)."""
    with pg.advisory_lock(IMPORT_LOCK):
        sync(pg, store, inputs=True, published=False)
        yield ImportSession(pg, store)
