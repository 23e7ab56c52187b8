"""The library's front door: a Monitor imports, computes and publishes on the store it was opened on."""

from __future__ import annotations

from pathlib import Path

import pytest

from kansrijk.errors import InputError, StoreError, UnknownImportKind, UnknownIndicator
from kansrijk.monitor import Monitor
from kansrijk.publish.export import ResultFilter

COUNTS = """indicator;gebied;periode;teller;noemer
ks13;Haarlem;2019;60;1.200
ks13;Bloemendaal;2019;4;150
ks13;Heemstede;2019;70;1.000
ks13;Zandvoort;2019;30;800
"""


def _counts(tmp_path: Path) -> Path:
    path = tmp_path / "tellingen.csv"
    path.write_text(COUNTS, encoding="utf-8")
    return path


def test_import_compute_and_read_through_one_object(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    with Monitor.open(db, writable=True) as monitor:
        [outcome] = monitor.import_files("aggregates", [_counts(tmp_path)])
        assert (outcome.rows, outcome.skipped_as_duplicate) == (4, False)
        assert monitor.compute() > 4
        haarlem = monitor.published(ResultFilter(indicators=("ks13",), areas=("GM0392",)))
        assert haarlem["value"].tolist() == pytest.approx([100 * 60 / 1200])
        # Bloemendaal's 4 is below the threshold of 10: hidden, with its reason.
        bloemendaal = monitor.published(ResultFilter(indicators=("ks13",), areas=("GM0377",)))
        assert bloemendaal["status"].tolist() == ["te_klein"] and bloemendaal["value"].isna().all()
        [again] = monitor.import_files("aggregates", [_counts(tmp_path)])
        assert again.skipped_as_duplicate
    with Monitor.open(db) as reader:
        assert reader.location == str(db) and not reader.on_server
        [tile] = [t for t in reader.tiles("Haarlem") if t.indicator == "ks13"]
        assert tile.period_text == "2019"
        with pytest.raises(StoreError, match="alleen-lezen"):
            reader.import_files("aggregates", [_counts(tmp_path)])
        with pytest.raises(StoreError, match="alleen-lezen"):
            reader.compute()
        with pytest.raises(UnknownIndicator, match="ks99"):
            reader.audit(["ks99"])


def test_unknown_kinds_and_bad_files_are_refused_whole(tmp_path: Path) -> None:
    bad = tmp_path / "fout.csv"
    bad.write_text("indicator;gebied;periode;teller;noemer\nks13;Haarlem;2019;zestig;1200\n", encoding="utf-8")
    with Monitor.open(tmp_path / "m.duckdb", writable=True) as monitor:
        with pytest.raises(UnknownImportKind, match="programme"):
            monitor.import_files("geboortes", [bad])
        with pytest.raises(InputError) as caught:
            monitor.import_files("aggregates", [_counts(tmp_path), bad])
        assert "zestig" in str(caught.value)
        assert monitor.backend.store.imports() == []  # nothing of either file


def test_a_missing_store_is_not_created_by_a_reader(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="bestaat niet"):
        Monitor.open(tmp_path / "nergens.duckdb")
    assert not (tmp_path / "nergens.duckdb").exists()
