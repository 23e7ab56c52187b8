"""Recomputing only the measures whose inputs changed gives exactly what a whole recompute gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from kansrijk import pipeline
from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.disclosure import apply_disclosure
from kansrijk.errors import DisclosureError, StoreError
from kansrijk.intake.importer import import_aggregates
from kansrijk.intake.records import import_records
from kansrijk.pipeline import changed_measures, compute
from kansrijk.store import RESULT_COLUMNS, StagedResults, Store
from tests.intake.births import BIRTHS_HEADER, GOOD_BIRTHS, TwoGemeenten
from tests.server.stores import write_year_counts


def _rows(store: Store, table: str) -> list[tuple]:
    columns = ", ".join(f'"{c}"' for c in RESULT_COLUMNS)
    rows = store.con.execute(f"SELECT {columns} FROM {table}").fetchall()
    return sorted(rows, key=lambda r: tuple("" if v is None else str(v) for v in r))


def test_only_the_touched_measure_is_recomputed_and_the_rest_stands(
        tmp_path: Path, catalogues: Catalogues, areas: AreaRegistry) -> None:
    db = tmp_path / "a.duckdb"
    with Store.open(db) as store:
        import_aggregates(store, [write_year_counts(tmp_path / "ks08.csv", areas, "ks08", 2020),
                                  write_year_counts(tmp_path / "ks13.csv", areas, "ks13", 2021)],
                          catalogues, areas, synthetic=True)
        compute(store, catalogues, areas)
        before = {t: _rows(store, t) for t in ("results", "published")}
    whole = tmp_path / "b.duckdb"
    shutil.copyfile(db, whole)
    extra = write_year_counts(tmp_path / "ks13_2022.csv", areas, "ks13", 2022, seed=5)
    with Store.open(db) as part, Store.open(whole) as full:
        assert changed_measures(part, catalogues, areas) == frozenset()
        for store in (part, full):
            import_aggregates(store, [extra], catalogues, areas, synthetic=True)
        assert changed_measures(part, catalogues, areas) == {"ks13"}
        assert compute(part, catalogues, areas, only={"ks13"}) == compute(full, catalogues, areas)
        for table in ("results", "published"):
            got, expected = _rows(part, table), _rows(full, table)
            assert got == expected, table
            # ks08 kept its rows; ks13 gained 2022 (and its trend and pooled figures changed).
            ks08 = [r for r in got if r[0] == "ks08"]
            assert ks08 == [r for r in before[table] if r[0] == "ks08"]
            assert any(r[0] == "ks13" and r[6] == "2022" for r in got)
        # Nothing changed: nothing is recomputed and the rows stand.
        assert compute(part, catalogues, areas, only=set()) == len(_rows(part, "results"))
        assert _rows(part, "published") == _rows(full, "published")


def test_what_changed_is_known_only_for_aggregate_rows_and_the_same_definitions(
        tmp_path: Path, catalogues: Catalogues, areas: AreaRegistry) -> None:
    with Store.open(tmp_path / "c.duckdb") as store:
        counts = write_year_counts(tmp_path / "ks08.csv", areas, "ks08", 2020)
        import_aggregates(store, [counts], catalogues, areas, synthetic=True)
        assert changed_measures(store, catalogues, areas) is None  # never computed
        compute(store, catalogues, areas)
        assert changed_measures(store, catalogues, areas) == frozenset()
        # A removed import touches its measures too.
        store.con.execute("DELETE FROM aggregate_rows")
        store.con.execute("DELETE FROM imports")
        # ks08 is within ks11.c (the mother's debts among the parents'): with the vulnerable households.
        assert changed_measures(store, catalogues, areas) == {"ks08", "ks11.a", "ks11.b", "ks11.c", "ks11.d"}
        compute(store, catalogues, areas)
        # Measures whose definitions relate them (within) are protected, so recomputed, together; and
        # so are those whose populations nest in Big2's (population_within, followed through).
        import_aggregates(store, [write_year_counts(tmp_path / "vroeg.csv", areas, "ks12.vroeg", 2020)],
                          catalogues, areas, synthetic=True)
        assert changed_measures(store, catalogues, areas) == {
            "ks12.vroeg", "ks12.a", "ks12.klein", "ks12.b", "ks12.c", "ks12.d", "ks07", "hl01", "hl02", "hl03"}
        compute(store, catalogues, areas)
        births = tmp_path / "geboorten.csv"
        births.write_text("\n".join([BIRTHS_HEADER, *GOOD_BIRTHS]) + "\n", encoding="utf-8")
        import_records(store, "births", [births], areas=TwoGemeenten())
        assert changed_measures(store, catalogues, areas) is None  # records feed many measures
        compute(store, catalogues, areas)
        assert changed_measures(store, catalogues, areas) == frozenset()
        # Other definitions (here: one more catalogue) make every result stale.
        other = Catalogues.load([_stricter(tmp_path)])
        assert changed_measures(store, other, areas) is None


def _stricter(folder: Path) -> Path:
    """An extra catalogue: any change to the definitions will do."""
    path = folder / "extra.yaml"
    path.write_text(
        "catalogue: extra\nprefix: ex\nname: Extra\nversion: '1'\nsource_document: test\n"
        "disclosure: {threshold: 10, rounding: 0, complement: false}\nindicators:\n"
        "  - {id: ex01, name: Extra, short_name: Extra, type: uitkomst, action_lines: [2], goals: [4],\n"
        "     numerator: T, denominator: N, unit: percentage, polarity: lower_is_better, source: test,\n"
        "     reference: jaar, aggregation: sum, counts_persons: true, data: aggregate, pooled_years: [],\n"
        "     published: []}\n", encoding="utf-8")
    return path


def _tables(store: Store) -> set[str]:
    return {str(name) for (name,) in store.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}


def test_results_written_during_disclosure_control_are_replaced_whole_or_not_at_all(
        tmp_path: Path, catalogues: Catalogues, areas: AreaRegistry, monkeypatch) -> None:
    # The exact results are written while disclosure control checks; they replace the earlier ones
    # only together with the published figures.
    with Store.open(tmp_path / "d.duckdb") as store:
        import_aggregates(store, [write_year_counts(tmp_path / "ks08.csv", areas, "ks08", 2020)],
                          catalogues, areas, synthetic=True)
        compute(store, catalogues, areas)
        before = {t: _rows(store, t) for t in ("results", "published")}
        import_aggregates(store, [write_year_counts(tmp_path / "ks08_2021.csv", areas, "ks08", 2021, seed=3)],
                          catalogues, areas, synthetic=True)
        calls, staged, stage = [], [], store.stage_results

        def spied(results: pd.DataFrame) -> StagedResults:
            staged.append(stage(results))
            return staged[-1]

        def failing(*args, meanwhile, **kwargs):
            meanwhile()
            staged[0].wait()
            calls.append(StagedResults.TABLE in _tables(store))
            raise DisclosureError("stopped on purpose")

        monkeypatch.setattr(store, "stage_results", spied)
        monkeypatch.setattr(pipeline, "apply_disclosure", failing)
        with pytest.raises(DisclosureError):
            compute(store, catalogues, areas)
        assert calls == [True]  # written meanwhile, then dropped
        assert StagedResults.TABLE not in _tables(store)
        assert {t: _rows(store, t) for t in ("results", "published")} == before
        monkeypatch.undo()

        def not_stored(*args, **kwargs):
            raise StoreError("disk full")

        monkeypatch.setattr(store, "replace_results", not_stored)
        with pytest.raises(StoreError):
            compute(store, catalogues, areas)
        assert StagedResults.TABLE not in _tables(store)
        assert {t: _rows(store, t) for t in ("results", "published")} == before
        monkeypatch.undo()
        compute(store, catalogues, areas)
        assert StagedResults.TABLE not in _tables(store)
        after = _rows(store, "results")
        assert any(r[0] == "ks08" and r[6] == "2021" for r in after) and after != before["results"]


def test_the_work_meanwhile_is_done_once_whether_or_not_anything_is_checked(areas: AreaRegistry) -> None:
    catalogues = Catalogues.load()
    measures = {m.id: m for m in catalogues.measures() if m.id == "ks08"}
    frame = pd.DataFrame({"indicator": ["ks08"], "area_code": ["GM0363"], "period_start": [2020],
                          "period_end": [2020], "reference_date": [pd.NaT], "numerator": [40.0],
                          "denominator": [400.0], "status": ["gepubliceerd"], "region_code": [None],
                          "period": ["2020"], "area_level": ["gemeente"], "members_with_data": [1],
                          **{c: [None] for c in ("value", "lower", "upper", "lower_998", "upper_998",
                                                 "benchmark_nl", "benchmark_region", "trend")}})
    for rows in (frame, frame.assign(numerator=[4.0])):  # nothing small; a small count to protect
        calls = []
        apply_disclosure(rows, measures, areas, meanwhile=lambda: calls.append(True))
        assert calls == [True]
