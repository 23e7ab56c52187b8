"""User region files: a good file adds regions, a broken one reports every problem with file:line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kansrijk.areas import AreaRegistry
from kansrijk.errors import RegionFileError


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def problems_of(*paths: Path) -> list[str]:
    with pytest.raises(RegionFileError) as caught:
        AreaRegistry.load(paths)
    return [str(p) for p in caught.value.problems]


def test_good_region_file_adds_a_region(tmp_path):
    path = write(tmp_path, "utrecht_oost.yaml", """
        regions:
          - code: RGUO
            name: Utrecht Oost
            members: [Zeist, GM0312, "345", wijk bij duurstede]
    """)
    registry = AreaRegistry.load([path])
    assert registry.get("RGUO").level == "regio"
    assert registry.members("RGUO") == ["GM0312", "GM0345", "GM0352", "GM0355"]
    assert registry.resolve("utrecht oost").code == "RGUO"
    assert "RGUO" not in {a.code for a in AreaRegistry.load().areas("regio")}


def test_broken_region_file_reports_every_problem_with_line(tmp_path):
    path = write(tmp_path, "broken.yaml", """
        regions:
          - code: rg1
            name: Gelderland Midden
            members: [Arnhem, Arnhm, Weesp, Twente, Arnhem]
          - code: RGXX
            naam: Zonder naam
            members: Arnhem
          - code: RGGM
            name: Dubbele code
            members: [Ede, Epe]
    """)
    f = str(path)
    assert problems_of(path) == [
        f"{f}:2: code van een regio moet beginnen met RG, gevolgd door 2 tot 8 hoofdletters of cijfers (waarde: 'rg1')",
        f"{f}:4: onbekende gemeente 'Arnhm'; bedoelt u: Arnhem?",
        f"{f}:4: Weesp (GM0457) bestaat sinds 2023 niet meer (opgegaan in Amsterdam, GM0363); "
        "gebruik de huidige gemeente",
        f"{f}:4: 'Twente' is een jeugdregio, geen gemeente",
        f"{f}:4: gemeente GM0202 staat al in deze regio (regel 4) (waarde: 'Arnhem')",
        f"{f}:5: 'name' ontbreekt",
        f"{f}:6: onbekende sleutel 'naam' in een regio (toegestaan: code, type, name, description, members, "
        "practices)",
        f"{f}:7: 'members' moet een lijst van gemeenten zijn",
        f"{f}:8: code RGGM is al gebruikt in {shipped_regions()}:4",
    ]


def test_organisations_have_their_own_code_prefix_and_keys(tmp_path):
    path = write(tmp_path, "vsv.yaml", """
        regions:
          - code: VSOOST
            type: vsv
            name: VSV Oost
            practices: 6
            members: [Zeist]
          - code: RGJGZ
            type: jgz
            name: JGZ Oost
            practices: 3
            members: [Zeist]
          - code: VSX1
            type: verloskunde
            name: Iets
            members: [Zeist]
          - code: VSNUL
            type: vsv
            name: VSV Nul
            practices: nul
            members: [Zeist]
    """)
    f = str(path)
    assert problems_of(path) == [
        f"{f}:7: code van een jgz moet beginnen met JG, gevolgd door 2 tot 8 hoofdletters of cijfers "
        "(waarde: 'RGJGZ')",
        f"{f}:10: 'practices' hoort alleen bij een vsv",
        f"{f}:13: type moet een van regio, vsv, jgz zijn (waarde: 'verloskunde')",
        f"{f}:19: 'practices' moet een positief geheel getal zijn (waarde: 'nul')",
    ]
    good = write(tmp_path, "good.yaml", "regions:\n  - {code: VSOOST, type: vsv, name: VSV Oost, practices: 6, "
                                         "members: [Zeist]}\n")
    registry = AreaRegistry.load([good])
    assert registry.get("VSOOST").level == "vsv" and registry.members("VSOOST") == ["GM0355"]
    assert registry.practices["VSOOST"] == 6


def shipped_regions() -> str:
    from importlib import resources

    return str(resources.files("kansrijk").joinpath("data", "regions.yaml"))


def test_problems_across_files_and_names_in_use(tmp_path):
    first = write(tmp_path, "a.yaml", """
        regions:
          - code: RGAA
            name: Twente
            members: [Enschede, Hengelo]
          - code: RGBB
            name: Noord
            members: [Assen, Tynaarlo]
          - code: RGCC
            name: Klein
            members: [Assen]
    """)
    second = write(tmp_path, "b.yaml", """
        regions:
          - code: RGDD
            name: noord
            members: [Emmen, Assen]
          - code: RGBB
            name: Ander noorden
            members: [Emmen, Assen]
    """)
    assert problems_of(first, second) == [
        f"{first}:2: naam 'Twente' is al in gebruik (door JZ14)",
        f"{first}:10: een regio heeft ten minste 2 gemeenten nodig",
        f"{second}:2: naam 'noord' is al in gebruik (door RGBB)",
        f"{second}:5: code RGBB is al gebruikt in {first}:5",
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("regions: [\n", ":2: geen geldige YAML"),
        ("", ": bestand is leeg"),
        ("gebieden: []\n", ":1: onbekende sleutel 'gebieden' in het bestand"),
        ("regions: Arnhem\n", ":1: 'regions' moet een lijst van regio's zijn"),
        ("regions:\n  - RGAA\n", ":2: een regio moet de sleutels code, name en members hebben"),
    ],
)
def test_malformed_files(tmp_path, text, expected):
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    [problem] = [p for p in problems_of(path) if "ontbreekt" not in p] or [""]
    assert problem.startswith(f"{path}{expected}")


def test_missing_file(tmp_path):
    missing = tmp_path / "nergens.yaml"
    assert problems_of(missing) == [f"{missing}: bestand bestaat niet"]
