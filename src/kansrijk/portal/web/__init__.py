"""The portal's web pages under ``/portaal`` (Starlette): login, submissions, review, registry, figures.

:func:`kansrijk.portal.web.routes.portal_routes` gives the routes; the server app mounts them beside
the public dashboard. The pages are thin: every rule (who may do what, what a valid submission is)
lives in the domain layer :mod:`kansrijk.portal`; this package translates requests into its calls and
its errors into Dutch pages:

- :mod:`~kansrijk.portal.web.security`: cookies, CSRF tokens and the security headers
- :mod:`~kansrijk.portal.web.endpoint`: one request from body to response (session, CSRF, access, errors)
- :mod:`~kansrijk.portal.web.grid`: the submission form as a grid of measure x gemeente rows
- :mod:`~kansrijk.portal.web.auth`, ``home``, ``submit``, ``review``, ``register``, ``figures``: the pages
"""
