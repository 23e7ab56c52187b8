"""Registry import: Dutch problems naming file:row:column and value, all or nothing, history by date."""

from datetime import date

import openpyxl
import pytest

from kansrijk.catalogue import Catalogues
from kansrijk.engine.programme import peildatum, programme_observations
from kansrijk.programme.intake import facts_on
from kansrijk.errors import InputError
from kansrijk.programme.facts import fact_kind
from kansrijk.programme.intake import import_programme, parse_programme
from kansrijk.store import Store

HISTORY = """feit;onderwerp;waarde;geldig vanaf
impuls_tranche_1;Utrecht;ja;01-01-2019
coalitie;Utrecht;nee;15-09-2019
coalitie;Utrecht;ja;01-03-2020
coalitie;Utrecht;nee;01-01-2021
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_fact_kinds_are_found_however_written():
    assert fact_kind("Impuls tranche 1").key == "impuls_tranche_1"
    assert fact_kind("centering-pregnancy").key == "centering_pregnancy"
    assert fact_kind("onzin") is None


def test_peildatum_comes_from_the_catalogue_reference():
    assert peildatum("peildatum 15 september", 2020) == (date(2020, 9, 15), True)
    assert peildatum("peildatum 1 oktober", 2021) == (date(2021, 10, 1), True)
    assert peildatum("kalenderjaar", 2023) == (date(2023, 12, 31), False)


def test_every_bad_cell_is_named_and_nothing_is_imported(tmp_path, areas):
    bad = write(tmp_path, "fout.csv", "feit;onderwerp;waarde;geldig vanaf\n"
                "coalitie;Atlantis;ja;15-09-2020\n"
                "koffie;Utrecht;ja;15-09-2020\n"
                "coalitie;Utrecht;misschien;15-09-2020\n"
                "coalitie;Utrecht;ja;2020\n"
                "aantal_jgz_organisaties;NL01;36,5;01-10-2020\n"
                "plan_van_aanpak;Utrecht;afgerond;15-09-2020\n"
                "plan_van_aanpak;GM0344;nee;15-09-2020\n")
    good = write(tmp_path, "goed.csv", HISTORY)
    store = Store.open(":memory:")
    with pytest.raises(InputError) as caught:
        import_programme(store, [good, bad], areas)
    lines = [str(p) for p in caught.value.problems]
    assert lines[0].startswith("fout.csv:2:onderwerp:") and "'Atlantis'" in lines[0]
    assert lines[1].startswith("fout.csv:3:feit: onbekend feit") and "'koffie'" in lines[1]
    assert lines[2] == ("fout.csv:4:waarde: ongeldige waarde voor coalitie; kies uit ja, nee "
                        "(waarde: 'misschien')")
    assert lines[3].startswith("fout.csv:5:geldig vanaf: geen datum")
    assert lines[4] == "fout.csv:6:waarde: geen geheel aantal (waarde: '36,5')"
    # Utrecht is GM0344: the same fact, subject and date twice
    assert lines[5].startswith("fout.csv:8: dubbele rij") and "rij 7" in lines[5]
    assert len(lines) == 6
    assert not store.table_exists("registry_facts") or store.query("SELECT * FROM registry_facts") == []
    assert store.imports() == []


def test_missing_columns_are_listed(tmp_path, areas):
    path = write(tmp_path, "kop.csv", "feit;gemeente\ncoalitie;Utrecht\n")
    with pytest.raises(InputError) as caught:
        parse_programme(path, areas)
    assert "kop.csv:1: verplichte kolommen ontbreken: waarde, geldig vanaf" in str(caught.value.problems[0])


def test_history_gives_what_was_true_on_each_day(tmp_path, areas):
    store = Store.open(":memory:")
    import_programme(store, [write(tmp_path, "h.csv", HISTORY)], areas)
    assert facts_on(store, date(2019, 12, 31))["coalitie"] == {"GM0344": "nee"}
    assert facts_on(store, date(2020, 9, 15))["coalitie"] == {"GM0344": "ja"}
    assert facts_on(store, date(2021, 9, 15))["coalitie"] == {"GM0344": "nee"}
    assert "coalitie" not in facts_on(store, date(2019, 9, 14))
    ks01 = [Catalogues.load().measure("ks01")]
    rows = programme_observations(store, ks01, areas)
    by_year = dict(zip(rows["period_start"], rows["numerator"]))
    assert by_year == {2019: 0.0, 2020: 1.0, 2021: 0.0}
    assert set(rows["denominator"]) == {1.0}


def test_a_later_import_of_the_same_date_wins_and_reimport_is_skipped(tmp_path, areas):
    store = Store.open(":memory:")
    first = write(tmp_path, "a.csv", "feit;gemeente;waarde;peildatum\nvoorzorg;Utrecht;nee;01-10-2020\n")
    second = write(tmp_path, "b.csv", "feit;gemeente;waarde;peildatum\nvoorzorg;Utrecht;ja;01-10-2020\n")
    import_programme(store, [first], areas)
    import_programme(store, [second], areas)
    again = import_programme(store, [first], areas)
    assert again[0].skipped_as_duplicate
    assert facts_on(store, date(2020, 10, 1))["voorzorg"] == {"GM0344": "ja"}
    assert len(store.query("SELECT * FROM registry_facts")) == 2


def test_xlsx_with_date_cells(tmp_path, areas):
    from datetime import datetime

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Feit", "Onderwerp", "Waarde", "Geldig vanaf"])
    sheet.append(["centering_parenting", "JGZ  Utrecht", "ja", datetime(2020, 10, 1)])
    sheet.append(["aantal_jgz_organisaties", "NL01", 37, datetime(2020, 10, 1)])
    sheet.append(["centering_parenting", "JGZ Zuid", "ja", "31-02-2020"])
    path = tmp_path / "feiten.xlsx"
    book.save(path)
    with pytest.raises(InputError) as caught:
        parse_programme(path, areas)
    assert [str(p) for p in caught.value.problems] == [
        "feiten.xlsx:4:Geldig vanaf: geen geldige datum: '31-02-2020' (waarde: '31-02-2020')"
    ]
    sheet.delete_rows(4)
    book.save(path)
    parsed = parse_programme(path, areas)
    assert [(f.fact, f.subject, f.value, f.valid_from) for f in parsed.facts] == [
        ("centering_parenting", "JGZ Utrecht", "ja", date(2020, 10, 1)),
        ("aantal_jgz_organisaties", "NL01", "37", date(2020, 10, 1)),
    ]
