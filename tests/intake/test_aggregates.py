"""Importing aggregate files: the same figures in three real-world encodings, and every kind of error.

Uses the shipped catalogues and area registry. Facts relied on, from the catalogues and CBS: ks09,
ks12.a, ks12.b are percentages, ks15 is per 1000, gm10 a count and gm12 a mean, all counting persons
except ks09; Weesp (GM0457) existed until 2022 (merged into Amsterdam on 2022-03-24); Het Hogeland
(GM1966) exists since 2019; Súdwest-Fryslân is GM1900; the Netherlands is NL01.
"""

import hashlib
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.errors import InputError
from kansrijk.intake.aggregates import AggregateRow, parse_aggregates
from kansrijk.periods import Period

FIXTURES = Path(__file__).parent.parent / "fixtures" / "aggregates"
CATALOGUES = Catalogues.load()
AREAS = AreaRegistry.load()

# The six figures every "zes_rijen" fixture holds, written out by hand.
EXPECTED = [
    AggregateRow("ks12.a", "GM1900", "Súdwest-Fryslân", Period(2019, 2019), 81.0, 1234.0, "gepubliceerd", 2),
    AggregateRow("ks12.b", "GM0363", "Amsterdam", Period(2015, 2019), 1500.0, 10250.0, "gepubliceerd", 3),
    AggregateRow("gm12", "NL01", "Nederland", Period(2019, 2019), 12345.5, 400.0, "gepubliceerd", 4),
    AggregateRow("gm10", "GM0392", "Haarlem", Period(2020, 2020, date(2020, 10, 1)), 17.0, None, "gepubliceerd", 5),
    AggregateRow("ks09", "GM0392", "Haarlem", Period(2019, 2019), None, None, "niet_aangeboden", 6),
    AggregateRow("ks15", "GM0457", "Weesp", Period(2021, 2021), 3.0, 250.0, "gepubliceerd", 7),
]


def _xlsx_six_rows(path: Path, serial_dates: bool = False) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Cijfers"
    ws.append(["INDICATOR", "Variant", "Gemeente", "Peildatum", "Teller", "Noemer", "Toelichting"])
    peildatum = 44105 if serial_dates else datetime(2020, 10, 1)  # 44105 = 2020-10-01 in Excel
    ws.append(["ks12", "a", "Súdwest-Fryslân", 2019, 81, 1234, None])
    ws.append(["ks12", "b", "Amsterdam", "2015-2019", 1500, 10250, None])
    ws.append(["gm12", None, "Nederland", 2019, 12345.5, 400, None])
    ws.append(["gm10", None, "Haarlem", peildatum, 17, None, None])
    ws.append(["ks09", None, "Haarlem", 2019, None, None, "niet aangeboden"])
    ws.append(["ks15", None, "Weesp", 2021, 3, 250, None])
    wb.save(path)


def test_utf8_bom_comma():
    result = parse_aggregates(FIXTURES / "zes_rijen_utf8_bom_komma.csv", CATALOGUES, AREAS)
    assert result.rows == EXPECTED
    assert result.file_name == "zes_rijen_utf8_bom_komma.csv"


def test_cp1252_semicolon_decimal_commas():
    result = parse_aggregates(FIXTURES / "zes_rijen_cp1252_puntkomma.csv", CATALOGUES, AREAS)
    assert result.rows == EXPECTED


@pytest.mark.parametrize("serial_dates", [False, True], ids=["datumcel", "datumnummer"])
def test_xlsx_with_date_cells(tmp_path, serial_dates):
    path = tmp_path / "cijfers.xlsx"
    _xlsx_six_rows(path, serial_dates)
    result = parse_aggregates(path, CATALOGUES, AREAS)
    assert result.rows == EXPECTED


def test_sha256_is_of_the_bytes():
    path = FIXTURES / "zes_rijen_cp1252_puntkomma.csv"
    result = parse_aggregates(path, CATALOGUES, AREAS)
    assert result.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert len(result.sha256) == 64


def test_every_problem_reported_with_file_row_column_value():
    with pytest.raises(InputError) as info:
        parse_aggregates(FIXTURES / "elf_rijen_tien_fouten.csv", CATALOGUES, AREAS)
    f = "elf_rijen_tien_fouten.csv"
    assert [str(p) for p in info.value.problems] == [
        f"{f}:2:Indicator: onbekende indicator: 'ks99'; bedoelde je ks09? (zie `kansrijk indicators`) (waarde: 'ks99')",
        f"{f}:3:Gemeente: onbekend gebied 'Amstredam'; bedoelt u: Amsterdam? (waarde: 'Amstredam')",
        f"{f}:4:Gemeente: gemeente Weesp (GM0457) bestond niet in 2023; zij bestond tot en met 2022"
        " en is opgegaan in Amsterdam (GM0363) (waarde: 'Weesp')",
        f"{f}:5:Jaar: geen periode: '2019-13' (verwacht een jaar zoals 2019, een reeks zoals 2015-2019 of een datum)"
        " (waarde: '2019-13')",
        f"{f}:6:Teller: geen getal (waarde: 'abc')",
        f"{f}:7:Teller: negatief getal (waarde: '-3')",
        f"{f}:8:Teller: teller is groter dan noemer (5 > 4) (waarde: '5')",
        f"{f}:9:Noemer: noemer ontbreekt (eenheid per_1000)",
        f"{f}:10:Teller: geen geheel aantal (deze indicator telt personen) (waarde: '2,5')",
        f"{f}:12: dubbele rij: indicator, gebied en periode staan ook in rij 11 (waarde: 'ks09 GM0363 2019')",
    ]
    assert str(info.value).splitlines()[0] == f"{f}: 10 problemen gevonden; niets ingelezen"


def test_one_bad_row_returns_nothing():
    with pytest.raises(InputError) as info:
        parse_aggregates(FIXTURES / "drie_rijen_een_fout.csv", CATALOGUES, AREAS)
    assert [str(p) for p in info.value.problems] == [
        "drie_rijen_een_fout.csv:4:teller: teller is groter dan noemer (140 > 100) (waarde: '140')"
    ]


def _csv(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_columns_named_with_those_found(tmp_path):
    path = _csv(tmp_path, "kolommen.csv", "Indicator;Gemeentenaam;Jaar;Aantal\nks09;Haarlem;2019;3\n")
    with pytest.raises(InputError) as info:
        parse_aggregates(path, CATALOGUES, AREAS)
    assert [str(p) for p in info.value.problems] == [
        "kolommen.csv:1: verplichte kolommen ontbreken: gebied, teller, noemer "
        "(gevonden: Indicator, Gemeentenaam, Jaar, Aantal)"
    ]


def test_two_columns_for_one_field(tmp_path):
    path = _csv(
        tmp_path, "dubbel.csv", "indicator;Gemeente;Gemeentecode;periode;teller;noemer\nks09;Haarlem;GM0392;2019;1;2\n"
    )
    with pytest.raises(InputError) as info:
        parse_aggregates(path, CATALOGUES, AREAS)
    assert [p.message for p in info.value.problems] == [
        "kolommen 'Gemeente' en 'Gemeentecode' betekenen allebei gebied; houd er één over"
    ]


@pytest.mark.parametrize(
    "row, message",
    [
        ("ks09;Haarlem;2019;;;", "teller en noemer ontbreken (of geef een status: niet_aangeboden, niet_geregistreerd, geen_data, privacy)"),
        ("ks09;Haarlem;2019;;;onbekend", "onbekende status; kies uit gepubliceerd, niet_aangeboden, niet_geregistreerd, geen_data, privacy of laat leeg"),
        ("ks09;Haarlem;2019;1;2;geen data", "status geen_data maar de rij heeft wel teller of noemer"),
        ("ks09;Haarlem;2019;1;0;", "noemer is 0"),
        ("gm10;Haarlem;2019;;;", "teller ontbreekt (of geef een status: niet_aangeboden, niet_geregistreerd, geen_data, privacy)"),
        ("ks09;Haarlem;2019;;5;", "teller ontbreekt (of geef een status: niet_aangeboden, niet_geregistreerd, geen_data, privacy)"),
        (";Haarlem;2019;1;2;", "indicator ontbreekt"),
        ("ks09;;2019;1;2;", "gebied ontbreekt"),
        ("ks09;Atlantis;;1;2;", ("periode ontbreekt", "onbekend gebied 'Atlantis'")),
        ("ks09;Haarlem;;1;2;", "periode ontbreekt"),
        ("ks09;Het Hogeland;2017;1;2;", "gemeente Het Hogeland (GM1966) bestond niet in 2017; zij bestaat sinds 2019"),
        ("xyz;Haarlem;2019;1;2;", "onbekende indicator: 'xyz' (zie `kansrijk indicators`)"),
        ("ks09;Atlantis;2019;1;2;", "onbekend gebied 'Atlantis'"),
        ("ks07;Haarlem;2019;1,5;2;", "geen geheel aantal (deze indicator telt personen)"),
        ("ks07;Haarlem;2019;1;2,5;", "geen geheel aantal (deze indicator telt personen)"),
        ("ks09;Haarlem;2019;1,5;2,5;", None),
        ("gm12;Haarlem;2019;7,25;2,5;", "geen geheel aantal (deze indicator telt personen)"),
        ("gm13;Haarlem;2019;;;", "deze indicator is een tekst en kan niet als cijfer worden ingelezen"),
        ("ks15;Haarlem;2019;30;20;", None),
        # The packaged gemeente divisions run from 2015 to 2025 (CBS tables); no figure is about the future.
        ("ks09;Haarlem;2031;1;2;", "periode 2031 ligt in de toekomst"),
        ("ks09;Haarlem;2015-2030;1;2;", "periode 2015-2030 ligt in de toekomst"),
        ("ks09;Haarlem;1990;1;2;", "periode 1990 valt buiten de gemeentelijke indelingen 2015-2025"),
        ("ks09;Haarlem;2010-2014;1;2;", "periode 2010-2014 valt buiten de gemeentelijke indelingen 2015-2025"),
        ("ks09;Haarlem;2014;1;2;", "periode 2014 valt buiten de gemeentelijke indelingen 2015-2025"),
    ],
)
def test_single_row_rules(tmp_path, row, message):
    path = _csv(tmp_path, "regel.csv", "indicator;gebied;periode;teller;noemer;status\n" + row + "\n")
    if message is None:  # the rule does not apply: the row is accepted
        assert len(parse_aggregates(path, CATALOGUES, AREAS).rows) == 1
        return
    with pytest.raises(InputError) as info:
        parse_aggregates(path, CATALOGUES, AREAS)
    assert [p.message for p in info.value.problems] == ([message] if isinstance(message, str) else list(message))


def test_counts_need_no_denominator_and_may_exceed_anything(tmp_path):
    path = _csv(tmp_path, "aantallen.csv", "indicator;gebied;periode;teller;noemer\ngm10;Haarlem;2019;1.500;\n")
    result = parse_aggregates(path, CATALOGUES, AREAS)
    assert [(r.indicator, r.numerator, r.denominator) for r in result.rows] == [("gm10", 1500.0, None)]


def test_same_area_by_code_and_name_is_a_duplicate(tmp_path):
    path = _csv(
        tmp_path, "dubbel.csv", "indicator;gebied;periode;teller;noemer\nks09;Haarlem;2019;1;2\nks09;gm0392;2019;1;2\n"
    )
    with pytest.raises(InputError) as info:
        parse_aggregates(path, CATALOGUES, AREAS)
    assert [p.line for p in info.value.problems] == [3]


def test_header_only_file(tmp_path):
    path = _csv(tmp_path, "leeg.csv", "indicator;gebied;periode;teller;noemer\n")
    with pytest.raises(InputError) as info:
        parse_aggregates(path, CATALOGUES, AREAS)
    assert [str(p) for p in info.value.problems] == ["leeg.csv:1: het bestand bevat geen gegevensrijen"]


def test_rows_are_frozen():
    row = EXPECTED[0]
    with pytest.raises(AttributeError):
        row.numerator = 1.0  # type: ignore[misc]


def test_thousands_of_unknown_names_cost_ten_suggestions_and_list_a_hundred(tmp_path):
    # Misspelt real names (one letter too many) would each deserve a suggestion; only ten get one.
    names = [f"{g.name}x" for g in AREAS.gemeenten(2019)]
    rows = "".join(f"ks09;{names[i % len(names)]};2019;1;2;\n" for i in range(3000))
    path = _csv(tmp_path, "onbekend.csv", "indicator;gebied;periode;teller;noemer;status\n" + rows)
    with pytest.raises(InputError) as info:
        parse_aggregates(path, CATALOGUES, AREAS)
    problems = info.value.problems
    assert info.value.total == 3000
    assert len(problems) == 101
    assert problems[-1].message == "en nog 2900 probleem/problemen die niet getoond worden"
    assert [p.line for p in problems[:3]] == [2, 3, 4]
    assert sum("bedoelt u" in p.message for p in problems) == 10
