"""Catalogue validation: one run reports every problem, each with file:line and its exact message.

Fixtures: tests/fixtures/catalogues/ (see the README there). Line numbers are those of the fixture file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kansrijk.catalogue import Catalogues
from kansrijk.catalogue_schema import ALL_FIELD_TABLES
from kansrijk.errors import CatalogueError

FIXTURES = Path(__file__).parent / "fixtures" / "catalogues"
DOCS = Path(__file__).resolve().parents[1] / "docs"

# The line of ks01 in the shipped national catalogue, found independently of the loader.
_KS01_LINE = next(n for n, line in enumerate(
    (Path(__file__).resolve().parents[1] / "src/kansrijk/data/catalogues/ks.yaml").read_text(encoding="utf-8").splitlines(),
    start=1) if line.strip() == "- id: ks01")

BROKEN_EXPECTED = [
    (4, "'version' moet tekst zijn, niet 2020"),
    (6, "disclosure: 'complement' moet true of false zijn, niet 'ja'"),
    (8, "xx1: verplicht veld 'polarity' ontbreekt"),
    (8, "id 'xx1' past niet bij het patroon xxNN (bijvoorbeeld xx01)"),
    (12, "xx1: actielijn 1 heeft geen doel in 'goals' (doel 1 of 2)"),
    (13, "xx1: doel 3 hoort bij actielijn 2, die ontbreekt in 'action_lines' [1]"),
    (16, "xx1: 'unit' moet een van percentage, per_1000, count, mean, text zijn, niet 'procent'"),
    (17, "xx1: onbekend veld 'polarty'; bedoelde je 'polarity'?"),
    (25, "xx1: published: 'value' moet een getal zijn (met een punt als decimaalteken), niet '15,6'"),
    (47, "xx02.a: computation.numerator: onbekende kolom 'pretrem' voor births; bedoelde je 'preterm'?"),
    (51, "xx02.a: 'kind' moet een van parts, variants zijn, niet 'varianten'"),
    (54, "xx02.a: published: waarde 30 past niet bij teller/noemer 59/275 (= 21.45)"),
    (55, "id 'xx03.b' past niet bij het patroon xx02.<achtervoegsel> (kleine letters, cijfers, _)"),
    (58, "xx03.b: computation: 'records' moet een van births, households, children, jgz zijn, niet 'birth'"),
    (60, "xx03.b: published: teller 300 is groter dan noemer 275"),
    (61, "id 'ks01' past niet bij het patroon xxNN (bijvoorbeeld xx01)"),
    (61, f"id 'ks01' komt twee keer voor (ook in ks.yaml:{_KS01_LINE})"),
    (70, "veld 'unit' staat er twee keer (ook op regel 69)"),
    (79, "ks01: published: 'period' is geen periode: 'twintig' (verwacht 2019, 2015-2019 of 2020-10-01)"),
    (79, "ks01: published: onbekende soort gebiedscode 'XX99' (NL01, GMnnnn, PVnn, GGnnnn, JZnn of RG...)"),
]


def _problems(*names: str) -> list:
    with pytest.raises(CatalogueError) as info:
        Catalogues.load([FIXTURES / n for n in names])
    return info.value.problems


def test_broken_catalogue_reports_every_problem_in_one_run():
    problems = _problems("broken.yaml")
    assert {Path(p.file).name for p in problems} == {"broken.yaml"}
    assert [(p.line, p.message) for p in problems] == BROKEN_EXPECTED


def test_error_text_has_file_and_line():
    with pytest.raises(CatalogueError) as info:
        Catalogues.load([FIXTURES / "broken.yaml"])
    lines = str(info.value).splitlines()
    assert lines[0] == "20 probleem/problemen in de indicatorcatalogi"
    assert lines[1] == f"{FIXTURES / 'broken.yaml'}:4: 'version' moet tekst zijn, niet 2020"


def test_yaml_syntax_error_is_a_problem_with_a_line():
    (problem,) = _problems("syntax_error.yaml")
    assert problem.line == 5  # the unclosed '[' runs to the end of the 4-line file
    assert problem.message.startswith("geen geldige YAML: ")


def test_problems_from_several_files_come_together():
    problems = _problems("broken.yaml", "syntax_error.yaml")
    assert {Path(p.file).name for p in problems} == {"broken.yaml", "syntax_error.yaml"}
    assert len(problems) == len(BROKEN_EXPECTED) + 1


def test_shipped_catalogues_have_no_problems():
    assert len(Catalogues.load()) == 4


def test_every_field_is_documented():
    text = (DOCS / "catalogue-format.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.M))
    for table, specs in ALL_FIELD_TABLES.items():
        missing = [s.name for s in specs if s.name not in documented and f"`{s.name}`" not in text]
        assert not missing, f"{table} fields missing from docs/catalogue-format.md: {missing}"


MAP_PERIOD_CATALOGUE = """\
catalogue: tt
name: Test
version: "2024"
source_document: test
disclosure: {threshold: 10, rounding: 0, complement: true}
indicators:
"""
MAP_PERIOD_INDICATOR = """\
  - id: {id}
    name: Test
    short_name: Test
    type: uitkomst
    action_lines: [2]
    goals: [3]
    numerator: teller
    denominator: noemer
    unit: percentage
    polarity: lower_is_better
    source: test
    reference: kalenderjaar
    aggregation: sum
    counts_persons: true
    data: aggregate
    pooled_years: {pooled}
    map_period: {map_period}
    published: []
"""


def _map_period_catalogue(tmp_path: Path, *indicators: tuple[str, str, str]) -> Path:
    text = MAP_PERIOD_CATALOGUE + "".join(
        MAP_PERIOD_INDICATOR.format(id=i, pooled=p, map_period=m) for i, p, m in indicators
    )
    path = tmp_path / "tt.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_map_period_is_a_choice_and_pooled_needs_pooled_years(tmp_path):
    path = _map_period_catalogue(tmp_path, ("tt01", "[]", "pooled"), ("tt02", "[5]", "laatste"))
    with pytest.raises(CatalogueError) as info:
        Catalogues.load([path])
    assert [(p.line, p.message) for p in info.value.problems] == [
        (23, "tt01: 'map_period: pooled' vraagt meerjarige cijfers: geef 'pooled_years' (bijvoorbeeld [5])"),
        (41, "tt02: 'map_period' moet een van latest, pooled zijn, niet 'laatste'"),
    ]


def test_map_period_defaults_to_latest_and_rare_indicators_map_pooled(tmp_path):
    path = _map_period_catalogue(tmp_path, ("tt01", "[5]", "pooled"))
    cats = Catalogues.load([path])
    assert cats.measure("tt01").map_period == "pooled"
    # hl03 is a 5-year figure (figure_period: pooled), so its map shows that window too
    assert {m.id for m in cats.measures() if m.map_period == "pooled"} == {"ks08", "ks10", "ks15", "hl01", "hl03", "vw01",
                                                                          "tt01"}
    assert {m.id for m in cats.measures() if m.figure_period == "pooled"} == {"hl03"}
    assert cats.measure("ks07").map_period == "latest"


def test_figure_period_pooled_needs_pooled_years_and_sets_the_map(tmp_path):
    text = MAP_PERIOD_CATALOGUE + "".join(
        MAP_PERIOD_INDICATOR.format(id=i, pooled=p, map_period="latest").replace(
            "    map_period: latest\n", "    figure_period: pooled\n") for i, p in (("tt01", "[]"), ("tt02", "[3]")))
    path = tmp_path / "tt.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as info:
        Catalogues.load([path])
    assert [p.message for p in info.value.problems] == [
        "tt01: 'figure_period: pooled' vraagt meerjarige cijfers: geef 'pooled_years' (bijvoorbeeld [5])"]
    path.write_text(text.replace("pooled_years: []", "pooled_years: [5]"), encoding="utf-8")
    measure = Catalogues.load([path]).measure("tt02")
    assert (measure.figure_period, measure.map_period) == ("pooled", "pooled")


@pytest.mark.parametrize("field", ["within", "population_within"])
def test_within_names_other_measures_of_the_loaded_catalogues(tmp_path, field):
    path = _map_period_catalogue(tmp_path, ("tt01", "[5]", "latest"), ("tt02", "[5]", "latest"))
    lines = path.read_text("utf-8").splitlines()
    at = [n for n, line in enumerate(lines) if line.strip() == "map_period: latest"]
    lines.insert(at[1] + 1, f"    {field}: [tt02, ks12.a, tt09]")
    lines.insert(at[0] + 1, f"    {field}: [tt02]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CatalogueError) as info:
        Catalogues.load([path])
    expected_line = at[1] + 3  # two lines inserted above it, counted from 1
    assert [(p.line, p.message) for p in info.value.problems] == [
        (expected_line, f"tt02: {field} noemt 'tt02', geen andere indicator van de catalogi"),
        (expected_line, f"tt02: {field} noemt 'tt09', geen andere indicator van de catalogi"),
    ]
    lines.pop(at[1] + 2)  # tt02's line, below the line inserted into tt01
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert getattr(Catalogues.load([path]).measure("tt01"), field) == ("tt02",)


def test_a_public_difference_names_a_measure_of_population_within(tmp_path):
    path = _map_period_catalogue(tmp_path, ("tt01", "[5]", "latest"), ("tt02", "[5]", "latest"))
    lines = path.read_text("utf-8").splitlines()
    at = [n for n, line in enumerate(lines) if line.strip() == "map_period: latest"]
    lines[at[0] + 1:at[0] + 1] = ["    population_within: [tt02]", "    public_difference: [tt02, ks12.a]"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CatalogueError) as info:
        Catalogues.load([path])
    assert [(p.line, p.message) for p in info.value.problems] == [
        (at[0] + 3, "tt01: public_difference noemt 'ks12.a', dat niet in population_within staat")]
    lines[at[0] + 2] = "    public_difference: [tt02]"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    measure = Catalogues.load([path]).measure("tt01")
    assert (measure.population_within, measure.public_difference) == (("tt02",), ("tt02",))
