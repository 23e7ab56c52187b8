"""Filling in a partner template with openpyxl, the way a partner does in Excel.

The helper finds each row by what the sheet shows (the ``indicator`` and ``gebied`` columns) and types
into the ``teller``, ``noemer`` and ``status`` cells; it knows nothing of the code that wrote the sheet.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

Entry = tuple[int | None, int | None, str | None]  # teller, noemer, status


def header_positions(sheet) -> dict[str, int]:
    """Header text -> 1-based column number, from the sheet's first row."""
    return {cell.value: cell.column for cell in sheet[1] if cell.value is not None}


def fill_template(path: Path, entries: dict[tuple[str, str], Entry], out: Path | None = None,
                  sheet_name: str = "Invullen") -> dict[tuple[str, str], int]:
    """Type ``entries`` ((indicator, gebied) -> (teller, noemer, status)) into the template.

    Saves to ``out`` (default: over ``path``) and returns the Excel row number of each filled key.
    Every entry must find its row.
    """
    workbook = load_workbook(path)
    sheet = workbook[sheet_name]
    col = header_positions(sheet)
    rows: dict[tuple[str, str], int] = {}
    for row in range(2, sheet.max_row + 1):
        key = (sheet.cell(row, col["indicator"]).value, sheet.cell(row, col["gebied"]).value)
        if key not in entries:
            continue
        numerator, denominator, status = entries[key]
        sheet.cell(row, col["teller"]).value = numerator
        sheet.cell(row, col["noemer"]).value = denominator
        sheet.cell(row, col["status"]).value = status
        rows[key] = row
    missing = set(entries) - set(rows)
    assert not missing, f"not in the template: {sorted(missing)}"
    workbook.save(out or path)
    return rows


def set_cell(path: Path, row: int, header: str, value: object, sheet_name: str = "Invullen") -> None:
    """Overwrite one cell, found by its Excel row and column header."""
    workbook = load_workbook(path)
    sheet = workbook[sheet_name]
    sheet.cell(row, header_positions(sheet)[header]).value = value
    workbook.save(path)
