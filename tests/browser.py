"""Debian Chromium driven by Playwright: launch settings and the axe-core WCAG 2.1 AA check."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = Path(__file__).parents[1] / "src" / "kansrijk" / "publish" / "web" / "static" / "vendor" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

needs_chromium = pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="Debian chromium is not installed")


def axe_violations(tab: object) -> list[dict]:
    """The WCAG 2.1 AA violations axe-core finds on the open page (id, help, first nodes)."""
    tab.add_script_tag(path=str(AXE))  # type: ignore[attr-defined]
    result = tab.evaluate(  # type: ignore[attr-defined]
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations", WCAG_AA
    )
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:3]]} for v in result]
