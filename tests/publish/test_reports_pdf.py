"""PDF factsheets: made by WeasyPrint, the synthetic notice on every page (text via pdftotext), tagged
for screen readers with alternative text for every chart (pdfinfo, WeasyPrint's own complaints)."""

import logging
import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from kansrijk.cli import cli
from kansrijk.publish.context import PublishedData
from kansrijk.publish.reports.render import area_html, svg_as_images, write_pdf

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


@pytest.mark.parametrize("area", ["GM0088", "RGGM"])
def test_pdf_is_tagged_and_every_chart_has_alternative_text(report_store, catalogues, areas, tmp_path, caplog, area):
    html = area_html(PublishedData.load(report_store, "ks"), catalogues, areas, area)
    charts = re.findall(r'<img class="chart" alt="([^"]*)"', svg_as_images(html))
    assert charts and all(alt.strip() for alt in charts)
    path = tmp_path / "f.pdf"
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        write_pdf(html, path)
    assert not [r for r in caplog.records if "alt" in r.getMessage()]
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    structure = subprocess.run(["pdfinfo", "-struct", str(path)], capture_output=True, text=True, check=True).stdout
    assert structure.count("Figure") == len(charts) and "H2" in structure and "Table" in structure
