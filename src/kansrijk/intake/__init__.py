"""Intake: reading user files (CSV, XLSX) into validated rows; nothing half-imported."""

from kansrijk.intake.aggregates import AggregateFile, AggregateRow, parse_aggregates
from kansrijk.intake.tabular import Row, Table, parse_number, read_table

__all__ = ["AggregateFile", "AggregateRow", "Row", "Table", "parse_aggregates", "parse_number", "read_table"]
