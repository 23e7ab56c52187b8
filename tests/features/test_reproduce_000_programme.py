"""The programme figures of the RIVM factsheet 2020 (seed 000) are reproduced from a registry holding
000's counts: figure 2 (Impuls sign-ups after each tranche: 98, 147 and 275 of 355), figure 4 (Nu
Niet Zwanger on 1 October 2020: 29 centrumgemeenten and 106 surrounding gemeenten, 135 of 355) and
Tekstbox 2 (the municipal questionnaire: 251 of the 275 Impuls gemeenten responded, 91%; 289 of all
355, 81%), figure 5 (of the 181 gemeenten with PHB-JGZ 25% before week 15, 69% after week 25; 181 of
280 answering is indicator 4's 65%) and Tekstbox 3 (of 288 gemeenten answering on partners 91%
social/public, 78% medical, 89% within the gemeente, 212 all three). Which gemeenten is arbitrary (the
first ones by code); the counts are 000's."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from kansrijk.areas import AreaRegistry
from kansrijk.cli import cli

TRANCHES = (("15-03-2019", 98), ("31-10-2019", 147), ("15-04-2020", 275))  # closing day, signed up by then


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _yes(flag: bool) -> str:
    return "ja" if flag else "nee"


def _answers(k: int) -> list[str]:
    """Respondent ``k``'s answers: 280 answer on home visits, 181 ja, of whom 45 before week 15 and 125
    after week 25; 288 answer on partners: social 262, medical 225 and municipal 256, all three 212."""
    phb = _yes(k < 181) if k < 280 else ""
    early = _yes(k < 45) if k < 181 else ""
    late = _yes(k < 125) if k < 181 else ""
    social = _yes(k < 262) if k < 288 else ""
    medical = _yes(k < 212 or 262 <= k < 275) if k < 288 else ""
    municipal = _yes(k < 256) if k < 288 else ""
    return [phb, early, late, social, medical, municipal]


@pytest.fixture(scope="module")
def factsheet(tmp_path_factory) -> str:
    tmp = tmp_path_factory.mktemp("programme2020")
    areas = AreaRegistry.load()
    both = sorted({a.code for a in areas.gemeenten(2019)} & {a.code for a in areas.gemeenten(2020)})
    assert len(areas.gemeenten(2019)) == len(areas.gemeenten(2020)) == 355
    lines = ["feit;onderwerp;waarde;geldig vanaf"]
    start = 0
    for number, (day, signed) in enumerate(TRANCHES, start=1):
        lines += [f"impuls_tranche_{number};{code};ja;{day}" for code in both[start:signed]]
        start = signed
    centre, rest = both[:50], both[50:]
    lines += [f"nnz_centrumgemeente;{code};ja;01-01-2020" for code in centre]
    lines += [f"nnz_gestart;{code};{'ja' if k < 29 else 'nee'};01-10-2020" for k, code in enumerate(centre)]
    lines += [f"nnz_aangesloten;{code};ja;01-10-2020" for code in rest[:106]]
    registry = tmp / "programma.csv"
    registry.write_text("\n".join(lines) + "\n", encoding="utf-8")
    impuls, others = both[:275], [c for c in both[275:]]
    answered = impuls[:251] + others[:38]
    survey = tmp / "gemeenten.csv"
    header = ("gemeente;peildatum;coalitie;prenataal huisbezoek;phb voor week 15;phb na week 25;"
              "overleg sociaal domein;overleg medisch domein;overleg gemeentelijke organisatie\n")
    survey.write_text(header + "".join(f"{c};15-09-2020;ja;{';'.join(_answers(k))}\n" for k, c in enumerate(answered)),
                      encoding="utf-8")
    db, runner = tmp / "m.duckdb", CliRunner()
    for args in (["import", "--db", str(db), "--kind", "programme", "--no-compute", str(registry)],
                 ["import", "--db", str(db), "--kind", "survey-gemeenten", str(survey)],
                 ["report", "--db", str(db), "--area", "NL01", "--format", "html", "--out", str(tmp / "out")]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.output
    [page] = (tmp / "out").glob("*.html")
    return page.read_text(encoding="utf-8")


def test_figure_2_impuls_sign_ups_per_tranche(factsheet):
    table = re.search(r'<table class="overview" id="impuls">(.*?)</table>', factsheet, re.S).group(1)
    rows = [_text(r) for r in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)]
    assert rows == ["15 maart 2019 (na inschrijving tranche 1) 98 257",
                    "31 oktober 2019 (na inschrijving tranche 2) 147 208",
                    "15 april 2020 (na inschrijving tranche 3) 275 80"]


def test_figure_4_nu_niet_zwanger_centre_and_surrounding(factsheet):
    table = re.search(r'<table class="overview" id="nnz">(.*?)</table>', factsheet, re.S).group(1)
    rows = [_text(r) for r in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)]
    assert "1 oktober 2020 29 106 135 van 355" in rows


def test_tekstbox_2_response_beside_the_questionnaire_figures(factsheet):
    text = _text(factsheet)
    assert ("Vragenlijst onder gemeenten 2020: 251 van de 275 gemeenten met de Impuls reageerden (respons 91%); "
            "in totaal 289 van alle 355 gemeenten (respons 81%).") in text


def _rows(factsheet: str, table_id: str) -> list[str]:
    table = re.search(rf'<table class="overview" id="{table_id}">(.*?)</table>', factsheet, re.S).group(1)
    return [_text(r) for r in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)]


def test_figure_5_when_prenatal_home_visits_take_place(factsheet):
    assert _rows(factsheet, "phb-moment") == ["Prenataal huisbezoek vóór week 15 van de zwangerschap 45 25%",
                                              "Prenataal huisbezoek na week 25 125 69%"]
    assert "van 181 gemeenten met prenatale huisbezoeken" in _text(factsheet)


def test_tekstbox_3_partner_domains(factsheet):
    assert _rows(factsheet, "partners") == [
        "Overlegt met partners uit het sociale/publieke domein 262 91%",
        "Overlegt met partners uit het medische domein 225 78%",
        "Overlegt binnen de gemeentelijke organisatie 256 89%",
        "In alle drie de domeinen 212 74%"]


def test_programme_facts_are_mapped_as_ja_and_nee(factsheet):
    # ks03 (Nu Niet Zwanger started in a centrumgemeente): 29 ja and 21 nee among the 50 of 2020, mapped on
    # today's gemeenten: a merged one is ja only when all its centrumgemeenten were (catalogue rule "all")
    areas = AreaRegistry.load()
    both = sorted({a.code for a in areas.gemeenten(2019)} & {a.code for a in areas.gemeenten(2020)})
    today: dict[str, list[bool]] = {}
    for k, code in enumerate(both[:50]):
        today.setdefault(areas.current_code(code, 2020), []).append(k < 29)
    yes = sum(1 for started in today.values() if all(started))
    article = re.search(r'<article class="indicator page" id="ks03">(.*?)</article>', factsheet, re.S).group(1)
    [chart] = [svg for svg in re.findall(r"<svg.*?</svg>", article, re.S) if 'class="gemeente"' in svg]
    assert f"Ja ({yes} gemeenten)" in _text(chart) and f"Nee ({len(today) - yes} gemeenten)" in _text(chart)


def test_maps_of_impuls_tranches_and_nnz_roles(factsheet):
    # every gemeente of today: the earliest tranche of the gemeenten merged into it, or "nee"; for NNZ
    # centrum wins over omringend, the rest "geen" - worked out here from the registry written above
    areas = AreaRegistry.load()
    both = sorted({a.code for a in areas.gemeenten(2019)} & {a.code for a in areas.gemeenten(2020)})
    tranche: dict[str, int] = {}
    start = 0
    for number, (day, signed) in enumerate(TRANCHES, start=1):
        for code in both[start:signed]:
            tranche.setdefault(areas.current_code(code, int(day[-4:])), number)
        start = signed
    today = [a.code for a in areas.gemeenten()]
    counts = {str(n): sum(1 for c in today if tranche.get(c) == n) for n in (1, 2, 3)}
    counts["nee"] = sum(1 for c in today if c not in tranche)
    role: dict[str, str] = {}
    for code in both[50:156]:
        role[areas.current_code(code, 2020)] = "omringend"
    for code in both[:29]:
        role[areas.current_code(code, 2020)] = "centrum"
    section = re.search(r'<section class="programme-overview".*?</section>', factsheet, re.S).group(0)
    charts = [_text(svg) for svg in re.findall(r"<svg.*?</svg>", section, re.S)]
    impuls = next(c for c in charts if c.startswith("Impuls"))
    nnz = next(c for c in charts if c.startswith("Nu Niet Zwanger"))
    for label, key in (("Tranche 1", "1"), ("Tranche 2", "2"), ("Tranche 3", "3"), ("Niet aangevraagd", "nee")):
        assert f"{label} ({counts[key]} gemeenten)" in impuls
    centre = sum(1 for c in today if role.get(c) == "centrum")
    surrounding = sum(1 for c in today if role.get(c) == "omringend")
    assert f"Centrumgemeente, gestart ({centre} gemeenten)" in nnz
    assert f"Omringende gemeente ({surrounding} gemeenten)" in nnz
    assert f"Niet actief ({len(today) - centre - surrounding} gemeenten)" in nnz
