"""Problems name their place the way a user finds it: sheet, Excel row, column as written, value."""

from datetime import datetime

import pytest
from openpyxl import Workbook

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.errors import InputError, Problem
from kansrijk.intake.aggregates import parse_aggregates
from kansrijk.intake.tabular import read_table


def test_csv_problem_prints_as_before():
    problem = Problem("cijfers.csv", "geen getal", line=7, column="teller", value="abc")
    assert str(problem) == "cijfers.csv:7:teller: geen getal (waarde: 'abc')"
    assert problem.for_user() == "Rij 7, kolom 'teller': geen getal (waarde: 'abc')."


def test_workbook_problem_names_the_sheet():
    problem = Problem("cijfers.xlsx", "geen getal", line=7, column="teller", value="abc", sheet="Invullen")
    assert str(problem) == "cijfers.xlsx[Invullen]:7:teller: geen getal (waarde: 'abc')"
    assert problem.for_user() == "Werkblad 'Invullen', rij 7, kolom 'teller': geen getal (waarde: 'abc')."


@pytest.mark.parametrize(
    "problem, sentence",
    [
        (Problem("a.csv", "bestand niet gevonden"), "Bestand 'a.csv': bestand niet gevonden."),
        (Problem("a.xlsx", "werkblad 'X' is leeg", sheet="X"), "Werkblad 'X': werkblad 'X' is leeg."),
        (Problem("a.csv", "teller is groter dan noemer (5 > 4)", 3, "Teller", 5.0),
         "Rij 3, kolom 'Teller': teller is groter dan noemer (5 > 4) (waarde: 5)."),
        (Problem("a.csv", "geen geheel aantal", 4, "teller", 2.5), "Rij 4, kolom 'teller': geen geheel aantal (waarde: 2,5)."),
        (Problem("a.csv", "periode?", 2, "jaar", 2019), "Rij 2, kolom 'jaar': periode? (waarde: 2019)."),
        (Problem("a.csv", "datum", 2, "peildatum", datetime(2020, 10, 1)),
         "Rij 2, kolom 'peildatum': datum (waarde: 1-10-2020)."),
        (Problem("a.csv", "onbekend gebied; bedoelt u: Ede?", 5), "Rij 5: onbekend gebied; bedoelt u: Ede?"),
    ],
)
def test_for_user_sentences(problem, sentence):
    assert problem.for_user() == sentence


def test_xlsx_rows_and_tables_carry_the_sheet(tmp_path):
    path = tmp_path / "cijfers.xlsx"
    wb = Workbook()
    wb.active.title = "Uitleg"
    ws = wb.create_sheet("Cijfers")
    ws.append(["Teller"])
    ws.append([3])
    wb.save(path)
    table = read_table(path, sheet="Cijfers")
    assert table.sheet == "Cijfers" and table.rows[0].sheet == "Cijfers"
    problem = table.problem(table.rows[0], "te groot", "teller", 3)
    assert str(problem) == "cijfers.xlsx[Cijfers]:2:Teller: te groot (waarde: 3)"


def test_xlsx_structure_problems_name_the_sheet(tmp_path):
    path = tmp_path / "kop.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "Blad1"
    ws.append(["teller", "Teller"])
    wb.save(path)
    with pytest.raises(InputError) as info:
        read_table(path)
    assert [str(p) for p in info.value.problems] == ["kop.xlsx[Blad1]:1:teller: kolomnaam 'teller' komt meer dan eens voor"]


def test_aggregate_problems_in_a_workbook_name_the_sheet(tmp_path):
    path = tmp_path / "tellingen.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "Tellingen"
    ws.append(["Indicator", "Gebied", "Jaar", "Teller", "Noemer"])
    ws.append(["gm08.phb", "Ede", 2023, "veel", 900])
    wb.save(path)
    with pytest.raises(InputError) as info:
        parse_aggregates(path, Catalogues.load(), AreaRegistry.load())
    (problem,) = info.value.problems
    assert str(problem) == "tellingen.xlsx[Tellingen]:2:Teller: geen getal (waarde: 'veel')"
    assert problem.for_user() == "Werkblad 'Tellingen', rij 2, kolom 'Teller': geen getal (waarde: 'veel')."
