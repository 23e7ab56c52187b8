"""Import aggregate files into the store: validate every file first, then write all in one transaction.

A file with any error imports nothing (and neither do the other files of the same call); a file that
was imported before (same SHA-256) is skipped, so re-running an import never duplicates data.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.intake.aggregates import parse_aggregates
from kansrijk.intake.append import append_imports
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
    files = [
        (item.file_name, item.sha256, [
            (row.source_row, row.indicator, row.area_input, row.area_code, row.period.start, row.period.end,
             row.period.reference_date, row.numerator, row.denominator, row.status)
            for row in item.rows
        ])
        for item in parsed
    ]
    return append_imports(store, AGGREGATES, "aggregate_rows", ROW_COLUMNS, files, synthetic)
