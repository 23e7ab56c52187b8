"""All gemeenten at once: worker processes write the same factsheets as one process, in area order."""

from datetime import date

from kansrijk.publish.context import PublishedData
from kansrijk.publish.reports.render import area_html, default_workers, render_reports


def test_workers_write_every_gemeente_like_one_process(report_store, catalogues, areas, tmp_path):
    made = render_reports(report_store, catalogues, areas, out=tmp_path, formats=("html",),
                          all_gemeenten=True, workers=2)
    codes = [a.code for a in areas.gemeenten()]
    assert [m.area_code for m in made] == codes and len(codes) == 342
    arnhem = next(m for m in made if m.area_code == "GM0202")
    expected = area_html(PublishedData.load(report_store, "ks"), catalogues, areas, "GM0202", made=date.today())
    assert arnhem.paths[0].read_text(encoding="utf-8") == expected


def test_default_workers():
    assert default_workers(("html",), 1) == 1
    assert default_workers(("html", "pdf"), 1) == 1
    assert 1 <= default_workers(("html", "pdf"), 342) <= 8
