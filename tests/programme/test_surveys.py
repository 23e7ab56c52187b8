"""Questionnaires: regio Zuid 2024 (seed 004: 50 professionals, 58% know the local offer) and the
municipal questionnaire (seed 000: ks04 over the gemeenten that answered)."""

from kansrijk.catalogue import Catalogues
from kansrijk.pipeline import compute
from kansrijk.errors import InputError
from kansrijk.programme.surveys import import_municipal, import_professionals
from kansrijk.store import Store

import pytest


def test_regio_zuid_gm01_from_fifty_respondents(tmp_path, areas):
    # 58% of 50 = 29 professionals who know the offer (independent: 29 / 50 = 0.58)
    lines = ["gemeente;jaar;bekend met aanbod;bekend met afspraken"]
    lines += [f"RGGMZ;2024;{'ja' if i < 29 else 'nee'};{'ja' if i < 17 else 'nee'}" for i in range(50)]
    path = tmp_path / "professionals.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = Store.open(":memory:")
    outcome = import_professionals(store, path, areas)
    assert outcome.rows == 50
    compute(store, Catalogues.load(), areas)
    rows = store.query("SELECT indicator, numerator, denominator, value, status FROM published "
                       "WHERE area_code = 'RGGMZ' AND period = '2024' ORDER BY indicator")
    assert rows[0]["indicator"] == "gm01" and rows[0]["denominator"] == 50 and round(rows[0]["value"]) == 58
    assert rows[1]["indicator"] == "gm02" and round(rows[1]["value"]) == 34  # 17 / 50: "een derde"


def test_few_respondents_are_not_published(tmp_path, areas):
    path = tmp_path / "weinig.csv"
    path.write_text("gemeente;jaar;bekend met aanbod\n" + "Renkum;2024;ja\n" * 6, encoding="utf-8")
    store = Store.open(":memory:")
    import_professionals(store, path, areas)
    compute(store, Catalogues.load(), areas)
    row = store.query("SELECT status, value FROM published WHERE indicator = 'gm01' AND area_code = 'GM0274'")[0]
    assert row["status"] == "te_klein" and row["value"] is None


def test_municipal_answers_become_facts_and_ks04_counts_who_answered(tmp_path, areas):
    path = tmp_path / "gemeenten.csv"
    path.write_text("gemeente;peildatum;coalitie;plan van aanpak;prenataal huisbezoek\n"
                    "Utrecht;15-09-2020;ja;afgerond;ja\n"
                    "Arnhem;15-09-2020;nee;in ontwikkeling;\n"
                    "Ede;15-09-2020;;nee;nee\n", encoding="utf-8")
    registry = tmp_path / "impuls.csv"
    registry.write_text("feit;onderwerp;waarde;geldig vanaf\n" + "".join(
        f"impuls_tranche_1;{g};ja;01-01-2020\n" for g in ("Utrecht", "Arnhem", "Ede", "Renkum")), encoding="utf-8")
    store = Store.open(":memory:")
    from kansrijk.programme.intake import import_programme

    import_programme(store, [registry], areas)
    outcome = import_municipal(store, path, areas)
    assert outcome.rows == 3 and outcome.response_rate == 3 / 4
    compute(store, Catalogues.load(), areas)
    got = {r["indicator"]: (r["numerator"], r["denominator"]) for r in store.query(
        "SELECT indicator, numerator, denominator FROM results WHERE area_code = 'NL01' AND period = '2020'")}
    assert got["ks01"] == (1, 4) and got["ks02"] == (2, 4) and got["ks04"] == (1, 2)


def test_bad_answer_names_the_cell(tmp_path, areas):
    path = tmp_path / "fout.csv"
    path.write_text("gemeente;peildatum;coalitie\nUtrecht;15-09-2020;misschien\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_municipal(Store.open(":memory:"), path, areas)
    assert str(caught.value.problems[0]) == (
        "fout.csv:2:coalitie: ongeldig antwoord; kies uit ja, nee of laat leeg (waarde: 'misschien')")


def test_cli_reports_respondents(tmp_path):
    from click.testing import CliRunner

    from kansrijk.cli import cli

    path = tmp_path / "p.csv"
    path.write_text("gemeente;jaar;bekend met aanbod\n" + "Renkum;2024;ja\n" * 12, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import-survey", "--kind", "professionals", "--db",
                                      str(tmp_path / "m.duckdb"), str(path)])
    assert result.exit_code == 0, result.output
    assert "p.csv: 12 respondenten ingelezen" in result.output


def test_response_of_tekstbox_2_is_shown_beside_the_figures(tmp_path, areas):
    # 000, Tekstbox 2: of the 275 Impuls gemeenten 251 answered (91%), of the other 80 38 (48%),
    # 289 of all 355 (81%); the 2020 division has 355 gemeenten.
    from kansrijk.programme.intake import import_programme
    from kansrijk.publish.context import PublishedData, area_profile
    from kansrijk.programme.surveys import responses

    codes = [a.code for a in areas.gemeenten(2020)]
    assert len(codes) == 355
    impuls, others = codes[:275], codes[275:]
    registry = tmp_path / "impuls.csv"
    registry.write_text("feit;onderwerp;waarde;geldig vanaf\n" + "".join(
        f"impuls_tranche_1;{c};ja;01-01-2020\n" for c in impuls), encoding="utf-8")
    answered = impuls[:251] + others[:38]
    path = tmp_path / "gemeenten.csv"
    path.write_text("gemeente;peildatum;coalitie\n" + "".join(f"{c};15-09-2020;ja\n" for c in answered),
                    encoding="utf-8")
    store = Store.open(":memory:")
    import_programme(store, [registry], areas)
    outcome = import_municipal(store, path, areas)
    assert round(outcome.response_rate, 2) == 0.91
    got = {r["grp"]: (r["respondents"], r["asked"]) for r in responses(store)}
    assert got == {"gemeenten met de Impuls": (251, 275), "overige gemeenten": (38, 80), "alle gemeenten": (289, 355)}
    compute(store, Catalogues.load(), areas)
    profile = area_profile(PublishedData.load(store, "ks"), Catalogues.load(), areas, "NL01")
    ks01 = next(v for v in profile.indicators if v.id == "ks01")
    assert ks01.response == ("Vragenlijst onder gemeenten 2020: 251 van de 275 gemeenten met de Impuls reageerden "
                             "(respons 91%); in totaal 289 van alle 355 gemeenten (respons 81%).")


def test_professionals_response_is_the_number_of_respondents(tmp_path, areas):
    from kansrijk.publish.context import PublishedData, area_profile

    lines = ["gemeente;jaar;bekend met aanbod"] + [f"{g};2024;{'ja' if k % 2 else 'nee'}"
                                                   for k, g in enumerate(["Renkum"] * 30 + ["Wageningen"] * 24)]
    path = tmp_path / "p.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = Store.open(":memory:")
    import_professionals(store, path, areas)
    compute(store, Catalogues.load(), areas)
    profile = area_profile(PublishedData.load(store, "gm"), Catalogues.load(), areas, "RGGMZ")
    gm01 = next(v for v in profile.indicators if v.id == "gm01")
    # 54 respondents; gm counts of persons are published rounded to tens (gm.yaml), so is the N
    assert gm01.response.startswith("Vragenlijst onder professionals 2024: 50 professionals beantwoordden de "
                                    "vraag; de respons is niet bekend")


def test_a_bad_questionnaire_file_leaves_the_good_one_unimported_too(tmp_path, areas):
    from kansrijk.programme.surveys import import_survey
    from kansrijk.programme.surveys import responses

    good = tmp_path / "goed.csv"
    good.write_text("gemeente;jaar;bekend met aanbod\n" + "Renkum;2024;ja\n" * 12, encoding="utf-8")
    bad = tmp_path / "fout.csv"
    bad.write_text("gemeente;jaar;bekend met aanbod\nRenkum;2024;misschien\n", encoding="utf-8")
    store = Store.open(":memory:")
    with pytest.raises(InputError) as caught:
        import_survey(store, "professionals", [good, bad], areas)
    assert [(p.file, p.line, p.column, p.value) for p in caught.value.problems] == [
        ("fout.csv", 2, "bekend met aanbod", "misschien")]
    assert not store.table_exists("imports") or not store.query("SELECT * FROM imports")
    assert responses(store) == []
