"""Write checked files into a store as imports of one kind: all files in one transaction (or
nothing), a file imported before skipped as a duplicate."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import duckdb
import pandas as pd

from kansrijk.intake.outcome import ImportOutcome
from kansrijk.store import Store

Parsed = tuple[str, str, Sequence[Any]]  # file name, sha256, rows (without the import id)
Writer = Callable[[duckdb.DuckDBPyConnection, int, Sequence[Any]], None]


def register_imports(store: Store, kind: str, parsed: Sequence[Parsed], write: Writer,
                     synthetic: bool = False) -> list[ImportOutcome]:
    """One import of ``kind`` per file, whose rows ``write`` stores under its new import id."""
    outcomes = []
    with store.transaction() as con:
        for name, digest, rows in parsed:
            if store.find_import(kind, digest) is not None:
                outcomes.append(ImportOutcome(name, digest, len(rows), True))
                continue
            write(con, store.add_import(kind, name, digest, len(rows), synthetic), rows)
            outcomes.append(ImportOutcome(name, digest, len(rows), False))
    return outcomes


def append_imports(store: Store, kind: str, table: str, columns: Sequence[str], parsed: Sequence[Parsed],
                   synthetic: bool = False) -> list[ImportOutcome]:
    """:func:`register_imports` appending each file's rows (tuples of ``columns`` after
    ``import_id``) to ``table``."""
    names = ", ".join(columns)

    def write(con: duckdb.DuckDBPyConnection, import_id: int, rows: Sequence[Any]) -> None:
        frame = pd.DataFrame([(import_id, *r) for r in rows], columns=list(columns))
        con.register("incoming_rows", frame)
        try:
            con.execute(f'INSERT INTO "{table}" ({names}) SELECT * FROM incoming_rows')
        finally:
            con.unregister("incoming_rows")

    return register_imports(store, kind, parsed, write, synthetic)
