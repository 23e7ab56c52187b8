"""Record import: file formats, every check naming file:row:column:value, all-or-nothing, no duplicates."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kansrijk.errors import InputError, UnknownRecordType
from kansrijk.intake.records import MAX_PROBLEMS_PER_FILE, import_records
from kansrijk.store import Store
from tests.intake.births import BIRTHS_HEADER, GOOD_BIRTHS, TwoGemeenten

@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open(":memory:") as opened:
        yield opened


def write(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def births(store: Store) -> list[tuple[object, ...]]:
    return store.con.execute(
        "SELECT child_id, birth_date::VARCHAR, gemeente_code, gestational_age_days, vital_status, "
        "death_date::VARCHAR, start_care_ga_days, source_row FROM rec_births ORDER BY child_id"
    ).fetchall()


def test_semicolon_csv_is_imported_with_typed_values(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "geboorten.csv", [BIRTHS_HEADER, *GOOD_BIRTHS])
    [outcome] = import_records(store, "births", [path], areas=TwoGemeenten())
    assert (outcome.file_name, outcome.rows, outcome.skipped_as_duplicate) == ("geboorten.csv", 3, False)
    assert births(store) == [
        ("c1", "2019-03-01", "GM0363", 280, "levend", None, 60, 2),
        ("c2", "2019-03-02", "GM0363", 250, "levend", "2019-03-04", 75, 3),
        ("c3", "2020-01-05", "GM0518", 200, "doodgeboren", "2020-01-05", None, 4),
    ]
    [record] = store.imports()
    assert (record.kind, record.file_name, record.row_count, record.synthetic) == (
        "births", "geboorten.csv", 3, False)


def test_comma_csv_with_bom_and_cp1252_file(store: Store, tmp_path: Path) -> None:
    comma = [line.replace(";", ",") for line in [BIRTHS_HEADER, *GOOD_BIRTHS[:1]]]
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + "\n".join(comma).encode("utf-8") + b"\n")
    cp1252 = write(tmp_path / "oud.csv", [BIRTHS_HEADER, "c9;moeder-Zoë;2019-05-01;GM0518;281;3400;F;levend;;"],
                   encoding="cp1252")
    outcomes = import_records(store, "births", [bom, cp1252], areas=TwoGemeenten())
    assert [o.rows for o in outcomes] == [1, 1]
    mothers = store.con.execute("SELECT mother_id FROM rec_births ORDER BY child_id").fetchall()
    assert mothers == [("m1",), ("moeder-Zoë",)]


def test_parquet_file_is_imported(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "jgz.parquet"
    store.con.execute(
        "COPY (SELECT 'k1' AS child_id, DATE '2019-06-01' AS contact_date, 'GM0363' AS gemeente_code, "
        "'F' AS sex, 740 AS age_days, 88.5 AS height_cm, 12.25 AS weight_kg, '+' AS vw_zinnen, "
        f"'-' AS vw_lichaamsdelen) TO '{target}' (FORMAT parquet)"
    )
    [outcome] = import_records(store, "jgz", [target], areas=TwoGemeenten())
    assert outcome.rows == 1
    row = store.con.execute("SELECT contact_date::VARCHAR, age_days, height_cm, weight_kg, vw_lichaamsdelen "
                            "FROM rec_jgz").fetchone()
    assert row == ("2019-06-01", 740, 88.5, 12.25, "-")


def test_bad_rows_name_file_row_column_value_and_nothing_is_imported(store: Store, tmp_path: Path) -> None:
    good = write(tmp_path / "goed.csv", [BIRTHS_HEADER, *GOOD_BIRTHS])
    bad = write(tmp_path / "fout.csv", [
        BIRTHS_HEADER,
        "b1;m1;2019-03-01;GM0363;280;3500;M;levend;;60",
        "b2;m2;2019-02-30;GM0363;280;x;V;levend;;",
        "b1;m3;2019-03-03;GM9999;100;3500;F;dood;2019-03-01;",
        ";m4;2019-03-03;GM0363;280;3500;F;levend;;290",
    ])
    with pytest.raises(InputError) as caught:
        import_records(store, "births", [good, bad], areas=TwoGemeenten())
    found = [str(p) for p in caught.value.problems]
    assert found == [
        "fout.csv:3:birth_date: geen geldige datum (JJJJ-MM-DD) (waarde: '2019-02-30')",
        "fout.csv:3:birth_weight_g: geen geheel getal (waarde: 'x')",
        "fout.csv:3:sex: ongeldige waarde; toegestaan: M, F (waarde: 'V')",
        "fout.csv:4:child_id: child_id komt vaker voor in dit bestand (eerst op rij 2) (waarde: 'b1')",
        "fout.csv:4:gemeente_code: gemeentecode bestond niet in 2019 (waarde: 'GM9999')",
        "fout.csv:4:gestational_age_days: buiten het bereik 140 tot en met 315 (waarde: '100')",
        "fout.csv:4:vital_status: ongeldige waarde; toegestaan: levend, doodgeboren (waarde: 'dood')",
        "fout.csv:4:death_date: overlijdensdatum ligt vóór de geboortedatum (waarde: '2019-03-01')",
        "fout.csv:5:child_id: verplichte waarde ontbreekt",
        "fout.csv:5:start_care_ga_days: start van de zwangerschapszorg ligt na de geboorte "
        "(groter dan gestational_age_days) (waarde: '290')",
    ]
    assert store.imports() == []
    assert store.con.execute("SELECT count(*) FROM rec_births").fetchone() == (0,)


def test_reimporting_the_same_file_adds_nothing(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "geboorten.csv", [BIRTHS_HEADER, *GOOD_BIRTHS])
    import_records(store, "births", [path], areas=TwoGemeenten())
    copy = tmp_path / "kopie.csv"
    copy.write_bytes(path.read_bytes())
    again = import_records(store, "births", [path, copy], areas=TwoGemeenten())
    assert [(o.file_name, o.rows, o.skipped_as_duplicate) for o in again] == [
        ("geboorten.csv", 3, True), ("kopie.csv", 3, True)]
    assert store.con.execute("SELECT count(*) FROM rec_births").fetchone() == (3,)
    assert len(store.imports()) == 1


def test_same_file_twice_in_one_call_is_imported_once(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "geboorten.csv", [BIRTHS_HEADER, *GOOD_BIRTHS])
    outcomes = import_records(store, "births", [path, path], areas=TwoGemeenten())
    assert [(o.rows, o.skipped_as_duplicate) for o in outcomes] == [(3, False), (3, True)]
    assert store.con.execute("SELECT count(*) FROM rec_births").fetchone() == (3,)


def test_at_most_100_problems_per_file_plus_a_count(store: Store, tmp_path: Path) -> None:
    rows = [f"c{i};m;2019-03-01;GM0363;280;zwaar;M;levend;;" for i in range(130)]
    path = write(tmp_path / "veel.csv", [BIRTHS_HEADER, *rows])
    with pytest.raises(InputError) as caught:
        import_records(store, "births", [path], areas=TwoGemeenten())
    problems = caught.value.problems
    assert len(problems) == MAX_PROBLEMS_PER_FILE + 1 == 101
    assert (problems[0].line, problems[99].line) == (2, 101)
    assert str(problems[-1]) == "veel.csv: en nog 30 probleem/problemen die niet getoond worden"


def test_missing_and_unknown_columns(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "kolommen.csv", [
        "child_id;birth_year;gemeente_code;mother_debt;parent_debt;single_parent;inkomen",
        "c1;2019;GM0363;1;0;nee;12",
    ])
    with pytest.raises(InputError) as caught:
        import_records(store, "households", [path], areas=TwoGemeenten())
    assert [str(p) for p in caught.value.problems] == [
        "kolommen.csv:kraamzorg: verplichte kolom ontbreekt",
        "kolommen.csv:inkomen: onbekende kolom; kolommen van households: child_id, birth_year, "
        "gemeente_code, mother_debt, parent_debt, income_percentile, single_parent, kraamzorg",
    ]


def test_booleans_and_per_year_uniqueness(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "kinderen.csv", [
        "child_id,year,gemeente_code,youth_protection,residential_care",
        "c1,2019,GM0363,ja,true",
        "c1,2020,GM0363,0,NEE",
        "c1,2020,GM0518,1,misschien",
    ])
    with pytest.raises(InputError) as caught:
        import_records(store, "children", [path], areas=TwoGemeenten())
    assert [str(p) for p in caught.value.problems] == [
        "kinderen.csv:4:child_id: de combinatie child_id en year komt vaker voor in dit bestand "
        "(eerst op rij 3) (waarde: 'c1')",
        "kinderen.csv:4:residential_care: geen ja/nee-waarde (0/1, true/false, ja/nee) (waarde: 'misschien')",
    ]


def test_unknown_kind_is_refused(store: Store, tmp_path: Path) -> None:
    with pytest.raises(UnknownRecordType, match="onbekend soort records 'geboortes'"):
        import_records(store, "geboortes", [tmp_path / "x.csv"], areas=TwoGemeenten())


def test_synthetic_flag_is_recorded(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "synth.csv", [BIRTHS_HEADER, *GOOD_BIRTHS])
    import_records(store, "births", [path], synthetic=True, areas=TwoGemeenten())
    assert store.has_synthetic_input()
