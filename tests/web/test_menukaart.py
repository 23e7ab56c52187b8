"""The menukaart page lists every intervention of the catalogue with how many gemeenten offer it
(counted here from the registry facts imported), and a page per intervention maps them."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from kansrijk.cli import cli
from kansrijk.menukaart import menukaart
from kansrijk.publish.web.app import create_app
from kansrijk.publish.web.pages import WebData
from kansrijk.store import Store
from tests.serving import serving
from tests.web.http import get

OFFERS_VOORZORG = {"GM0344": "ja", "GM0202": "ja", "GM0228": "nee"}  # Utrecht, Arnhem, Ede on 1 June 2020


@pytest.fixture(scope="module")
def menu_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("menukaart")
    registry = tmp / "programma.csv"
    registry.write_text("feit;onderwerp;waarde;geldig vanaf\n" + "".join(
        f"voorzorg;{code};{value};01-06-2020\n" for code, value in OFFERS_VOORZORG.items()), encoding="utf-8")
    db = tmp / "m.duckdb"
    result = CliRunner().invoke(cli, ["import", "--db", str(db), "--kind", "programme", str(registry)])
    assert result.exit_code == 0, result.output
    with Store.open(db, read_only=True) as store:
        web = WebData.load(store)
    with serving(create_app(web)) as base:
        yield base


def test_every_intervention_is_listed_with_how_many_gemeenten_offer_it(menu_server):
    page = get(menu_server, "/menukaart").text
    rows = dict(re.findall(r'<th scope="row"><a href="/menukaart/([^"]+)">.*?</a></th>.*?<td>([^<]*?)</td></tr>',
                           page, re.S))
    assert set(rows) == {i.id for i in menukaart()}
    # ks05 counts every gemeente of the division: those without a ja are nee, so none is unknown
    offering = sum(1 for v in OFFERS_VOORZORG.values() if v == "ja")
    assert rows["voorzorg"].strip() == f"{offering} van 342 gemeenten"
    assert rows["samen-starten"].strip() == "niet geregistreerd"


def test_an_intervention_page_maps_who_offers_it(menu_server):
    page = get(menu_server, "/menukaart/voorzorg").text
    assert "Financiering" in page and "Actielijn 3: Na de geboorte" in page
    utrecht = re.search(r'<path[^>]*data-code="GM0344"[^>]*>\s*<title>([^<]*)</title>', page)
    ede = re.search(r'<path[^>]*data-code="GM0228"[^>]*>\s*<title>([^<]*)</title>', page)
    assert utrecht and "Biedt het aan" in utrecht.group(1)
    assert ede and "Biedt het niet aan" in ede.group(1)
    assert get(menu_server, "/menukaart/bestaat-niet").status == 404


def _offers(html: str) -> dict[str, str]:
    section = html[html.index('id="aanbod"'):]
    return dict(re.findall(r'<th scope="row">(?:<a [^>]*>)?([^<]+)(?:</a>)?</th><td>[^<]*</td><td>([^<]+)</td>', section))


def test_the_profile_and_the_factsheet_say_what_a_gemeente_offers(menu_server, tmp_path):
    for code, answer in OFFERS_VOORZORG.items():
        offers = _offers(get(menu_server, f"/gebied/{code}").text)
        assert offers["VoorZorg"] == answer and offers["Samen Starten"] == "niet geregistreerd"


def test_every_menukaart_indicator_is_a_fact_per_gemeente():
    from kansrijk.catalogue import Catalogues
    from kansrijk.engine.facts import FACT_MEASURES

    measures = {m.id for m in Catalogues.load().measures()}
    for item in menukaart():
        assert item.measure is None or (item.measure in measures and item.measure in FACT_MEASURES), item.id
    assert len({i.id for i in menukaart()}) == len(menukaart())
