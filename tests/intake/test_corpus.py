"""The corpus of bad and awkward files (``tests/fixtures/corpus``, written by its ``make_corpus.py``):
each file, through the route it would take, gives exactly the outcome stated here.

Routes: ``agg_`` the aggregate import (CLI limits), ``births_`` the record import into a store,
``registry_`` the programme facts, ``professionals_`` the professionals' questionnaire, ``upload_`` the
portal's upload check (its stricter limits). A refusal lists at most 100 problems per file, names
file, row and column in Dutch, and leaves the store as it was. Row numbers are those a spreadsheet
shows (header = row 1; a blank line counts), read off each file by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.errors import InputError
from kansrijk.intake.aggregates import parse_aggregates
from kansrijk.intake.records import import_records
from kansrijk.portal.validation import check_upload
from kansrijk.programme.intake import parse_programme
from kansrijk.programme.surveys import import_professionals
from kansrijk.store import Store

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"
AREAS = AreaRegistry.load()
CATALOGUES = Catalogues.load()
BIRTH_COLUMNS = ("child_id, mother_id, birth_date, gemeente_code, gestational_age_days, birth_weight_g, sex, "
                 "vital_status, death_date, start_care_ga_days, pregnancy_id")

# file -> number of rows imported, or the problems (as the CLI prints them) and how many there are.
ACCEPTED = {
    "agg_ok_semicolon_utf8.csv": 2,
    "agg_ok_comma_with_bom.csv": 2,
    "agg_ok_tab_separated.txt": 2,
    "agg_ok_cp1252_accents.csv": 1,
    "agg_ok_utf16_excel_unicode_text.txt": 2,
    "agg_ok_source_note_on_last_line.csv": 2,
    "agg_ok_blank_lines_between_rows.csv": 2,
    "agg_ok_quoted_name_with_separator.csv": 1,
    "agg_ok_thousands_separators.csv": 1,
    "agg_ok_crlf_line_ends.csv": 2,
    "agg_ok_status_privacy_from_source.csv": 1,
    "agg_ok_weesp_before_the_merger.csv": 1,
    "agg_ok_workbook.xlsx": 1,
    "agg_ok_sheet_claiming_a_million_rows.xlsx": 1,
    "births_ok_missing_weight_and_age.csv": 3,
    "births_ok_utf16.csv": 1,
    "births_ok_workbook.xlsx": 1,
}

REFUSED: dict[str, tuple[list[str], int]] = {
    "agg_empty_file.csv": (["agg_empty_file.csv: het bestand is leeg"], 1),
    "agg_only_blank_lines.csv": (["agg_only_blank_lines.csv: het bestand is leeg"], 1),
    "agg_header_only.csv": (["agg_header_only.csv:1: het bestand bevat geen gegevensrijen"], 1),
    "agg_missing_noemer_column.csv": (["agg_missing_noemer_column.csv:1: verplichte kolommen ontbreken: noemer "
                                       "(gevonden: indicator, gebied, periode, teller)"], 1),
    "agg_duplicate_column_name.csv": (["agg_duplicate_column_name.csv:1:teller: kolomnaam 'teller' komt meer dan "
                                       "eens voor"], 1),
    "agg_header_cell_without_name.csv": (["agg_header_cell_without_name.csv:1: kolom 3 in de kopregel heeft geen "
                                          "naam"], 1),
    "agg_row_with_too_few_fields.csv": (["agg_row_with_too_few_fields.csv:2: rij heeft 3 velden, de kopregel heeft "
                                         "er 5 (waarde: 'ks13')"], 1),
    "agg_source_note_in_the_middle.csv": (["agg_source_note_in_the_middle.csv:2: bronvermelding of noot mag alleen "
                                           "op de laatste regel staan (waarde: 'Bron: CBS')"], 1),
    "agg_unclosed_quote.csv": (["agg_unclosed_quote.csv:2: een aanhalingsteken wordt niet gesloten (het bestand "
                                "eindigt midden in een veld)"], 1),
    "agg_text_after_closing_quote.csv": (['agg_text_after_closing_quote.csv:2: ongeldig gebruik van '
                                          'aanhalingstekens (" midden in een veld)'], 1),
    "agg_cell_of_20000_characters.csv": (["agg_cell_of_20000_characters.csv:2: een veld is langer dan 10000 "
                                          "tekens"], 1),
    "agg_line_without_end.csv": (["agg_line_without_end.csv:2: regel 2 is langer dan 40000 tekens"], 1),
    "agg_nul_bytes.csv": (["agg_nul_bytes.csv: dit is geen tekstbestand (CSV)"], 1),
    "agg_undecodable_bytes.csv": (["agg_undecodable_bytes.csv: onbekende tekencodering; sla op als UTF-8 of "
                                   "Windows-1252"], 1),
    "agg_workbook_renamed_to_csv.csv": (["agg_workbook_renamed_to_csv.csv: dit is geen CSV-bestand maar een zip- of "
                                         "Excel-bestand"], 1),
    "agg_truncated_workbook.xlsx": (["agg_truncated_workbook.xlsx: beschadigd of geen echt Excel-bestand (.xlsx)"], 1),
    "agg_csv_renamed_to_xlsx.xlsx": (["agg_csv_renamed_to_xlsx.xlsx: beschadigd of geen echt Excel-bestand (.xlsx)"],
                                     1),
    "agg_old_excel_format.xls": (["agg_old_excel_format.xls: het oude Excel-formaat (.xls) wordt niet ondersteund; "
                                  "sla op als .xlsx of CSV"], 1),
    "agg_pdf_document.pdf": (["agg_pdf_document.pdf: onbekend bestandstype '.pdf'; gebruik CSV, XLSX of Parquet"], 1),
    "agg_zip_bomb_300_mb.xlsx": (["agg_zip_bomb_300_mb.xlsx: uitgepakt is dit Excel-bestand groter dan 200 MB; "
                                  "verdeel het over kleinere bestanden"], 1),
    "agg_300_columns.csv": (["agg_300_columns.csv:1: rij heeft meer dan 40 kolommen"], 1),
    "agg_bomb_under_the_size_limit.xlsx": (["agg_bomb_under_the_size_limit.xlsx[Sheet]:100002: werkblad heeft meer "
                                            "dan 100000 rijen"], 1),
    "agg_60_worksheets.xlsx": (["agg_60_worksheets.xlsx: het bestand heeft meer dan 50 werkbladen"], 1),
    "agg_period_in_the_future.csv": (["agg_period_in_the_future.csv:2:periode: periode 2031 ligt in de toekomst "
                                      "(waarde: '2031')"], 1),
    "agg_period_before_the_area_tables.csv": (["agg_period_before_the_area_tables.csv:2:periode: periode 1990 valt "
                                               "buiten de gemeentelijke indelingen 2015-2025 (waarde: '1990')"], 1),
    "agg_period_range_into_the_future.csv": (["agg_period_range_into_the_future.csv:2:periode: periode 2015-2030 ligt "
                                              "in de toekomst (waarde: '2015-2030')"], 1),
    "agg_period_running_backwards.csv": (["agg_period_running_backwards.csv:2:periode: periode loopt terug in de "
                                          "tijd: '2019-2015' (waarde: '2019-2015')"], 1),
    "agg_misspelt_gemeente.csv": (["agg_misspelt_gemeente.csv:2:gebied: onbekend gebied 'Amsterdm'; bedoelt u: "
                                   "Amsterdam, GGD Amsterdam? (waarde: 'Amsterdm')"], 1),
    "agg_3000_unknown_gemeenten.csv": ([f"agg_3000_unknown_gemeenten.csv:{n + 2}:gebied: onbekend gebied "
                                        f"'Nergenshuizen {n}' (waarde: 'Nergenshuizen {n}')" for n in range(100)]
                                       + ["agg_3000_unknown_gemeenten.csv: en nog 2900 probleem/problemen die niet "
                                          "getoond worden"], 3000),
    "agg_negative_count.csv": (["agg_negative_count.csv:2:teller: negatief getal (waarde: '-5')"], 1),
    "agg_numerator_above_denominator.csv": (["agg_numerator_above_denominator.csv:2:teller: teller is groter dan "
                                             "noemer (1300 > 1200) (waarde: '1300')"], 1),
    "agg_fraction_of_a_person.csv": (["agg_fraction_of_a_person.csv:2:teller: geen geheel aantal (deze indicator "
                                      "telt personen) (waarde: '60,5')"], 1),
    "agg_text_as_number.csv": (["agg_text_as_number.csv:2:teller: geen getal (waarde: 'zestig')"], 1),
    "agg_unknown_indicator.csv": (["agg_unknown_indicator.csv:2:indicator: onbekende indicator: 'ks99'; bedoelde je "
                                   "ks09? (zie `kansrijk indicators`) (waarde: 'ks99')"], 1),
    "agg_same_figure_twice.csv": (["agg_same_figure_twice.csv:3: dubbele rij: indicator, gebied en periode staan "
                                   "ook in rij 2 (waarde: 'ks13 GM0392 2019')"], 1),
    "agg_status_and_numbers.csv": (["agg_status_and_numbers.csv:2:status: status geen_data maar de rij heeft wel "
                                    "teller of noemer (waarde: 'geen data')"], 1),
    "agg_spreadsheet_formula_as_name.csv": (["agg_spreadsheet_formula_as_name.csv:2:gebied: onbekend gebied "
                                             "'=HYPERLINK(\"http://x.example\";\"klik\")' (waarde: "
                                             "'=HYPERLINK(\"http://x.example\";\"klik\")')"], 1),
    "agg_sql_as_name.csv": (["agg_sql_as_name.csv:2:gebied: onbekend gebied ''); DROP TABLE results; --' "
                             "(waarde: \"'); DROP TABLE results; --\")"], 1),
    "agg_weesp_after_the_merger.csv": (["agg_weesp_after_the_merger.csv:2:gebied: gemeente Weesp (GM0457) bestond "
                                        "niet in 2023; zij bestond tot en met 2022 en is opgegaan in Amsterdam "
                                        "(GM0363) (waarde: 'Weesp')"], 1),
    "births_sql_in_column_name.csv": (["births_sql_in_column_name.csv:x\" as y from (select 1); copy (select 1) to "
                                       f"'x.txt'; --: onbekende kolom; kolommen van births: {BIRTH_COLUMNS}"], 1),
    "births_sql_in_parquet_column.parquet": (
        [f"births_sql_in_parquet_column.parquet:{c}: verplichte kolom ontbreekt"
         for c in ("mother_id", "birth_date", "gemeente_code", "sex", "vital_status")]
        + ["births_sql_in_parquet_column.parquet:x\" ; update rec_births set sex = 'm'; --: onbekende kolom; "
           f"kolommen van births: {BIRTH_COLUMNS}"], 6),
    "births_blank_line_before_bad_row.csv": (["births_blank_line_before_bad_row.csv:4:gestational_age_days: geen "
                                              "geheel getal (waarde: '28x')"], 1),
    "births_truncated_line.csv": (["births_truncated_line.csv:3: rij heeft 3 velden, de kopregel heeft er 10"], 1),
    "births_unclosed_quote.csv": (["births_unclosed_quote.csv:3: een aanhalingsteken wordt niet gesloten (het "
                                   "bestand eindigt midden in een veld)"], 1),
    "births_corrupt.parquet": (["births_corrupt.parquet: beschadigd of geen echt Parquet-bestand"], 1),
    "births_header_only.csv": (["births_header_only.csv: het bestand bevat geen gegevensrijen"], 1),
    "births_cell_of_5000_characters.csv": (["births_cell_of_5000_characters.csv:2: regel 2 is langer dan 4000 "
                                            "tekens"], 1),
    "births_in_2031.csv": (["births_in_2031.csv:2:birth_date: jaar 2031 ligt in de toekomst (waarde: "
                            "'2031-03-01')"], 1),
    "births_in_2010.csv": (["births_in_2010.csv:2:birth_date: jaar 2010 valt buiten de gemeentelijke indelingen "
                            "2015-2025 (waarde: '2010-03-01')"], 1),
    "births_same_child_twice.csv": (["births_same_child_twice.csv:3:child_id: child_id komt vaker voor in dit "
                                     "bestand (eerst op rij 2) (waarde: 'c1')"], 1),
    "births_weight_out_of_range.csv": (["births_weight_out_of_range.csv:2:birth_weight_g: buiten het bereik 100 tot "
                                        "en met 7000 (waarde: '70000')"], 1),
    "births_unknown_column.csv": ([f"births_unknown_column.csv:postcode: onbekende kolom; kolommen van births: "
                                   f"{BIRTH_COLUMNS}"], 1),
    "registry_fact_dated_in_the_future.csv": (["registry_fact_dated_in_the_future.csv:2:geldig vanaf: datum 1-1-2031 "
                                               "ligt in de toekomst (waarde: '01-01-2031')"], 1),
    "registry_unknown_fact.csv": (["registry_unknown_fact.csv:2:feit: onbekend feit; kies uit impuls_tranche_1, "
                                   "impuls_tranche_2, impuls_tranche_3, coalitie, plan_van_aanpak, "
                                   "nnz_centrumgemeente, nnz_gestart, nnz_aangesloten, phb_jgz, phb_voor_week_15, "
                                   "phb_week_15_25, phb_na_week_25, overleg_sociaal, overleg_medisch, "
                                   "overleg_gemeente, voorzorg, "
                                   "stevig_ouderschap, centering_pregnancy, centering_parenting, "
                                   "aantal_verloskundigenpraktijken, aantal_jgz_organisaties (waarde: 'kaasplank')"],
                                  1),
    "professionals_year_in_the_future.csv": (["professionals_year_in_the_future.csv:2:jaar: periode 2031 ligt in de "
                                              "toekomst (waarde: '2031')"], 1),
    "upload_bomb_under_the_size_limit.xlsx": (["upload_bomb_under_the_size_limit.xlsx[Sheet]:20002: werkblad heeft "
                                               "meer dan 20000 rijen"], 1),
    "upload_20001_rows.csv": (["upload_20001_rows.csv:20002: bestand heeft meer dan 20000 rijen"], 1),
    "upload_zip_bomb_30_mb.xlsx": (["upload_zip_bomb_30_mb.xlsx: uitgepakt is dit Excel-bestand groter dan 20 MB; "
                                    "verdeel het over kleinere bestanden"], 1),
}


def _run(path: Path, folder: Path) -> int:
    """Send ``path`` along its route; the number of rows imported (InputError when refused)."""
    name = path.name
    if name.startswith("agg_"):
        return len(parse_aggregates(path, CATALOGUES, AREAS).rows)
    if name.startswith("upload_"):
        return len(check_upload(name, path.read_bytes(), folder, CATALOGUES, AREAS).file.rows)
    if name.startswith("registry_"):
        return len(parse_programme(path, AREAS).facts)
    with Store.open(folder / "s.duckdb") as store:
        try:
            if name.startswith("births_"):
                return sum(o.rows for o in import_records(store, "births", [path], areas=AREAS))
            return import_professionals(store, path, AREAS).rows
        except InputError:
            row = store.con.execute("SELECT count(*) FROM imports").fetchone()
            assert row == (0,), "a refused file left something behind"
            raise


def test_the_corpus_is_complete() -> None:
    files = {p.name for p in CORPUS.iterdir() if p.suffix != ".py"}
    assert files == set(ACCEPTED) | set(REFUSED)
    assert len(files) >= 60


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_accepted(name: str, tmp_path: Path) -> None:
    assert _run(CORPUS / name, tmp_path) == ACCEPTED[name]


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # where SQL smuggled into a file would write 'x.txt'
    expected, total = REFUSED[name]
    with pytest.raises(InputError) as info:
        _run(CORPUS / name, tmp_path)
    assert [str(p) for p in info.value.problems] == expected
    assert info.value.total == total
    assert not (tmp_path / "x.txt").exists()
