"""What is missing in the imported records: per record type, optional column, gemeente and year.

Real registry extracts lack some birth weights, gestational ages and dates of first care. The import
accepts an empty value wherever the record type allows it (see docs/records.md for what each
definition then does: a child without a birth weight stays in the Big2 denominator and counts in the
numerator only when preterm), and this module counts what is missing so that it can be reported: a
table for the analyst (``kansrijk quality``) and a line in each factsheet's colophon.

A count of records with a missing value is a count of persons, so where it is shown per gemeente a
count below the threshold is shown as "minder dan <threshold>", never as itself.
"""

from __future__ import annotations

import pandas as pd

from kansrijk.areas import AreaRegistry
from kansrijk.intake.records import RECORD_TYPES, quote_identifier
from kansrijk.store import Store

QUALITY_COLUMNS = ["kind", "column", "area_code", "year", "missing", "total"]
# The words readers know for the columns that may be empty.
LABELS = {
    ("births", "gestational_age_days"): "zwangerschapsduur",
    ("births", "birth_weight_g"): "geboortegewicht",
    ("births", "start_care_ga_days"): "start van de zwangerschapszorg",
    ("households", "income_percentile"): "huishoudinkomen",
    ("jgz", "vw_zinnen"): "Van Wiechen: zinnen van twee woorden",
    ("jgz", "vw_lichaamsdelen"): "Van Wiechen: lichaamsdelen aanwijzen",
}


def optional_columns(kind: str) -> list[str]:
    """The columns of a record type where empty means unknown."""
    return [name for name, col in RECORD_TYPES[kind].columns.items() if col.unknown_if_empty]


def missing_values(store: Store, areas: AreaRegistry) -> pd.DataFrame:
    """Records with an empty value, per record type, optional column, current gemeente and year,
    with the number of records (``total``) of that gemeente and year."""
    present = {r[0] for r in store.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    carry = pd.DataFrame(areas.carry_table(), columns=["year", "code", "current"])
    store.con.register("_quality_carry", carry)
    parts = []
    try:
        for kind, record_type in RECORD_TYPES.items():
            columns = optional_columns(kind)
            if not columns or record_type.table not in present:
                continue
            year_col = quote_identifier(record_type.year_column)
            kind_col = record_type.columns[record_type.year_column].kind
            year = f"year(r.{year_col})" if kind_col == "date" else f"r.{year_col}"
            counts = ", ".join(f"count(*) - count(r.{quote_identifier(c)}) AS {quote_identifier(c)}"
                               for c in columns)
            frame = store.con.execute(
                f"SELECT coalesce(k.current, r.gemeente_code) AS area_code, {year} AS year, count(*) AS total, "
                f"{counts} FROM {record_type.table} r "
                f"LEFT JOIN _quality_carry k ON k.year = {year} AND k.code = r.gemeente_code GROUP BY ALL"
            ).df()
            long = frame.melt(id_vars=["area_code", "year", "total"], value_vars=columns,
                              var_name="column", value_name="missing")
            long["kind"] = kind
            parts.append(long[QUALITY_COLUMNS])
    finally:
        store.con.unregister("_quality_carry")
    if not parts:
        return pd.DataFrame(columns=QUALITY_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    return out.astype({"year": "int64", "missing": "int64", "total": "int64"}).sort_values(
        ["kind", "column", "area_code", "year"], ignore_index=True)
