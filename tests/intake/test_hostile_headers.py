"""SQL in a header, for every import kind: a name is only ever a name. Each file carries a column whose
name closes a quote and runs SQL (writing a file, changing stored counts, dropping a table). The import
either refuses the file or ignores the column it does not know; either way every table that was in the
store holds what it held (apart from a legitimate import of the other columns) and no file was written.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kansrijk.areas import AreaRegistry
from kansrijk.catalogue import Catalogues
from kansrijk.errors import InputError
from kansrijk.intake.importer import import_aggregates
from kansrijk.intake.records import RECORD_TYPES, import_records
from kansrijk.programme.intake import import_programme
from kansrijk.programme.surveys import import_survey
from kansrijk.store import Store
from tests.intake.births import BIRTHS_HEADER, GOOD_BIRTHS

AREAS = AreaRegistry.load()
CATALOGUES = Catalogues.load()
HOSTILE = [
    "x\" AS y FROM (SELECT 1); COPY (SELECT 42) TO 'geschreven.txt' (FORMAT csv); --",
    "x\"); UPDATE aggregates SET numerator = 0; UPDATE rec_births SET gestational_age_days = 0; --",
    "x'; DROP TABLE imports; --",
]
GOOD = {
    "aggregates": ("indicator;gebied;periode;teller;noemer", "ks13;Haarlem;2019;60;1200"),
    "registry": ("feit;onderwerp;waarde;geldig vanaf", "coalitie;Haarlem;ja;01-01-2020"),
    "professionals": ("gemeente;jaar;bekend met aanbod;bekend met afspraken", "Haarlem;2020;ja;nee"),
    "births": (BIRTHS_HEADER, GOOD_BIRTHS[0]),
}


def _import(store: Store, kind: str, path: Path) -> None:
    if kind == "aggregates":
        import_aggregates(store, [path], CATALOGUES, AREAS)
    elif kind == "registry":
        import_programme(store, [path], AREAS)
    elif kind == "professionals":
        import_survey(store, "professionals", [path], AREAS)
    else:
        import_records(store, kind, [path], areas=AREAS)


def _tables(store: Store) -> dict[str, list[tuple[object, ...]]]:
    names = [r[0] for r in store.con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
    return {n: sorted(map(repr, store.con.execute(f'SELECT * FROM "{n}"').fetchall())) for n in names}


@pytest.mark.parametrize("header", HOSTILE)
@pytest.mark.parametrize("kind", list(GOOD))
def test_sql_in_a_header_never_runs(kind: str, header: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with Store.open(tmp_path / "s.duckdb") as store:
        for other, (head, row) in GOOD.items():  # something of every kind in the store first
            path = tmp_path / f"eerst-{other}.csv"
            path.write_text(f"{head}\n{row}\n", encoding="utf-8")
            _import(store, other, path)
        before = _tables(store)
        head, row = GOOD[kind]
        hostile = tmp_path / f"{kind}.csv"
        quoted = '"' + header.replace('"', '""') + '"'
        changed = row.replace("2019", "2018").replace("2020", "2021").replace("c1", "c2")
        hostile.write_text(f"{head};{quoted}\n{changed};1\n", encoding="utf-8")
        try:
            _import(store, kind, hostile)
        except InputError as exc:
            assert any("onbekende kolom" in str(p) for p in exc.problems)
            assert _tables(store) == before
        else:  # the unknown column was ignored: only the new import was added
            after = _tables(store)
            for table, rows in before.items():
                assert set(rows) <= set(after[table]), table
        assert not (tmp_path / "geschreven.txt").exists()
        assert "imports" in _tables(store) and set(RECORD_TYPES["births"].columns) <= {
            r[0] for r in store.con.execute("DESCRIBE rec_births").fetchall()}
