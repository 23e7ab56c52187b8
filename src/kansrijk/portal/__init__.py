"""The partner data-intake portal (server mode only, on PostgreSQL).

Partner organisations submit counts per gemeente and year; a coordinator of their region reviews them;
approved counts become one import per organisation that the computation reads like any other import.
The domain layer (no web code) is split into one module per concept:

- :mod:`kansrijk.portal.schema`: the tables (``ensure_portal_schema(pg)``)
- :mod:`kansrijk.portal.accounts`: organisations, users, passwords, rate-limited login
- :mod:`kansrijk.portal.sessions`: server-side sessions and CSRF tokens
- :mod:`kansrijk.portal.access`: who may do what (the policy as data)
- :mod:`kansrijk.portal.submissions`: submitting counts (form or file), versions, corrections
- :mod:`kansrijk.portal.review`: approving and rejecting; the organisation's import
- :mod:`kansrijk.portal.programme_edit`: coordinators adding programme facts
"""
