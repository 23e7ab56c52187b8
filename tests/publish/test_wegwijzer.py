"""The wegwijzer of a gemeente: one A4 page naming the gemeente and its local, regional and national
contacts (pdfinfo, pdftotext); contacts are imported all or nothing with every problem named."""

from __future__ import annotations

import re
import subprocess

import pytest
from click.testing import CliRunner

from kansrijk.catalogue import Catalogues
from kansrijk.cli import cli
from kansrijk.errors import InputError
from kansrijk.programme.contacts import import_contacts
from kansrijk.store import Store

HEADER = "gebied;thema;naam;telefoon;website;toelichting\n"
GOOD = (HEADER
        + "Ede;opvoeden;CJG Ede;0318 123 456;example.org/ede/cjg;Vragen over opvoeden.\n"
        + "Gelderland Midden;zwanger;JGZ regio;;https://example.org/gm/jgz;Een verpleegkundige komt langs.\n")


def test_wegwijzer_of_ede_is_one_page_with_local_regional_and_national_contacts(tmp_path):
    contacts = tmp_path / "contacten.csv"
    contacts.write_text(GOOD, encoding="utf-8")
    db, runner = tmp_path / "m.duckdb", CliRunner()
    result = runner.invoke(cli, ["import", "--db", str(db), "--kind", "contacts", "--no-compute", str(contacts)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["wegwijzer", "--db", str(db), "--area", "Ede", "--out", str(tmp_path / "uit")])
    assert result.exit_code == 0, result.output
    [pdf] = (tmp_path / "uit").glob("*.pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M) and re.search(r"^Tagged:\s+yes$", info, re.M)
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "Wegwijzer voor ouders in Ede" in text
    assert "CJG Ede (in Ede)" in text and "Bel 0318 123 456" in text  # local
    assert "JGZ regio (regio Gelderland Midden)" in text  # regional
    assert "Veilig Thuis (landelijk)" in text and "Bel 0800-2000" in text  # national
    assert "Synthetische" not in text  # nothing here is synthetic


def test_a_wegwijzer_is_for_a_gemeente(tmp_path):
    contacts = tmp_path / "contacten.csv"
    contacts.write_text(GOOD, encoding="utf-8")
    db, runner = tmp_path / "m.duckdb", CliRunner()
    assert runner.invoke(cli, ["import", "--db", str(db), "--kind", "contacts", "--no-compute", str(contacts)]).exit_code == 0
    result = runner.invoke(cli, ["wegwijzer", "--db", str(db), "--area", "Gelderland"])
    assert result.exit_code == 1 and "een wegwijzer is er per gemeente; Gelderland is een provincie" in result.output


def test_bad_contacts_are_named_and_nothing_is_imported(tmp_path, areas):
    good = tmp_path / "goed.csv"
    good.write_text(GOOD, encoding="utf-8")
    bad = tmp_path / "fout.csv"
    bad.write_text(HEADER
                   + "Atlantis;opvoeden;CJG;;example.org;\n"
                   + "Ede;hobby;Club;;example.org;\n"
                   + "Ede;geld;Loket;;;\n"
                   + "Ede;geld;Loket;bel ons;;\n"
                   + "Ede;geld;Loket;;javascript:alert(1);\n", encoding="utf-8")
    store = Store.open(":memory:")
    with pytest.raises(InputError) as caught:
        import_contacts(store, [good, bad], Catalogues.load(), areas)
    assert [(p.file, p.line, p.column, p.value) for p in caught.value.problems] == [
        ("fout.csv", 2, "gebied", "Atlantis"), ("fout.csv", 3, "thema", "hobby"), ("fout.csv", 4, "telefoon", ""),
        ("fout.csv", 5, "telefoon", "bel ons"), ("fout.csv", 6, "website", "javascript:alert(1)")]
    assert not store.table_exists("contacts") or not store.query("SELECT * FROM contacts")


def test_a_later_import_holds_the_contacts_of_the_areas_it_names(tmp_path, areas):
    from kansrijk.programme.contacts import contacts_for

    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(GOOD, encoding="utf-8")
    second.write_text(HEADER + "Ede;opvoeden;CJG Ede (nieuw);;example.org/ede/cjg2;\n", encoding="utf-8")
    store = Store.open(":memory:")
    import_contacts(store, [first], Catalogues.load(), areas)
    import_contacts(store, [second], Catalogues.load(), areas)
    names = [c.name for c in contacts_for(store, ["GM0228", "RGGM"]) if c.area_code != "NL01"]
    assert names == ["CJG Ede (nieuw)", "JGZ regio"]  # Ede's new list; the region's from the first file


def test_a_phone_number_typed_as_a_number_in_excel_is_refused(tmp_path, areas):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["gebied", "thema", "naam", "telefoon", "website", "toelichting"])
    sheet.append(["Ede", "opvoeden", "CJG Ede", 318123456, "", ""])  # 0318 123 456 as a number
    path = tmp_path / "contacten.xlsx"
    book.save(path)
    with pytest.raises(InputError) as caught:
        import_contacts(Store.open(":memory:"), [path], Catalogues.load(), areas)
    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.value) == (2, "telefoon", "318123456")
    assert "als tekst" in problem.message
