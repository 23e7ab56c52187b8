"""A tiny HTTP client over urllib for the web tests (no extra dependency)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    text: str

    def json(self) -> Any:
        return json.loads(self.text)


def get(base: str, path: str, accept: str | None = None) -> Reply:
    request = urllib.request.Request(base + path, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return Reply(response.status, response.headers.get("content-type", ""), response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        return Reply(error.code, error.headers.get("content-type", ""), error.read().decode("utf-8"))
