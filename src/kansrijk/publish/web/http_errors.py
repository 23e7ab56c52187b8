"""Which HTTP status and message a domain error becomes: the one mapping for the public dashboard
and the portal."""

from __future__ import annotations

from kansrijk.errors import (
    AccessDenied, KansrijkError, NotFound, ProblemsError, StoreError, UnknownArea, UnknownCatalogue,
    UnknownIndicator,
)

_STATUS: tuple[tuple[type[KansrijkError] | tuple[type[KansrijkError], ...], int], ...] = (
    (AccessDenied, 403),
    ((NotFound, UnknownArea, UnknownIndicator, UnknownCatalogue), 404),
    (StoreError, 503),
)


def http_status(error: KansrijkError) -> int:
    """403 for access, 404 for what does not exist, 503 for an unreachable store, else 400."""
    for kinds, status in _STATUS:
        if isinstance(error, kinds):
            return status
    return 400


def http_message(error: KansrijkError) -> str:
    """The line a page shows: a list of problems by its summary, anything else by its message."""
    return error.summary if isinstance(error, ProblemsError) else str(error)
