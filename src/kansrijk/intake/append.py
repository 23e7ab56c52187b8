"""Write checked files into a store as imports of one kind, appending their rows to one table:
all files in one transaction (or nothing), a file imported before skipped as a duplicate."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from kansrijk.intake.outcome import ImportOutcome
from kansrijk.store import Store

Parsed = tuple[str, str, list[tuple]]  # file name, sha256, rows (without the import id)


def append_imports(store: Store, kind: str, table: str, columns: Sequence[str], parsed: Sequence[Parsed],
                   synthetic: bool = False) -> list[ImportOutcome]:
    """One import of ``kind`` per file; its rows (``columns`` after ``import_id``) go into ``table``."""
    outcomes = []
    names = ", ".join(columns)
    with store.transaction() as con:
        for name, digest, rows in parsed:
            if store.find_import(kind, digest) is not None:
                outcomes.append(ImportOutcome(name, digest, len(rows), True))
                continue
            import_id = store.add_import(kind, name, digest, len(rows), synthetic)
            frame = pd.DataFrame([(import_id, *r) for r in rows], columns=list(columns))
            con.register("incoming_rows", frame)
            con.execute(f'INSERT INTO "{table}" ({names}) SELECT * FROM incoming_rows')
            con.unregister("incoming_rows")
            outcomes.append(ImportOutcome(name, digest, len(rows), False))
    return outcomes
