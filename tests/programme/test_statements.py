"""Statements for text indicators (gm13): imported as a whole or not at all, every problem named with
file, row, column and value; shown as text in the factsheet of the area and of the areas inside it."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kansrijk.catalogue import Catalogues
from kansrijk.cli import cli
from kansrijk.errors import InputError
from kansrijk.programme.statements import all_statements, import_statements
from kansrijk.store import Store

HEADER = "indicator;gebied;jaar;thema;bron;uitspraak\n"
GOOD = "gm13;Gelderland Midden;2023;Weten waar je terecht kunt;moeder, interview;Ik wist niet waar ik heen moest.\n"


def test_good_file_is_kept_as_text(tmp_path, areas):
    path = tmp_path / "uitspraken.csv"
    path.write_text(HEADER + GOOD + "gm13;Renkum;2023;MamaWegwijzer;vader, interview;Handig, die flyer.\n",
                    encoding="utf-8")
    store = Store.open(":memory:")
    [outcome] = import_statements(store, [path], Catalogues.load(), areas)
    assert outcome.rows == 2 and not outcome.skipped_as_duplicate
    found = {(s.area_code, s.theme, s.text) for s in all_statements(store)}
    assert found == {("RGGM", "Weten waar je terecht kunt", "Ik wist niet waar ik heen moest."),
                     ("GM0274", "MamaWegwijzer", "Handig, die flyer.")}
    [again] = import_statements(store, [path], Catalogues.load(), areas)
    assert again.skipped_as_duplicate and len(all_statements(store)) == 2


def test_bad_rows_name_file_row_column_and_value_and_nothing_is_imported(tmp_path, areas):
    good = tmp_path / "goed.csv"
    good.write_text(HEADER + GOOD, encoding="utf-8")
    bad = tmp_path / "fout.csv"
    bad.write_text(HEADER
                   + "gm01;Renkum;2023;Thema;bron;Een getal-indicator is geen tekst.\n"
                   + "gm13;Atlantis;2023;Thema;bron;Onbekend gebied.\n"
                   + "gm13;Renkum;23;Thema;bron;Geen jaar.\n"
                   + "gm13;Renkum;2023;;bron;Geen thema.\n"
                   + "gm13;Renkum;2023;Thema;bron;" + "x" * 1001 + "\n", encoding="utf-8")
    store = Store.open(":memory:")
    with pytest.raises(InputError) as caught:
        import_statements(store, [good, bad], Catalogues.load(), areas)
    found = [(p.file, p.line, p.column, p.value) for p in caught.value.problems]
    assert found == [("fout.csv", 2, "indicator", "gm01"), ("fout.csv", 3, "gebied", "Atlantis"),
                     ("fout.csv", 4, "jaar", "23"), ("fout.csv", 5, "thema", ""), ("fout.csv", 6, "uitspraak", "x" * 80)]
    assert "geen tekstindicator; kies uit gm13" in caught.value.problems[0].message
    assert all_statements(store) == []  # the good file was not imported either


def test_the_cli_imports_statements_and_the_factsheet_shows_them(tmp_path):
    path = tmp_path / "uitspraken.csv"
    path.write_text(HEADER + GOOD, encoding="utf-8")
    counts = tmp_path / "tellingen.csv"
    counts.write_text("indicator;gebied;periode;teller;noemer\ngm07.a;Renkum;2023;12;\n", encoding="utf-8")
    db, runner = tmp_path / "m.duckdb", CliRunner()
    for args in (["import", "--db", str(db), "--kind", "statements", str(path)],
                 ["import", "--db", str(db), str(counts)],
                 ["report", "--db", str(db), "--area", "Renkum", "--catalogue", "gm", "--format", "html",
                  "--out", str(tmp_path / "out")]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.output
    assert "1 uitspraak" in runner.invoke(cli, ["import", "--db", str(tmp_path / "n.duckdb"), "--kind",
                                                "statements", str(path)]).output
    [page] = (tmp_path / "out").glob("*.html")
    html = page.read_text(encoding="utf-8")
    assert "Uitspraken uit Gelderland Midden (2023)" in html  # Renkum lies in it
    assert "<blockquote><p>Ik wist niet waar ik heen moest.</p><footer>moeder, interview, 2023</footer>" in html
