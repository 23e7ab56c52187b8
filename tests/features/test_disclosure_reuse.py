"""A measure that did not change since the last edition is published as it was, without being checked
again; a measure that changed is checked again in full; measures checked in worker processes come out
as they do in one process.

The store is that of ``tests/pooled.py`` (GGD Fryslân, ks12.a and ks08, 2019-2023), whose small
gemeenten make both measures need secondary suppression. The checks are counted by wrapping the
per-measure step of secondary suppression.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import kansrijk.disclosure.secondary as secondary
import kansrijk.disclosure.workers as workers
import kansrijk.pipeline as pipeline
from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.pipeline import compute
from kansrijk.intake.importer import import_aggregates
from kansrijk.store import Store
from tests.pooled import LARGE, build_store

KEYS = ["indicator", "area_code", "period"]


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The measures secondary suppression checks, in order."""
    seen: list[str] = []
    original = secondary._one_measure

    def spy(part, rel, *args, **kwargs):  # noqa: ANN001, ANN202
        seen.append(rel.indicator)
        return original(part, rel, *args, **kwargs)

    monkeypatch.setattr(secondary, "_one_measure", spy)
    return seen


def _published(db: Path) -> pd.DataFrame:
    with Store.open(db, read_only=True) as store:
        frame = store.con.execute("SELECT * FROM published").df()
    return frame.sort_values(KEYS).reset_index(drop=True)


def test_an_unchanged_store_is_published_as_before_without_checks(tmp_path: Path, checked: list[str]) -> None:
    db = build_store(tmp_path)
    assert sorted(set(checked)) == ["ks08", "ks12.a"]  # the first edition checks both
    first = _published(db)
    assert (first["status"] == "privacy").any()
    checked.clear()
    with Store.open(db) as store:
        compute(store, Catalogues.load(), AreaRegistry.load())
    assert checked == []
    second = _published(db)
    pd.testing.assert_frame_equal(first.drop(columns=["computed_at"], errors="ignore"),
                                  second.drop(columns=["computed_at"], errors="ignore"))


def test_a_changed_measure_is_checked_again_and_the_other_is_not(tmp_path: Path, checked: list[str]) -> None:
    db = build_store(tmp_path)
    first = _published(db)
    checked.clear()
    correction = tmp_path / "correctie.csv"
    correction.write_text(f"indicator,gebied,periode,teller,noemer\nks08,{LARGE},2024,30,900\n", encoding="utf-8")
    with Store.open(db) as store:
        import_aggregates(store, [correction], Catalogues.load(), AreaRegistry.load(), synthetic=True)
        compute(store, Catalogues.load(), AreaRegistry.load())
    assert set(checked) == {"ks08"}
    second = _published(db)
    same = first[first["indicator"] == "ks12.a"].reset_index(drop=True)
    again = second[second["indicator"] == "ks12.a"].reset_index(drop=True)
    pd.testing.assert_frame_equal(same[KEYS + ["status", "numerator", "denominator"]],
                                  again[KEYS + ["status", "numerator", "denominator"]])


def test_a_store_from_before_results_existed_checks_everything(tmp_path: Path, checked: list[str]) -> None:
    db = build_store(tmp_path)
    copy = tmp_path / "kopie.duckdb"
    shutil.copyfile(db, copy)
    with Store.open(copy) as store:
        store.con.execute("DELETE FROM results")
        checked.clear()
        compute(store, Catalogues.load(), AreaRegistry.load())
    assert sorted(set(checked)) == ["ks08", "ks12.a"]


def test_measures_checked_in_worker_processes_are_hidden_alike(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # A large publication spreads its measures over processes; the publication must not depend on it.
    (tmp_path / "serial").mkdir()
    (tmp_path / "parallel").mkdir()
    serial = _published(build_store(tmp_path / "serial"))
    monkeypatch.setattr(secondary, "PARALLEL_FROM", 0)
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 2)
    started, start = [], workers.Workers.__init__

    def counted(self: workers.Workers, count: int) -> None:
        started.append(count)
        start(self, count)

    monkeypatch.setattr(workers.Workers, "__init__", counted)
    early = []

    def start_early() -> None:
        early.append(True)
        workers.start_early()

    monkeypatch.setattr(pipeline, "LARGE_INPUTS", 0)  # a large publication is coming: workers start early
    monkeypatch.setattr(pipeline, "start_early", start_early)
    parallel = _published(build_store(tmp_path / "parallel"))
    assert started == [2] and early
    # Where there is no fork server the processes are spawned (and load everything themselves).
    (tmp_path / "spawned").mkdir()
    monkeypatch.setattr(workers.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    spawned = _published(build_store(tmp_path / "spawned"))
    assert started == [2, 2]
    columns = KEYS + ["status", "numerator", "denominator"]
    pd.testing.assert_frame_equal(serial[columns], parallel[columns])
    pd.testing.assert_frame_equal(serial[columns], spawned[columns])
