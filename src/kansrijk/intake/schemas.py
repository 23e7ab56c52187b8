"""Every input table an import may write, created in one call (a new store, a server working copy,
the server's table list)."""

from __future__ import annotations

from kansrijk.intake.records import ensure_record_tables
from kansrijk.programme.intake import ensure_programme_schema
from kansrijk.programme.contacts import ensure_contacts_schema
from kansrijk.programme.statements import ensure_statements_schema
from kansrijk.programme.summaries import ensure_summaries_schema
from kansrijk.programme.surveys import ensure_response_schema
from kansrijk.store import Store


def ensure_input_tables(store: Store) -> None:
    """Create the record, programme-fact, statement, survey-response, summary and contact tables (the
    aggregate rows are in every store)."""
    ensure_record_tables(store)
    ensure_programme_schema(store)
    ensure_statements_schema(store)
    ensure_response_schema(store)
    ensure_summaries_schema(store)
    ensure_contacts_schema(store)
