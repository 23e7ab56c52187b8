"""Logging in and out.

``GET /portaal/inloggen`` shows the form with a double-submit CSRF token (cookie + hidden field);
``POST`` checks that token, then :func:`kansrijk.portal.accounts.authenticate`. A wrong address or
password gives one message that does not tell which; too many failures give 429 with the wait.
On success a new server-side session starts, its token goes into the session cookie, and the browser
goes on to the page it came for (only a portal path). ``POST /portaal/uitloggen`` ends the session
in the database and clears the cookie.
"""

from __future__ import annotations

from starlette.responses import Response

from kansrijk.errors import LoginBlocked, LoginFailed
from kansrijk.portal import accounts, sessions
from kansrijk.portal.web import security
from kansrijk.portal.web.endpoint import LOGIN_PATH, PREFIX, Call, safe_next

MAX_EMAIL_LENGTH = 320


def login_form(call: Call) -> Response:
    """The login page (a visitor who is already logged in goes to the portal)."""
    if call.session is not None:
        return call.redirect(safe_next(call.request.query_params.get("volgende")))
    token = security.new_token()  # never a token someone else may have planted in the cookie
    response = _form(call, token, 200)
    security.set_login_csrf_cookie(response, token)
    return response


def login(call: Call) -> Response:
    """Check the double-submit token and the password; start a session."""
    if not security.login_csrf_valid(call.request, call.fields.get(security.CSRF_FIELD)):
        token = security.new_token()
        response = _form(call, token, 403, message="Het inlogformulier was verlopen; er is niets gecontroleerd. "
                                                  "Probeer het opnieuw.")
        security.set_login_csrf_cookie(response, token)
        return response
    email = call.field("email")[:MAX_EMAIL_LENGTH]
    password = call.fields.get("wachtwoord", "")
    token = security.login_csrf(call.request)
    ip = call.request.client.host if call.request.client else ""
    try:
        user = accounts.authenticate(call.db, email, password, ip)
    except LoginBlocked as exc:
        retry = str(max(1, exc.minutes) * 60)
        response = _form(call, token, 429, message=str(exc), email=email)
        response.headers["Retry-After"] = retry
        return response
    except LoginFailed as exc:
        return _form(call, token, 401, message=str(exc), email=email)
    session_token, _ = sessions.start_session(call.db, user)
    response = call.redirect(safe_next(call.fields.get("volgende")))
    security.set_session_cookie(response, session_token)
    security.clear_login_csrf_cookie(response)
    return response


def logout(call: Call) -> Response:
    """End the session server-side and clear the cookie (CSRF checked by the endpoint)."""
    sessions.end_session(call.db, security.session_token(call.request))
    response = call.redirect(LOGIN_PATH + "?uitgelogd=1")
    security.clear_session_cookie(response)
    return response


def _form(call: Call, token: str, status: int, message: str | None = None, email: str = "") -> Response:
    next_path = call.fields.get("volgende") or call.request.query_params.get("volgende")
    return call.page(
        "login.html.j2", "Inloggen", status, login_csrf=token, message=message, email=email,
        next=safe_next(next_path) if next_path else PREFIX,
        logged_out=call.request.query_params.get("uitgelogd") == "1",
    )
