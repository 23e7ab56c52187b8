"""Reading Dutch CSV and XLSX tables, and parsing numbers as Dutch files write them.

Expected values are written out by hand from the Dutch conventions (``.`` thousands, ``,`` decimals)
and from the Excel 1900 date system (serial 1 = 1900-01-01; 43831 = 2020-01-01).
"""

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from kansrijk.errors import InputError, InvalidNumber
from kansrijk.intake.tabular import excel_serial_date, parse_number, read_table, sniff_separator

FIXTURES = Path(__file__).parent.parent / "fixtures" / "aggregates"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1234", 1234.0),
        ("1.234", 1234.0),
        ("1.234.567", 1234567.0),
        ("12,5", 12.5),
        ("1.234,5", 1234.5),
        ("1.234.567,25", 1234567.25),
        ("0,5", 0.5),
        ("1234.5", 1234.5),
        ("12.50", 12.5),
        ("1.5", 1.5),
        ("1.2345", 1.2345),
        ("0.123", 0.123),  # a thousands group never starts with 0
        ("1234.567", 1234.567),  # four digits before the dot: no thousands notation
        ("-3", -3.0),
        ("-1.234,5", -1234.5),
        ("\u22122,5", -2.5),
        ("+7", 7.0),
        ("  42  ", 42.0),
        ("0", 0.0),
        ("", None),
        ("   ", None),
        ("-", None),
        (None, None),
        (17, 17.0),
        (12.25, 12.25),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text",
    ["abc", "1,234,567", "1.234,567.8", "12%", "1e3", "1.23.4", "1,2,3", ",5", "5,", "--3", True],
)
def test_parse_number_rejects_garbage(text):
    with pytest.raises(InvalidNumber) as info:
        parse_number(text)
    assert str(info.value) == f"geen getal: {text!r}"


@pytest.mark.parametrize(
    "serial, expected",
    [(1, date(1900, 1, 1)), (61, date(1900, 3, 1)), (43831, date(2020, 1, 1)), (44105, date(2020, 10, 1))],
)
def test_excel_serial_date(serial, expected):
    assert excel_serial_date(serial) == expected


def test_excel_serial_date_rejects_fractions():
    with pytest.raises(InvalidNumber):
        excel_serial_date(43831.5)


@pytest.mark.parametrize(
    "header, expected",
    [("a;b;c", ";"), ("a,b,c", ","), ("a\tb\tc", "\t"), ('"x, y";b;c', ";"), ("a", ";"), ("a,b;c", ";")],
)
def test_sniff_separator(header, expected):
    assert sniff_separator(header) == expected


def test_cp1252_semicolon_with_note_and_empty_rows():
    table = read_table(FIXTURES / "zes_rijen_cp1252_puntkomma.csv")
    assert table.encoding == "cp1252"
    assert table.separator == ";"
    assert table.headers[:3] == ("indicator", "variant", "gebied")
    assert table.original_headers[:3] == ("Indicator", "Variant", "Gebied")
    assert [r.number for r in table.rows] == [2, 3, 4, 5, 6, 7]
    assert table.rows[0].get("gebied") == "Súdwest-Fryslân"
    assert table.rows[1].get("gebied") == "Amsterdam"  # quotes removed
    assert table.rows[0].get("status") is None


def test_utf8_bom_header_is_clean():
    table = read_table(FIXTURES / "zes_rijen_utf8_bom_komma.csv")
    assert table.encoding == "utf-8"
    assert table.separator == ","
    assert table.headers[0] == "indicator"
    assert table.rows[0].get("gebied") == "Súdwest-Fryslân"


def test_quoted_field_with_separator_and_crlf(tmp_path):
    path = tmp_path / "quoted.csv"
    path.write_bytes(b'naam;toelichting\r\n"Bergen (NH.)";"a; b"\r\n')
    table = read_table(path)
    assert table.rows[0].cells == {"naam": "Bergen (NH.)", "toelichting": "a; b"}


def test_tab_separated_utf16_from_excel(tmp_path):
    path = tmp_path / "unicode.txt"
    path.write_bytes("Naam\tAantal\r\nSúdwest-Fryslân\t12\r\n".encode("utf-16"))
    table = read_table(path)
    assert table.separator == "\t"
    assert table.rows[0].cells == {"naam": "Súdwest-Fryslân", "aantal": "12"}


def test_header_normalised(tmp_path):
    path = tmp_path / "headers.csv"
    path.write_text("\ufeff  Gemeente  Code ;TELLER\n1;2\n", encoding="utf-8")
    table = read_table(path)
    assert table.headers == ("gemeente code", "teller")
    assert table.as_written("teller") == "TELLER"


def test_note_not_on_last_line_is_an_error(tmp_path):
    path = tmp_path / "note_in_middle.csv"
    path.write_text("a;b\n1;2\nBron: CBS\n3;4\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_table(path)
    assert [str(p) for p in info.value.problems] == [
        "note_in_middle.csv:3: bronvermelding of noot mag alleen op de laatste regel staan (waarde: 'Bron: CBS')"
    ]


def test_short_last_line_that_is_no_note_is_an_error(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("a;b;c\n1;2;3\n4;5\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_table(path)
    assert [str(p) for p in info.value.problems] == ["short.csv:3: rij heeft 2 velden, de kopregel heeft er 3 (waarde: '4')"]


def test_real_cbs_extract_shape(tmp_path):
    # The shape of CBS StatLine 84378NED (2019) as exported: cp1252, ';', note with as many fields.
    text = (
        "Naam;Code;Inwonertal\r\n"
        "Súdwest-Fryslân;GM1900;89583\r\n"
        "Bron: CBS;https://opendata.cbs.nl/statline/#/CBS/nl/dataset/84378NED/table;2019\r\n"
    )
    path = tmp_path / "gebieden.csv"
    path.write_bytes(text.encode("cp1252"))
    table = read_table(path)
    assert [r.cells for r in table.rows] == [{"naam": "Súdwest-Fryslân", "code": "GM1900", "inwonertal": "89583"}]


def test_duplicate_header_is_an_error(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("teller;Teller\n1;2\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_table(path)
    assert str(info.value.problems[0]) == "dup.csv:1:teller: kolomnaam 'teller' komt meer dan eens voor"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("weg.csv", None, "bestand niet gevonden"),
        ("cijfers.pdf", b"%PDF-1.4", "onbekend bestandstype '.pdf'; gebruik CSV, XLSX of Parquet"),
        ("kapot.xlsx", b"dit is geen zip", "beschadigd of geen echt Excel-bestand (.xlsx)"),
        ("kapot2.xlsx", b"PK\x03\x04 afgebroken", "beschadigd of geen echt Excel-bestand (.xlsx)"),
        ("oud.xls", b"\xd0\xcf\x11\xe0", "het oude Excel-formaat (.xls) wordt niet ondersteund; sla op als .xlsx of CSV"),
        ("leeg.csv", b"\r\n\r\n", "het bestand is leeg"),
        ("binair.csv", b"a;b\x00\x01", "dit is geen tekstbestand (CSV)"),
    ],
)
def test_unreadable_files(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_table(path)
    assert [(p.file, p.message) for p in info.value.problems] == [(name, message)]


def _workbook(path: Path) -> None:
    wb = Workbook()
    toelichting = wb.active
    toelichting.title = "Toelichting"
    toelichting["A1"] = "Zie het tweede blad"
    data = wb.create_sheet("Cijfers")
    data.append([])  # row 1 empty: the header is the first non-empty row
    data.append([" Gebied ", "Peildatum", "Aantal", "Serienummer"])
    data.append(["Súdwest-Fryslân", datetime(2020, 10, 1), 12.5, 44105])
    data.append([None, None, None, None])
    data.append(["Haarlem", datetime(2021, 10, 1), 3, None])
    data.append(["Bron: eigen registratie"])
    wb.save(path)


def test_xlsx_sheet_header_row_and_dates(tmp_path):
    path = tmp_path / "cijfers.xlsx"
    _workbook(path)
    table = read_table(path, sheet="Cijfers")
    assert table.sheet == "Cijfers"
    assert table.header_row == 2
    assert table.headers == ("gebied", "peildatum", "aantal", "serienummer")
    assert table.original_headers[0] == "Gebied"
    assert [(r.number, r.sheet) for r in table.rows] == [(3, "Cijfers"), (5, "Cijfers")]
    first = table.rows[0]
    assert first.get("peildatum") == datetime(2020, 10, 1)
    assert first.get("aantal") == 12.5
    assert excel_serial_date(first.get("serienummer")) == date(2020, 10, 1)


def test_xlsx_first_sheet_by_default(tmp_path):
    path = tmp_path / "cijfers.xlsx"
    _workbook(path)
    table = read_table(path)
    assert table.sheet == "Toelichting"
    assert table.headers == ("zie het tweede blad",)
    assert table.rows == ()


def test_xlsx_unknown_sheet(tmp_path):
    path = tmp_path / "cijfers.xlsx"
    _workbook(path)
    with pytest.raises(InputError) as info:
        read_table(path, sheet="Blad9")
    assert str(info.value.problems[0]) == "cijfers.xlsx: werkblad 'Blad9' bestaat niet (wel: Toelichting, Cijfers)"
