"""Snapshots of what users and reviewers read: the SQL that counts every record indicator, and the
text of one factsheet. They are not proof of correctness (other tests check the numbers); they make
a change in a definition or in a report's wording show up in review as a change to a file here.

After an intended change: ``KANSRIJK_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_snapshots.py``,
then read the diff of ``tests/snapshots/`` before committing it.
"""

from __future__ import annotations

import os
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.dutch import LOCALE
from kansrijk.engine.records import count_sql, views_sql
from kansrijk.publish.reports.render import render_reports
from kansrijk.store import Store
from tests.pooled import LARGE

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("KANSRIJK_UPDATE_SNAPSHOTS") == "1"


def _matches(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot {path}; make it with KANSRIJK_UPDATE_SNAPSHOTS=1"
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        changed = [f"- {a}\n+ {b}" for a, b in zip(expected.splitlines(), text.splitlines()) if a != b][:5]
        raise AssertionError(f"{name} changed (update with KANSRIJK_UPDATE_SNAPSHOTS=1 after reading):\n"
                             + "\n".join(changed))


def test_the_sql_of_every_record_indicator(catalogues: Catalogues) -> None:
    parts = [f"-- view {view}\n{body.strip()};\n" for view, body in views_sql().items()]
    for measure in catalogues.measures():
        sql = count_sql(measure)
        if sql is not None:
            parts.append(f"-- {measure.id} ({measure.file.rsplit('/', 1)[-1]}:{measure.line})\n{sql.strip()};\n")
    assert sum(p.startswith("-- ks12.a ") for p in parts) == 1
    _matches("record_indicators.sql", "\n".join(parts))


BLOCKS = frozenset({"p", "div", "tr", "td", "th", "li", "dt", "dd", "h1", "h2", "h3", "h4", "section", "br",
                    "caption", "figcaption", "title", "desc", "text"})


class _Text(HTMLParser):
    """The visible text of a page, a line per block, without styles and scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = [""]
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        if tag in BLOCKS:
            self.lines.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1
        if tag in BLOCKS:
            self.lines.append("")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.lines[-1] += data

    def text(self) -> str:
        cleaned = (re.sub(r"\s+", " ", line).strip() for line in self.lines)
        return "\n".join(line for line in cleaned if line) + "\n"


def test_the_text_of_a_factsheet(pooled_db: Path, tmp_path: Path, catalogues: Catalogues,
                                 areas: AreaRegistry) -> None:
    from babel.dates import format_date

    with Store.open(pooled_db, read_only=True) as store:
        [made] = render_reports(store, catalogues, areas, area=LARGE, catalogue="ks", out=tmp_path, formats=["html"])
    parser = _Text()
    parser.feed(made.paths[0].read_text(encoding="utf-8"))
    text = parser.text()
    today = date.today()
    for written in (today.isoformat(), format_date(today, "long", locale=LOCALE), format_date(today, "d-M-yyyy")):
        text = text.replace(written, "<vandaag>")
    assert "Leeuwarden" in text
    _matches("factsheet_leeuwarden.txt", text)
