"""A portal user over plain HTTP (urllib), for tests against a real ``kansrijk serve`` process.

The portal's cookies are Secure, so a cookie jar would not send them back over ``http://``: this client
keeps the cookies it is given itself and sends them in the Cookie header. Redirects are not followed,
so a test sees the portal's own 303 answers.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from kansrijk.portal.sessions import COOKIE_NAME
from kansrijk.portal.web.security import CSRF_FIELD, LOGIN_CSRF_COOKIE
from tests.portal_web.pages import hidden

TIMEOUT = 60.0


@dataclass(frozen=True)
class Answer:
    """A response: status, headers that matter here, and the body as text."""

    status: int
    location: str
    set_cookies: tuple[str, ...]
    text: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


@dataclass
class PortalClient:
    """One browser-like user of the portal at ``base`` (``http://127.0.0.1:PORT``)."""

    base: str
    cookies: dict[str, str] = field(default_factory=dict)
    csrf: str = ""

    def request(self, method: str, path: str, body: bytes | None = None, content_type: str | None = None) -> Answer:
        """Send one request with the kept cookies; keep the cookies the answer sets."""
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(self.base + path, data=body, headers=headers, method=method)
        try:
            with _OPENER.open(request, timeout=TIMEOUT) as response:
                answer = _answer(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:  # 3xx (not followed) and 4xx/5xx
            answer = _answer(error.code, error.headers, error.read())
        for header in answer.set_cookies:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return answer

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post_form(self, path: str, fields: dict[str, str]) -> Answer:
        """POST an urlencoded form (the CSRF token of the session is added)."""
        data = urlencode({CSRF_FIELD: self.csrf, **fields}).encode()
        return self.request("POST", path, data, "application/x-www-form-urlencoded")

    def login(self, email: str, password: str) -> None:
        """Log in through the login form (double-submit CSRF) and read the session's CSRF token."""
        form = self.get("/portaal/inloggen")
        assert form.status == 200 and LOGIN_CSRF_COOKIE in self.cookies, form.status
        data = urlencode({CSRF_FIELD: hidden(form.text, CSRF_FIELD), "volgende": "/portaal",
                          "email": email, "wachtwoord": password}).encode()
        done = self.request("POST", "/portaal/inloggen", data, "application/x-www-form-urlencoded")
        assert done.status == 303 and COOKIE_NAME in self.cookies, (done.status, done.text[:300])
        home = self.get("/portaal")
        assert home.status == 200, home.status
        self.csrf = hidden(home.text, CSRF_FIELD)

    def upload(self, file_name: str, data: bytes, key: str, year: int) -> Answer:
        """POST a file to the upload form (multipart), with idempotency key ``key``."""
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in ((CSRF_FIELD, self.csrf), ("sleutel", key), ("jaar", str(year))):
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="bestand"; filename="{file_name}"\r\n'
                     f"Content-Type: text/csv\r\n\r\n".encode() + data + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request("POST", "/portaal/inzendingen/upload", b"".join(parts),
                            f"multipart/form-data; boundary={boundary}")

    def approve(self, submission_id: int) -> Answer:
        return self.post_form(f"/portaal/inzendingen/{submission_id}/goedkeuren", {"toelichting": ""})


def submission_id(answer: Answer) -> int:
    """The id of the submission a 303 after an upload points to."""
    match = re.fullmatch(r"/portaal/inzendingen/(\d+)", answer.location)
    assert answer.status == 303 and match, (answer.status, answer.location, answer.text[:300])
    return int(match.group(1))


def _answer(status: int, headers: object, body: bytes) -> Answer:
    get_all = headers.get_all  # type: ignore[attr-defined]
    return Answer(status, headers.get("location", "") or "",  # type: ignore[attr-defined]
                  tuple(get_all("set-cookie") or ()), body.decode("utf-8", "replace"))
