"""docs/records.md documents every record column and every derived column, as generated from the code."""

from __future__ import annotations

from pathlib import Path

from kansrijk.engine.records import DERIVED_COLUMNS, VIEW_OF, create_record_views, derived_markdown
from kansrijk.intake.records import RECORD_TYPES, schema_markdown
from kansrijk.store import Store

DOC = Path(__file__).resolve().parents[2] / "docs" / "records.md"


def test_docs_list_every_record_column() -> None:
    text = DOC.read_text(encoding="utf-8")
    for record_type in RECORD_TYPES.values():
        section = text.split(f"### `{record_type.name}`", 1)[1].split("### ", 1)[0]
        for column in record_type.columns:
            assert f"| `{column}` |" in section, f"{record_type.name}.{column} missing in docs/records.md"


def test_docs_hold_the_generated_tables_unchanged() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert schema_markdown() in text, "regenerate the record tables in docs/records.md"
    assert derived_markdown() in text, "regenerate the derived-column tables in docs/records.md"


def test_every_documented_derived_column_is_in_its_view() -> None:
    with Store.open(":memory:") as store:
        create_record_views(store)
        for view, columns in DERIVED_COLUMNS.items():
            assert view in VIEW_OF.values()
            present = {row[0] for row in store.con.execute(f"DESCRIBE {view}").fetchall()}
            assert set(columns) <= present, view
