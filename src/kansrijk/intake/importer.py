"""Import aggregate files into the store: validate every file first, then write all in one transaction.

A file with any error imports nothing (and neither do the other files of the same call); a file that
was imported before (same SHA-256) is skipped, so re-running an import never duplicates data.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.intake.aggregates import parse_aggregates
from kansrijk.intake.columns import parse_each
from kansrijk.store import Store
from kansrijk.intake.outcome import ImportOutcome

AGGREGATES = "aggregates"
# The import kind of partners' approved submissions (made by the portal): aggregate rows too.
SUBMISSIONS = "inzendingen"
AGGREGATE_KINDS = frozenset({AGGREGATES, SUBMISSIONS})
ROW_COLUMNS = [
    "import_id", "source_row", "indicator", "area_input", "area_code", "period_start", "period_end",
    "reference_date", "numerator", "denominator", "status",
]


def import_aggregates(
    store: Store,
    paths: Sequence[Path],
    catalogues: Catalogues,
    areas: AreaRegistry,
    synthetic: bool = False,
) -> list[ImportOutcome]:
    """Validate and import aggregate CSV/XLSX files; all problems of all files are reported at once."""
    parsed = parse_each(paths, lambda path: parse_aggregates(path, catalogues, areas))
    outcomes = []
    with store.transaction() as con:
        for item in parsed:
            if store.find_import(AGGREGATES, item.sha256) is not None:
                outcomes.append(ImportOutcome(item.file_name, item.sha256, 0, True))
                continue
            import_id = store.add_import(AGGREGATES, item.file_name, item.sha256, len(item.rows), synthetic)
            frame = pd.DataFrame(
                [
                    (
                        import_id,
                        row.source_row,
                        row.indicator,
                        row.area_input,
                        row.area_code,
                        row.period.start,
                        row.period.end,
                        row.period.reference_date,
                        row.numerator,
                        row.denominator,
                        row.status,
                    )
                    for row in item.rows
                ],
                columns=ROW_COLUMNS,
            )
            con.register("incoming_rows", frame)
            con.execute("INSERT INTO aggregate_rows SELECT * FROM incoming_rows")
            con.unregister("incoming_rows")
            outcomes.append(ImportOutcome(item.file_name, item.sha256, len(item.rows), False))
    return outcomes
