"""The user's own words (summary, recommendations) from a small Markdown subset, as safe HTML.

Supported: ``#``/``##``/``###`` headings (shown one level below the section heading), paragraphs,
``-``/``*`` bullet lists, ``1.`` numbered lists, ``**bold**`` and ``*italic*``. Everything else is
shown as text; HTML in the file is escaped, never passed through.
"""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup, escape

from kansrijk.errors import ReportError

_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")
_HEADING = re.compile(r"^(#{1,3})\s+(.*)$")


def _inline(text: str) -> str:
    html = str(escape(text))
    html = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html)
    return re.sub(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*", r"<em>\1</em>", html)


def markdown_to_html(source: str) -> Markup:
    """Convert the supported Markdown subset to HTML (headings become h3-h5)."""
    out: list[str] = []
    paragraph: list[str] = []
    list_tag: str | None = None

    def flush() -> None:
        nonlocal list_tag
        if paragraph:
            out.append("<p>" + " ".join(_inline(p) for p in paragraph) + "</p>")
            paragraph.clear()
        if list_tag:
            out.append(f"</{list_tag}>")
            list_tag = None

    for line in source.splitlines():
        heading, bullet, numbered = _HEADING.match(line), _BULLET.match(line), _NUMBERED.match(line)
        if not line.strip():
            flush()
        elif heading:
            flush()
            level = len(heading.group(1)) + 2
            out.append(f"<h{level}>{_inline(heading.group(2).strip())}</h{level}>")
        elif bullet or numbered:
            tag = "ul" if bullet else "ol"
            item = (bullet or numbered).group(1)  # type: ignore[union-attr]
            if paragraph or (list_tag and list_tag != tag):
                flush()
            if list_tag is None:
                out.append(f"<{tag}>")
                list_tag = tag
            out.append(f"<li>{_inline(item.strip())}</li>")
        else:
            if list_tag:
                flush()
            paragraph.append(line.strip())
    flush()
    return Markup("\n".join(out))


def text_for(path: Path | None, area_code: str) -> Markup | None:
    """The user's text for an area: ``path`` itself when a file, ``path/<CODE>.md`` when a folder.

    None when no text was given or the folder holds none for this area (the section is then left out).
    """
    if path is None:
        return None
    if path.is_dir():
        candidate = path / f"{area_code}.md"
        return markdown_to_html(candidate.read_text(encoding="utf-8")) if candidate.exists() else None
    if not path.exists():
        raise ReportError(f"tekstbestand '{path}' bestaat niet")
    return markdown_to_html(path.read_text(encoding="utf-8"))
