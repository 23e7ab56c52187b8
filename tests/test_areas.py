"""AreaRegistry: resolving, searching, carrying codes forward, membership.

Expected values come from CBS code lists (codes, names, provinces, GGD regions) and from seed 004
(the 15 gemeenten of Gelderland Midden, the four of regio Zuid).
"""

from __future__ import annotations

import pytest

from kansrijk.area_tables import AreaTables, GemeenteRow, HigherAreaRow
from kansrijk.areas import LEVELS, Area, AreaRegistry, describe_areas
from kansrijk.errors import AmbiguousArea, UnknownArea

GELDERLAND_MIDDEN = {  # seed 004: VSV Kracht's ten, Barneveld/Ede/Wageningen (2023), Gelderse Vallei
    "Arnhem": "GM0202", "Barneveld": "GM0203", "Doesburg": "GM0221", "Duiven": "GM0226",
    "Ede": "GM0228", "Lingewaard": "GM1705", "Nijkerk": "GM0267", "Overbetuwe": "GM1734",
    "Renkum": "GM0274", "Rheden": "GM0275", "Rozendaal": "GM0277", "Scherpenzeel": "GM0279",
    "Wageningen": "GM0289", "Westervoort": "GM0293", "Zevenaar": "GM0299",
}


@pytest.fixture(scope="module")
def registry() -> AreaRegistry:
    return AreaRegistry.load()


def test_load_is_cached(registry):
    assert AreaRegistry.load() is registry
    assert registry.current_year == 2025


@pytest.mark.parametrize("text", ["GM0363", "gm0363", "GM363", "363", "0363", " Amsterdam ", "AMSTERDAM"])
def test_resolve_code_spellings_and_names(registry, text):
    assert registry.resolve(text).code == "GM0363"


@pytest.mark.parametrize(
    "text, code",
    [
        ("'s-Hertogenbosch", "GM0796"),
        ("\u2019s-Hertogenbosch", "GM0796"),  # typographic apostrophe, as in Dutch documents
        ("Den Bosch", "GM0796"),
        ("Súdwest-Fryslân", "GM1900"),
        ("súdwest-fryslân", "GM1900"),
        ("Bergen (NH.)", "GM0373"),
        ("Bergen (L.)", "GM0893"),
        ("Groningen (gemeente)", "GM0014"),
        ("Den Haag", "GM0518"),
        ("Nederland", "NL01"),
        ("nl", "NL01"),
        ("pv25", "PV25"),
        ("GG1911", "GG1911"),
        ("Twente", "JZ14"),
        ("Gelderland Midden", "RGGM"),
    ],
)
def test_resolve(registry, text, code):
    assert registry.resolve(text).code == code


def test_resolve_prefers_the_gemeente_and_level_selects(registry):
    assert registry.resolve("Groningen").level == "gemeente"
    assert registry.resolve("Groningen", level="provincie").code == "PV20"
    assert registry.resolve("Groningen", level="jeugdregio").code == "JZ01"
    assert registry.resolve("Drenthe").code == "PV22"
    assert registry.resolve("Drenthe", level="jeugdregio").code == "JZ04"


def test_resolve_with_year_requires_the_gemeente_to_exist_then(registry):
    assert registry.resolve("Weesp", 2022).code == "GM0457"
    assert registry.resolve("Amsterdam", 2010).code == "GM0363"  # valid_from 2015 = 2015 or earlier
    assert registry.resolve("Amsterdam", 2030).code == "GM0363"
    assert registry.resolve("GGD Amsterdam", 2010).code == "GG3406"
    with pytest.raises(UnknownArea, match="^gemeente Weesp \\(GM0457\\) bestond niet in 2023; zij bestond tot "
                       "en met 2022 en is opgegaan in Amsterdam \\(GM0363\\)$"):
        registry.resolve("Weesp", 2023)
    with pytest.raises(UnknownArea, match="^gemeente Land van Cuijk \\(GM1982\\) bestond niet in 2019; "
                       "zij bestaat sinds 2022$"):
        registry.resolve("GM1982", 2019)


def test_resolve_historical(registry):
    weesp = registry.resolve("Weesp")
    assert weesp == Area("GM0457", "Weesp", "gemeente", 2015, 2022, "GM0363")
    assert registry.resolve("457").code == "GM0457"
    assert registry.resolve("Haaren").successor == "GM0757"


def test_resolve_unknown_gives_dutch_message_with_suggestion(registry):
    with pytest.raises(UnknownArea, match="^onbekend gebied 'Arnhm'; bedoelt u: Arnhem"):
        registry.resolve("Arnhm")
    with pytest.raises(UnknownArea, match="^onbekende GGD-regio 'Utrecht'"):
        registry.resolve("Utrecht", level="ggd")
    with pytest.raises(UnknownArea, match="'GM0363' is een gemeente, geen provincie"):
        registry.resolve("GM0363", level="provincie")
    with pytest.raises(UnknownArea):
        registry.resolve("  ")
    with pytest.raises(UnknownArea, match="onbekend gebiedsniveau 'wijk'"):
        registry.areas("wijk")


def test_get(registry):
    assert registry.get("PV21").name == "Fryslân"
    with pytest.raises(UnknownArea, match="onbekende gebiedscode 'GM9999'"):
        registry.get("GM9999")


def test_current_code(registry):
    assert registry.current_code("GM0457", 2021) == "GM0363"
    assert registry.current_code("457", 2022) == "GM0363"
    assert registry.current_code("GM0003", 2020) == "GM1979"
    assert registry.current_code("GM0788", 2020) == "GM0757"
    assert registry.current_code("GM0363", 2025) == "GM0363"
    with pytest.raises(UnknownArea, match="bestond niet in 2023"):
        registry.current_code("GM0457", 2023)
    with pytest.raises(UnknownArea, match="bestond niet in 2015"):
        registry.current_code("GM1982", 2015)  # Land van Cuijk exists from 2022
    with pytest.raises(UnknownArea, match="buiten de gemeentelijke indelingen 2015-2025"):
        registry.current_code("GM0363", 2014)


def test_gemeenten_per_year(registry):
    assert len(registry.gemeenten()) == 342
    in_2022 = {a.code for a in registry.gemeenten(2022)}
    assert len(in_2022) == 345 and "GM0457" in in_2022 and "GM1982" in in_2022
    assert "GM0457" not in {a.code for a in registry.gemeenten(2023)}
    assert len(registry.carry_table()) == 393 + 390 + 388 + 380 + 355 + 355 + 352 + 345 + 3 * 342


def test_areas_lists_current_areas_only(registry):
    counts = {level: len(registry.areas(level)) for level in LEVELS}
    assert counts == {"gemeente": 342, "provincie": 12, "ggd": 25, "jeugdregio": 42, "regio": 2, "vsv": 2, "jgz": 1,
                      "land": 1}
    everything = registry.areas()
    assert len(everything) == sum(counts.values())
    assert [a.level for a in everything] == sorted((a.level for a in everything), key=LEVELS.index)
    assert "GM0457" not in {a.code for a in everything}


def test_members_and_parents(registry):
    assert len(registry.members("NL01")) == 342
    assert registry.members("GM0202") == ["GM0202"]
    assert set(registry.members("GG1911")) == set(GELDERLAND_MIDDEN.values())
    assert set(registry.members("RGGM")) == set(GELDERLAND_MIDDEN.values())
    assert set(registry.members("RGGMZ")) == {"GM1705", "GM1734", "GM0274", "GM0289"}
    assert len(registry.members("PV21")) == 18  # Fryslân
    assert registry.parent("GM0363", "provincie") == "PV27"
    assert registry.parent("GM0363", "ggd") == "GG3406"
    assert registry.parent("GM0363", "jeugdregio") == "JZ13"
    assert registry.parent("GM0363", "land") == "NL01"
    assert registry.region_of("GM0202") == "GG1911"
    assert registry.regions_of("GM0274") == ["RGGM", "RGGMZ"]
    with pytest.raises(UnknownArea, match="Weesp \\(GM0457\\) bestaat sinds 2023 niet meer"):
        registry.parent("GM0457", "ggd")
    with pytest.raises(UnknownArea, match="geen vaste bovenliggende indeling"):
        registry.parent("GM0363", "regio")
    with pytest.raises(UnknownArea, match="bestaat sinds 2023 niet meer"):
        registry.members("GM0457")


def test_membership_holds_every_higher_area(registry):
    pairs = registry.membership()
    assert len(pairs) == len(set(pairs))
    by_level: dict[str, int] = {}
    for area, _ in pairs:
        level = registry.get(area).level
        by_level[level] = by_level.get(level, 0) + 1
    assert by_level == {"land": 342, "provincie": 342, "ggd": 342, "jeugdregio": 342, "regio": 15 + 4}


def test_search(registry):
    assert [a.code for a in registry.search("sudwest")] == ["GM1900"]
    assert registry.search("Amster")[0].code == "GM0363"
    hits = registry.search_hits("weesp")
    assert [(h.area.code, h.via) for h in hits] == [("GM0363", "Weesp")]
    boxmeer = registry.search_hits("Boxmeer")
    assert [(h.area.code, h.via) for h in boxmeer] == [("GM1982", "Boxmeer")]
    assert len(registry.search("a", limit=5)) == 5
    assert registry.search("   ") == []
    bergen = [a.name for a in registry.search("Bergen")]
    assert bergen[:3] == ["Bergen (L.)", "Bergen (NH.)", "Bergen op Zoom"]


def test_describe_areas(registry):
    rows = describe_areas(registry, "regio")
    assert rows[0] == {"code": "RGGM", "name": "Gelderland Midden", "level": "regio", "members": 15,
                       "provincie": "", "ggd": "", "jeugdregio": ""}
    arnhem = next(r for r in describe_areas(registry, "gemeente") if r["code"] == "GM0202")
    assert (arnhem["provincie"], arnhem["jeugdregio"]) == ("Gelderland", "Centraal Gelderland")
    assert len(describe_areas(registry)) == 342 + 12 + 25 + 42 + 2 + 2 + 1 + 1


def two_gemeenten_named_alike() -> AreaTables:
    """Dorp (GM0001) dissolved into Stad after 2016; a new Dorp (GM0003) from 2018."""
    return AreaTables(
        gemeenten=(
            GemeenteRow("GM0001", "Dorp", 2015, 2016, "GM0002"),
            GemeenteRow("GM0002", "Stad", 2015, None, None),
            GemeenteRow("GM0003", "Dorp", 2018, None, None),
            GemeenteRow("GM0004", "Gehucht", 2015, 2015, "GM0002"),
            GemeenteRow("GM0005", "Gehucht", 2016, 2016, "GM0002"),
        ),
        carry=((2015, "GM0001", "GM0002"), (2015, "GM0002", "GM0002"), (2015, "GM0004", "GM0002"),
               (2016, "GM0005", "GM0002"), (2018, "GM0003", "GM0003")),
        regions={"GM0002": ("PV01", "GG01", "JZ01"), "GM0003": ("PV01", "GG01", "JZ01")},
        higher=(HigherAreaRow("PV01", "Provincie", "provincie"),),
        aliases=(),
        current_year=2018,
    )


def test_same_name_in_different_years_is_resolved_by_year():
    registry = AreaRegistry(two_gemeenten_named_alike())
    assert registry.resolve("Dorp", 2015).code == "GM0001"
    assert registry.resolve("Dorp", 2018).code == "GM0003"
    assert registry.resolve("Dorp").code == "GM0003"  # the current one
    assert registry.resolve("Gehucht").code == "GM0005"  # the most recent
    assert registry.resolve("Gehucht", 2015).code == "GM0004"


def test_ambiguous_name_lists_candidates():
    tables = two_gemeenten_named_alike()
    tables = AreaTables(tables.gemeenten + (GemeenteRow("GM0006", "Gehucht", 2016, 2016, "GM0002"),),
                        tables.carry, tables.regions, tables.higher, (), current_year=2018)
    with pytest.raises(AmbiguousArea, match="'Gehucht' past bij meerdere gebieden: Gehucht \\(GM0005"):
        AreaRegistry(tables).resolve("Gehucht")


def test_organisations_serve_gemeenten_without_being_their_sum(registry):
    # 004, indicator 6: VSV Gelderse Vallei serves Barneveld, Ede, Nijkerk, Scherpenzeel and Wageningen
    vallei = registry.resolve("VSV Gelderse Vallei")
    assert vallei.level == "vsv" and registry.practices[vallei.code] == 14
    assert sorted(registry.get(c).name for c in registry.members(vallei.code)) == [
        "Barneveld", "Ede", "Nijkerk", "Scherpenzeel", "Wageningen"]
    # regio Zuid (Lingewaard, Overbetuwe, Renkum, Wageningen) is served by both VSV's
    zuid = registry.members(registry.resolve("Regio Zuid").code)
    assert [a.name for a in registry.serving(zuid, "vsv")] == ["VSV Gelderse Vallei", "VSV Kracht"]
    assert [a.name for a in registry.serving(["GM0363"])] == []  # Amsterdam: none known
    assert vallei.code not in {area for area, _ in registry.membership()}
    assert registry.enclosing(vallei.code) is None
