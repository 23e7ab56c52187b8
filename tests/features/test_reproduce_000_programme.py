"""The programme figures of the RIVM factsheet 2020 (seed 000) are reproduced from a registry holding
000's counts: figure 2 (Impuls sign-ups after each tranche: 98, 147 and 275 of 355), figure 4 (Nu
Niet Zwanger on 1 October 2020: 29 centrumgemeenten and 106 surrounding gemeenten, 135 of 355) and
Tekstbox 2 (the municipal questionnaire: 251 of the 275 Impuls gemeenten responded, 91%; 289 of all
355, 81%). Which gemeenten is arbitrary (the first ones by code); the counts are 000's."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from kansrijk.areas import AreaRegistry
from kansrijk.cli import cli

TRANCHES = (("15-03-2019", 98), ("31-10-2019", 147), ("15-04-2020", 275))  # closing day, signed up by then


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


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
    survey.write_text("gemeente;peildatum;coalitie\n" + "".join(f"{c};15-09-2020;ja\n" for c in answered),
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
