"""Look for known text defects in every factsheet of a store: every current gemeente (ks), the
regional report of Gelderland Midden (gm), Haarlem's local factsheet and the national factsheet.

    .venv/bin/python scripts/check_factsheets.py --db DEMO.duckdb [--out DIR]

Prints each defect found with the file it is in; exit status 1 when there is any.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import tempfile
from pathlib import Path

# Text that must never appear in a factsheet (each found once in an earlier edition).
DEFECTS = {
    "rounding to 0": re.compile(r"afgerond op 0\b"),
    "zero gemeenten sentence": re.compile(r"Van de 0 gemeenten"),
    "lower-case abbreviated NL": re.compile(r"met nl\b"),
    "doubled kicker": re.compile(r"Monitor Kansrijke Start · Monitor Kansrijke Start", re.I),
    "name repeated in its label": re.compile(r"(\b\w{4,}\b) \(\1\b"),
    "count without denominator": re.compile(r"\d van -"),
    "ISO date": re.compile(r"\b20\d\d-\d\d-\d\d\b"),
    "a word broken by a space": re.compile(r"zwangerschapsb egeleiding"),
}


def text_of(page: str) -> str:
    """The readable text of an HTML page (tags, styles and SVG data dropped)."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return re.sub(r"\s+", " ", html.unescape(page))


def defects(page: str) -> list[str]:
    """The names of the defects found in one page."""
    text = text_of(page)
    return [name for name, pattern in DEFECTS.items() if pattern.search(text)]


def main() -> int:
    from kansrijk.monitor import Monitor

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="factsheets-"))
    with Monitor.open(args.db) as monitor:
        made = monitor.report(all_gemeenten=True, out=out / "ks", formats=["html"])
        made += monitor.report(area="RGGM", catalogue="gm", out=out / "gm", formats=["html"])
        made += monitor.report(area="Haarlem", catalogue="haarlem", out=out / "haarlem", formats=["html"])
        made += monitor.report(area="NL01", out=out / "nl", formats=["html"])
    found = 0
    for item in made:
        for path in item.paths:
            for name in defects(path.read_text(encoding="utf-8")):
                print(f"{path}: {name}")
                found += 1
    print(f"{len(made)} factsheets, {found} defects")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
