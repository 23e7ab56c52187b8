"""record_counts: catalogue computations over the record views, grouped by gemeente and year.

The four Big2 definitions are those of Table 1 of the RIVM factsheet Monitor Kansrijke Start 2020 (all
births or live births; from 22+0 or from 24+0 weeks); expected counts are computed here in plain Python.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import kansrijk
from kansrijk.engine.records import record_counts
from kansrijk.errors import CatalogueError
from kansrijk.intake.records import import_records
from kansrijk.store import Store
from tests.catalogue_yaml import record_measures

HOFTIEZER_CSV = Path(kansrijk.__file__).parent / "data" / "references" / "hoftiezer_2019_birthweight_percentiles_by_day.csv"
with HOFTIEZER_CSV.open(encoding="utf-8") as _handle:
    P10 = {(r["sex"], int(r["ga_days"])): int(r["p10"]) for r in csv.DictReader(_handle)}


class TwoGemeenten:
    def carry_table(self) -> Iterator[tuple[int, str, str]]:
        for year in (2019, 2020):
            for code in ("GM0363", "GM0518"):
                yield (year, code, code)


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open(":memory:") as opened:
        yield opened


def big2(threshold: int, live_only: bool) -> dict[str, str]:
    alive = " AND live" if live_only else ""
    return {"records": "births", "area": "gemeente_code", "year": "year(birth_date)",
            "denominator": f"gestational_age_days >= {threshold}{alive}", "numerator": "preterm OR sga"}


# The four Big2 definitions of ks12.a-d, as measures tt01-tt04 of an inline test catalogue.
VARIANTS = {"tt01": big2(154, False), "tt02": big2(168, False), "tt03": big2(154, True), "tt04": big2(168, True)}

# (child, gemeente, year, days, sex, weight offset from P10 of min(days, 294) or absolute grams, stillborn)
BIRTHS = [
    ("a1", "GM0363", 2019, 153, "M", 300, False), ("a2", "GM0363", 2019, 154, "F", 320, True),
    ("a3", "GM0363", 2019, 161, "M", 0, False), ("a4", "GM0363", 2019, 161, "M", -1, True),
    ("a5", "GM0363", 2019, 167, "F", -1, True), ("a6", "GM0363", 2019, 168, "F", 0, True),
    ("a7", "GM0363", 2019, 258, "M", 0, False), ("a8", "GM0363", 2019, 259, "M", 0, False),
    ("a9", "GM0363", 2019, 259, "F", -1, False), ("a10", "GM0363", 2019, 294, "M", -1, False),
    ("a11", "GM0363", 2019, 300, "F", -1, False), ("a12", "GM0363", 2019, 300, "F", 0, False),
    ("b1", "GM0518", 2019, 280, "M", 200, False), ("b2", "GM0518", 2019, 280, "F", -1, True),
    ("b3", "GM0363", 2020, 275, "M", -40, False), ("b4", "GM0363", 2020, 240, "F", 500, False),
    ("b5", "GM0363", 2020, 290, "F", 10, False),
]


def weight(days: int, sex: str, offset: int) -> int:
    p10 = P10.get((sex, min(days, 294)))
    return offset if p10 is None else p10 + offset


def write_births(path: Path, rows: list[tuple[Any, ...]]) -> Path:
    lines = ["child_id;mother_id;birth_date;gemeente_code;gestational_age_days;birth_weight_g;sex;vital_status"]
    for child, gm, year, days, sex, offset, still in rows:
        status = "doodgeboren" if still else "levend"
        lines.append(f"{child};m{child};{date(year, 5, 1)};{gm};{days};{weight(days, sex, offset)};{sex};{status}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def expected_big2(threshold: int, live_only: bool) -> dict[tuple[str, int], tuple[int, int]]:
    num: Counter[tuple[str, int]] = Counter()
    den: Counter[tuple[str, int]] = Counter()
    for _child, gm, year, days, sex, offset, still in BIRTHS:
        if days < threshold or (live_only and still):
            continue
        p10 = P10.get((sex, min(days, 294)))
        small = p10 is not None and weight(days, sex, offset) < p10
        den[(gm, year)] += 1
        num[(gm, year)] += days < 259 or small
    return {key: (num[key], den[key]) for key in den}


def test_big2_four_variants_against_plain_python(store: Store, tmp_path: Path) -> None:
    import_records(store, "births", [write_births(tmp_path / "b.csv", BIRTHS)], areas=TwoGemeenten())
    counts = record_counts(store, record_measures(tmp_path, VARIANTS), None)
    assert list(counts.columns) == ["indicator", "area_code", "year", "numerator", "denominator", "synthetic"]
    for indicator, computation in VARIANTS.items():
        part = counts[counts["indicator"] == indicator]
        got = {(r.area_code, r.year): (r.numerator, r.denominator) for r in part.itertuples()}
        threshold = 154 if "154" in computation["denominator"] else 168
        assert got == expected_big2(threshold, "live" in computation["denominator"]), indicator
    # The hand count for GM0363 in 2019, all births from 22+0 weeks: 11 births, small or preterm are
    # a2..a7 (preterm), a9 (sga), a10 (sga), a11 (sga, day 294's centile) = 9.
    row = counts[(counts["indicator"] == "tt01") & (counts["area_code"] == "GM0363") & (counts["year"] == 2019)]
    assert (int(row["numerator"].iloc[0]), int(row["denominator"].iloc[0])) == (9, 11)
    assert not counts["synthetic"].any()


def test_synthetic_only_where_a_synthetic_import_contributes(store: Store, tmp_path: Path) -> None:
    real = [r for r in BIRTHS if r[1] == "GM0518"]
    synthetic = [r for r in BIRTHS if r[1] == "GM0363" and r[2] == 2020]
    import_records(store, "births", [write_births(tmp_path / "echt.csv", real)], areas=TwoGemeenten())
    import_records(store, "births", [write_births(tmp_path / "synth.csv", synthetic)], synthetic=True,
                   areas=TwoGemeenten())
    counts = record_counts(store, record_measures(tmp_path, {"tt01": VARIANTS["tt01"]}), None)
    flags = {(r.area_code, r.year): r.synthetic for r in counts.itertuples()}
    assert flags == {("GM0363", 2020): True, ("GM0518", 2019): False}


def test_measures_without_record_computation_are_skipped(store: Store, tmp_path: Path) -> None:
    counts = record_counts(store, record_measures(tmp_path, {"tt01": None, "tt02": None}), None)
    assert counts.empty and list(counts.columns)[:3] == ["indicator", "area_code", "year"]


def test_sql_that_does_not_compile_names_the_measure_with_file_and_line(store: Store, tmp_path: Path) -> None:
    # Known columns (the catalogue checks those), but not SQL: the engine names the measure and where it is.
    bad = dict(VARIANTS["tt01"], numerator="preterm OR OR sga")
    measures = record_measures(tmp_path, {"tt01": VARIANTS["tt01"], "tt02": bad, "tt03": bad})
    with pytest.raises(CatalogueError) as caught:
        record_counts(store, measures, None)
    [problem] = caught.value.problems
    assert problem.file == str(tmp_path / "test_catalogus.yaml") and problem.line == measures[1].line
    lines = (tmp_path / "test_catalogus.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[problem.line - 1].strip() == "- id: tt02"
    assert "indicator tt02: SQL van de berekening klopt niet" in str(problem)


def test_a_query_that_fails_as_it_runs_inside_a_transaction_blames_no_measure(store: Store, tmp_path: Path) -> None:
    # SQL that compiles but fails on the data (no square root of a negative number): inside a
    # transaction the failure leaves the transaction unusable, so compiling each measure on its own
    # cannot tell which one failed; the original error is raised, not a catalogue error about the
    # first measure.
    import duckdb

    import_records(store, "births", [write_births(tmp_path / "b.csv", BIRTHS)], areas=TwoGemeenten())
    failing = dict(VARIANTS["tt01"], numerator="sqrt(gestational_age_days - 1000) > 0")
    measures = record_measures(tmp_path, {"tt01": VARIANTS["tt01"], "tt02": failing})
    with pytest.raises(duckdb.OutOfRangeException), store.transaction():
        record_counts(store, measures, None)


def test_an_unknown_column_is_refused_when_the_catalogue_loads(tmp_path: Path) -> None:
    bad = dict(VARIANTS["tt01"], numerator="preterm OR nonexistent_column")
    with pytest.raises(CatalogueError, match="nonexistent_column"):
        record_measures(tmp_path, {"tt02": bad})


def test_missing_weight_and_gestational_age_follow_the_national_definition(store: Store, tmp_path: Path) -> None:
    # A child without a birth weight stays in the Big2 denominator and counts in the numerator only
    # when preterm; a child without a gestational age is in no denominator that selects on it.
    lines = ["child_id;mother_id;birth_date;gemeente_code;gestational_age_days;birth_weight_g;sex;vital_status",
             "w1;m1;2019-05-01;GM0363;250;;M;levend",   # preterm, no weight: numerator and denominator
             "w2;m2;2019-05-01;GM0363;280;;F;levend",   # term, no weight: denominator only
             "w3;m3;2019-05-01;GM0363;;3000;F;levend",  # no gestational age: in neither
             f"w4;m4;2019-05-01;GM0363;280;{P10[('M', 280)] - 1};M;levend"]  # term and small: both
    path = tmp_path / "b.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [outcome] = import_records(store, "births", [path], areas=TwoGemeenten())
    assert dict(outcome.missing) == {"gestational_age_days": 1, "birth_weight_g": 2, "start_care_ga_days": 4}
    counts = record_counts(store, record_measures(tmp_path, {"tt01": VARIANTS["tt01"]}), None)
    assert counts[["numerator", "denominator"]].values.tolist() == [[2, 3]]
