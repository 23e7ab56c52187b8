"""A region of one gemeente and that gemeente are one figure: secondary suppression does not hide a
large gemeente (and its region) where one other total will do.

The pattern of the national demo: GGD Kennemerland (GG3109) holds Haarlemmermeer, which is a jeugdregio
of its own (JZ15), the jeugdregio's IJmond (JZ10) and Zuid-Kennemerland (JZ11), and Uitgeest, whose
jeugdregio (JZ06) lies in GGD Hollands-Noorden. With Uitgeest small, GG3109 - JZ10 - JZ11 - JZ15
gives it away, so one of those four totals must go. Haarlemmermeer's births (1.400) are fewer than
IJmond's (three gemeenten, 1.500), so ranking by one figure's denominator hid JZ15, and with it the
same figure as Haarlemmermeer's: two figures and a city of 150.000 inhabitants, where hiding IJmond's
total is one.
"""

from __future__ import annotations

from pathlib import Path


from kansrijk.areas import AreaRegistry
from kansrijk.store import Store
from tests.features.test_disclosure_lp_attack import attack, import_counts

YEAR = 2023
HAARLEMMERMEER, UITGEEST = "GM0394", "GM0450"


def _members(areas: AreaRegistry, region: str) -> set[str]:
    return {g for r, g in areas.membership() if r == region}


def test_a_large_gemeente_that_is_its_own_jeugdregio_keeps_its_figure(tmp_path: Path, areas: AreaRegistry) -> None:
    assert _members(areas, "JZ15") == {HAARLEMMERMEER}
    assert UITGEEST in _members(areas, "GG3109") & _members(areas, "JZ06")
    ijmond = sorted(_members(areas, "JZ10"))
    denominators = {HAARLEMMERMEER: 1400, UITGEEST: 8}
    denominators |= {g: 500 + i for i, g in enumerate(ijmond)}  # together 1.503: more than Haarlemmermeer
    gemeenten = sorted(_members(areas, "GG3109") | _members(areas, "JZ06"))
    lines = ["indicator;gebied;periode;teller;noemer"]
    for i, g in enumerate(gemeenten):
        denominator = denominators.get(g, 600 + 10 * i)
        lines.append(f"gm08.phb;{g};{YEAR};{min(denominator, 40 + i)};{denominator}")
    db = import_counts(tmp_path, "\n".join(lines) + "\n")
    with Store.open(db, read_only=True) as store:
        rows = store.con.execute("SELECT * FROM published WHERE indicator = 'gm08.phb'").df()
    rows = rows.astype(object).where(rows.notna(), None).to_dict(orient="records")
    status = {r["area_code"]: r["status"] for r in rows if r["period"] == str(YEAR)}
    assert status[UITGEEST] == "te_klein"
    assert status[HAARLEMMERMEER] == status["JZ15"] == "gepubliceerd"
    # Uitgeest = GG3109 - JZ10 - JZ11 - JZ15 (all of Kennemerland's other gemeenten lie in those):
    # one of the totals is hidden instead.
    assert _members(areas, "GG3109") == _members(areas, "JZ10") | _members(areas, "JZ11") | {HAARLEMMERMEER, UITGEEST}
    assert "privacy" in {status["GG3109"], status["JZ10"], status["JZ11"]}
    assert attack(rows, areas) == []  # and no small number follows from what is published
