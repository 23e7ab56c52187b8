"""Page cache bound: a running server keeps at most MAX_CACHED pages, oldest evicted first."""

from __future__ import annotations

import pandas as pd
import pytest

from kansrijk.publish.web import pages
from kansrijk.publish.web.pages import Page, WebData


def test_cache_is_bounded_and_evicts_the_oldest(web: WebData, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "MAX_CACHED", 2)
    saved = dict(web.cache)
    web.cache.clear()
    try:
        built: list[int] = []

        def make(n: int) -> Page:
            built.append(n)
            return Page("error.html.j2", {}, pd.DataFrame(), f"/p{n}")

        for n in (1, 2, 3):
            web.cached(("test", n), lambda n=n: make(n))
        assert list(web.cache) == [("test", 2), ("test", 3)]
        web.cached(("test", 3), lambda: make(99))
        assert built == [1, 2, 3]
    finally:
        web.cache.clear()
        web.cache.update(saved)
