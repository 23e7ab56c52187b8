"""What happened to one imported file, whatever its kind (aggregates, records, programme facts,
questionnaires): one result class for every import function."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ImportOutcome:
    """One file: imported with ``rows`` rows (a questionnaire: respondents), or skipped because the
    same bytes were imported before; for records what they lack (``missing``: column, rows where it
    is unknown), for a questionnaire its response rate where known."""

    file_name: str
    sha256: str
    rows: int
    skipped_as_duplicate: bool
    missing: tuple[tuple[str, int], ...] = ()
    response_rate: float | None = None
