"""Factsheet HTML details that decide how the PDF looks: stylesheet intact, charts as images with alt text."""

import re

from kansrijk.publish.context import PublishedData
from kansrijk.publish.reports.render import area_html, svg_as_images


def test_stylesheet_is_not_escaped(report_store, catalogues, areas):
    page = area_html(PublishedData.load(report_store, "ks"), catalogues, areas, "GM0088")
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    assert 'font-family: "DejaVu Sans"' in style and "&#34;" not in style


def test_svg_charts_become_images_with_their_title_as_alt():
    html = ('<p>a</p><figure><svg width="10" height="5"><title>Trend: Arnhem &amp; NL</title>'
            '<rect/></svg></figure><p>b</p>')
    out = svg_as_images(html)
    assert "<svg" not in out and out.startswith("<p>a</p><figure><img") and out.endswith("</figure><p>b</p>")
    assert 'alt="Trend: Arnhem &amp; NL"' in out and 'src="data:image/svg+xml;base64,' in out
