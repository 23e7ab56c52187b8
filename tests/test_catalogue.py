"""The shipped catalogues and the catalogue API.

Expected values come from the seed documents: RIVM factsheet Monitor Kansrijke Start 2020 (ids
ks01-ks15, Table 1 for the Big2 variants, the 2019 preterm and small-for-gestational-age shares),
the TNO Gelderland Midden report (gm01-gm13) and the Haarlem memo (three local figures).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from kansrijk.catalogue import Catalogues, describe, render_markdown
from kansrijk.catalogue_schema import RECORD_COLUMNS
from kansrijk.errors import UnknownCatalogue, UnknownIndicator

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.fixture(scope="module")
def cats() -> Catalogues:
    return Catalogues.load()


def test_each_catalogue_loads_with_its_numbered_ids(cats):
    assert [c.key for c in cats] == ["ks", "gm", "haarlem", "vws"]
    assert [i.id for i in cats.indicators("ks")] == [f"ks{n:02d}" for n in range(1, 16)]
    assert [i.id for i in cats.indicators("gm")] == [f"gm{n:02d}" for n in range(1, 14)]
    assert [i.id for i in cats.indicators("haarlem")] == ["hl01", "hl02", "hl03"]
    assert [i.id for i in cats.indicators("vws")] == ["vw01", "vw02", "vw03", "vw04"]  # 001, chapter 5


def test_headers(cats):
    ks, gm = cats.catalogue("ks"), cats.catalogue("gm")
    assert ks.version == "2020"
    assert (ks.disclosure.threshold, ks.disclosure.rounding, ks.disclosure.complement) == (10, 0, True)
    assert gm.disclosure.rounding == 10  # Regiobeeld rounds counts to tens
    assert cats.catalogue("haarlem").prefix == "hl"


def test_indicator_types_follow_the_factsheet(cats):
    types = {i.id: i.type for i in cats.indicators("ks")}
    assert [k for k, t in types.items() if t == "programmabreed"] == ["ks01", "ks02"]
    assert [k for k, t in types.items() if t == "proces"] == ["ks03", "ks04", "ks05", "ks06", "ks09"]
    assert [k for k, t in types.items() if t == "uitkomst"] == [
        "ks07", "ks08", "ks10", "ks11", "ks12", "ks13", "ks14", "ks15"]


def test_big2_has_four_variants_with_table_1_values(cats):
    table_1 = {  # factsheet 2020, Tabel 1: (2018, 2019) in %
        "ks12.a": (16.0, 15.6),  # >= 22 weeks, all births (the factsheet's)
        "ks12.b": (15.7, 15.4),  # >= 24 weeks, all births (waarstaatjegemeente.nl)
        "ks12.c": (15.6, 15.2),  # >= 22 weeks, live births
        "ks12.d": (15.6, 15.2),  # >= 24 weeks, live births
    }
    variants = [m for m in cats.indicator("ks12").measures if m.kind == "variants"]
    assert [m.id for m in variants] == list(table_1)
    for m in variants:
        by_year = {f.period: f.value for f in m.published if f.area == "NL01"}
        assert (by_year["2018"], by_year["2019"]) == table_1[m.id]
        assert m.label


def test_big2_variant_filters_differ_only_in_the_denominator(cats):
    den = {m.variant: m.computation.denominator for m in cats.indicator("ks12").measures}
    assert den["a"] == "gestational_age_days >= 154"  # 22 weeks = 154 days
    assert den["b"] == "gestational_age_days >= 168"  # 24 weeks = 168 days
    assert den["c"] == "gestational_age_days >= 154 AND live"
    assert den["d"] == "gestational_age_days >= 168 AND live"
    assert {cats.measure(f"ks12.{v}").computation.numerator for v in "abcd"} == {"preterm OR sga"}


def test_big2_parts_use_the_factsheet_definition(cats):
    vroeg, klein = cats.measure("ks12.vroeg"), cats.measure("ks12.klein")
    assert (vroeg.kind, vroeg.computation.numerator, vroeg.published[0].value) == ("parts", "preterm", 6.9)
    assert (klein.computation.numerator, klein.published[0].value) == ("sga", 10.2)
    assert vroeg.computation.denominator == cats.measure("ks12.a").computation.denominator


def test_measures_resolve_inherited_fields(cats):
    m = cats.measure("gm08.phb")
    assert (m.indicator_id, m.variant, m.kind, m.catalogue) == ("gm08", "phb", "parts", "gm")
    assert (m.unit, m.source, m.definition_version, m.threshold, m.rounding) == (
        "percentage", "Projectpartner VGGM (JGZ)", "2024", 10, 0)
    assert cats.measure("gm05").rounding == 10  # the catalogue's rounding where no indicator overrides it
    assert m.action_lines == (2,)  # overridden; the indicator spans lines 2 and 3
    assert cats.measure("gm03.aandachtsfunctionarissen").counts_persons is False
    assert cats.measure("gm03.gesprekken").counts_persons is True


def test_single_indicator_is_its_own_measure(cats):
    ind = cats.indicator("ks07")
    assert not ind.has_measures
    (m,) = ind.measures
    assert (m.id, m.variant, m.kind) == ("ks07", "", "single")
    assert cats.measure("ks07") is m


def test_ks11_parts(cats):
    assert [m.id for m in cats.indicator("ks11").measures] == ["ks11.a", "ks11.b", "ks11.c", "ks11.d"]
    assert cats.measure("ks11.d").computation.numerator == "vulnerable_any"


def test_gm_published_numbers_from_the_report(cats):
    def fig(mid, area, period):
        (f,) = [f for f in cats.measure(mid).published if f.area == area and f.period == period]
        return f.value, f.numerator

    assert fig("gm08.phb", "RGGM", "2023") == (4.6, 257)
    assert fig("gm08.phb", "RGGMZ", "2023") == (4.2, 52)
    assert fig("gm08.voorzorg", "RGGM", "2023") == (1.1, 87)
    assert fig("gm08.so_prenataal", "RGGMZ", "2023") == (None, 16)
    assert [f.numerator for f in cats.measure("gm03.gesprekken").published] == [23, 121, 206, 237, 274]
    assert [f.numerator for f in cats.measure("gm07.a").published] == [195, 191, 147]
    assert [f.numerator for f in cats.measure("gm07.b").published] == [85, 66, 87]
    assert cats.measure("gm13").unit == "text" and cats.measure("gm13").computation is None


def test_haarlem_figures(cats):
    hl = {m.id: m for m in cats.measures("haarlem")}
    assert [(f.area, f.period, f.value) for f in hl["hl01"].published if f.area == "GM0392"] == [
        ("GM0392", "2017", 5.0), ("GM0392", "2018", 4.6), ("GM0392", "2019", 4.1)]
    assert hl["hl03"].unit == "per_1000"
    assert 5 in hl["hl03"].pooled_years


def test_unknown_ids_raise_with_a_dutch_message(cats):
    with pytest.raises(UnknownIndicator, match=r"onbekende indicator: 'ks12\.e'; bedoelde je ks12\.[a-d]\?"):
        cats.measure("ks12.e")
    with pytest.raises(UnknownIndicator, match="onbekende indicator: 'ks99'"):
        cats.indicator("ks99")
    with pytest.raises(UnknownCatalogue, match="onbekende catalogus: 'xx' \\(bekend: ks, gm, haarlem, vws\\)"):
        cats.catalogue("xx")


def test_measures_per_catalogue(cats):
    ks = cats.measures("ks")
    # 13 single indicators + ks11 (4 parts) + ks12 (4 variants + 2 parts)
    assert len(ks) == 13 + 4 + 6
    assert len(cats.measures()) == len(ks) + sum(len(cats.measures(k)) for k in ("gm", "haarlem", "vws"))


def test_load_is_cached():
    assert Catalogues.load() is Catalogues.load()


def test_describe_rows(cats):
    rows = describe(cats, "ks")
    assert len(rows) == 23
    row = next(r for r in rows if r["id"] == "ks15")
    assert (row["unit"], row["polarity"], row["records"], row["pooled_years"]) == (
        "per_1000", "lower_is_better", "children", [5])
    with pytest.raises(UnknownCatalogue):
        describe(cats, "xx")


_SQL_TYPES = {
    "birth_date": "DATE", "death_date": "DATE", "contact_date": "DATE", "gestational_age_days": "INTEGER",
    "birth_weight_g": "INTEGER", "start_care_ga_days": "INTEGER", "birth_year": "INTEGER",
    "income_percentile": "INTEGER", "year": "INTEGER", "age_days": "INTEGER", "height_cm": "DOUBLE",
    "weight_kg": "DOUBLE", "bmi": "DOUBLE", "child_id": "VARCHAR", "mother_id": "VARCHAR",
    "pregnancy_id": "VARCHAR", "gemeente_code": "VARCHAR", "sex": "VARCHAR", "vital_status": "VARCHAR",
    "vw_zinnen": "VARCHAR", "vw_lichaamsdelen": "VARCHAR",
}


def test_every_computation_is_valid_duckdb_sql(cats):
    con = duckdb.connect()
    for records, columns in RECORD_COLUMNS.items():
        cols = ", ".join(f'"{c}" {_SQL_TYPES.get(c, "BOOLEAN")}' for c in sorted(columns))
        con.execute(f"CREATE TABLE {records} ({cols})")
    for m in cats.measures():
        c = m.computation
        if c is None:
            continue
        con.execute(
            f"SELECT {c.area}, {c.year} AS y, count(*), count(*) FILTER (WHERE {c.numerator}) "
            f"FROM {c.records} WHERE {c.denominator} GROUP BY ALL"
        ).fetchall()


def test_docs_indicators_md_is_up_to_date(cats):
    checked_in = (DOCS / "indicators.md").read_text(encoding="utf-8")
    assert checked_in == render_markdown(cats), (
        "docs/indicators.md is stale: run .venv/bin/python -c "
        "'from kansrijk.catalogue import write_indicator_docs; write_indicator_docs()'"
    )


def test_catalogue_record_columns_exist_in_the_record_schemas_and_views():
    """The validator's column lists stay in step with the record schemas and the derived views."""
    from kansrijk.engine.records import DERIVED_COLUMNS, VIEW_OF
    from kansrijk.intake.records import RECORD_TYPES

    assert set(RECORD_COLUMNS) == set(RECORD_TYPES)
    for records, columns in RECORD_COLUMNS.items():
        known = set(RECORD_TYPES[records].columns) | set(DERIVED_COLUMNS[VIEW_OF[records]])
        assert columns <= known, sorted(columns - known)
