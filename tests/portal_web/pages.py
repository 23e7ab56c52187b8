"""Helpers for the portal page tests: read hidden form fields, submit counts through the domain layer."""

from __future__ import annotations

import re

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.portal import submissions
from kansrijk.portal.accounts import User
from kansrijk.server.pgstore import PgStore

SECURITY_HEADERS = {
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cache-control": "no-store",
}


def hidden(html: str, name: str) -> str:
    """The value of the first hidden input called ``name`` in a page."""
    match = re.search(rf'<input type="hidden" name="{re.escape(name)}" value="([^"]*)"', html)
    assert match, f"no hidden field {name}"
    return match.group(1)


def submit_counts(pg: PgStore, user: User, gemeente: str, teller: int, key: str, catalogues: Catalogues,
                  areas: AreaRegistry, measure: str = "gm07.a", year: int = 2024) -> int:
    """A pending submission of one count (``measure`` for ``gemeente`` in ``year``); returns its id."""
    cell = {"measure": measure, "gemeente": gemeente, "year": year, "teller": teller}
    return submissions.submit_form(pg, user, [cell], key, catalogues, areas).id


def has_security_headers(headers: object) -> bool:
    """True when a response carries the portal's security headers."""
    get = headers.get  # type: ignore[attr-defined]
    csp = get("content-security-policy") or ""
    return all(get(k) == v for k, v in SECURITY_HEADERS.items()) and "default-src 'self'" in csp
