"""PDF factsheets: made by WeasyPrint, the synthetic notice on every page (text via pdftotext)."""

import shutil
import subprocess

import pytest
from click.testing import CliRunner

from kansrijk.cli import cli

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils niet geinstalleerd")


@pytest.mark.parametrize("area", ["GM0088", "RGGM"])
def test_pdf_has_notice_on_every_page(report_store, tmp_path, area):
    result = CliRunner().invoke(cli, ["report", "--db", str(report_store.path), "--area", area,
                                      "--out", str(tmp_path), "--format", "pdf"])
    assert result.exit_code == 0, result.output
    pdf = next(tmp_path.glob("*.pdf"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) >= 2
    assert all("Synthetische gegevens (demo)" in p for p in pages)
    assert "Colofon" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "DejaVu-Sans" in fonts and "Serif" not in fonts  # the stylesheet's font, no fallback


def test_report_needs_area_or_all(report_store, tmp_path):
    result = CliRunner().invoke(cli, ["report", "--db", str(report_store.path), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "geef een gebied (--area) of kies --all" in result.output
